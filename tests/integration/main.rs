//! The one integration-test binary: a module per concern.

mod bad_input;
mod cli;
mod contract;
mod determinism;
mod encodings;
mod entities_gold;
mod entities_nertrain;
mod entities_sentences;
mod gold;
mod hostile;
mod numbers_cases;
mod numbers_gold;
mod pages;
mod parquet;
mod properties;
mod robust;
mod util;
