//! The one integration-test binary: a module per concern.

mod numbers_cases;
mod numbers_gold;
mod util;
