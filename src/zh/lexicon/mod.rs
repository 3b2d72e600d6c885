//! Embedded word lists for entity recognition: surnames, job titles, name heads (organisation,
//! facility, natural-place suffixes), stop words, and the administrative-division gazetteer
//! shipped in `data/` (see `data/README.md`). The lookup structures (char sets, word sets,
//! the char trie) are in `sets.rs`.
//!
//! The lists describe how Chinese news is written (a name ends with a head such as 公司 or
//! 大道; a person's name follows a job title or precedes a speech verb); they name no entity
//! of any particular page.

mod sets;

pub use sets::{CharSet, Fx, FxMap, FxSet, Trie, WordSet};

/// Provinces, prefectures and counties of China: `full<TAB>short<TAB>level` (jionlp, Apache-2.0).
pub const ADMIN_DIVISIONS: &str = include_str!("../../../data/admin_divisions.tsv");

/// Countries (short and official names), capitals and major world cities (jionlp, Apache-2.0).
pub const WORLD_PLACES: &str = include_str!("../../../data/world_places.tsv");

/// Single-character surnames, the few hundred that cover nearly all Han names.
pub const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植富尧闭由";

/// Two-character surnames.
pub const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "令狐", "夏侯", "端木", "西门", "南宫", "独孤", "轩辕", "呼延",
];

/// Job titles printed right before a person's name (市委书记秦某). Longest first is not
/// needed: matching tries every entry.
pub const TITLES: &[&str] = &[
    "书记",
    "副书记",
    "市长",
    "副市长",
    "省长",
    "副省长",
    "县长",
    "副县长",
    "区长",
    "副区长",
    "镇长",
    "乡长",
    "村长",
    "主任",
    "副主任",
    "主席",
    "副主席",
    "总理",
    "副总理",
    "部长",
    "副部长",
    "局长",
    "副局长",
    "厅长",
    "副厅长",
    "处长",
    "科长",
    "所长",
    "司长",
    "总经理",
    "经理",
    "董事长",
    "董事",
    "总裁",
    "院长",
    "副院长",
    "校长",
    "副校长",
    "教授",
    "副教授",
    "研究员",
    "院士",
    "博士",
    "记者",
    "通讯员",
    "总统",
    "副总统",
    "首相",
    "外长",
    "外交部长",
    "国务卿",
    "发言人",
    "大使",
    "法官",
    "检察官",
    "审判长",
    "律师",
    "队长",
    "教练",
    "主教练",
    "球员",
    "选手",
    "运动员",
    "导演",
    "演员",
    "作家",
    "诗人",
    "画家",
    "主持人",
    "总编辑",
    "社长",
    "会长",
    "理事长",
    "秘书长",
    "委员",
    "常委",
    "主委",
    "行长",
    "总监",
    "厂长",
    "站长",
    "馆长",
    "团长",
    "军长",
    "司令员",
    "政委",
    "警官",
    "民警",
    "医生",
    "护士",
    "主任医师",
    "老师",
    "教师",
    "工程师",
    "总工程师",
    "负责人",
    "创始人",
    "首席执行官",
    "州长",
    "议长",
    "总书记",
    "国家主席",
    "支书",
    "网格员",
    "志愿者",
    "村民",
    "市民",
    "居民",
    "农民",
    "工人",
    "技术员",
    "党支部书记",
    "代表",
    "省委书记",
    "市委书记",
    "县委书记",
    "区委书记",
];

/// Words that may stand before a job title and belong to it (市委 + 书记, 常务 + 副市长).
pub const TITLE_PREFIXES: &[&str] = &[
    "市委",
    "省委",
    "县委",
    "区委",
    "州委",
    "镇党委",
    "党委",
    "党组",
    "市政府",
    "省政府",
    "县政府",
    "区政府",
    "市人大常委会",
    "市政协",
    // 全国人大代表, 省政协委员: the body is part of the title.
    "全国人大",
    "人大",
    "政协",
    "常务",
    "执行",
    "党支部",
    "村",
    "镇",
    "乡",
    "市",
    "省",
    "县",
    "区",
    "中央",
    "国务院",
    "全国人大常委会",
    "全国政协",
    "中共中央",
    "外交部",
    "国防部",
    "商务部",
    "新闻",
    "首席",
    "高级",
    "副",
    "总",
    "驻华",
];

