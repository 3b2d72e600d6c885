//! Rule-based candidates for names: gazetteer places, names grown leftwards from a head word
//! (公司, 大道, 湖, 县 …), persons after a job title or before a verb of saying.
//!
//! jieba's segmentation (without HMM, which is 5× slower) gives the word boundaries a name
//! may start at; its POS tags are one signal (ns/nr/nz/nt mark a proper part, p/c/u stop a
//! name), never the answer alone.

use crate::zh::lexicon::FxMap as HashMap;

use jieba_rs::Jieba;

use super::Cand;
use crate::model::EntityType;
use crate::zh::chars::is_han;
use crate::zh::lexicon::{self, Trie, WordSet};

mod persons;

/// Which head list a suffix candidate came from; decides its type and how it may grow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Head {
    Org,
    Fac,
    /// Roads: an address prefix (洛阳市, 经开区) stays outside the name.
    Road,
    Loc,
    Gpe,
}

/// Tie-break rank among candidates of the same span (lower wins).
fn rank(kind: EntityType, from_gazetteer: bool) -> u8 {
    match (kind, from_gazetteer) {
        (EntityType::Gpe, true) => 0,
        (EntityType::Org, _) => 1,
        (EntityType::Fac, _) => 2,
        (EntityType::Loc, _) => 3,
        (EntityType::Gpe, false) => 4,
        _ => 5,
    }
}

/// Index of the token that starts and of the token that ends at each code-point position,
/// in one table (one allocation per field, no hashing).
pub(super) struct Bounds(Vec<[u32; 2]>);

const NO_TOK: u32 = u32::MAX;

impl Bounds {
    fn new(len: usize, toks: &[Tok]) -> Bounds {
        let mut v = vec![[NO_TOK; 2]; len + 1];
        for (k, t) in toks.iter().enumerate() {
            let Ok(k) = u32::try_from(k) else {
                break;
            };
            if let Some(slot) = v.get_mut(t.s) {
                slot[0] = k;
            }
            if let Some(slot) = v.get_mut(t.e) {
                slot[1] = k;
            }
        }
        Bounds(v)
    }

    fn side(&self, pos: usize, side: usize) -> Option<usize> {
        self.0
            .get(pos)
            .map(|slot| slot[side])
            .filter(|&k| k != NO_TOK)
            .map(|k| k as usize)
    }

    /// The token that starts at `pos`.
    fn starting(&self, pos: usize) -> Option<usize> {
        self.side(pos, 0)
    }

    /// The token that ends at `pos`.
    fn ending(&self, pos: usize) -> Option<usize> {
        self.side(pos, 1)
    }

    fn starts(&self, pos: usize) -> bool {
        self.starting(pos).is_some()
    }

    fn ends(&self, pos: usize) -> bool {
        self.ending(pos).is_some()
    }
}

/// One jieba token with its code-point span (the tagger reads the same words).
pub(super) type Tok<'a> = crate::ner::features::Word<'a>;

/// Gazetteer value of a name that needs no full form printed beside it.
const NO_NEED: u32 = u32::MAX;

/// What the gazetteer knows of a place name.
#[derive(Debug, Clone, Copy)]
struct Place {
    /// For a county short form, index of the full name the article must also print.
    need: u32,
    /// A short form (洛阳 for 洛阳市): taken only as a whole word.
    short: bool,
    /// Never read as a region (云南 is a province, not the south of 云).
    no_region: bool,
}

