//! How the tagger's mentions and the rules' candidates of one field meet: a department
//! grown onto its parent body, and `reconcile` (types, tiling, a company's short name).

use super::{rules, Cand, PRIO_MODEL, PRIO_RULES};
use crate::model::EntityType;
use crate::zh::chars::is_han;

/// Where an organisation that has departments (…部, …署, …委, …局, …厅) ends when a
/// department's name follows it (海关总署 + 统计分析司, 某某部 + 办公厅): after nouns of at
/// most eight chars and a department head (司, 局, 处, 室, 科, 厅) closing a word. The
/// tagger often stops at the parent body; the department is the outermost name.
pub(super) fn department_end(chars: &[char], toks: &[rules::Tok], s: usize, e: usize) -> usize {
    if e <= s || !"部署委局厅院".contains(chars[e - 1]) {
        return e;
    }
    let Ok(mut k) = toks.binary_search_by_key(&e, |t| t.s) else {
        return e;
    };
    while let Some(t) = toks.get(k) {
        let nominal = t.tag.starts_with('n') || matches!(t.tag, "l" | "vn" | "j");
        let head = t.e - e >= 3
            && t.w
                .chars()
                .last()
                .is_some_and(|c| "司局处室科厅".contains(c));
        if head && (nominal || t.len() == 1) && t.w.chars().all(is_han) {
            return t.e;
        }
        if !nominal || t.e - e > 8 || !t.w.chars().all(is_han) {
            break;
        }
        k += 1;
    }
    e
}

/// Merges the tagger's mentions (`cands[..n_model]`) with the rules' (`cands[n_model..]`),
/// which carry the project's conventions. The tagger is the better judge of extent in
/// running text (measured on the `ner-train` dev split, `entities_nertrain.rs`), so a rule
/// overrides it only where the structure is sure:
/// - a rule name of the same extent as a tagger place gives it its type (a museum is ORG,
///   广场 FAC); a tagger organisation keeps its type (a country's name tagged ORG is its
///   team or government, not the place) unless a building head makes it FAC (体育中心);
/// - a rule name (not a person) that two or more of the tagger's mentions tile from its
///   start, with at most a head word after them (贵州 + 黄果树瀑布景区, 江汉区 + 民政局), or
///   one tagger place and a facility head (青海湖 + 景区), is the outermost name and takes
///   the tagger's precedence. One place and an organisation head (日本 + 政府, 中国 + 球队)
///   stays the place, as in the annotated news; one-char mentions (欧 + 美 + 球队) tile
///   nothing. A rule name that starts where the tagger saw no name (人涌入南门广场) stays
///   below it;
/// - a company's short full name before the tagger's organisation (某某电工 + 江城电缆有限
///   公司): at most four Han chars where the tagger saw nothing, not itself ending with an
///   organisation head (子公司 + …, 证券企业 + …) — never a dateline or a clause.
pub(super) fn reconcile(
    chars: &[char],
    rules_of: &rules::Rules,
    cands: &mut [Cand],
    n_model: usize,
) {
    let (model, rules) = cands.split_at_mut(n_model);
    for m in model.iter_mut() {
        if m.kind == EntityType::Person {
            continue;
        }
        if let Some(r) = rules
            .iter()
            .find(|r| r.start == m.start && r.end == m.end && r.kind != EntityType::Person)
        {
            if m.kind != EntityType::Org || r.kind == EntityType::Fac {
                m.kind = r.kind;
            }
        }
    }
    for r in rules.iter_mut() {
        if r.kind == EntityType::Person || r.prio != PRIO_RULES {
            continue;
        }
        // Walk the tagger's mentions inside `r` from its start; they must be contiguous.
        let mut pos = r.start;
        let mut pieces = 0;
        while let Some(m) = model.iter().find(|m| {
            m.start == pos && m.end <= r.end && m.end - m.start >= 2 && m.kind != EntityType::Person
        }) {
            pos = m.end;
            pieces += 1;
        }
        if r.kind == EntityType::Org {
            if let Some(m) = model
                .iter()
                .find(|m| m.kind == EntityType::Org && m.end == r.end && m.start > r.start)
            {
                let ext = &chars[r.start..m.start];
                let short_name = ext.len() <= 4
                    && ext.iter().all(|&c| is_han(c))
                    && !rules_of.ends_with_org_head(chars, m.start)
                    && !model.iter().any(|o| o.start < m.start && o.end > r.start);
                if short_name {
                    r.prio = PRIO_MODEL;
                }
                continue;
            }
        }
        let crossed = model
            .iter()
            .any(|m| m.start < r.end && m.end > r.end || m.start < r.start && m.end > r.start);
        let tail = r.end - pos;
        let tiled = pieces >= 2 || pieces == 1 && tail > 0 && r.kind == EntityType::Fac;
        if tiled && !crossed && tail <= 3 && pos > r.start {
            r.prio = PRIO_MODEL;
        }
    }
}
