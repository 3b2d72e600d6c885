//! The contract every converted (or failed) issue keeps, whatever its input: checked by the
//! property tests, the robustness tests and the fuzz target (`examples/fuzz_pipeline.rs`
//! includes this file by path, so it uses only the `baozhi` library).

use std::collections::{BTreeMap, HashSet};

use baozhi::model::{Field, IssueRecord};
use baozhi::tables;
use baozhi::writers::Value;

/// Code points `start..end` of `text`, when that is a non-empty range inside it.
pub fn slice(text: &str, start: usize, end: usize) -> Option<String> {
    (start < end && end <= text.chars().count())
        .then(|| text.chars().skip(start).take(end - start).collect())
}

/// A record keeps the contract: an error is one non-empty line and comes with no articles;
/// every number and entity span indexes its field (`field[start..end] == surface`, code
/// points); issue-level entities index a furniture line; row ids are unique.
pub fn check_record(rec: &IssueRecord) -> Result<(), String> {
    if let Some(e) = &rec.error {
        if e.is_empty() || e.contains('\n') {
            return Err(format!("error is not one line: {e:?}"));
        }
        if !rec.articles.is_empty() {
            return Err("an error record has articles".into());
        }
    }
    for (i, a) in rec.articles.iter().enumerate() {
        let spans = a
            .numbers
            .iter()
            .map(|n| (n.field, n.start, n.end, &n.surface))
            .chain(
                a.entities
                    .iter()
                    .map(|e| (e.field, e.start, e.end, &e.surface)),
            );
        for (field, start, end, surface) in spans {
            let text = a.article.field(field).unwrap_or_default();
            if slice(&text, start, end).as_ref() != Some(surface) {
                return Err(format!(
                    "article {}: {}[{start}..{end}] is not {surface:?} in {text:?}",
                    i + 1,
                    field.as_str()
                ));
            }
        }
    }
    for e in &rec.entities {
        let line = rec.furniture.get(e.line).cloned().unwrap_or_default();
        if e.field != Field::Furniture || slice(&line, e.start, e.end).as_ref() != Some(&e.surface)
        {
            return Err(format!(
                "issue-level entity {:?} does not index furniture line {} {line:?}",
                e.surface, e.line
            ));
        }
    }
    let rows = tables::rows(rec);
    let mut ids = HashSet::new();
    for row in rows
        .articles
        .iter()
        .chain(&rows.numbers)
        .chain(&rows.entities)
    {
        if let Some(Value::Str(id)) = row.first() {
            if !ids.insert(id.clone()) {
                return Err(format!("duplicate id {id}"));
            }
        }
    }
    Ok(())
}

/// Code points that carry content (CJK ideographs, ASCII letters and digits) of the
/// normalized text, counted. Markers (■), dashes, brackets and spaces may legitimately go
/// from a page to its tables; content may not.
pub fn content_chars(text: &str) -> BTreeMap<char, usize> {
    let mut counts = BTreeMap::new();
    for c in baozhi::stages::normalize::normalize_line(text).chars() {
        if c.is_ascii_alphanumeric() || ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            *counts.entry(c).or_insert(0) += 1;
        }
    }
    counts
}
