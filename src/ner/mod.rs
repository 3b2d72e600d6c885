//! The entity tagger: a character-level sequence labeller for persons, organisations and
//! places, used by the entities stage (`stages::entities`) as its source of names in running
//! text.
//!
//! - [`features`] turns each position of a sentence into hashed feature ids;
//! - this file holds the tag set, the [`Model`] (weights, Viterbi decoding restricted to legal
//!   BIOES sequences) and its file format;
//! - [`train`] learns a model (structured averaged perceptron) and [`data`] reads the
//!   `ner-train` JSON Lines format, makes the seeded dev split and scores exact spans.
//!
//! Tags are BIOES over PER / ORG / LOC: `O` plus, per type, `B` (begin), `I` (inside), `E`
//! (end), `S` (single char). A decoded sequence is always legal (a `B-x` is followed by
//! `I-x`… `E-x`), so every span is well formed.

pub mod data;
pub mod features;
pub mod train;

use std::io::Read;
use std::sync::{Arc, OnceLock};

use features::{Gazetteer, Lexicons, Scratch, Word, DOMAIN_BITS, FEATURE_SET, NF};

/// Entity kinds the tagger knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    Per,
    Org,
    Loc,
}

impl Kind {
    pub const ALL: [Kind; 3] = [Kind::Per, Kind::Org, Kind::Loc];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Per => "PER",
            Kind::Org => "ORG",
            Kind::Loc => "LOC",
        }
    }

    /// The `ner-train` labels, and the project's entity types mapped onto them.
    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "PER" | "PERSON" => Kind::Per,
            "ORG" => Kind::Org,
            "LOC" | "GPE" | "FAC" => Kind::Loc,
            _ => return None,
        })
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// Number of tags: `O` and B/I/E/S for each kind.
pub const NT: usize = 1 + 4 * 3;

const O: u8 = 0;
const B: u8 = 1;
const I: u8 = 2;
const E: u8 = 3;
const S: u8 = 4;

/// The tag of `part` (B, I, E or S) of `kind`.
#[inline]
fn tag(kind: Kind, part: u8) -> u8 {
    1 + 4 * kind.index() as u8 + (part - 1)
}

#[inline]
fn part(t: u8) -> u8 {
    if t == O {
        O
    } else {
        (t - 1) % 4 + 1
    }
}

#[inline]
fn kind_of(t: u8) -> Kind {
    Kind::ALL[((t - 1) / 4) as usize]
}

/// Whether tag `b` may follow tag `a`.
pub fn legal(a: u8, b: u8) -> bool {
    match part(a) {
        B | I => matches!(part(b), I | E) && kind_of(a) == kind_of(b),
        _ => matches!(part(b), O | B | S),
    }
}

/// Whether a sentence may start with tag `t` (and, for [`legal_end`], end with it).
pub fn legal_start(t: u8) -> bool {
    matches!(part(t), O | B | S)
}

pub fn legal_end(t: u8) -> bool {
    matches!(part(t), O | E | S)
}

/// Tags of a sentence of `len` chars with these (sorted, non-overlapping) spans.
pub fn tags_of(len: usize, spans: &[(usize, usize, Kind)]) -> Vec<u8> {
    let mut tags = vec![O; len];
    for &(s, e, k) in spans {
        if s >= e || e > len {
            continue;
        }
        if e == s + 1 {
            tags[s] = tag(k, S);
        } else {
            tags[s] = tag(k, B);
            for t in &mut tags[s + 1..e - 1] {
                *t = tag(k, I);
            }
            tags[e - 1] = tag(k, E);
        }
    }
    tags
}

/// Spans of a legal tag sequence.
pub fn spans_of(tags: &[u8]) -> Vec<(usize, usize, Kind)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, &t) in tags.iter().enumerate() {
        match part(t) {
            S => out.push((i, i + 1, kind_of(t))),
            B => start = Some(i),
            E => {
                if let Some(s) = start.take() {
                    out.push((s, i + 1, kind_of(t)));
                }
            }
            I => {}
            _ => start = None,
        }
    }
    out
}

