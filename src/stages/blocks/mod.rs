//! Stage 3, blocks: normalized lines → classified blocks (extraction.md §3).
//!
//! Two passes. The first gives every non-empty line a *shape* from what the line alone
//! shows (punctuation, length, ■ markers, job words, dateline shapes, furniture cues). The
//! second decides the class from the neighbours: which short lines form an article head
//! (section, kicker, headline, subheadline, byline) and which are subheads inside a body,
//! which body line is a photo caption, which label stands above an orphan headline's body.

use crate::model::{Block, BlockClass, Page};
use crate::zh::byline::{self, CreditKind};
use crate::zh::chars::{ends_mid_sentence, ends_sentence_strict};
use crate::zh::labels;

mod cues;
mod furniture;
pub use cues::is_photo_credit;
use cues::*;
use furniture::is_masthead_with;
pub use furniture::{
    is_commentary_label, is_continuation, is_furniture, is_paper_name, strip_continuation,
    PAPER_ENDINGS,
};

/// Longest line that can be a title (headline, kicker, section); longer lines are text.
const MAX_TITLE: usize = 40;
/// Longest line that can be a subhead inside a body.
const MAX_SUBHEAD: usize = 24;
/// Longest paragraph that can be a photo caption.
const MAX_CAPTION: usize = 150;

/// What one line looks like on its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    Furniture,
    Byline,
    Credit,
    /// Starts with —— : a subheadline when it follows a headline.
    Dash,
    /// Short, no sentence-final punctuation: some kind of title.
    Title,
    Body,
    /// A caption with its photo credit on the same line.
    CaptionWithCredit,
}

/// Splits a page into blocks (non-empty lines) and classifies each.
pub fn classify(page: &Page) -> Vec<Block> {
    classify_with(page, &[])
}

/// As `classify`, with paper names the user declared (`--lexicon` type PAPER): a line that
/// is one of them, alone or with date, page and other media names, is masthead furniture
/// whatever the name's ending.
pub fn classify_with(page: &Page, papers: &[String]) -> Vec<Block> {
    let mut blocks = classify_lines(page);
    if papers.is_empty() {
        return blocks;
    }
    let declared = |s: &str| is_paper_name(s) || papers.iter().any(|p| p == s);
    for b in &mut blocks {
        let t = b.text.trim();
        if b.class != BlockClass::Furniture
            && (papers.iter().any(|p| p == t) || is_masthead_with(t, &declared))
        {
            b.class = BlockClass::Furniture;
        }
    }
    blocks
}

/// The first declared paper name printed in the page's furniture (alone or as a token).
pub fn declared_paper(blocks: &[Block], papers: &[String]) -> Option<String> {
    blocks
        .iter()
        .filter(|b| b.class == BlockClass::Furniture)
        .flat_map(|b| b.text.split(' '))
        .find_map(|t| papers.iter().find(|p| p.as_str() == t.trim()))
        .cloned()
}

fn classify_lines(page: &Page) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut blanks = 0;
    for line in &page.lines {
        if line.text.trim().is_empty() {
            blanks += 1;
            continue;
        }
        blocks.push(Block {
            line: line.no,
            text: line.text.clone(),
            class: BlockClass::Body,
            blank_before: blanks,
        });
        blanks = 0;
    }
    let shapes: Vec<Shape> = blocks.iter().map(|b| shape(&b.text)).collect();
    let classes = in_context(&blocks, &shapes);
    for (b, c) in blocks.iter_mut().zip(classes) {
        b.class = c;
    }
    blocks
}

