//! Layout repair for the articles stage: duplicated fragments, out-of-order fragments and
//! broken paragraphs (extraction.md §4). Pure functions over paragraphs; the caller records
//! the flags and warnings they return.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

use crate::model::Flag;
use crate::zh::chars::{ends_mid_sentence, is_han};
use crate::zh::labels;

/// Shortest repeated run that counts as a layout duplicate; shorter repeats (a headline
/// phrase, a slogan, a set phrase) are normal writing.
pub const MIN_DUPLICATE: usize = 40;

/// Largest article (in paragraphs) whose fragments are matched across the article.
const MAX_MATCHED: usize = 400;

/// A paragraph while an article is being put in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Para {
    pub text: String,
    /// Raw line numbers it was built from.
    pub lines: Vec<u32>,
    /// Which fragment of the article it came from: fragments are runs of paragraphs that
    /// stood together in the source (a zone break or another item starts a new one).
    pub zone: usize,
    /// First paragraph of its fragment.
    pub fragment_start: bool,
    /// An in-body subhead: never joined or moved.
    pub subhead: bool,
    /// Opens with a dateline: the article's first paragraph.
    pub dateline: bool,
    /// Lost a duplicated run: where it stops now is where the page cut it, so nothing is
    /// joined to it.
    pub cut: bool,
}

impl Para {
    fn first_line(&self) -> u32 {
        self.lines.iter().copied().min().unwrap_or(0)
    }

    fn last_line(&self) -> u32 {
        self.lines.iter().copied().max().unwrap_or(0)
    }

    fn open_end(&self) -> bool {
        // An attribution line (——某某) ends in a name, not mid-sentence.
        !self.subhead && !self.text.starts_with(['—', '─']) && ends_mid_sentence(&self.text)
    }

    fn joinable(&self) -> bool {
        self.open_end() && !self.cut
    }
}

/// Last characters after which a quoted phrase or a date goes on the same sentence (被誉为
/// “…”, 定于 3月5日): a paragraph ending on one is not whole whatever follows.
const LEADS_ON: &[char] = &[
    '为', '是', '称', '说', '道', '的', '和', '与', '及', '在', '对', '把', '被', '将', '于', '至',
    '到', '从', '由', '以', '向', '了', '等', '自', '截',
];

/// Whether `next` opens a sentence of its own after `prev`, a paragraph that stops without
/// closing punctuation: then `prev` is whole (a lead or a summary line printed without a
/// full stop), not the first half of a broken paragraph. A reader sees a new sentence in an
/// opening quote, a date or time followed by a comma (3月25日，), an interview turn (记者：)
/// or an opening word with its comma (近日，如今，); and sees `prev` going on when it ends
/// on a word that leads into what follows (被誉为, 定于).
pub fn opens_sentence(prev: &str, next: &str) -> bool {
    // A paragraph stopping on a comma (据介绍，) or an open quote goes on whatever follows.
    let last = prev.trim_end().chars().last();
    if last.is_none_or(|c| LEADS_ON.contains(&c) || !(is_han(c) || c.is_alphanumeric())) {
        return false;
    }
    let t = next.trim_start();
    let head: Vec<char> = t.chars().take(14).collect();
    let Some(&first) = head.first() else {
        return false;
    };
    if matches!(first, '“' | '「' | '『') {
        return true;
    }
    let comma = head.iter().position(|&c| matches!(c, '，' | ','));
    // A date or time first: digits then 年/月/日/时, and its comma soon after.
    if first.is_ascii_digit() || ('０'..='９').contains(&first) {
        let unit = head
            .iter()
            .position(|c| !(c.is_ascii_digit() || ('０'..='９').contains(c)))
            .is_some_and(|k| matches!(head[k], '年' | '月' | '日' | '时'));
        return unit && comma.is_some_and(|k| k <= 10);
    }
    // An interview turn; any other word before a colon may be the rest of a verb cut at
    // the line's end (获 + 悉：).
    if ["记者", "问", "答"].iter().any(|w| {
        t.strip_prefix(w)
            .is_some_and(|r| r.starts_with(['：', ':']))
    }) {
        return true;
    }
    labels::opens_with_connective(t) || (first == '据' && comma.is_some_and(|k| k >= 4))
}

