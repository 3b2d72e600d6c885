//! Lookup structures of the word lists: a fast hasher, char bitmaps, word sets indexed by
//! first and last char, and a char trie for longest-match lookups.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A small fast hasher for char and short-string keys (the std SipHash is a third of the
/// stage's time otherwise). Not DoS-resistant, which does not matter for fixed word lists.
#[derive(Debug, Default, Clone, Copy)]
pub struct Fx(u64);

const FX_K: u64 = 0x517c_c1b7_2722_0a95;

impl Hasher for Fx {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(FX_K);
        }
    }
    fn write_u32(&mut self, i: u32) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(FX_K);
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(FX_K);
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
}

pub type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;
pub type FxSet<K> = HashSet<K, BuildHasherDefault<Fx>>;

/// A set of chars of the Basic Multilingual Plane as a bitmap: one load per test.
#[derive(Debug, Clone)]
pub struct CharSet {
    bits: Vec<u64>,
}

impl Default for CharSet {
    fn default() -> Self {
        CharSet {
            bits: vec![0; 1024],
        }
    }
}

impl CharSet {
    pub fn new(chars: impl IntoIterator<Item = char>) -> CharSet {
        let mut set = CharSet::default();
        for c in chars {
            set.insert(c);
        }
        set
    }

    pub fn insert(&mut self, c: char) {
        let u = c as u32;
        if u < 65536 {
            self.bits[(u >> 6) as usize] |= 1 << (u & 63);
        }
    }

    #[inline]
    pub fn contains(&self, c: char) -> bool {
        let u = c as u32;
        u < 65536 && (self.bits[(u >> 6) as usize] >> (u & 63)) & 1 == 1
    }
}

/// A set of words indexed by their first and last char, for allocation-free suffix and prefix
/// tests at any position of a char slice.
#[derive(Debug, Default)]
pub struct WordSet {
    words: FxSet<&'static str>,
    by_last: FxMap<char, Vec<Vec<char>>>,
    by_first: FxMap<char, Vec<Vec<char>>>,
    /// Quick rejects before any hashing.
    lasts: CharSet,
    firsts: CharSet,
}

impl WordSet {
    pub fn new(list: &[&'static str]) -> WordSet {
        let mut set = WordSet::default();
        for &w in list {
            let chars: Vec<char> = w.chars().collect();
            let (Some(&first), Some(&last)) = (chars.first(), chars.last()) else {
                continue;
            };
            if !set.words.insert(w) {
                continue;
            }
            set.lasts.insert(last);
            set.firsts.insert(first);
            set.by_last.entry(last).or_default().push(chars.clone());
            set.by_first.entry(first).or_default().push(chars);
        }
        // Longest first, so the first hit is the longest.
        for v in set.by_last.values_mut().chain(set.by_first.values_mut()) {
            v.sort_by_key(|w| std::cmp::Reverse(w.len()));
        }
        set
    }

    pub fn contains(&self, w: &str) -> bool {
        self.words.contains(w)
    }

    /// Longest word that `chars[..end]` ends with; its length in chars.
    pub fn longest_suffix(&self, chars: &[char], end: usize) -> Option<usize> {
        self.suffixes(chars, end).next()
    }

    /// Lengths of the words that `chars[..end]` ends with, longest first.
    pub fn suffixes<'a>(
        &'a self,
        chars: &'a [char],
        end: usize,
    ) -> impl Iterator<Item = usize> + 'a {
        let end = end.min(chars.len());
        let list = end
            .checked_sub(1)
            .filter(|&i| self.lasts.contains(chars[i]))
            .and_then(|i| self.by_last.get(&chars[i]))
            .map(|v| v.as_slice())
            .unwrap_or(&[]);
        // Test the second-to-last char before the whole slice: most candidates fail there,
        // without a call to memcmp.
        list.iter()
            .filter(move |w| {
                let n = w.len();
                n <= end && (n == 1 || chars[end - 2] == w[n - 2]) && chars[end - n..end] == w[..]
            })
            .map(|w| w.len())
    }

    /// Length of the longest word that starts at `chars[start..]`.
    pub fn longest_prefix(&self, chars: &[char], start: usize) -> Option<usize> {
        let c = *chars.get(start)?;
        if !self.firsts.contains(c) {
            return None;
        }
        let list = self.by_first.get(&c)?;
        list.iter()
            .find(|w| start + w.len() <= chars.len() && chars[start..start + w.len()] == w[..])
            .map(|w| w.len())
    }
}

