//! Stage 6 alone on the sample page's gold: articles are built from the gold's
//! articles.jsonl (credits derived from byline, dateline and authors), furniture from
//! issue.json, and the mentions scored as /work/shared/eval/score.py scores entities.

use std::collections::{BTreeSet, HashSet};

use baozhi::model::{Article, Credit, EntitySpan, EntityType, Field, Role};
use baozhi::stages::entities::EntityExtractor;
use serde_json::Value;

use crate::util;

fn gold_dir() -> std::path::PathBuf {
    util::repo().join("tests/gold/000_aac00d1867b0bacf")
}

fn opt(v: &Value, k: &str) -> Option<String> {
    v.get(k).and_then(Value::as_str).map(str::to_string)
}

/// Finds `name` in `field`, allowing the padding spaces papers put inside short names.
fn locate(field: &str, name: &str, from: usize) -> Option<(usize, usize)> {
    let chars: Vec<char> = field.chars().collect();
    let want: Vec<char> = name.chars().collect();
    'outer: for s in from..chars.len() {
        let (mut i, mut j) = (s, 0);
        while j < want.len() {
            match chars.get(i) {
                Some(&c) if c == want[j] => j += 1,
                Some(&c) if j > 0 && (c == ' ' || c == '\u{3000}') => {}
                _ => continue 'outer,
            }
            i += 1;
        }
        return Some((s, i));
    }
    None
}

/// The role that a job word printed before a name gives it, per tables.md.
fn role_before(prefix: &str, after: &str) -> Role {
    if after.trim_start().starts_with('摄') {
        return Role::Photographer;
    }
    let last = |w: &str| prefix.rfind(w);
    let roles = [
        ("通讯员", Role::Correspondent),
        ("评论员", Role::Commentator),
        ("编辑", Role::Editor),
        ("记者", Role::Reporter),
    ];
    roles
        .iter()
        .filter_map(|(w, r)| last(w).map(|p| (p, *r)))
        .max_by_key(|(p, _)| *p)
        .map(|(_, r)| r)
        .unwrap_or(Role::Reporter)
}

