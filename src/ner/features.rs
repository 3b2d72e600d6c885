//! Features of the entity tagger: each position of a sentence becomes [`NF`] table rows,
//! hashed straight from code points and small flags to integer ids (no string is built).
//!
//! Characters are folded first (full-width ASCII → half-width, U+3000 → space, ASCII upper →
//! lower case), on the training and the inference side alike, so `１９９８` and `1998` or
//! `ＧＤＰ` and `gdp` share their weights.
//!
//! Changing what a feature means or adding one changes [`FEATURE_SET`]: a model file records
//! the set it was trained with, and a model of another set is refused.

use crate::zh::lexicon::{self, surname_len, Trie};

/// Version of the feature templates below, stored in every model file.
pub const FEATURE_SET: u16 = 3;

/// Features per position.
pub const NF: usize = 26;

/// One word of jieba's segmentation (no HMM), with its code-point span and part of speech:
/// the tagger reads word boundaries and jieba's tags (nr person, ns place, nt organisation…)
/// as features, and the stage's rules read the same words.
#[derive(Debug, Clone, Copy)]
pub struct Word<'a> {
    pub s: usize,
    pub e: usize,
    pub w: &'a str,
    pub tag: &'a str,
}

impl Word<'_> {
    pub fn len(&self) -> usize {
        self.e - self.s
    }

    pub fn is_empty(&self) -> bool {
        self.e == self.s
    }
}

/// The words of `text` with code-point offsets. `None` if jieba's words do not tile the
/// text (never expected; callers then go without words rather than risk bad offsets).
pub fn segment<'a>(jieba: &'a jieba_rs::Jieba, text: &'a str) -> Option<Vec<Word<'a>>> {
    let tags = jieba.tag(text, false);
    let mut out = Vec::with_capacity(tags.len());
    let mut pos = 0usize;
    let mut byte = 0usize;
    for t in tags {
        // jieba's words are slices of `text`: the same address at the same offset needs
        // no byte comparison.
        let same_place = text.as_bytes().get(byte..).map(<[u8]>::as_ptr) == Some(t.word.as_ptr())
            && byte + t.word.len() <= text.len();
        if !same_place && text.get(byte..byte + t.word.len()) != Some(t.word) {
            return None;
        }
        byte += t.word.len();
        // jieba counts the chars of each word already.
        let n = t.end - t.start;
        out.push(Word {
            s: pos,
            e: pos + n,
            w: t.word,
            tag: t.tag,
        });
        pos += n;
    }
    (byte == text.len()).then_some(out)
}

/// A part-of-speech tag as a number (tags are a few ASCII letters).
#[inline]
fn tag_id(tag: &str) -> u64 {
    tag.bytes().take(7).fold(0u64, |h, b| h << 8 | b as u64) | 1 << 60
}

/// Stand-ins for the chars before the first and after the last position.
const BOS: u64 = 0x11_0000;
const EOS: u64 = 0x11_0001;

/// Full-width ASCII → half-width, ideographic space → space, ASCII letters → lower case.
#[inline]
pub fn fold(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        c => c,
    };
    c.to_ascii_lowercase()
}

/// Character class of a folded char (7 is the boundary).
#[inline]
fn class(c: char) -> u64 {
    match c {
        '0'..='9' => 1,
        'a'..='z' => 2,
        '〇' | '零' | '一' | '二' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十'
        | '百' | '千' | '万' | '亿' | '两' => 3,
        c if crate::zh::chars::is_han(c) => 0,
        c if c.is_whitespace() => 4,
        c if c.is_ascii_punctuation() || is_cjk_punct(c) => 5,
        _ => 6,
    }
}

fn is_cjk_punct(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF00}'..='\u{FFEF}' | '\u{2010}'..='\u{205F}')
}

/// What a word list says about one position: bit flags (see [`Lexicons::flags`]).
type Flags = u32;

/// Longest name the learned gazetteer holds, in chars.
pub const GAZ_MAX: usize = 12;

/// A learned gazetteer bit: the key is a prefix of a longer name.
const GAZ_PREFIX: u8 = 1 << 7;

