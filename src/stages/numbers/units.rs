//! Word lists of the numbers stage: units and measure words with the kind they give,
//! qualifier words, ordinal measure words, and the idioms whose numerals are not numbers.
//! Tables are built once (`LazyLock`) and matched longest-first at a position.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::model::{NumberKind, Qualifier};

/// What a unit word makes of the number before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitClass {
    /// MONEY
    Currency,
    /// QUANTITY
    Physical,
    /// CARDINAL: measure words, counts and durations.
    Classifier,
}

impl UnitClass {
    pub fn kind(self) -> NumberKind {
        match self {
            UnitClass::Currency => NumberKind::Money,
            UnitClass::Physical => NumberKind::Quantity,
            UnitClass::Classifier => NumberKind::Cardinal,
        }
    }
}

const CURRENCY: &[&str] = &[
    "元",
    "块钱",
    "块",
    "美元",
    "欧元",
    "英镑",
    "日元",
    "港元",
    "港币",
    "台币",
    "新台币",
    "澳元",
    "加元",
    "韩元",
    "卢布",
    "法郎",
    "瑞郎",
    "新加坡元",
    "人民币",
    "美金",
    "圆",
    "澳门元",
    "泰铢",
    "卢比",
    "比索",
    "里拉",
    "日圆",
];

/// Minor currency units after a major one (3元5角, 两美元又三美分): (word, fraction of the
/// major unit). 分 alone is money only after 元/块 (elsewhere it is a score or a minute).
pub const MINOR_CURRENCY: &[(&str, f64)] = &[
    ("美分", 0.01),
    ("欧分", 0.01),
    ("便士", 0.01),
    ("仙", 0.01),
    ("角", 0.1),
    ("毛", 0.1),
    ("分", 0.01),
];

/// People counted without a measure word in news (一男子落水, 两男一女受伤, 一教师身亡). A
/// bare 一 before them, or before a person measure word, counts only with an event word in
/// the clause (`EVENT_WORDS`).
pub const PERSON_NOUNS: &[&str] = &[
    "男子",
    "女子",
    "男孩",
    "女孩",
    "男童",
    "女童",
    "男生",
    "女生",
    "老人",
    "老汉",
    "老太",
    "儿童",
    "婴儿",
    "少年",
    "少女",
    "青年",
    "学生",
    "教师",
    "老师",
    "医生",
    "护士",
    "司机",
    "乘客",
    "游客",
    "工人",
    "民警",
    "警察",
    "辅警",
    "消防员",
    "村民",
    "居民",
    "市民",
    "患者",
    "病人",
    "孕妇",
    "嫌犯",
    "嫌疑人",
    "犯罪嫌疑人",
    "歹徒",
    "劫匪",
    "船员",
    "矿工",
    "渔民",
    "外卖员",
    "快递员",
    "骑手",
    "路人",
    "行人",
    "男",
    "女",
];

/// Person measure words after which a bare 一 may count (一名警察受伤, 一人死亡).
pub const PERSON_MEASURES: &[&str] = &["名", "位", "人", "具"];

/// Words that make a count of people or things news: casualties, arrests, rescues, cases,
/// prizes, sales. Looked for in the clause around a bare 一.
pub const EVENT_WORDS: &[&str] = &[
    "受伤", "死亡", "身亡", "遇难", "丧生", "罹难", "遇害", "溺亡", "坠亡", "殒命", "牺牲", "殉职",
    "伤亡", "重伤", "轻伤", "受困", "被困", "被捕", "落网", "被抓", "被拘", "刑拘", "抓获", "逮捕",
    "拘留", "击毙", "失联", "失踪", "获救", "被救", "救出", "救起", "确诊", "感染", "中毒", "送医",
    "抢救", "不治", "中奖", "获奖", "夺冠", "当选", "被判", "判处", "逃逸", "落水", "坠楼", "被刺",
    "被砍", "被撞", "死者", "伤者", "售出", "卖出", "成交",
];

