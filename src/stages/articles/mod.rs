//! Stage 4, articles: classified blocks → articles in reading order (extraction.md §4).
//!
//! One walk over the blocks builds drafts: a head (section, kicker, headline, subheadline,
//! byline) opens an article and the body blocks after it fill it; a caption with its credit
//! is a photo item; furniture goes aside. A head followed by another head has no body where
//! it stands: it waits as an orphan and takes the next body that has no headline of its own.
//! Then the page is looked at as a whole (`global`): heads still without a body are matched
//! to the bodies they share most words with, and weak pairings of the walk are undone.
//! Each draft is then repaired (`repair`), its dateline and closing name list are split off,
//! and its credits are read.

mod global;
mod repair;

use std::borrow::Cow;
use std::collections::{BTreeMap, VecDeque};

use crate::model::{Article, ArticleKind, Block, BlockClass, Credit, Field, Flag, Layout};
use crate::stages::blocks::{
    is_commentary_label, is_continuation, is_paper_name, strip_continuation,
};
use crate::zh::byline::{self, Person};
use crate::zh::chars::ends_mid_sentence;
use repair::{Para, Seen};

/// Assembles blocks into articles and repairs layout damage.
pub fn assemble(blocks: &[Block]) -> Layout {
    // Title-shaped lines that the page reads as text (see `global::title_fragments`).
    let fragments = global::title_fragments(blocks);
    let fixed: Vec<Block>;
    let blocks = if fragments.is_empty() {
        blocks
    } else {
        fixed = {
            let mut v = blocks.to_vec();
            for &i in &fragments {
                v[i].class = BlockClass::Body;
            }
            v
        };
        &fixed
    };
    let mut warnings = Vec::new();
    let texts = drop_duplicates(blocks, &mut warnings);
    let mut walk = Walk::default();
    // Two blank lines before furniture (（上接第1版）) break the zone of what follows it.
    let mut pending_break = false;
    for (i, b) in blocks.iter().enumerate() {
        if b.class == BlockClass::Furniture {
            pending_break |= b.blank_before >= 2;
        } else {
            walk.zone_break = pending_break || b.blank_before >= 2;
            pending_break = false;
        }
        // A continuation marker (（下转第3版）) is neither text nor furniture: it says where
        // the article goes on, which the warning keeps.
        if b.class == BlockClass::Furniture && is_continuation(&b.text) {
            warnings.push(format!("continued:{}", b.line));
            continue;
        }
        walk.block(blocks, &texts, i, b);
    }
    walk.flush_head();
    let mut drafts = walk.drafts;
    global::match_orphans(&mut drafts, blocks);
    drafts.retain(|d| !d.blocks.is_empty());
    drafts.sort_by_key(|d| d.blocks.iter().map(|&i| blocks[i].line).min());
    let mut articles = Vec::new();
    let mut papers: Vec<String> = Vec::new();
    for d in drafts {
        let (article, paper, limit_hit) = finish(d, blocks, &texts);
        warnings.extend(limit_hit);
        if article.flags.contains(&Flag::Truncated) {
            warnings.push(format!("truncated:a{:02}", articles.len() + 1));
        }
        papers.extend(paper);
        articles.push(article);
    }
    let furniture = walk.furniture;
    let paper = most_frequent(&papers).or_else(|| masthead_paper(&furniture));
    Layout {
        articles,
        furniture,
        warnings,
        paper,
    }
}

/// Body and caption texts with long repeats of earlier body text dropped; a warning for
/// each block that lost one. `None` for blocks that are not text.
fn drop_duplicates<'b>(
    blocks: &'b [Block],
    warnings: &mut Vec<String>,
) -> Vec<Option<(Cow<'b, str>, bool)>> {
    let mut seen = Seen::with_capacity(blocks.iter().map(|b| b.text.len() / 3).sum());
    blocks
        .iter()
        .map(|b| {
            if !matches!(b.class, BlockClass::Body | BlockClass::Caption) {
                return None;
            }
            // A marker glued to the paragraph leaves its text, as one on its own line does.
            let (core, marked) = strip_continuation(&b.text);
            if marked {
                warnings.push(format!("continued:{}", b.line));
            }
            let (text, dropped) = seen.take(core);
            if dropped {
                warnings.push(format!("duplicate-fragment:{}", b.line));
            }
            Some((text, dropped))
        })
        .collect()
}