/// Tags that close a mention or stand outside one (`O`, `E-*`, `S-*`), ascending: the only
/// tags that may precede `O`, `B-*` and `S-*`.
const CLOSED: [usize; 7] = [0, 3, 4, 7, 8, 11, 12];
/// Tags that a closed tag may precede (`O`, `B-*`, `S-*`).
const OPENING: [usize; 7] = [0, 1, 4, 5, 8, 9, 12];

// The emission sums of `Model::tag_raw` run in i16 lanes.
const _: () = assert!(NF * 128 <= i16::MAX as usize);

/// Viterbi over `n` positions with emission scores `emit` (`n × NT`) and transition scores
/// `trans` (`NT × NT`, from × to): the best legal tag sequence, into `out`.
///
/// Only legal moves are scored: before `O`, `B-*` and `S-*` the seven [`CLOSED`] tags,
/// before `I-x` and `E-x` only `B-x` and `I-x` (61 moves per position instead of 169). The
/// predecessor sets are constants, so the loops unroll. Ties go to the lowest predecessor.
///
/// i32 scores: callers keep each emission and transition within ±2^28 (a model's weights are
/// i16 and a position sums [`NF`] of them), and the scores of a column are shifted so that
/// their best is 0 before the next one, so no sum overflows however long the sentence.
pub(crate) fn viterbi(
    n: usize,
    emit: &[i32],
    trans: &[i32],
    back: &mut Vec<u8>,
    out: &mut Vec<u8>,
) {
    out.clear();
    if n == 0 || emit.len() < n * NT || trans.len() < NT * NT {
        return;
    }
    // Transposed (to × from), so that a target's predecessors are read from one row.
    let tr: [[i32; NT]; NT] = std::array::from_fn(|t| std::array::from_fn(|p| trans[p * NT + t]));
    // Unreachable (illegal starts): far below any reachable score, with room to add to.
    const NEG: i32 = i32::MIN / 4;
    back.clear();
    back.resize(n * NT, 0);
    let mut prev = [NEG; NT];
    for t in 0..NT {
        if legal_start(t as u8) {
            prev[t] = emit[t];
        }
    }
    let mut cur = [NEG; NT];
    for (em, bk) in emit[NT..n * NT]
        .chunks_exact(NT)
        .zip(back[NT..].chunks_exact_mut(NT))
    {
        for &t in &OPENING {
            let row = &tr[t];
            let mut best = NEG;
            let mut arg = 0u8;
            for &p in &CLOSED {
                let s = prev[p] + row[p];
                if s > best {
                    best = s;
                    arg = p as u8;
                }
            }
            cur[t] = best + em[t];
            bk[t] = arg;
        }
        for k in 0..3 {
            let (b, i) = (1 + 4 * k, 2 + 4 * k);
            for t in [i, i + 1] {
                let row = &tr[t];
                let (sb, si) = (prev[b] + row[b], prev[i] + row[i]);
                // Same order as above: B before I, a tie stays with B.
                let (best, arg) = if si > sb && si > NEG {
                    (si, i)
                } else if sb > NEG {
                    (sb, b)
                } else {
                    (NEG, 0)
                };
                cur[t] = best + em[t];
                bk[t] = arg as u8;
            }
        }
        let top = cur.iter().copied().max().unwrap_or(0);
        for (p, c) in prev.iter_mut().zip(&cur) {
            *p = c - top;
        }
    }
    let mut best = i32::MIN;
    let mut last = 0u8;
    for (t, &score) in prev.iter().enumerate() {
        if legal_end(t as u8) && score > best {
            best = score;
            last = t as u8;
        }
    }
    out.resize(n, O);
    out[n - 1] = last;
    for i in (1..n).rev() {
        out[i - 1] = back[i * NT + out[i] as usize];
    }
}

