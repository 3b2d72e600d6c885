//! Training: a structured averaged perceptron over the BIOES tags.
//!
//! Why a perceptron and not a CRF: it needs only Viterbi (no forward–backward, no
//! gradients, no learning rate), so an epoch over all of `ner-train` takes seconds; its
//! updates are integers, so a run is exactly repeatable; and averaging the weights over all
//! updates gives most of a CRF's accuracy on this kind of task. The decoder the stage uses
//! is the same Viterbi either way.
//!
//! Training is single-threaded on purpose: the order of updates then depends on the seed
//! alone, and the model file is byte-identical for the same data and seed.

use super::data::{Rng, Scores, Sentence};
use jieba_rs::Jieba;

use super::features::{
    domain_features, features, segment, Gazetteer, Lexicons, Scratch, DOMAIN_BITS, NF,
};
use super::{spans_of, tags_of, viterbi, Model, TagScratch, MAX_HEADS, NT, W8_SCALE};

#[derive(Debug, Clone, Copy)]
pub struct TrainOptions {
    pub epochs: usize,
    pub seed: u64,
    /// Feature table of `1 << bits` rows.
    pub bits: u8,
    /// With several corpora: one head per corpus and a domain classifier that picks the
    /// head of each sentence from its text (see [`train_domains`]).
    pub heads: bool,
}

impl Default for TrainOptions {
    fn default() -> Self {
        TrainOptions {
            epochs: 12,
            seed: 13,
            bits: 19,
            heads: false,
        }
    }
}

/// What training reports as it goes.
#[derive(Debug)]
pub enum Event<'a> {
    /// `done` of `total` sentences of the current epoch trained.
    Step { done: usize, total: usize },
    /// An epoch finished; dev scores when there is a dev set.
    Epoch {
        epoch: usize,
        errors: usize,
        dev: Option<&'a Scores>,
    },
}

/// Exact-span scores of `model` on `sentences`.
pub fn evaluate(model: &Model, jieba: &Jieba, sentences: &[Sentence]) -> Scores {
    let mut scores = Scores::default();
    let mut s = TagScratch::default();
    let mut text = String::new();
    for sent in sentences {
        folded(&sent.text, &mut text);
        let words = segment(jieba, &text).unwrap_or_default();
        let pred = model.tag(&sent.text, &words, &mut s);
        scores.add(&sent.spans, &pred);
    }
    scores
}

/// The text as the pipeline hands it to the stage (full-width digits and letters folded by
/// the normalize stage), so jieba sees the same text in training and in use.
fn folded(chars: &[char], out: &mut String) {
    out.clear();
    out.extend(
        chars
            .iter()
            .map(|&c| crate::stages::normalize::half_width(c)),
    );
}

/// Trains a model on `train`, scoring `dev` after each epoch.
pub fn train(
    train: &[Sentence],
    dev: &[Sentence],
    opts: TrainOptions,
    report: &mut dyn FnMut(Event),
) -> Model {
    train_domains(&[train], None, dev, opts, report)
}