/// Verbs of saying that follow a person's name (王某表示).
pub const SPEECH_VERBS: &[&str] = &[
    "说",
    "表示",
    "指出",
    "介绍",
    "强调",
    "认为",
    "告诉",
    "透露",
    "坦言",
    "称",
    "回忆",
    "宣布",
    "笑着说",
    "同志",
    "先生",
    "女士",
    "主持",
    "出席",
    "会见",
    "会见了",
    "致辞",
    "讲话",
    "一行",
    "率队",
    "带队",
    "调研",
    "批示",
];

/// Organisation heads: a name ending with one of these is an organisation.
pub const ORG_HEADS: &[&str] = &[
    "有限责任公司",
    "股份有限公司",
    "有限公司",
    "公司",
    "集团",
    "银行",
    "研究所",
    "研究院",
    "研究会",
    "研究中心",
    "协会",
    "学会",
    "商会",
    "联合会",
    "基金会",
    "促进会",
    "出版社",
    "报社",
    "日报社",
    "日报",
    "晚报",
    "早报",
    "时报",
    "商报",
    "杂志社",
    "通讯社",
    "电视台",
    "广播电台",
    "电台",
    "委员会",
    "管委会",
    "人民政府",
    "政府",
    "人大常委会",
    "政协",
    "法院",
    "人民法院",
    "检察院",
    "人民检察院",
    "公安局",
    "派出所",
    "大学",
    "学院",
    "中学",
    "小学",
    "幼儿园",
    "学校",
    "医院",
    "卫生院",
    "俱乐部",
    "合作社",
    "事务所",
    "工作室",
    "酒业",
    "实业",
    "置业",
    "矿业",
    "药业",
    "乳业",
    "股份",
    "控股",
    "证券",
    "保险",
    "传媒",
    "盐化",
    "石化",
    "电网",
    "总局",
    "总署",
    "党委",
    "支部",
    "党支部",
    "办公室",
    "办公厅",
    "联盟",
    "组委会",
    "代表团",
    "球队",
    "国家队",
    "分局",
    "分行",
    "支行",
    "分公司",
    "分院",
    "分会",
    "组织",
    "议院",
    "博物院",
    "博物馆",
    "图书馆",
    "美术馆",
    "纪念馆",
    "科技馆",
    "总台",
    "部",
    "局",
    "厅",
    "委",
    "署",
    "党",
];

/// Common words that end with a one-char organisation head but name no body (干部, 西部).
pub const NOT_ORG_ENDS: &[&str] = &[
    "干部",
    "内部",
    "外部",
    "全部",
    "局部",
    "东部",
    "西部",
    "南部",
    "北部",
    "中部",
    "大部",
    "腹部",
    "头部",
    "底部",
    "顶部",
    "一部",
    "格局",
    "布局",
    "大局",
    "结局",
    "开局",
    "政局",
    "时局",
    "全局",
    "骨干部",
    "委托",
    "主委",
];

/// Words before an organisation head that make the name proper (全国政协, 国家统计局).
pub const ORG_PREFIXES: &[&str] = &[
    "全国", "中国", "中华", "国家", "中央", "中共", "国际", "世界", "亚洲", "欧洲", "联合",
];

/// Words that make a 中心 a body rather than a building (疾病预防控制中心).
pub const BODY_WORDS: &[&str] = &[
    "研究", "管理", "控制", "服务", "监测", "指挥", "交易", "培训", "检测", "发展", "保障", "运动",
    "信息", "预防", "救助", "调度", "监督", "评估", "鉴定", "认证", "调解", "咨询", "应急",
];

/// Last chars of organisation words the dictionary tags nt (新华社, 国务院); other nt
/// words (老红军) are not taken.
pub const ORG_TAIL_CHARS: &str = "社党部局院所会厅委署行台团队军办处司校馆厂店盟组";