pub(super) struct Rules {
    jieba: Jieba,
    /// Place names of China (full and short) and of the world.
    places: Trie<Place>,
    full_forms: Vec<String>,
    /// Memo of `name_like` (shared by threads; a read lock on the hot path).
    name_like_cache: std::sync::RwLock<HashMap<String, bool>>,
    org: WordSet,
    fac: WordSet,
    /// [`lexicon::FAC_TYPE_ENDS`]: typing the tagger's places only.
    fac_types: WordSet,
    road: WordSet,
    loc: WordSet,
    gpe: WordSet,
    titles: WordSet,
    title_prefixes: WordSet,
    speech: WordSet,
    stop: WordSet,
    regions: WordSet,
    org_prefixes: WordSet,
    /// First chars of regions and province abbreviations, to skip most words at once.
    region_firsts: lexicon::CharSet,
    /// Last chars of every name head: a word that ends with none of them is no head, so
    /// the five head lists need not be tried one by one.
    head_lasts: lexicon::CharSet,
    /// Chars a person's name may start with here (surnames, transliterations): the
    /// per-char person rules skip every other char at once.
    person_firsts: lexicon::CharSet,
}

const ROADS: &[&str] = &["大道", "路", "街", "大街", "巷", "胡同"];

/// Chars that do not occur inside a given name in running text (they are function words).
pub(super) const NON_NAME: &str = "的了在是和与及也都就说对把被这那其为将从向到着过等以于而或并且很更最又再还已曾不没个们之所他她它我你您谁每此该某各样";

/// Last chars of words that look like surname + two chars but name places or things
/// (石家庄, 毛巾厂, 安全感).
const NOT_NAME_END: &str = "城庄口沟川滩厂卡性感费水镇村山河湖江路街区县市省州岛港湾泊坝寺庙殿宫楼园场馆店院所局部会队帮派人中里外内上下前后来去认等型式化界业级雨雪风";

/// Chars of transliterated foreign words (阿森纳, 斯巴达), rare in Han given names.
const TRANSLIT: &str = "斯尔德纳姆娜丝莉茨基奥伦萨塔普拉森巴达兰吉曼尼";

/// Titles before foreign leaders and officials, whose names are transliterated.
const FOREIGN_TITLES: &[&str] = &[
    "总统",
    "副总统",
    "总理",
    "首相",
    "外长",
    "外交部长",
    "国务卿",
    "秘书长",
    "总干事",
    "国王",
    "女王",
    "王储",
    "议长",
    "大使",
    "总裁",
    "首席执行官",
    "主帅",
    "球星",
    "防长",
    "国防部长",
    "财长",
    "主席",
];

/// Chars of transliterated foreign names (拜登, 古特雷斯, 朔尔茨).
const TRANSLIT_NAME: &str = "阿埃艾爱安奥巴拜班邦贝本比彼波伯博布查达戴丹道德登迪蒂杜顿多厄恩尔法菲费芬弗福盖甘冈戈格古哈海汉豪赫亨霍基吉加贾杰金卡凯坎科克库奎拉莱赖兰朗劳勒雷里利莉林琳卢鲁伦罗洛马玛迈麦曼梅门蒙米密莫默姆穆纳娜奈南内尼涅努诺帕潘佩皮普齐奇乔切琼萨塞桑森沙舍施什斯松苏索塔泰坦汤特提图托瓦万威韦维温沃乌武西希夏谢辛雅亚扬耶伊因尤约泽扎詹朔兹佐茨";

/// Honorifics that follow a bare surname (王先生): not a given name.
const HONORIFICS: &[&str] = &[
    "先生", "女士", "老师", "大爷", "大妈", "大哥", "大姐", "师傅", "老板", "总理", "阿姨", "老汉",
    "同志", "教授", "医生", "书记", "主任", "经理", "局长", "部长", "大叔", "小姐", "记者",
];

/// Chars that may follow a person's name directly (start of the next word).
const NAME_FOLLOW: &str = "的在等和与及、是为对也还就到来去带率指要将主出会强表说介认称同先女一曾已正则都又再上下给让从以于作做讲致发提回坦透告宣";