/// Trains on several corpora (`parts`, one slice each), scoring `dev` after each epoch.
///
/// `adapt: None` trains one model on all of them. `adapt: Some(k)` adapts the model to corpus
/// `k` by feature augmentation (Daumé III, "Frustratingly easy domain adaptation", 2007):
/// every weight has a shared copy and one copy per corpus; a sentence is scored with the
/// shared plus its own corpus's copy and updates both. The model written is the shared copy
/// plus corpus `k`'s, so it is as large and as fast as an unadapted one: the other corpora
/// teach what they share with `k`, and `k`'s own annotation conventions win where they
/// differ (a user's own labelled pages trained with `ner-train`, for example).
///
/// `opts.heads` (without `adapt`) trains the same way but keeps every corpus's head (the
/// shared copy plus that corpus's), and a domain classifier over the sentence's chars and
/// char bigrams that learns which corpus a sentence reads like; tagging then uses the head
/// the classifier picks. The model is as fast per char as one head, and `heads` times as
/// large.
pub fn train_domains(
    parts: &[&[Sentence]],
    adapt: Option<usize>,
    dev: &[Sentence],
    opts: TrainOptions,
    report: &mut dyn FnMut(Event),
) -> Model {
    let bits = opts.bits.clamp(super::MIN_BITS, super::MAX_BITS);
    let jieba = Jieba::new();
    let mut scratch = Scratch::default();
    let total: usize = parts.iter().map(|p| p.len()).sum();
    let all = || {
        parts
            .iter()
            .enumerate()
            .flat_map(|(d, p)| p.iter().map(move |s| (d, s)))
            .enumerate()
    };
    // Kind bit: the kind plus 3 × the corpus (at most two corpora keep their own bits).
    let names = |(d, s): (usize, &'_ Sentence)| -> Vec<(Vec<char>, u8)> {
        s.spans
            .iter()
            .filter(|&&(a, b, _)| a < b && b <= s.text.len())
            .map(|&(a, b, k)| (s.text[a..b].to_vec(), k as u8 + 3 * d.min(1) as u8))
            .collect()
    };
    // The learned gazetteer, jackknifed: a sentence of fold j sees only the names of the
    // other folds, so the weights learn how far a name seen elsewhere is to be trusted
    // (with its own names listed, the feature would look infallible in training). The model
    // keeps the list of all folds.
    let fold_lex: Vec<Lexicons> = (0..GAZ_FOLDS)
        .map(|j| {
            let mut lex = Lexicons::new();
            let list: Vec<(Vec<char>, u8)> = all()
                .filter(|(k, _)| k % GAZ_FOLDS != j)
                .flat_map(|(_, s)| names(s))
                .collect();
            lex.learned = Gazetteer::build(list.iter().map(|(n, k)| (n.as_slice(), *k)));
            lex
        })
        .collect();
    let full_list: Vec<(Vec<char>, u8)> = all().flat_map(|(_, s)| names(s)).collect();
    let learned = Gazetteer::build(full_list.iter().map(|(n, k)| (n.as_slice(), *k)));
    let mut feats: Vec<Vec<u32>> = Vec::with_capacity(total);
    let mut golds: Vec<Vec<u8>> = Vec::with_capacity(total);
    let mut doms: Vec<usize> = Vec::with_capacity(total);
    let mut text = String::new();
    for (d, part) in parts.iter().enumerate() {
        for s in part.iter() {
            let mut f = Vec::new();
            folded(&s.text, &mut text);
            let words = segment(&jieba, &text).unwrap_or_default();
            let lex = &fold_lex[feats.len() % GAZ_FOLDS];
            features(lex, &s.text, &words, bits, &mut scratch, &mut f);
            feats.push(f);
            golds.push(tags_of(s.text.len(), &s.spans));
            doms.push(d);
        }
    }
    let fold = adapt.filter(|&k| k < parts.len() && parts.len() > 1);
    let multi = fold.is_none() && opts.heads && (2..=MAX_HEADS).contains(&parts.len());
    let copies = if fold.is_some() || multi {
        1 + parts.len()
    } else {
        1
    };
    let domain = if multi {
        train_domain(parts, opts.seed)
    } else {
        Vec::new()
    };
    let rows = 1usize << bits;
    let size = rows * NT;
    // Current weights and the running sums for averaging (avg = w - u / c).
    let mut w = vec![0i32; size * copies];
    let mut u = vec![0i64; size * copies];
    let mut tw = vec![0i64; NT * NT * copies];
    let mut tu = vec![0i64; NT * NT * copies];
    let mut c: i64 = 1;
    let mut rng = Rng::new(opts.seed);
    let mut order: Vec<usize> = (0..total).collect();
    let (mut emit, mut back, mut pred) = (Vec::new(), Vec::new(), Vec::new());
    let mut model = None;
    // The model of the current weights: the shared copy, plus the adapted corpus's.
    // The head of corpus k: the shared copy plus k's.
    let head = |k: usize, w: &[i32], u: &[i64], tw: &[i64], tu: &[i64], c: i64| {
        let (o, to) = ((1 + k) * size, (1 + k) * NT * NT);
        let wf: Vec<i32> = (0..size).map(|i| w[i] + w[o + i]).collect();
        let uf: Vec<i64> = (0..size).map(|i| u[i] + u[o + i]).collect();
        let twf: Vec<i64> = (0..NT * NT).map(|i| tw[i] + tw[to + i]).collect();
        let tuf: Vec<i64> = (0..NT * NT).map(|i| tu[i] + tu[to + i]).collect();
        averaged(&wf, &uf, &twf, &tuf, c)
    };
    let fold_model = |w: &[i32], u: &[i64], tw: &[i64], tu: &[i64], c: i64| -> Model {
        if multi {
            let (mut weights, mut trans) = (Vec::new(), Vec::new());
            for k in 0..parts.len() {
                let (wk, tk) = head(k, w, u, tw, tu, c);
                weights.extend(wk);
                trans.extend(tk);
            }
            let mut m = Model::with_heads(bits, &weights, trans, domain.clone());
            m.set_learned(learned.clone());
            return m;
        }
        let (weights, trans) = match fold {
            Some(k) => head(k, w, u, tw, tu, c),
            None => averaged(&w[..size], &u[..size], &tw[..NT * NT], &tu[..NT * NT], c),
        };
        let mut m = Model::new(bits, &weights, trans);
        m.set_learned(learned.clone());
        m
    };
    for epoch in 1..=opts.epochs.max(1) {
        rng.shuffle(&mut order);
        let mut errors = 0;
        for (done, &k) in order.iter().enumerate() {
            if done % 2048 == 0 {
                report(Event::Step {
                    done,
                    total: order.len(),
                });
            }
            let (f, gold) = (&feats[k], &golds[k]);
            // Where the sentence's weight copies start: the shared one, and its corpus's.
            let own = [0, (1 + doms[k]) * size];
            let offs = &own[..copies.min(2)];
            let town = [0, (1 + doms[k]) * NT * NT];
            let toffs = &town[..copies.min(2)];
            let n = gold.len();
            emit.clear();
            emit.resize(n * NT, 0i32);
            for (i, row) in f.chunks_exact(NF).enumerate() {
                let mut acc = [0i64; NT];
                for &r in row {
                    for &o in offs {
                        let ws = &w[o + r as usize * NT..o + r as usize * NT + NT];
                        for t in 0..NT {
                            acc[t] += ws[t] as i64;
                        }
                    }
                }
                for t in 0..NT {
                    emit[i * NT + t] = clamp28(acc[t]);
                }
            }
            let trans: [i32; NT * NT] =
                std::array::from_fn(|i| clamp28(toffs.iter().map(|o| tw[o + i]).sum()));
            viterbi(n, &emit, &trans, &mut back, &mut pred);
            if pred != *gold {
                errors += 1;
                for i in 0..n {
                    let (g, p) = (gold[i] as usize, pred[i] as usize);
                    if g != p {
                        for &r in &f[i * NF..i * NF + NF] {
                            for &o in offs {
                                let r = o + r as usize * NT;
                                w[r + g] += 1;
                                u[r + g] += c;
                                w[r + p] -= 1;
                                u[r + p] -= c;
                            }
                        }
                    }
                    if i > 0 {
                        let gt = gold[i - 1] as usize * NT + g;
                        let pt = pred[i - 1] as usize * NT + p;
                        if gt != pt {
                            for &o in toffs {
                                tw[o + gt] += 1;
                                tu[o + gt] += c;
                                tw[o + pt] -= 1;
                                tu[o + pt] -= c;
                            }
                        }
                    }
                }
            }
            c += 1;
        }
        let m = fold_model(&w, &u, &tw, &tu, c);
        let scores = (!dev.is_empty()).then(|| evaluate(&m, &jieba, dev));
        report(Event::Epoch {
            epoch,
            errors,
            dev: scores.as_ref(),
        });
        model = Some(m);
    }
    match model {
        Some(m) => m,
        None => fold_model(&w, &u, &tw, &tu, c),
    }
}

