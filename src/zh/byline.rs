//! Bylines, datelines and photo credits: who wrote or photographed an item, in which role,
//! at which code-point span (extraction.md §3–4, tables.md `authors` and entity roles).
//!
//! Everything here works on one line or one field and returns spans into that text, so the
//! articles stage can turn them into `Credit`s without re-searching. Nothing here panics on
//! any input: all indexing goes through `get`.

use std::sync::LazyLock;

use crate::model::Role;
use crate::zh::chars::{chars_eq, is_han};

/// A person named in a byline, dateline or credit. `start..end` are code points of the name
/// as printed (padding space kept); `name` has the padding removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub start: usize,
    pub end: usize,
    pub name: String,
    pub role: Role,
}

/// What a credit-shaped line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreditKind {
    /// An author line: ■本报记者 张三, 记者 张三 通讯员 李四, 本报评论员.
    Byline,
    /// A photo credit: ■张三 摄, 记者 张三 摄影, 图/文 张三.
    Photo,
}

/// A byline or photo-credit line, its marker and wrapping parentheses removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditLine {
    pub kind: CreditKind,
    /// The line as it goes into the `byline` field: no ■ marker, no wrapping parentheses.
    pub text: String,
    /// Spans index `text`.
    pub persons: Vec<Person>,
    /// A commentator byline (本报评论员, 评论员 X, 社论): the item is a commentary.
    pub commentary: bool,
    /// Organisation printed before the job word (湘江日报社 in 湘江日报社融媒体记者).
    pub org: Option<String>,
}

/// A dateline (电头) at the start of a paragraph.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dateline {
    /// Code points of the dateline itself (what goes into the `dateline` field).
    pub len: usize,
    /// Code point where the paragraph text resumes (after a comma or space, if any).
    pub rest: usize,
    /// Persons in its parentheses; spans index the dateline.
    pub persons: Vec<Person>,
    /// The issuing organisation when printed (湘江日报, 新华社); `None` for 本报.
    pub org: Option<String>,
}

/// Markers that papers print before bylines and credits.
pub fn is_marker(c: char) -> bool {
    matches!(
        c,
        '■' | '□' | '●' | '○' | '◆' | '◇' | '▲' | '△' | '★' | '☆' | '▶' | '►' | '◎'
    )
}

/// Job words before names, longest first so that 全媒体记者 wins over 记者.
const PREFIX_ROLES: &[(&str, Role)] = &[
    ("全媒体记者", Role::Reporter),
    ("融媒体记者", Role::Reporter),
    ("新媒体记者", Role::Reporter),
    ("特约评论员", Role::Commentator),
    ("特约通讯员", Role::Correspondent),
    ("首席记者", Role::Reporter),
    ("特派记者", Role::Reporter),
    ("特约记者", Role::Reporter),
    ("见习记者", Role::Reporter),
    ("实习记者", Role::Reporter),
    ("驻站记者", Role::Reporter),
    ("责任编辑", Role::Editor),
    ("评论员", Role::Commentator),
    ("通讯员", Role::Correspondent),
    ("实习生", Role::Intern),
    ("记者", Role::Reporter),
    ("编辑", Role::Editor),
];

/// Words after names that make them photographers.
const POSTFIX_PHOTO: &[&str] = &["摄影报道", "摄影", "摄像", "摄"];

/// Words in a credit line that name no one.
const FILLERS: &[&str] = &[
    "报道",
    "整理",
    "综合",
    "综合报道",
    "采写",
    "等",
    "执笔",
    "供图",
    "制图",
    "发自",
];

/// Words that look like a name after a job word but are not one (记者手记 is a column).
const NOT_NAMES: &[&str] = &[
    "手记", "观察", "调查", "走访", "探访", "来信", "视角", "一线", "报道", "采访", "发现",
];

/// Common single-character surnames: a glued name (本报记者张三) must start with one.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由";