/// Body text seen so far on the page, for finding long repeats.
#[derive(Debug, Default)]
pub struct Seen {
    /// Rolling hash of every `MIN_DUPLICATE`-long window → the latest window with it (an
    /// index into `windows`); a hit is confirmed against `all`.
    heads: HashMap<u64, usize, BuildHasherDefault<Premixed>>,
    /// Every window: its byte offset in `all` and the previous window with the same hash
    /// (`NONE` for the first). The chains confirm a repeat without searching all of `all`.
    windows: Vec<(usize, usize)>,
    all: String,
}

const NONE: usize = usize::MAX;

/// Candidates tried from a hash chain before falling back to searching `all`: keeps a
/// page of one repeated character from going quadratic.
const MAX_CANDIDATES: usize = 32;

/// The keys are already well-mixed rolling hashes: one multiply spreads them over the
/// table (SipHash here cost more than the rest of the stage).
#[derive(Default)]
struct Premixed(u64);

impl Hasher for Premixed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x100_0000_01B3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Polynomial rolling hashes (mod 2^64) of every `MIN_DUPLICATE`-long window of the code
/// points of `text`, in O(len) rather than O(len × window).
fn window_hashes(text: &str) -> Vec<u64> {
    const BASE: u64 = 0x0000_0100_0000_01B3;
    let mut head = text.chars();
    let mut h = 0u64;
    for _ in 0..MIN_DUPLICATE {
        match head.next() {
            Some(c) => h = h.wrapping_mul(BASE).wrapping_add(c as u64 + 1),
            None => return Vec::new(),
        }
    }
    let top = (1..MIN_DUPLICATE).fold(1u64, |p, _| p.wrapping_mul(BASE));
    // Code points take 1 to 4 bytes; Chinese text mostly 3.
    let mut out = Vec::with_capacity(head.as_str().len() / 3 + 1);
    out.push(h);
    // The code point leaving the window trails the one entering it by `MIN_DUPLICATE`.
    for (new, old) in head.zip(text.chars()) {
        h = h
            .wrapping_sub((old as u64 + 1).wrapping_mul(top))
            .wrapping_mul(BASE)
            .wrapping_add(new as u64 + 1);
        out.push(h);
    }
    out
}

impl Seen {
    /// Room for about `chars` code points of body text.
    pub fn with_capacity(chars: usize) -> Seen {
        Seen {
            heads: HashMap::with_capacity_and_hasher(chars, Default::default()),
            windows: Vec::with_capacity(chars),
            all: String::with_capacity(chars * 3),
        }
    }

    /// `text` without the runs of `MIN_DUPLICATE` or more code points that were seen
    /// before, and whether any were dropped; then `text` counts as seen. Borrows `text`
    /// when nothing was dropped (nearly always).
    pub fn take<'t>(&mut self, text: &'t str) -> (Cow<'t, str>, bool) {
        let hashes = window_hashes(text);
        let out = self.drop_repeats_of(text, &hashes);
        let base = self.all.len();
        for ((at, _), h) in text.char_indices().zip(hashes) {
            let id = self.windows.len();
            let prev = self.heads.insert(h, id).unwrap_or(NONE);
            self.windows.push((base + at, prev));
        }
        self.all.push_str(text);
        self.all.push('\n');
        out
    }

    /// Whether `span` (which starts with a window hashed `first`) was printed before.
    fn printed_before(&self, span: &str, first: u64) -> bool {
        // A repeat lies inside one earlier text, so its first window is on the chain of
        // `first`; a span with a line break (not from a line) could cross texts.
        if !span.contains('\n') {
            let mut id = self.heads.get(&first).copied().unwrap_or(NONE);
            let mut tried = 0;
            while id != NONE && tried < MAX_CANDIDATES {
                let (at, prev) = self.windows[id];
                if self.all.as_bytes()[at..].starts_with(span.as_bytes()) {
                    return true;
                }
                id = prev;
                tried += 1;
            }
            if id == NONE {
                return false;
            }
        }
        self.all.contains(span)
    }

    fn drop_repeats_of<'t>(&self, text: &'t str, hashes: &[u64]) -> (Cow<'t, str>, bool) {
        if hashes.is_empty() || !hashes.iter().any(|h| self.heads.contains_key(h)) {
            return (Cow::Borrowed(text), false);
        }
        let hit: Vec<bool> = hashes.iter().map(|h| self.heads.contains_key(h)).collect();
        // Byte offset of every code point, and of the end.
        let offs: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        // Runs of overlapping repeated windows form one repeated span.
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let mut i = 0;
        while i < hit.len() {
            if !hit[i] {
                i += 1;
                continue;
            }
            let s = i;
            while i < hit.len() && hit[i] {
                i += 1;
            }
            let (start, end) = (s, i - 1 + MIN_DUPLICATE);
            // Windows from different places may chain; only a run printed as a whole
            // before is a duplicate.
            if self.printed_before(&text[offs[start]..offs[end]], hashes[s]) {
                spans.push((start, end));
            }
        }
        if spans.is_empty() {
            return (Cow::Borrowed(text), false);
        }
        let mut out = String::new();
        let mut at = 0;
        for (s, e) in spans {
            // Spans may overlap (a run can start inside the last window of the one before).
            if s > at {
                out.push_str(&text[offs[at]..offs[s]]);
            }
            at = e;
        }
        out.push_str(&text[offs[at]..]);
        (Cow::Owned(out.trim().to_string()), true)
    }
}