/// A head being read: the lines above a body.
#[derive(Debug, Default)]
struct Head {
    section: Option<String>,
    kicker: Option<String>,
    headline: Option<String>,
    subheadline: Option<String>,
    byline: Option<String>,
    blocks: Vec<usize>,
    /// Rank of the last line read: a line of equal or lower rank starts the next head.
    rank: u8,
}

/// An article, commentary or photo item while it is being built.
#[derive(Debug, Default)]
struct Draft {
    section: Option<String>,
    kicker: Option<String>,
    headline: Option<String>,
    subheadline: Option<String>,
    byline: Option<String>,
    photo: bool,
    /// The byline was printed after the body (a closing line): it comes after the dateline.
    byline_after: bool,
    /// Block indices of the body, in page order; subhead runs are one entry.
    body: Vec<Vec<usize>>,
    blocks: Vec<usize>,
    flags: Vec<Flag>,
    /// Set when the walk gave this orphan head the body below a label or byline: what
    /// the page-level matching needs to undo it.
    attached: Option<Attached>,
}

/// How an orphan head was joined to a body by the walk.
#[derive(Debug, Default)]
struct Attached {
    /// `blocks[..at]` are the head's own blocks.
    at: usize,
    /// The head's label and byline before the body's replaced them.
    section: Option<String>,
    byline: Option<String>,
    /// The label and byline printed over the body.
    body_section: Option<String>,
    body_byline: Option<String>,
}

impl Draft {
    fn from_head(h: Head) -> Draft {
        Draft {
            section: h.section,
            kicker: h.kicker,
            headline: h.headline,
            subheadline: h.subheadline,
            byline: h.byline,
            blocks: h.blocks,
            ..Draft::default()
        }
    }

    fn has_dateline(&self, blocks: &[Block]) -> bool {
        self.body.iter().any(|e| {
            e.first()
                .is_some_and(|&i| byline::is_dateline(blocks[i].text.trim()))
        })
    }
}

#[derive(Debug, Default)]
struct Walk {
    drafts: Vec<Draft>,
    furniture: Vec<String>,
    head: Option<Head>,
    /// The text article that body blocks go to.
    current: Option<usize>,
    /// Heads without a body, oldest first.
    orphans: VecDeque<usize>,
    /// The last block read was part of a photo item.
    after_photo: bool,
    /// The photo item whose caption may still follow its credit.
    open_photo: Option<usize>,
    /// The previous block was a subhead of `current` (a second one joins it).
    last_subhead: bool,
    /// The photo item the last caption went to (a caption right after it joins it).
    last_caption: Option<usize>,
    /// A zone break (two blank lines, before the block or before furniture between it and
    /// the block above) precedes the block being read.
    zone_break: bool,
}

fn rank(class: BlockClass) -> u8 {
    match class {
        BlockClass::Section => 1,
        BlockClass::Kicker => 2,
        BlockClass::Headline => 3,
        BlockClass::Subheadline => 4,
        _ => 5,
    }
}

fn set_or_append(slot: &mut Option<String>, text: &str) {
    match slot {
        Some(s) => {
            s.push(' ');
            s.push_str(text);
        }
        None => *slot = Some(text.to_string()),
    }
}

/// The byline field text of a byline or credit line: marker and wrapping parentheses gone.
fn byline_text(text: &str) -> String {
    byline::parse_credit_line(text)
        .map(|c| c.text)
        .unwrap_or_else(|| {
            text.trim_start_matches(byline::is_marker)
                .trim()
                .to_string()
        })
}

/// A subheadline without its leading dash.
fn strip_dash(text: &str) -> String {
    text.trim_start_matches(['—', '─', '-', '－', '―'])
        .trim()
        .to_string()
}

