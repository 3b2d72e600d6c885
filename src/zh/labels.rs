//! Column and section labels (栏目): the short names a paper prints over a headline or a run
//! of briefs (民生观察, 今日关注, 股市简报, 【新春走基层】). A reader tells them from a
//! kicker (引题) by their words: a label names a recurring column, a kicker says something
//! about this one story (a place, a clause, a figure).

/// Words that end a column's name in Chinese papers of any kind (dailies, evening and metro
/// papers, weeklies): 民生观察, 今日关注, 法治园地, 股市简报, 财经速递, 国际视点.
const COLUMN_ENDINGS: &[&str] = &[
    "观察",
    "关注",
    "园地",
    "两会",
    "走基层",
    "视点",
    "视线",
    "视角",
    "视野",
    "聚焦",
    "纵横",
    "连线",
    "直击",
    "传真",
    "一线",
    "扫描",
    "动态",
    "之窗",
    "广角",
    "在线",
    "热点",
    "话题",
    "看台",
    "速递",
    "速读",
    "快讯",
    "简报",
    "简讯",
    "短讯",
    "要闻",
    "时评",
    "快评",
    "微评",
    "短评",
    "札记",
    "随笔",
    "漫谈",
    "杂谈",
    "论坛",
    "特稿",
    "专题",
    "追踪",
    "探访",
    "访谈",
    "对话",
    "声音",
    "前沿",
    "焦点",
    "广场",
    "茶座",
    "大家谈",
    "观澜",
    "走笔",
    "新语",
    "新论",
    "专栏",
    "副刊",
    "信箱",
    "服务台",
    "万象",
    "博览",
    "书架",
    "书评",
    "影评",
    "乐评",
    "讲堂",
    "课堂",
    "百科",
    "资讯",
    "播报",
    "经纬",
    "一瞥",
    "集锦",
    "荟萃",
    "面对面",
    "进行时",
    "大视野",
    "新视界",
];

/// Words that open a column's name: 聚焦两会, 今日关注, 关注民生, 直击现场.
const COLUMN_OPENINGS: &[&str] = &[
    "聚焦",
    "关注",
    "今日",
    "直击",
    "图说",
    "图解",
    "新春走基层",
    "走基层",
    "每日",
    "本周",
    "一周",
];

/// Whether `t` reads as a column's name: a short line (after brackets and a ■ marker) of
/// Han characters only, ending or opening with a column word, or printed in brackets.
pub fn is_column_label(t: &str) -> bool {
    let t = t.trim();
    let bracketed = (t.starts_with('【') && t.ends_with('】'))
        || (t.starts_with('[') && t.ends_with(']'))
        || (t.starts_with('〔') && t.ends_with('〕'));
    if bracketed {
        return true;
    }
    let marked = t.starts_with(['■', '□', '●', '◆', '◇', '▲', '★', '☆']);
    let core = t
        .trim_start_matches(['■', '□', '●', '◆', '◇', '▲', '★', '☆'])
        .trim();
    let n = core.chars().count();
    // A column's name is timeless: one naming a period (一季度经济观察) is this story's kicker.
    if !(2..=8).contains(&n)
        || !core.chars().all(|c| is_han(c) || c == '·')
        || ["季度", "年", "月份", "上半", "下半"]
            .iter()
            .any(|w| core.contains(w))
    {
        return false;
    }
    marked
        || is_page_name(core)
        || COLUMN_ENDINGS
            .iter()
            .any(|w| core.ends_with(w) && core != *w)
        || COLUMN_OPENINGS
            .iter()
            .any(|w| core.starts_with(w) && core.chars().count() > w.chars().count())
}

/// Names of a page or section (版名) that papers of every kind print at a page's top: a
/// closed vocabulary, so a line made only of them (要闻, 经济·社会) is a label,
/// never a kicker, however short.
const PAGE_NAMES: &[&str] = &[
    "要闻", "国内", "国际", "综合", "观点", "经济", "社会", "政治", "文化", "体育", "副刊", "理论",
    "评论", "地方", "财经", "民生", "法治", "教育", "科技", "健康", "环球", "时事", "本地", "城事",
    "视点", "专版", "专题", "特刊", "生态", "农业", "军事", "港澳", "台湾", "外交", "读书", "旅游",
    "金融", "产经", "公司", "市场", "人物", "文艺", "娱乐", "新闻",
];

/// Whether `core` is one page name or several joined by · (经济·社会).
fn is_page_name(core: &str) -> bool {
    !core.is_empty() && core.split('·').all(|w| PAGE_NAMES.contains(&w))
}

/// Labels of a box inside an article (核心阅读, 小贴士, 相关链接, 记者手记): a subhead of the
/// article's text wherever it stands, even first, never a headline or a column's name.
pub fn is_box_label(t: &str) -> bool {
    let core = t
        .trim()
        .trim_start_matches(['■', '□', '●', '◆', '▲', '★'])
        .trim_matches(|c: char| matches!(c, '【' | '】' | '[' | ']' | ' '));
    matches!(
        core,
        "核心阅读"
            | "小贴士"
            | "链接"
            | "相关链接"
            | "背景链接"
            | "新闻链接"
            | "知识链接"
            | "延伸阅读"
            | "相关阅读"
            | "记者手记"
            | "记者观察"
            | "背景"
            | "新闻背景"
            | "名词解释"
            | "数据"
    )
}

