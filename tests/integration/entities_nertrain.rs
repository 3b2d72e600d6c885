//! The entities TABLE against the raw tagger on the `ner-train` dev split: the seeded 5 % of
//! each file that `baozhi eval-entities builtin FILE --dev-only` scores and the shipped
//! model never trained on. The data stays outside the repository and is read here at test
//! time (`NER_TRAIN`, else `../shared/data/ner-train` beside the checkout); without it the
//! tests say so and pass.
//!
//! Each sentence goes through the whole entities stage (lexicon, structure, tagger, rules,
//! reconcile) as one paragraph of an article, folded the way the normalize stage folds it.
//! Our types map to theirs as PERSON → PER, ORG → ORG, GPE/LOC/FAC → LOC; WORK, LAW and TERM
//! have no counterpart and are left out. A mention counts when its span and type match.
//!
//! - `entities_nertrain_dev_table_near_model` (runs by default, a few seconds): the
//!   first 300 sentences of each dev split; the table must not score more than
//!   `MAX_TABLE_LOSS` below the raw model.
//! - `entities_nertrain_dev_full` (ignored): the whole dev split, per corpus and per type,
//!   table next to model; `NER_TRAIN_DIFF=1` also prints, per sentence, the mentions the
//!   table lost against the model and those it gained; `NER_TRAIN_DIFF=gold` prints, per
//!   sentence, what the table missed and got wrong against the annotation.
//!
//! `cargo test --release --test integration entities_nertrain_dev_full -- --ignored --nocapture`

use std::path::PathBuf;

use baozhi::model::Article;
use baozhi::ner::data::{dev_mask, read_jsonl, Scores, Sentence};
use baozhi::ner::{features::segment, Kind, Model, TagScratch};
use baozhi::stages::entities::EntityExtractor;

use crate::util;

/// The defaults of `eval-entities --dev-only` and `train-entities` (cli.rs `SplitArgs`).
const DEV_FRACTION: f64 = 0.05;
const SEED: u64 = 13;

const CORPORA: [&str; 2] = ["msra-ner", "cluener2020"];

/// How far the table's F1 may fall below the raw model's on the short dev run.
const MAX_TABLE_LOSS: f64 = 0.02;

fn data_root() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("NER_TRAIN") {
        return Some(PathBuf::from(p));
    }
    let repo = util::repo();
    [
        repo.join("../shared/data/ner-train"),
        repo.join("../../shared/data/ner-train"),
    ]
    .into_iter()
    .find(|p| p.is_dir())
}

/// The dev sentences of one corpus, in file order.
fn dev_split(root: &std::path::Path, corpus: &str) -> Vec<Sentence> {
    let path = root.join(corpus).join("train.jsonl");
    let all = read_jsonl(&path).unwrap_or_else(|e| panic!("{e}"));
    let mask = dev_mask(all.len(), DEV_FRACTION, SEED);
    all.into_iter()
        .zip(mask)
        .filter_map(|(s, d)| d.then_some(s))
        .collect()
}

/// Full-width digits and Latin letters to half-width, as the normalize stage does; one char
/// for one char, so offsets stay valid.
fn folded(text: &[char]) -> String {
    text.iter()
        .map(|&c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '％' | '＋' | '－' | '．' | '／' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            c => c,
        })
        .collect()
}

fn table_spans(x: &EntityExtractor, text: &str) -> Vec<(usize, usize, Kind)> {
    let art = Article {
        paragraphs: vec![text.to_string()],
        ..Article::default()
    };
    let mut out: Vec<(usize, usize, Kind)> = x
        .article(&art)
        .into_iter()
        .filter_map(|e| Some((e.start, e.end, Kind::parse(e.kind.as_str())?)))
        .collect();
    out.sort();
    out
}