fn shape(text: &str) -> Shape {
    let t = text.trim();
    if is_furniture(t) {
        return Shape::Furniture;
    }
    if let Some(c) = byline::parse_credit_line(t) {
        return match c.kind {
            CreditKind::Photo => Shape::Credit,
            CreditKind::Byline => Shape::Byline,
        };
    }
    if let Some(rest) = strip_dash(t) {
        if !rest.is_empty() && rest.chars().count() <= MAX_TITLE && !ends_sentence_strict(rest) {
            return Shape::Dash;
        }
    }
    if is_photo_credit(t) {
        return Shape::Credit;
    }
    // A continuation marker glued to a line (…投资过（下转第3版）) goes with a paragraph.
    if byline::is_dateline(t) || strip_continuation(t).1 {
        return Shape::Body;
    }
    if byline::split_trailing_credit(t).is_some() {
        return Shape::CaptionWithCredit;
    }
    let n = t.chars().count();
    // A line wholly in parentheses after the credits were read is a closing note of the
    // text (（作者为…）, （资料来源：…）, （本报巴黎4月21日电）), never a title.
    if t.starts_with(['（', '(']) && t.ends_with(['）', ')']) {
        return Shape::Body;
    }
    // A title never leaves a quote or bracket open, nor closes one it did not open: such a
    // line is a piece of a paragraph broken at a column edge (“焊工活儿，差一丝一毫).
    // (Only short lines can be titles: long paragraphs skip these scans.)
    if n > MAX_TITLE {
        return Shape::Body;
    }
    if !balanced(t) {
        return Shape::Body;
    }
    // A question or exclamation inside the line with more words after it is a sentence
    // (…会产生哪些作用？文化部), not a title.
    // A column tag after a headline (严查！（政策解读）) is not words after its mark.
    let tagged = labels::column_tag(t).is_some();
    let core = match t.rfind(['（', '(']) {
        Some(at) if tagged => t[..at].trim_end(),
        _ => t,
    };
    if let Some(at) = core.find(['？', '！', '?', '!']) {
        let after = core[at..].chars().skip(1).filter(|c| is_han(*c)).count();
        if after >= 2 {
            return Shape::Body;
        }
    }
    // An exclamation or question with its column's tag is a headline (违法占用耕地，严查！
    // （政策解读）): a sentence of the text never carries one.
    if tagged && core.ends_with(['？', '！', '?', '!']) && !core.contains(['。', '；']) {
        return Shape::Title;
    }
    // Evaluated in order and only as needed: most lines are long paragraphs.
    let last = || t.chars().next_back().unwrap_or(' ');
    let inner_stop = || t.chars().any(|c| matches!(c, '。' | '；' | ';' | '…'));
    let commas = || {
        t.chars()
            .filter(|c| matches!(c, '，' | ','))
            .nth(1)
            .is_some()
    };
    if n > MAX_TITLE
        || ends_sentence_strict(t)
        || matches!(last(), '：' | ':' | '，' | ',' | '、' | '—' | '；' | ';')
        || inner_stop()
        || commas()
    {
        Shape::Body
    } else {
        Shape::Title
    }
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Up to about 1,000 characters of the body lines right above `k` (up to a non-body line).
fn text_above(blocks: &[Block], shapes: &[Shape], k: usize) -> String {
    let mut out = String::new();
    for m in (0..k).rev() {
        if shapes[m] != Shape::Body || out.len() > 3000 {
            break;
        }
        out.push_str(blocks[m].text.trim());
    }
    out
}

/// A paragraph wholly in parentheses that closes an article: its dateline or credit put at
/// the end (（本报北京、曼谷3月24日电）, （记者 林晓东 整理）, （据新华社）).
fn closing_note(t: &str) -> bool {
    let t = t.trim();
    let Some(inner) = t
        .strip_prefix(['（', '('])
        .and_then(|r| r.strip_suffix(['）', ')']))
    else {
        return false;
    };
    inner.chars().count() <= 60
        && !inner.contains(['。', '（', '('])
        && (byline::is_dateline(inner)
            || inner.ends_with("电")
            || inner.ends_with("整理")
            || inner.starts_with("记者")
            || inner.starts_with("据")
            || inner.starts_with("本报"))
}

/// The text after a leading dash (——, ──, --), if any.
fn strip_dash(t: &str) -> Option<&str> {
    let rest = t.trim_start_matches(['—', '─', '-', '－', '―']);
    // At least one dash was trimmed exactly when the text got shorter.
    (rest.len() < t.len()).then(|| rest.trim_start())
}

/// A label line: in brackets (【新春走基层】), a column's name (民生观察, 股市简报) or a
/// commentary label: a section, not a kicker.
fn is_label(t: &str) -> bool {
    labels::is_column_label(t) || is_commentary_label(t)
}

fn starts_with_dateline(t: &str) -> bool {
    byline::is_dateline(t)
}

fn in_context(blocks: &[Block], shapes: &[Shape]) -> Vec<BlockClass> {
    let n = blocks.len();
    let mut shapes = shapes.to_vec();
    let text = |i: usize| blocks.get(i).map(|b| b.text.trim()).unwrap_or("");
    let len = |i: usize| text(i).chars().count();
    // A paper's name alone among the first lines of the page is its masthead (南方周末,
    // 21世纪经济报道), whatever its ending.
    for (i, s) in shapes.iter_mut().enumerate().take(3) {
        if *s == Shape::Title && is_paper_name(text(i)) {
            *s = Shape::Furniture;
        }
    }
    // Inside a body, a few characters ending in —— are a subhead (国内局势—— / 生产更规范——),
    // with the line after it when that is short and a body follows (they form one subhead);
    // a longer line after it is text. A kicker names more (中车长客高级技师胡俊祥——) or stands
    // over a headline that a byline or a dated body follows.
    let mut dash_sub = vec![false; n];
    for i in 1..n {
        let t = text(i);
        let core = t.trim_end_matches(['—', '─']);
        if shapes[i] != Shape::Body
            || !t.ends_with("——")
            || !(2..=6).contains(&core.chars().count())
            || !core.chars().all(is_han)
            || blocks[i].blank_before >= 2
            || shapes[i - 1] != Shape::Body
            || ends_mid_sentence(text(i - 1))
        {
            continue;
        }
        let headed = |k: usize| match shapes.get(k) {
            Some(Shape::Byline | Shape::Dash | Shape::Credit) | None => true,
            Some(Shape::Body) => starts_with_dateline(text(k)),
            _ => false,
        };
        match shapes.get(i + 1) {
            Some(Shape::Body) => dash_sub[i] = true,
            Some(Shape::Title) if !headed(i + 2) => {
                dash_sub[i] = true;
                if len(i + 1) <= MAX_SUBHEAD {
                    dash_sub[i + 1] = true;
                } else {
                    shapes[i + 1] = Shape::Body;
                }
            }
            _ => {}
        }
    }
    // A short line ending in —— or ： right above a title is its kicker (引题: 中车长客高级技师
    // 胡俊祥——, 山东寿光市：); ending in ： at the head of a body it is a letter's title.
    for i in 0..n {
        let t = text(i);
        if shapes[i] != Shape::Body
            || dash_sub[i]
            || len(i) > MAX_TITLE
            || t.contains(['。', '；', '！', '？'])
            || !(t.ends_with("——") || t.ends_with(['：', ':']))
        {
            continue;
        }
        let next_title = shapes.get(i + 1) == Some(&Shape::Title);
        let at_head = i == 0
            || blocks[i].blank_before >= 2
            || !matches!(shapes[i - 1], Shape::Body | Shape::CaptionWithCredit);
        let kicker = next_title && len(i) >= 3;
        // A letter's title (致全市广大市民朋友的一封信：, …倡议书：) opens an article even right
        // after another's body.
        let letter_title = (at_head || is_letter_title(t))
            && t.ends_with(['：', ':'])
            && len(i) >= 6
            && shapes.get(i + 1) == Some(&Shape::Body);
        if kicker || letter_title {
            shapes[i] = Shape::Title;
        }
    }
    // A name alone between a title and a body is the byline of a signed piece (a
    // continuation marker, （上接第1版）, may stand between them).
    for i in 1..n.saturating_sub(1) {
        let after = (i + 1..n)
            .find(|&k| shapes[k] != Shape::Furniture)
            .unwrap_or(i + 1);
        // Over another head (a headline printed far from its body) only a name that
        // cannot be a two-character headline (高考) counts: padded, or of three characters.
        let named = |t: &str| t.contains(' ') || t.chars().count() == 3;
        if shapes[i] == Shape::Title
            && matches!(shapes[i - 1], Shape::Title | Shape::Dash)
            && (shapes.get(after) == Some(&Shape::Body)
                || (shapes[i + 1] == Shape::Title && named(text(i))))
            && is_bare_name(text(i))
        {
            shapes[i] = Shape::Byline;
        }
    }
    // A kicker may be a clause or two (以竹子为基材，采用缠绕工艺制成复合材料，生态、经济和社会
    // 效益巨大): no sentence stop, no clause over 24 characters, not ending on a word that
    // leaves the sentence open, right above a title that a byline, a subheadline or a dated
    // body follows. A paragraph cut at the page edge stops mid-clause instead.
    for i in 0..n.saturating_sub(2) {
        let t = text(i);
        if shapes[i] != Shape::Body
            || shapes[i + 1] != Shape::Title
            || !(8..=50).contains(&len(i))
            || t.contains(['。', '；', '！', '？', '…', ';', '：', ':'])
            || !balanced(t)
            || ends_mid_sentence_mark(t)
            || opens_broken_sentence_end(t)
            || !clause_kicker(t)
            || byline::is_dateline(t)
            || (i > 0 && shapes[i - 1] == Shape::Body && ends_mid_sentence(text(i - 1)))
        {
            continue;
        }
        let headed = match shapes[i + 2] {
            Shape::Byline | Shape::Dash => true,
            Shape::Body => starts_with_dateline(text(i + 2)),
            _ => false,
        };
        if headed {
            shapes[i] = Shape::Title;
        }
    }
    // A 文/图 credit right under a headline, over a body (文/图 张三), names the author; a
    // 摄 credit there belongs to a photo.
    for i in 1..n {
        if shapes[i] == Shape::Credit
            && !text(i).ends_with(['摄', '影', '像'])
            && matches!(shapes[i - 1], Shape::Title | Shape::Dash | Shape::Byline)
            && shapes.get(i + 1) == Some(&Shape::Body)
        {
            shapes[i] = Shape::Byline;
        }
    }
    // A short exclamation right above a subheadline or byline is a headline (奋斗吧！青春).
    for i in 0..n {
        if shapes[i] == Shape::Body
            && len(i) <= MAX_SUBHEAD
            && !text(i).contains('。')
            && matches!(shapes.get(i + 1), Some(Shape::Dash | Shape::Byline))
            && (i == 0 || shapes[i - 1] != Shape::Title || is_label(text(i - 1)) || len(i - 1) <= 6)
        {
            shapes[i] = Shape::Title;
        }
    }
    // A short title printed more than once on the page is a column's name over each of
    // its pieces (a headline is printed once).
    let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, s) in shapes.iter().enumerate() {
        if *s == Shape::Title && len(i) <= 10 {
            *seen.entry(text(i)).or_default() += 1;
        }
    }
    let label = |k: usize| is_label(text(k)) || seen.get(text(k)).is_some_and(|c| *c >= 2);
    let mut classes: Vec<BlockClass> = shapes
        .iter()
        .map(|s| match s {
            Shape::Furniture => BlockClass::Furniture,
            Shape::Byline => BlockClass::Byline,
            Shape::Credit => BlockClass::Credit,
            Shape::CaptionWithCredit => BlockClass::Caption,
            Shape::Body | Shape::Dash => BlockClass::Body,
            Shape::Title => BlockClass::Headline,
        })
        .collect();
    // Captions: the short paragraph right before a credit, or right after it when it reads
    // like one (图为…, ▲…).
    let mut caption = vec![false; n];
    for i in 0..n {
        if shapes[i] != Shape::Credit {
            continue;
        }
        // The paragraph before a credit is its caption only when it stands apart from a
        // body (after a zone break or a non-text block) or reads like one; else it is the
        // last paragraph of the article above and the photo has no caption.
        let apart = |k: usize| {
            blocks[k].blank_before >= 2
                || k == 0
                || !matches!(shapes[k - 1], Shape::Body | Shape::Title)
                || starts_like_caption(text(k))
                // One short sentence or two over a photographer's credit (…摄) that shares
                // few words with the text above it: a caption of its own photo, not the
                // last paragraph of that text.
                || (text(i).ends_with(['摄', '影'])
                    && len(k) <= 60
                    && ends_sentence_strict(text(k))
                    && text(k).matches('。').count() <= 2
                    && shared_pairs(text(k), &text_above(blocks, shapes.as_slice(), k)) < 3)
        };
        if i > 0
            && matches!(shapes[i - 1], Shape::Body | Shape::Title)
            && len(i - 1) <= MAX_CAPTION
            && !caption[i - 1]
            && apart(i - 1)
        {
            caption[i - 1] = true;
        } else if i + 1 < n && shapes[i + 1] == Shape::Body && starts_like_caption(text(i + 1)) {
            caption[i + 1] = true;
        }
    }
    // A photo item with its own headline (图片报道, 油菜花开 乡村如画): a short title, one to
    // three caption paragraphs, the credit. The title is the photo's headline, not a subhead
    // of the article above.
    let mut photo_head = vec![false; n];
    let mut photo_kicker = vec![false; n];
    for i in 1..n {
        if shapes[i] != Shape::Credit {
            continue;
        }
        let mut r = i;
        while r > 0
            && i - r < 3
            && shapes[r - 1] == Shape::Body
            && !starts_with_dateline(text(r - 1))
        {
            r -= 1;
        }
        let chars: usize = (r..i).map(len).sum();
        if r < i
            && r > 0
            && shapes[r - 1] == Shape::Title
            && len(r - 1) <= MAX_SUBHEAD
            && chars <= 400
        {
            photo_head[r - 1] = true;
            for c in &mut caption[r..i] {
                *c = true;
            }
            // A title right above the photo's headline is its kicker (中超第六轮打响 /
            // 广州富力继续领跑), unless it is a column's name.
            // A line that continues the paragraph above it (shares its words) is that
            // paragraph's end, cut at the column edge.
            let tail_of_above = |k: usize| {
                k > 0
                    && shapes[k - 1] == Shape::Body
                    && blocks[k].blank_before <= 1
                    && (sentence_piece(text(k))
                        || shared_pairs(text(k), &text_above(blocks, &shapes, k)) >= 2)
            };
            if r >= 2 && shapes[r - 2] == Shape::Title && !label(r - 2) && !tail_of_above(r - 2) {
                photo_kicker[r - 2] = true;
            }
        }
    }
    for i in 0..n {
        if caption[i] {
            classes[i] = BlockClass::Caption;
        }
        if photo_head[i] {
            classes[i] = BlockClass::Headline;
        }
        if photo_kicker[i] {
            classes[i] = BlockClass::Kicker;
        }
    }
    // Box labels (核心阅读, 小贴士) are subheads of the article they stand in, even right
    // under its byline.
    let boxed: Vec<bool> = (0..n)
        .map(|i| dash_sub[i] || (shapes[i] == Shape::Title && labels::is_box_heading(text(i))))
        .collect();
    for i in 0..n {
        if boxed[i] && !caption[i] && !photo_head[i] {
            classes[i] = BlockClass::Subhead;
        }
    }
    // Heads: runs of title, dash and byline lines.
    let head_capable = |i: usize| {
        !boxed[i]
            && !caption[i]
            && !photo_head[i]
            && !photo_kicker[i]
            && matches!(shapes[i], Shape::Title | Shape::Dash | Shape::Byline)
    };
    let mut orphans = 0usize;
    let mut i = 0;
    while i < n {
        if !head_capable(i) {
            // Bodies that the articles stage gives to a waiting orphan headline (after a
            // photo, or across a zone break without finishing a broken sentence) use it up.
            if orphans > 0
                && i > 0
                && classes[i] == BlockClass::Body
                && !starts_with_dateline(text(i))
            {
                let after_photo =
                    matches!(classes[i - 1], BlockClass::Caption | BlockClass::Credit);
                let zone_jump = blocks[i].blank_before >= 2
                    && classes[i - 1] == BlockClass::Body
                    && !ends_mid_sentence(text(i - 1));
                if after_photo || zone_jump {
                    orphans -= 1;
                }
            }
            i += 1;
            continue;
        }
        let mut j = i;
        while j < n && head_capable(j) {
            j += 1;
        }
        // A title right under a byline, over a body, that reads as a sentence's piece (a
        // paragraph broken at a column edge right under its head: 日前，江城市文旅局组织非
        // / 遗展…) is that paragraph's opening, not the headline of another article.
        let mut pieced = false;
        if j - i >= 2
            && j < n
            && classes[j] == BlockClass::Body
            && shapes[j - 1] == Shape::Title
            && shapes[j - 2] == Shape::Byline
            && sentence_piece(text(j - 1))
        {
            j -= 1;
            classes[j] = BlockClass::Body;
            pieced = true;
        }
        let prev_body = i > 0 && classes[i - 1] == BlockClass::Body && !caption[i - 1];
        let next_body = j < n && classes[j] == BlockClass::Body;
        let titles_only = (i..j).all(|k| shapes[k] == Shape::Title);
        let single_blanks = (i..=j.min(n - 1)).all(|k| blocks[k].blank_before <= 1);
        // The first of two or more titles right after a paragraph that stops on a comma
        // (…就中国经济形势、 / 供给侧结构性改革等议题，与代表交流) goes on with that sentence: text,
        // not the kicker or section of the head below it. (A paragraph that stops between
        // two characters may instead be an article cut at the page edge.)
        if j - i >= 2
            && prev_body
            && shapes[i - 1] == Shape::Body
            && shapes[i] == Shape::Title
            && shapes[i + 1] == Shape::Title
            && blocks[i].blank_before <= 1
            && ends_mid_sentence_mark(text(i - 1))
            && !label(i)
        {
            classes[i] = BlockClass::Body;
            i += 1;
            continue;
        }
        // A short title that finishes a paragraph broken mid-sentence is text.
        if titles_only
            && j - i == 1
            && prev_body
            && ends_mid_sentence(text(i - 1))
            && blocks[i].blank_before <= 1
            && !(next_body && starts_with_dateline(text(j)))
        {
            classes[i] = BlockClass::Body;
            i = j + usize::from(pieced);
            continue;
        }
        // A short line that opens a sentence the next line goes on with (a paragraph cut
        // at a column edge) is text, not a headline: it ends on a word that does not end a
        // headline (的, 和, 对…), or its first clause is long for a headline's (headlines with
        // a comma open with a clause of a few characters: 脱贫，他们使上军人这股劲).
        if titles_only
            && j - i == 1
            && prev_body
            && next_body
            && single_blanks
            && opens_broken_sentence(text(i))
            && !closes_on_quotation(text(i))
            && !starts_with_dateline(text(j))
        {
            classes[i] = BlockClass::Body;
            i = j + usize::from(pieced);
            continue;
        }
        // A title right after a closing note (（本报北京3月24日电）, （记者 林晓东 整理）) opens
        // the next article: the note ends the one above.
        let new_story = j - i == 1 && prev_body && next_body && closing_note(text(i - 1));
        // Subheads: one or two short titles between paragraphs of one body.
        if titles_only
            && !new_story
            && j - i <= 2
            && prev_body
            && next_body
            && single_blanks
            && (i..j).all(|k| {
                // Quote marks around a whole subhead do not count to its length.
                let quoted = text(k).starts_with(['“', '「']) && text(k).ends_with(['”', '」']);
                len(k) <= MAX_SUBHEAD + 2 * usize::from(quoted)
                    && !label(k)
                    && labels::column_tag(text(k)).is_none()
            })
            && !starts_with_dateline(text(j))
        {
            for c in &mut classes[i..j] {
                *c = BlockClass::Subhead;
            }
            i = j + usize::from(pieced);
            continue;
        }
        // Bylines after a body and before anything else close the article above.
        if (i..j).all(|k| shapes[k] == Shape::Byline) && prev_body && !next_body {
            i = j + usize::from(pieced);
            continue;
        }
        // Split the run into heads: a title after a dash or byline starts the next head.
        let mut heads: Vec<Vec<usize>> = Vec::new();
        for k in i..j {
            let new_head = k == i
                || (shapes[k] == Shape::Title
                    && matches!(shapes[k - 1], Shape::Dash | Shape::Byline))
                || (shapes[k] == Shape::Title && blocks[k].blank_before >= 2);
            if new_head {
                heads.push(vec![k]);
            } else if let Some(h) = heads.last_mut() {
                h.push(k);
            }
        }
        let count = heads.len();
        for (hi, head) in heads.iter().enumerate() {
            let mut titles: Vec<usize> = head
                .iter()
                .copied()
                .take_while(|&k| shapes[k] == Shape::Title)
                .collect();
            let head_titles = titles.len();
            // Three titles stacked right under a paragraph: the first is a section only
            // when it reads as a column's name; otherwise it is the end of the paragraph
            // above, cut at the page or column edge (当地已有3200余个).
            // Over two titles, the same holds for a line that reads as a sentence's piece: it
            // opens with a connective (其中，据了解，) or ends on a word that leaves it open.
            let piece = |k: usize| {
                let t = text(k);
                opens_broken_sentence_end(t)
                    || t.ends_with('了')
                    || labels::opens_with_connective(t)
            };
            if (titles.len() >= 3 || (titles.len() == 2 && piece(titles[0])))
                && hi == 0
                && prev_body
                && blocks[titles[0]].blank_before <= 1
                && !label(titles[0])
            {
                classes[titles[0]] = BlockClass::Body;
                titles.remove(0);
            }
            // The first of three titles holding a comma is a sentence's piece, not a
            // section (a column's name never holds one): text.
            if titles.len() >= 3 && hi == 0 && !label(titles[0]) {
                let k = titles[0];
                if text(k).contains(['，', ',']) && len(k) >= 10 {
                    classes[k] = BlockClass::Body;
                    titles.remove(0);
                }
            }
            let has_body = hi + 1 == count && next_body;
            // Two stacked titles without a dash: the second is a subheadline, not the
            // headline under a kicker, when it is the longer one and carries the detail (a
            // figure or a second clause), and the first does not end like a kicker (——, ：)
            // or is a short place or column word. A headline ending in a column tag （…）
            // is a headline.
            // (Under a column's name the same holds for the two titles below it.)
            let m = titles.len();
            let stacked_sub = (m == 2 || (m == 3 && label(titles[0]))) && {
                let (a, b) = (text(titles[m - 2]), text(titles[m - 1]));
                let (na, nb) = (a.chars().count(), b.chars().count());
                na >= 6
                    && nb > na
                    && !a.ends_with(['—', '：', ':'])
                    && !label(titles[m - 2])
                    && !b.ends_with(['）', ')'])
                    && !reports_speech(a)
                    && (b.contains('，')
                        || b.chars().any(|c| c.is_ascii_digit())
                        || names_a_genre(b))
            };
            // A piece carries one column name: under a headline that ends in its column tag
            // （家乡美味）, a bracketed line that is not a column's name by its words
            // (【福州橄榄】) is this story's kicker.
            let tagged = titles
                .last()
                .is_some_and(|&h| labels::column_tag(text(h)).is_some());
            let bracket_kicker = |k: usize| {
                let t = text(k);
                let inner = t.trim_matches(['【', '】', '〔', '〕', '[', ']']);
                tagged && inner.len() < t.len() && !labels::is_column_label(inner)
            };
            for (ti, &k) in titles.iter().enumerate() {
                let from_end = titles.len() - ti;
                classes[k] = match from_end {
                    1 if stacked_sub => BlockClass::Subheadline,
                    2 if stacked_sub => BlockClass::Headline,
                    1 => BlockClass::Headline,
                    2 if label(k) && !bracket_kicker(k) => BlockClass::Section,
                    2 => BlockClass::Kicker,
                    _ => BlockClass::Section,
                };
            }
            let mut after_title = !titles.is_empty();
            for &k in head.iter().skip(head_titles) {
                classes[k] = match shapes[k] {
                    Shape::Dash if after_title => BlockClass::Subheadline,
                    Shape::Byline => BlockClass::Byline,
                    Shape::Title => BlockClass::Headline,
                    _ => BlockClass::Body,
                };
                after_title = false;
            }
            let lone_title = titles.len() == 1 && head.len() == 1;
            let dated = starts_with_dateline(text(j));
            // A headline's own line (a column tag, or longer than a label) never stands for
            // a waiting orphan's label.
            let label_like = labels::column_tag(text(titles.first().copied().unwrap_or(i)))
                .is_none()
                && titles.first().is_some_and(|&k| label(k) || len(k) <= 10);
            if lone_title
                && has_body
                && ((orphans > 0 && !dated && label_like)
                    || (briefs_follow(&shapes, blocks, j)
                        && (label(titles[0]) || len(titles[0]) <= 8)))
            {
                // A label over a body with no headline of its own: the orphan headline
                // waiting above belongs here, or it heads a run of briefs.
                classes[titles[0]] = BlockClass::Section;
                orphans = orphans.saturating_sub(1);
            } else if lone_title && has_body && label(titles[0]) {
                classes[titles[0]] = BlockClass::Section;
            } else if !has_body && !titles.is_empty() {
                orphans += 1;
            }
        }
        // A demoted piece is text: the next run starts after it.
        i = j + usize::from(pieced);
    }
    lone_subheads_are_text(blocks, &mut classes, &boxed);
    classes
}

