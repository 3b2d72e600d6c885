//! The code points the scanner reads, made from a field: traditional characters folded to
//! simplified ones (萬 → 万, 個 → 个, 點 → 点), full-width digits to ASCII, and spaces that
//! OCR or typesetting put inside a number dropped (二十 億, 六 个 百 分点). Every view code
//! point remembers where it stands in the field, so rows still cut their surface (spaces
//! and traditional characters as printed) and offsets from the field itself.

use super::numeral;

/// A field as the scanner sees it.
pub(super) struct View {
    /// Folded code points, spaces inside numbers dropped.
    pub chars: Vec<char>,
    /// Byte offset in the field where each view code point starts, and the field's length.
    offs: Vec<usize>,
    /// Code-point index in the field of each view code point; `None` while the view is the
    /// field code point for code point (no space dropped), the common case.
    cps: Option<Vec<usize>>,
}

impl View {
    pub(super) fn new(text: &str) -> View {
        // Sized once: collecting would grow both from a quarter of the byte length.
        let n = text.chars().count();
        let mut chars = Vec::with_capacity(n);
        let mut offs = Vec::with_capacity(n + 1);
        let mut cps: Option<Vec<usize>> = None;
        // Spaces seen since the last other code point: (code-point index, byte offset, char).
        let mut pending: Vec<(usize, usize, char)> = Vec::new();
        for (cp, (at, ch)) in text.char_indices().enumerate() {
            if is_space(ch) && !chars.is_empty() {
                pending.push((cp, at, ch));
                continue;
            }
            let ch = fold(ch);
            if !pending.is_empty() {
                let prev = chars.last().copied().unwrap_or(' ');
                if joins(prev, ch) {
                    // The spaces go: the view from here on is no longer the field.
                    let map = cps.get_or_insert_with(|| (0..chars.len()).collect());
                    map.truncate(chars.len());
                } else {
                    for &(pcp, pat, pch) in &pending {
                        chars.push(pch);
                        offs.push(pat);
                        if let Some(map) = cps.as_mut() {
                            map.push(pcp);
                        }
                    }
                }
                pending.clear();
            }
            chars.push(ch);
            offs.push(at);
            if let Some(map) = cps.as_mut() {
                map.push(cp);
            }
        }
        for (pcp, pat, pch) in pending {
            chars.push(pch);
            offs.push(pat);
            if let Some(map) = cps.as_mut() {
                map.push(pcp);
            }
        }
        offs.push(text.len());
        View { chars, offs, cps }
    }

    /// The field's code-point range of the view range `s..e` (`s < e`).
    pub(super) fn field_range(&self, s: usize, e: usize) -> (usize, usize) {
        match &self.cps {
            None => (s, e),
            Some(map) => (map[s], map[e - 1] + 1),
        }
    }

    /// The field's text under the view range `s..e` (`s < e`), as printed.
    pub(super) fn slice<'t>(&self, text: &'t str, s: usize, e: usize) -> &'t str {
        let end = match &self.cps {
            None => self.offs[e],
            Some(_) => {
                let last = self.offs[e - 1];
                last + text[last..].chars().next().map_or(0, char::len_utf8)
            }
        };
        &text[self.offs[s]..end]
    }
}

const fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{3000}' | '\u{a0}')
}

/// A Chinese numeral character or a word of the number grammar that joins across spaces.
const fn numeral_like(c: char) -> bool {
    numeral::is_cn_numeral(c) || matches!(c, '点' | '几' | '数')
}

/// Whether spaces between `a` and `b` sit inside a number: a Chinese numeral on one side
/// and a numeral or Han character on the other (二十 億, 六 个, 个 百 分点), or an Arabic
/// number before a Han character (3 个, 2023 年). Two Arabic numbers stay apart (12 34),
/// and so does a word before an Arabic number (个 12: cells of a table).
fn joins(a: char, b: char) -> bool {
    let han = crate::zh::chars::is_han;
    (numeral_like(a) && (han(b) || b.is_ascii_digit()))
        || (numeral_like(b) && (han(a) || a.is_ascii_digit()))
        || (a.is_ascii_digit() && han(b))
}

/// One bit per code point from U+4E00 to U+FFFF: whether `fold_slow` changes it. Running
/// text is nearly all CJK, and the `match` below is a chain of unpredictable branches; one
/// load from this 6 KiB table passes the code points that stay as they are.
static FOLDS: [u64; 712] = {
    let mut t = [0u64; 712];
    let mut u = 0x4e00u32;
    while u < 0x10000 {
        if let Some(c) = char::from_u32(u) {
            if fold_slow(c) as u32 != u {
                let k = u - 0x4e00;
                t[(k >> 6) as usize] |= 1 << (k & 63);
            }
        }
        u += 1;
    }
    t
};

