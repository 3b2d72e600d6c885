//! Stage 2, normalize: decoded text → lines of normalized text (extraction.md, 1–2).
//!
//! Line ends become LF (CRLF and lone CR both end a line); control and zero-width
//! characters go; TAB and runs of spaces (U+3000 and NBSP included) become one ASCII space
//! and line ends are trimmed; full-width ASCII letters, digits and ％＋－．／ become
//! half-width; the text is NFC. Nothing else changes: Chinese punctuation stays as printed.
//! Every line keeps its 1-based raw line number.

use unicode_normalization::UnicodeNormalization;

use crate::model::{Line, Page};

/// Normalizes decoded text into a page of numbered lines (blank lines kept as empty strings).
pub fn normalize(text: &str) -> Page {
    let mut lines = Vec::new();
    let mut no = 0u32;
    let mut rest = text;
    loop {
        no = no.saturating_add(1);
        let (line, next) = match rest.find(['\n', '\r']) {
            Some(i) => {
                let skip = if rest[i..].starts_with("\r\n") { 2 } else { 1 };
                (&rest[..i], Some(&rest[i + skip..]))
            }
            None => (rest, None),
        };
        lines.push(Line {
            no,
            text: normalize_line(line),
        });
        match next {
            Some(r) => rest = r,
            None => break,
        }
    }
    // A final line break does not open another (empty) line.
    if text.ends_with(['\n', '\r']) {
        lines.pop();
    }
    Page { lines }
}

/// Normalizes one line (no line breaks inside).
pub fn normalize_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut pending_space = false;
    // Runs of code points that stay as they are (most of a Chinese line) are copied whole.
    let mut run: Option<usize> = None;
    let mut maybe_unnormalized = false;
    for (i, c) in line.char_indices() {
        if is_plain(c) {
            if run.is_none() {
                if pending_space && !out.is_empty() {
                    out.push(' ');
                }
                pending_space = false;
                run = Some(i);
            }
            continue;
        }
        if let Some(start) = run.take() {
            out.push_str(&line[start..i]);
        }
        if is_space(c) {
            pending_space = true;
            continue;
        }
        if is_removed(c) {
            continue;
        }
        if pending_space && !out.is_empty() {
            out.push(' ');
        }
        pending_space = false;
        let c = half_width(c);
        maybe_unnormalized |= !nfc_stable(c);
        out.push(c);
    }
    if let Some(start) = run {
        out.push_str(&line[start..]);
    }
    if !maybe_unnormalized {
        return out;
    }
    // NFC after the mapping; only recompose when needed (the common case is already NFC).
    if unicode_normalization::is_nfc_quick(out.chars()) == unicode_normalization::IsNormalized::Yes
    {
        out
    } else {
        out.nfc().collect()
    }
}

/// Code points that normalization keeps as they are: not spaces, not removed, not mapped to
/// half-width, and NFC-stable (`nfc_stable`). ASCII, Han, CJK and full-width punctuation.
fn is_plain(c: char) -> bool {
    matches!(
        c,
        '!'..='~'
            | '\u{2010}'..='\u{2027}'
            | '\u{2030}'..='\u{205E}'
            | '\u{3001}'..='\u{3029}'
            | '\u{3030}'..='\u{303F}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{FF01}'..='\u{FF04}'
            | '\u{FF06}'..='\u{FF0A}'
            | '\u{FF0C}'
            | '\u{FF1A}'..='\u{FF20}'
            | '\u{FF3B}'..='\u{FF40}'
            | '\u{FF5B}'..='\u{FFEF}'
    )
}

/// Code points with canonical combining class 0 and NFC quick-check Yes: a text of only
/// these is NFC, so the quick check (a table lookup per code point) can be skipped.
fn nfc_stable(c: char) -> bool {
    matches!(
        c,
        '\0'..='\u{2FF}'
            | '\u{2010}'..='\u{205E}'
            | '\u{3000}'..='\u{3029}'
            | '\u{3030}'..='\u{303F}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{FF00}'..='\u{FFEF}'
    )
}

fn is_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{3000}' | '\u{A0}' | '\u{2000}'
            ..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{1680}'
    )
}

fn is_removed(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}') || (c.is_control() && c != '\t')
}

/// Full-width ASCII letters and digits and the signs ％ ＋ － ． ／ → half-width.
/// Full-width digits, letters and ％＋－．／ → half-width (one char for one, so offsets stay).
pub(crate) fn half_width(c: char) -> char {
    match c {
        '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' | '％' | '＋' | '－' | '．' | '／' => {
            char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
        }
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(page: &Page) -> Vec<(u32, &str)> {
        page.lines.iter().map(|l| (l.no, l.text.as_str())).collect()
    }

    #[test]
    fn line_ends_all_kinds() {
        let page = normalize("一\r\n二\r三\n\n四\n");
        assert_eq!(
            texts(&page),
            [(1, "一"), (2, "二"), (3, "三"), (4, ""), (5, "四")]
        );
    }

    #[test]
    fn spaces_controls_zero_width() {
        assert_eq!(
            normalize_line("\u{3000}\u{3000}周\u{3000}健\t \u{A0}刘星野  "),
            "周 健 刘星野"
        );
        assert_eq!(normalize_line("中\u{0}文\u{200B}字\u{FEFF}\u{7}"), "中文字");
    }

    #[test]
    fn full_width_letters_digits_signs() {
        assert_eq!(
            normalize_line("２０２２年增长１２．５％，ＧＤＰ＋５Ｇ／ａ－ｂ"),
            "2022年增长12.5%，GDP+5G/a-b"
        );
        // Chinese punctuation stays as printed.
        assert_eq!(
            normalize_line("（记者　张三）：“好”……"),
            "（记者 张三）：“好”……"
        );
    }

    #[test]
    fn plain_and_stable_sets_are_what_they_claim() {
        use unicode_normalization::char::canonical_combining_class;
        use unicode_normalization::{is_nfc_quick, IsNormalized};
        for c in (0..=0x10FFFFu32).filter_map(char::from_u32) {
            if nfc_stable(c) {
                assert_eq!(canonical_combining_class(c), 0, "{c:?}");
                assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            }
            if is_plain(c) {
                assert!(nfc_stable(c) && !is_space(c) && !is_removed(c), "{c:?}");
                assert_eq!(half_width(c), c, "{c:?}");
            }
        }
    }

    #[test]
    fn nfc() {
        assert_eq!(normalize_line("e\u{301}"), "\u{e9}");
    }
}
