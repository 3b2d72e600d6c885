//! The `currency` column: the ISO 4217 code of a MONEY row, from the currency named in its
//! span (人民币20万元, 5000元新台币) or its unit (美元, 港币, ¥).
//!
//! A plain 元 / 块 is the renminbi on a mainland page. In an article printed in traditional
//! script (a Hong Kong, Macau or Taiwan paper, or an overseas Chinese one) a plain 元 is
//! that place's own dollar, which the text does not say: null. Names shared by several
//! currencies (法郎, 卢比, 比索, 里拉, 克朗, 第纳尔) and 分/角 without a 元 are null too: a
//! wrong code is worse than none. Names are matched on the span with traditional characters
//! folded (新台幣 → 新台币).

/// Currency words, longest first where one contains another (新台币 before 台币 and 元).
const NAMES: &[(&str, &str)] = &[
    ("新加坡元", "SGD"),
    ("新西兰元", "NZD"),
    ("澳门元", "MOP"),
    ("澳门币", "MOP"),
    ("人民币", "CNY"),
    ("新台币", "TWD"),
    ("林吉特", "MYR"),
    ("越南盾", "VND"),
    ("雷亚尔", "BRL"),
    ("瑞士法郎", "CHF"),
    ("加拿大元", "CAD"),
    ("澳大利亚元", "AUD"),
    ("台币", "TWD"),
    ("美元", "USD"),
    ("美金", "USD"),
    ("港元", "HKD"),
    ("港币", "HKD"),
    ("欧元", "EUR"),
    ("日元", "JPY"),
    ("英镑", "GBP"),
    ("韩元", "KRW"),
    ("卢布", "RUB"),
    ("澳元", "AUD"),
    ("加元", "CAD"),
    ("瑞郎", "CHF"),
    ("泰铢", "THB"),
    ("纽元", "NZD"),
    ("新元", "SGD"),
    ("兰特", "ZAR"),
    ("块钱", "CNY"),
];

/// The code of a MONEY row whose unit is `unit` and whose span reads `surface` (traditional
/// characters folded); `traditional` when the article is printed in traditional script.
pub fn iso4217(unit: Option<&str>, surface: &str, traditional: bool) -> Option<&'static str> {
    // A currency printed in the span names it even when the unit is 元 (5000元新台币).
    if let Some((_, code)) = NAMES.iter().find(|(w, _)| surface.contains(w)) {
        return Some(code);
    }
    match unit? {
        "元" | "块" | "圆" if traditional => None,
        "元" | "块" | "圆" | "¥" | "￥" => Some("CNY"),
        "$" => Some("USD"),
        "€" => Some("EUR"),
        "£" => Some("GBP"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes() {
        let cases = [
            (Some("元"), "2480亿元", Some("CNY")),
            (Some("元"), "人民币20万元", Some("CNY")),
            (Some("元"), "5000元新台币", Some("TWD")),
            (Some("美元"), "1600亿美元", Some("USD")),
            (Some("港币"), "3亿港币", Some("HKD")),
            (Some("港元"), "45亿港元", Some("HKD")),
            (Some("欧元"), "12亿欧元", Some("EUR")),
            (Some("日元"), "100亿日元", Some("JPY")),
            (Some("英镑"), "8000万英镑", Some("GBP")),
            (Some("韩元"), "5万韩元", Some("KRW")),
            (Some("卢布"), "30亿卢布", Some("RUB")),
            (Some("澳元"), "6亿澳元", Some("AUD")),
            (Some("块"), "50块", Some("CNY")),
            (Some("$"), "$5", Some("USD")),
            (Some("¥"), "¥5", Some("CNY")),
            (Some("法郎"), "5法郎", None),
            (Some("卢比"), "5卢比", None),
            (None, "5", None),
        ];
        for (unit, surface, code) in cases {
            assert_eq!(iso4217(unit, surface, false), code, "{surface}");
        }
    }

    #[test]
    fn a_plain_yuan_in_traditional_script_is_not_named() {
        assert_eq!(iso4217(Some("元"), "2480萬元", true), None);
        assert_eq!(iso4217(Some("元"), "5000元新台币", true), Some("TWD"));
        assert_eq!(iso4217(Some("港元"), "3億港元", true), Some("HKD"));
        assert_eq!(iso4217(Some("¥"), "¥5", true), Some("CNY"));
    }
}