/// Why a model file could not be read. The caller names the file.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    #[error(
        "not a baozhi entity model (no `{}` header)",
        String::from_utf8_lossy(MAGIC)
    )]
    Foreign,
    #[error("entity model format version {0}; this baozhi reads version {FORMAT_VERSION}: retrain it with `baozhi train-entities`")]
    Version(u16),
    #[error("entity model trained with feature set {0}; this baozhi uses set {FEATURE_SET}: retrain it with `baozhi train-entities`")]
    FeatureSet(u16),
    #[error("corrupt entity model: {0}")]
    Corrupt(String),
}

/// First bytes of every model file, then the format version (u16 little-endian), then the
/// zstd-compressed body.
pub const MAGIC: &[u8; 8] = b"BZNERMDL";
/// 1: i16 weights; 2: i8 weights; 3: several heads and the domain classifier that picks one
/// (older files are refused with a request to retrain).
pub const FORMAT_VERSION: u16 = 3;

/// Most heads a model file may hold.
pub const MAX_HEADS: usize = 8;

/// The model the binary ships (`data/README.md` says how it was trained).
const EMBEDDED: &[u8] = include_bytes!("../../data/entity_model.bzner");

/// Weights of one feature bucket: [`NT`] tags padded to 16 lanes and aligned, so that a row
/// is one 16-byte load that never straddles two cache lines. Summing the rows of a
/// sentence's features is where tagging spends its time, waiting on memory; i8 weights
/// (with transitions 256 times finer, see [`W8_SCALE`]) halve the table against i16 and
/// lost nothing measurable on the dev split.
#[derive(Clone, Copy, Default)]
#[repr(C, align(16))]
struct Row([i8; LANES]);

const LANES: usize = 16;

/// A weight of the table counts this many transition units.
pub const W8_SCALE: i32 = 256;

/// A trained tagger: one weight row per feature bucket (i8) and transition weights (i16),
/// for each of its heads, and the domain classifier that picks the head of a sentence.
///
/// Why heads: the training corpora annotate organisations and places by different
/// conventions (see `data/README.md`), so one set of weights sits between them; a head per
/// corpus (trained with a shared copy of every weight, see [`train::train_domains`]) keeps
/// each convention, and the classifier reads from the text alone which one it is.
pub struct Model {
    bits: u8,
    heads: usize,
    /// `heads << bits` rows, head after head.
    rows: Vec<Row>,
    /// `NT × NT` per head.
    trans: Vec<i16>,
    /// Per domain-feature row, one weight per head (empty with one head).
    domain: Vec<i16>,
    lex: Lexicons,
}

impl std::fmt::Debug for Model {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Model {{ bits: {} }}", self.bits)
    }
}

/// Reusable buffers of [`Model::tag`].
#[derive(Default)]
pub struct TagScratch {
    feats: Vec<u32>,
    dom: Vec<u32>,
    feat: Scratch,
    emit: Vec<i32>,
    back: Vec<u8>,
    tags: Vec<u8>,
}

impl Model {
    /// The embedded model, decoded once per process.
    pub fn embedded() -> Arc<Model> {
        static M: OnceLock<Arc<Model>> = OnceLock::new();
        M.get_or_init(|| match Model::from_bytes(EMBEDDED) {
            Ok(m) => Arc::new(m),
            // The build embeds a file that the tests load: failing here is a build defect.
            Err(e) => panic!("embedded entity model: {e}"),
        })
        .clone()
    }

    /// A model of `1 << bits` rows from `weights` (`NT` per row, row after row).
    pub(crate) fn new(bits: u8, weights: &[i8], trans: Vec<i16>) -> Model {
        Model::with_heads(bits, weights, trans, Vec::new())
    }

