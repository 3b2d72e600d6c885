//! Line cues read from one line's words (extraction.md §3): names alone, photo credits,
//! balanced quotes, sentence pieces, kicker clauses, genre words.

use super::is_han;
use crate::zh::{byline, lexicon};

/// Photo credits the credit-line reader does not take: a name glued to 摄 with an agency
/// after it (张三摄（新华社发）, 唐 克摄（影像中国）), a padded name before 摄 (本报记者 贺 勇摄),
/// 摄影报道, or a photo agency alone (人民视觉, 视觉中国).
pub fn is_photo_credit(t: &str) -> bool {
    let t = t.trim_start_matches(byline::is_marker).trim();
    // Most lines are long paragraphs: stop after 33 code points rather than count them all.
    if t.is_empty() || t.chars().nth(32).is_some() || t.contains(['。', '，', '；', '！', '？'])
    {
        return false;
    }
    const AGENCIES: &[&str] = &[
        "人民视觉",
        "视觉中国",
        "新华社发",
        "影像中国",
        "资料图片",
        "东方IC",
    ];
    if AGENCIES.contains(&t) {
        return true;
    }
    // Drop one closing parenthesis group (the agency or source).
    let core = match t.rfind(['（', '(']) {
        Some(at) if t.ends_with(['）', ')']) => t[..at].trim_end(),
        _ => t,
    };
    let Some(names) = ["摄影报道", "摄影", "摄"]
        .iter()
        .find_map(|w| core.strip_suffix(w))
        .map(str::trim)
    else {
        return false;
    };
    // What precedes 摄 is names (with padding spaces, 、 or spaces between them), after an
    // optional job phrase (本报记者, 新华社记者, 通讯员).
    let names = match names.rfind("记者").or_else(|| names.rfind("通讯员")) {
        Some(at) => names[at..]
            .trim_start_matches("记者")
            .trim_start_matches("通讯员")
            .trim(),
        None => names,
    };
    let han = names.chars().filter(|c| is_han(*c)).count();
    (2..=16).contains(&han)
        && names.chars().all(|c| is_han(c) || matches!(c, ' ' | '、'))
        && names.chars().next().is_some_and(lexicon::is_surname)
}

/// Names alone on a line (史 哲, 王建先, 欧阳 晓, 郝迎灿 梁瀚泽, 李 亮 李德忠 王 鑫): the
/// byline of a signed piece when it stands between a headline and a body. Every token is a
/// name of two or three characters opening with a surname, or a padded name printed as
/// surname + space + given name.
pub(super) fn is_bare_name(t: &str) -> bool {
    let t = t.trim_start_matches(byline::is_marker).trim();
    let tokens: Vec<&str> = t.split(' ').filter(|s| !s.is_empty()).collect();
    let chars = |s: &str| s.chars().count();
    if tokens.is_empty()
        || tokens.len() > 8
        || !tokens
            .iter()
            .all(|s| s.chars().all(is_han) && chars(s) <= 4)
    {
        return false;
    }
    // A region's name padded like a name (安 徽, 河 南) is a regional page's kicker.
    if PROVINCES.contains(&tokens.concat().as_str()) {
        return false;
    }
    let first = |s: &str| s.chars().next().is_some_and(lexicon::is_surname);
    if tokens.len() == 1 {
        return (2..=4).contains(&chars(tokens[0])) && first(tokens[0]);
    }
    if tokens.len() == 2 && chars(tokens[0]) + chars(tokens[1]) <= 4 && first(tokens[0]) {
        return true;
    }
    let mut k = 0;
    while k < tokens.len() {
        let s = tokens[k];
        if chars(s) == 1 && first(s) && tokens.get(k + 1).is_some_and(|g| chars(g) <= 2) {
            k += 2;
        } else if (2..=3).contains(&chars(s)) && first(s) {
            k += 1;
        } else {
            return false;
        }
    }
    true
}

/// How many distinct pairs of adjacent Han characters of `line` occur in `text`: a paragraph
/// of an article reuses its words (新航站楼), a caption of another photo hardly does.
pub(super) fn shared_pairs(line: &str, text: &str) -> usize {
    let cs: Vec<char> = line.chars().collect();
    let mut pairs: Vec<String> = cs
        .windows(2)
        .filter(|w| w.iter().all(|c| is_han(*c)))
        .map(|w| w.iter().collect())
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    pairs.iter().filter(|p| text.contains(p.as_str())).count()
}

/// A letter's title: 致全市广大市民朋友的一封信：, …倡议书：.
pub(super) fn is_letter_title(t: &str) -> bool {
    t.ends_with(['：', ':']) && (t.starts_with('致') || t.ends_with("信：") || t.ends_with("书："))
}

/// A title in two parts split by a space, each of four or more characters, no comma.
pub(super) fn two_part_title(t: &str) -> bool {
    let parts: Vec<&str> = t.split(' ').filter(|p| !p.is_empty()).collect();
    parts.len() == 2 && parts.iter().all(|p| p.chars().count() >= 4) && !t.contains(['，', ','])
}