/// Names seen as mentions in the training data, by kind, kept as hashes of their folded
/// chars (and of every prefix, so a walk stops at the first prefix no name has): the model
/// file holds no text of the data. An open-addressing table, key 0 empty.
#[derive(Clone, Default)]
pub struct Gazetteer {
    keys: Vec<u64>,
    vals: Vec<u8>,
}

#[inline]
fn gaz_step(h: u64, c: char) -> u64 {
    match mix(h ^ 0x6A2E, c as u64) {
        0 => 1,
        h => h,
    }
}

impl Gazetteer {
    /// The gazetteer of these names (folded here), each with its kind: a bit 0–5, the
    /// [`Kind`](super::Kind) plus 3 × the corpus that labelled it, since the corpora label by different
    /// conventions and each head learns how far to trust each corpus's list.
    pub fn build<'a>(names: impl Iterator<Item = (&'a [char], u8)>) -> Gazetteer {
        let mut map = std::collections::BTreeMap::<u64, u8>::new();
        for (name, kind) in names {
            if !(2..=GAZ_MAX).contains(&name.len()) {
                continue;
            }
            let mut h = 0u64;
            for (i, &c) in name.iter().enumerate() {
                h = gaz_step(h, fold(c));
                let v = map.entry(h).or_insert(0);
                if i + 1 == name.len() {
                    *v |= 1 << kind;
                } else {
                    *v |= GAZ_PREFIX;
                }
            }
        }
        Gazetteer::from_entries(map.into_iter())
    }

    fn from_entries(entries: impl ExactSizeIterator<Item = (u64, u8)>) -> Gazetteer {
        let cap = (entries.len() * 2).next_power_of_two().max(16);
        let mut g = Gazetteer {
            keys: vec![0; cap],
            vals: vec![0; cap],
        };
        for (k, v) in entries {
            let mut i = k as usize & (cap - 1);
            while g.keys[i] != 0 && g.keys[i] != k {
                i = (i + 1) & (cap - 1);
            }
            g.keys[i] = k;
            g.vals[i] |= v;
        }
        g
    }

    #[inline]
    fn get(&self, k: u64) -> u8 {
        let cap = self.keys.len();
        if cap == 0 {
            return 0;
        }
        let mut i = k as usize & (cap - 1);
        loop {
            match self.keys[i] {
                0 => return 0,
                x if x == k => return self.vals[i],
                _ => i = (i + 1) & (cap - 1),
            }
        }
    }

    /// Sorted (key, value) pairs: the bytes a model file stores.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut e: Vec<(u64, u8)> = self
            .keys
            .iter()
            .zip(&self.vals)
            .filter(|(k, _)| **k != 0)
            .map(|(k, v)| (*k, *v))
            .collect();
        e.sort_unstable();
        let mut out = Vec::with_capacity(4 + 9 * e.len());
        out.extend_from_slice(&(e.len() as u32).to_le_bytes());
        for (k, v) in e {
            out.extend_from_slice(&k.to_le_bytes());
            out.push(v);
        }
        out
    }

    /// From [`Gazetteer::to_bytes`]'s pairs (key 0 is never stored; one is refused).
    pub fn from_pairs(pairs: &[(u64, u8)]) -> Option<Gazetteer> {
        if pairs.iter().any(|p| p.0 == 0) {
            return None;
        }
        Some(Gazetteer::from_entries(pairs.iter().copied()))
    }

    /// Per position of the folded `chars`: the kinds (bits 0–5, see [`Gazetteer::build`]) and
    /// length (bits 6–9, at most 15) of the longest name starting here, the same of the
    /// longest ending here (bits 10–19), the kinds of the names strictly inside which it lies
    /// (bits 20–25).
    fn flags(&self, chars: &[char], out: &mut Vec<u32>) {
        out.clear();
        out.resize(chars.len(), 0);
        if self.keys.is_empty() {
            return;
        }
        for i in 0..chars.len() {
            let mut h = gaz_step(0, chars[i]);
            let mut best = (0usize, 0u8);
            for (j, &c) in chars
                .iter()
                .enumerate()
                .take((i + GAZ_MAX).min(chars.len()))
                .skip(i + 1)
            {
                h = gaz_step(h, c);
                let v = self.get(h);
                if v & 0x3F != 0 {
                    best = (j + 1 - i, v & 0x3F);
                }
                if v & GAZ_PREFIX == 0 {
                    break;
                }
            }
            let (len, kinds) = best;
            if len == 0 {
                continue;
            }
            let l = len.min(15) as u32;
            out[i] |= kinds as u32 | l << 6;
            let end = i + len - 1;
            if (out[end] >> 16) & 15 < l {
                out[end] = (out[end] & !(0x3FF << 10)) | (kinds as u32) << 10 | l << 16;
            }
            for f in &mut out[i + 1..end] {
                *f |= (kinds as u32) << 20;
            }
        }
    }
}