    /// A model of several heads: `weights` holds `heads << bits` rows, `trans` `NT × NT`
    /// per head, and `domain` `heads` weights per domain-feature row (empty for one head).
    pub(crate) fn with_heads(bits: u8, weights: &[i8], trans: Vec<i16>, domain: Vec<i16>) -> Model {
        let rows = weights
            .chunks_exact(NT)
            .map(|w| {
                let mut r = Row::default();
                r.0[..NT].copy_from_slice(w);
                r
            })
            .collect();
        Model::from_rows(bits, rows, trans, domain)
    }

    fn from_rows(bits: u8, rows: Vec<Row>, trans: Vec<i16>, domain: Vec<i16>) -> Model {
        let heads = trans.len() / (NT * NT);
        debug_assert_eq!(rows.len(), heads << bits);
        debug_assert!(heads == 1 || domain.len() == heads << DOMAIN_BITS);
        Model {
            bits,
            heads,
            rows,
            trans,
            domain,
            lex: Lexicons::new(),
        }
    }

    /// The names learned from training data that the features consult.
    pub(crate) fn set_learned(&mut self, g: Gazetteer) {
        self.lex.learned = g;
    }

    /// Number of heads (one per training corpus when trained with domain heads).
    pub fn heads(&self) -> usize {
        self.heads
    }

    /// The head that tags `text`: the domain classifier's best (the first on a tie).
    pub fn head_of(&self, text: &[char], dom: &mut Vec<u32>) -> usize {
        if self.heads < 2 || self.domain.len() != self.heads << DOMAIN_BITS {
            return 0;
        }
        features::domain_features(text, dom);
        let mut score = [0i64; MAX_HEADS];
        for &f in dom.iter() {
            let w = &self.domain[f as usize * self.heads..(f as usize + 1) * self.heads];
            for (s, &x) in score.iter_mut().zip(w) {
                *s += x as i64;
            }
        }
        let mut best = 0;
        for h in 1..self.heads {
            if score[h] > score[best] {
                best = h;
            }
        }
        best
    }

    /// Feature table size, as a power of two.
    pub fn bits(&self) -> u8 {
        self.bits
    }

    /// Mentions in `text`: `(start, end, kind)` in code points, in order, non-overlapping.
    /// `words`: jieba's segmentation of `text` ([`features::segment`]).
    pub fn tag(
        &self,
        text: &[char],
        words: &[Word],
        s: &mut TagScratch,
    ) -> Vec<(usize, usize, Kind)> {
        self.tag_raw(text, words, s);
        spans_of(&s.tags)
    }

    /// The tag sequence of `text`, into `s.tags`.
    fn tag_raw(&self, text: &[char], words: &[Word], s: &mut TagScratch) {
        let n = text.len();
        let head = self.head_of(text, &mut s.dom);
        let table = &self.rows[head << self.bits..(head + 1) << self.bits];
        features::features(&self.lex, text, words, self.bits, &mut s.feat, &mut s.feats);
        s.emit.clear();
        s.emit.resize(n * NT, 0);
        // All of a sentence's feature ids are known before the sums start, so the loads of
        // many rows are in flight at once.
        for (i, feats) in s.feats.chunks_exact(NF).enumerate() {
            // i16 lanes: [`NF`] i8 weights sum to at most NF × 128 in magnitude (asserted
            // at compile time), and 16 i16 lanes are half the vector work of i32 ones.
            let mut acc = [0i16; LANES];
            for &f in feats {
                // `features` keeps ids below `1 << bits`; a miss would be a bug, not input.
                let w = &table[f as usize].0;
                for (a, &x) in acc.iter_mut().zip(w) {
                    *a += x as i16;
                }
            }
            for (e, &a) in s.emit[i * NT..i * NT + NT].iter_mut().zip(&acc) {
                *e = a as i32 * W8_SCALE;
            }
        }
        let tr = &self.trans[head * NT * NT..(head + 1) * NT * NT];
        let trans: [i32; NT * NT] = std::array::from_fn(|i| tr[i] as i32);
        viterbi(n, &s.emit, &trans, &mut s.back, &mut s.tags);
    }

