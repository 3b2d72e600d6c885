//! A page generator with known truth (issue 18): articles, laid out in print order and then
//! damaged the ways e-paper dumps are, with the expected article rows kept beside the page.
//!
//! Sources: real articles read at test time from `../shared/data/news/rmrb-2017.jsonl` (never
//! copied into the repository), and a few articles written here in other papers' styles
//! (evening, metro and business papers, briefs with a closing credit, photo items) so that
//! the generator is exercised where the data folder is absent. Everything is seeded.

#![allow(dead_code)]

use std::path::PathBuf;

use baozhi::stages::normalize::normalize;

/// splitmix64: small, deterministic, good enough to pick damage.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ 0xD1B5_4A32_D192_ED03)
    }
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// One source article as printed (fields verbatim, paragraphs without the dateline split off).
#[derive(Debug, Clone, Default)]
pub struct Source {
    pub id: String,
    pub kicker: Option<String>,
    pub headline: String,
    pub subheadline: Option<String>,
    pub byline: Option<String>,
    /// Printed at the start of the first paragraph.
    pub dateline: Option<String>,
    pub paragraphs: Vec<String>,
    /// A photo item: the last paragraph is the credit.
    pub photo: bool,
    /// A closing credit line printed after the body (（记者 林晓东 整理）).
    pub closing: Option<String>,
    pub section: Option<String>,
    /// Editor lines printed at the article's foot (统筹：黄 超, 版式设计：沈亦伶): page
    /// furniture, not text (extraction.md).
    pub editors: Vec<String>,
}

/// Expected row of one article.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Truth {
    pub kind: &'static str,
    pub section: Option<String>,
    pub kicker: Option<String>,
    pub headline: Option<String>,
    pub subheadline: Option<String>,
    pub byline: Option<String>,
    pub dateline: Option<String>,
    pub subheads: Vec<String>,
    pub text: String,
    /// Damage kinds applied to this article (for measuring by failure class).
    pub damage: Vec<&'static str>,
}

#[derive(Debug, Clone)]
pub struct GenPage {
    pub text: String,
    pub truth: Vec<Truth>,
    /// Furniture lines printed on the page (must end up in furniture, never in an article).
    pub furniture: Vec<String>,
}

/// Normalizes one line the way the pipeline does (spaces collapsed, trimmed).
pub fn norm(s: &str) -> String {
    normalize(s)
        .lines
        .iter()
        .map(|l| l.text.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn opt(v: &serde_json::Value) -> Option<String> {
    v.as_str().map(norm).filter(|s| !s.is_empty())
}

/// `../shared/data/news/rmrb-2017.jsonl` beside the checkout (a worktree sits one level
/// deeper), or `BAOZHI_NEWS`.
pub fn news_path() -> PathBuf {
    if let Some(p) = std::env::var_os("BAOZHI_NEWS") {
        return PathBuf::from(p);
    }
    let repo = crate::util::repo();
    let rel = "shared/data/news/rmrb-2017.jsonl";
    [repo.join("..").join(rel), repo.join("../..").join(rel)]
        .into_iter()
        .find(|p| p.exists())
        .unwrap_or_else(|| repo.join("..").join(rel))
}

/// The real articles, or `None` (with a note on stderr) where the data folder is absent.
pub fn real_sources() -> Option<Vec<Source>> {
    let path = news_path();
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!(
            "generated pages: {} absent, the real-text part is skipped",
            path.display()
        );
        return None;
    };
    let mut out = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("news jsonl");
        let mut paragraphs: Vec<String> = v["paragraphs"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p.as_str().map(norm))
            .filter(|p| !p.is_empty())
            .collect();
        if paragraphs.is_empty() {
            continue;
        }
        let headline = norm(v["title"].as_str().unwrap_or(""));
        // Photo items: a short last paragraph naming the photographer or agency.
        let last = paragraphs.last().cloned().unwrap_or_default();
        let photo = paragraphs.len() >= 2
            && last.chars().count() <= 30
            && (last.contains('摄') || last.contains("视觉") || last.ends_with("报道"));
        let mut subheadline = opt(&v["subtitle"]);
        if let Some(s) = &subheadline {
            let s = s.trim_start_matches(['—', '─']).trim().to_string();
            subheadline = Some(s);
        }
        // Page credits printed at an article's foot (本版制图：…) are the page's, not the
        // article's: the generator leaves them out.
        paragraphs.retain(|p| !(p.starts_with("本版制图") || p.starts_with("制图：")));
        // Editor lines at the foot (统筹：…, 版式：…) are the page's furniture: printed where
        // they stand, never in the article's text.
        let editors: Vec<String> = paragraphs
            .iter()
            .filter(|p| is_editor_line(p))
            .cloned()
            .collect();
        paragraphs.retain(|p| !is_editor_line(p));
        if !photo && boxed(&paragraphs) {
            continue;
        }
        out.push(Source {
            id: v["id"].as_str().unwrap_or("").to_string(),
            kicker: opt(&v["pretitle"]),
            headline,
            subheadline,
            byline: opt(&v["author"]),
            dateline: opt(&v["dateline"]),
            paragraphs,
            photo,
            closing: None,
            section: None,
            editors,
        });
    }
    Some(out)
}