impl Rules {
    pub fn new() -> Rules {
        let jieba = Jieba::new();
        // A name that jieba knows as an ordinary word (城区, 和平) is not taken as a place.
        let plain_word = |w: &str| {
            let tags = jieba.tag(w, false);
            tags.len() == 1
                && !matches!(
                    tags[0].tag,
                    "ns" | "nr" | "nrt" | "nrfg" | "nz" | "nt" | "j"
                )
        };
        let mut all: HashMap<String, Place> = HashMap::default();
        let mut full_forms = Vec::new();
        let mut add = |name: &str, p: Place| {
            let slot = all.entry(name.to_string()).or_insert(p);
            // A full name wins over a short form; a short form that needs nothing (a
            // prefecture's) wins over one that needs its full name (a county's).
            if slot.short && !p.short {
                *slot = p;
            } else if slot.short == p.short && p.need == NO_NEED {
                slot.need = NO_NEED;
            }
            slot.no_region |= p.no_region;
        };
        for line in lexicon::ADMIN_DIVISIONS.lines() {
            if line.starts_with('#') {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(full), short, level) = (cols.next(), cols.next(), cols.next()) else {
                continue;
            };
            let full = full.trim();
            let level = level.map(str::trim).unwrap_or("2");
            // Provinces and cities are never regions (云南, 台北); prefectures such as 黔南
            // are also the region of that name.
            let no_region = level == "0" || full.ends_with('市');
            if !(full.chars().count() == 2 && plain_word(full)) {
                add(
                    full,
                    Place {
                        need: NO_NEED,
                        short: false,
                        no_region,
                    },
                );
            }
            if let Some(short) = short
                .map(str::trim)
                .filter(|s| s.chars().count() >= 2 && *s != full)
            {
                if plain_word(short) {
                    continue;
                }
                // County short forms are often ordinary words too (朝天, 安宁, 新建): they
                // count only where the article also prints the full name.
                let need = if level == "2" {
                    full_forms.push(full.to_string());
                    (full_forms.len() - 1) as u32
                } else {
                    NO_NEED
                };
                add(
                    short,
                    Place {
                        need,
                        short: true,
                        no_region,
                    },
                );
            }
        }
        for line in lexicon::WORLD_PLACES.lines() {
            if !line.starts_with('#') && !line.trim().is_empty() {
                add(
                    line.trim(),
                    Place {
                        need: NO_NEED,
                        short: false,
                        no_region: true,
                    },
                );
            }
        }
        let mut places = Trie::new();
        for (name, p) in &all {
            places.insert(name, *p);
        }
        Rules {
            jieba,
            places,
            full_forms,
            name_like_cache: std::sync::RwLock::new(HashMap::default()),
            org: WordSet::new(lexicon::ORG_HEADS),
            fac: WordSet::new(lexicon::FAC_HEADS),
            fac_types: WordSet::new(lexicon::FAC_TYPE_ENDS),
            road: WordSet::new(ROADS),
            loc: WordSet::new(lexicon::LOC_HEADS),
            gpe: WordSet::new(lexicon::GPE_HEADS),
            titles: WordSet::new(lexicon::TITLES),
            title_prefixes: WordSet::new(lexicon::TITLE_PREFIXES),
            speech: WordSet::new(lexicon::SPEECH_VERBS),
            stop: {
                let mut v: Vec<&'static str> = lexicon::STOP_WORDS.to_vec();
                v.extend_from_slice(lexicon::STOP_VERBS);
                WordSet::new(&v)
            },
            regions: WordSet::new(lexicon::REGIONS),
            org_prefixes: WordSet::new(lexicon::ORG_PREFIXES),
            region_firsts: lexicon::CharSet::new(
                lexicon::PROVINCE_ABBR
                    .chars()
                    .chain(lexicon::REGIONS.iter().filter_map(|r| r.chars().next())),
            ),
            head_lasts: lexicon::CharSet::new(
                [
                    lexicon::ORG_HEADS,
                    ROADS,
                    lexicon::FAC_HEADS,
                    lexicon::LOC_HEADS,
                    lexicon::GPE_HEADS,
                ]
                .iter()
                .flat_map(|list| list.iter().filter_map(|w| w.chars().last())),
            ),
            person_firsts: lexicon::CharSet::new(
                lexicon::SURNAMES
                    .chars()
                    .chain(TRANSLIT_NAME.chars())
                    .chain(
                        lexicon::COMPOUND_SURNAMES
                            .iter()
                            .filter_map(|s| s.chars().next()),
                    ),
            ),
        }
    }