impl Walk {
    fn block(&mut self, blocks: &[Block], texts: &[Option<(Cow<str>, bool)>], i: usize, b: &Block) {
        let text = b.text.trim();
        match b.class {
            BlockClass::Furniture => {
                self.furniture.push(text.to_string());
            }
            BlockClass::Section
            | BlockClass::Kicker
            | BlockClass::Headline
            | BlockClass::Subheadline => {
                let r = rank(b.class);
                // A byline printed above the headline stays with the head that follows.
                let byline_only = self.head.as_ref().is_some_and(|h| {
                    h.section.is_none()
                        && h.kicker.is_none()
                        && h.headline.is_none()
                        && h.subheadline.is_none()
                });
                // A second subheadline line under the same head is its continuation
                // (joined, as a two-line subheadline), not a new head without a headline.
                let more_subheadline = b.class == BlockClass::Subheadline
                    && self.head.as_ref().is_some_and(|h| {
                        h.headline.is_some() && h.subheadline.is_some() && h.rank == r
                    });
                if self.head.as_ref().is_some_and(|h| r <= h.rank)
                    && !byline_only
                    && !more_subheadline
                {
                    self.flush_head();
                }
                let h = self.head.get_or_insert_with(Head::default);
                h.rank = r;
                h.blocks.push(i);
                let slot = match b.class {
                    BlockClass::Section => &mut h.section,
                    BlockClass::Kicker => &mut h.kicker,
                    BlockClass::Headline => &mut h.headline,
                    _ => &mut h.subheadline,
                };
                let value = if b.class == BlockClass::Subheadline {
                    strip_dash(text)
                } else {
                    text.to_string()
                };
                set_or_append(slot, &value);
                self.last_subhead = false;
            }
            BlockClass::Byline => {
                let value = byline_text(text);
                if let Some(h) = self.head.as_mut() {
                    h.rank = 5;
                    h.blocks.push(i);
                    set_or_append(&mut h.byline, &value);
                } else if self.closes_current(blocks, texts, i) {
                    if let Some(d) = self.current.and_then(|c| self.drafts.get_mut(c)) {
                        d.byline_after |= d.byline.is_none();
                        set_or_append(&mut d.byline, &value);
                        d.blocks.push(i);
                    }
                } else {
                    let h = self.head.get_or_insert_with(Head::default);
                    h.rank = 5;
                    h.blocks.push(i);
                    set_or_append(&mut h.byline, &value);
                }
                self.last_subhead = false;
            }
            BlockClass::Caption => {
                // A photo's own headline waits in the head: the photo item takes it.
                let photo_head = self
                    .head
                    .take_if(|h| h.headline.is_some() && h.byline.is_none());
                self.flush_head();
                let caption = texts.get(i).and_then(Option::as_ref);
                let caption = caption.map_or(text, |t| &t.0);
                // A caption right after its credit, or after another caption, joins that
                // photo item.
                if photo_head.is_none() {
                    if let Some(p) = self
                        .last_caption
                        .filter(|_| i > 0 && blocks[i - 1].class == BlockClass::Caption)
                    {
                        if let Some(d) = self.drafts.get_mut(p) {
                            d.body.push(vec![i]);
                            d.blocks.push(i);
                            self.after_photo = true;
                            self.open_photo = blocks
                                .get(i + 1)
                                .is_some_and(|n| n.class == BlockClass::Credit)
                                .then_some(p);
                            return;
                        }
                    }
                }
                if let Some(p) = self.open_photo.take() {
                    if let Some(d) = self.drafts.get_mut(p) {
                        d.body.push(vec![i]);
                        d.blocks.push(i);
                        self.after_photo = true;
                        return;
                    }
                }
                let mut d = photo_head.map(Draft::from_head).unwrap_or_default();
                d.photo = true;
                d.body.push(vec![i]);
                d.blocks.push(i);
                if let Some((_, credit)) = byline::split_trailing_credit(caption) {
                    d.byline = Some(credit.text);
                }
                self.drafts.push(d);
                let at = self.drafts.len() - 1;
                // A credit on the next line belongs to this caption.
                let credit_next = blocks
                    .get(i + 1)
                    .is_some_and(|n| n.class == BlockClass::Credit);
                if credit_next {
                    self.open_photo = Some(at);
                }
                self.last_caption = Some(at);
                self.after_photo = true;
                self.last_subhead = false;
            }
            BlockClass::Credit => {
                self.flush_head();
                let value = byline_text(text);
                match self.open_photo.take() {
                    Some(p) if self.drafts.get(p).is_some_and(|d| d.byline.is_none()) => {
                        if let Some(d) = self.drafts.get_mut(p) {
                            d.byline = Some(value);
                            d.blocks.push(i);
                        }
                    }
                    _ => {
                        self.drafts.push(Draft {
                            photo: true,
                            byline: Some(value),
                            blocks: vec![i],
                            ..Draft::default()
                        });
                        self.open_photo = Some(self.drafts.len() - 1);
                    }
                }
                self.after_photo = true;
                self.last_subhead = false;
            }
            BlockClass::Body | BlockClass::Subhead => {
                self.open_photo = None;
                let subhead = b.class == BlockClass::Subhead;
                let target = self.target_for_body(blocks, b);
                let d = &mut self.drafts[target];
                if subhead && self.last_subhead {
                    if let Some(last) = d.body.last_mut() {
                        last.push(i);
                    }
                } else {
                    d.body.push(vec![i]);
                }
                d.blocks.push(i);
                self.current = Some(target);
                self.after_photo = false;
                self.last_subhead = subhead;
            }
        }
    }

