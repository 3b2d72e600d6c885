//! The entity tagger (`baozhi::ner`): training learns a small set of invented sentences,
//! is byte-for-byte repeatable, model files round-trip, decoding is always legal, and a
//! foreign or corrupt `--entity-model` file is refused with its name and exit code 2.

use baozhi::ner::data::Sentence;
use baozhi::ner::data::{read_jsonl, Scores};
use baozhi::ner::train::{evaluate, train, train_domains, TrainOptions};
use baozhi::ner::{features, legal, legal_end, legal_start, Kind, Model};
use proptest::prelude::*;

use crate::util;

fn invented() -> Vec<baozhi::ner::data::Sentence> {
    read_jsonl(&util::repo().join("tests/fixtures/entities/invented-train.jsonl")).expect("fixture")
}

fn small() -> TrainOptions {
    TrainOptions {
        epochs: 8,
        seed: 5,
        bits: 14,
        heads: false,
    }
}

#[test]
fn training_learns_the_invented_sentences_and_is_repeatable() {
    let data = invented();
    let a = train(&data, &[], small(), &mut |_| {});
    let scores: Scores = evaluate(&a, &jieba_rs::Jieba::new(), &data);
    assert_eq!(scores.prf(None), (1.0, 1.0, 1.0), "{}", scores.report());
    let b = train(&data, &[], small(), &mut |_| {});
    assert_eq!(a.to_bytes(), b.to_bytes());
    let back = Model::from_bytes(&a.to_bytes()).expect("round trip");
    assert_eq!(back.to_bytes(), a.to_bytes());
}

/// The same sentences under two conventions: corpus A labels `X县政府` an organisation,
/// corpus B only the county in it a place.
fn two_conventions() -> (Vec<Sentence>, Vec<Sentence>) {
    let texts = [
        "青石县政府今天发布通告。",
        "据白河县政府介绍，工程已经完工。",
        "东山县政府召开会议。",
        "记者从柳林县政府获悉。",
    ];
    let (mut a, mut b) = (Vec::new(), Vec::new());
    for t in texts {
        let text: Vec<char> = t.chars().collect();
        let s = text.iter().position(|&c| c == '县').expect("县") - 2;
        a.push(Sentence {
            text: text.clone(),
            spans: vec![(s, s + 5, Kind::Org)],
        });
        b.push(Sentence {
            text,
            spans: vec![(s, s + 3, Kind::Loc)],
        });
    }
    (a, b)
}

#[test]
fn adapting_to_a_corpus_learns_its_convention() {
    let (a, b) = two_conventions();
    let shared = invented();
    let jieba = jieba_rs::Jieba::new();
    for (k, own) in [(1, &a), (2, &b)] {
        let m = train_domains(&[&shared, &a, &b], Some(k), &[], small(), &mut |_| {});
        let scores = evaluate(&m, &jieba, own);
        assert_eq!(
            scores.prf(None),
            (1.0, 1.0, 1.0),
            "corpus {k}: {}",
            scores.report()
        );
        // Still the same bytes on a second run.
        let again = train_domains(&[&shared, &a, &b], Some(k), &[], small(), &mut |_| {});
        assert_eq!(m.to_bytes(), again.to_bytes());
    }
}