/// An editor line of the page (统筹：黄 超, 本期统筹：胡安琪, 版式设计：沈亦伶, 责任编辑：…).
fn is_editor_line(p: &str) -> bool {
    const JOBS: &[&str] = &[
        "统筹",
        "本期统筹",
        "本版统筹",
        "版式",
        "版式设计",
        "责任编辑",
        "本版编辑",
        "美术编辑",
        "美编",
        "校对",
        "策划",
        "制图",
        "图表制作",
    ];
    p.chars().count() <= 30
        && JOBS.iter().any(|j| {
            p.strip_prefix(j)
                .is_some_and(|r| r.starts_with(['：', ':', ' ']))
        })
}

fn own(
    kicker: Option<&str>,
    headline: &str,
    sub: Option<&str>,
    byline: Option<&str>,
    dateline: Option<&str>,
    paras: &[&str],
) -> Source {
    Source {
        id: format!("own-{headline}"),
        kicker: kicker.map(String::from),
        headline: headline.to_string(),
        subheadline: sub.map(String::from),
        byline: byline.map(String::from),
        dateline: dateline.map(String::from),
        paragraphs: paras.iter().map(|p| p.to_string()).collect(),
        ..Source::default()
    }
}

/// Articles written for these tests in the styles of other papers.
pub fn own_sources() -> Vec<Source> {
    let mut v = vec![
        own(
            None,
            "地铁5号线南延段今起试运行",
            Some("沿线设站7座，早晚高峰间隔缩至4分钟"),
            Some("晚报记者 陈 晨"),
            Some("本报讯"),
            &[
                "本报讯 记者昨日从市轨道交通集团获悉，地铁5号线南延段今天起开始空载试运行，全长12.6公里，沿线设站7座。",
                "据介绍，试运行期间将对列车运行、信号系统、供电系统等进行全面测试，预计年底前开通运营。",
                "届时，早晚高峰行车间隔将由6分钟缩短至4分钟，南部新城居民进城时间可节省约20分钟。",
            ],
        ),
        own(
            Some("老旧小区改造提速——"),
            "加装电梯 三百户居民圆了“下楼梦”",
            None,
            Some("■都市报记者 刘 洋 通讯员 黄小梅"),
            None,
            &[
                "一部电梯，连着百姓的幸福感。今年以来，江北区共有46个老旧小区启动改造，已加装电梯58部。",
                "“以前下一趟楼要歇三回，现在按个按钮就到了。”家住6楼的王大爷笑着说。",
                "区住建局相关负责人介绍，下一步将推广“先尝后买”模式，让更多居民享受改造红利。",
            ],
        ),
        own(
            None,
            "一季度全市社会消费品零售总额增长8.3%",
            None,
            None,
            Some("商报讯（记者 赵敏）"),
            &[
                "商报讯（记者 赵敏）市统计局昨日发布数据，一季度全市实现社会消费品零售总额1286.5亿元，同比增长8.3%。",
                "其中，汽车类、通讯器材类商品零售额分别增长15.2%和22.7%，升级类消费需求持续释放。",
            ],
        ),
        own(
            Some("山东寿光市："),
            "蔬菜大棚用上“智慧大脑”",
            None,
            None,
            Some("本报济南4月2日电（记者 孙 莉）"),
            &[
                "本报济南4月2日电（记者 孙 莉）走进寿光市孙家集街道的一处蔬菜大棚，温度、湿度、光照等数据实时显示在手机上。",
                "当地已有3200余个大棚完成智能化改造，每亩年均节本增效约4000元。",
            ],
        ),
        own(
            None,
            "11岁女孩勇救5岁溺水男孩 校长称要表扬不提倡",
            None,
            None,
            None,
            &[
                "5月20日下午，11岁的小芳在河边玩耍时，发现一名5岁男孩落入水中，她立即跳入河中将男孩推上岸。",
                "学校校长表示，孩子见义勇为的精神值得表扬，但未成年人遇险时应当首先呼救，学校将加强防溺水安全教育。",
            ],
        ),
        own(
            None,
            "「20年后谁来养活中国？」",
            None,
            Some("■晨报记者 吴 桐"),
            None,
            &[
                "种粮的人越来越少、越来越老，这是许多村庄共同的烦恼。",
                "在城郊的一个种粮大户合作社里，记者看到，无人机、收割机已经替代了大部分人工，年轻的“新农人”正在成长。",
            ],
        ),
        own(
            None,
            "致全市广大市民朋友的一封信：",
            None,
            None,
            None,
            &[
                "当前正值汛期，强降雨天气频发。为保障大家生命财产安全，请广大市民朋友密切关注天气预报，减少不必要的外出。",
                "让我们携起手来，共同守护美好家园！",
            ],
        ),
        own(
            Some("中车长客高级技师胡俊祥——"),
            "三十年磨一剑 焊出“国家名片”",
            None,
            Some("本报记者 郑 义"),
            None,
            &[
                "在高铁车体焊接车间，胡俊祥手握焊枪，一条条焊缝平整光滑。三十年来，他带出徒弟120余人。",
                "“焊工活儿，差一丝一毫都不行。”他说，干一行就要爱一行、钻一行。",
            ],
        ),
        own(
            None,
            "古镇旅游加快复苏",
            None,
            None,
            Some("本报讯"),
            &[
                "本报讯 “五一”假期，城南古镇接待游客18.6万人次，同比增长42%，民宿预订率超过九成。",
                "古镇管委会负责人说，今年新开放的三条老街带动了夜间消费，非遗体验项目尤其受到年轻游客欢迎。",
            ],
        ),
        own(
            None,
            "孩子近视了，该不该马上配眼镜？",
            None,
            Some("晚报记者 许 静"),
            None,
            &[
                "暑假过半，眼科门诊迎来就诊高峰。不少家长拿着验光单犯了愁：孩子近视了，是不是得马上配眼镜？",
                "市眼科医院副主任医师王蕾说，首次发现视力下降，应先到正规医院散瞳验光，排除假性近视后再决定是否配镜。",
                "她提醒，每天户外活动两小时，是预防近视最简单有效的办法。",
            ],
        ),
        own(
            None,
            "《城市更新条例》7月1日起施行",
            Some("老旧小区改造须先征求居民意见"),
            None,
            Some("本报讯（记者 程 远）"),
            &[
                "本报讯（记者 程 远）记者昨日从市司法局获悉，《城市更新条例》将于7月1日起施行，老旧小区改造方案须经过居民意见征询。",
                "条例明确，改造中涉及加装电梯、增设停车位等事项的，应当公示不少于15日。",
            ],
        ),
        own(
            None,
            "“飞鲨”搏击",
            None,
            None,
            None,
            &[
                "碧海蓝天间，一架架舰载战斗机呼啸起飞，在海天之间划出一道道优美的弧线。",
                "连日来，海军某舰载航空兵部队组织多批次实战化训练，锤炼飞行员复杂条件下的起降本领。",
            ],
        ),
    ];
    // Briefs under a column label, each closed by a credit.
    for (i, (text, credit)) in [
        (
            "沪深两市昨日小幅收涨，两市成交额合计8563亿元，较前一交易日略有放大。",
            "（记者 林晓东 整理）",
        ),
        (
            "本报讯 昨日，市商务局发布通知，将于下月举办第五届夜间消费节，发放消费券2000万元。",
            "（记者 方 芳）",
        ),
    ]
    .iter()
    .enumerate()
    {
        v.push(Source {
            id: format!("own-brief-{i}"),
            section: Some("股市简报".to_string()),
            dateline: text.starts_with("本报讯").then(|| "本报讯".to_string()),
            paragraphs: vec![text.to_string()],
            closing: Some(credit.to_string()),
            ..Source::default()
        });
    }
    // A photo item under the 图片报道 headline: caption, blank line, credit.
    v.push(Source {
        id: "own-photo-report".to_string(),
        headline: "图片报道".to_string(),
        paragraphs: vec![
            "5月18日，市民在滨江公园观赏盛开的月季花。今年公园新增月季品种60余个。".to_string(),
            "■本报记者 赵 阳 摄".to_string(),
        ],
        photo: true,
        ..Source::default()
    });
    // Photo items: caption, blank line, credit.
    for (i, (caption, credit)) in [
        (
            "4月16日，游客在植物园郁金香花海中拍照留念。",
            "■本报记者 王五 摄",
        ),
        ("雨后的古城墙，宛如一幅水墨画。", "晚报记者 李 强 摄"),
    ]
    .iter()
    .enumerate()
    {
        v.push(Source {
            id: format!("own-photo-{i}"),
            paragraphs: vec![caption.to_string(), credit.to_string()],
            photo: true,
            ..Source::default()
        });
    }
    v
}