/// Scores of the raw model and of the table on `dev`; with `diff`, prints what the table
/// lost and gained against the model, sentence by sentence.
fn measure(
    x: &EntityExtractor,
    model: &Model,
    jieba: &jieba_rs::Jieba,
    dev: &[Sentence],
    diff: bool,
    gold: bool,
) -> (Scores, Scores) {
    let (mut raw, mut table) = (Scores::default(), Scores::default());
    let mut scratch = TagScratch::default();
    for s in dev {
        let text = folded(&s.text);
        let words = segment(jieba, &text).unwrap_or_default();
        let m = model.tag(&s.text, &words, &mut scratch);
        let t = table_spans(x, &text);
        raw.add(&s.spans, &m);
        table.add(&s.spans, &t);
        if diff {
            let show = |v: Vec<&(usize, usize, Kind)>| -> Vec<String> {
                v.iter()
                    .map(|k| {
                        let w: String = s.text[k.0..k.1].iter().collect();
                        format!("{w}:{}", k.2.as_str())
                    })
                    .collect()
            };
            if gold {
                // Against the annotation instead of the model: every miss and every wrong
                // mention of the table.
                let missed: Vec<_> = s.spans.iter().filter(|g| !t.contains(g)).collect();
                let wrong: Vec<_> = t.iter().filter(|p| !s.spans.contains(p)).collect();
                if !missed.is_empty() || !wrong.is_empty() {
                    println!(
                        "{}\n  missed {:?} wrong {:?}",
                        text,
                        show(missed),
                        show(wrong)
                    );
                }
                continue;
            }
            let lost: Vec<_> = s
                .spans
                .iter()
                .filter(|g| m.contains(g) && !t.contains(g))
                .collect();
            let gained: Vec<_> = s
                .spans
                .iter()
                .filter(|g| !m.contains(g) && t.contains(g))
                .collect();
            let wrong: Vec<_> = t
                .iter()
                .filter(|p| !s.spans.contains(p) && !m.contains(p))
                .collect();
            if !lost.is_empty() || !gained.is_empty() || !wrong.is_empty() {
                println!(
                    "{}\n  lost {:?} gained {:?} new-wrong {:?}",
                    text,
                    show(lost),
                    show(gained),
                    show(wrong)
                );
            }
        }
    }
    (raw, table)
}

fn side_by_side(corpus: &str, n: usize, raw: &Scores, table: &Scores) -> String {
    let mut s = format!("{corpus} dev ({n} sentences)   model P/R/F1   |   table P/R/F1\n");
    let kinds: [(&str, Option<Kind>); 4] = [
        ("ALL", None),
        ("PER", Some(Kind::Per)),
        ("ORG", Some(Kind::Org)),
        ("LOC", Some(Kind::Loc)),
    ];
    for (name, k) in kinds {
        let (p, r, f) = raw.prf(k);
        let (tp, tr, tf) = table.prf(k);
        s.push_str(&format!(
            "  {name:<4} {p:.4} {r:.4} {f:.4}   |   {tp:.4} {tr:.4} {tf:.4}   ({:+.4})\n",
            tf - f
        ));
    }
    s
}

#[test]
fn entities_nertrain_dev_table_near_model() {
    let Some(root) = data_root() else {
        eprintln!("ner-train not found (set NER_TRAIN): table vs model on the dev split skipped");
        return;
    };
    let x = EntityExtractor::new(Vec::new());
    let model = Model::embedded();
    let jieba = jieba_rs::Jieba::new();
    for corpus in CORPORA {
        let mut dev = dev_split(&root, corpus);
        dev.truncate(300);
        let (raw, table) = measure(&x, &model, &jieba, &dev, false, false);
        let report = side_by_side(corpus, dev.len(), &raw, &table);
        println!("{report}");
        let (f_raw, f_table) = (raw.prf(None).2, table.prf(None).2);
        // The goal is the table at or above the model; measured (j13r2): msra-ner −0.013,
        // cluener2020 +0.002 on these sentences (−0.11 before the merge order was first
        // revised). The floor guards that gain until the rest is closed.
        assert!(
            f_table >= f_raw - MAX_TABLE_LOSS,
            "the table scores more than {MAX_TABLE_LOSS} below the raw model:\n{report}"
        );
    }
}

#[test]
#[ignore]
fn entities_nertrain_dev_full() {
    let Some(root) = data_root() else {
        eprintln!("ner-train not found (set NER_TRAIN)");
        return;
    };
    let diff = std::env::var("NER_TRAIN_DIFF").is_ok();
    let gold = std::env::var("NER_TRAIN_DIFF").is_ok_and(|v| v == "gold");
    let only = std::env::var("NER_TRAIN_CORPUS").ok();
    let x = EntityExtractor::new(Vec::new());
    let model = Model::embedded();
    let jieba = jieba_rs::Jieba::new();
    for corpus in CORPORA {
        if only.as_deref().is_some_and(|o| o != corpus) {
            continue;
        }
        let dev = dev_split(&root, corpus);
        let (raw, table) = measure(&x, &model, &jieba, &dev, diff, gold);
        println!("{}", side_by_side(corpus, dev.len(), &raw, &table));
    }
}
