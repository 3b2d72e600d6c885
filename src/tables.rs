//! Turns an [`IssueRecord`] into the rows of the four tables, with their stable ids.
//!
//! Code names each value's column; [`into_row`] puts the values in the schema's order, so
//! the schema files stay the single source of truth and a test catches any disagreement.

use crate::model::{EntitySpan, IssueRecord, NumberSpan};
use crate::schema::Table;
use crate::writers::{Row, Value};

/// Orders named values by the table's schema; a column the code does not set is null.
pub fn into_row<'a>(table: Table, values: Vec<(&'static str, Value<'a>)>) -> Row<'a> {
    let schema = table.schema();
    debug_assert_eq!(
        values.iter().map(|(n, _)| *n).collect::<Vec<_>>(),
        schema.names(),
        "code and schemas/{}.schema.json disagree",
        table.name()
    );
    let mut row = vec![Value::Null; schema.columns.len()];
    for (k, (name, value)) in values.into_iter().enumerate() {
        // Code lists columns in schema order: try the k-th column before searching.
        let i = match schema.columns.get(k) {
            Some(c) if c.name == name => Some(k),
            _ => schema.columns.iter().position(|c| c.name == name),
        };
        if let Some(i) = i {
            row[i] = value;
        }
    }
    row
}

fn int(n: usize) -> Value<'static> {
    Value::Int(i64::try_from(n).unwrap_or(i64::MAX))
}

fn date(d: Option<chrono::NaiveDate>) -> Value<'static> {
    d.map_or(Value::Null, |d| {
        Value::Date(d.format("%Y-%m-%d").to_string().into())
    })
}

pub fn article_id(issue_id: &str, seq: usize) -> String {
    format!("{issue_id}-a{seq:02}")
}

/// Rows of all four tables for one issue, in output order.
pub struct IssueRows<'a> {
    pub issue: Row<'a>,
    pub articles: Vec<Row<'a>>,
    pub numbers: Vec<Row<'a>>,
    pub entities: Vec<Row<'a>>,
}

pub fn rows(rec: &IssueRecord) -> IssueRows<'_> {
    let mut articles = Vec::new();
    let mut numbers = Vec::new();
    let mut entities = Vec::new();
    for (i, e) in rec.entities.iter().enumerate() {
        let id = format!("{}-e{:03}", rec.issue_id, i + 1);
        entities.push(entity_row(rec, id, "", i + 1, e));
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
                ("issue_id", rec.issue_id.as_str().into()),
                ("seq", int(seq)),
                ("kind", art.kind().as_str().into()),
                ("section", art.section.as_ref().into()),
                ("kicker", art.kicker.as_ref().into()),
                ("headline", art.headline.as_ref().into()),
                ("subheadline", art.subheadline.as_ref().into()),
                ("byline", art.byline.as_ref().into()),
                ("dateline", art.dateline.as_ref().into()),
                ("authors", art.authors().into()),
                ("subheads", art.subheads.as_slice().into()),
                ("text", text.into()),
                ("paragraphs", int(paragraphs)),
                ("chars", int(chars)),
                ("source_lines", art.source_lines().into()),
                ("flags", art.flag_names().into()),
                ("confidence", Some(art.confidence).into()),
            ],
        ));
        for (j, n) in a.numbers.iter().enumerate() {
            numbers.push(number_row(rec, &aid, j + 1, n));
        }
        for (j, e) in a.entities.iter().enumerate() {
            let id = format!("{aid}-e{:03}", j + 1);
            entities.push(entity_row(rec, id, &aid, j + 1, e));
        }
    }
    let issue = into_row(
        Table::Issues,
        vec![
            ("issue_id", rec.issue_id.as_str().into()),
            ("source", rec.source.as_str().into()),
            ("sha256", rec.sha256.as_str().into()),
            (
                "encoding",
                rec.encoding.map_or(Value::Null, |e| e.as_str().into()),
            ),
            ("paper", rec.paper.as_ref().into()),
            (
                "date",
                rec.date
                    .as_deref()
                    .map_or(Value::Null, |d| Value::Date(d.into())),
            ),
            (
                "date_source",
                rec.date_source.map_or(Value::Null, |s| s.as_str().into()),
            ),
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
            ("furniture", rec.furniture.as_slice().into()),
            ("warnings", rec.warnings.as_slice().into()),
            (
                "status",
                if rec.error.is_some() { "error" } else { "ok" }.into(),
            ),
            ("error", rec.error.as_ref().into()),
        ],
    );
    IssueRows {
        issue,
        articles,
        numbers,
        entities,
    }
}

fn number_row<'a>(rec: &'a IssueRecord, aid: &str, seq: usize, n: &'a NumberSpan) -> Row<'a> {
    into_row(
        Table::Numbers,
        vec![
            ("number_id", format!("{aid}-n{seq:03}").into()),
            ("issue_id", rec.issue_id.as_str().into()),
            ("article_id", aid.to_string().into()),
            ("seq", int(seq)),
            ("field", n.field.as_str().into()),
            ("start", int(n.start)),
            ("end", int(n.end)),
            ("surface", n.surface.as_str().into()),
            ("kind", n.kind.as_str().into()),
            ("value", n.value.into()),
            ("value_max", n.value_max.into()),
            ("unit", n.unit.as_ref().into()),
            ("currency", n.currency.map_or(Value::Null, Value::from)),
            (
                "qualifier",
                n.qualifier.map_or(Value::Null, |q| q.as_str().into()),
            ),
            ("date", n.date.as_ref().into()),
            ("date_start", date(n.date_start)),
            ("date_end", date(n.date_end)),
            ("context", n.context.as_str().into()),
        ],
    )
}

fn entity_row<'a>(
    rec: &'a IssueRecord,
    id: String,
    aid: &str,
    seq: usize,
    e: &'a EntitySpan,
) -> Row<'a> {
    into_row(
        Table::Entities,
        vec![
            ("entity_id", id.into()),
            ("issue_id", rec.issue_id.as_str().into()),
            ("article_id", aid.to_string().into()),
            ("seq", int(seq)),
            ("field", e.field.as_str().into()),
            ("start", int(e.start)),
            ("end", int(e.end)),
            ("surface", e.surface.as_str().into()),
            ("type", e.kind.as_str().into()),
            ("role", e.role.map_or(Value::Null, |r| r.as_str().into())),
            ("title", e.title.as_ref().into()),
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
                    date_start: None,
                    date_end: None,
                    currency: None,
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
        assert_eq!(rows.articles[0][0], Value::from("x-a01"));
        assert_eq!(rows.numbers[0][0], Value::from("x-a01-n001"));
        assert_eq!(rows.entities[0][0], Value::from("x-a01-e001"));
    }
}