/// Furniture of several papers: (top lines, bottom lines).
const MASTHEADS: &[&[&str]] = &[
    &["人民日报 2022年07月05日 第01版"],
    &[
        "江城晚报",
        "2023年3月5日 星期日 农历二月十四 今日16版 第8123期",
    ],
    &["南方周末"],
    &["21世纪经济报道", "第A03版：要闻"],
    &["第A03版：要闻"],
    &["掌上江城 江城日报 江城晚报"],
    &["滨海都市报 2024年5月8日 星期三"],
    // Evening, metro, business and weekly papers.
    &["金陵晚报 A01 2024年6月1日 星期六", "今日32版"],
    &["都市快报", "2024年3月12日 第8567期 今日24版"],
    &["华夏商报 2024年5月20日 第2156期"],
    &["上海证券报", "2024年4月15日 星期一"],
    &["经济观察报", "2024年5月16日 第20期 总第1098期"],
    &["新京报 2024年1月9日 星期二 A08版"],
];
const FOOTERS: &[&str] = &[
    "本报地址：江城市解放路88号 邮编：430000 零售价：1.50元",
    "责任编辑 张 敏",
    "本版编辑：李 静 美编：王 芳",
    "第3版",
    "国内统一连续出版物号 CN42-0001",
    "广告经营许可证：3200004000012 印刷：江城日报印务有限公司",
    "总编辑：王 明",
    "零售价：2.00元 全年订价：360元",
];
const LABELS: &[&str] = &[
    "【新春走基层】",
    "民生观察",
    "聚焦两会",
    "今日关注",
    "法治园地",
];

