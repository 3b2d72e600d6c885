//! Stage 3, blocks: normalized lines → classified blocks (extraction.md §3).

use crate::model::{Block, BlockClass, Page};

/// Splits a page into blocks (non-empty lines) and classifies each.
pub fn classify(page: &Page) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut blanks = 0;
    for line in &page.lines {
        if line.text.is_empty() {
            blanks += 1;
            continue;
        }
        blocks.push(Block {
            line: line.no,
            text: line.text.clone(),
            class: BlockClass::Body,
            blank_before: blanks,
        });
        blanks = 0;
    }
    blocks
}