    /// Whether a byline after a body closes the current article (nothing but heads,
    /// photos, furniture or the page end follow).
    /// A body repeated whole from earlier on the page (dropped as a duplicate) is not
    /// text that follows.
    fn closes_current(
        &self,
        blocks: &[Block],
        texts: &[Option<(Cow<str>, bool)>],
        i: usize,
    ) -> bool {
        let Some(d) = self.current.and_then(|c| self.drafts.get(c)) else {
            return false;
        };
        let repeated = |k: usize| {
            texts
                .get(k)
                .and_then(Option::as_ref)
                .is_some_and(|(t, dup)| *dup && t.is_empty())
        };
        let next = (i + 1..blocks.len())
            .filter(|&k| !repeated(k))
            .map(|k| &blocks[k])
            .find(|b| b.class != BlockClass::Furniture);
        // An article with a byline already cannot take a second one: this one heads the
        // next article.
        !d.body.is_empty()
            && d.byline.is_none()
            && !self.after_photo
            && !next.is_some_and(|n| matches!(n.class, BlockClass::Body | BlockClass::Subhead))
    }

    /// The draft that a body block goes to, opening or attaching one when needed.
    fn target_for_body(&mut self, blocks: &[Block], b: &Block) -> usize {
        if let Some(h) = self.head.take() {
            if h.headline.is_some() {
                self.drafts.push(Draft::from_head(h));
                return self.drafts.len() - 1;
            }
            // A head without a headline (a label, a byline) over a body: the waiting
            // orphan headline belongs here.
            // Unless both have a label (or both a byline): the head then stands alone, so
            // that nothing printed is lost.
            let clash = |d: &Draft| {
                (d.section.is_some() && h.section.is_some())
                    || (d.byline.is_some() && h.byline.is_some())
            };
            if let Some(o) = self
                .orphans
                .front()
                .copied()
                .filter(|&o| self.drafts.get(o).is_some_and(|d| !clash(d)))
            {
                self.orphans.pop_front();
                self.attach(o, h);
                return o;
            }
            self.drafts.push(Draft::from_head(h));
            return self.drafts.len() - 1;
        }
        let dated = byline::is_dateline(b.text.trim());
        let current = self.current.filter(|&c| {
            self.drafts
                .get(c)
                .is_some_and(|d| !d.photo && !d.body.is_empty())
        });
        let new_item = match current {
            None => true,
            Some(_) if self.after_photo => !self.orphans.is_empty(),
            Some(c) if dated => {
                let d = &self.drafts[c];
                // A dated fragment after a zone break completes an article that has no
                // dateline yet (columns read out of order); otherwise it starts a new one.
                !self.zone_break || d.has_dateline(blocks)
            }
            // Across a zone break, an undated body that does not finish the sentence the
            // current article broke off is the body a waiting orphan headline lacks.
            Some(c) if self.zone_break && !self.orphans.is_empty() => {
                let open = self.drafts[c]
                    .body
                    .last()
                    .and_then(|e| e.last())
                    .is_some_and(|&l| ends_mid_sentence(blocks[l].text.trim()));
                !open
            }
            Some(_) => false,
        };
        if let (false, Some(c)) = (new_item, current) {
            return c;
        }
        if let Some(o) = self.orphans.pop_front() {
            self.attach(o, Head::default());
            return o;
        }
        // Briefs under one label: each dated item without a headline keeps the label.
        let section = current
            .and_then(|c| self.drafts.get(c))
            .filter(|d| d.headline.is_none() && dated)
            .and_then(|d| d.section.clone());
        self.drafts.push(Draft {
            section,
            ..Draft::default()
        });
        self.drafts.len() - 1
    }

