//! Page furniture (extraction.md §3): mastheads with any paper-name ending, issue and
//! imprint lines, editor lines, page numbers, continuation markers, commentary labels.

use super::is_han;
use crate::zh::byline;

/// A continuation marker: （下转第3版） （紧接第2版） （上接第1版） （转A4版）.
pub fn is_continuation(t: &str) -> bool {
    let t = t.trim();
    let Some(inner) = t
        .strip_prefix(['（', '('])
        .and_then(|r| r.strip_suffix(['）', ')']))
    else {
        return false;
    };
    let inner = inner.trim();
    let rest = ["下转", "上接", "紧接", "转", "接", "续"]
        .iter()
        .find_map(|w| inner.strip_prefix(w));
    rest.is_some_and(|r| {
        let r = r.trim_start_matches('第');
        r.ends_with('版')
            && r.chars().count() <= 6
            && r.trim_end_matches('版')
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || is_han_digit(c))
    })
}

/// A paragraph with a continuation marker printed on its own line's start or end (…的发展
/// （下转第3版）, （上接第1版）会议指出…): the paragraph without the marker, and whether
/// there was one. The marker is never text.
pub fn strip_continuation(t: &str) -> (&str, bool) {
    let t = t.trim();
    if let Some(at) = t.rfind(['（', '(']).filter(|&at| at > 0) {
        if is_continuation(&t[at..]) {
            return (t[..at].trim_end(), true);
        }
    }
    if t.starts_with(['（', '(']) {
        if let Some(close) = t.find(['）', ')']) {
            let end = close + t[close..].chars().next().map_or(1, char::len_utf8);
            if end < t.len() && is_continuation(&t[..end]) {
                return (t[end..].trim_start(), true);
            }
        }
    }
    (t, false)
}

fn is_han_digit(c: char) -> bool {
    "一二三四五六七八九十〇零".contains(c)
}

/// Paper-name endings, longest first: …日报, …晚报, …都市报, …商报, …晨报, …周末, …经济报道,
/// and the trade and interest papers (…证券报, …观察报, …文摘报, …电视报).
pub const PAPER_ENDINGS: &[&str] = &[
    "经济报道",
    "都市报",
    "青年报",
    "少年报",
    "老年报",
    "法制报",
    "法治报",
    "证券报",
    "金融报",
    "经济报",
    "观察报",
    "消费报",
    "文摘报",
    "电视报",
    "科技报",
    "教育报",
    "农民报",
    "工人报",
    "妇女报",
    "健康报",
    "体育报",
    "环境报",
    "参考报",
    "信息报",
    "新闻报",
    "日报",
    "晚报",
    "商报",
    "晨报",
    "早报",
    "时报",
    "导报",
    "快报",
    "周末",
    "周刊",
    "周报",
    "画报",
    "侨报",
];

/// Whether `s` is a paper's name: 3 to 10 code points ending in a paper-name ending (新京报
/// is the one common three-character name; other three-character lines ending in 报 are
/// words: 大字报, 黑板报).
pub fn is_paper_name(s: &str) -> bool {
    let n = s.chars().count();
    ((4..=10).contains(&n) && PAPER_ENDINGS.iter().any(|w| s.ends_with(w)) || s == "新京报")
        && s.chars().all(|c| is_han(c) || c.is_ascii_digit())
        && !s.starts_with("本报")
}

/// An issue line of dates and numbers only: 2024年5月16日 第20期 总第1098期, 今日24版,
/// 2024.5.20 星期一.
fn is_issue_line(t: &str) -> bool {
    let tokens: Vec<&str> = t.split(' ').filter(|s| !s.is_empty()).collect();
    let issue_token = |s: &str| {
        let digits = s
            .chars()
            .filter(|c| c.is_ascii_digit() || is_han_digit(*c))
            .count();
        let rest: String = s
            .chars()
            .filter(|c| !c.is_ascii_digit() && !is_han_digit(*c) && *c != '.')
            .collect();
        digits >= 1
            && matches!(
                rest.as_str(),
                "年月日"
                    | "第期"
                    | "总第期"
                    | "期"
                    | "今日版"
                    | "本期版"
                    | "版"
                    | "第版"
                    | ""
                    | "月日"
            )
    };
    tokens.len() >= 2
        && tokens.len() <= 8
        && tokens
            .iter()
            .all(|s| issue_token(s) || s.starts_with("星期"))
        && tokens.iter().any(|s| s.contains('期') || s.contains('版'))
}