/// Two-character surnames (a glued name may start with one).
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "轩辕", "令狐", "端木", "西门", "南宫",
];

/// `SURNAMES` sorted for binary search: a linear search of the string ran for every
/// candidate name.
static SURNAME_SET: LazyLock<Vec<char>> = LazyLock::new(|| {
    let mut v: Vec<char> = SURNAMES.chars().collect();
    v.sort_unstable();
    v.dedup();
    v
});

fn starts_with_surname(chars: &[char]) -> bool {
    surname_head(chars.first().copied(), chars.get(1).copied())
}

/// Whether a name whose first two code points are `first`, `second` starts with a surname.
fn surname_head(first: Option<char>, second: Option<char>) -> bool {
    match first {
        Some(c) if SURNAME_SET.binary_search(&c).is_ok() => true,
        Some(a) => second.is_some_and(|b| {
            COMPOUND_SURNAMES.iter().any(|w| {
                let mut w = w.chars();
                w.next() == Some(a) && w.next() == Some(b) && w.next().is_none()
            })
        }),
        None => false,
    }
}

fn is_sep(c: char) -> bool {
    matches!(
        c,
        ' ' | '、' | '，' | ',' | '/' | '／' | ';' | '；' | '|' | '｜' | '：' | ':'
    )
}

fn is_name_char(c: char) -> bool {
    is_han(c) || matches!(c, '·' | '•' | '・')
}

/// Whether `s` can be a person's name as printed without padding.
fn plausible_name(chars: &[char]) -> bool {
    let n = chars.len();
    let dotted = chars.iter().any(|c| !is_han(*c));
    if !chars.iter().all(|c| is_name_char(*c)) || NOT_NAMES.iter().any(|w| chars_eq(chars, w)) {
        return false;
    }
    // Organisations (新华社, 市委宣传部) are not people.
    if chars
        .last()
        .is_some_and(|c| "社报网台局委办部院厅所队站处会组".contains(*c))
    {
        return false;
    }
    if dotted {
        (3..=12).contains(&n) && chars.first().is_some_and(|c| is_han(*c))
    } else {
        (2..=4).contains(&n)
    }
}

fn to_s(chars: &[char]) -> String {
    chars.iter().collect()
}

/// Finds the longest prefix job word inside `tok`, earliest first.
fn find_role(tok: &[char]) -> Option<(usize, usize, Role)> {
    // Compared char by char, without allocating: this runs for every token of every short
    // line the block classifier looks at.
    for start in 0..tok.len() {
        let rest = &tok[start..];
        for (word, role) in PREFIX_ROLES {
            // A prefix test that stops at the first differing code point: counting the
            // word's code points first cost more than the comparison.
            let mut at = rest.iter();
            if word.chars().all(|w| at.next() == Some(&w)) {
                let n = rest.len() - at.len();
                return Some((start, start + n, *role));
            }
        }
    }
    None
}

/// The result of reading a run of credit text.
#[derive(Debug, Default)]
struct NameScan {
    persons: Vec<Person>,
    /// A job word (记者, 通讯员, 摄…) was seen.
    saw_role: bool,
    /// Tokens that are neither job words, fillers nor names.
    junk: usize,
    commentator: bool,
    photo: bool,
    org: Option<String>,
}