    /// Gives an orphan headline the body (and label or byline) found for it; the caller
    /// checks that the orphan has no label or byline of its own where the head has one.
    fn attach(&mut self, o: usize, h: Head) {
        if let Some(d) = self.drafts.get_mut(o) {
            d.attached = Some(Attached {
                at: d.blocks.len(),
                section: d.section.clone(),
                byline: d.byline.clone(),
                body_section: h.section.clone(),
                body_byline: h.byline.clone(),
            });
            if h.section.is_some() {
                d.section = h.section;
            }
            if h.byline.is_some() {
                d.byline = h.byline;
            }
            d.blocks.extend(h.blocks);
            d.flags.push(Flag::HeadlineAttached);
        }
    }

    /// Ends the head being read when no body follows it: an orphan if it has a headline.
    fn flush_head(&mut self) {
        let Some(h) = self.head.take() else { return };
        let has_headline = h.headline.is_some();
        self.drafts.push(Draft::from_head(h));
        if has_headline {
            self.orphans.push_back(self.drafts.len() - 1);
        }
    }
}

/// Turns a draft into an article: paragraphs repaired, dateline and closing names split
/// off, credits read. Also returns the paper its dateline or byline names, if any.
/// One draft made into an article; also the paper names its credits print and the warning
/// of a repair limit hit.
fn finish(
    d: Draft,
    blocks: &[Block],
    texts: &[Option<(Cow<str>, bool)>],
) -> (Article, Vec<String>, Option<String>) {
    let mut flags = d.flags.clone();
    let mut byline_after = d.byline_after;
    let mut papers = Vec::new();
    let in_draft: std::collections::HashSet<usize> = d.blocks.iter().copied().collect();
    let mut paras = Vec::new();
    let mut zone = 0;
    for (n, entry) in d.body.iter().enumerate() {
        let Some(&first) = entry.first() else {
            continue;
        };
        let b = &blocks[first];
        // Furniture printed inside an article does not break it into fragments.
        let prev = blocks[..first]
            .iter()
            .rposition(|p| p.class != BlockClass::Furniture);
        // A zone break printed before furniture in between (two blank lines, then
        // （上接第1版）) breaks the body as well.
        let zone_break = match prev {
            Some(p) => global::zone_break_between(blocks, p, first),
            None => b.blank_before >= 2,
        };
        let fragment_start = n == 0
            || zone_break
            || prev.is_none_or(|p| {
                !in_draft.contains(&p)
                    || !matches!(blocks[p].class, BlockClass::Body | BlockClass::Subhead)
            });
        if fragment_start && n > 0 {
            zone += 1;
        }
        let subhead = b.class == BlockClass::Subhead;
        let mut text = String::new();
        let mut dropped = false;
        for (k, &bi) in entry.iter().enumerate() {
            let t = match texts.get(bi).and_then(Option::as_ref) {
                Some((t, dup)) => {
                    dropped |= *dup;
                    t
                }
                None => blocks[bi].text.trim(),
            };
            if k > 0 {
                text.push(' ');
            }
            text.push_str(t);
        }
        if dropped {
            flags.push(Flag::Deduplicated);
        }
        if d.photo {
            if let Some((caption, _)) = byline::split_trailing_credit(&text) {
                text = caption;
            }
        }
        if text.is_empty() {
            continue;
        }
        paras.push(Para {
            dateline: !subhead && byline::is_dateline(&text),
            text,
            lines: entry.iter().map(|&bi| blocks[bi].line).collect(),
            zone,
            fragment_start,
            subhead,
            // A head line read back as text (`global`) is a column's cut tail: where it
            // stops is where the page cut it, so nothing is joined to it.
            cut: dropped
                || !matches!(
                    b.class,
                    BlockClass::Body | BlockClass::Subhead | BlockClass::Caption
                ),
        });
    }
    let first_line = paras.iter().flat_map(|p| p.lines.iter().copied()).min();
    let (repair_flags, limited) = repair::reorder_and_join(&mut paras);
    flags.extend(repair_flags);
    let limit_hit = limited.then(|| format!("repair-limit:{}", first_line.unwrap_or(0)));

    let mut article = Article {
        section: d.section,
        kicker: d.kicker,
        headline: d.headline,
        subheadline: d.subheadline,
        byline: d.byline,
        ..Article::default()
    };
    // The dateline opens the first paragraph; the text resumes after its comma.
    if let Some(first) = paras.first_mut().filter(|p| p.dateline) {
        if let Some(dl) = byline::parse_dateline(&first.text) {
            let at = |n: usize| byte_offset(&first.text, n);
            let dateline = first.text[..at(dl.len)].to_string();
            let rest = first.text[at(dl.rest)..].trim().to_string();
            papers.extend(dl.org.as_deref().and_then(byline::paper_name));
            article.dateline = Some(dateline);
            first.text = rest;
        }
    }
    paras.retain(|p| !p.text.is_empty());
    // A parenthesised name list closing the last paragraph is the byline.
    if !d.photo {
        if let Some(last) = paras.last_mut().filter(|p| !p.subhead) {
            if let Some((at, names)) = byline::closing_names(&last.text) {
                let kept = last.text[..byte_offset(&last.text, at)].trim_end().len();
                last.text.truncate(kept);
                byline_after |= article.byline.is_none();
                set_or_append(&mut article.byline, &names);
            }
        }
    }
    paras.retain(|p| !p.text.is_empty());
    if repair::truncated(&paras) {
        flags.push(Flag::Truncated);
    }
    // Credits in printed order: a byline above the body comes before the dateline, a
    // closing one after it.
    let mut by = Vec::new();
    if let Some(b) = &article.byline {
        by = credits(Field::Byline, byline::byline_persons(b));
        if let Some(org) = byline::parse_credit_line(b).and_then(|c| c.org) {
            papers.extend(byline::paper_name(&org));
        }
    }
    let dated = article
        .dateline
        .as_deref()
        .and_then(byline::parse_dateline)
        .map(|p| credits(Field::Dateline, p.persons))
        .unwrap_or_default();
    if byline_after {
        article.credits = dated;
        article.credits.extend(by);
    } else {
        article.credits = by;
        article.credits.extend(dated);
    }
    let commentary = article.byline.as_deref().is_some_and(|b| {
        byline::parse_credit_line(b).is_some_and(|c| c.commentary) || b.contains("社论")
    }) || [&article.section, &article.kicker]
        .iter()
        .any(|s| s.as_deref().is_some_and(is_commentary_label));
    article.kind = Some(if d.photo {
        ArticleKind::Photo
    } else if commentary {
        ArticleKind::Commentary
    } else if article.headline.is_some() || article.dateline.is_some() || article.byline.is_some() {
        ArticleKind::News
    } else {
        ArticleKind::Other
    });
    // Subheads in reading order, after the repair put the fragments back in order.
    article.subheads = paras
        .iter()
        .filter(|p| p.subhead)
        .map(|p| p.text.clone())
        .collect();
    (article.paragraphs, article.paragraph_lines) =
        paras.into_iter().map(|p| (p.text, p.lines)).unzip();
    article.lines = source_lines(&d.blocks, blocks);
    flags.sort();
    flags.dedup();
    article.confidence = confidence(&article, &flags, zone);
    article.flags = flags;
    (article, papers, limit_hit)
}