fn credits(a: &Value) -> Vec<Credit> {
    let mut out = Vec::new();
    let authors: Vec<String> = a["authors"]
        .as_array()
        .map(|v| {
            v.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let mut from = [(Field::Byline, 0usize), (Field::Dateline, 0usize)];
    for name in authors {
        for (field, pos) in from.iter_mut() {
            let key = if *field == Field::Byline {
                "byline"
            } else {
                "dateline"
            };
            let Some(text) = opt(a, key) else { continue };
            if let Some((s, e)) = locate(&text, &name, *pos) {
                let chars: Vec<char> = text.chars().collect();
                let prefix: String = chars[..s].iter().collect();
                let after: String = chars[e..].iter().collect();
                out.push(Credit {
                    field: *field,
                    start: s,
                    end: e,
                    name: name.clone(),
                    role: role_before(&prefix, &after),
                });
                *pos = e;
                break;
            }
        }
    }
    out
}

pub fn article_from(a: &Value) -> Article {
    let text = opt(a, "text").unwrap_or_default();
    Article {
        section: opt(a, "section"),
        kicker: opt(a, "kicker"),
        headline: opt(a, "headline"),
        subheadline: opt(a, "subheadline"),
        byline: opt(a, "byline"),
        dateline: opt(a, "dateline"),
        credits: credits(a),
        paragraphs: text.split('\n').map(str::to_string).collect(),
        ..Article::default()
    }
}

fn coarse(t: &str) -> &str {
    match t {
        "GPE" | "LOC" | "FAC" => "PLACE",
        "LAW" => "WORK",
        x => x,
    }
}

type Key = (usize, String, String);

fn prf(pred: &HashSet<Key>, req: &HashSet<Key>, opt: &HashSet<Key>) -> (f64, Vec<Key>, Vec<Key>) {
    let tp = pred.intersection(req).count() as f64;
    let fp: Vec<Key> = pred
        .iter()
        .filter(|k| !req.contains(*k) && !opt.contains(*k))
        .cloned()
        .collect();
    let fn_: Vec<Key> = req.iter().filter(|k| !pred.contains(*k)).cloned().collect();
    let p = if tp + fp.len() as f64 > 0.0 {
        tp / (tp + fp.len() as f64)
    } else {
        1.0
    };
    let r = if tp + fn_.len() as f64 > 0.0 {
        tp / (tp + fn_.len() as f64)
    } else {
        1.0
    };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (f, fn_, fp)
}

#[test]
fn entities_gold_sample_page() {
    let dir = gold_dir();
    let articles: Vec<Value> = util::jsonl(&dir.join("articles.jsonl"));
    let issue: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("issue.json")).expect("issue.json"))
            .expect("issue.json parses");
    let furniture: Vec<String> = issue["furniture"]
        .as_array()
        .map(|v| {
            v.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default();
    let tsv = std::fs::read_to_string(dir.join("entities.tsv")).expect("entities.tsv");
    let gold: Vec<Vec<String>> = tsv
        .lines()
        .skip(1)
        .map(|l| l.split('\t').map(str::to_string).collect())
        .collect();

    let x = EntityExtractor::new(Vec::new());
    // (article seq, span); article 0 is the furniture.
    let mut pred: Vec<(usize, EntitySpan)> = Vec::new();
    let mut bad = Vec::new();
    for e in x.furniture(&furniture) {
        let line: Vec<char> = furniture
            .get(e.line)
            .map(|l| l.chars().collect())
            .unwrap_or_default();
        if line
            .get(e.start..e.end)
            .map(|s| s.iter().collect::<String>())
            != Some(e.surface.clone())
        {
            bad.push(format!("furniture {e:?}"));
        }
        pred.push((0, e));
    }
    for a in &articles {
        let seq = a["seq"].as_u64().expect("seq") as usize;
        let art = article_from(a);
        for e in x.article(&art) {
            let field: Vec<char> = art.field(e.field).unwrap_or_default().chars().collect();
            if field
                .get(e.start..e.end)
                .map(|s| s.iter().collect::<String>())
                != Some(e.surface.clone())
            {
                bad.push(format!("a{seq} {e:?}"));
            }
            pred.push((seq, e));
        }
    }
    assert!(
        bad.is_empty(),
        "spans that do not index their field: {bad:#?}"
    );

    let mut report = String::new();
    let mut scores = Vec::new();
    for level in ["typed", "coarse", "untyped"] {
        let t = |s: &str| -> String {
            match level {
                "typed" => s.to_string(),
                "coarse" => coarse(s).to_string(),
                _ => "*".to_string(),
            }
        };
        let mut req = HashSet::new();
        let mut opt = HashSet::new();
        for g in &gold {
            let k = (
                g[0].parse::<usize>().expect("article"),
                g[2].clone(),
                t(&g[3]),
            );
            if g[6] == "1" {
                opt.insert(k);
            } else {
                req.insert(k);
            }
        }
        let opt: HashSet<Key> = opt.difference(&req).cloned().collect();
        let p: HashSet<Key> = pred
            .iter()
            .map(|(a, e)| (*a, e.surface.clone(), t(e.kind.as_str())))
            .collect();
        let (f, miss, extra) = prf(&p, &req, &opt);
        let miss: BTreeSet<_> = miss.into_iter().collect();
        let extra: BTreeSet<_> = extra.into_iter().collect();
        report.push_str(&format!(
            "{level}: F1 {f:.4}\n  missed: {miss:?}\n  extra: {extra:?}\n"
        ));
        scores.push(f);
    }
    let mut role_hits = 0;
    let mut role_total = 0;
    for g in gold.iter().filter(|g| !g[4].is_empty()) {
        role_total += 1;
        let a = g[0].parse::<usize>().expect("article");
        if pred.iter().any(|(pa, e)| {
            *pa == a && e.surface == g[2] && e.role.map(|r| r.as_str()) == Some(g[4].as_str())
        }) {
            role_hits += 1;
        }
    }
    report.push_str(&format!("roles {role_hits}/{role_total}\n"));
    // Every gold job title is found on its person.
    let title_ok = gold.iter().filter(|g| !g[5].is_empty()).all(|g| {
        let a = g[0].parse::<usize>().unwrap_or(usize::MAX);
        pred.iter().any(|(pa, e)| {
            *pa == a
                && e.kind == EntityType::Person
                && e.surface == g[2]
                && e.title.as_deref() == Some(g[5].as_str())
        })
    });
    println!("{report}");
    // Measured 0.922 / 0.926 with the domain-head tagger and the table that follows it, 0.926 /
    // 0.926 once a feature named like a county stays LOC (h13s) (0.97
    // with the rules alone, which were written against this page; the table gains on unseen
    // text: tests/integration/entities_nertrain.rs, entities_sentences.rs).
    assert!(scores[0] >= 0.925, "typed F1 below 0.925\n{report}");
    assert!(scores[1] >= 0.925, "coarse F1 below 0.925\n{report}");
    assert_eq!(role_hits, role_total, "roles\n{report}");
    assert!(
        title_ok,
        "the printed job title of the text's person is missing\n{report}"
    );
}