/// A body whose only subhead is one line of twelve or more characters (not a box's label,
/// not a quotation) reads that line as text: articles with subheads have several, and a lone short line between two
/// paragraphs is far more often a paragraph broken at a column edge (托宁—施密特此次是应全国
/// / 友协邀请访华的。) or cut there. The stretch is the run of body lines between heads
/// (furniture inside it does not end it).
fn lone_subheads_are_text(blocks: &[Block], classes: &mut [BlockClass], boxed: &[bool]) {
    let n = blocks.len();
    let in_body = |c: BlockClass| {
        matches!(
            c,
            BlockClass::Body | BlockClass::Subhead | BlockClass::Furniture
        )
    };
    let mut i = 0;
    while i < n {
        if !in_body(classes[i]) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < n && in_body(classes[j]) {
            j += 1;
        }
        let subs: Vec<usize> = (i..j)
            .filter(|&k| classes[k] == BlockClass::Subhead)
            .collect();
        if let [k] = subs[..] {
            let t = blocks[k].text.trim();
            let quoted = t.starts_with(['“', '「']) && t.ends_with(['”', '」']);
            let body_before = (i..k).any(|m| classes[m] == BlockClass::Body);
            let body_after = (k + 1..j).any(|m| classes[m] == BlockClass::Body);
            // Short lone subheads are real (小屏幕连着大民生, 精准扶贫同步小康); broken lines
            // run longer.
            let long = t.chars().count() >= 12;
            if long && !boxed[k] && !quoted && !title_clauses(t) && body_before && body_after {
                // Text never holds a space between words; a two-part headline does (11岁女孩
                // 勇救5岁溺水男孩 校长称要表扬不提倡): that line opens the next article.
                classes[k] = if two_part_title(t) || is_letter_title(t) {
                    BlockClass::Headline
                } else {
                    BlockClass::Body
                };
            }
        }
        i = j;
    }
}