/// Reads names and job words in `chars[from..to]`; spans are offsets into `chars`.
/// Names without a job word get `default`.
fn scan_names(chars: &[char], from: usize, to: usize, default: Role) -> NameScan {
    let to = to.min(chars.len());
    let mut out = NameScan::default();
    // Tokens: maximal runs of non-separator characters.
    let mut tokens: Vec<(usize, usize)> = Vec::new();
    let mut i = from;
    while i < to {
        if chars.get(i).is_some_and(|c| is_sep(*c)) {
            i += 1;
            continue;
        }
        let s = i;
        while i < to && !chars.get(i).is_some_and(|c| is_sep(*c)) {
            i += 1;
        }
        tokens.push((s, i));
    }
    let mut role = default;
    let mut prev_picture = false;
    // Names since the last job word: a trailing 摄 makes them photographers.
    let mut group: Vec<(usize, usize)> = Vec::new();
    let flush = |group: &mut Vec<(usize, usize)>, role: Role, out: &mut NameScan| {
        for p in merge_padded(chars, group) {
            let span = chars.get(p.0..p.1).unwrap_or_default();
            // Only padded names (王 强) need a copy without the space.
            let plausible = if span.contains(&' ') {
                let unpadded: Vec<char> = span.iter().copied().filter(|c| *c != ' ').collect();
                plausible_name(&unpadded)
            } else {
                plausible_name(span)
            };
            if plausible {
                let name: String = span.iter().filter(|c| **c != ' ').collect();
                out.persons.push(Person {
                    start: p.0,
                    end: p.1,
                    name,
                    role,
                });
            } else {
                out.junk += 1;
            }
        }
        group.clear();
    };
    for (s, e) in tokens {
        let tok = chars.get(s..e).unwrap_or_default();
        // Tokens are compared in place: a String per token was most of this function's cost.
        let is = |w: &str| chars_eq(tok, w);
        let after_picture = prev_picture;
        prev_picture = is("图");
        if POSTFIX_PHOTO.iter().any(|w| is(w)) {
            out.saw_role = true;
            out.photo = true;
            flush(&mut group, Role::Photographer, &mut out);
            continue;
        }
        // 图 and 文 are job words only beside a slash (图/文 张三, 文/李四): alone they may
        // be half of a padded name (文 静).
        let slashed = [s.checked_sub(1), Some(e)]
            .into_iter()
            .flatten()
            .any(|k| matches!(chars.get(k), Some('/' | '／' | '：' | ':')));
        let bare = !slashed && (is("图") || is("文"));
        if !bare && (is("图") || is("图文") || is("文图") || is("摄影")) {
            out.saw_role = true;
            out.photo = true;
            flush(&mut group, role, &mut out);
            role = Role::Photographer;
            continue;
        }
        if !bare && is("文") {
            out.saw_role = true;
            flush(&mut group, role, &mut out);
            // 图/文 credits one person for both: the photo makes it a photo credit.
            if !after_picture {
                role = Role::Reporter;
            }
            continue;
        }
        if is("社论") {
            out.saw_role = true;
            out.commentator = true;
            continue;
        }
        if FILLERS.iter().any(|w| is(w)) {
            continue;
        }
        // A name glued to a trailing 摄: 张三摄.
        if tok.len() >= 3 && tok.last() == Some(&'摄') && plausible_name(&tok[..tok.len() - 1]) {
            flush(&mut group, role, &mut out);
            group.push((s, e - 1));
            out.saw_role = true;
            out.photo = true;
            flush(&mut group, Role::Photographer, &mut out);
            continue;
        }
        if let Some((a, b, r)) = find_role(tok) {
            flush(&mut group, role, &mut out);
            out.saw_role = true;
            role = r;
            if r == Role::Commentator {
                out.commentator = true;
            }
            let prefix = &tok[..a];
            if !prefix.is_empty() {
                if prefix.iter().all(|c| is_han(*c)) && prefix.len() <= 14 {
                    if out.org.is_none() && !chars_eq(prefix, "本报") {
                        out.org = Some(to_s(prefix));
                    }
                } else {
                    out.junk += 1;
                }
            }
            let rest = tok.get(b..).unwrap_or_default();
            if !rest.is_empty() {
                if starts_with_surname(rest) && plausible_name(rest) {
                    group.push((s + b, e));
                } else {
                    out.junk += 1;
                }
            }
            continue;
        }
        group.push((s, e));
    }
    flush(&mut group, role, &mut out);
    out
}