/// Traditional → simplified for the characters of numerals, units, measure words and
/// qualifier words (Hong Kong, Taiwan and pre-1956 papers), and full-width digits.
pub(super) fn fold(c: char) -> char {
    let u = c as u32;
    if u < 0x4e00 {
        return c;
    }
    let k = (u - 0x4e00) as usize;
    match FOLDS.get(k >> 6) {
        Some(&w) if w >> (k & 63) & 1 != 0 => fold_slow(c),
        _ => c,
    }
}

const fn fold_slow(c: char) -> char {
    match c {
        '０'..='９' => match char::from_u32(c as u32 - '０' as u32 + '0' as u32) {
            Some(d) => d,
            None => c,
        },
        '萬' => '万',
        '億' => '亿',
        '兩' => '两',
        '點' => '点',
        '幾' => '几',
        '數' => '数',
        '貳' => '贰',
        '叄' => '叁',
        '陸' => '陆',
        '餘' => '余',
        '來' => '来',
        '個' => '个',
        '對' => '对',
        '雙' => '双',
        '隻' => '只',
        '臺' => '台',
        '張' => '张',
        '條' => '条',
        '項' => '项',
        '類' => '类',
        '戶' => '户',
        '輛' => '辆',
        '頭' => '头',
        '場' => '场',
        '屆' => '届',
        '輪' => '轮',
        '組' => '组',
        '隊' => '队',
        '間' => '间',
        '棟' => '栋',
        '層' => '层',
        '處' => '处',
        '種' => '种',
        '顆' => '颗',
        '冊' => '册',
        '歲' => '岁',
        '週' => '周',
        '門' => '门',
        '頁' => '页',
        '鐘' => '钟',
        '時' => '时',
        '號' => '号',
        '噸' => '吨',
        '釐' => '厘',
        '畝' => '亩',
        '頃' => '顷',
        '鎊' => '镑',
        '圓' => '圆',
        '幣' => '币',
        '歐' => '欧',
        '韓' => '韩',
        '盧' => '卢',
        '銖' => '铢',
        '塊' => '块',
        '錢' => '钱',
        '約' => '约',
        '過' => '过',
        '將' => '将',
        '負' => '负',
        '後' => '后',
        '裡' => '里',
        '臘' => '腊',
        '閏' => '闰',
        '農' => '农',
        '曆' => '历',
        '倆' => '俩',
        // Words of the event and person lists (counts.rs).
        '傷' => '伤',
        '難' => '难',
        '獲' => '获',
        '醫' => '医',
        '車' => '车',
        '禍' => '祸',
        '確' => '确',
        '診' => '诊',
        '喪' => '丧',
        '職' => '职',
        '輕' => '轻',
        '網' => '网',
        '擊' => '击',
        '斃' => '毙',
        '聯' => '联',
        '蹤' => '踪',
        '搶' => '抢',
        '獎' => '奖',
        '奪' => '夺',
        '當' => '当',
        '選' => '选',
        '墜' => '坠',
        '樓' => '楼',
        '賣' => '卖',
        '學' => '学',
        '師' => '师',
        '護' => '护',
        '機' => '机',
        '遊' => '游',
        '婦' => '妇',
        '兒' => '儿',
        '嬰' => '婴',
        '貨' => '货',
        '內' => '内',
        '亞' => '亚',
        '犧' => '牺',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view(s: &str) -> String {
        View::new(s).chars.into_iter().collect()
    }

    #[test]
    fn fold_table_matches_the_match() {
        for u in 0..0x11000u32 {
            if let Some(c) = char::from_u32(u) {
                let want = if u < 0x4e00 { c } else { fold_slow(c) };
                assert_eq!(fold(c), want, "{u:#x}");
            }
        }
    }

    #[test]
    fn folds_and_joins() {
        assert_eq!(view("二十 億元"), "二十亿元");
        assert_eq!(view("六 个 百 分点"), "六个百分点");
        assert_eq!(view("共 3 个"), "共 3个");
        assert_eq!(view("12 34"), "12 34");
        assert_eq!(view("北京 上海"), "北京 上海");
        assert_eq!(view(" 三 "), " 三 ");
        assert_eq!(view("１２個"), "12个");
    }

    #[test]
    fn ranges_map_back_to_the_field() {
        let text = "约 八千 三百 萬元，";
        let v = View::new(text);
        let s = v.chars.iter().position(|&c| c == '八').unwrap();
        let e = v.chars.iter().position(|&c| c == '，').unwrap();
        assert_eq!(v.slice(text, s, e), "八千 三百 萬元");
        assert_eq!(v.field_range(s, e), (2, 10));
    }
}