/// Whether a line closes on a whole quotation (…苍松成了“摇钱树”): subheads do, a paragraph
/// cut at an arbitrary character seldom stops right after its closing mark.
fn closes_on_quotation(t: &str) -> bool {
    let count = |c: char| t.chars().filter(|&x| x == c).count();
    (t.ends_with('”') && count('“') == count('”'))
        || (t.ends_with('」') && count('「') == count('」'))
}

/// Whether a line reads as a whole title rather than a paragraph cut at an arbitrary
/// character: it closes on a quotation (…成了“摇钱树”) or its clauses are parallel, of
/// near lengths (技术先行，产量翻番). A cut piece's last clause is most often a stub.
fn title_clauses(t: &str) -> bool {
    if closes_on_quotation(t) {
        return true;
    }
    let lens: Vec<usize> = t.split(['，', ',']).map(|c| c.chars().count()).collect();
    match lens[..] {
        [a, b] => a >= 4 && b >= 4 && a.max(b) * 2 <= a.min(b) * 3,
        _ => false,
    }
}

/// Whether the body run starting at `from` holds two or more dateline paragraphs: briefs
/// under one label.
fn briefs_follow(shapes: &[Shape], blocks: &[Block], from: usize) -> bool {
    (from..shapes.len())
        .take_while(|&k| shapes[k] == Shape::Body)
        .filter(|&k| starts_with_dateline(blocks[k].text.trim()))
        .nth(1)
        .is_some()
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use BlockClass::*;

    fn page(text: &str) -> Page {
        crate::stages::normalize::normalize(text)
    }

    fn classes(text: &str) -> Vec<(String, BlockClass)> {
        classify(&page(text))
            .into_iter()
            .map(|b| (b.text, b.class))
            .collect()
    }

    pub(super) fn check(text: &str, want: &[BlockClass]) {
        let got = classes(text);
        let got_classes: Vec<BlockClass> = got.iter().map(|(_, c)| *c).collect();
        assert_eq!(got_classes, want, "blocks: {got:#?}");
    }

    #[test]
    fn head_stack_and_body() {
        check(
            "春耕备耕 科技先行\n\n无人机飞进千亩田\n\n——全市春耕生产见闻\n\n■本报记者 王 强\n\n本报讯 连日来，各地抢抓农时。\n\n据介绍，今年全市计划种植水稻80万亩。",
            &[Kicker, Headline, Subheadline, Byline, Body, Body],
        );
    }

    #[test]
    fn subheads_inside_body() {
        check(
            "标题在此\n\n本报讯 第一段。\n\n产业兴旺\n\n靠产业留住青年\n\n第二段。\n\n生态宜居，村庄换新颜\n\n第三段。",
            &[Headline, Body, Subhead, Subhead, Body, Subhead, Body],
        );
    }

    #[test]
    fn photo_and_furniture() {
        check(
            "3月1日，市民在公园赏花。\n\n■记者 方圆 摄\n\n扫码看更多精彩内容\n\n掌上江城 江城日报 江城晚报\n\n值班编委 林 森\n\n第3版",
            &[Caption, Credit, Furniture, Furniture, Furniture, Furniture],
        );
    }

    #[test]
    fn orphan_headline_then_label() {
        check(
            "等待正文的标题\n\n■本报记者 郑 义\n\n另一篇文章的标题\n\n本报讯 正文。\n\n\n\n攻坚之年\n\n正文第一段。",
            &[Headline, Byline, Headline, Body, Section, Body],
        );
    }

    #[test]
    fn photo_credits_kickers_and_bare_bylines() {
        check(
            "山东寿光市：\n\n蔬菜大棚用上智慧大脑\n\n史 哲\n\n正文第一段。\n\n油菜花开 乡村如画\n\n近日，万亩油菜花怒放。\n\n李 博摄（人民视觉）",
            &[Kicker, Headline, Byline, Body, Headline, Caption, Credit],
        );
        assert!(is_photo_credit("本报记者 贺 勇摄") && is_photo_credit("人民视觉"));
        assert!(!is_photo_credit("摄影展开幕"));
    }

    #[test]
    fn column_tagged_headline_after_a_body_opens_an_article() {
        // Without a byline or dateline, a title with a column tag （今日谈） is a headline, not
        // a subhead of the article above; a box's tag （链接） is a subhead.
        check(
            "第一篇的正文结束了。\n\n以钉钉子精神抓好夏管工作（今日谈）\n\n夏管工作关系全年收成。\n\n什么是夏管（链接）\n\n夏管是夏季田间管理。",
            &[Body, Headline, Body, Subhead, Body],
        );
    }

    #[test]
    fn cut_paragraph_end_over_a_head_is_text_and_bracketed_kickers() {
        // A cut paragraph's end over kicker + headline is text, not a section.
        check(
            "走进一处蔬菜大棚，数据实时显示在手机上。\n\n当地已有3200余个\n\n《管理办法》出台\n\n室外健身器材 谁管咋管有了章程\n\n本报记者 陈晨曦\n\n国家体育总局日前印发了办法。",
            &[Body, Body, Kicker, Headline, Byline, Body],
        );
        // Under a headline with its column tag, a bracketed line that names no column is
        // the kicker; 【新春走基层】 stays a section.
        check(
            "【福州橄榄】\n\n清香青果 始涩后甘（家乡美味）\n\n本报记者 钟自炜\n\n早春时节。\n\n【新春走基层】\n\n河长巡河记（走基层）\n\n本报记者 王 浩\n\n清晨五点。",
            &[Kicker, Headline, Byline, Body, Section, Headline, Byline, Body],
        );
        // A line opening with a connective over a headline is the paragraph's end; a
        // region padded like a name (安 徽) is a kicker, not a byline.
        check(
            "市场消费持续回暖。\n\n其中，汽车类、通讯器材类\n\n全国地质灾害现状基本查明\n\n本报北京4月21日电 记者获悉。\n\n安 徽\n\n政务公开划出“硬杠杠”\n\n本报合肥3月24日电 近日。",
            &[Body, Body, Headline, Body, Kicker, Headline, Body],
        );
        // A signed piece's name over a continuation marker is its byline.
        check(
            "春困不觉晓（半日闲谭）\n\n贾飞黄\n\n（上接第1版）\n\n困。春困。睡不醒。",
            &[Headline, Byline, Furniture, Body],
        );
    }

    #[test]
    fn caption_blank_line_credit_after_another_article() {
        // A short caption sharing no words with the article above, then its credit: a photo.
        check(
            "标题\n\n本报讯 市民在江边散步，享受春光。\n\n雨后的古城墙，宛如一幅水墨画。\n\n■本报记者 王五 摄",
            &[Headline, Body, Caption, Credit],
        );
        // The article's own last paragraph (its words) over a credit stays its text.
        check(
            "新航站楼启用\n\n本报讯 江城机场新航站楼正式启用，旅客吞吐能力提升。\n\n新航站楼采用刷脸登机，旅客候机时间缩短。\n\n■记者 宋 雨 摄",
            &[Headline, Body, Body, Credit],
        );
    }

    #[test]
    fn lone_long_subhead_line_is_a_broken_paragraph() {
        check(
            "标题\n\n本报记者 张三\n\n刘延东说，关爱儿童是全球共同关切的问题。\n\n托宁—施密特此次是应全国\n\n友协邀请访华的。她表示愿加强合作。",
            &[Headline, Byline, Body, Body, Body],
        );
        // A lone two-part title opens the next article; a letter's title too.
        check(
            "第一段结束了。\n\n11岁女孩勇救5岁溺水男孩 校长称要表扬不提倡\n\n5月20日下午，小芳跳入河中。",
            &[Body, Headline, Body],
        );
        check(
            "第一段结束了。\n\n致全市广大市民朋友的一封信：\n\n当前正值汛期。",
            &[Body, Headline, Body],
        );
        // Two subheads in one body stay subheads.
        check(
            "标题\n\n本报记者 张三\n\n第一段。\n\n设立应急基金，让维修程序提速\n\n第二段。\n\n维修先行垫付，制度保证资金回笼\n\n第三段。",
            &[Headline, Byline, Body, Subhead, Body, Subhead, Body],
        );
        // A lone subhead of parallel clauses, or closing on a quotation, is a subhead; a
        // paragraph cut after a stub clause is text.
        check(
            "标题\n\n本报记者 张三\n\n第一段。\n\n老厂房有了新用途，旧街区有了新活力\n\n第二段。",
            &[Headline, Byline, Body, Subhead, Body],
        );
        check(
            "标题\n\n本报记者 张三\n\n第一段。\n\n小菜园变成了“大课堂”，村民成了“老师”\n\n第二段。",
            &[Headline, Byline, Body, Subhead, Body],
        );
        check(
            "标题\n\n本报记者 张三\n\n第一段。\n\n今年全县新建了十二座水厂，改造管\n\n网三百公里。第二段。",
            &[Headline, Byline, Body, Body, Body],
        );
    }

    #[test]
    fn dash_subheads_inside_a_body() {
        // 国内局势—— / a long detail line / body: subhead and text, not kicker + headline.
        check(
            "标题\n\n本报记者 张三\n\n正文第一段结束了。\n\n国内局势——\n\n主要城市许多居民区被夷为平地，基础设施遭到严重破坏\n\n据报道，暂停之后协议得以继续执行。\n\n回味更美好——\n\n茶香留在舌尖\n\n茶农的日子越过越好。",
            &[Headline, Byline, Body, Subhead, Body, Body, Subhead, Subhead, Body],
        );
        // A kicker naming a person over a headline and its byline stays a kicker.
        check(
            "正文第一段结束了。\n\n中车长客高级技师胡俊祥——\n\n三十年磨一剑 焊出“国家名片”\n\n本报记者 郑 义\n\n在车间里。",
            &[Body, Kicker, Headline, Byline, Body],
        );
    }

    #[test]
    fn stacked_headline_with_detail_is_headline_and_subheadline() {
        check(
            "江城今年将新建改建城市道路52条\n\n总投资约38.6亿元，年内完成投资过半\n\n本报讯 正文。",
            &[Headline, Subheadline, Body],
        );
        // Under a column's name too.
        check(
            "法治园地\n\n全运会向民间高手敞开大门\n\n8000多名业余选手将参加群众比赛项目\n\n本报北京4月21日电 正文。",
            &[Section, Headline, Subheadline, Body],
        );
        // A short place word over a headline stays a kicker.
        check(
            "内蒙古\n\n推进呼伦贝尔中俄蒙合作先导区建设\n\n本报讯 正文。",
            &[Kicker, Headline, Body],
        );
    }

    #[test]
    fn column_label_over_a_headline_is_a_section_and_clause_kickers_are_kickers() {
        check(
            "民生观察\n\n地铁新线今起试运行\n\n本报讯 正文。",
            &[Section, Headline, Body],
        );
        check(
            "以竹子为基材，采用缠绕工艺制成复合材料，生态效益巨大\n\n竹缠绕 有说道\n\n本报记者 顾 明\n\n正文。",
            &[Kicker, Headline, Byline, Body],
        );
        // Two bare names between headline and body are its byline.
        check(
            "破解难题\n\n郝迎灿 梁瀚泽\n\n正文第一段。",
            &[Headline, Byline, Body],
        );
        check(
            "留住城市的灵魂\n\n■冯雁军\n\n正文第一段。",
            &[Headline, Byline, Body],
        );
        // A genre word makes the longer second line a subheadline.
        check(
            "小茶叶如何提档升级\n\n来自云南省普洱茶产业的调查\n\n本报记者 王 强\n\n正文。",
            &[Headline, Subheadline, Byline, Body],
        );
        // A clause line that goes on with a sentence broken above is text, not a kicker.
        check(
            "标题\n\n本报讯 他还同企业家代表座谈，就中国经济形势、\n\n供给侧结构性改革等议题，与代表交流\n\n另一篇的标题\n\n本报北京3月24日电 正文。",
            &[Headline, Body, Body, Headline, Body],
        );
    }

    #[test]
    fn broken_paragraph_is_body() {
        check(
            "标题\n\n本报讯 春风拂面，一辆辆货车驶出园区，一艘艘\n\n货轮驶离码头\n\n满载着希望。",
            &[Headline, Body, Body, Body],
        );
    }

    #[test]
    fn tagged_exclamation_headline_closing_notes_and_quoted_subheads() {
        // A headline ending in ！ before its column tag.
        check(
            "城管整治占道经营\n\n乱摆摊，严管！（城事观察）\n\n本报记者 王 强\n\n正文第一段。",
            &[Kicker, Headline, Byline, Body],
        );
        // A closing note ends the article above: the title after it is a headline.
        check(
            "第一篇正文结束。\n\n（本报江城5月3日电）\n\n市图书馆延长开放时间\n\n市图书馆从下月起每晚开放。\n\n第二段。",
            &[Body, Body, Headline, Body, Body],
        );
        // Quote marks do not make a subhead long, nor its first clause.
        check(
            "标题在此\n\n本报讯 第一段。\n\n“口碑是干出来的，不是靠广告吹出来的”\n\n第二段。\n\n“抱团取暖”底气足，合作社越办越红火\n\n第三段。",
            &[Headline, Body, Subhead, Body, Subhead, Body],
        );
    }

    #[test]
    fn sentence_pieces_under_a_byline_or_over_a_photo_are_text() {
        check(
            "江城非遗\n\n老手艺焕发新活力\n\n本报记者 王 强\n\n日前，江城市文旅局组织非遗传承人座谈讨论\n\n保护工作。\n\n第二段。",
            &[Kicker, Headline, Byline, Body, Body, Body],
        );
        // The end of a paragraph cut at the column edge is not a photo's kicker.
        check(
            "近日，江城湿地公园的候鸟数量创下新高。今年湿地公园的候鸟\n\n湿地公园候鸟\n\n候鸟翩跹\n\n3月1日，白鹭在湿地觅食。\n\n李 博摄",
            &[Body, Body, Headline, Caption, Credit],
        );
    }

    #[test]
    fn headlines_are_not_labels_and_sentence_pieces_are_not_sections() {
        // A column-tagged headline over a body is a headline even with an orphan waiting.
        check(
            "等待正文的标题\n\n■本报记者 郑 义\n\n另一篇文章的标题\n\n本报讯 正文。\n\n\n\n让城市更有温度（江城时评）\n\n正文第一段。",
            &[Headline, Byline, Headline, Body, Headline, Body],
        );
        // The first of three titles holding a comma is text, not a section.
        check(
            "上一篇正文。\n\n\n\n日前，江城市文旅局组织非遗展\n\n江城非遗\n\n老手艺焕发新活力\n\n本报记者 王 强\n\n正文。",
            &[Body, Body, Kicker, Headline, Byline, Body],
        );
    }
}
