//! The `context` column: the stretch of text around a number span.

/// The sentence holding `start..end` (split at 。！？ and paragraph ends), cut to at most
/// 200 code points around the span: its code-point range.
pub(super) fn context(c: &[char], start: usize, end: usize) -> (usize, usize) {
    const MAX: usize = 200;
    let is_stop = |ch: char| matches!(ch, '。' | '！' | '？' | '!' | '?');
    // Never look further than the cut could reach: keeps long unpunctuated paragraphs
    // (number tables) linear.
    let mut s = start;
    while s > 0 && start - s < MAX && !is_stop(c[s - 1]) && c[s - 1] != '\n' {
        s -= 1;
    }
    let mut e = end;
    while e < c.len() && e - end < MAX && c[e] != '\n' {
        e += 1;
        if is_stop(c[e - 1]) {
            break;
        }
    }
    if e - s > MAX {
        let span = end - start;
        if span >= MAX {
            s = start;
            e = start + MAX;
        } else {
            let room = MAX - span;
            let left = (start - s).min(room / 2);
            let right = (e - end).min(room - left);
            let left = (start - s).min(room - right);
            s = start - left;
            e = end + right;
        }
    }
    (s, e)
}