/// The column tag a headline ends with (以钉钉子精神抓好夏管工作（今日谈）, 和若铁路打造沙漠
/// 幸福路（新知）, 当以正向力量引导经济全球化（钟声）): a bracketed name of 2–18 Han
/// characters (· allowed) after a title of four or more. A box's tag (什么是云（链接）) is
/// not one.
pub fn column_tag(t: &str) -> Option<&str> {
    let t = t.trim();
    let (inner, open) = match t.strip_suffix('）') {
        Some(r) => (r, '（'),
        None => (t.strip_suffix(')')?, '('),
    };
    let at = inner.rfind(open)?;
    let (title, tag) = (&inner[..at], &inner[at + open.len_utf8()..]);
    let n = tag.chars().count();
    // Series tags run longer (家乡美味·品味舌尖上的农村, 深入学习贯彻习近平同志系列重要讲话精神).
    ((2..=18).contains(&n)
        && tag.chars().all(|c| is_han(c) || c == '·')
        && title.chars().filter(|c| is_han(*c)).count() >= 4
        && !is_box_label(tag))
    .then_some(tag)
}

/// A box's label inside an article, alone or as a tag after its title: 核心阅读, 小贴士,
/// 什么是云（链接）.
pub fn is_box_heading(t: &str) -> bool {
    let t = t.trim();
    is_box_label(t)
        || t.strip_suffix('）')
            .and_then(|r| r.rfind('（').map(|at| &r[at + '（'.len_utf8()..]))
            .is_some_and(is_box_label)
}

fn is_han(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Words that open a sentence inside a paragraph with their comma (其中，据了解，近日，):
/// never a kicker's or a headline's opening, and a new sentence after a paragraph that stops
/// without closing punctuation.
const CONNECTIVES: &[&str] = &[
    "其中",
    "据了解",
    "据悉",
    "据介绍",
    "目前",
    "此外",
    "同时",
    "另外",
    "因此",
    "但是",
    "而且",
    "然而",
    "对此",
    "为此",
    "此前",
    "随后",
    "当天",
    "当日",
    "届时",
    "与此同时",
    "值得一提的是",
    "近日",
    "近年来",
    "近几年",
    "近年",
    "如今",
    "当前",
    "今年以来",
    "去年以来",
    "据统计",
    "事实上",
    "实际上",
    "其实",
    "不过",
    "总之",
];

/// Whether `t` opens with a connective and its comma (近日，…).
pub fn opens_with_connective(t: &str) -> bool {
    CONNECTIVES.iter().any(|w| {
        t.strip_prefix(w)
            .is_some_and(|r| r.starts_with(['，', ',']))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_names_are_labels() {
        for l in ["要闻", "环球·时事", "■体育"] {
            assert!(is_column_label(l), "{l}");
        }
        // A page name inside a kicker or headline does not make it a label.
        for l in ["经济稳中向好", "社会·经济观察家", "要闻速递一周年"] {
            assert!(!is_page_name(l), "{l}");
        }
    }

    #[test]
    fn column_names_are_labels_and_kickers_are_not() {
        for l in [
            "民生观察",
            "今日关注",
            "法治园地",
            "聚焦两会",
            "股市简报",
            "【新春走基层】",
            "■财经速递",
            "国际视点",
        ] {
            assert!(is_column_label(l), "{l}");
        }
        // Kickers: places, bodies, clauses, one story's facts.
        for k in [
            "内蒙古",
            "广东揭阳",
            "公安部",
            "中超第六轮打响",
            "乍暖还寒的初春",
            "辽宁邮政探路农村电商",
            "山东寿光市：",
            "关注",
            "一季度经济观察",
        ] {
            assert!(!is_column_label(k), "{k}");
        }
        assert!(
            is_box_label("核心阅读") && is_box_label("■小贴士") && !is_column_label("核心阅读")
        );
        assert_eq!(
            column_tag("以钉钉子精神抓好夏管工作（今日谈）"),
            Some("今日谈")
        );
        assert_eq!(column_tag("和若铁路打造沙漠幸福路（新知）"), Some("新知"));
        assert_eq!(
            column_tag("清香青果 始涩后甘（家乡美味·品味舌尖上的农村）"),
            Some("家乡美味·品味舌尖上的农村")
        );
        for t in [
            "什么是云（链接）",
            "会谈（上）",
            "大会（2017年4月）",
            "张三（右）",
        ] {
            assert_eq!(column_tag(t), None, "{t}");
        }
        assert!(is_box_heading("什么是云（链接）") && !is_box_heading("新知（今日谈）"));
    }
}