/// Goods sold by the dozen: 打 is a measure word before them (一打鸡蛋) or before a clause
/// end, never before a verb (打开, 打造, 打听).
pub const DOZEN_GOODS: &[&str] = &[
    "鸡蛋", "鸭蛋", "啤酒", "铅笔", "袜子", "毛巾", "玫瑰", "鲜花", "口罩", "手套", "蛋", "的",
];

const PHYSICAL: &[&str] = &[
    "吨",
    "公斤",
    "千克",
    "克",
    "毫克",
    "微克",
    "斤",
    "公里",
    "千米",
    "米",
    "厘米",
    "毫米",
    "微米",
    "纳米",
    "英里",
    "海里",
    "英尺",
    "英寸",
    "平方米",
    "平方公里",
    "平方千米",
    "平方厘米",
    "平米",
    "亩",
    "公顷",
    "立方米",
    "立方厘米",
    "升",
    "毫升",
    "千瓦",
    "千瓦时",
    "瓦",
    "兆瓦",
    "兆瓦时",
    "吉瓦",
    "度",
    "摄氏度",
    "华氏度",
    "℃",
    "°C",
    "伏",
    "千伏",
    "马力",
    "重量箱",
    "标准箱",
    "标箱",
    "分贝",
    "帕",
    "千帕",
    "兆帕",
    "百帕",
    "赫兹",
    "兆赫",
    "千卡",
    "卡路里",
    "焦耳",
    "级",
    "公升",
    "加仑",
    "桶",
    "克拉",
    "盎司",
    "光年",
    "毫米汞柱",
    "兆字节",
    "字节",
    "立方",
    "平方",
    "码",
    "节",
    // 六旬老人: age in decades.
    "旬",
];

/// ASCII units: matched case-sensitively and only when no letter follows (5G is a code).
const PHYSICAL_ASCII: &[&str] = &[
    "km", "kg", "mg", "g", "cm", "mm", "nm", "m", "m²", "m³", "km²", "km/h", "L", "ml", "mL", "kW",
    "kWh", "MW", "MWh", "GW", "GWh", "kV", "Hz", "MHz", "GHz", "TB", "GB", "MB", "KB", "TEU", "dB",
    "t",
];

const CLASSIFIER: &[&str] = &[
    "个",
    "家",
    "座",
    "台",
    "张",
    "篇",
    "条",
    "项",
    "类",
    "批",
    "人次",
    "户",
    "名",
    "人",
    "位",
    "所",
    "辆",
    "件",
    "只",
    "头",
    "匹",
    "棵",
    "株",
    "架",
    "艘",
    "列",
    "次",
    "场",
    "届",
    "期",
    "轮",
    "组",
    "支",
    "队",
    "间",
    "套",
    "栋",
    "幢",
    "层",
    "处",
    "份",
    "种",
    "起",
    "宗",
    "例",
    "枚",
    "颗",
    "粒",
    "根",
    "片",
    "本",
    "册",
    "部",
    "首",
    "幅",
    "封",
    "句",
    "字",
    "倍",
    "分",
    "票",
    "口",
    "眼",
    "扇",
    "盏",
    "把",
    "双",
    "对",
    "副",
    "笔",
    "单",
    "岁",
    "周岁",
    "尾",
    "羽",
    "趟",
    "班",
    "课时",
    "学时",
    "学分",
    "款",
    "门",
    "科",
    "页",
    "版",
    "集",
    "章",
    "段",
    "点",
    "号",
    "个月",
    "个小时",
    "小时",
    "分钟",
    "秒钟",
    "秒",
    "天",
    "日",
    "周",
    "周年",
    "星期",
    "年",
    "季度",
    "个季度",
    "代",
    "辈",
    "窝",
    "箱",
    "袋",
    "瓶",
    "盒",
    "包",
    "杯",
    "碗",
    "剂次",
    "剂",
    "户次",
    "车次",
    "架次",
    "艘次",
    "辆次",
    "班次",
    "航次",
    "场次",
    "人天",
    "元次",
    "个点",
    "所学校",
    "栏",
    "面",
    "任",
    "球",
    "轴",
    "串",
    "捆",
    "堆",
    "样",
    "招",
    "员",
    "级次",
];

