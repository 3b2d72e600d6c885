//! Article-level reading: names found once in an article, found again at their other
//! occurrences.

use super::{Cand, PRIO_REPEAT};
use crate::model::EntityType;

/// Later mentions of a person already named in the article (by credit or rule).
pub(super) fn repeats(chars: &[char], names: &[Vec<char>], out: &mut Vec<Cand>) {
    for name in names {
        let n = name.len();
        let Some(&first) = name.first() else {
            continue;
        };
        let mut i = 0;
        while i + n <= chars.len() {
            // Most positions fail on the first char: test it before comparing slices.
            if chars[i] == first && chars[i..i + n] == name[..] {
                out.push(Cand::new(i, i + n, EntityType::Person, PRIO_REPEAT));
                i += n;
            } else {
                i += 1;
            }
        }
    }
}
