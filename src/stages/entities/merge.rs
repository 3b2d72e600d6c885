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
            // A natural feature's head outranks a county's short form of the same spelling
            // (天山, 太湖 are also county names): a tagger LOC stays LOC. A province's full
            // name that ends like a feature (浙江, 黑龙江) takes GPE as before.
            let natural =
                m.kind == EntityType::Loc && r.kind == EntityType::Gpe && r.needs.is_some();
            if !natural
                && (m.kind != EntityType::Org
                    || r.kind == EntityType::Fac && rules_of.building_head(chars, r.end))
            {
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
                // A subsidiary is named brand + place + trade + 公司 (某某电工 + 江城电缆有限
                // 公司); before any other organisation the words are a role, a verb or a
                // date (战略股东 + 花旗银行, 被告 + 某某公司, 会见 + 某某代表团, 日电 + …).
                let subsidiary = rules_of.place_len_at(chars, m.start).is_some()
                    && ["公司", "集团", "厂"]
                        .iter()
                        .any(|h| super::ends_with(&chars[..m.end], h));
                let before = model.iter().any(|o| o.start < m.start && o.end > r.start);
                let short_name = (2..=4).contains(&ext.len())
                    && subsidiary
                    && ext.iter().all(|&c| is_han(c))
                    && r.start
                        .checked_sub(1)
                        .is_none_or(|i| !chars[i].is_ascii_digit())
                    && !rules_of.ends_with_org_head(chars, m.start);
                if short_name && !before {
                    r.prio = PRIO_MODEL;
                }
                // With the tagger's mentions before it, the name may still be tiled.
                if !before {
                    continue;
                }
            }
        }
        let crossed = model
            .iter()
            .any(|m| m.start < r.end && m.end > r.end || m.start < r.start && m.end > r.start);
        let tail = r.end - pos;
        // A place before a natural feature that is a name on its own (新疆 + 昆仑山, 杭州 +
        // 西湖) is its address: two mentions. Organisations and facilities take their place
        // in (江汉区 + 民政局, 北京 + 某某国际机场), as a reader names them; MSRA splits those
        // too (汉城 + 某某体育场), which costs a few of its dev mentions.
        let last_whole = model
            .iter()
            .any(|m| m.end == r.end && m.start > r.start && m.end - m.start >= 3);
        // An organisation joins the tagger's mentions only after an administrative name
        // (江汉区 + 民政局, 某某省 + 文化厅); a country before a foreign institution is its
        // address (美国 + 某某州 + 某某大学), as the annotated news have it.
        let admin_first = r.start + 1 < pos
            && model.iter().any(|m| {
                m.start == r.start
                    && m.end <= r.end
                    && "省市区县州镇乡村".contains(chars[m.end - 1])
            });
        let joins = if r.kind == EntityType::Org {
            admin_first
        } else {
            r.kind != EntityType::Loc || !last_whole || tail > 0
        };
        // One place and a facility head (青海湖 + 景区): the tail must be that head word.
        let head_tail = rules_of.fac_head_len(chars, r.end) == Some(tail);
        let tiled = pieces >= 2 && joins
            || pieces == 1 && tail > 0 && r.kind == EntityType::Fac && head_tail;
        if tiled && !crossed && tail <= 3 && pos > r.start {
            r.prio = PRIO_MODEL;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stages::entities::PRIO_MODEL;

    fn rules() -> &'static rules::Rules {
        static R: std::sync::OnceLock<rules::Rules> = std::sync::OnceLock::new();
        R.get_or_init(rules::Rules::new)
    }

    /// Runs `reconcile` on hand-made tagger mentions and rule names (not the model's
    /// output): the spans and kinds that come out at the tagger's precedence.
    fn promoted(
        text: &str,
        model: &[(usize, usize, EntityType)],
        rule: (usize, usize, EntityType),
    ) -> (bool, Vec<EntityType>) {
        let chars: Vec<char> = text.chars().collect();
        let mut cands: Vec<Cand> = model
            .iter()
            .map(|&(s, e, k)| Cand::new(s, e, k, PRIO_MODEL))
            .collect();
        cands.push(Cand::rule(rule.0, rule.1, rule.2, 1));
        reconcile(&chars, rules(), &mut cands, model.len());
        let last = cands.len() - 1;
        (
            cands[last].prio == PRIO_MODEL,
            cands[..last].iter().map(|c| c.kind).collect(),
        )
    }

    #[test]
    fn a_subsidiary_takes_its_brand_a_role_word_does_not() {
        use EntityType::Org;
        // brand + place + trade + 有限公司
        assert!(promoted("飞龙电器武汉电缆有限公司", &[(4, 12, Org)], (0, 12, Org)).0);
        // a role, a verb, a date before an organisation
        assert!(!promoted("战略股东花旗银行", &[(4, 8, Org)], (0, 8, Org)).0);
        assert!(!promoted("被告携程商务公司", &[(2, 8, Org)], (0, 8, Org)).0);
        assert!(!promoted("当地治安局", &[(2, 5, Org)], (0, 5, Org)).0);
    }

    #[test]
    fn a_place_before_a_feature_is_its_address_not_before_a_facility() {
        use EntityType::{Fac, Gpe, Loc, Org};
        assert!(!promoted("新疆昆仑山", &[(0, 2, Gpe), (2, 5, Loc)], (0, 5, Loc)).0);
        assert!(promoted("北京大兴国际机场", &[(0, 2, Gpe), (2, 8, Fac)], (0, 8, Fac)).0);
        assert!(promoted("江汉区民政局", &[(0, 3, Gpe), (3, 6, Org)], (0, 6, Org)).0);
        // A country and a state before a foreign university: their address.
        let foreign = [(0, 2, Gpe), (2, 7, Gpe), (7, 11, Org)];
        assert!(!promoted("美国印第安纳州德鲍大学", &foreign, (0, 11, Org)).0);
        // One place and a facility head: the tail must be that head (青海湖 + 景区), not
        // a word that merely ends with one (某某镇 + 黄楼).
        assert!(promoted("青海湖景区", &[(0, 3, Loc)], (0, 5, Fac)).0);
        assert!(!promoted("李庄镇黄楼", &[(0, 3, Gpe)], (0, 5, Fac)).0);
    }

    #[test]
    fn a_bare_centre_stays_the_taggers_organisation() {
        use EntityType::{Fac, Org};
        let (_, kinds) = promoted("卫生部康复中心", &[(0, 7, Org)], (0, 7, Fac));
        assert_eq!(kinds, vec![Org]);
        let (_, kinds) = promoted("江城体育中心", &[(0, 6, Org)], (0, 6, Fac));
        assert_eq!(kinds, vec![Fac]);
    }
}