    /// The full name a county short form needs printed in the same article.
    pub fn full_form(&self, need: usize) -> Option<&str> {
        self.full_forms.get(need).map(String::as_str)
    }

    /// Tokens of `text` with code-point offsets ([`crate::ner::features::segment`]).
    pub fn tokens<'a>(&'a self, text: &'a str) -> Option<Vec<Tok<'a>>> {
        crate::ner::features::segment(&self.jieba, text)
    }

    /// Candidates for places, organisations and facilities; persons too when `persons`.
    pub fn candidates(&self, chars: &[char], toks: &[Tok], persons: bool, out: &mut Vec<Cand>) {
        // Token starts and ends, for alignment tests.
        let bounds = Bounds::new(chars.len(), toks);
        let mut matches = Vec::new();

        for (k, t) in toks.iter().enumerate() {
            // Gazetteer places. A short form must be a whole word or stand before an
            // administrative suffix (合肥 + 市委); a full name must not be the X市 of X市委.
            let region = self.is_region(t);
            // Function words and punctuation never start a place name.
            let function = matches!(
                t.tag.as_bytes().first(),
                Some(b'p' | b'c' | b'u' | b'd' | b'r' | b'q' | b'x' | b'y' | b'e' | b'o' | b'w')
            );
            let mut at = (!function && !region).then_some(t.s);
            while let Some(pos) = at {
                let mut found = None;
                self.places.all_at(chars, pos, &mut matches);
                for &(len, pl) in &matches {
                    let end = pos + len;
                    let next = chars.get(end).copied();
                    let ok = if pl.short {
                        bounds.ends(end)
                            || next.is_some_and(|c| crate::char_set!("省市县区州").contains(c))
                    } else {
                        next != Some('委')
                    };
                    if ok {
                        let mut c =
                            Cand::rule(pos, end, EntityType::Gpe, rank(EntityType::Gpe, true));
                        c.needs = (pl.need != NO_NEED).then_some(pl.need as usize);
                        out.push(c);
                        found = Some(end);
                        break;
                    }
                }
                // The next place may start inside the same word (云南省西双版纳傣族自治州).
                at = found.filter(|&end| end < t.e);
            }
            if region {
                out.push(Cand::rule(t.s, t.e, EntityType::Loc, 0));
            }
            // News apps are named 掌上 + place (掌上温州).
            if t.w == "掌上" {
                if let Some((len, _)) = self.places.longest_at(chars, t.e) {
                    if bounds.ends(t.e + len) {
                        out.push(Cand::rule(
                            t.s,
                            t.e + len,
                            EntityType::Org,
                            rank(EntityType::Org, false),
                        ));
                    }
                }
            }
            // Organisations the dictionary itself knows (新华社, 国务院).
            if t.tag == "nt"
                && t.len() >= 3
                && t.w
                    .chars()
                    .last()
                    .is_some_and(|c| crate::char_set!(lexicon::ORG_TAIL_CHARS).contains(c))
            {
                out.push(Cand::rule(
                    t.s,
                    t.e,
                    EntityType::Org,
                    rank(EntityType::Org, false),
                ));
            }
            let last = t.e.checked_sub(1).and_then(|i| chars.get(i));
            if !last.is_some_and(|&c| self.head_lasts.contains(c)) {
                continue;
            }
            for (set, head) in [
                (&self.org, Head::Org),
                (&self.road, Head::Road),
                (&self.fac, Head::Fac),
                (&self.loc, Head::Loc),
                (&self.gpe, Head::Gpe),
            ] {
                for hl in set.suffixes(chars, t.e) {
                    if let Some(c) = self.grow(chars, toks, k, hl, head, &bounds) {
                        out.push(c);
                    }
                }
            }
        }
        if persons {
            self.persons(chars, toks, &bounds, out);
        }
    }