/// Facility heads: buildings, roads, parks, industrial parks, project sites.
pub const FAC_HEADS: &[&str] = &[
    "桥",
    "大桥",
    "隧道",
    "高速",
    "高速公路",
    "铁路",
    "高铁",
    "机场",
    "国际机场",
    "港",
    "码头",
    "火车站",
    "高铁站",
    "车站",
    "站",
    "产业园",
    "工业园",
    "科技园",
    "物流园",
    "园区",
    "产业基地",
    "基地",
    "数据中心",
    "中心",
    "广场",
    "大厦",
    "大楼",
    "大剧院",
    "剧院",
    "影院",
    "体育馆",
    "体育场",
    "体育中心",
    "展览馆",
    "会展中心",
    "场馆",
    "馆",
    "公园",
    "景区",
    "殿",
    "大殿",
    "庙",
    "大庙",
    "寺",
    "宫",
    "塔",
    "楼",
    "陵",
    "故居",
    "遗址",
    "水库",
    "电站",
    "水电站",
    "电厂",
    "新城",
    "小区",
    "花园",
    "商城",
    "市场",
    "口岸",
    "枢纽",
    "港区",
    "物流港",
    "大坝",
    "堤",
    "驿站",
    "动物园",
    "植物园",
];

/// Endings that make a place the tagger found a facility, beyond [`FAC_HEADS`]: halls,
/// grottoes, lines and extensions of roads or railways (人民大会堂, 莫高窟, 解放大道东延线,
/// 地铁3号线). Used to type the tagger's places only, never to grow a name: alone they are
/// too common (一线, 课堂).
pub const FAC_TYPE_ENDS: &[&str] = &[
    "堂",
    "大会堂",
    "窟",
    "石窟",
    "线",
    "号线",
    "延线",
    "巷",
    "国道",
    "省道",
];

/// Words before a quoted storm name (台风“某某”): the name is a TERM, never a person.
pub const STORM_WORDS: &[&str] = &["台风", "超强台风", "强台风", "飓风", "热带风暴", "气旋"];

/// Natural-place heads: mountains, lakes, rivers, seas, islands.
pub const LOC_HEADS: &[&str] = &[
    "山", "山脉", "岭", "峰", "湖", "江", "河", "海", "湾", "岛", "群岛", "半岛", "峡", "峡谷",
    "溪", "泉", "洞", "沙漠", "草原", "平原", "盆地", "高原", "流域", "湿地", "瀑布", "海峡",
];

/// Administrative suffixes that make a name a GPE (outside the gazetteer: towns, villages).
pub const GPE_HEADS: &[&str] = &[
    "省",
    "市",
    "县",
    "区",
    "镇",
    "乡",
    "村",
    "自治州",
    "自治县",
    "自治区",
    "州",
    "街道",
    "社区",
];

/// One-character province abbreviations, for regions such as 苏北 or 粤西 (LOC).
pub const PROVINCE_ABBR: &str =
    "京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤桂琼川蜀黔贵滇云陕秦甘陇青宁新藏蒙港澳台";

/// One-char places that are regions or rivers, not countries or provinces (欧美, 亚运会,
/// 江淮, 黄淮): LOC; any other one-char place the tagger finds (中美, 访日, 川藏) is GPE.
pub const ONE_CHAR_REGIONS: &str = "欧亚非拉江淮黄河";

/// Regions that are not administrative divisions (LOC).
pub const REGIONS: &[&str] = &[
    "华北",
    "华东",
    "华南",
    "华中",
    "西南",
    "西北",
    "东北",
    "中原",
    "江南",
    "岭南",
    "塞北",
    "长三角",
    "珠三角",
    "京津冀",
    "粤港澳大湾区",
    "大湾区",
    "中东",
    "东南亚",
    "南亚",
    "中亚",
    "西亚",
    "北非",
    "东欧",
    "西欧",
    "北欧",
    "南欧",
    "拉美",
    "亚太",
    "东亚",
    "南极",
    "北极",
];

/// Words that never belong to a name and stop the leftward growth of one.
pub const STOP_WORDS: &[&str] = &[
    "在",
    "的",
    "和",
    "与",
    "及",
    "以及",
    "或",
    "等",
    "了",
    "是",
    "为",
    "对",
    "将",
    "由",
    "从",
    "向",
    "把",
    "被",
    "让",
    "使",
    "于",
    "位于",
    "全市",
    "我市",
    "本市",
    "全省",
    "我省",
    "全县",
    "全区",
    "该",
    "这",
    "那",
    "其",
    "各",
    "每",
    "一批",
    "以",
    "到",
    "至",
    "来自",
    "前往",
    "赴",
    "春节",
    "假期",
    "春节假期",
    "期间",
    "今年",
    "去年",
    "明年",
    "目前",
    "近日",
    "当天",
    "日前",
    "新年",
    "首周",
    "我国",
    "本报",
    "据",
    "经",
    "同",
    "跟",
    "也",
    "还",
    "都",
    "就",
    "又",
    "再",
    "已",
    "曾",
    "正",
    "要",
    "会",
    "能",
    "可",
    "新",
    "多",
    "个",
    "家",
    "座",
    "项",
    "条",
    "名",
    "位",
    "省内",
    "市内",
    "国内",
    "境内",
    "附近",
    "周边",
    "一带",
    "地区",
    "区域",
    "沿线",
    "境外",
    "海外",
];

