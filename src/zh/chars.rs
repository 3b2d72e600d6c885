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

/// Whether `pos` lies inside any of `spans` (half-open).
pub fn inside(spans: &[(usize, usize)], start: usize, end: usize) -> bool {
    spans.iter().any(|&(s, e)| start >= s && end <= e)
}

fn paired_spans(chars: &[char], pairs: &[(char, char)], with_marks: bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut stack: Vec<(char, usize)> = Vec::new();
    // Every mark (and \n) is at most this: Han text above it is passed with one compare.
    let top = pairs
        .iter()
        .map(|&(open, close)| open.max(close))
        .fold('\n', char::max);
    for (i, &c) in chars.iter().enumerate() {
        if c > top {
            continue;
        }
        if let Some(&(_, close)) = pairs.iter().find(|(open, _)| *open == c) {
            stack.push((close, i));
        } else if pairs.iter().any(|(_, close)| *close == c) {
            // Close the innermost matching opener; anything opened after it is unbalanced.
            if let Some(pos) = stack.iter().rposition(|(close, _)| *close == c) {
                let (_, open_at) = stack[pos];
                stack.truncate(pos);
                if stack.is_empty() {
                    if with_marks {
                        out.push((open_at, i + 1));
                    } else {
                        out.push((open_at + 1, i));
                    }
                }
            }
        } else if c == '\n' {
            // Quotes never span paragraphs.
            stack.clear();
        }
    }
    out
}

#[cfg(test)]
mod tests {
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
    fn titles_with_marks() {
        assert_eq!(
            spans("发布《关于“两会”的通知》一文", title_spans),
            ["《关于“两会”的通知》"]
        );
    }
}
