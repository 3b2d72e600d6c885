//! Stage 6, entities: article fields and furniture → entity mentions (extraction.md §6).

use crate::model::{Article, EntitySpan, EntityType};

/// Holds what is costly to build (dictionaries, lexicons); build once, share by reference.
pub struct EntityExtractor {
    lexicon: Vec<(String, EntityType)>,
}

impl EntityExtractor {
    /// `lexicon`: user entries (`--lexicon`), surface and type.
    pub fn new(lexicon: Vec<(String, EntityType)>) -> Self {
        EntityExtractor { lexicon }
    }

    /// Mentions in one article's fields.
    pub fn article(&self, article: &Article) -> Vec<EntitySpan> {
        let _ = (article, &self.lexicon);
        Vec::new()
    }

    /// Issue-level mentions in the furniture lines.
    pub fn furniture(&self, lines: &[String]) -> Vec<EntitySpan> {
        let _ = lines;
        Vec::new()
    }
}
