//! Page-level matching for the articles stage: after the walk has built its drafts, the
//! heads left without a body (orphans: a headline and byline printed far from their text)
//! are matched against the bodies on the whole page that could be theirs, by the cue a
//! reader uses most: a headline reuses the words and numbers of its body.
//!
//! Candidates for an orphan are the bodies that follow it and lack a real headline: a body
//! with none, a body under a short line that shares nothing with it (a column label read as
//! a headline), or a fragment that the walk glued under another article's head after a
//! zone break although that head shares nothing with it. Every (orphan, candidate) pair is
//! scored; pairs are taken best first, each orphan and each body at most once, so the
//! result does not depend on the order the walk met them. Bounded: at most `MAX_ORPHANS`
//! × `MAX_BODIES` pairs, each over at most `SAMPLE` characters of body.

use std::collections::HashSet;

use super::Draft;
use crate::model::{Block, BlockClass, Flag};
use crate::zh::byline;
use crate::zh::chars::{ends_mid_sentence, is_han};
use crate::zh::labels::is_column_label;

const MAX_ORPHANS: usize = 64;
const MAX_BODIES: usize = 256;
/// Characters of a body read for its words: a headline's words are in the lead.
const SAMPLE: usize = 1200;
/// Share of the headline's word pairs found in the body for a match across the page.
const MIN_SHARE: f64 = 0.3;
/// How much better the orphan must fit than the head a body already has.
const MARGIN: f64 = 0.25;

/// Word pairs of a text: the unit headline and body are compared by. A sorted list of
/// distinct pairs (each packed in a u64): built with one sort, no hashing, and a share is
/// one merge of two sorted lists; this ran in 7 % of a whole run as a SipHash set.
pub(super) struct Words(Vec<u64>);

impl Words {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Character pairs of `text` that can be word parts (Han characters, letters, digits).
pub(super) fn pairs(text: &str) -> Words {
    let word = |c: char| is_han(c) || c.is_alphanumeric();
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    for c in text.chars().filter(|c| !c.is_whitespace()).take(SAMPLE) {
        if let Some(p) = prev {
            if word(p) && word(c) {
                out.push((p as u64) << 32 | c as u64);
            }
        }
        prev = Some(c);
    }
    out.sort_unstable();
    out.dedup();
    Words(out)
}

/// Share of the head's pairs that occur in the body, 0–1 (0 for a head without pairs).
pub(super) fn share(head: &Words, body: &Words) -> f64 {
    if head.is_empty() {
        return 0.0;
    }
    let (h, b) = (&head.0, &body.0);
    let (mut i, mut j, mut found) = (0, 0, 0usize);
    while i < h.len() && j < b.len() {
        match h[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                found += 1;
                i += 1;
                j += 1;
            }
        }
    }
    found as f64 / h.len() as f64
}

fn head_text(d: &Draft) -> String {
    [&d.kicker, &d.headline, &d.subheadline]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" ")
}

/// A body a waiting head may take: draft `draft`, from body entry `from` on.
struct Body {
    draft: usize,
    from: usize,
    /// The draft's own head reads as a column label over this body (it becomes the label).
    label_head: bool,
    /// How well the draft's own head fits this body.
    own: f64,
    words: Words,
    first_line: u32,
}

fn body_text(d: &Draft, from: usize, blocks: &[Block]) -> String {
    let mut s = String::new();
    for e in &d.body[from..] {
        for &i in e {
            s.push_str(blocks[i].text.trim());
            if s.chars().count() >= SAMPLE {
                return s;
            }
        }
    }
    s
}