/// The damage kinds a page may get (issue 18 and extraction.md §4): a column label over
/// the head, corner quotes in the headline, a subheadline stacked without a dash, the last
/// paragraph cut (truncated), a paragraph split mid-sentence (joined), a repeated
/// paragraph (deduplicated), a continuation marker, a body printed second half first
/// (reordered), a head printed far from its body (orphan headline).
pub const DAMAGE_KINDS: &[&str] = &[
    "column-label",
    "corner-quotes",
    "stacked-headline",
    "cut",
    "split",
    "duplicate",
    "continuation",
    "reordered",
    "far-head",
];

/// One printed line with the blank lines before it.
type Out = Vec<(u8, String)>;

fn is_stop(c: char) -> bool {
    matches!(
        c,
        '。' | '！' | '？' | '；' | '：' | '，' | '、' | '”' | '…' | '）'
    ) || c.is_ascii_punctuation()
        || c.is_ascii_digit()
}

/// A cut point (in chars) inside `p` where the text before ends mid-sentence: after a Han
/// character followed by a Han character.
fn mid_cut(p: &str, rng: &mut Rng) -> Option<usize> {
    let cs: Vec<char> = p.chars().collect();
    if cs.len() < 30 {
        return None;
    }
    let lo = cs.len() / 4;
    let hi = cs.len() * 3 / 4;
    for _ in 0..20 {
        let k = lo + rng.below(hi - lo);
        let ok = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c) && !is_stop(c);
        if ok(cs[k - 1]) && ok(cs[k]) {
            return Some(k);
        }
    }
    None
}