/// All unit words by first character, longest first, for matching at a position.
pub struct UnitTable {
    by_first: HashMap<char, Vec<(Vec<char>, UnitClass)>>,
}

impl UnitTable {
    fn new() -> UnitTable {
        let mut by_first: HashMap<char, Vec<(Vec<char>, UnitClass)>> = HashMap::new();
        let lists = [
            (CURRENCY, UnitClass::Currency),
            (PHYSICAL, UnitClass::Physical),
            (PHYSICAL_ASCII, UnitClass::Physical),
            (CLASSIFIER, UnitClass::Classifier),
        ];
        for (list, class) in lists {
            for w in list {
                let chars: Vec<char> = w.chars().collect();
                if let Some(&first) = chars.first() {
                    by_first.entry(first).or_default().push((chars, class));
                }
            }
        }
        for v in by_first.values_mut() {
            v.sort_by_key(|w| std::cmp::Reverse(w.0.len()));
        }
        UnitTable { by_first }
    }

    /// The longest unit starting at `i`: (end, class).
    pub fn at(&self, c: &[char], i: usize) -> Option<(usize, UnitClass)> {
        let first = *c.get(i)?;
        let cands = self.by_first.get(&first)?;
        for (w, class) in cands {
            let end = i + w.len();
            if c.get(i..end) == Some(w.as_slice()) {
                if w[0].is_ascii_alphabetic() && c.get(end).is_some_and(|n| n.is_ascii_alphabetic())
                {
                    continue;
                }
                return Some((end, *class));
            }
        }
        None
    }
}

pub static UNITS: LazyLock<UnitTable> = LazyLock::new(UnitTable::new);

/// Measure words that may follow an ordinal and belong to its span (第四位, 第二十四届).
pub const ORDINAL_MEASURES: &[&str] = &[
    "个季度",
    "季度",
    "阶段",
    "梯队",
    "位",
    "名",
    "届",
    "次",
    "个",
    "批",
    "期",
    "轮",
    "季",
    "章",
    "条",
    "款",
    "项",
    "号",
    "天",
    "年",
    "场",
    "代",
    "家",
    "座",
    "部",
    "集",
    "局",
    "站",
    "节",
    "页",
    "版",
    "回",
    "种",
    "类",
    "棒",
    "层",
    "排",
    "组",
    "步",
    "课",
    "周",
    "枪",
    "球",
    "阶",
    "级",
    "只",
    "道",
    "关",
    "圈",
    "份",
    "句",
    "段",
    "篇",
    "单元",
    "人",
];

/// Ordinals that are fixed expressions (front line, at once, third party), not ranks.
pub const ORDINAL_PHRASES: &[&str] = &[
    "第一时间",
    "第一线",
    "第一手",
    "第三方",
    "第一书记",
    "第一责任人",
    "第一要务",
    "第一动力",
    "第一资源",
    "第一生产力",
];

/// Prefix qualifiers, longest first.
pub const PREFIX_QUALIFIERS: &[(&str, Qualifier)] = &[
    ("不超过", Qualifier::AtMost),
    ("不少于", Qualifier::AtLeast),
    ("大约", Qualifier::Approx),
    ("将近", Qualifier::Nearly),
    ("接近", Qualifier::Nearly),
    ("超过", Qualifier::Over),
    ("不到", Qualifier::Under),
    ("不足", Qualifier::Under),
    ("约为", Qualifier::Approx),
    ("约", Qualifier::Approx),
    ("近", Qualifier::Nearly),
    ("逾", Qualifier::Over),
    ("超", Qualifier::Over),
];

/// Suffix qualifiers, longest first.
pub const SUFFIX_QUALIFIERS: &[(&str, Qualifier)] = &[
    ("以上", Qualifier::AtLeast),
    ("以下", Qualifier::AtMost),
    ("以内", Qualifier::AtMost),
    ("左右", Qualifier::Approx),
    ("上下", Qualifier::Approx),
];