/// Whether every name starts with a common surname (used when no job word vouches for a
/// name list).
fn all_surnamed(persons: &[Person]) -> bool {
    persons.iter().all(|p| {
        let mut c = p.name.chars();
        surname_head(c.next(), c.next()) && p.name.chars().nth(4).is_none()
    })
}

/// Pairs single-character tokens separated by one space into one padded name (王 强).
fn merge_padded(chars: &[char], group: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < group.len() {
        let (s, e) = group[i];
        if e == s + 1 {
            if let Some(&(s2, e2)) = group.get(i + 1) {
                if e2 == s2 + 1 && s2 == e + 1 && chars.get(e) == Some(&' ') {
                    out.push((s, e2));
                    i += 2;
                    continue;
                }
            }
        }
        out.push((s, e));
        i += 1;
    }
    out
}

/// Reads a byline or photo-credit line (the whole block). `None` when the line is not one.
pub fn parse_credit_line(line: &str) -> Option<CreditLine> {
    // Credits are short (40 code points inside markers and brackets); most lines are not.
    if line.trim().chars().nth(64).is_some() {
        return None;
    }
    // At most 64 code points (checked above): a buffer on the stack, not the heap.
    let mut buf = ['\0'; 64];
    let mut n = 0;
    for (slot, c) in buf.iter_mut().zip(line.trim().chars()) {
        *slot = c;
        n += 1;
    }
    let mut chars: &[char] = &buf[..n];
    let mut marked = false;
    while let Some(c) = chars.first() {
        if is_marker(*c) || *c == ' ' {
            marked |= is_marker(*c);
            chars = &chars[1..];
        } else {
            break;
        }
    }
    // A whole line in parentheses: a closing byline (记者 张三 通讯员 李四).
    let mut wrapped = false;
    if let (Some(&o), Some(&c)) = (chars.first(), chars.last()) {
        if chars.len() >= 2 && is_open(o) && is_close(c) {
            chars = &chars[1..chars.len() - 1];
            wrapped = true;
        }
    }
    if chars.is_empty() || chars.len() > 40 {
        return None;
    }
    if chars
        .iter()
        .any(|c| matches!(c, '。' | '！' | '？' | '!' | '?' | '“' | '”' | '(' | '（'))
    {
        return None;
    }
    // Without a marker or parentheses a line needs a job word, and every job word (记者,
    // 通讯员, 编辑, 实习生, 摄, 图, 文, 社论) holds one of these: most headlines stop here.
    if !marked
        && !wrapped
        && !chars
            .iter()
            .any(|c| matches!(c, '记' | '员' | '编' | '生' | '摄' | '图' | '文' | '论'))
    {
        return None;
    }
    let text = chars;
    let scan = scan_names(text, 0, text.len(), Role::Reporter);
    if scan.junk > 0 {
        return None;
    }
    let named = !scan.persons.is_empty() && (scan.saw_role || all_surnamed(&scan.persons));
    // 社论 alone is a label over the headline, not an author line.
    let label_only = scan.persons.is_empty() && !text.contains(&'员');
    let ok = (scan.saw_role && (named || scan.commentator) && !label_only)
        || ((marked || wrapped) && named && text.len() <= 24);
    if !ok {
        return None;
    }
    let kind = if scan.photo {
        CreditKind::Photo
    } else {
        CreditKind::Byline
    };
    Some(CreditLine {
        kind,
        text: to_s(text),
        persons: scan.persons,
        commentary: scan.commentator,
        org: scan.org,
    })
}

fn is_open(c: char) -> bool {
    matches!(c, '(' | '（')
}

fn is_close(c: char) -> bool {
    matches!(c, ')' | '）')
}

/// Index just past the parenthesis group opening at `open`, if it closes within `max`.
fn paren_end(chars: &[char], open: usize, max: usize) -> Option<usize> {
    if !chars.get(open).is_some_and(|c| is_open(*c)) {
        return None;
    }
    (open + 1..chars.len().min(open + max))
        .find(|&i| chars.get(i).is_some_and(|c| is_close(*c)))
        .map(|i| i + 1)
}

