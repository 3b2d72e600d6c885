//! The one integration-test binary: a module per concern.

mod bad_input;
mod cli;
mod contract;
mod determinism;
mod encodings;
mod parquet;
mod properties;
mod robust;
mod util;