fn split_at(p: &str, k: usize) -> (String, String) {
    let at = p.char_indices().nth(k).map_or(p.len(), |(i, _)| i);
    (p[..at].to_string(), p[at..].to_string())
}

/// An in-body subhead as a reader takes it: short, no sentence inside or at its end.
fn is_subhead(p: &str) -> bool {
    // A line ending in ： leads into what follows (有这样一组数据：) and one opening with ——
    // names who said the paragraph above: both are text.
    p.chars().count() <= 24
        && !p.ends_with(['：', ':'])
        && !p.starts_with(['—', '─'])
        && !p.contains(['。', '！', '？', '；', '…'])
        && !p.trim_end_matches('：').contains('：')
        && p.matches('，').count() <= 1
        && !p.ends_with(['）', ')'])
}

/// Whether a real article is outside what these pages test: a body that holds a boxed
/// part (核心阅读, a lead summary opened by ■, bylines of sub-stories, 小贴士 boxes).
/// Box labels (核心阅读, 小贴士) are kept: by extraction.md's subhead rule they are subheads
/// of the text wherever they stand, even first.
fn boxed(paragraphs: &[String]) -> bool {
    paragraphs.iter().enumerate().any(|(i, p)| {
        let short = p.chars().count() <= 30;
        (i == 0 && is_subhead(p) && !is_box_label(p))
            || p.starts_with(['■', '█', '▲'])
            // A photo inside the article (its credit between paragraphs): not tested here.
            || (i + 1 < paragraphs.len() && p.chars().count() <= 16 && (p.ends_with('摄') || p.contains("视觉")))
            || (short && !is_box_label(p) && (p.contains("记者") || p.contains("阅读")))
    }) || paragraphs
        .windows(3)
        .any(|w| w.iter().all(|p| is_subhead(p)))
}

/// A box's label inside an article: 核心阅读, 小贴士, 链接.
fn is_box_label(p: &str) -> bool {
    let p = p.trim_start_matches('■');
    // Also as a tag after the box's title: 什么是云（链接）.
    let tag = p
        .strip_suffix('）')
        .and_then(|r| r.rfind('（').map(|at| &r[at + '（'.len_utf8()..]));
    [Some(p), tag]
        .into_iter()
        .flatten()
        .any(|p| matches!(p, "核心阅读" | "小贴士" | "链接" | "相关链接" | "延伸阅读"))
}

