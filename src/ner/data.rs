//! Labelled sentences in the `ner-train` JSON Lines format, the seeded dev split, and
//! exact-span scores.
//!
//! One object per line: `{"text": "…", "entities": [[start, end, "PER"], …]}`, offsets in
//! code points, end exclusive. Labels PER / ORG / LOC (PERSON, GPE and FAC are read as PER
//! and LOC, so a user can label pages with the project's own types).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::Kind;

/// One labelled sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub text: Vec<char>,
    /// Sorted, non-overlapping, inside `text`.
    pub spans: Vec<(usize, usize, Kind)>,
}

#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}:{line}: {what}")]
    Bad {
        path: PathBuf,
        line: usize,
        what: String,
    },
}

#[derive(serde::Deserialize)]
struct Record {
    text: String,
    #[serde(default)]
    entities: Vec<(usize, usize, String)>,
}

/// The sentences of one JSON Lines file, in file order. Blank lines are skipped.
pub fn read_jsonl(path: &Path) -> Result<Vec<Sentence>, DataError> {
    let text = std::fs::read_to_string(path).map_err(|source| DataError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let bad = |what: String| DataError::Bad {
            path: path.to_path_buf(),
            line: n + 1,
            what,
        };
        let r: Record = serde_json::from_str(line).map_err(|e| bad(e.to_string()))?;
        let chars: Vec<char> = r.text.chars().collect();
        let mut spans = Vec::with_capacity(r.entities.len());
        for (s, e, label) in r.entities {
            let kind = Kind::parse(&label)
                .ok_or_else(|| bad(format!("unknown label `{label}` (use PER, ORG or LOC)")))?;
            if s >= e || e > chars.len() {
                return Err(bad(format!(
                    "span [{s}, {e}) outside the text of {} chars",
                    chars.len()
                )));
            }
            spans.push((s, e, kind));
        }
        spans.sort();
        if spans.windows(2).any(|w| w[1].0 < w[0].1) {
            return Err(bad("overlapping spans".into()));
        }
        out.push(Sentence { text: chars, spans });
    }
    Ok(out)
}

/// SplitMix64: a small seeded generator, so the split and the training order depend on the
/// seed alone, on every platform.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Fisher–Yates.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// Which of a file's `n` sentences are dev: `round(n × fraction)` of them, chosen by
/// `seed` alone (the same for any other file of the same length).
pub fn dev_mask(n: usize, fraction: f64, seed: u64) -> Vec<bool> {
    let k = ((n as f64) * fraction.clamp(0.0, 1.0)).round() as usize;
    let mut idx: Vec<usize> = (0..n).collect();
    Rng::new(seed).shuffle(&mut idx);
    let mut mask = vec![false; n];
    for &i in &idx[..k.min(n)] {
        mask[i] = true;
    }
    mask
}

/// Exact-span counts per kind: true positives, predicted, gold.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Scores(pub BTreeMap<Kind, [usize; 3]>);

impl Scores {
    pub fn add(&mut self, gold: &[(usize, usize, Kind)], pred: &[(usize, usize, Kind)]) {
        for k in Kind::ALL {
            let c = self.0.entry(k).or_default();
            c[1] += pred.iter().filter(|p| p.2 == k).count();
            c[2] += gold.iter().filter(|g| g.2 == k).count();
            c[0] += pred.iter().filter(|p| p.2 == k && gold.contains(p)).count();
        }
    }

    /// Precision, recall, F1 of one kind, or of all (`None`, micro-averaged).
    pub fn prf(&self, kind: Option<Kind>) -> (f64, f64, f64) {
        let mut c = [0usize; 3];
        for (k, v) in &self.0 {
            if kind.is_none_or(|x| x == *k) {
                for i in 0..3 {
                    c[i] += v[i];
                }
            }
        }
        let p = if c[1] == 0 {
            0.0
        } else {
            c[0] as f64 / c[1] as f64
        };
        let r = if c[2] == 0 {
            0.0
        } else {
            c[0] as f64 / c[2] as f64
        };
        let f = if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        };
        (p, r, f)
    }

    /// `ALL P R F1` then one line per kind.
    pub fn report(&self) -> String {
        let mut s = String::from("type  precision  recall  F1      gold\n");
        let gold = |k: Option<Kind>| -> usize {
            self.0
                .iter()
                .filter(|(x, _)| k.is_none_or(|k| k == **x))
                .map(|(_, v)| v[2])
                .sum()
        };
        let mut line = |name: &str, k: Option<Kind>| {
            let (p, r, f) = self.prf(k);
            s.push_str(&format!(
                "{name:<5} {p:.4}     {r:.4}  {f:.4}  {}\n",
                gold(k)
            ));
        };
        line("ALL", None);
        for k in Kind::ALL {
            line(k.as_str(), Some(k));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dev_mask_is_seeded_and_sized() {
        let a = dev_mask(1000, 0.05, 7);
        assert_eq!(a.iter().filter(|&&d| d).count(), 50);
        assert_eq!(a, dev_mask(1000, 0.05, 7));
        assert_ne!(a, dev_mask(1000, 0.05, 8));
        assert!(dev_mask(10, 0.0, 1).iter().all(|&d| !d));
    }

    #[test]
    fn scores_exact_spans() {
        let mut s = Scores::default();
        s.add(
            &[(0, 2, Kind::Per), (3, 5, Kind::Loc)],
            &[(0, 2, Kind::Per), (3, 6, Kind::Loc)],
        );
        assert_eq!(s.prf(Some(Kind::Per)), (1.0, 1.0, 1.0));
        assert_eq!(s.prf(Some(Kind::Loc)).2, 0.0);
        assert_eq!(s.prf(None).2, 0.5);
    }

    #[test]
    fn reads_records_and_rejects_bad_ones() {
        let dir = tempfile::tempdir().expect("tempdir");
        let p = dir.path().join("a.jsonl");
        std::fs::write(&p, "{\"text\":\"张三在北京\",\"entities\":[[3,5,\"LOC\"],[0,2,\"PER\"]]}\n\n{\"text\":\"无\",\"entities\":[]}\n").expect("write");
        let got = read_jsonl(&p).expect("read");
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].spans, vec![(0, 2, Kind::Per), (3, 5, Kind::Loc)]);
        std::fs::write(&p, "{\"text\":\"张三\",\"entities\":[[0,9,\"PER\"]]}\n").expect("write");
        let e = read_jsonl(&p).expect_err("bad span").to_string();
        assert!(e.contains("a.jsonl:1:"), "{e}");
    }
}