/// Where the fragments of a draft's body start after the first: a zone break (two blank
/// lines) or another item in between, after a paragraph that ended its sentence.
fn fragment_starts(d: &Draft, blocks: &[Block]) -> Vec<usize> {
    let mut out = Vec::new();
    for k in 1..d.body.len() {
        let (Some(&first), Some(&prev)) = (d.body[k].first(), d.body[k - 1].last()) else {
            continue;
        };
        let b = &blocks[first];
        if b.class != BlockClass::Body {
            continue;
        }
        let gap = b.blank_before >= 2
            || blocks[prev + 1..first]
                .iter()
                .any(|x| x.class != BlockClass::Furniture || x.blank_before >= 2);
        if gap && !ends_mid_sentence(blocks[prev].text.trim()) {
            out.push(k);
        }
    }
    out
}

/// Undoes the walk's pairing of an orphan head with the next body under a label when the
/// head shares (nearly) nothing with that body and the page offers a better reading: the
/// label itself reuses the body's words (it was the body's headline), or another waiting
/// head does.
fn undo_weak_attachments(drafts: &mut Vec<Draft>, blocks: &[Block]) {
    let free: Vec<Words> = drafts
        .iter()
        .filter(|d| d.headline.is_some() && d.body.is_empty() && !d.photo)
        .map(|d| pairs(&head_text(d)))
        .take(MAX_ORPHANS)
        .collect();
    // Bodies without a headline of their own (none, or a short line sharing nothing).
    let loose: Vec<Words> = drafts
        .iter()
        .filter(|d| !d.photo && !d.body.is_empty() && d.attached.is_none())
        .filter(|d| {
            d.headline.as_ref().is_none_or(|h| {
                h.chars().count() <= 10
                    && d.kicker.is_none()
                    && share(&pairs(h), &pairs(&body_text(d, 0, blocks))) == 0.0
            })
        })
        .take(MAX_BODIES)
        .map(|d| pairs(&body_text(d, 0, blocks)))
        .collect();
    let mut split = Vec::new();
    for (i, d) in drafts.iter().enumerate().take(MAX_BODIES) {
        let Some(a) = &d.attached else { continue };
        if d.body.is_empty() || a.at > d.blocks.len() {
            continue;
        }
        let words = pairs(&body_text(d, 0, blocks));
        let own = share(&pairs(&head_text(d)), &words);
        if own >= 0.15 {
            continue;
        }
        let label_fits = a
            .body_section
            .as_deref()
            .is_some_and(|l| l.chars().count() > 6 && share(&pairs(l), &words) >= MIN_SHARE);
        let other_fits = free.iter().any(|f| {
            let s = share(f, &words);
            s >= MIN_SHARE && s >= own + MARGIN
        });
        // Or this head fits a loose body elsewhere on the page far better.
        let head = pairs(&head_text(d));
        let elsewhere = loose.iter().any(|w| {
            let s = share(&head, w);
            s >= MIN_SHARE && s >= own + MARGIN
        });
        let other_fits = other_fits || elsewhere;
        if label_fits || other_fits {
            split.push((i, label_fits));
        }
    }
    for (i, label_is_headline) in split {
        let d = &mut drafts[i];
        let Some(a) = d.attached.take() else { continue };
        let body_blocks = d.blocks.split_off(a.at);
        // A byline printed after the body closes the body: it goes along with it.
        let closing = if d.byline_after {
            d.byline.take()
        } else {
            None
        };
        let mut body_byline = a.body_byline;
        if let Some(c) = &closing {
            super::set_or_append(&mut body_byline, c);
        }
        let mut n = Draft {
            section: a.body_section,
            byline: body_byline,
            body: std::mem::take(&mut d.body),
            blocks: body_blocks,
            byline_after: d.byline_after,
            ..Draft::default()
        };
        if label_is_headline {
            n.headline = n.section.take();
        }
        d.section = a.section;
        d.byline = a.byline;
        d.byline_after = false;
        d.flags.retain(|f| *f != Flag::HeadlineAttached);
        n.flags = std::mem::take(&mut d.flags);
        drafts.push(n);
    }
}

