//! Layout repair for the articles stage: broken paragraphs, orphan headlines, duplicated
//! fragments, out-of-order fragments (extraction.md §4).