/// Names in a parenthesis group `chars[open..close]` when it holds only names and job
/// words; spans index `chars`.
fn paren_names(chars: &[char], open: usize, close: usize) -> Option<Vec<Person>> {
    let scan = scan_names(chars, open + 1, close.saturating_sub(1), Role::Reporter);
    if scan.junk > 0 || scan.persons.is_empty() {
        return None;
    }
    Some(scan.persons)
}

/// An `M月D日` date starting at `i`; returns the index past it.
fn month_day(chars: &[char], i: usize) -> Option<usize> {
    let mut j = i;
    let digits = |j: &mut usize| {
        let s = *j;
        while chars.get(*j).is_some_and(|c| c.is_ascii_digit()) && *j - s < 2 {
            *j += 1;
        }
        *j > s
    };
    if !digits(&mut j) || chars.get(j) != Some(&'月') {
        return None;
    }
    j += 1;
    if !digits(&mut j) || chars.get(j) != Some(&'日') {
        return None;
    }
    Some(j + 1)
}

/// Reads a dateline at the start of `text`: 本报讯, 湘江日报讯(李四), 新华社北京6月11日电
/// (记者 张三), 本报北京3月5日电, 长江网讯, 中国日报3月3日杭州讯, 湖南日报社(通讯员 …
/// 记者 …)2月11日.
pub fn parse_dateline(text: &str) -> Option<Dateline> {
    dateline(text, true)
}

/// Whether `text` opens with a dateline: `parse_dateline(text).is_some()`, without reading
/// the names of an optional parenthesis group (they do not decide whether it is one).
pub fn is_dateline(text: &str) -> bool {
    dateline(text, false).is_some()
}

/// `parse_dateline`; with `want_persons` false an optional group of names is not read, so `len`,
/// `rest` and `persons` may differ, never whether there is a dateline.
fn dateline(text: &str, want_persons: bool) -> Option<Dateline> {
    // Every shape names its issuer (本报, …报, …社, …网, …台) within the first 13 code
    // points: a cheap test that rejects almost every paragraph before any work.
    if !text
        .chars()
        .take(13)
        .any(|c| matches!(c, '报' | '社' | '网' | '台'))
    {
        return None;
    }
    // Only the first 120 code points are read: a buffer on the stack, not the heap.
    let mut buf = ['\0'; 120];
    let mut n = 0;
    for (slot, c) in buf.iter_mut().zip(text.chars()) {
        *slot = c;
        n += 1;
    }
    let chars = &buf[..n];
    let mut i = 0;
    if chars.first() == Some(&'据') {
        i = 1;
    }
    let org_start = i;
    let (org_end, org) = if chars.get(i..i + 2) == Some(&['本', '报'][..]) {
        (i + 2, None)
    } else {
        let k = (i + 2..=i + 12).find(|&k| {
            chars
                .get(i..k)
                .is_some_and(|s| s.iter().all(|c| is_han(*c)))
                && chars
                    .get(k - 1)
                    .is_some_and(|c| matches!(c, '报' | '社' | '网' | '台'))
        })?;
        let mut k = k;
        if chars.get(k - 1) == Some(&'报') && chars.get(k) == Some(&'社') {
            k += 1;
        }
        (k, Some(to_s(&chars[org_start..k])))
    };
    let mut end;
    let mut persons = Vec::new();
    // 报社 form: the parentheses follow the organisation, then an optional date.
    if chars.get(org_end).is_some_and(|c| is_open(*c))
        && org
            .as_deref()
            .is_some_and(|o| o.ends_with('社') || o.ends_with('报'))
    {
        let close = paren_end(chars, org_end, 40)?;
        persons = paren_names(chars, org_end, close)?;
        end = close;
        if let Some(d) = month_day(chars, end) {
            end = d;
            if chars.get(end).is_some_and(|c| matches!(c, '电' | '讯')) {
                end += 1;
            }
        }
    } else {
        // Place and date, then 讯 or 电.
        let mut m = org_end;
        let mut date = false;
        loop {
            let c = *chars.get(m)?;
            if m - org_end > 14 {
                return None;
            }
            if c == '讯' || (c == '电' && (date || m == org_end)) {
                break;
            }
            if c.is_ascii_digit() {
                let d = month_day(chars, m)?;
                date = true;
                m = d;
                continue;
            }
            if !is_han(c) && !matches!(c, '·' | '+') {
                return None;
            }
            m += 1;
        }
        // A bare 电 right after the organisation only for wire services (新华社电) and for
        // 本报电 when no word goes on after it (本报电视台 is not one).
        let benbao_dian = org.is_none() && !chars.get(m + 1).is_some_and(|c| is_han(*c));
        if chars.get(m) == Some(&'电')
            && m == org_end
            && !org.as_deref().is_some_and(|o| o.ends_with('社'))
            && !benbao_dian
        {
            return None;
        }
        end = m + 1;
        let open = if chars.get(end).is_some_and(|c| is_open(*c)) {
            Some(end)
        } else if chars.get(end) == Some(&' ') && chars.get(end + 1).is_some_and(|c| is_open(*c)) {
            Some(end + 1)
        } else {
            None
        };
        if let Some(open) = open.filter(|_| want_persons) {
            if let Some(close) = paren_end(chars, open, 40) {
                if let Some(p) = paren_names(chars, open, close) {
                    persons = p;
                    end = close;
                }
            }
        }
    }
    let mut rest = end;
    while chars
        .get(rest)
        .is_some_and(|c| matches!(c, '，' | ',' | ' ' | '：' | ':'))
    {
        rest += 1;
    }
    Some(Dateline {
        len: end,
        rest,
        persons,
        org,
    })
}

