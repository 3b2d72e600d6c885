//! The one integration-test binary: a module per concern.

mod util;
mod entities_gold;
mod entities_nertrain;
mod entities_sentences;