/// Whether a zone break stands between blocks `a` and `b` (`a < b`): two blank lines
/// before `b` or before furniture between them.
pub(super) fn zone_break_between(blocks: &[Block], a: usize, b: usize) -> bool {
    blocks[a + 1..=b].iter().any(|x| x.blank_before >= 2)
}

/// Reads back as text a lone headline that is the cut last paragraph of the article above
/// it, with the first half of that article's body under it: an article printed second half
/// first (under its head), its cut tail, then — across a zone break — its first half. The
/// line stands right under the other article's body, nothing but itself heads the body
/// below it, that body opens after a zone break and either carries the dateline the
/// article above lacks or stops mid-sentence itself. The tail and the first half go to the
/// article above; its repair puts the fragments in order (`reordered`).
fn rejoin_cut_tails(drafts: &mut [Draft], blocks: &[Block]) {
    let owner_of = |drafts: &[Draft], b: usize| drafts.iter().position(|d| d.blocks.contains(&b));
    for x in 0..drafts.len().min(MAX_BODIES) {
        let d = &drafts[x];
        if d.photo
            || d.kicker.is_some()
            || d.subheadline.is_some()
            || d.section.is_some()
            || d.byline.is_some()
            || d.attached.is_some()
            || d.blocks.len() < 2
        {
            continue;
        }
        let (Some(&h), Some(&first)) = (d.blocks.first(), d.body.first().and_then(|e| e.first()))
        else {
            continue;
        };
        if blocks[h].class != BlockClass::Headline
            || blocks[h].blank_before >= 2
            || h == 0
            || !zone_break_between(blocks, h, first)
            || d.blocks.get(1) != Some(&first)
        {
            continue;
        }
        let Some(prev) = (0..h)
            .rev()
            .find(|&k| blocks[k].class != BlockClass::Furniture)
        else {
            continue;
        };
        if blocks[prev].class != BlockClass::Body || zone_break_between(blocks, prev, h) {
            continue;
        }
        let Some(y) = owner_of(drafts, prev).filter(|&y| y != x) else {
            continue;
        };
        let t = &drafts[y];
        let last_open = d
            .body
            .last()
            .and_then(|e| e.last())
            .is_some_and(|&l| ends_mid_sentence(blocks[l].text.trim()));
        let dated = byline::is_dateline(blocks[first].text.trim());
        if t.photo
            || t.headline.is_none()
            || t.has_dateline(blocks)
            || t.body.last().and_then(|e| e.last()) != Some(&prev)
            || !(dated || last_open)
        {
            continue;
        }
        let mut moved = std::mem::take(&mut drafts[x]);
        let t = &mut drafts[y];
        t.body.push(vec![h]);
        t.body.append(&mut moved.body);
        t.blocks.append(&mut moved.blocks);
        t.flags.append(&mut moved.flags);
    }
}

/// A label over a body without a headline is that body's headline when it reads as one: ten
/// or more characters, not shaped like a column's name, and reusing the body's words
/// (`MIN_SHARE`) — a headline printed with no credit under it, which the block stage took for
/// a label (李克强总理访问成果清单, 当以正向力量引导经济全球化（钟声）).
fn label_as_headline(drafts: &mut [Draft], blocks: &[Block]) {
    for d in drafts.iter_mut().take(MAX_BODIES) {
        if d.photo || d.headline.is_some() || d.kicker.is_some() || d.body.is_empty() {
            continue;
        }
        let Some(label) = d.section.as_deref() else {
            continue;
        };
        if label.chars().count() < 10
            || is_column_label(label)
            || label.starts_with(['■', '□', '●', '◆', '▲', '★', '【', '[', '〔'])
        {
            continue;
        }
        if share(&pairs(label), &pairs(&body_text(d, 0, blocks))) >= MIN_SHARE {
            d.headline = d.section.take();
        }
    }
}

/// Gives orphan heads the bodies on the page that fit them best (see the module text), then
/// reads long labels that reuse their body's words as headlines (`label_as_headline`).
pub fn match_orphans(drafts: &mut Vec<Draft>, blocks: &[Block]) {
    match_orphan_heads(drafts, blocks);
    label_as_headline(drafts, blocks);
}