/// The word lists the features consult, built once from the embedded gazetteers and head
/// lists of `zh::lexicon`.
pub struct Lexicons {
    /// Place names of `data/` (Chinese divisions, full and short, and world places).
    places: Trie<()>,
    /// Heads of names: 0 organisation, 1 administrative (市, 县), 2 natural place, 3 facility.
    heads: Trie<u8>,
    /// Names learned from training data (empty unless a model brings them).
    pub learned: Gazetteer,
}

impl Default for Lexicons {
    fn default() -> Self {
        Lexicons::new()
    }
}

impl Lexicons {
    pub fn new() -> Lexicons {
        let mut places = Trie::new();
        for line in lexicon::ADMIN_DIVISIONS.lines() {
            if line.starts_with('#') {
                continue;
            }
            for (i, name) in line.split('\t').enumerate().take(2) {
                let name = name.trim();
                if name.chars().count() >= 2 && (i == 0 || name.chars().count() >= 2) {
                    places.insert(name, ());
                }
            }
        }
        for line in lexicon::WORLD_PLACES.lines() {
            let name = line.trim();
            if !line.starts_with('#') && name.chars().count() >= 2 {
                places.insert(name, ());
            }
        }
        let mut heads = Trie::new();
        for (kind, list) in [
            lexicon::ORG_HEADS,
            lexicon::GPE_HEADS,
            lexicon::LOC_HEADS,
            lexicon::FAC_HEADS,
        ]
        .iter()
        .enumerate()
        {
            for w in list.iter() {
                heads.insert(w, kind as u8);
            }
        }
        Lexicons {
            places,
            heads,
            learned: Gazetteer::default(),
        }
    }

    /// Per position: bits 0–2 the length (1–7) of the longest place name starting here,
    /// 3–5 of the longest ending here, 6 inside a place name, 8–11 a head of kind k ends
    /// here, 12–15 a head of kind k starts here.
    fn flags(&self, chars: &[char], out: &mut Vec<Flags>) {
        out.clear();
        out.resize(chars.len(), 0);
        let mut found = Vec::new();
        let mut heads = Vec::new();
        for i in 0..chars.len() {
            self.places.all_at(chars, i, &mut found);
            if let Some(&(len, ())) = found.first() {
                let l = len.min(7) as Flags;
                out[i] |= l;
                for f in &mut out[i + 1..i + len] {
                    *f |= 1 << 6;
                }
                let end = i + len - 1;
                if (out[end] >> 3) & 7 < l {
                    out[end] = (out[end] & !(7 << 3)) | (l << 3);
                }
            }
            self.heads.all_at(chars, i, &mut heads);
            for &(len, kind) in &heads {
                out[i + len - 1] |= 1 << (8 + kind);
                out[i] |= 1 << (12 + kind);
            }
        }
    }
}

