//! The one integration-test binary: a module per concern.

mod bad_input;
mod cli;
mod contract;
mod determinism;
mod encodings;
mod entities_gold;
mod entities_model;
mod entities_nertrain;
mod entities_sentences;
mod generated_pages;
mod generator;
mod gold;
mod hostile;
mod inspect;
mod issue_dates;
mod numbers_cases;
mod numbers_gold;
mod numbers_heldout;
mod pages;
mod parquet;
mod partition;
mod properties;
mod robust;
mod util;
