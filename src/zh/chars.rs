//! Character classes and bracket spans used by several stages.

/// Whether the code points of `chars` are exactly those of `word`, without allocating.
pub fn chars_eq(chars: &[char], word: &str) -> bool {
    chars.iter().copied().eq(word.chars())
}

/// Sentence-final punctuation (a paragraph that ends with one of these is complete).
pub fn is_sentence_end(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '!' | '?' | '…' | '”' | '’' | '」' | '』' | '；' | ';'
    )
}

/// Whether a line ends a sentence strictly: a closing quote counts only after 。！？…, so a
/// headline ending in a quoted phrase (走进“小康村”) does not.
pub fn ends_sentence_strict(text: &str) -> bool {
    let mut rev = text.trim_end().chars().rev();
    match rev.next() {
        Some('”' | '’' | '」' | '』' | '"' | '\'') => rev
            .next()
            .is_some_and(|c| matches!(c, '。' | '！' | '？' | '!' | '?' | '…')),
        Some(c) => is_sentence_end(c),
        None => false,
    }
}

/// Whether a paragraph stops in the middle of a sentence: it ends in a character or a
/// comma-like mark. A colon, a dash or a closing bracket may legitimately end a paragraph
/// (a list follows, an aside closes), so they do not count.
pub fn ends_mid_sentence(text: &str) -> bool {
    match text.trim_end().chars().last() {
        Some(c) => {
            is_han(c)
                || c.is_alphanumeric()
                || matches!(c, '，' | ',' | '、' | '“' | '‘' | '《' | '(' | '（' | '·')
        }
        None => false,
    }
}

/// CJK unified ideographs (the basic block and extension A), i.e. Han characters.
/// Common characters printed only in traditional script (們 這 個 為 說 …): their simplified
/// forms differ, so a mainland page never has them.
const TRADITIONAL_ONLY: &[char] = &[
    '們', '這', '個', '為', '說', '會', '與', '來', '國', '時', '對', '發', '經', '過', '還', '後',
    '現', '開', '關', '問', '體', '點', '實', '業', '區', '長', '東', '資', '產', '動', '報', '灣',
    '華', '學', '應', '當', '無', '從', '裡', '將', '員', '議', '務', '機', '門', '選', '間', '錢',
];

/// Whether `text` is printed in traditional script: at least three traditional-only
/// characters among its first 4,000 code points (a name or quotation in traditional
/// script on a mainland page rarely has three).
pub fn is_traditional<'a>(texts: impl IntoIterator<Item = &'a str>) -> bool {
    let mut seen = 0;
    let mut read = 0;
    for text in texts {
        for c in text.chars() {
            read += 1;
            if read > 4_000 {
                return false;
            }
            if TRADITIONAL_ONLY.contains(&c) {
                seen += 1;
                if seen >= 3 {
                    return true;
                }
            }
        }
    }
    false
}

pub fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// Clause-level punctuation that a TERM may not contain (extraction.md section 6).
pub const fn is_clause_punct(c: char) -> bool {
    matches!(
        c,
        '，' | '。' | '；' | '：' | '！' | '？' | ',' | ';' | '!' | '?'
    )
}

/// Code-point spans `(start, end)` of the *content* of “…” and ‘…’ quotes, outermost
/// only, in order. Unbalanced quotes produce no span.
pub fn quote_spans(chars: &[char]) -> Vec<(usize, usize)> {
    paired_spans(chars, &[('“', '”'), ('‘', '’')], false)
}

/// Code-point spans of 《…》 titles, the marks included, outermost only.
pub fn title_spans(chars: &[char]) -> Vec<(usize, usize)> {
    paired_spans(chars, &[('《', '》')], true)
}

/// Whether `start..end` lies inside one of `spans` (half-open). `spans` are sorted by start
/// and do not overlap (as `title_spans` returns them), so this is a binary search: a page of
/// thousands of titles and quotes stays linear.
pub fn inside(spans: &[(usize, usize)], start: usize, end: usize) -> bool {
    let after = spans.partition_point(|&(s, _)| s <= start);
    after > 0 && end <= spans[after - 1].1
}