/// Puts an article's paragraphs in reading order and joins broken paragraphs: the
/// dateline's fragment first; a paragraph that ends mid-sentence joined with the next one
/// of its fragment, or else with the nearest fragment opening that continues it. Returns
/// the flags earned.
///
/// Also returns whether the article was too long (`MAX_MATCHED` paragraphs) for fragments
/// to be matched across it, so the caller can warn.
pub fn reorder_and_join(paras: &mut Vec<Para>) -> (Vec<Flag>, bool) {
    let mut flags = Vec::new();
    let mut limited = false;
    if let Some(d) = paras.iter().position(|p| p.dateline) {
        if d > 0 {
            let end = (d + 1..paras.len())
                .find(|&k| paras[k].fragment_start)
                .unwrap_or(paras.len());
            let moved: Vec<Para> = paras.drain(d..end).collect();
            for (k, p) in moved.into_iter().enumerate() {
                paras.insert(k, p);
            }
            if let Some(first) = paras.first_mut() {
                first.fragment_start = true;
            }
            flags.push(Flag::Reordered);
        }
    }
    // Paragraphs already used as a continuation are not offered twice.
    let mut claimed: HashSet<u32> = HashSet::new();
    let mut first_taken = false;
    let mut guard = 0;
    loop {
        guard += 1;
        if guard > 10_000 {
            limited = true;
            break;
        }
        // A paragraph broken where it stands: the rest follows in the same fragment.
        if let Some(p) = (0..paras.len().saturating_sub(1)).find(|&p| {
            paras[p].joinable()
                && !paras[p + 1].fragment_start
                && !paras[p + 1].subhead
                && !whole(paras, p)
        }) {
            let next = paras.remove(p + 1);
            paras[p].text.push_str(&next.text);
            paras[p].lines.extend(next.lines);
            flags.push(Flag::Joined);
            continue;
        }
        // A paragraph whose rest opens another fragment: the nearest one wins, a fragment
        // of its own zone first (a column that the dump started in the middle). Quadratic,
        // so only on articles of ordinary size.
        if paras.len() > MAX_MATCHED {
            limited = true;
            break;
        }
        let mut best: Option<((u8, u32), usize, usize)> = None;
        for p in 0..paras.len() {
            if !paras[p].joinable() || whole(paras, p) {
                continue;
            }
            // The article's first paragraph may be the continuation too (its first half
            // was printed below it, under a zone break) when the open paragraph ends the
            // article in another fragment, once per article: a paragraph that the page
            // cut stays open (truncated). It goes first: a fragment continuing into its
            // own opening is the weaker reading.
            let last = p + 1 == paras.len();
            for c in 0..paras.len() {
                let cand = &paras[c];
                if c == p
                    || !cand.fragment_start
                    || opens_sentence(&paras[p].text, &cand.text)
                    || cand.dateline
                    || cand.subhead
                    || claimed.contains(&cand.first_line())
                    || (c == 0 && (!last || first_taken || paras[p].zone == cand.zone))
                {
                    continue;
                }
                let rank = if c == 0 {
                    0
                } else {
                    1 + u8::from(paras[p].zone != cand.zone)
                };
                let key = (rank, paras[p].last_line().abs_diff(cand.first_line()));
                if best.is_none_or(|(k, _, _)| key < k) {
                    best = Some((key, p, c));
                }
            }
        }
        let Some((_, p, c)) = best else { break };
        first_taken |= c == 0;
        // The continuation's fragment (up to the next fragment opening) moves right after
        // the open paragraph, unless the open paragraph lies inside it (a column the dump
        // started in the middle: the open paragraph moves instead).
        let run_end = (c + 1..paras.len())
            .find(|&k| paras[k].fragment_start)
            .unwrap_or(paras.len());
        // `o`: where the open paragraph stands once its continuation follows it.
        let o = if (c..run_end).contains(&p) {
            let mut moved = paras.remove(p);
            let c = if p < c { c - 1 } else { c };
            if c != p {
                flags.push(Flag::Reordered);
            }
            // The joined paragraph opens the fragment where it now stands.
            moved.fragment_start = paras[c].fragment_start;
            moved.zone = paras[c].zone;
            paras.insert(c, moved);
            c
        } else {
            if c != p + 1 {
                flags.push(Flag::Reordered);
            }
            let run: Vec<Para> = paras.drain(c..run_end).collect();
            let o = if c < p { p - run.len() } else { p };
            for (k, q) in run.into_iter().enumerate() {
                paras.insert(o + 1 + k, q);
            }
            o
        };
        let next = paras.remove(o + 1);
        let open = &mut paras[o];
        open.text.push_str(&next.text);
        open.lines.extend(next.lines);
        open.dateline |= next.dateline;
        claimed.extend(open.lines.iter().copied());
        flags.push(Flag::Joined);
    }
    (flags, limited)
}