    /// The tags of `text` (for tests of legality).
    pub fn tags(&self, text: &[char], words: &[Word]) -> Vec<u8> {
        let mut s = TagScratch::default();
        self.tag_raw(text, words, &mut s);
        s.tags
    }

    /// The model file: magic, format version, then zstd of (feature set, bits, tag count,
    /// head count, transitions as i16, weights as i8, with several heads the domain
    /// classifier's weights as i16, the learned gazetteer ([`Gazetteer::to_bytes`]), FNV-1a
    /// checksum of what precedes it).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut body = Vec::with_capacity(12 + 2 * self.trans.len() + NT * self.rows.len());
        body.extend_from_slice(&FEATURE_SET.to_le_bytes());
        body.push(self.bits);
        body.push(NT as u8);
        body.push(self.heads as u8);
        for w in &self.trans {
            body.extend_from_slice(&w.to_le_bytes());
        }
        for r in &self.rows {
            body.extend(r.0[..NT].iter().map(|&w| w as u8));
        }
        if self.heads > 1 {
            for w in &self.domain {
                body.extend_from_slice(&w.to_le_bytes());
            }
        }
        body.extend_from_slice(&self.lex.learned.to_bytes());
        let sum = fnv(&body);
        body.extend_from_slice(&sum.to_le_bytes());
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        // Level 19 is slow to write but makes the embedded file about a third smaller; the
        // output depends only on the input bytes, so training stays byte-for-byte repeatable.
        match zstd::bulk::compress(&body, 19) {
            Ok(z) => out.extend_from_slice(&z),
            Err(_) => unreachable!("zstd compression of an in-memory buffer does not fail"),
        }
        out
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Model, ModelError> {
        let rest = bytes.strip_prefix(MAGIC).ok_or(ModelError::Foreign)?;
        let (ver, z) = rest.split_at_checked(2).ok_or(ModelError::Foreign)?;
        let ver = u16::from_le_bytes([ver[0], ver[1]]);
        if ver != FORMAT_VERSION {
            return Err(ModelError::Version(ver));
        }
        let corrupt = |m: &str| ModelError::Corrupt(m.to_string());
        // Streamed: the weights are decoded straight into their table, so loading needs no
        // second copy of them (the table is 55 MB at 2^21 rows).
        let mut r =
            zstd::stream::read::Decoder::new(z).map_err(|e| ModelError::Corrupt(e.to_string()))?;
        let mut sum: u64 = FNV_START;
        let mut read = |buf: &mut [u8], sum: &mut u64| -> Result<(), ModelError> {
            r.read_exact(buf)
                .map_err(|e| ModelError::Corrupt(format!("cannot decompress: {e}")))?;
            *sum = fnv_update(*sum, buf);
            Ok(())
        };
        let mut head = [0u8; 5];
        read(&mut head, &mut sum)?;
        let set = u16::from_le_bytes([head[0], head[1]]);
        if set != FEATURE_SET {
            return Err(ModelError::FeatureSet(set));
        }
        let bits = head[2];
        if head[3] as usize != NT {
            return Err(corrupt("wrong tag count"));
        }
        if !(MIN_BITS..=MAX_BITS).contains(&bits) {
            return Err(corrupt("feature table size out of range"));
        }
        let heads = head[4] as usize;
        if !(1..=MAX_HEADS).contains(&heads) {
            return Err(corrupt("head count out of range"));
        }
        let mut trans_bytes = vec![0u8; 2 * NT * NT * heads];
        read(&mut trans_bytes, &mut sum)?;
        let trans = trans_bytes
            .chunks_exact(2)
            .map(|b| i16::from_le_bytes([b[0], b[1]]))
            .collect();
        // Row by row, in batches, straight into the padded table.
        let n = heads << bits;
        let mut rows = Vec::with_capacity(n);
        let mut buf = vec![0u8; NT * 4096];
        while rows.len() < n {
            let k = (n - rows.len()).min(4096);
            read(&mut buf[..NT * k], &mut sum)?;
            rows.extend(buf[..NT * k].chunks_exact(NT).map(|b| {
                let mut r = Row::default();
                for (x, &b) in r.0.iter_mut().zip(b) {
                    *x = b as i8;
                }
                r
            }));
        }
        let mut domain = Vec::new();
        if heads > 1 {
            let mut b = vec![0u8; 2 * (heads << DOMAIN_BITS)];
            read(&mut b, &mut sum)?;
            domain = b
                .chunks_exact(2)
                .map(|b| i16::from_le_bytes([b[0], b[1]]))
                .collect();
        }
        let mut count = [0u8; 4];
        read(&mut count, &mut sum)?;
        let count = u32::from_le_bytes(count) as usize;
        if count > 1 << 26 {
            return Err(corrupt("learned gazetteer too large"));
        }
        let mut b = vec![0u8; 9 * count];
        read(&mut b, &mut sum)?;
        let pairs: Vec<(u64, u8)> = b
            .chunks_exact(9)
            .map(|p| {
                let mut k = [0u8; 8];
                k.copy_from_slice(&p[..8]);
                (u64::from_le_bytes(k), p[8])
            })
            .collect();
        let learned = Gazetteer::from_pairs(&pairs).ok_or_else(|| corrupt("bad gazetteer key"))?;
        let mut tail = [0u8; 8];
        r.read_exact(&mut tail)
            .map_err(|_| corrupt("truncated (no checksum)"))?;
        if u64::from_le_bytes(tail) != sum {
            return Err(corrupt("checksum mismatch"));
        }
        let mut extra = [0u8; 1];
        if matches!(r.read(&mut extra), Ok(n) if n > 0) {
            return Err(corrupt("wrong length"));
        }
        let mut m = Model::from_rows(bits, rows, trans, domain);
        m.set_learned(learned);
        Ok(m)
    }
}