/// Quoted spans (content of “…”/‘…’, as `quote_spans`) chosen by descending from the
/// outermost quotes: a quote that `accept`s is taken and not looked into; one that does not
/// (a whole quoted sentence) is searched for inner quotes that do. Quotes inside `titles`
/// are skipped. Sorted by start.
///
/// One pass over every matched pair with an explicit stack of the open ancestors, so the
/// depth of nesting sets neither recursion depth nor repeated scans (a line of 50,000
/// nested quotes is linear, not quadratic).
pub fn quotes_where(
    chars: &[char],
    titles: &[(usize, usize)],
    accept: impl Fn(&[char]) -> bool,
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    // Enclosing pairs: (end of content, depth, whether the quote was looked into).
    let mut open: Vec<(usize, usize, bool)> = Vec::new();
    for (s, e, depth) in all_pairs(chars, QUOTES, false) {
        // An earlier sibling's content ends before this opener; an ancestor's after it.
        while open.last().is_some_and(|&(end, _, _)| end < s) {
            open.pop();
        }
        // Looked at: outermost in the quote that was looked into (as `quote_spans` of its
        // content would return it).
        let visit = match open.last() {
            Some(&(_, d, descend)) => descend && depth == d + 1,
            None => depth == 0,
        };
        let descend = visit && !inside(titles, s, e) && {
            let take = accept(&chars[s..e]);
            if take {
                out.push((s, e));
            }
            !take
        };
        open.push((e, depth, descend));
    }
    out
}

const QUOTES: &[(char, char)] = &[('“', '”'), ('‘', '’')];

fn paired_spans(chars: &[char], pairs: &[(char, char)], with_marks: bool) -> Vec<(usize, usize)> {
    all_pairs(chars, pairs, with_marks)
        .into_iter()
        .filter(|&(_, _, depth)| depth == 0)
        .map(|(s, e, _)| (s, e))
        .collect()
}