/// Page furniture: QR prompts, masthead and app lines, editor lines, page numbers, dates.
pub fn is_furniture(text: &str) -> bool {
    let t = text.trim_start_matches(byline::is_marker).trim();
    // Most lines are paragraphs with a 。: reject them before counting code points.
    if t.is_empty() || t.contains('。') {
        return false;
    }
    let n = t.chars().count();
    if n <= 40
        && ["扫码", "扫一扫", "二维码", "长按识别"]
            .iter()
            .any(|w| t.contains(w))
    {
        return true;
    }
    const EDITORS: &[&str] = &[
        "总编辑",
        "副总编辑",
        "执行主编",
        "主编",
        "值班编委",
        "值班主任",
        "值班总编",
        "责任编辑",
        "责编",
        "本版编辑",
        "本版责编",
        "美编",
        "美术编辑",
        "校对",
        "版式",
        "版式设计",
        "版面设计",
        "统筹",
        "本期统筹",
        "本版统筹",
        "策划",
        "本版策划",
        "图表制作",
        "摄影编辑",
        "图片编辑",
        "本版制图",
        "制图",
        "组版",
        "审读",
        "见习编辑",
        "编辑",
    ];
    // People's Daily and others print the editor in brackets at the foot (（责编：王明）).
    let inner = match t.strip_prefix(['（', '(', '【']) {
        Some(r) => r.strip_suffix(['）', ')', '】']).unwrap_or(t),
        None => t,
    };
    if n <= 30
        && !t.contains('，')
        && EDITORS.iter().any(|w| {
            inner
                .strip_prefix(w)
                .is_some_and(|r| r.is_empty() || r.starts_with([' ', '：', ':', '/']))
        })
    {
        return true;
    }
    const PUBLISHING: &[&str] = &[
        "国内统一连续出版物号",
        "广告经营许可证",
        "广告许可证",
        "印刷单位",
        "印务有限公司",
        "全年订价",
        "订阅：",
        "发行：",
        "本报社址",
        "读者服务",
        "统一刊号",
        "邮发代号",
        "广告热线",
        "新闻热线",
        "发行热线",
        "订阅热线",
        "投稿邮箱",
        "电子信箱",
        "电子邮箱",
        "http",
        "www.",
        "定价",
    ];
    if n <= 60 && PUBLISHING.iter().any(|w| t.contains(w)) {
        return true;
    }
    if n <= 60 && t.contains("星期") && (t.contains('年') || t.contains('月')) {
        return true;
    }
    // Imprint: 本报地址：…邮编：…零售价：1.50元.
    if n <= 90
        && ["邮编", "零售价", "本报地址", "社址", "邮政编码"]
            .iter()
            .any(|w| t.contains(w))
    {
        return true;
    }
    if is_continuation(t) {
        return true;
    }
    if n <= 20 && t.starts_with("农历") {
        return true;
    }
    if is_page_number(t) || is_issue_line(t) {
        return true;
    }
    is_masthead(t)
}

/// 第3版, A01, 03, 今日8版.
fn is_page_number(t: &str) -> bool {
    let s = t.trim_start_matches('第').trim();
    let s = s.trim_start_matches(|c: char| c.is_ascii_uppercase());
    let digits = s.chars().take_while(|c| c.is_ascii_digit()).count();
    // ASCII digits are one byte each.
    let rest = s[digits..].trim();
    // 第A03版：要闻, 第5版 经济: a page name of a few characters after the number.
    let named = |r: &str| {
        r.strip_prefix('版').is_some_and(|r| {
            let r = r.trim_start_matches([' ', '：', ':']);
            r.chars().count() <= 8 && !r.contains(['。', '，'])
        })
    };
    (1..=3).contains(&digits)
        && (rest.is_empty() || rest == "版" || (rest.chars().count() <= 10 && named(rest)))
        || (t.starts_with("今日") || t.starts_with("本期"))
            && t.ends_with('版')
            && t.chars().count() <= 8
}

