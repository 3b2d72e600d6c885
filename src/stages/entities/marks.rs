//! Names the page marks itself: 《》 titles (WORK, or LAW by their last word) and quoted
//! terms (TERM).

use super::{Cand, PRIO_STRUCTURE};
use crate::model::EntityType;
use crate::zh::chars::{is_clause_punct, quotes_where};

/// Endings of 《》 titles that make them laws, regulations, rules or plans (LAW, not WORK).
const LAW_ENDINGS: &[&str] = &[
    "法", "条例", "办法", "细则", "规定", "意见", "方案", "通知", "规划", "纲要", "决定", "规则",
    "准则", "章程", "公约", "条约", "协定", "法典", "守则", "规范", "决议",
];

/// Whether a 《》 title (marks included) names a law, regulation, rule or plan: its last
/// word, before a bracketed note such as (试行) or （草案）, is a LAW ending.
pub(super) fn is_law(title: &[char]) -> bool {
    let mut end = title.len().saturating_sub(1);
    let inner = &title[..end];
    if matches!(inner.last(), Some(')' | '）')) {
        if let Some(open) = inner.iter().rposition(|&c| c == '(' || c == '（') {
            end = open;
        }
    }
    let body: String = title[..end].iter().collect();
    LAW_ENDINGS.iter().any(|w| body.ends_with(w))
}

/// TERM candidates: the content of “…”/‘…’, 2–16 code points, no clause punctuation, not
/// inside a 《》 title. A quote that fails (a whole quoted sentence) is searched for inner
/// quotes that pass (iteratively: nesting depth is the page's to choose).
pub(super) fn terms(chars: &[char], titles: &[(usize, usize)], out: &mut Vec<Cand>) {
    let accept = |body: &[char]| {
        (2..=16).contains(&body.len())
            && !body
                .iter()
                .any(|&c| is_clause_punct(c) || c == '\n' || c == '《' || c == '》')
    };
    for (s, e) in quotes_where(chars, titles, accept) {
        out.push(Cand::new(s, e, EntityType::Term, PRIO_STRUCTURE));
    }
}