/// Every balanced pair of `pairs` in `chars`, nested ones included, sorted by start: the
/// content span (or with `with_marks` the span with its marks) and its depth, the marks
/// still open when it closed (0: outermost, and no unbalanced mark around it). A closer closes the
/// innermost opener of its kind; anything opened after that opener is unbalanced and
/// dropped. A `\n` drops every open mark (quotes never span paragraphs).
///
/// Linear in `chars`: besides the stack of open marks, each kind keeps the stack
/// positions of its own openers, so a closer finds its opener without scanning the stack
/// (100,000 unmatched “ before 100,000 ’ would otherwise be 10^10 steps).
fn all_pairs(
    chars: &[char],
    pairs: &[(char, char)],
    with_marks: bool,
) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    // Open marks: (kind, position).
    let mut stack: Vec<(usize, usize)> = Vec::new();
    // Per kind, the indexes into `stack` of its openers, ascending.
    let mut by_kind: Vec<Vec<usize>> = vec![Vec::new(); pairs.len()];
    // Every mark (and \n) is at most this: Han text above it is passed with one compare.
    let top = pairs
        .iter()
        .map(|&(open, close)| open.max(close))
        .fold('\n', char::max);
    for (i, &c) in chars.iter().enumerate() {
        if c > top {
            continue;
        }
        if let Some(kind) = pairs.iter().position(|&(open, _)| open == c) {
            by_kind[kind].push(stack.len());
            stack.push((kind, i));
        } else if let Some(kind) = pairs.iter().position(|&(_, close)| close == c) {
            let Some(&pos) = by_kind[kind].last() else {
                continue;
            };
            let open_at = stack[pos].1;
            // Drop the opener and everything opened after it, from each kind's list too:
            // every entry is pushed and popped once.
            for &(k, _) in &stack[pos..] {
                by_kind[k].pop();
            }
            stack.truncate(pos);
            out.push(if with_marks {
                (open_at, i + 1, pos)
            } else {
                (open_at + 1, i, pos)
            });
        } else if c == '\n' {
            stack.clear();
            by_kind.iter_mut().for_each(Vec::clear);
        }
    }
    // Pairs were found at their closer (inner first); starts are distinct.
    out.sort_unstable_by_key(|&(s, _, _)| s);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn traditional_script_needs_three_traditional_only_characters() {
        assert!(is_traditional(["這個計劃為市民節省開支"]));
        assert!(is_traditional(["香港", "這是", "我們的會議"]));
        assert!(!is_traditional(["这个计划为市民节省开支"]));
        // A quoted name in traditional script on a mainland page.
        assert!(!is_traditional(["他在《國風》上发表文章"]));
    }

    use super::*;

    fn spans(s: &str, f: fn(&[char]) -> Vec<(usize, usize)>) -> Vec<String> {
        let chars: Vec<char> = s.chars().collect();
        f(&chars)
            .into_iter()
            .map(|(a, b)| chars[a..b].iter().collect())
            .collect()
    }

    #[test]
    fn quotes_outermost_content() {
        assert_eq!(
            spans("提出“工作要‘抓实’推进”和“满堂彩”", quote_spans),
            ["工作要‘抓实’推进", "满堂彩"]
        );
        assert_eq!(spans("半个“引号", quote_spans), Vec::<String>::new());
    }

    #[test]
    fn sentence_ends() {
        assert!(ends_sentence_strict("他说：“好。”"));
        assert!(!ends_sentence_strict("走进“小康村”"));
        assert!(ends_mid_sentence("对这座"));
        assert!(ends_mid_sentence("每一个，"));
        assert!(!ends_mid_sentence("增强后劲——"));
        assert!(!ends_mid_sentence("如下："));
        assert!(!ends_mid_sentence("完成。"));
    }

    #[test]
    fn deep_and_unbalanced_marks_are_linear() {
        // 100,000 nested quotes: one outermost span, and every level visited once.
        let n = 100_000;
        let text: String = "“".repeat(n) + "江城" + &"”".repeat(n);
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(quote_spans(&chars), [(1, 2 * n + 1)]);
        let taken = quotes_where(&chars, &[], |q| q.len() <= 4);
        assert_eq!(taken, [(n - 1, n + 3)]);
        // Unmatched openers of one kind before closers of the other: nothing pairs.
        let text: String = "“".repeat(n) + &"’".repeat(n);
        let chars: Vec<char> = text.chars().collect();
        assert!(quote_spans(&chars).is_empty());
    }

    #[test]
    fn quotes_where_descends_only_into_rejected_quotes() {
        let text = "他说“我们要‘抓实’，也要‘做细’”和“满堂彩”《“书名”》";
        let chars: Vec<char> = text.chars().collect();
        let titles = title_spans(&chars);
        let got: Vec<String> = quotes_where(&chars, &titles, |q| !q.contains(&'，'))
            .into_iter()
            .map(|(a, b)| chars[a..b].iter().collect())
            .collect();
        assert_eq!(got, ["抓实", "做细", "满堂彩"]);
        // A taken quote hides the quotes inside it.
        let chars: Vec<char> = "“a‘b’c”".chars().collect();
        assert_eq!(quotes_where(&chars, &[], |_| true), [(1, 6)]);
        // Inside an unclosed quote nothing is outermost, as in `quote_spans`.
        let chars: Vec<char> = "“a‘b’".chars().collect();
        assert!(quote_spans(&chars).is_empty());
        assert!(quotes_where(&chars, &[], |_| true).is_empty());
    }

    #[test]
    fn inside_uses_sorted_spans() {
        let spans = [(0, 4), (10, 20)];
        assert!(inside(&spans, 1, 3));
        assert!(inside(&spans, 10, 20));
        assert!(!inside(&spans, 3, 11));
        assert!(!inside(&spans, 5, 6));
        assert!(!inside(&[], 0, 0));
    }

    #[test]
    fn titles_with_marks() {
        assert_eq!(
            spans("发布《关于“两会”的通知》一文", title_spans),
            ["《关于“两会”的通知》"]
        );
    }
}