/// A parenthesised name list closing a paragraph: …的关注。(王 强 欧阳明) or （记者 张三 通讯员
/// 李四）. Returns the code point where the group starts and its inner text.
pub fn closing_names(text: &str) -> Option<(usize, String)> {
    if !text.chars().next_back().is_some_and(is_close) {
        return None;
    }
    // The group is at most 40 code points: look at the paragraph's end only, and give the
    // position in code points of the whole text.
    let total = text.chars().count();
    let skip = total.saturating_sub(48);
    let chars: Vec<char> = text.chars().skip(skip).collect();
    let last = chars.len().checked_sub(1)?;
    let open = (0..last).rev().take(40).find(|&i| is_open(chars[i]))?;
    // Only after a finished sentence, so that a parenthesised aside in text stays.
    let before = chars.get(..open)?.iter().rev().find(|c| **c != ' ')?;
    if !crate::zh::chars::is_sentence_end(*before) {
        return None;
    }
    let inner: String = chars.get(open + 1..last)?.iter().collect();
    let inner = inner.trim().to_string();
    let ichars: Vec<char> = inner.chars().collect();
    let scan = scan_names(&ichars, 0, ichars.len(), Role::Reporter);
    if scan.junk > 0 || scan.persons.is_empty() || scan.photo {
        return None;
    }
    // Without a job word only a list of real-looking names counts: (据新华社) stays.
    if !scan.saw_role && !all_surnamed(&scan.persons) {
        return None;
    }
    Some((skip + open, inner))
}