/// The truth row of a source before damage.
fn truth_of(s: &Source) -> Truth {
    let mut paras = s.paragraphs.clone();
    let mut byline = s
        .byline
        .clone()
        .map(|b| b.trim_start_matches('■').trim().to_string());
    if s.photo {
        let credit = paras.pop().unwrap_or_default();
        byline = Some(credit.trim_start_matches('■').trim().to_string());
    }
    if let (Some(dl), Some(first)) = (&s.dateline, paras.first_mut()) {
        if let Some(rest) = first.strip_prefix(dl.as_str()) {
            *first = rest.trim().to_string();
        }
    }
    // A parenthesised name list closing the body is its byline (extraction.md §3): (姚 波).
    if byline.is_none() && paras.len() >= 2 {
        let last = paras.last().cloned().unwrap_or_default();
        let inner = last
            .strip_prefix('（')
            .and_then(|r| r.strip_suffix('）'))
            .map(str::trim);
        if let Some(inner) = inner.filter(|i| {
            let han = i.chars().filter(|c| *c != ' ' && *c != '、').count();
            (2..=12).contains(&han)
                && i.chars()
                    .all(|c| c == ' ' || c == '、' || ('\u{4e00}'..='\u{9fff}').contains(&c))
        }) {
            byline = Some(inner.to_string());
            paras.pop();
        }
    }
    if let Some(c) = &s.closing {
        let inner = c.trim_matches(['（', '）', '(', ')']).trim().to_string();
        byline = Some(inner);
    }
    // Two consecutive subhead lines are one subhead, joined with a space (extraction.md §3).
    let mut subheads: Vec<String> = Vec::new();
    if !s.photo {
        let mut joined: Vec<String> = Vec::new();
        let mut prev_sub = false;
        let n = paras.len();
        for (i, p) in paras.iter().enumerate() {
            // A short line ending in ： is a subhead only over another (崭露头角： / 《…》).
            let lead_in = p.ends_with('：')
                && p.chars().count() <= 10
                && paras.get(i + 1).is_some_and(|q| is_subhead(q));
            let sub = (i > 0 || is_box_label(p))
                && i + 1 < n
                && (is_subhead(p) || (lead_in && i + 2 < n) || (i > 0 && is_box_label(p)));
            if sub && prev_sub {
                if let (Some(last), Some(h)) = (joined.last_mut(), subheads.last_mut()) {
                    last.push(' ');
                    last.push_str(p);
                    h.push(' ');
                    h.push_str(p);
                }
            } else {
                joined.push(p.clone());
                if sub {
                    subheads.push(p.clone());
                }
            }
            prev_sub = sub;
        }
        paras = joined;
    }
    let commentary = byline
        .as_deref()
        .is_some_and(|b| b.contains("评论员") || b.contains("社论"));
    let headline = (!s.headline.is_empty()).then(|| s.headline.clone());
    Truth {
        kind: if s.photo {
            "photo"
        } else if commentary {
            "commentary"
        } else if headline.is_some() || s.dateline.is_some() || byline.is_some() {
            "news"
        } else {
            "other"
        },
        section: s.section.clone(),
        kicker: s.kicker.clone(),
        headline,
        subheadline: s.subheadline.clone(),
        byline,
        dateline: s.dateline.clone(),
        subheads,
        text: paras.join("\n"),
        damage: Vec::new(),
    }
}

/// Which damage kinds a page may get.
#[derive(Debug, Clone, Copy)]
pub struct Mix {
    /// Probability of each per-article damage.
    pub p: f64,
}