/// How sure the assembly is of an article's boundaries, 0–1: the product of one factor per
/// doubt, so that every repair or missing part lowers it and none alone sends it to 0.
/// 1.0 when headline, credit and body stood together in order. `fragments` counts the
/// body's breaks (zone jumps or other items in between).
pub fn confidence(a: &Article, flags: &[Flag], fragments: usize) -> f64 {
    let mut c = 1.0;
    for f in flags {
        c *= match f {
            // Matched across the page: the likeliest place for a wrong body.
            Flag::HeadlineAttached => 0.6,
            Flag::Reordered => 0.7,
            Flag::Truncated => 0.85,
            Flag::Deduplicated => 0.9,
            Flag::Joined => 0.95,
        };
    }
    c *= 0.85f64.powi(fragments.min(4) as i32);
    let photo = a.kind == Some(ArticleKind::Photo);
    if a.paragraphs.is_empty() {
        c *= 0.3;
    }
    if photo {
        if a.byline.is_none() {
            c *= 0.7;
        }
    } else if a.headline.is_none() {
        // A brief under a label with its dateline is a normal item; a body with neither is
        // a fragment whose headline was not found.
        c *= if a.section.is_some() && a.dateline.is_some() {
            0.9
        } else {
            0.5
        };
    } else if a.byline.is_none() && a.dateline.is_none() {
        c *= 0.9;
    }
    // Headline, credit and body standing together in order: 1.0 (tables.md). Otherwise
    // the weaker cues below lower it further.
    let credited = a.byline.is_some() || a.dateline.is_some();
    if c == 1.0 && a.headline.is_some() && credited {
        return 1.0;
    }
    // A headline that reuses none of its body's words may sit over someone else's body.
    if let (Some(h), false) = (&a.headline, photo) {
        let head = [&a.kicker, &Some(h.clone()), &a.subheadline]
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect::<String>();
        let body: String = a.paragraphs.iter().map(String::as_str).collect();
        let s = global::share(&global::pairs(&head), &global::pairs(&body));
        c *= if s < 0.1 {
            FACTOR_A
        } else if s < 0.25 {
            FACTOR_B
        } else {
            1.0
        };
    }
    // A line over the headline with no typographic mark (no —— or ： ending it) may be a
    // column label or a kicker: nothing printed in plain text tells them apart.
    let plain_kicker = a
        .kicker
        .as_deref()
        .is_some_and(|k| !k.ends_with(['—', '：', ':']));
    if plain_kicker || a.section.is_some() {
        c *= LABEL_F;
    }
    // Every paragraph is one more place for a break to be misread.
    c *= PARA_F.powi((a.paragraphs.len().saturating_sub(4) / 4).min(8) as i32);
    (c * 100.0).round() / 100.0
}