/// A photo credit printed at the end of a caption line: …码头吊装集装箱。(记者 张三 摄) or
/// …作业。 ■张三 摄. Returns the caption (trimmed) and the credit.
pub fn split_trailing_credit(text: &str) -> Option<(String, CreditLine)> {
    let text = text.trim_end();
    let last = text.chars().next_back()?;
    // Most paragraphs end a sentence: nothing (no credit) follows the last sentence end.
    if crate::zh::chars::is_sentence_end(last) {
        return None;
    }
    // A credit is at most 40 code points (see `parse_credit_line`): only the end of the
    // paragraph can hold one, so only the end is looked at (paragraphs can be long).
    let window_start = text
        .char_indices()
        .rev()
        .take(48)
        .last()
        .map_or(0, |(i, _)| i);
    let window = &text[window_start..];
    let start = if is_close(last) {
        let (i, _) = window
            .char_indices()
            .rev()
            .take(40)
            .find(|(_, c)| is_open(*c))?;
        window_start + i
    } else {
        // After the last sentence end.
        let (i, c) = window
            .char_indices()
            .rev()
            .find(|(_, c)| crate::zh::chars::is_sentence_end(*c))?;
        window_start + i + c.len_utf8()
    };
    let credit = parse_credit_line(text.get(start..)?)?;
    let caption = text.get(..start)?.trim_end();
    if credit.kind != CreditKind::Photo || caption.chars().count() < 4 {
        return None;
    }
    Some((caption.to_string(), credit))
}

/// Persons in a byline field text (any shape that `parse_credit_line` accepts, plus free
/// name lists); spans index `text`.
pub fn byline_persons(text: &str) -> Vec<Person> {
    let chars: Vec<char> = text.chars().collect();
    scan_names(&chars, 0, chars.len(), Role::Reporter).persons
}