/// Builds one page of `sources` (already chosen, in print order) with the given seed.
pub fn build(sources: &[Source], seed: u64, mix: Mix) -> GenPage {
    let mut rng = Rng::new(seed);
    // About one page in four gets one damage kind only (drawn apart, so that the other
    // pages stay as they were): each kind is measured alone as well as combined.
    let only = {
        let mut r = Rng::new(seed ^ 0x0A1_0DE5);
        r.chance(0.25).then(|| *r.pick(DAMAGE_KINDS))
    };
    let allow = |k: &str| only.is_none_or(|o| o == k);
    let mut out: Out = Vec::new();
    let mut furniture = Vec::new();
    let mut truth = Vec::new();
    if rng.chance(0.6) {
        for l in *rng.pick(MASTHEADS) {
            out.push((1, l.to_string()));
            furniture.push(l.to_string());
        }
    }
    let mut i = 0;
    while i < sources.len() {
        let mut s = sources[i].clone();
        let mut t0 = Vec::new();
        if s.section.is_none() && !s.photo && rng.chance(mix.p * 0.4) && allow("column-label") {
            s.section = Some(rng.pick(LABELS).to_string());
            t0.push("column-label");
        }
        // Restyle before truth: corner quotes in the headline, ■ byline markers.
        if rng.chance(mix.p * 0.3) && s.headline.contains('“') && allow("corner-quotes") {
            s.headline = s.headline.replace('“', "「").replace('”', "」");
            t0.push("corner-quotes");
        }
        let mut t = truth_of(&s);
        t.damage = t0;
        if t.kicker
            .as_deref()
            .is_some_and(|k| k.ends_with(['—', '：']))
        {
            t.damage.push("kicker-dash-colon");
        }
        if s.headline
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit())
            || s.headline.contains([' ', '：', '？', '「'])
            || s.headline.ends_with('）')
        {
            t.damage.push("headline-shape");
        }
        // Head lines.
        let mut head: Out = Vec::new();
        if let Some(sec) = &s.section {
            head.push((1, sec.clone()));
        }
        if let Some(k) = &s.kicker {
            head.push((1, k.clone()));
        }
        if !s.headline.is_empty() {
            head.push((1, s.headline.clone()));
        }
        if let Some(sub) = &s.subheadline {
            let stacked = sub.chars().count() > s.headline.chars().count()
                && rng.chance(mix.p)
                && allow("stacked-headline");
            if stacked {
                t.damage.push("stacked-headline");
                head.push((1, sub.clone()));
            } else {
                head.push((1, format!("——{sub}")));
            }
        }
        if let Some(b) = &s.byline {
            let marked = !b.starts_with('■') && rng.chance(0.3);
            head.push((1, if marked { format!("■{b}") } else { b.clone() }));
        }
        // Body lines.
        let mut body: Vec<String> = s.paragraphs.clone();
        let mut caption_gap = false;
        if s.photo {
            caption_gap = true;
            t.damage.push("photo");
        }
        // Cut: the last paragraph stops mid-sentence (the page ends).
        if !s.photo && body.len() >= 2 && rng.chance(mix.p * 0.5) && allow("cut") {
            let last = body.len() - 1;
            if let Some(k) = mid_cut(&body[last], &mut rng) {
                body[last] = split_at(&body[last], k).0;
                let mut paras: Vec<&str> = t.text.split('\n').collect();
                let cut = body[last].clone();
                if let Some(p) = paras.last_mut() {
                    // The truth's last paragraph loses the same tail (dateline kept off).
                    let keep = p.chars().count() - (s.paragraphs[last].chars().count() - k);
                    *p = &p[..p.char_indices().nth(keep).map_or(p.len(), |(i, _)| i)];
                }
                let _ = cut;
                t.text = paras.join("\n");
                t.damage.push("cut");
            }
        }
        let mut lines: Out = Vec::new();
        // One blank line between paragraphs, and between a caption and its credit (the
        // commonest photo layout).
        for p in &body {
            let gap = 1;
            // Split: a paragraph broken across two lines mid-sentence.
            if !s.photo && rng.chance(mix.p * 0.25) && allow("split") {
                if let Some(k) = mid_cut(p, &mut rng) {
                    let (a, b) = split_at(p, k);
                    lines.push((gap, a));
                    lines.push((1, b));
                    t.damage.push("split");
                    continue;
                }
            }
            lines.push((gap, p.clone()));
        }
        if let Some(c) = &s.closing {
            lines.push((1, c.clone()));
        }
        // Duplicate: an earlier paragraph printed again after a later one.
        if !s.photo && lines.len() >= 3 && rng.chance(mix.p * 0.3) && allow("duplicate") {
            let src = lines[rng.below(lines.len() - 1)].1.clone();
            if src.chars().count() >= 45 && !src.starts_with('（') {
                let at = lines.len();
                lines.insert(at, (1, src));
                t.damage.push("duplicate");
            }
        }
        // Continuation markers, stripped from the text.
        if !s.photo && rng.chance(mix.p * 0.3) && allow("continuation") {
            let m = rng.pick(&["（下转第3版）", "（紧接第2版）", "（上接第1版）"]);
            if m.contains("上接") {
                lines.insert(0, (1, m.to_string()));
            } else {
                lines.push((1, m.to_string()));
            }
            t.damage.push("continuation");
        }
        // Reordered: the body printed from its second half, then (after a zone break) the
        // first half; the break falls mid-sentence so a reader can tell.
        let mut reordered = false;
        if !s.photo && lines.len() >= 4 && rng.chance(mix.p * 0.3) && allow("reordered") {
            let k = 1 + rng.below(lines.len() - 2);
            if let Some(c) = mid_cut(&lines[k].1, &mut rng) {
                let (a, b) = split_at(&lines[k].1, c);
                let mut first: Out = lines[..k].to_vec();
                first.push((1, a));
                let mut second: Out = vec![(1, b)];
                second.extend(lines[k + 1..].iter().cloned());
                first[0].0 = 2;
                second.extend(first);
                lines = second;
                reordered = true;
                t.damage.push("reordered");
            }
        }
        let _ = reordered;
        // Far head: this head printed, the next article whole, then this body under a
        // column label (or after a zone break).
        let far = i + 1 < sources.len()
            && !s.photo
            && !sources[i + 1].photo
            && sources[i + 1].section.is_none()
            && rng.chance(mix.p * 0.25)
            && allow("far-head");
        let gap_before = if rng.chance(0.3) { 2 } else { 1 };
        if let Some(first) = head.first_mut().or(lines.first_mut()) {
            first.0 = gap_before;
        }
        if caption_gap {
            if let Some(last) = lines.last_mut() {
                last.0 = 1;
            }
        }
        if far {
            t.damage.push("far-head");
            let mut next = truth_of(&sources[i + 1]);
            out.extend(head);
            let ns = &sources[i + 1];
            if let Some(k) = &ns.kicker {
                out.push((2, k.clone()));
            }
            out.push((if ns.kicker.is_some() { 1 } else { 2 }, ns.headline.clone()));
            if let Some(sub) = &ns.subheadline {
                out.push((1, format!("——{sub}")));
            }
            if let Some(b) = &ns.byline {
                out.push((1, b.clone()));
            }
            for p in &ns.paragraphs {
                out.push((1, p.clone()));
            }
            next.damage.push("after-far-head");
            if rng.chance(0.5) && t.section.is_none() {
                let label = rng.pick(LABELS).to_string();
                t.section = Some(label.clone());
                out.push((2, label));
                if let Some(f) = lines.first_mut() {
                    f.0 = 1;
                }
            } else if let Some(f) = lines.first_mut() {
                f.0 = 2;
            }
            out.extend(lines);
            for e in s.editors.iter().chain(&ns.editors) {
                out.push((1, e.clone()));
                furniture.push(e.clone());
            }
            truth.push(t);
            truth.push(next);
            i += 2;
            continue;
        }
        out.extend(head);
        out.extend(lines);
        for e in &s.editors {
            out.push((1, e.clone()));
            furniture.push(e.clone());
        }
        truth.push(t);
        i += 1;
    }
    if rng.chance(0.6) {
        let f = rng.pick(FOOTERS).to_string();
        out.push((2, f.clone()));
        furniture.push(f);
    }
    let mut text = String::new();
    for (k, (blank, line)) in out.iter().enumerate() {
        if k > 0 {
            for _ in 0..*blank {
                text.push('\n');
            }
            text.push('\n');
        }
        text.push_str(line);
    }
    text.push('\n');
    GenPage {
        text,
        truth,
        furniture,
    }
}

/// Chooses 2–6 sources for page `seed` from `pool` (consecutive runs, as printed together).
pub fn choose(pool: &[Source], seed: u64) -> Vec<Source> {
    let mut rng = Rng::new(seed ^ 0x5EED);
    let n = 2 + rng.below(5);
    let start = rng.below(pool.len());
    let mut out: Vec<Source> = (0..n)
        .map(|k| pool[(start + k) % pool.len()].clone())
        .filter(|s| {
            s.paragraphs
                .iter()
                .map(|p| p.chars().count())
                .sum::<usize>()
                <= 4000
        })
        .collect();
    if out.is_empty() {
        out.push(pool[start].clone());
    }
    out
}