/// Whether paragraph `p` stops without closing punctuation but is whole: the next one of
/// its fragment opens a sentence of its own (`opens_sentence`).
fn whole(paras: &[Para], p: usize) -> bool {
    paras
        .get(p + 1)
        .is_some_and(|n| !n.fragment_start && !n.subhead && opens_sentence(&paras[p].text, &n.text))
}

/// Whether any paragraph still stops mid-sentence with nothing on the page to finish it.
pub fn truncated(paras: &[Para]) -> bool {
    (0..paras.len()).any(|p| paras[p].open_end() && !whole(paras, p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rolling_hashes_equal_direct_hashes() {
        let chars: Vec<char> = "甲乙丙丁戊己庚辛壬癸".repeat(9).chars().collect();
        let text: String = chars.iter().collect();
        let rolled = window_hashes(&text);
        assert_eq!(rolled.len(), chars.len() - MIN_DUPLICATE + 1);
        for (i, h) in rolled.iter().enumerate() {
            let window: String = chars[i..i + MIN_DUPLICATE].iter().collect();
            assert_eq!(*h, window_hashes(&window)[0], "window {i}");
        }
        // The text repeats every 10 characters, so windows 10 apart hash alike.
        assert_eq!(rolled[0], rolled[10]);
        assert_ne!(rolled[0], rolled[1]);
    }

    fn para(text: &str, line: u32, zone: usize, start: bool) -> Para {
        Para {
            text: text.into(),
            lines: vec![line],
            zone,
            fragment_start: start,
            subhead: false,
            dateline: text.starts_with("本报讯"),
            cut: false,
        }
    }

    fn texts(ps: &[Para]) -> Vec<&str> {
        ps.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn drops_long_repeat_keeps_short() {
        let mut seen = Seen::default();
        let first = "今年要完成老旧管网改造86公里；新增口袋公园12处、绿道40公里；打造一刻钟便民生活圈，让居民下楼就能办成大小事情。";
        assert_eq!(seen.take(first), (first.into(), false));
        let (t, dropped) = seen.take(
            "在汛期到来之前对沿河新增口袋公园12处、绿道40公里；打造一刻钟便民生活圈，让居民下楼就能办成大小事情。",
        );
        assert!(dropped);
        assert_eq!(t, "在汛期到来之前对沿河");
        let (t, dropped) = seen.take("打造一刻钟便民生活圈是今年的目标。");
        assert!(!dropped);
        assert_eq!(t, "打造一刻钟便民生活圈是今年的目标。");
    }

    #[test]
    fn split_paragraph_joined_in_place() {
        let mut ps = vec![
            para("本报讯 开头。", 1, 0, true),
            para("一艘艘", 3, 0, false),
            para("货轮驶离码头。", 5, 0, false),
        ];
        assert_eq!(reorder_and_join(&mut ps), (vec![Flag::Joined], false));
        assert_eq!(texts(&ps), ["本报讯 开头。", "一艘艘货轮驶离码头。"]);
        assert!(!truncated(&ps));
    }

    #[test]
    fn dateline_fragment_first_and_rotated_column() {
        let mut ps = vec![
            para("港口做了报道。", 5, 0, true),
            para("据了解，该书将出版。", 7, 0, false),
            para("其中，稿件对这座", 9, 0, false),
            para("本报讯 近日，评选揭晓。", 13, 1, true),
            para("活动由研究", 15, 1, false),
        ];
        let (flags, _) = reorder_and_join(&mut ps);
        assert_eq!(
            texts(&ps),
            [
                "本报讯 近日，评选揭晓。",
                "活动由研究",
                "其中，稿件对这座港口做了报道。",
                "据了解，该书将出版。"
            ]
        );
        assert!(flags.contains(&Flag::Reordered) && flags.contains(&Flag::Joined));
        assert!(truncated(&ps));
    }

    #[test]
    fn two_columns_swapped() {
        let mut ps = vec![
            para("第二栏的后半句。", 3, 0, true),
            para("本报讯 第一栏开头，说到", 6, 1, true),
        ];
        reorder_and_join(&mut ps);
        assert_eq!(texts(&ps), ["本报讯 第一栏开头，说到第二栏的后半句。"]);
    }

    #[test]
    fn first_half_printed_below_the_second() {
        // Second half on top, first half under a zone break: the open paragraph that closes
        // the lower fragment continues in the article's first paragraph.
        let mut ps = vec![
            para("后半句说完。", 3, 0, true),
            para("另一段。", 5, 0, false),
            para("开头一段。", 9, 1, true),
            para("前半句说到", 11, 1, false),
        ];
        let (flags, _) = reorder_and_join(&mut ps);
        assert_eq!(
            texts(&ps),
            ["开头一段。", "前半句说到后半句说完。", "另一段。"]
        );
        assert!(flags.contains(&Flag::Reordered) && flags.contains(&Flag::Joined));
        assert!(!truncated(&ps));
    }

    #[test]
    fn whole_unpunctuated_paragraph_before_a_new_sentence() {
        // A lead printed without its full stop, then a quote, a date or an opening word:
        // three paragraphs, nothing cut.
        for next in [
            "“我们早就盼着这一天。”村民老李说。",
            "5月3日，新线路正式开通。",
            "如今，村里的路都修好了。",
            "据统计，全县已建成公路120公里。",
            "记者：这条路修了多久？",
        ] {
            let mut ps = vec![
                para("修好一条路，带富一方人", 3, 0, true),
                para(next, 5, 0, false),
            ];
            assert_eq!(reorder_and_join(&mut ps), (vec![], false), "{next}");
            assert_eq!(ps.len(), 2);
            assert!(!truncated(&ps), "{next}");
        }
        // A paragraph ending on a word that leads on still joins (被誉为 + “…”).
        let mut ps = vec![
            para("这座小镇被誉为", 3, 0, true),
            para("“竹编之乡”，远近闻名。", 5, 0, false),
        ];
        reorder_and_join(&mut ps);
        assert_eq!(texts(&ps), ["这座小镇被誉为“竹编之乡”，远近闻名。"]);
        // A verb cut before its colon, a word cut before its comma: one paragraph.
        for (a, b) in [
            ("记者从教育部获", "悉：全省共有学校120所。"),
            ("据统计部门发布数", "据，全年增长5%。"),
        ] {
            let mut ps = vec![para(a, 3, 0, true), para(b, 5, 0, false)];
            reorder_and_join(&mut ps);
            assert_eq!(ps.len(), 1, "{a}");
        }
        // A paragraph stopping on a comma goes on, even into an opening word.
        let mut ps = vec![
            para("新线开通仪式在市民中心站举行。据介绍，", 3, 0, true),
            para("今年以来，全市新开通地铁线路三条。", 5, 0, false),
        ];
        reorder_and_join(&mut ps);
        assert_eq!(ps.len(), 1);
        // Digits that are not a date go on the sentence (增长 + 12.5%，).
        let mut ps = vec![
            para("全年产值比上年增长", 3, 0, true),
            para("12.5%，创历史新高。", 5, 0, false),
        ];
        reorder_and_join(&mut ps);
        assert_eq!(ps.len(), 1);
    }

    #[test]
    fn cut_last_paragraph_is_not_joined_to_the_first() {
        let mut ps = vec![
            para("开头一段。", 3, 0, true),
            para("另一段。", 5, 0, false),
            para("页面到此为止，这句话说到", 7, 0, false),
        ];
        assert_eq!(reorder_and_join(&mut ps), (vec![], false));
        assert!(truncated(&ps));
    }
}