/// The paper an organisation string names, if it is a newspaper: 湘江日报社 → 湘江日报.
pub fn paper_name(org: &str) -> Option<String> {
    let org = org.strip_prefix('据').unwrap_or(org);
    let base = org.strip_suffix('社').unwrap_or(org);
    let n = base.chars().count();
    if base.ends_with('报') && (3..=10).contains(&n) && base.chars().all(is_han) && base != "本报"
    {
        Some(base.to_string())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(ps: &[Person]) -> Vec<(String, Role)> {
        ps.iter().map(|p| (p.name.clone(), p.role)).collect()
    }

    fn spans(text: &str, ps: &[Person]) -> Vec<String> {
        let c: Vec<char> = text.chars().collect();
        ps.iter()
            .map(|p| c[p.start..p.end].iter().collect())
            .collect()
    }

    #[test]
    fn byline_with_org_and_padded_names() {
        let l = parse_credit_line("■湘江日报社融媒体记者 王 强 欧阳晓明").unwrap();
        assert_eq!(l.kind, CreditKind::Byline);
        assert_eq!(l.text, "湘江日报社融媒体记者 王 强 欧阳晓明");
        assert_eq!(
            names(&l.persons),
            [
                ("王强".into(), Role::Reporter),
                ("欧阳晓明".into(), Role::Reporter)
            ]
        );
        assert_eq!(spans(&l.text, &l.persons), ["王 强", "欧阳晓明"]);
        assert_eq!(l.org.as_deref(), Some("湘江日报社"));
    }

    #[test]
    fn roles_switch_and_photo_postfix() {
        let l = parse_credit_line("记者 张立 通讯员 何小红").unwrap();
        assert_eq!(
            names(&l.persons),
            [
                ("张立".into(), Role::Reporter),
                ("何小红".into(), Role::Correspondent)
            ]
        );
        let l = parse_credit_line("■孙大伟 摄").unwrap();
        assert_eq!(l.kind, CreditKind::Photo);
        assert_eq!(names(&l.persons), [("孙大伟".into(), Role::Photographer)]);
        let l = parse_credit_line("记者 龙 飞 摄影").unwrap();
        assert_eq!(names(&l.persons), [("龙飞".into(), Role::Photographer)]);
        let l = parse_credit_line("图/文 郑华").unwrap();
        assert_eq!(l.kind, CreditKind::Photo);
        assert_eq!(names(&l.persons), [("郑华".into(), Role::Photographer)]);
    }

    #[test]
    fn commentator_and_non_bylines() {
        let l = parse_credit_line("■本报评论员").unwrap();
        assert!(l.commentary && l.persons.is_empty());
        assert!(parse_credit_line("记者手记").is_none());
        assert!(parse_credit_line("记者了解到，这座大桥明年通车。").is_none());
        assert!(parse_credit_line("乡村振兴 产业先行").is_none());
        assert!(parse_credit_line("本报记者张明").is_some());
    }

    #[test]
    fn datelines() {
        let t = "湘江日报讯(刘小兵)近日，该市召开会议。";
        let d = parse_dateline(t).unwrap();
        assert_eq!(
            t.chars().take(d.len).collect::<String>(),
            "湘江日报讯(刘小兵)"
        );
        assert_eq!(t.chars().skip(d.rest).take(2).collect::<String>(), "近日");
        assert_eq!(d.org.as_deref(), Some("湘江日报"));
        let t = "湘江日报社(通讯员 文 静 记者 钱多)3月2日，全市开展行动。";
        let d = parse_dateline(t).unwrap();
        assert_eq!(
            t.chars().take(d.len).collect::<String>(),
            "湘江日报社(通讯员 文 静 记者 钱多)3月2日"
        );
        assert_eq!(spans(t, &d.persons), ["文 静", "钱多"]);
        let t = "新华社北京6月11日电(记者 高峰 林一)工业和信息化部11日发布…";
        let d = parse_dateline(t).unwrap();
        assert_eq!(
            t.chars().take(d.len).collect::<String>(),
            "新华社北京6月11日电(记者 高峰 林一)"
        );
        for (t, want) in [
            ("本报讯 近日，", "本报讯"),
            ("本报北京3月5日电 记者从会上获悉", "本报北京3月5日电"),
            ("长江网讯(记者 何方)昨日", "长江网讯(记者 何方)"),
            ("中国日报3月3日杭州讯 开放发展的", "中国日报3月3日杭州讯"),
            ("据新华社电 国家统计局", "据新华社电"),
            (
                "潇湘日报·新潇湘客户端3月3日讯 记者",
                "潇湘日报·新潇湘客户端3月3日讯",
            ),
        ] {
            let d = parse_dateline(t).unwrap();
            assert_eq!(t.chars().take(d.len).collect::<String>(), want, "{t}");
        }
        for t in [
            "本报记者从市电力公司获悉",
            "国家电网公司今天宣布",
            "近日，全市召开大会。",
            "",
        ] {
            assert!(parse_dateline(t).is_none(), "{t}");
        }
    }

    #[test]
    fn closing_name_list() {
        let t = "引来众多市民围观。(赵 敏 刘新宇)";
        let (at, inner) = closing_names(t).unwrap();
        assert_eq!(at, 9);
        assert_eq!(inner, "赵 敏 刘新宇");
        assert!(closing_names("该项目总投资5亿元(含配套)").is_none());
        assert!(closing_names("会议还部署了下一步工作。(据新华社)").is_none());
        assert!(closing_names("会议还部署了下一步工作。(综合)").is_none());
        assert!(parse_credit_line("■聚焦民生").is_none());
        let l = parse_credit_line("文：孟 夏").unwrap();
        assert_eq!(names(&l.persons), [("孟夏".into(), Role::Reporter)]);
        assert!(parse_credit_line("记者：请介绍一下情况。").is_none());
        assert_eq!(paper_name("湘江日报社").as_deref(), Some("湘江日报"));
        assert_eq!(paper_name("新华社"), None);
        let (cap, c) = split_trailing_credit("渔民在码头卸货。(记者 田园 摄)").unwrap();
        assert_eq!(cap, "渔民在码头卸货。");
        assert_eq!(c.text, "记者 田园 摄");
        let (cap, c) = split_trailing_credit("雪后的山村。 ■高山 摄").unwrap();
        assert_eq!((cap.as_str(), c.text.as_str()), ("雪后的山村。", "高山 摄"));
        assert!(split_trailing_credit("大家齐心协力。(记者 张三)").is_none());
    }
}