    /// Province abbreviation + direction (苏北, 粤西) or a named region (华北, 长三角).
    fn is_region(&self, t: &Tok) -> bool {
        if !(2..=6).contains(&t.len())
            || !self
                .region_firsts
                .contains(t.w.chars().next().unwrap_or(' '))
        {
            return false;
        }
        let mut cs = t.w.chars();
        let two = match (cs.next(), cs.next(), cs.next()) {
            (Some(a), Some(b), None) => {
                crate::char_set!(lexicon::PROVINCE_ABBR).contains(a) && "东南西北中".contains(b)
            }
            _ => false,
        };
        // 云南 is a province and 台北 a city, not regions.
        two && !self.place(t.w).is_some_and(|p| p.no_region) || self.regions.contains(t.w)
    }

    /// A token a name never grows over: punctuation, function words, numbers, common
    /// predicate verbs.
    fn is_stop(&self, chars: &[char], t: &Tok, head: Head) -> bool {
        let first = t.w.chars().next().unwrap_or(' ');
        if !(is_han(first) || first.is_ascii_alphanumeric()) {
            return true;
        }
        if self.stop.contains(t.w) {
            return true;
        }
        let tag = t.tag;
        if tag == "m" && head != Head::Org && !t.w.chars().any(|c| c.is_ascii_alphabetic()) {
            return true;
        }
        // Prepositions, conjunctions, particles, pronouns, adverbs, measure words, time
        // and direction words, interjections, onomatopoeia, punctuation.
        let function = matches!(tag, "e" | "o" | "w" | "y" | "f")
            || (tag != "eng"
                && matches!(
                    tag.as_bytes().first(),
                    Some(b'p' | b'c' | b'u' | b'r' | b'd' | b'q' | b't')
                ));
        if function {
            return true;
        }
        if t.len() >= 2 && matches!(tag, "ad" | "l" | "i" | "z") {
            return true;
        }
        if matches!(head, Head::Road | Head::Loc) && self.is_admin(chars, t) {
            return true;
        }
        false
    }

    /// Whether a word segments as a proper name: one token tagged as a name, or pieces of one
    /// char that the dictionary does not join (out-of-vocabulary names).
    pub fn name_like(&self, w: &str) -> bool {
        if w.is_empty() {
            return false;
        }
        if self.place(w).is_some() || self.org_prefixes.contains(w) {
            return true;
        }
        // Segmenting again is costly; the same few words come back all the time.
        if let Some(&hit) = self
            .name_like_cache
            .read()
            .ok()
            .and_then(|c| c.get(w).copied())
            .as_ref()
        {
            return hit;
        }
        let hit = self.name_like_uncached(w);
        if let Ok(mut cache) = self.name_like_cache.write() {
            if cache.len() < 200_000 {
                cache.insert(w.to_string(), hit);
            }
        }
        hit
    }

    fn name_like_uncached(&self, w: &str) -> bool {
        let tags = self.jieba.tag(w, false);
        match tags.as_slice() {
            [t] => matches!(t.tag, "ns" | "nr" | "nz" | "nt" | "nrt" | "nrfg"),
            many => many.iter().all(|t| {
                matches!(t.tag, "ns" | "nr" | "nz" | "nt" | "nrt" | "nrfg")
                    || t.word.chars().count() == 1
                        && !matches!(
                            t.tag.as_bytes().first(),
                            Some(b'p' | b'c' | b'u' | b'r' | b'd' | b'q' | b'm' | b'v' | b'f')
                        )
            }),
        }
    }

    /// Verbs and adjectives: inside a name only between name parts (蔚来智能制造基地),
    /// never at its start.
    fn is_soft_stop(t: &Tok) -> bool {
        matches!(t.tag, "v" | "vn" | "vd" | "a" | "an")
    }