fn match_orphan_heads(drafts: &mut Vec<Draft>, blocks: &[Block]) {
    rejoin_cut_tails(drafts, blocks);
    drafts.retain(|d| !d.blocks.is_empty());
    undo_weak_attachments(drafts, blocks);
    let line_of = |d: &Draft| d.blocks.iter().map(|&i| blocks[i].line).min();
    let orphans: Vec<(usize, Words, u32)> = drafts
        .iter()
        .enumerate()
        .filter(|(_, d)| d.headline.is_some() && d.body.is_empty() && !d.photo)
        .filter_map(|(i, d)| Some((i, pairs(&head_text(d)), line_of(d)?)))
        .filter(|(_, w, _)| !w.is_empty())
        .take(MAX_ORPHANS)
        .collect();
    if orphans.is_empty() {
        return;
    }
    let mut bodies: Vec<Body> = Vec::new();
    for (i, d) in drafts.iter().enumerate() {
        if d.photo || d.body.is_empty() || bodies.len() >= MAX_BODIES {
            continue;
        }
        let head = pairs(&head_text(d));
        let mut push = |from: usize, label_head: bool, own: f64, words, first_line| {
            bodies.push(Body {
                draft: i,
                from,
                label_head,
                own,
                words,
                first_line,
            })
        };
        let Some(first_line) = d.body[0].first().map(|&b| blocks[b].line) else {
            continue;
        };
        let words = pairs(&body_text(d, 0, blocks));
        let own = share(&head, &words);
        match &d.headline {
            None if d.kicker.is_none() && d.subheadline.is_none() => {
                push(0, false, 0.0, words, first_line)
            }
            None => {}
            // A short head that shares (nearly) nothing with the body under it: a column
            // label, or a credit line, read as a headline.
            Some(h) if d.section.is_none() && d.kicker.is_none() && d.subheadline.is_none() => {
                let n = h.chars().count();
                if (n <= 10 && own < 0.2) || (n <= 16 && own == 0.0) {
                    push(0, true, own, words, first_line);
                }
            }
            Some(_) => {}
        }
        if d.headline.is_some() {
            for k in fragment_starts(d, blocks) {
                let Some(line) = d.body[k].first().map(|&b| blocks[b].line) else {
                    continue;
                };
                let words = pairs(&body_text(d, k, blocks));
                let own = share(&head, &words);
                push(k, false, own, words, line);
            }
        }
    }
    let mut scored: Vec<(f64, usize, usize)> = Vec::new();
    for (oi, (_, ow, oline)) in orphans.iter().enumerate() {
        for (bi, b) in bodies.iter().enumerate() {
            // A body printed above its headline is not a layout the dumps show.
            if b.first_line <= *oline {
                continue;
            }
            let s = share(ow, &b.words);
            if s >= MIN_SHARE && s >= b.own + MARGIN {
                scored.push((s, oi, bi));
            }
        }
    }
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut orphan_used = vec![false; orphans.len()];
    let mut draft_used: HashSet<usize> = HashSet::new();
    let mut taken: Vec<(usize, usize)> = Vec::new();
    for (_, oi, bi) in scored {
        let d = bodies[bi].draft;
        if orphan_used[oi] || draft_used.contains(&d) {
            continue;
        }
        // A whole draft brings its label and byline along: where the orphan has its own,
        // one of them would have no place, so the pair is not two halves of one article
        // (and every line must land somewhere).
        if bodies[bi].from == 0 {
            let (t, o) = (&drafts[d], &drafts[orphans[oi].0]);
            let label = if bodies[bi].label_head {
                t.headline.is_some()
            } else {
                t.section.is_some()
            };
            if (label && o.section.is_some()) || (t.byline.is_some() && o.byline.is_some()) {
                continue;
            }
        }
        orphan_used[oi] = true;
        draft_used.insert(d);
        taken.push((orphans[oi].0, bi));
    }
    for (o, bi) in taken {
        let b = &bodies[bi];
        let entries: Vec<Vec<usize>> = drafts[b.draft].body.drain(b.from..).collect();
        let moved: HashSet<usize> = entries.iter().flatten().copied().collect();
        let t = &mut drafts[b.draft];
        let mut label = None;
        let mut byline = None;
        let mut blocks_kept: Vec<usize> = Vec::new();
        if b.from == 0 {
            // The whole draft goes to the orphan: its head lines become label and byline.
            label = if b.label_head {
                t.headline.take()
            } else {
                t.section.take()
            };
            byline = t.byline.take();
            blocks_kept.append(&mut t.blocks);
        } else {
            t.blocks.retain(|i| !moved.contains(i));
            blocks_kept.extend(moved.iter().copied());
            blocks_kept.sort_unstable();
        }
        let flags = if b.from == 0 {
            std::mem::take(&mut t.flags)
        } else {
            Vec::new()
        };
        let byline_after = b.from == 0 && t.byline_after;
        let d = &mut drafts[o];
        if d.section.is_none() {
            d.section = label;
        }
        if d.byline.is_none() {
            d.byline = byline;
            d.byline_after = byline_after;
        }
        d.body = entries;
        d.blocks.extend(blocks_kept);
        d.flags.extend(flags);
        d.flags.push(Flag::HeadlineAttached);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn share_counts_head_pairs_in_body() {
        let h = pairs("精准投放贷款助春耕");
        let b = pairs("农业银行加快涉农信贷投放，助力春耕生产，涉农贷款已达103亿元。");
        let s = share(&h, &b);
        assert_eq!(s, 3.0 / 8.0, "投放 贷款 春耕 of 8 pairs");
        assert_eq!(share(&pairs("聚焦两会"), &b), 0.0);
        assert_eq!(share(&pairs(""), &b), 0.0);
    }
}

/// Whether `text` has a sentence clause inside (a comma or enumeration mark with words
/// after it) and stops mid-clause: the shape of a paragraph's first half, not a title's.
fn broken_clause(text: &str) -> bool {
    let t = text.trim();
    let n = t.chars().count();
    let Some(last) = t.chars().last() else {
        return false;
    };
    if n < 10 || !is_han(last) {
        return false;
    }
    t.rfind(['，', '、'])
        .is_some_and(|at| t[at..].chars().count() > 4 && at > 0)
}

/// The looser shape of a paragraph's cut tail read as a kicker: a clause, then a comma or
/// 、 and at least two characters, ending on a Han character (…的甜头，平度). Alone it does not
/// make the line text; the words it shares with the body above must (`title_fragments`).
/// A line of ten or more without a space (北京某团副团长对自己16年前) qualifies too: kickers
/// in two parallel halves are spaced (谁负责 谁落实).
fn short_clause(text: &str) -> bool {
    let t = text.trim();
    let n = t.chars().count();
    n >= 8
        && t.chars().last().is_some_and(is_han)
        && (t
            .rfind(['，', '、'])
            .is_some_and(|at| at > 0 && t[at..].chars().count() > 2)
            || (n >= 10 && !t.contains([' ', '　', '·'])))
}

/// Lines classified as titles that the page reads as text: a line holding a broken clause
/// between two body lines of one zone (a paragraph split at a column edge), or one after a
/// body that shares more words with that body than with the head below it (a paragraph
/// cut at the page's edge above the next article). Returns the blocks to read as body.
pub fn title_fragments(blocks: &[Block]) -> Vec<usize> {
    let mut out = Vec::new();
    let real = |i: usize| blocks.get(i).filter(|b| b.class != BlockClass::Furniture);
    for i in 1..blocks.len() {
        let b = &blocks[i];
        if !matches!(
            b.class,
            BlockClass::Section | BlockClass::Kicker | BlockClass::Headline
        ) || b.blank_before >= 2
        {
            continue;
        }
        if first_half_under_head(blocks, i) {
            out.push(i);
            continue;
        }
        let clause = broken_clause(&b.text);
        let kicker_tail = b.class == BlockClass::Kicker && short_clause(&b.text);
        if !clause && !kicker_tail {
            if cut_tail_over_head(blocks, i) {
                out.push(i);
            }
            continue;
        }
        let Some(prev) = (0..i).rev().find_map(real) else {
            continue;
        };
        let next = (i + 1..blocks.len()).find_map(real);
        if prev.class != BlockClass::Body {
            continue;
        }
        let next_body = next.is_some_and(|n| n.class == BlockClass::Body && n.blank_before < 2);
        if next_body && clause {
            out.push(i);
            continue;
        }
        // A cut tail: compare with the paragraph above and with what follows (head lines
        // and the first body line after them).
        let mine = pairs(&b.text);
        // The body above: its last few lines, up to the head over them.
        let above: String = {
            let mut v: Vec<&str> = blocks[..i]
                .iter()
                .rev()
                .filter(|x| x.class != BlockClass::Furniture)
                .take_while(|x| x.class == BlockClass::Body)
                .take(6)
                .map(|x| x.text.trim())
                .collect();
            v.reverse();
            v.concat()
        };
        let above = share(&mine, &pairs(&above));
        let below: String = blocks[i + 1..]
            .iter()
            .filter(|x| x.class != BlockClass::Furniture)
            .take(4)
            .map(|x| x.text.trim())
            .collect();
        let below = share(&mine, &pairs(&below));
        // Without a comma the line may be a kicker of speech (某某在会上强调) over a story on
        // the same people: it must share (nearly) nothing with the head and body below.
        let comma = b.text.contains(['，', '、']);
        if above >= 0.15 && above > below && (comma || below < 0.1) {
            out.push(i);
        }
    }
    out
}

/// A label, kicker or headline read where a body starts: right under a head that has its headline
/// (the headline, subheadline or byline line above), directly over a body line that goes on
/// with its sentence, itself a clause broken off (a comma inside, a Han character last). A
/// label sits above a headline and a kicker over one, never between a head and its body,
/// so this is the first half of the body's first paragraph (如果说…运动员，是超 + 越了…).
fn first_half_under_head(blocks: &[Block], i: usize) -> bool {
    let b = &blocks[i];
    let t = b.text.trim();
    let real = |x: &&Block| x.class != BlockClass::Furniture;
    let prev = blocks[..i].iter().rev().find(real);
    let next = blocks[i + 1..].iter().find(real);
    // A headline right under a byline is that shape too: a head's byline closes it.
    let head_shaped = match b.class {
        BlockClass::Section | BlockClass::Kicker => true,
        BlockClass::Headline => prev.is_some_and(|p| p.class == BlockClass::Byline),
        _ => false,
    };
    head_shaped
        && b.blank_before < 2
        && t.chars().count() >= 8
        && t.chars().last().is_some_and(is_han)
        && t.char_indices()
            .any(|(at, c)| at > 0 && matches!(c, '，' | '、'))
        && !is_column_label(t)
        && prev.is_some_and(|p| {
            matches!(
                p.class,
                BlockClass::Headline | BlockClass::Subheadline | BlockClass::Byline
            )
        })
        && next.is_some_and(|n| {
            n.class == BlockClass::Body
                && n.blank_before < 2
                && !byline::is_dateline(n.text.trim())
                && !super::repair::opens_sentence(t, n.text.trim())
        })
}

/// A label-shaped line that is the tail of the paragraph above it: read as a column label
/// because a whole head (kicker or headline) follows, but it goes on from a body line that
/// stops mid-sentence, itself stops mid-sentence, and is longer than a column's name and not
/// shaped like one.
fn cut_tail_over_head(blocks: &[Block], i: usize) -> bool {
    let b = &blocks[i];
    let t = b.text.trim();
    let real = |x: &&Block| x.class != BlockClass::Furniture;
    let prev = blocks[..i].iter().rev().find(real);
    let next = blocks[i + 1..].iter().find(real);
    b.class == BlockClass::Section
        && t.chars().count() >= 10
        && t.chars().last().is_some_and(is_han)
        && !t.contains([' ', '·', '　'])
        && !is_column_label(t)
        && prev.is_some_and(|p| p.class == BlockClass::Body && ends_mid_sentence(p.text.trim()))
        && next.is_some_and(|n| matches!(n.class, BlockClass::Kicker | BlockClass::Headline))
}

#[cfg(test)]
mod fragment_tests {
    use super::*;
    use crate::stages::blocks::classify;
    use crate::stages::normalize::normalize;

    #[test]
    fn broken_clause_shapes() {
        assert!(broken_clause("广袤的华北平原，白洋淀是这"));
        assert!(!broken_clause("山乡绿起来 农民富起来"));
        assert!(!broken_clause("违法占用耕地，严查！（政策解读）"));
        assert!(!broken_clause("江西樟树推动农业“接二连三”"));
        assert!(short_clause("尝到了服务的甜头，平度"));
        assert!(!short_clause("聚焦两会"));
        assert!(short_clause("市民代表对这条道路的改造方案"));
        assert!(!short_clause("谁负责 谁落实 谁反馈"));
    }

    #[test]
    fn cut_tail_above_the_next_head_stays_text() {
        let page = "江城港口吞吐量创新高\n\n本报讯 今年一季度，江城港口完成货物吞吐量1.2亿吨，同比增长8%。\n\n江城港口集团表示，下一步将扩建集装箱码头，江城港口的吞吐能力\n\n图书馆夜间开放\n\n本报讯 市图书馆从下周起延长开放时间。";
        let l = super::super::assemble(&classify(&normalize(page)));
        assert_eq!(l.articles.len(), 2, "{l:#?}");
        let a = &l.articles[0];
        assert!(
            a.paragraphs.last().unwrap().starts_with("江城港口集团"),
            "{a:#?}"
        );
        assert!(a.flags.contains(&Flag::Truncated));
        assert_eq!(l.articles[1].headline.as_deref(), Some("图书馆夜间开放"));
    }

    #[test]
    fn cut_tail_read_as_kicker_stays_text() {
        // The last paragraph cut short after a comma and a place name, right over the next
        // head: it shares the words of the body above, none of the head below.
        let page = "江城送医下乡\n\n本报记者 石 川\n\n近日，江城市卫健委组织专家到山区义诊，为村民免费体检。\n\n义诊专家走村入户，村民看病更方便了，江城市卫健委\n\n城南公园开园迎客\n\n——新增绿地12公顷\n\n本报讯 经过一年建设，城南公园昨日开园。";
        let bl = classify(&normalize(page));
        let l = super::super::assemble(&bl);
        assert_eq!(l.articles.len(), 2, "{bl:#?}\n{l:#?}");
        let a = &l.articles[0];
        assert_eq!(
            a.paragraphs.last().map(String::as_str),
            Some("义诊专家走村入户，村民看病更方便了，江城市卫健委"),
            "{a:#?}"
        );
        assert!(a.flags.contains(&Flag::Truncated));
        let b = &l.articles[1];
        assert_eq!(b.kicker, None);
        assert_eq!(b.headline.as_deref(), Some("城南公园开园迎客"));
    }

    #[test]
    fn first_half_of_the_body_under_the_head_stays_text() {
        // The first paragraph split after a comma clause, its first half read as a label.
        let page = "城南公园开园迎客\n\n本报记者 石 川\n\n经过一年的建设，城南公园的大\n\n门昨天正式向市民打开，游客络绎不绝。\n\n公园新增绿地12公顷。";
        let bl = classify(&normalize(page));
        let l = super::super::assemble(&bl);
        assert_eq!(l.articles.len(), 1, "{bl:#?}\n{l:#?}");
        let a = &l.articles[0];
        assert_eq!(a.section, None, "{a:#?}");
        assert_eq!(
            a.paragraphs,
            [
                "经过一年的建设，城南公园的大门昨天正式向市民打开，游客络绎不绝。",
                "公园新增绿地12公顷。"
            ]
        );
    }

    #[test]
    fn long_label_reusing_the_body_words_is_the_headline() {
        let page = "江城地铁三号线今年底开通试运营\n\n记者从江城地铁集团获悉，地铁三号线全线已完成铺轨，今年底开通试运营。\n\n三号线全长32公里，设站22座。";
        let bl = classify(&normalize(page));
        let l = super::super::assemble(&bl);
        assert_eq!(l.articles.len(), 1, "{l:#?}");
        let a = &l.articles[0];
        assert_eq!(
            a.headline.as_deref(),
            Some("江城地铁三号线今年底开通试运营"),
            "{bl:#?}"
        );
        assert_eq!(a.section, None);
        // A column's name stays the label.
        let l = super::super::assemble(&classify(&normalize(
            "社区简报\n\n本报讯 城南社区昨日举办社区简报发布会。",
        )));
        assert_eq!(l.articles[0].headline, None, "{l:#?}");
    }

    #[test]
    fn cut_tail_read_as_headline_goes_back_with_the_first_half() {
        // Second half under the head, its cut tail (a short line), then across a zone break
        // and a continuation marker the dated first half, which stops mid-sentence.
        let page = "江城地铁三号线全线贯通\n\n线路全长32公里，设站22座，年底前将开通试运营。\n\n三号线开通后将串起江城南北两岸\n\n\n（上接第1版）\n\n本报讯 记者昨日从江城地铁集团获悉，三号线全线\n\n老街改造完成\n\n本报讯 历时半年，城南老街改造昨日完工。";
        let bl = classify(&normalize(page));
        let l = super::super::assemble(&bl);
        let a = &l.articles[0];
        assert_eq!(
            a.headline.as_deref(),
            Some("江城地铁三号线全线贯通"),
            "{l:#?}"
        );
        assert_eq!(
            a.paragraphs,
            [
                "记者昨日从江城地铁集团获悉，三号线全线线路全长32公里，设站22座，年底前将开通试运营。",
                "三号线开通后将串起江城南北两岸"
            ],
            "{a:#?}"
        );
        assert!(a.flags.contains(&Flag::Reordered) && a.flags.contains(&Flag::Truncated));
        assert_eq!(l.articles.len(), 2);
    }

    #[test]
    fn far_head_takes_the_body_that_reuses_its_words() {
        // Head at the top, another article whole, then a label over the first one's body.
        let page = "滨江新区今年新建学校12所\n\n本报记者 林 木\n\n\n老街改造完成\n\n本报讯 历时半年，城南老街改造昨日完工，沿街店铺陆续开门迎客。\n\n\n今日关注\n\n本报讯 记者从滨江新区获悉，新区今年将新建学校12所，新增学位1.5万个。\n\n其中小学7所、初中5所，年底前全部开工。";
        let l = super::super::assemble(&classify(&normalize(page)));
        let a = l
            .articles
            .iter()
            .find(|a| a.headline.as_deref() == Some("滨江新区今年新建学校12所"))
            .expect("headline kept");
        assert_eq!(a.paragraphs.len(), 2, "{l:#?}");
        assert!(a.paragraphs[0].starts_with("记者从滨江新区获悉"));
        assert!(a.flags.contains(&Flag::HeadlineAttached));
        assert_eq!(a.byline.as_deref(), Some("本报记者 林 木"));
        assert_eq!(l.articles.len(), 2);
    }
}