/// Folds of the jackknifed learned gazetteer.
const GAZ_FOLDS: usize = 5;

/// Viterbi's bound on a score (see [`viterbi`]); perceptron counts stay far below it.
fn clamp28(x: i64) -> i32 {
    x.clamp(-(1 << 28), 1 << 28) as i32
}

/// The averaged weights, quantised with one scale for all (Viterbi's argmax does not change
/// when every score is multiplied by the same positive number): table weights to i8 in units
/// of [`W8_SCALE`] transition units, transitions to i16. The scale gives the table weights
/// the whole i8 range unless the transitions would then leave i16.
fn averaged(w: &[i32], u: &[i64], tw: &[i64], tu: &[i64], c: i64) -> (Vec<i8>, Vec<i16>) {
    let avg = |w: i64, u: i64| -> f64 { w as f64 - u as f64 / c as f64 };
    let mut max_w: f64 = 0.0;
    for (a, b) in w.iter().zip(u) {
        max_w = max_w.max(avg(*a as i64, *b).abs());
    }
    let mut max_t: f64 = 0.0;
    for (a, b) in tw.iter().zip(tu) {
        max_t = max_t.max(avg(*a, *b).abs());
    }
    let by_w = if max_w > 0.0 {
        127.0 * W8_SCALE as f64 / max_w
    } else {
        f64::INFINITY
    };
    let by_t = if max_t > 0.0 {
        32767.0 / max_t
    } else {
        f64::INFINITY
    };
    let scale = match by_w.min(by_t) {
        s if s.is_finite() => s,
        _ => 0.0,
    };
    let q = |x: f64| -> i16 { (x * scale).round().clamp(-32767.0, 32767.0) as i16 };
    let q8 = |x: f64| -> i8 { (x * scale / W8_SCALE as f64).round().clamp(-127.0, 127.0) as i8 };
    let weights: Vec<i8> = w
        .iter()
        .zip(u)
        .map(|(a, b)| q8(avg(*a as i64, *b)))
        .collect();
    let trans = tw.iter().zip(tu).map(|(a, b)| q(avg(*a, *b))).collect();
    (weights, trans)
}