/// China's provinces and regions, as printed over regional news.
pub(super) const PROVINCES: &[&str] = &[
    "北京",
    "天津",
    "河北",
    "山西",
    "内蒙古",
    "辽宁",
    "吉林",
    "黑龙江",
    "上海",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "广西",
    "海南",
    "重庆",
    "四川",
    "贵州",
    "云南",
    "西藏",
    "陕西",
    "甘肃",
    "青海",
    "宁夏",
    "新疆",
    "香港",
    "澳门",
    "台湾",
];

/// A subheadline that names the piece's genre (来自云南省普洱茶产业的调查, 文化部负责人就《…》
/// 答记者问, 访德国…主席, …侧记, …专辑): a 副题, never a headline.
pub(super) fn names_a_genre(t: &str) -> bool {
    const ENDINGS: &[&str] = &[
        "调查",
        "答记者问",
        "侧记",
        "纪实",
        "综述",
        "摘编",
        "专辑",
        "讲话",
        "演讲",
        "述评",
        "见闻",
        "记事",
        "巡礼",
        "特写",
        "简评",
        "访谈",
        "手记",
        "札记",
        "故事",
        "启示",
    ];
    const OPENINGS: &[&str] = &["来自", "访", "记", "在", "写在", "——"];
    ENDINGS.iter().any(|w| t.ends_with(w)) || OPENINGS.iter().any(|w| t.starts_with(w))
}

/// A kicker that reports who said the headline (孟建柱在湖南调研时强调): the line under it is
/// the headline.
pub(super) fn reports_speech(t: &str) -> bool {
    ["强调", "指出", "表示", "要求", "提出", "时说", "认为", "称"]
        .iter()
        .any(|w| t.ends_with(w))
}

/// Whether every quote and bracket opened in `t` is closed in it, and none closed that was
/// not opened.
pub(super) fn balanced(t: &str) -> bool {
    let mut depth = [0i32; 4];
    for c in t.chars() {
        let (k, d) = match c {
            '“' => (0, 1),
            '”' => (0, -1),
            '（' | '(' => (1, 1),
            '）' | ')' => (1, -1),
            '《' => (2, 1),
            '》' => (2, -1),
            '「' => (3, 1),
            '」' => (3, -1),
            _ => continue,
        };
        depth[k] += d;
        if depth[k] < 0 {
            return false;
        }
    }
    depth == [0; 4]
}

/// Whether a title-shaped line reads as the start of a sentence broken off, not a title.
pub(super) fn opens_broken_sentence(t: &str) -> bool {
    let ends_on_function_word = t
        .chars()
        .next_back()
        .is_some_and(|c| "的在和与将对把被从向并而但就也都还又".contains(c));
    // Quote marks do not count (“单打独斗”风险大，扎堆种植不好卖 opens with a short clause).
    let first_clause = t
        .split(['，', ','])
        .next()
        .unwrap_or("")
        .chars()
        .filter(|c| !matches!(c, '“' | '”' | '「' | '」'))
        .count();
    ends_on_function_word || (t.contains(['，', ',']) && first_clause > 8)
}

/// Whether a line with commas reads as a kicker's clauses rather than a paragraph's opening:
/// not in parentheses, every clause at most 24 characters, the first more than a sentence
/// adverb (届时，其中，当前，) and not a report of speech (…表示，), the last at least four.
pub(super) fn clause_kicker(t: &str) -> bool {
    let clauses: Vec<&str> = t.split(['，', ',']).collect();
    let first = clauses.first().copied().unwrap_or("");
    let last = clauses.last().copied().unwrap_or("");
    let n = |s: &str| s.chars().count();
    !t.starts_with(['（', '('])
        && clauses.len() >= 2
        && clauses.iter().all(|c| n(c) <= 24)
        && n(first) > 3
        && n(last) >= 4
        && ![
            "表示", "说", "指出", "介绍", "认为", "强调", "称", "透露", "获悉",
        ]
        .iter()
        .any(|w| first.ends_with(w))
}

/// Ends on a comma-like mark: the sentence goes on.
pub(super) fn ends_mid_sentence_mark(t: &str) -> bool {
    t.ends_with(['，', ',', '、', '“', '《', '（', '('])
}

/// Ends on a word that does not end a title (的, 和, 对…).
pub(super) fn opens_broken_sentence_end(t: &str) -> bool {
    t.chars()
        .next_back()
        .is_some_and(|c| "的在和与将对把被从向以并而但就也都还又".contains(c))
}

/// Caption openers: 图为…, ▲…, 上图….
pub(super) fn starts_like_caption(t: &str) -> bool {
    [
        "图为", "▲", "△", "上图", "下图", "左图", "右图", "图①", "图一",
    ]
    .iter()
    .any(|w| t.starts_with(w))
}

/// Whether a title-shaped line reads as a piece of a paragraph: it opens a broken sentence
/// (`opens_broken_sentence`), holds a comma and runs long for a title (16 or more), or opens
/// on a particle no sentence opens with (的, 了, 着, 们, 是). A column tag makes it a title.
pub(super) fn sentence_piece(t: &str) -> bool {
    if crate::zh::labels::column_tag(t).is_some() || t.ends_with(['！', '？']) {
        return false;
    }
    let n = t.chars().count();
    opens_broken_sentence(t)
        || (t.contains(['，', ',']) && n >= 16)
        || (n >= 12 && t.starts_with(['的', '了', '着', '们', '是']))
}
