//! Stage 5 alone against the sample page's gold (issue 4): articles are built from the gold
//! `articles.jsonl`, so this checks the numbers stage without the articles stage. Metrics
//! are those of `shared/eval/score.py` (`match_numbers`): exact surface match first, then
//! containment; F1 over non-optional rows; accuracy of kind, value, unit, qualifier, date.

use baozhi::model::{Article, NumberSpan};
use baozhi::stages::numbers;

use crate::util::repo;

struct Gold {
    article: usize,
    field: String,
    surface: String,
    kind: String,
    value: Option<f64>,
    unit: String,
    qualifier: String,
    date: String,
    optional: bool,
}

fn opt(v: &serde_json::Value, key: &str) -> Option<String> {
    v.get(key).and_then(|x| x.as_str()).map(str::to_string)
}

fn gold_articles() -> Vec<Article> {
    let path = repo().join("tests/gold/000_aac00d1867b0bacf/articles.jsonl");
    crate::util::jsonl(&path)
        .iter()
        .map(|v| Article {
            kicker: opt(v, "kicker"),
            headline: opt(v, "headline"),
            subheadline: opt(v, "subheadline"),
            dateline: opt(v, "dateline"),
            paragraphs: opt(v, "text")
                .unwrap_or_default()
                .split('\n')
                .map(str::to_string)
                .collect(),
            ..Article::default()
        })
        .collect()
}

fn gold_numbers() -> Vec<Gold> {
    let path = repo().join("tests/gold/000_aac00d1867b0bacf/numbers.tsv");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let col = |i: usize| f.get(i).copied().unwrap_or("").to_string();
            Gold {
                article: col(0).parse().expect("article number"),
                field: col(1),
                surface: col(2),
                kind: col(3),
                value: f
                    .get(4)
                    .filter(|v| !v.is_empty())
                    .map(|v| v.parse().expect("value")),
                unit: col(6),
                qualifier: col(7),
                date: col(8),
                optional: col(9) == "1",
            }
        })
        .collect()
}

fn or_empty(s: Option<&str>) -> &str {
    s.unwrap_or("")
}

#[test]
fn numbers_gold_f1_and_attributes() {
    let articles = gold_articles();
    let year = numbers::infer_year(&articles);
    assert_eq!(
        year,
        Some(2022),
        "issue year inferred from the gold articles"
    );
    let gold = gold_numbers();
    let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
    let attrs = ["kind", "value", "unit", "qualifier", "date"];
    let mut hits = [0usize; 5];
    let mut total = 0usize;
    let mut report = Vec::new();
    for (idx, article) in articles.iter().enumerate() {
        let seq = idx + 1;
        let pred = numbers::extract(article, year);
        for n in &pred {
            let field = article.field(n.field).unwrap_or_default();
            let slice: String = field.chars().skip(n.start).take(n.end - n.start).collect();
            assert_eq!(
                slice,
                n.surface,
                "a{seq}: bad offsets {}..{} in {}",
                n.start,
                n.end,
                n.field.as_str()
            );
        }
        let mut gold_left: Vec<&Gold> = gold.iter().filter(|g| g.article == seq).collect();
        let mut pred_left: Vec<&NumberSpan> = pred.iter().collect();
        let mut pairs: Vec<(&Gold, &NumberSpan)> = Vec::new();
        for strict in [true, false] {
            for g in gold_left.clone() {
                let found = pred_left.iter().position(|p| {
                    let ps = p.surface.as_str();
                    g.field == p.field.as_str()
                        && if strict {
                            g.surface == ps
                        } else {
                            (ps.contains(&g.surface) || g.surface.contains(ps))
                                && g.surface.chars().count().min(ps.chars().count()) >= 1
                        }
                });
                if let Some(pi) = found {
                    pairs.push((g, pred_left.remove(pi)));
                    if let Some(gi) = gold_left.iter().position(|x| std::ptr::eq(*x, g)) {
                        gold_left.remove(gi);
                    }
                }
            }
        }
        for (g, p) in pairs {
            if g.optional {
                continue;
            }
            tp += 1;
            total += 1;
            let value_ok = match (g.value, p.value) {
                (None, None) => true,
                (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * a.abs().max(1.0),
                _ => false,
            };
            let ok = [
                g.kind == p.kind.as_str(),
                value_ok,
                g.unit == or_empty(p.unit.as_deref()),
                g.qualifier == or_empty(p.qualifier.map(|q| q.as_str())),
                g.date == or_empty(p.date.as_deref()),
            ];
            for (k, good) in ok.iter().enumerate() {
                hits[k] += usize::from(*good);
                if !good {
                    report.push(format!(
                        "a{seq} {}: {} wrong (gold {}/{:?}/{}/{}/{}, got {}/{:?}/{:?}/{:?}/{:?})",
                        g.surface,
                        attrs[k],
                        g.kind,
                        g.value,
                        g.unit,
                        g.qualifier,
                        g.date,
                        p.kind.as_str(),
                        p.value,
                        p.unit,
                        p.qualifier.map(|q| q.as_str()),
                        p.date
                    ));
                }
            }
        }
        for g in gold_left.iter().filter(|g| !g.optional) {
            fn_ += 1;
            report.push(format!("a{seq} missed: {}", g.surface));
        }
        for p in &pred_left {
            fp += 1;
            report.push(format!("a{seq} extra: {} ({})", p.surface, p.kind.as_str()));
        }
    }
    let precision = if tp + fp > 0 {
        tp as f64 / (tp + fp) as f64
    } else {
        1.0
    };
    let recall = if tp + fn_ > 0 {
        tp as f64 / (tp + fn_) as f64
    } else {
        1.0
    };
    let f1 = if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    };
    let acc: Vec<(&str, f64)> = attrs
        .iter()
        .zip(hits)
        .map(|(a, h)| {
            (
                *a,
                if total > 0 {
                    h as f64 / total as f64
                } else {
                    0.0
                },
            )
        })
        .collect();
    let summary = format!(
        "numbers on gold: tp {tp} fp {fp} fn {fn_} P {precision:.4} R {recall:.4} F1 {f1:.4}; attributes {acc:?}\n{}",
        report.join("\n")
    );
    println!("{summary}");
    assert!(f1 >= 0.98, "{summary}");
    for (a, v) in &acc {
        assert!(
            *v >= 0.98,
            "attribute {a} accuracy {v:.4} < 0.98\n{summary}"
        );
    }
}
