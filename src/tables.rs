//! Turns an [`IssueRecord`] into the rows of the four tables, with their stable ids.
//!
//! Code names each value's column; [`into_row`] puts the values in the schema's order, so
//! the schema files stay the single source of truth and a test catches any disagreement.

use crate::model::{EntitySpan, IssueRecord, NumberSpan};
use crate::schema::Table;
use crate::writers::{Row, Value};

/// Orders named values by the table's schema; a column the code does not set is null.
pub fn into_row(table: Table, values: Vec<(&'static str, Value)>) -> Row {
    let schema = table.schema();
    debug_assert_eq!(
        values.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        schema.names(),
        "code and schemas/{}.schema.json disagree",
        table.name()
    );
    let mut row = vec![Value::Null; schema.columns.len()];
    for (name, value) in values {
        if let Some(i) = schema.columns.iter().position(|c| c.name == name) {
            row[i] = value;
        }
    }
    row
}

fn int(n: usize) -> Value {
    Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

pub fn article_id(issue_id: &str, seq: usize) -> String {
    format!("{issue_id}-a{seq:02}")
}

/// Rows of all four tables for one issue, in output order.
pub struct IssueRows {
    pub issue: Row,
    pub articles: Vec<Row>,
    pub numbers: Vec<Row>,
    pub entities: Vec<Row>,
}

pub fn rows(rec: &IssueRecord) -> IssueRows {
    let mut articles = Vec::new();
    let mut numbers = Vec::new();
    let mut entities = Vec::new();
    for (i, e) in rec.entities.iter().enumerate() {
        let id = format!("{}-e{:03}", rec.issue_id, i + 1);
        entities.push(entity_row(rec, &id, "", i + 1, e));
    }
    for (i, a) in rec.articles.iter().enumerate() {
        let seq = i + 1;
        let aid = article_id(&rec.issue_id, seq);
        let art = &a.article;
        let text = art.text();
        let paragraphs = if text.is_empty() {
            0
        } else {
            art.paragraphs.len()
        };
        let chars = text.chars().count();
        articles.push(into_row(
            Table::Articles,
            vec![
                ("article_id", aid.clone().into()),
                ("issue_id", rec.issue_id.clone().into()),
                ("seq", int(seq)),
                ("kind", art.kind().as_str().into()),
                ("section", art.section.clone().into()),
                ("kicker", art.kicker.clone().into()),
                ("headline", art.headline.clone().into()),
                ("subheadline", art.subheadline.clone().into()),
                ("byline", art.byline.clone().into()),
                ("dateline", art.dateline.clone().into()),
                ("authors", art.authors().into()),
                ("subheads", art.subheads.clone().into()),
                ("text", text.into()),
                ("paragraphs", int(paragraphs)),
                ("chars", int(chars)),
                ("source_lines", art.source_lines().into()),
                ("flags", art.flag_names().into()),
            ],
        ));
        for (j, n) in a.numbers.iter().enumerate() {
            numbers.push(number_row(rec, &aid, j + 1, n));
        }
        for (j, e) in a.entities.iter().enumerate() {
            let id = format!("{aid}-e{:03}", j + 1);
            entities.push(entity_row(rec, &id, &aid, j + 1, e));
        }
    }
    let issue = into_row(
        Table::Issues,
        vec![
            ("issue_id", rec.issue_id.clone().into()),
            ("source", rec.source.clone().into()),
            ("sha256", rec.sha256.clone().into()),
            (
                "encoding",
                rec.encoding.map(|e| e.as_str().to_string()).into(),
            ),
            ("paper", rec.paper.clone().into()),
            ("date", rec.date.clone().map_or(Value::Null, Value::Date)),
            (
                "year",
                rec.year.map_or(Value::Null, |y| Value::Int(y.into())),
            ),
            (
                "chars",
                Value::Int(i64::try_from(rec.chars).unwrap_or(i64::MAX)),
            ),
            ("articles", int(articles.len())),
            ("numbers", int(numbers.len())),
            ("entities", int(entities.len())),
            ("furniture", rec.furniture.clone().into()),
            ("warnings", rec.warnings.clone().into()),
            (
                "status",
                if rec.error.is_some() { "error" } else { "ok" }.into(),
            ),
            ("error", rec.error.clone().into()),
        ],
    );
    IssueRows {
        issue,
        articles,
        numbers,
        entities,
    }
}

fn number_row(rec: &IssueRecord, aid: &str, seq: usize, n: &NumberSpan) -> Row {
    into_row(
        Table::Numbers,
        vec![
            ("number_id", format!("{aid}-n{seq:03}").into()),
            ("issue_id", rec.issue_id.clone().into()),
            ("article_id", aid.into()),
            ("seq", int(seq)),
            ("field", n.field.as_str().into()),
            ("start", int(n.start)),
            ("end", int(n.end)),
            ("surface", n.surface.clone().into()),
            ("kind", n.kind.as_str().into()),
            ("value", n.value.into()),
            ("value_max", n.value_max.into()),
            ("unit", n.unit.clone().into()),
            (
                "qualifier",
                n.qualifier.map(|q| q.as_str().to_string()).into(),
            ),
            ("date", n.date.clone().into()),
            ("context", n.context.clone().into()),
        ],
    )
}

fn entity_row(rec: &IssueRecord, id: &str, aid: &str, seq: usize, e: &EntitySpan) -> Row {
    into_row(
        Table::Entities,
        vec![
            ("entity_id", id.into()),
            ("issue_id", rec.issue_id.clone().into()),
            ("article_id", aid.into()),
            ("seq", int(seq)),
            ("field", e.field.as_str().into()),
            ("start", int(e.start)),
            ("end", int(e.end)),
            ("surface", e.surface.clone().into()),
            ("type", e.kind.as_str().into()),
            ("role", e.role.map(|r| r.as_str().to_string()).into()),
            ("title", e.title.clone().into()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Article, ArticleRecord, EntityType, Field, NumberKind};

    /// Every table's code sets exactly the schema's columns (the debug assertion in
    /// `into_row` fires otherwise).
    #[test]
    fn code_and_schema_columns_agree() {
        let rec = IssueRecord {
            issue_id: "x".into(),
            articles: vec![ArticleRecord {
                article: Article {
                    paragraphs: vec!["正文。".into()],
                    lines: vec![1],
                    ..Article::default()
                },
                numbers: vec![NumberSpan {
                    field: Field::Text,
                    start: 0,
                    end: 1,
                    surface: "正".into(),
                    kind: NumberKind::Cardinal,
                    value: Some(1.0),
                    value_max: None,
                    unit: None,
                    qualifier: None,
                    date: None,
                    context: "正文。".into(),
                }],
                entities: vec![EntitySpan {
                    field: Field::Text,
                    line: 0,
                    start: 0,
                    end: 2,
                    surface: "正文".into(),
                    kind: EntityType::Term,
                    role: None,
                    title: None,
                }],
            }],
            ..IssueRecord::default()
        };
        let rows = rows(&rec);
        assert_eq!(rows.issue.len(), Table::Issues.schema().columns.len());
        assert_eq!(rows.articles[0][0], Value::Str("x-a01".into()));
        assert_eq!(rows.numbers[0][0], Value::Str("x-a01-n001".into()));
        assert_eq!(rows.entities[0][0], Value::Str("x-a01-e001".into()));
    }
}
