//! The one integration-test binary: a module per concern.

mod entities_gold;
mod entities_nertrain;
mod entities_sentences;
mod util;