/// Smallest and largest feature tables, as powers of two.
pub const MIN_BITS: u8 = 8;
pub const MAX_BITS: u8 = 22;

const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv_update(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01B3);
    }
    h
}

fn fnv(bytes: &[u8]) -> u64 {
    fnv_update(FNV_START, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_spans_round_trip() {
        let spans = vec![(0, 3, Kind::Per), (4, 5, Kind::Loc), (5, 9, Kind::Org)];
        let tags = tags_of(10, &spans);
        assert_eq!(spans_of(&tags), spans);
        assert!(tags.windows(2).all(|w| legal(w[0], w[1])));
    }

    #[test]
    fn legality() {
        let b_per = tag(Kind::Per, B);
        assert!(legal(b_per, tag(Kind::Per, I)));
        assert!(legal(b_per, tag(Kind::Per, E)));
        assert!(!legal(b_per, tag(Kind::Org, E)));
        assert!(!legal(b_per, O));
        assert!(!legal(O, tag(Kind::Loc, I)));
        assert!(legal(tag(Kind::Loc, S), tag(Kind::Org, B)));
        assert!(!legal_start(tag(Kind::Org, E)));
        assert!(!legal_end(b_per));
    }

    #[test]
    fn viterbi_never_illegal_even_when_emissions_ask() {
        // Emissions favour I-PER everywhere, which may not start a sentence or follow O.
        let n = 4;
        let mut emit = vec![0i32; n * NT];
        for i in 0..n {
            emit[i * NT + tag(Kind::Per, I) as usize] = 100;
        }
        let trans = vec![0i32; NT * NT];
        let (mut back, mut out) = (Vec::new(), Vec::new());
        viterbi(n, &emit, &trans, &mut back, &mut out);
        assert!(legal_start(out[0]) && legal_end(out[n - 1]));
        assert!(out.windows(2).all(|w| legal(w[0], w[1])));
    }

    /// Viterbi over every tag pair, legal ones only, in the plain order: what [`viterbi`]
    /// must equal move for move.
    fn viterbi_all_pairs(n: usize, emit: &[i32], trans: &[i32]) -> Vec<u8> {
        const NEG: i32 = i32::MIN / 4;
        let mut back = vec![0u8; n * NT];
        let mut prev = [NEG; NT];
        for t in 0..NT {
            if legal_start(t as u8) {
                prev[t] = emit[t];
            }
        }
        for i in 1..n {
            let mut cur = [NEG; NT];
            for t in 0..NT {
                let (mut best, mut arg) = (NEG, 0u8);
                for p in 0..NT {
                    let s = prev[p] + trans[p * NT + t];
                    if legal(p as u8, t as u8) && s > best {
                        best = s;
                        arg = p as u8;
                    }
                }
                cur[t] = best + emit[i * NT + t];
                back[i * NT + t] = arg;
            }
            let top = cur.iter().copied().max().unwrap_or(0);
            for (p, c) in prev.iter_mut().zip(&cur) {
                *p = c - top;
            }
        }
        let (mut best, mut last) = (i32::MIN, 0u8);
        for (t, &score) in prev.iter().enumerate() {
            if legal_end(t as u8) && score > best {
                best = score;
                last = t as u8;
            }
        }
        let mut out = vec![O; n];
        out[n - 1] = last;
        for i in (1..n).rev() {
            out[i - 1] = back[i * NT + out[i] as usize];
        }
        out
    }

    #[test]
    fn predecessor_sets_are_the_legal_moves() {
        for a in 0..NT {
            for b in 0..NT {
                // Before I-x and E-x (the tags not in OPENING): B-x and I-x only.
                let listed = if OPENING.contains(&b) {
                    CLOSED.contains(&a)
                } else {
                    let k = (b - 1) / 4;
                    a == 1 + 4 * k || a == 2 + 4 * k
                };
                assert_eq!(listed, legal(a as u8, b as u8), "{a} -> {b}");
            }
        }
    }

    #[test]
    fn viterbi_equals_the_all_pairs_search() {
        // A small deterministic generator: scores with many ties (few distinct values) and
        // wide ones, so both tie-breaking and the column shift are exercised.
        let mut x: u64 = 0x2545_f491_4f6c_dd1d;
        let mut next = |m: i64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % (2 * m as u64 + 1)) as i64 - m
        };
        let (mut back, mut out) = (Vec::new(), Vec::new());
        for round in 0..400 {
            let n = 1 + round % 37;
            let m = if round % 2 == 0 { 3 } else { 1 << 20 };
            let emit: Vec<i32> = (0..n * NT).map(|_| next(m) as i32).collect();
            let trans: Vec<i32> = (0..NT * NT).map(|_| next(m) as i32).collect();
            viterbi(n, &emit, &trans, &mut back, &mut out);
            assert_eq!(out, viterbi_all_pairs(n, &emit, &trans), "round {round}");
        }
    }

    #[test]
    fn foreign_and_corrupt_files() {
        assert!(matches!(
            Model::from_bytes(b"PK\x03\x04 a zip file"),
            Err(ModelError::Foreign)
        ));
        let small = || Model::new(10, &vec![1; NT << 10], vec![0; NT * NT]);
        let mut bytes = small().to_bytes();
        assert!(Model::from_bytes(&bytes).is_ok());
        let n = bytes.len();
        bytes.truncate(n / 2);
        assert!(matches!(
            Model::from_bytes(&bytes),
            Err(ModelError::Corrupt(_))
        ));
        let mut v = small().to_bytes();
        v[8] = 9;
        assert!(matches!(Model::from_bytes(&v), Err(ModelError::Version(9))));
        // Files of the formats before i8 weights and before heads.
        v[8] = 2;
        assert!(matches!(Model::from_bytes(&v), Err(ModelError::Version(2))));
        v[8] = 1;
        assert!(matches!(Model::from_bytes(&v), Err(ModelError::Version(1))));
    }
}