    /// A token that is itself an administrative name with its suffix (兰考县, 经开区).
    fn is_admin(&self, chars: &[char], t: &Tok) -> bool {
        // The name before the suffix has two chars at least: 沧州 is a name, not 沧 + 州.
        self.gpe
            .longest_suffix(&chars[t.s..t.e], t.len())
            .is_some_and(|h| t.len() >= h + 2)
    }

    /// Whether a token marks a proper name rather than a common word.
    fn is_proper(&self, chars: &[char], t: &Tok) -> bool {
        // A three-char word ending with a natural head is a place (鸡公山).
        let natural = t.len() >= 3 && self.loc.longest_suffix(chars, t.e).is_some();
        natural
            || matches!(
                t.tag,
                "ns" | "nr" | "nrt" | "nrfg" | "nz" | "nt" | "j" | "eng" | "x" | "zg" | "ng"
            )
            || t.w.chars().any(|c| c.is_ascii_alphanumeric())
            || self.is_admin(chars, t)
    }

    /// The gazetteer entry that is exactly `w`.
    /// The type of a place name the tagger found: a gazetteer name is GPE; otherwise the
    /// longest head it ends with decides (路, 广场 FAC; 山, 湖 LOC; 市, 县 GPE); a name with
    /// none is GPE (in news most unmarked places are countries and cities).
    pub fn place_type(&self, name: &[char]) -> EntityType {
        let n = name.len();
        let len = |set: &WordSet| set.longest_suffix(name, n).filter(|&l| l < n).unwrap_or(0);
        // A natural feature's head outranks a county's short form of the same spelling
        // (天山, 太湖 are also county names).
        let gazetteer = self.places.get(name.iter().copied()).is_some();
        if gazetteer && (len(&self.loc) == 0 || len(&self.gpe) > 0) {
            return EntityType::Gpe;
        }
        let (fac, loc, gpe) = (
            len(&self.fac)
                .max(len(&self.road))
                .max(len(&self.fac_types)),
            len(&self.loc),
            len(&self.gpe),
        );
        if fac > 0 && fac >= loc && fac >= gpe {
            EntityType::Fac
        } else if loc > 0 && loc >= gpe {
            EntityType::Loc
        } else {
            EntityType::Gpe
        }
    }

    fn place(&self, w: &str) -> Option<Place> {
        self.places.get(w.chars())
    }

    /// Whether token `t` is exactly a gazetteer place name.
    fn is_place(&self, chars: &[char], t: &Tok) -> bool {
        chars
            .get(t.s..t.e)
            .is_some_and(|w| self.places.get(w.iter().copied()).is_some())
    }

    /// A token that ends with an organisation head word of two chars or more (有限公司, 大学).
    fn is_org_word(&self, chars: &[char], t: &Tok) -> bool {
        let cs = &chars[t.s..t.e];
        let found = self.org.suffixes(cs, cs.len()).any(|h| h >= 2);
        found
    }