const FACTOR_A: f64 = 0.75;
const FACTOR_B: f64 = 0.9;
const LABEL_F: f64 = 0.85;
const PARA_F: f64 = 0.9;

/// Byte offset of code point `n` of `text` (its length when `n` is past the end).
fn byte_offset(text: &str, n: usize) -> usize {
    text.char_indices().nth(n).map_or(text.len(), |(i, _)| i)
}

fn credits(field: Field, persons: Vec<Person>) -> Vec<Credit> {
    persons
        .into_iter()
        .map(|p| Credit {
            field,
            start: p.start,
            end: p.end,
            name: p.name,
            role: p.role,
        })
        .collect()
}

/// Raw lines of the article's blocks, with the blank lines between two of its blocks that
/// stand next to each other on the page.
fn source_lines(ids: &[usize], blocks: &[Block]) -> Vec<u32> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut lines = Vec::new();
    for (k, &i) in ids.iter().enumerate() {
        let line = blocks[i].line;
        lines.push(line);
        if let Some(&j) = ids.get(k + 1) {
            if j == i + 1 {
                lines.extend(line + 1..blocks[j].line);
            }
        }
    }
    lines
}

fn most_frequent(names: &[String]) -> Option<String> {
    let mut counts: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for (pos, n) in names.iter().enumerate() {
        let e = counts.entry(n.as_str()).or_insert((0, pos));
        e.0 += 1;
    }
    counts
        .into_iter()
        .max_by_key(|(_, (count, first))| (*count, std::cmp::Reverse(*first)))
        .map(|(n, _)| n.to_string())
}