/// Epochs of the domain classifier (it converges in a few).
const DOMAIN_EPOCHS: usize = 6;

/// The domain classifier: a multiclass averaged perceptron over the sentences' char and
/// char-bigram rows ([`domain_features`]), the class being the corpus. Weights as i16,
/// `parts.len()` per row, row after row.
fn train_domain(parts: &[&[Sentence]], seed: u64) -> Vec<i16> {
    let h = parts.len();
    let mut feats: Vec<(Vec<u32>, usize)> = Vec::new();
    for (d, part) in parts.iter().enumerate() {
        for s in part.iter() {
            let mut f = Vec::new();
            domain_features(&s.text, &mut f);
            feats.push((f, d));
        }
    }
    let size = h << DOMAIN_BITS;
    let (mut w, mut u) = (vec![0i64; size], vec![0i64; size]);
    let mut c: i64 = 1;
    // Another stream than the tagger's shuffles, so the two stay independent.
    let mut rng = Rng::new(seed ^ 0xD0_4A1E);
    let mut order: Vec<usize> = (0..feats.len()).collect();
    for _ in 0..DOMAIN_EPOCHS {
        rng.shuffle(&mut order);
        for &k in &order {
            let (f, gold) = (&feats[k].0, feats[k].1);
            let mut score = [0i64; MAX_HEADS];
            for &r in f {
                for (s, x) in score.iter_mut().zip(&w[r as usize * h..r as usize * h + h]) {
                    *s += x;
                }
            }
            let mut pred = 0;
            for d in 1..h {
                if score[d] > score[pred] {
                    pred = d;
                }
            }
            if pred != gold {
                for &r in f {
                    let r = r as usize * h;
                    w[r + gold] += 1;
                    u[r + gold] += c;
                    w[r + pred] -= 1;
                    u[r + pred] -= c;
                }
            }
            c += 1;
        }
    }
    let avg: Vec<f64> = w
        .iter()
        .zip(&u)
        .map(|(&a, &b)| a as f64 - b as f64 / c as f64)
        .collect();
    let max = avg.iter().fold(0.0f64, |m, x| m.max(x.abs()));
    let scale = if max > 0.0 { 32767.0 / max } else { 0.0 };
    avg.iter()
        .map(|x| (x * scale).round().clamp(-32767.0, 32767.0) as i16)
        .collect()
}

/// Spans of the gold tags (for tests).
pub fn gold_spans(s: &Sentence) -> Vec<(usize, usize, super::Kind)> {
    spans_of(&tags_of(s.text.len(), &s.spans))
}