    /// Grows a name leftwards from a head of `hl` chars that ends token `k`.
    fn grow(
        &self,
        chars: &[char],
        toks: &[Tok],
        k: usize,
        hl: usize,
        head: Head,
        bounds: &Bounds,
    ) -> Option<Cand> {
        let t = &toks[k];
        let e = t.e;
        let hs = e.checked_sub(hl)?;
        // Index of the token in which the head starts.
        let mut j = k;
        while toks[j].s > hs {
            j = j.checked_sub(1)?;
        }
        let ht = &toks[j];
        // Whether the word that holds the head already reads as a name.
        let mut head_proper = false;
        let mut one_char_name_ok = false;
        let mut nature_needs_growth = false;
        let in_token = ht.s < hs;
        if in_token {
            // A place word the gazetteer knows (洛阳市) is found there already.
            if self.stop.contains(ht.w) || head == Head::Gpe && self.is_place(chars, ht) {
                return None;
            }
            let prefix = &ht.w[ht
                .w
                .char_indices()
                .nth(hs - ht.s)
                .map_or(ht.w.len(), |(b, _)| b)..];
            let prefix = &ht.w[..ht.w.len() - prefix.len()];
            if hl >= 2 {
                // 清华大学, 青藏高原; 物流中心 and 上市公司 need a proper part from the left.
                head_proper = self.name_like(prefix);
            } else {
                // A one-char head inside a word. jieba tags many common words nt/ns/nr
                // (四合院, 象牙塔), so the part before the head must read as a name itself
                // (太和 + 殿); a two-char place word with a natural head is a mountain or a
                // lake (秦岭, 天山) unless it is an administrative name; an organisation word
                // (商务局/nt) may take a place before it.
                let named = matches!(ht.tag, "nt" | "ns" | "nr" | "nz")
                    && ht.len() >= 3
                    && self.name_like(prefix);
                let nature = head == Head::Loc && ht.tag == "ns" && ht.len() == 2;
                // 黄山 alone is a city as often as a mountain; X黄山 is the mountain.
                nature_needs_growth = nature && self.is_place(chars, ht);
                // 教育部, 公安局: words of three chars or more that end with 部/局/厅/委 name
                // bodies.
                let org_word = head == Head::Org
                    && (ht.tag == "nt" || ht.len() >= 3)
                    && !lexicon::NOT_ORG_ENDS.iter().any(|w| ht.w.ends_with(w));
                if !(named || nature || org_word) {
                    return None;
                }
                head_proper = named || nature;
                one_char_name_ok = named || nature;
            }
        } else if !bounds.starts(hs) {
            return None;
        }
        let max_name = match head {
            Head::Gpe => 4,
            Head::Loc => 6,
            _ => 16,
        };
        let mut i = j;
        while i > 0 {
            let p = &toks[i - 1];
            if self.is_stop(chars, p, head) || hs - p.s > max_name || self.titles.contains(p.w) {
                break;
            }
            match head {
                // An organisation or a province/city/county before a facility is its owner or
                // its address, not part of its name.
                Head::Fac | Head::Road
                    if self.is_org_word(chars, p)
                        || self.is_admin_full(chars, p)
                        || self.is_fac_word(chars, p) =>
                {
                    break
                }
                // 四川 + 甘孜州: one administrative name at a time.
                Head::Gpe if (i < j || in_token) && self.is_place(chars, p) => break,
                _ => {}
            }
            // A verb or adjective joins only if a name part stands to its left.
            // A complete organisation name stops it too, unless the verb says the next body
            // belongs to it (复旦大学附属中山医院).
            if Self::is_soft_stop(p) && !(p.len() == 1 && p.tag == "a") {
                let subordinate = matches!(p.w, "附属" | "直属" | "下属");
                let left_ok = i >= 2 && {
                    let l = &toks[i - 2];
                    !self.is_stop(chars, l, head)
                        && (l.tag.starts_with('n')
                            || matches!(p.tag, "a" | "an") && matches!(l.tag, "a" | "an"))
                        && (subordinate || !self.is_org_word(chars, l))
                };
                if !left_ok {
                    break;
                }
            }
            i -= 1;
        }
        // Numbers join organisation names only in the middle (中铁十一局), never at the start.
        while i < j
            && (toks[i].tag == "m"
                || Self::is_soft_stop(&toks[i])
                || toks[i]
                    .w
                    .chars()
                    .next()
                    .is_some_and(|c| "一二三四五六七八九十两百千万".contains(c)))
        {
            i += 1;
        }
        if nature_needs_growth && i == j {
            return None;
        }
        let start = if i < j {
            toks[i].s
        } else if in_token {
            ht.s
        } else {
            hs
        };
        let grown = &toks[i..j];
        let proper = head_proper
            || grown.iter().any(|t| {
                self.is_proper(chars, t) || (head == Head::Org && self.org_prefixes.contains(t.w))
            });
        let name_len = hs - start;
        // Long organisation names of common nouns only (环境保护监测研究所) still count when
        // the head is a full word and the name part is long.
        let plain_org = head == Head::Org
            && hl >= 2
            && name_len >= 4
            && toks[i..=j].iter().all(|t| t.tag.starts_with('n'));
        let whole_org_word = head == Head::Org && in_token && hl == 1 && i == j && ht.len() >= 3;
        if name_len < 2 && !one_char_name_ok || !(proper || plain_org || whole_org_word) {
            return None;
        }
        if head == Head::Gpe {
            // Administrative names are short and wholly proper (兰考县, 黄花镇).
            let all_proper = grown
                .iter()
                .all(|t| self.is_proper(chars, t) && t.tag != "n");
            if !all_proper || !(2..=4).contains(&name_len) {
                return None;
            }
        }
        let mut kind = match head {
            Head::Org => EntityType::Org,
            Head::Fac | Head::Road => EntityType::Fac,
            Head::Loc => EntityType::Loc,
            Head::Gpe => EntityType::Gpe,
        };
        // A 中心 that controls, manages or serves is a body (疾病预防控制中心), one that holds
        // data or goods is a building (物流中心).
        if head == Head::Fac && chars[hs..e] == ['中', '心'] {
            let name: String = chars[start..hs].iter().collect();
            if lexicon::BODY_WORDS.iter().any(|w| name.contains(w)) {
                kind = EntityType::Org;
            }
        }
        Some(Cand::rule(start, e, kind, rank(kind, false)))
    }