#[test]
fn cli_train_then_eval_and_bad_model_files() {
    let dir = tempfile::tempdir().expect("tempdir");
    let model = dir.path().join("m.bzner");
    let data = util::repo().join("tests/fixtures/entities/invented-train.jsonl");
    let out = std::process::Command::new(util::bin())
        .args([
            "train-entities",
            "--quiet",
            "--bits",
            "14",
            "--epochs",
            "8",
            "--dev-fraction",
            "0",
            "-o",
        ])
        .arg(&model)
        .arg(&data)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = std::process::Command::new(util::bin())
        .arg("eval-entities")
        .arg(&model)
        .arg(&data)
        .output()
        .expect("run");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("ALL   1.0000     1.0000  1.0000"), "{text}");
    for (name, bytes) in [
        ("foreign.bzner", b"PK\x03\x04 not a model".to_vec()),
        ("corrupt.bzner", b"BZNERMDL\x03\x00garbage".to_vec()),
        // Format 1 (i16 weights, before the table was made smaller).
        ("old.bzner", b"BZNERMDL\x01\x00anything".to_vec()),
        // Format 2 (one head, no learned gazetteer).
        ("old2.bzner", b"BZNERMDL\x02\x00anything".to_vec()),
    ] {
        let path = dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let out = std::process::Command::new(util::bin())
            .args(["convert", "--quiet", "-o"])
            .arg(dir.path().join("out"))
            .arg("--entity-model")
            .arg(&path)
            .arg(util::repo().join("seeds"))
            .output()
            .expect("run");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{err}");
        assert!(err.contains(name) && err.contains("entity model"), "{err}");
        if let Some(v) = name
            .strip_prefix("old")
            .and_then(|n| n.strip_suffix(".bzner"))
        {
            let v = if v.is_empty() { "1" } else { v };
            assert!(
                err.contains(&format!("format version {v}")) && err.contains("retrain"),
                "{err}"
            );
        }
    }
}

#[test]
fn cli_adapt_to_must_name_a_data_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let data = util::repo().join("tests/fixtures/entities/invented-train.jsonl");
    let out = std::process::Command::new(util::bin())
        .args([
            "train-entities",
            "--quiet",
            "--adapt-to",
            "other.jsonl",
            "-o",
        ])
        .arg(dir.path().join("m.bzner"))
        .arg(&data)
        .output()
        .expect("run");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("--adapt-to other.jsonl: not one of the data files"),
        "{err}"
    );
    assert!(!dir.path().join("m.bzner").exists());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn decoding_is_always_legal(text in "[张王李北京市公司大学在的了，。 a1（）]{0,40}") {
        let model = Model::embedded();
        let chars: Vec<char> = text.chars().collect();
        let jieba = jieba_rs::Jieba::new();
        let words = features::segment(&jieba, &text).unwrap_or_default();
        let tags = model.tags(&chars, &words);
        prop_assert_eq!(tags.len(), chars.len());
        if let (Some(&f), Some(&l)) = (tags.first(), tags.last()) {
            prop_assert!(legal_start(f) && legal_end(l));
        }
        prop_assert!(tags.windows(2).all(|w| legal(w[0], w[1])));
    }
}

/// Two corpora of different texts and conventions: with domain heads, each keeps its own
/// convention, the head being chosen from the text alone; the file round-trips.
#[test]
fn domain_heads_keep_each_convention_and_round_trip() {
    let (a, _) = two_conventions();
    let b: Vec<Sentence> = ["网友热议南岭镇的新游戏。", "玩家在西坡镇体验这款游戏！"]
        .iter()
        .map(|t| {
            let text: Vec<char> = t.chars().collect();
            let s = text.iter().position(|&c| c == '镇').expect("镇") - 2;
            Sentence {
                text,
                spans: vec![(s, s + 3, Kind::Loc)],
            }
        })
        .collect();
    let opts = TrainOptions {
        heads: true,
        ..small()
    };
    let m = train_domains(&[&a, &b], None, &[], opts, &mut |_| {});
    assert_eq!(m.heads(), 2);
    let jieba = jieba_rs::Jieba::new();
    for (k, own) in [(0, &a), (1, &b)] {
        let mut dom = Vec::new();
        assert!(own.iter().all(|s| m.head_of(&s.text, &mut dom) == k));
        let scores = evaluate(&m, &jieba, own);
        assert_eq!(scores.prf(None), (1.0, 1.0, 1.0), "{}", scores.report());
    }
    let again = train_domains(&[&a, &b], None, &[], opts, &mut |_| {});
    assert_eq!(m.to_bytes(), again.to_bytes());
    let back = Model::from_bytes(&m.to_bytes()).expect("round trip");
    assert_eq!(back.to_bytes(), m.to_bytes());
}