/// Masthead and app lines: 掌上某地 某某日报 某某晚报, or a paper's name alone.
fn is_masthead(t: &str) -> bool {
    is_masthead_with(t, &is_paper_name)
}

/// `is_masthead` with `paper` telling a paper's name.
pub(super) fn is_masthead_with(t: &str, paper: &dyn Fn(&str) -> bool) -> bool {
    let tokens: Vec<&str> = t.split(' ').filter(|s| !s.is_empty()).collect();
    // A paper's name followed by its date and page: 人民日报 2022年07月05日 第01版.
    let dated = |s: &str| {
        s.chars().any(|c| c.is_ascii_digit())
            && ["年", "月", "日", "版", "期", "星期", "农历"]
                .iter()
                .any(|w| s.contains(w))
            || s.starts_with("星期")
            || s.starts_with("农历")
    };
    if tokens.len() >= 2
        && paper(tokens[0])
        && tokens[1..]
            .iter()
            .all(|s| dated(s) && s.chars().count() <= 12)
    {
        return true;
    }
    let media = |s: &str| {
        paper(s)
            || s.starts_with("掌上")
            || ["客户端", "APP", "App", "网", "公众号", "视频号", "抖音号"]
                .iter()
                .any(|w| s.ends_with(w))
    };
    let short = |s: &str| (2..=10).contains(&s.chars().count());
    if tokens.len() == 1 {
        let s = tokens[0];
        // 周末 and 周刊 also end ordinary headlines (欢乐周末): only …报 names stand alone
        // anywhere; the others are taken at the page top (see `in_context`).
        return paper(s) && s.contains('报') && !s.ends_with("报道");
    }
    tokens.len() >= 2
        && tokens.iter().all(|s| short(s) && media(s))
        && tokens.iter().any(|s| paper(s))
}

/// Names of commentary labels printed as a section over the headline.
pub fn is_commentary_label(t: &str) -> bool {
    let t =
        t.trim_matches(|c: char| matches!(c, '【' | '】' | '[' | ']' | '〔' | '〕') || c == ' ');
    matches!(
        t,
        "社论" | "短评" | "评论员文章" | "本报评论员文章" | "时评" | "快评" | "微评" | "编者按"
    )
}

#[cfg(test)]
mod tests {
    use super::super::tests::check;
    use super::*;
    use crate::model::BlockClass::*;

    #[test]
    fn furniture_of_other_papers_and_continuation_markers() {
        check(
            "南方周末\n\n人民日报 2022年07月05日 第01版\n\n第A03版：要闻\n\n（下转第3版）\n\n本报地址：江城市解放路88号 邮编：430000 零售价：1.50元\n\n2023年3月5日 星期日 农历二月十四 今日16版 第8123期",
            &[Furniture, Furniture, Furniture, Furniture, Furniture, Furniture],
        );
        check(
            "金陵晚报 A01 2024年6月1日 星期六\n\n新京报\n\n上海证券报\n\n2024年5月16日 第20期 总第1098期\n\n广告经营许可证：3200004000012\n\n总编辑：王 明",
            &[Furniture, Furniture, Furniture, Furniture, Furniture, Furniture],
        );
        // Bracketed editor credits at an article's foot; a bracketed sentence is not one.
        assert!(is_furniture("（责编：周小文）") && is_furniture("【编辑：孙一】"));
        assert!(!is_furniture("（编辑部收到来信后，转给有关部门）"));
        assert!(!is_paper_name("股市简报") && !is_paper_name("大字报"));
        assert!(is_continuation("（上接第1版）") && is_continuation("（紧接第2版）"));
        assert!(!is_continuation("（记者 林晓东 整理）"));
        assert_eq!(
            strip_continuation("会议要求各地加快推进（下转第3版）"),
            ("会议要求各地加快推进", true)
        );
        assert_eq!(
            strip_continuation("（上接第1版）各地加快推进项目建设。"),
            ("各地加快推进项目建设。", true)
        );
        assert_eq!(
            strip_continuation("各地加快推进项目建设（图①）。"),
            ("各地加快推进项目建设（图①）。", false)
        );
        assert_eq!(
            strip_continuation("（下转第3版）"),
            ("（下转第3版）", false)
        );
    }
}