/// The first paper named on a masthead furniture line (某某日报 in 掌上某地 某某日报, 南方周末,
/// 21世纪经济报道).
fn masthead_paper(furniture: &[String]) -> Option<String> {
    furniture
        .iter()
        .flat_map(|l| l.split(' '))
        .find(|t| is_paper_name(t))
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Role;
    use crate::stages::blocks::classify;
    use crate::stages::normalize::normalize;

    fn layout(text: &str) -> Layout {
        assemble(&classify(&normalize(text)))
    }

    #[test]
    fn continuation_marker_glued_to_a_paragraph_leaves_its_text() {
        let l = layout(
            "江城新建改建道路52条\n\n本报记者 王 强\n\n本报讯 今年全市将新建改建城市道路52条。\n\n其中主干道12条，将在年内完成投资过（下转第3版）",
        );
        assert_eq!(l.articles.len(), 1, "{l:#?}");
        let a = &l.articles[0];
        assert_eq!(
            a.paragraphs,
            [
                "今年全市将新建改建城市道路52条。",
                "其中主干道12条，将在年内完成投资过"
            ]
        );
        assert!(a.flags.contains(&Flag::Truncated), "{a:#?}");
        assert_eq!(l.warnings, ["continued:7", "truncated:a01"]);
    }

    #[test]
    fn orphan_headline_takes_the_labelled_body() {
        let l = layout(
            "等待正文的标题\n\n■本报记者 郑 义\n\n另一篇\n\n■本报评论员\n\n评论正文。\n\n\n\n专栏名称\n\n正文第一段。\n\n正文第二段。",
        );
        assert_eq!(l.articles.len(), 2);
        let a = &l.articles[0];
        assert_eq!(a.headline.as_deref(), Some("等待正文的标题"));
        assert_eq!(a.section.as_deref(), Some("专栏名称"));
        assert_eq!(a.paragraphs, ["正文第一段。", "正文第二段。"]);
        assert_eq!(a.flags, [Flag::HeadlineAttached]);
        assert_eq!(a.source_lines(), "1-3,13-17");
        assert_eq!(
            a.credits,
            [Credit {
                field: Field::Byline,
                start: 5,
                end: 8,
                name: "郑义".into(),
                role: Role::Reporter
            }]
        );
        assert_eq!(l.articles[1].kind, Some(ArticleKind::Commentary));
    }

    #[test]
    fn dateline_split_off_and_credited() {
        let l = layout("标题\n\n江城日报讯(通讯员 石 川)近日，江城举行活动。");
        let a = &l.articles[0];
        assert_eq!(a.dateline.as_deref(), Some("江城日报讯(通讯员 石 川)"));
        assert_eq!(a.paragraphs, ["近日，江城举行活动。"]);
        assert_eq!(a.authors(), ["石川"]);
        assert_eq!(a.credits[0].role, Role::Correspondent);
        assert_eq!((a.credits[0].start, a.credits[0].end), (10, 13));
        assert_eq!(l.paper.as_deref(), Some("江城日报"));
    }

    #[test]
    fn subheads_in_reading_order_after_reordering() {
        // Second half printed first (with its subhead), then the dated first half with its
        // own subhead, stopping mid-sentence.
        let l = layout(
            "江城老街焕新颜\n\n本报记者 石 川\n\n两侧的石板路全部翻新，街区改造后商铺陆续开业。\n\n商户有了新盼头\n\n老字号店主说，生意比去年好多了。\n\n\n本报讯 历时半年，江城老街改造昨日完工。\n\n保留老街原有格局\n\n施工方介绍，改造中老街的建筑风貌被完整保留，老街",
        );
        assert_eq!(l.articles.len(), 1, "{l:#?}");
        let a = &l.articles[0];
        assert_eq!(a.subheads, ["保留老街原有格局", "商户有了新盼头"], "{a:#?}");
        assert_eq!(a.paragraphs[0], "历时半年，江城老街改造昨日完工。");
        assert!(a.flags.contains(&Flag::Reordered));
    }

    #[test]
    fn closing_names_before_a_repeated_paragraph_are_the_byline() {
        let l = layout(
            "城南公园开园迎客\n\n经过一年的建设，城南公园昨天正式向市民开放，园内新增绿地十二公顷，首日接待游客两万余人次。\n\n（王 川）\n\n经过一年的建设，城南公园昨天正式向市民开放，园内新增绿地十二公顷，首日接待游客两万余人次。\n\n\n老街改造完成\n\n本报讯 历时半年，城南老街改造昨日完工。",
        );
        assert_eq!(l.articles.len(), 2, "{l:#?}");
        assert_eq!(l.articles[0].byline.as_deref(), Some("王 川"), "{l:#?}");
        assert_eq!(l.articles[1].headline.as_deref(), Some("老街改造完成"));
    }

    #[test]
    fn empty_and_blank_pages() {
        assert_eq!(layout(""), Layout::default());
        assert_eq!(layout("\n\n \n"), Layout::default());
    }
}