#[inline]
fn mix(template: u64, value: u64) -> u64 {
    let h =
        (value ^ template.wrapping_mul(0x9E37_79B9_7F4A_7C15)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    let h = (h ^ (h >> 31)).wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^ (h >> 29)
}

/// Rows of the domain classifier's table, as a power of two (see [`domain_features`]).
pub const DOMAIN_BITS: u8 = 16;

/// The domain classifier's features of `text`: one row (in `0..1 << DOMAIN_BITS`) per folded
/// char and per char bigram, into `out` (cleared first). The classifier picks which of a
/// model's heads tags a sentence (newspaper prose or short web news, say) from what the
/// sentence is, never from where it came from.
pub fn domain_features(text: &[char], out: &mut Vec<u32>) {
    out.clear();
    let shift = 64 - DOMAIN_BITS as u32;
    // A bias row, so the classifier has a prior as well.
    out.push((mix(100, 0) >> shift) as u32);
    let mut prev = BOS;
    for &c in text {
        let c = fold(c) as u64;
        out.push((mix(101, c) >> shift) as u32);
        out.push((mix(102, prev << 21 | c) >> shift) as u32);
        prev = c;
    }
    out.push((mix(102, prev << 21 | EOS) >> shift) as u32);
}

/// Scratch buffers for [`features`], reused across sentences.
#[derive(Default)]
pub struct Scratch {
    chars: Vec<char>,
    flags: Vec<Flags>,
    /// Per position: the learned gazetteer's flags ([`Gazetteer::flags`]).
    gaz: Vec<u32>,
    /// Per position: index of its word in `words`, or `u32::MAX`.
    word_at: Vec<u32>,
    /// Per word: a hash of its folded chars.
    word_hash: Vec<u64>,
    /// Per word: its part-of-speech tag as a number.
    word_tag: Vec<u64>,
    /// Folded chars and their classes, padded with two boundary stand-ins on each side, so
    /// the window c−2…c+2 is read without bounds checks per offset.
    padded: Vec<u64>,
    classes: Vec<u64>,
    /// Per position: the length of the surname starting there (0 none).
    surname: Vec<u8>,
}

/// The table rows (in `0..1 << bits`) of every position of `text`, [`NF`] per position,
/// into `out` (cleared first).
///
/// `words` is jieba's segmentation of `text` ([`segment`]); words that do not fit `text` are
/// ignored, and empty `words` (no segmentation) are allowed.
pub fn features(
    lex: &Lexicons,
    text: &[char],
    words: &[Word],
    bits: u8,
    scratch: &mut Scratch,
    out: &mut Vec<u32>,
) {
    out.clear();
    let n = text.len();
    out.reserve(n * NF);
    scratch.chars.clear();
    scratch.chars.extend(text.iter().map(|&c| fold(c)));
    lex.flags(&scratch.chars, &mut scratch.flags);
    lex.learned.flags(&scratch.chars, &mut scratch.gaz);
    scratch.word_at.clear();
    scratch.word_at.resize(n, u32::MAX);
    scratch.word_hash.clear();
    for (k, w) in words.iter().enumerate() {
        let mut h = 0u64;
        if w.s < w.e && w.e <= n {
            for i in w.s..w.e {
                scratch.word_at[i] = k as u32;
                h = mix(h, scratch.chars[i] as u64);
            }
        }
        scratch.word_hash.push(h);
    }
    scratch.word_tag.clear();
    scratch.word_tag.extend(words.iter().map(|w| tag_id(w.tag)));
    let chars = &scratch.chars;
    scratch.padded.clear();
    scratch.padded.extend([BOS, BOS]);
    scratch.padded.extend(chars.iter().map(|&c| c as u64));
    scratch.padded.extend([EOS, EOS]);
    scratch.classes.clear();
    scratch.classes.extend([7, 7]);
    scratch.classes.extend(chars.iter().map(|&c| class(c)));
    scratch.classes.extend([7, 7]);
    scratch.surname.clear();
    scratch
        .surname
        .extend((0..n).map(|i| surname_len(chars, i).unwrap_or(0) as u8));
    let flags = &scratch.flags;
    let word_at = &scratch.word_at;
    let word_hash = &scratch.word_hash;
    // Tag of the word `k` (0 outside the sentence).
    let word_tag = &scratch.word_tag;
    let wtag = |k: Option<usize>| -> u64 { k.and_then(|k| word_tag.get(k)).copied().unwrap_or(0) };
    let shift = 64 - bits as u32;
    for i in 0..n {
        // Window c−2…c+2 of position i: padded[i..i + 5].
        let (m2, m1, c0, p1, p2) = match scratch.padded[i..i + 5] {
            [a, b, c, d, e] => (a, b, c, d, e),
            _ => unreachable!("the padded chars have 4 more entries than positions"),
        };
        let cl = &scratch.classes[i..i + 5];
        let surname = scratch.surname[i] as u64;
        let prev_surname = if i > 0 {
            scratch.surname[i - 1] as u64
        } else {
            3
        };
        let f = flags[i] as u64;
        let g = scratch.gaz[i] as u64;
        let k = (word_at[i] != u32::MAX).then_some(word_at[i] as usize);
        // Position in the word: 0 none, 1 begin, 2 middle, 3 end, 4 single; and its length.
        let (wpos, wlen, whash) = match k.and_then(|k| words.get(k).map(|w| (k, w))) {
            Some((k, w)) => {
                let pos = if w.len() == 1 {
                    4
                } else if i == w.s {
                    1
                } else if i + 1 == w.e {
                    3
                } else {
                    2
                };
                (pos, w.len().min(6) as u64, word_hash[k])
            }
            None => (0, 0, 0),
        };
        let (tag, tag_prev, tag_next) = (
            wtag(k),
            wtag(k.and_then(|k| k.checked_sub(1))),
            wtag(k.map(|k| k + 1)),
        );
        let classes = cl[0] | cl[1] << 3 | cl[2] << 6 | cl[3] << 9 | cl[4] << 12;
        let values: [u64; NF] = [
            0,
            m2,
            m1,
            c0,
            p1,
            p2,
            m2 << 21 | m1,
            m1 << 21 | c0,
            c0 << 21 | p1,
            p1 << 21 | p2,
            m1 << 21 | p1,
            m1 << 42 | c0 << 21 | p1,
            classes,
            surname | prev_surname << 2 | cl[3] << 4 | cl[4] << 7,
            f & 0x7F,
            f >> 8,
            c0 << 8 | (f & 0x7F),
            c0 << 8 | (f >> 8),
            mix(tag, wpos | wlen << 3),
            mix(tag, c0 << 3 | wpos),
            mix(mix(tag_prev, tag), wpos),
            mix(mix(tag, tag_next), wpos),
            mix(whash, wpos),
            g & 0x3FF,
            g >> 10 & 0x3FF | (g >> 20 & 0x3F) << 10,
            (g & 0x3F) << 12 | (g >> 10 & 0x3F) << 6 | (g >> 20 & 0x3F),
        ];
        for (t, v) in values.iter().enumerate() {
            out.push((mix(t as u64 + 1, *v) >> shift) as u32);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_full_width_and_case() {
        let s: String = "１９９８年ＧＤＰ\u{3000}Ab".chars().map(fold).collect();
        assert_eq!(s, "1998年gdp ab");
    }

    #[test]
    fn folded_text_has_the_same_features() {
        let lex = Lexicons::new();
        let mut s = Scratch::default();
        let (mut a, mut b) = (Vec::new(), Vec::new());
        let x: Vec<char> = "１９９８年ＧＤＰ".chars().collect();
        let y: Vec<char> = "1998年gdp".chars().collect();
        features(&lex, &x, &[], 20, &mut s, &mut a);
        features(&lex, &y, &[], 20, &mut s, &mut b);
        assert_eq!(a, b);
        assert_eq!(a.len(), x.len() * NF);
        assert!(a.iter().all(|&r| r < 1 << 20));
    }

    #[test]
    fn place_and_head_flags() {
        let lex = Lexicons::new();
        let chars: Vec<char> = "在北京市政府".chars().collect();
        let mut f = Vec::new();
        lex.flags(&chars, &mut f);
        // 北京市 (3) or 北京 starts at 1; 政府 is an organisation head ending at 5.
        assert!(f[1] & 7 >= 2);
        assert_eq!(f[0] & 0x7F, 0);
        assert_ne!(f[5] & (1 << 8), 0);
    }
}
