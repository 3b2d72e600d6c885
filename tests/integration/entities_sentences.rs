//! Stage 6 on our own test set: 160 news sentences of varied topics (economy, courts,
//! sport, culture, disasters, foreign news, places, education, companies) with the expected
//! mentions, in tests/fixtures/entities/sentences.tsv. Computes micro F1 per type over sets
//! of (sentence, surface, type) and asserts floors measured when the set was written, so a
//! regression fails. The table of figures is in tests/fixtures/entities/README.md.

use std::collections::{BTreeMap, HashSet};

use baozhi::model::Article;
use baozhi::stages::entities::EntityExtractor;

use crate::util;

/// Floors per type (F1), a little under the measured figures; `ALL` is the micro F1 over
/// every type.
const FLOORS: &[(&str, f64)] = &[
    // Raised (h13s) to what the table reaches after the unknown-place, facility and
    // feature-type rules: ALL 0.885, PERSON 0.957, ORG 0.902, GPE 0.895, LOC 0.733, FAC 0.725.
    ("ALL", 0.88),
    ("PERSON", 0.95),
    ("ORG", 0.89),
    ("GPE", 0.89),
    // LOC and FAC were lowered (from 0.66 / 0.72, one mention each of 15 / 38 gold) with the
    // domain-head model, which lifted the ner-train dev split by 0.012 / 0.048 F1 and ALL and
    // GPE here; raised again by the rules of h13s.
    ("LOC", 0.72),
    ("FAC", 0.72),
    ("WORK", 0.95),
    ("LAW", 0.95),
    ("TERM", 0.95),
];

type Key = (String, String, String);

fn f1(tp: usize, fp: usize, fn_: usize) -> (f64, f64, f64) {
    let p = if tp + fp > 0 {
        tp as f64 / (tp + fp) as f64
    } else {
        1.0
    };
    let r = if tp + fn_ > 0 {
        tp as f64 / (tp + fn_) as f64
    } else {
        1.0
    };
    let f = if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    };
    (p, r, f)
}

#[test]
fn entities_sentences_per_type_f1() {
    let path = util::repo().join("tests/fixtures/entities/sentences.tsv");
    let text = std::fs::read_to_string(&path).expect("sentences.tsv");
    let x = EntityExtractor::new(Vec::new());
    let mut gold: HashSet<Key> = HashSet::new();
    let mut pred: HashSet<Key> = HashSet::new();
    let mut n = 0;
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&str> = line.split('\t').collect();
        let (id, sentence) = (cols[0], cols[1]);
        n += 1;
        for m in cols
            .get(2)
            .copied()
            .unwrap_or("")
            .split('|')
            .filter(|m| !m.is_empty())
        {
            let (ty, surface) = m
                .split_once(':')
                .unwrap_or_else(|| panic!("{id}: bad mention {m}"));
            assert!(
                sentence.contains(surface),
                "{id}: {surface} not in the sentence"
            );
            gold.insert((id.to_string(), surface.to_string(), ty.to_string()));
        }
        let art = Article {
            paragraphs: vec![sentence.to_string()],
            ..Article::default()
        };
        for e in x.article(&art) {
            let chars: Vec<char> = sentence.chars().collect();
            assert_eq!(
                chars[e.start..e.end].iter().collect::<String>(),
                e.surface,
                "{id}: offsets"
            );
            pred.insert((id.to_string(), e.surface, e.kind.as_str().to_string()));
        }
    }
    assert!(n >= 150, "the set must hold 150 sentences or more, has {n}");

    let mut counts: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    for k in &pred {
        let c = counts.entry(k.2.clone()).or_default();
        if gold.contains(k) {
            c.0 += 1;
        } else {
            c.1 += 1;
        }
    }
    for k in gold.difference(&pred) {
        counts.entry(k.2.clone()).or_default().2 += 1;
    }
    let all = counts
        .values()
        .fold((0, 0, 0), |a, c| (a.0 + c.0, a.1 + c.1, a.2 + c.2));
    counts.insert("ALL".to_string(), all);

    let mut report = String::from(
        "| type | precision | recall | F1 | tp | fp | fn |\n|---|---|---|---|---|---|---|\n",
    );
    for (ty, &(tp, fp, fn_)) in &counts {
        let (p, r, f) = f1(tp, fp, fn_);
        report.push_str(&format!(
            "| {ty} | {p:.3} | {r:.3} | {f:.3} | {tp} | {fp} | {fn_} |\n"
        ));
    }
    let mut miss: Vec<&Key> = gold.difference(&pred).collect();
    let mut extra: Vec<&Key> = pred.difference(&gold).collect();
    miss.sort();
    extra.sort();
    let details = format!("missed: {miss:?}\nextra: {extra:?}");
    println!("{report}\n{details}");
    for &(ty, floor) in FLOORS {
        let &(tp, fp, fn_) = counts.get(ty).unwrap_or(&(0, 0, 0));
        let (_, _, f) = f1(tp, fp, fn_);
        assert!(
            f >= floor,
            "{ty}: F1 {f:.3} below the floor {floor}\n{report}\n{details}"
        );
    }
}