/// Characters that make 近/超 part of another word (最近, 附近, 赶超, 高超).
pub const PREFIX_BLOCKERS: &[char] = &[
    '最', '附', '临', '靠', '亲', '邻', '贴', '赶', '高', '追', '反', '远', '走', '就', '将', '接',
];

/// Idioms and set phrases whose numerals state no quantity. A match that starts at or
/// before a number's first character and covers it cancels the number.
pub const IDIOMS: &[&str] = &[
    "一大批",
    "一项项",
    "一股绳",
    "两手抓",
    "两手硬",
    "一体化",
    "十分",
    "万分",
    "一度",
    "一带一路",
    "一国两制",
    "成千上万",
    "成百上千",
    "成十上百",
    "拾级",
    "成千成万",
    "成百成千",
    "千千万万",
    "万万不",
    "千万不",
    "千万别",
    "千万要",
    "三番五次",
    "三天两头",
    "三年五载",
    "三头六臂",
    "五花八门",
    "八面玲珑",
    "四面八方",
    "一波三折",
    "一成不变",
    "两条腿走路",
    "一亩三分地",
    "一年四季",
    "三位一体",
    "五位一体",
    "两把刷子",
    "一五一十",
    "九牛一毛",
    "一举两得",
    "三言两语",
    "十万火急",
    "一分为二",
    "三角形",
    "三角洲",
    "一次性",
    "二维码",
    "三明治",
    "万一",
    "一刀切",
    "一揽子",
    "一站式",
    "一条龙",
    "一盘棋",
    "三分钟热度",
    "八九不离十",
    "三句话不离本行",
    "两面派",
    "一面之词",
    "一臂之力",
    "一字一句",
    "九九归一",
    "一时间",
    "一时半会",
    "十字路口",
    "十字架",
    "二把手",
    "一把手",
    // Place names that read like a count.
    "五台山",
    "三门峡",
    "七台河",
    "三元里",
    "九台区",
];

/// Words before 时/点 that make a number a clock time and belong to its span.
pub const TIME_PREFIXES: &[&str] = &[
    "凌晨", "清晨", "早上", "早晨", "上午", "中午", "下午", "傍晚", "晚上", "晚间", "夜间", "深夜",
    "夜里", "晚", "早",
];

/// Matches `word` at `i`.
pub fn starts_with(c: &[char], i: usize, word: &str) -> bool {
    word.chars()
        .enumerate()
        .all(|(k, w)| c.get(i + k) == Some(&w))
}

/// Matches `word` ending exactly at `end`; returns its start.
pub fn ends_with(c: &[char], end: usize, word: &str) -> Option<usize> {
    let n = word.chars().count();
    let start = end.checked_sub(n)?;
    starts_with(c, start, word).then_some(start)
}

/// The first word of `words` found at `i`, with its end.
pub fn first_at<'w>(c: &[char], i: usize, words: &[&'w str]) -> Option<(&'w str, usize)> {
    // Most positions start none of the words: compare the first code point before the
    // rest (this runs at every digit and numeral of the text). Decoded, not matched as a
    // byte prefix, which goes through memcmp.
    let first = *c.get(i)?;
    words
        .iter()
        .find(|w| w.chars().next().is_some_and(|f| f == first) && starts_with(c, i, w))
        .map(|w| (*w, i + w.chars().count()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_unit_wins() {
        let c: Vec<char> = "平方公里内".chars().collect();
        assert_eq!(UNITS.at(&c, 0), Some((4, UnitClass::Physical)));
        let c: Vec<char> = "人次".chars().collect();
        assert_eq!(UNITS.at(&c, 0), Some((2, UnitClass::Classifier)));
    }

    #[test]
    fn ascii_units_need_a_boundary() {
        let c: Vec<char> = "GB内存".chars().collect();
        assert!(UNITS.at(&c, 0).is_some());
        let c: Vec<char> = "Gbps".chars().collect();
        assert!(UNITS.at(&c, 0).is_none());
        let c: Vec<char> = "G网络".chars().collect();
        assert!(UNITS.at(&c, 0).is_none());
    }
}