/// Verbs that often precede a name in news prose (实施 X 项目, 位于 X 路) and stop its growth.
pub const STOP_VERBS: &[&str] = &[
    "实施", "引进", "加快", "推进", "抓紧", "打造", "开工", "建成", "启动", "参观", "走进", "来到",
    "考察", "调研", "召开", "举行", "举办", "发布", "公布", "成立", "签约", "落户", "入驻", "投资",
    "完成", "包括", "包含", "进入", "访问", "出席", "参加", "获得", "荣获", "联合", "组织", "主办",
    "承办", "协办", "支持", "依托", "围绕", "建设", "新建", "扩建", "改造", "开设", "设立", "组建",
    "筹建", "竣工", "运营", "开通", "通车", "获批", "批准", "印发", "出台", "颁布", "通过", "任命",
    "担任", "当选", "就读", "毕业", "工作", "服务", "帮助", "邀请", "受邀", "会同", "携手", "牵头",
    "起诉", "判处", "审理", "宣判", "接待", "迎来", "游览", "登上", "抵达", "离开", "穿过", "经过",
    "沿着", "驶入", "驶向", "位列", "成为", "属于", "隶属", "报道", "采访", "称赞", "表彰", "授予",
];

/// Whether `c` starts a single-character surname.
pub fn is_surname(c: char) -> bool {
    static SET: std::sync::OnceLock<CharSet> = std::sync::OnceLock::new();
    SET.get_or_init(|| CharSet::new(SURNAMES.chars()))
        .contains(c)
}

/// A bitmap of the chars of `s`, built once per call site.
#[macro_export]
#[doc(hidden)]
macro_rules! char_set {
    ($s:expr) => {{
        static SET: std::sync::OnceLock<$crate::zh::lexicon::CharSet> = std::sync::OnceLock::new();
        SET.get_or_init(|| $crate::zh::lexicon::CharSet::new($s.chars()))
    }};
}

/// Length of the surname at `chars[i..]`: 2 for a compound surname, 1 for a single one.
#[inline]
pub fn surname_len(chars: &[char], i: usize) -> Option<usize> {
    if i + 1 < chars.len()
        && crate::char_set!("欧司上诸东皇尉公慕长宇令夏端西南独轩呼").contains(chars[i])
    {
        // Common chars (上, 东, 长) pass the first test: compare decoded pairs, not strings.
        static PAIRS: std::sync::OnceLock<Vec<(char, char)>> = std::sync::OnceLock::new();
        let pairs = PAIRS.get_or_init(|| {
            COMPOUND_SURNAMES
                .iter()
                .filter_map(|s| {
                    let mut cs = s.chars();
                    Some((cs.next()?, cs.next()?))
                })
                .collect()
        });
        if pairs.contains(&(chars[i], chars[i + 1])) {
            return Some(2);
        }
    }
    match chars.get(i) {
        Some(&c) if is_surname(c) => Some(1),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trie_longest() {
        let mut t = Trie::new();
        t.insert("中国", 1);
        t.insert("中国银行", 2);
        let chars: Vec<char> = "在中国银行".chars().collect();
        assert_eq!(t.longest_at(&chars, 1), Some((4, 2)));
        assert_eq!(t.longest_at(&chars, 0), None);
    }

    #[test]
    fn wordset_suffix() {
        let w = WordSet::new(&["公司", "有限公司"]);
        let chars: Vec<char> = "某某有限公司".chars().collect();
        assert_eq!(
            w.suffixes(&chars, chars.len()).collect::<Vec<_>>(),
            vec![4, 2]
        );
        assert_eq!(w.longest_prefix(&chars, 2), Some(4));
        assert_eq!(surname_len(&['欧', '阳', '修'], 0), Some(2));
    }
}
