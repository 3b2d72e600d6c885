//! Stage 4, articles: classified blocks → articles in reading order (extraction.md §4).

mod repair;

use crate::model::{Article, ArticleKind, Block, Layout};

/// Assembles blocks into articles and repairs layout damage.
pub fn assemble(blocks: &[Block]) -> Layout {
    let mut article = Article {
        kind: Some(ArticleKind::Other),
        ..Article::default()
    };
    for b in blocks {
        article.paragraphs.push(b.text.clone());
        article.lines.push(b.line);
    }
    let articles = if article.paragraphs.is_empty() {
        vec![]
    } else {
        vec![article]
    };
    Layout {
        articles,
        ..Layout::default()
    }
}