    /// Whether `chars[..end]` ends with an organisation head word (公司, 企业, 局).
    pub fn ends_with_org_head(&self, chars: &[char], end: usize) -> bool {
        self.org.suffixes(chars, end).next().is_some()
    }

    /// Whether a token inside `chars[s..e]` marks a proper name (紫禁城, 董存瑞 + 班), not
    /// only common words (中心, 联盟, 聚力 + 中心).
    pub fn has_proper(&self, chars: &[char], toks: &[Tok], s: usize, e: usize) -> bool {
        let from = toks.partition_point(|t| t.e <= s);
        toks[from..]
            .iter()
            .take_while(|t| t.s < e)
            .any(|t| t.s >= s && t.e <= e && self.is_proper(chars, t))
    }

    /// Whether `w` is exactly a gazetteer place name.
    pub fn is_place_name(&self, w: &[char]) -> bool {
        self.places.get(w.iter().copied()).is_some()
    }

    /// Length of the gazetteer place that starts at `pos` (美国 in 美国某某学院), if any.
    pub fn place_len_at(&self, chars: &[char], pos: usize) -> Option<usize> {
        self.places.longest_at(chars, pos).map(|(len, _)| len)
    }

    /// Length of the longest facility head that ends at `end` (景区, 体育场).
    pub fn fac_head_len(&self, chars: &[char], end: usize) -> Option<usize> {
        self.fac.longest_suffix(chars, end)
    }

    /// Whether the facility head ending at `end` names a building whatever the tagger
    /// says (体育中心, 广场, 大厦, 虹桥站), rather than a bare 中心 that also names the body
    /// that runs it (康复中心, 文化中心).
    pub fn building_head(&self, chars: &[char], end: usize) -> bool {
        match self.fac.longest_suffix(chars, end) {
            Some(2) => !chars[..end].ends_with(&['中', '心']),
            Some(_) => true,
            None => false,
        }
    }

    /// A token that ends with a facility head of two chars or more (动物园, 大桥).
    fn is_fac_word(&self, chars: &[char], t: &Tok) -> bool {
        let cs = &chars[t.s..t.e];
        let found = self.fac.suffixes(cs, cs.len()).any(|h| h >= 2);
        found
    }

    /// A province, prefecture or county name with its suffix (湖北省, 武汉市): an address.
    fn is_admin_full(&self, chars: &[char], t: &Tok) -> bool {
        self.is_admin(chars, t) && t.w.chars().last().is_some_and(|c| "省市县州".contains(c))
    }
}
