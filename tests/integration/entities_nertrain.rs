//! Measures stage 6 on a held-out slice of labelled news sentences (MSRA, CLUENER; PER /
//! ORG / LOC) kept outside the repository. Ignored by default: the data is not shipped.
//!
//! `NER_TRAIN=/work/shared/data/ner-train cargo test --release --test integration entities_nertrain -- --ignored --nocapture`
//!
//! Our types map to theirs as PERSON → PER, ORG → ORG, GPE/LOC/FAC → LOC; WORK, LAW and
//! TERM have no counterpart and are left out. A mention counts when its span and type match.

use std::collections::{BTreeMap, HashSet};
use std::path::PathBuf;

use baozhi::model::Article;
use baozhi::stages::entities::EntityExtractor;
use serde_json::Value;

fn their_type(ours: &str) -> Option<&'static str> {
    match ours {
        "PERSON" => Some("PER"),
        "ORG" => Some("ORG"),
        "GPE" | "LOC" | "FAC" => Some("LOC"),
        _ => None,
    }
}

/// Full-width ASCII to half-width, as the normalize stage does; one char for one char, so
/// offsets stay valid.
fn halfwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            c => c,
        })
        .collect()
}

fn score(
    x: &EntityExtractor,
    path: &PathBuf,
    take_last: usize,
) -> BTreeMap<&'static str, (usize, usize, usize)> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
    // NER_TRAIN_DEV=1 reads the first records instead (a development slice, disjoint from
    // the reported one) and prints the differences.
    let dev = std::env::var("NER_TRAIN_DEV").is_ok();
    let slice = if dev {
        &lines[..take_last.min(lines.len())]
    } else {
        &lines[lines.len().saturating_sub(take_last)..]
    };
    let mut counts: BTreeMap<&'static str, (usize, usize, usize)> = BTreeMap::new();
    for line in slice {
        let v: Value = serde_json::from_str(line).expect("jsonl");
        let sentence = halfwidth(v["text"].as_str().unwrap_or_default());
        let gold: HashSet<(usize, usize, String)> = v["entities"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|e| {
                Some((
                    e[0].as_u64()? as usize,
                    e[1].as_u64()? as usize,
                    e[2].as_str()?.to_string(),
                ))
            })
            .collect();
        let art = Article {
            paragraphs: vec![sentence],
            ..Article::default()
        };
        let pred: HashSet<(usize, usize, String)> = x
            .article(&art)
            .into_iter()
            .filter_map(|e| Some((e.start, e.end, their_type(e.kind.as_str())?.to_string())))
            .collect();
        if dev {
            let chars: Vec<char> = v["text"].as_str().unwrap_or_default().chars().collect();
            let show = |k: &(usize, usize, String)| {
                format!(
                    "{}:{}",
                    chars
                        .get(k.0..k.1)
                        .map(|c| c.iter().collect::<String>())
                        .unwrap_or_default(),
                    k.2
                )
            };
            let miss: Vec<String> = gold.difference(&pred).map(show).collect();
            let extra: Vec<String> = pred.difference(&gold).map(show).collect();
            if !miss.is_empty() || !extra.is_empty() {
                println!("DIFF miss {miss:?} extra {extra:?}");
            }
        }
        for ty in ["PER", "ORG", "LOC"] {
            let g: HashSet<_> = gold.iter().filter(|k| k.2 == ty).collect();
            let p: HashSet<_> = pred.iter().filter(|k| k.2 == ty).collect();
            let c = counts.entry(ty).or_default();
            c.0 += g.intersection(&p).count();
            c.1 += p.difference(&g).count();
            c.2 += g.difference(&p).count();
        }
    }
    counts
}

fn print(name: &str, counts: &BTreeMap<&'static str, (usize, usize, usize)>) {
    println!("{name}");
    let mut all = (0, 0, 0);
    for (ty, &(tp, fp, fn_)) in counts {
        all = (all.0 + tp, all.1 + fp, all.2 + fn_);
        println!("  {ty}: {}", prf(tp, fp, fn_));
    }
    println!("  all: {}", prf(all.0, all.1, all.2));
}

fn prf(tp: usize, fp: usize, fn_: usize) -> String {
    let p = tp as f64 / (tp + fp).max(1) as f64;
    let r = tp as f64 / (tp + fn_).max(1) as f64;
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    format!("P {p:.3} R {r:.3} F1 {f:.3} (tp {tp} fp {fp} fn {fn_})")
}

#[test]
#[ignore]
fn entities_nertrain_heldout() {
    let root = PathBuf::from(
        std::env::var("NER_TRAIN").unwrap_or_else(|_| "/work/shared/data/ner-train".into()),
    );
    let n: usize = std::env::var("NER_TRAIN_N")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let x = EntityExtractor::new(Vec::new());
    // The last n records of each file: never looked at while writing the rules.
    let which = if std::env::var("NER_TRAIN_DEV").is_ok() {
        "first"
    } else {
        "last"
    };
    print(
        &format!("msra-ner ({which} {n} records)"),
        &score(&x, &root.join("msra-ner/train.jsonl"), n),
    );
    print(
        &format!("cluener2020 ({which} {n} records)"),
        &score(&x, &root.join("cluener2020/train.jsonl"), n),
    );
}