/// A char trie mapping surfaces to values, for leftmost-longest matching in text.
#[derive(Debug)]
pub struct Trie<V> {
    next: FxMap<(u32, char), u32>,
    /// Value by node index: one hash lookup per step instead of two.
    value: Vec<Option<V>>,
    /// Number of words with a value.
    words: usize,
    nodes: u32,
    /// First chars of the words, to reject most positions without hashing.
    firsts: CharSet,
    /// First two chars of the words of two chars or more, hashed into a bitmap: most
    /// positions whose first char passes `firsts` fail here, still without a map lookup.
    pairs: Vec<u64>,
    /// Words of one char.
    singles: CharSet,
}

/// Bit of `pairs` for a word that starts with `a`, `b`.
fn pair_bit(a: char, b: char) -> usize {
    let h = (a as u32).wrapping_mul(0x9E37_79B1) ^ (b as u32).wrapping_mul(0x85EB_CA6B);
    (h >> 16) as usize
}

impl<V: Copy> Default for Trie<V> {
    fn default() -> Self {
        Trie::new()
    }
}

impl<V: Copy> Trie<V> {
    pub fn new() -> Trie<V> {
        Trie {
            next: FxMap::default(),
            value: vec![None],
            words: 0,
            nodes: 1,
            firsts: CharSet::default(),
            pairs: vec![0; 1024],
            singles: CharSet::default(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.words == 0
    }

    /// Adds `word`; a later insert of the same word replaces the value.
    pub fn insert(&mut self, word: &str, v: V) {
        let mut cs = word.chars();
        match (cs.next(), cs.next()) {
            (Some(a), Some(b)) => {
                self.firsts.insert(a);
                let bit = pair_bit(a, b);
                self.pairs[bit >> 6] |= 1 << (bit & 63);
            }
            (Some(a), None) => {
                self.firsts.insert(a);
                self.singles.insert(a);
            }
            _ => {}
        }
        let mut node = 0u32;
        for c in word.chars() {
            node = match self.next.get(&(node, c)) {
                Some(&n) => n,
                None => {
                    let n = self.nodes;
                    self.nodes += 1;
                    self.next.insert((node, c), n);
                    self.value.push(None);
                    n
                }
            };
        }
        if let Some(slot) = self.value.get_mut(node as usize).filter(|_| node != 0) {
            if slot.is_none() {
                self.words += 1;
            }
            *slot = Some(v);
        }
    }

    /// The value of exactly `word` (no allocation, unlike collecting its chars).
    pub fn get(&self, word: impl IntoIterator<Item = char>) -> Option<V> {
        let mut node = 0u32;
        for c in word {
            node = *self.next.get(&(node, c))?;
        }
        self.value.get(node as usize).copied().flatten()
    }

    /// Whether a word may start at `chars[start..]`: the cheap bitmap tests that reject
    /// most positions. A `true` needs the trie walk to confirm.
    #[inline]
    fn may_start_at(&self, chars: &[char], start: usize) -> bool {
        let Some(&a) = chars.get(start) else {
            return false;
        };
        if !self.firsts.contains(a) {
            return false;
        }
        if self.singles.contains(a) {
            return true;
        }
        chars.get(start + 1).is_some_and(|&b| {
            let bit = pair_bit(a, b);
            (self.pairs[bit >> 6] >> (bit & 63)) & 1 == 1
        })
    }

    /// Every word starting at `chars[start..]`, longest first: length and value, in `out`
    /// (cleared first; a buffer the caller reuses, as most positions are tried).
    #[inline]
    pub fn all_at(&self, chars: &[char], start: usize, out: &mut Vec<(usize, V)>) {
        out.clear();
        if self.may_start_at(chars, start) {
            self.walk_all(chars, start, out);
        }
    }

    fn walk_all(&self, chars: &[char], start: usize, out: &mut Vec<(usize, V)>) {
        let mut node = 0u32;
        for (i, &c) in chars.iter().enumerate().skip(start) {
            match self.next.get(&(node, c)) {
                Some(&n) => node = n,
                None => break,
            }
            if let Some(Some(v)) = self.value.get(node as usize) {
                out.push((i + 1 - start, *v));
            }
        }
        out.reverse();
    }

    /// The longest word starting at `chars[start..]`: its length and value.
    pub fn longest_at(&self, chars: &[char], start: usize) -> Option<(usize, V)> {
        if !self.may_start_at(chars, start) {
            return None;
        }
        let mut node = 0u32;
        let mut best = None;
        for (i, &c) in chars.iter().enumerate().skip(start) {
            match self.next.get(&(node, c)) {
                Some(&n) => node = n,
                None => break,
            }
            if let Some(Some(v)) = self.value.get(node as usize) {
                best = Some((i + 1 - start, *v));
            }
        }
        best
    }
}
