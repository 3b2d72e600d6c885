//! Property tests (issue 7). Generated pages — headlines, kickers, bylines, bodies with
//! numbers, quotes and titles, furniture, and layout damage: split paragraphs, repeated
//! fragments, blank-line runs, full-width digits and odd spaces — in every supported
//! encoding. In process: `convert_bytes` never panics on them or on any bytes, keeps every
//! character of a page without repeats, and every number/entity span indexes its field.
//! Through the binary: `--jobs 1, 2, 8` and shuffled input order give byte-identical CSV and
//! JSON Lines, and every `numbers`/`entities` row satisfies `field[start..end] == surface`.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::sync::OnceLock;

use baozhi::inputs::{InputFile, Origin};
use baozhi::model::{Encoding, IssueRecord};
use baozhi::pipeline::{convert_bytes, Engine, Options};
use baozhi::stages::entities::EntityExtractor;
use proptest::prelude::*;
use serde_json::Value;

use crate::contract::{self, content_chars, slice};
use crate::util::*;

const PLACES: &[&str] = &["衡阳", "南岳区", "长沙", "湘江新区", "衡东县", "雁峰区"];
const NAMES: &[&str] = &["李华", "王明", "周 健", "张丽", "欧阳晓", "曹　莉"];
const TERMS: &[&str] = &[
    "三强一化",
    "中心化",
    "五制一平台",
    "放管服",
    "百年奋斗路·百城访初心",
];
const TITLES: &[&str] = &[
    "《衡阳市重大项目建设实施细则(试行)》",
    "《红色百城百年奋斗纪实》",
    "《中华人民共和国安全生产法》",
];
const HEADLINES: &[&str] = &[
    "点燃项目“主引擎” 挺起发展“硬脊梁”",
    "乡村振兴绘就新画卷",
    "衡山脚下 春耕正忙",
    "营商环境持续优化",
    "两会特别报道",
];
const FURNITURE: &[&str] = &[
    "扫码看更多精彩内容",
    "掌上衡阳 衡阳日报 衡阳晚报",
    "值班编委 凌波",
    "责任编辑 刘强",
    "第3版",
];

fn pick<'a>(pool: &[&'a str], n: u32) -> &'a str {
    pool[n as usize % pool.len()]
}

/// One sentence of body text, with numbers, dates, quotes and titles.
fn sentence(n: u32) -> String {
    let (a, b, c) = (n % 997, (n / 7) % 100, (n / 13) % 12 + 1);
    match n % 9 {
        0 => format!(
            "{}完成投资{a}.{b}亿元，同比增长{}%。",
            pick(PLACES, n),
            b % 30
        ),
        1 => format!(
            "截至{c}月{}日，全市共有在建项目{a}个，其中新开工{b}个。",
            b % 28 + 1
        ),
        2 => format!(
            "{}表示，要把“{}”落到实处。",
            pick(NAMES, n),
            pick(TERMS, n / 3)
        ),
        3 => format!("{}近日出版，收录文章约{a}篇。", pick(TITLES, n)),
        4 => format!("约{b}万人次参加活动，比去年多{}成，", c % 9 + 1),
        5 => format!("２０２２年全市ＧＤＰ增长{}．{}％！", b % 10, c),
        6 => format!("第{}位\t来访者于上午{}时{b}分抵达。", c, c % 12 + 1),
        7 => "项目总投资3至5亿元，每一个\u{3000}项目都有专人负责".to_string(),
        _ => format!("“项目是发展的生命线。”{}说。", pick(NAMES, n / 5)),
    }
}

/// A piece of a generated page.
#[derive(Debug, Clone)]
enum Piece {
    Headline(u32),
    Kicker(u32),
    Subheadline(u32),
    Byline(u32),
    /// A body paragraph of a few sentences, the first with a dateline when asked.
    Body(Vec<u32>, bool),
    /// A body paragraph split across two lines at a code point (layout damage).
    Split(Vec<u32>, u32),
    /// The previous body paragraph printed again.
    Repeat,
    Furniture(u32),
    /// Extra blank lines.
    Blanks(u8),
}

fn piece() -> impl Strategy<Value = Piece> {
    prop_oneof![
        2 => any::<u32>().prop_map(Piece::Headline),
        1 => any::<u32>().prop_map(Piece::Kicker),
        1 => any::<u32>().prop_map(Piece::Subheadline),
        1 => any::<u32>().prop_map(Piece::Byline),
        5 => (prop::collection::vec(any::<u32>(), 1..5), any::<bool>()).prop_map(|(s, d)| Piece::Body(s, d)),
        2 => (prop::collection::vec(any::<u32>(), 1..5), any::<u32>()).prop_map(|(s, at)| Piece::Split(s, at)),
        1 => Just(Piece::Repeat),
        1 => any::<u32>().prop_map(Piece::Furniture),
        1 => (0u8..4).prop_map(Piece::Blanks),
    ]
}

/// Whether some run of 40 code points (line breaks aside) is printed twice: the articles
/// stage may then drop the repeat (extraction.md §4, duplicate fragment).
fn has_long_repeat(page: &str) -> bool {
    // The stage counts 40 code points spaces included; 32 without them errs on the side of
    // calling a page repetitive.
    let chars: Vec<char> = page.chars().filter(|c| !c.is_whitespace()).collect();
    let mut seen = HashSet::new();
    chars.windows(32).any(|w| !seen.insert(w))
}

/// Renders pieces as page text; also says whether a fragment was printed twice (the
/// articles stage may then drop it).
fn render(pieces: &[Piece]) -> (String, bool) {
    // Every page opens with a headline, so that no generated page is blank.
    let mut page = format!("{}\n\n", pick(HEADLINES, pieces.len() as u32));
    let mut last_body = String::new();
    for p in pieces {
        let para = |s: &[u32]| s.iter().map(|&n| sentence(n)).collect::<String>();
        match p {
            Piece::Headline(n) => page.push_str(pick(HEADLINES, *n)),
            Piece::Kicker(n) => page.push_str(&format!("{} {}", pick(PLACES, *n), pick(TERMS, *n))),
            Piece::Subheadline(n) => page.push_str(&format!(
                "——{}",
                sentence(*n).trim_end_matches(['。', '，', '！'])
            )),
            Piece::Byline(n) => page.push_str(&format!(
                "■记者 {} 通讯员 {}",
                pick(NAMES, *n),
                pick(NAMES, n / 11)
            )),
            Piece::Body(s, dateline) => {
                last_body = para(s);
                if *dateline {
                    page.push_str(&format!("本报讯(记者 {})", pick(NAMES, s[0])));
                }
                page.push_str(&last_body);
            }
            Piece::Split(s, at) => {
                last_body = para(s);
                let cut = *at as usize % last_body.chars().count().max(1);
                let (head, tail): (String, String) = (
                    last_body.chars().take(cut).collect(),
                    last_body.chars().skip(cut).collect(),
                );
                page.push_str(&format!("{head}\n{tail}"));
            }
            Piece::Repeat => page.push_str(&last_body),
            Piece::Furniture(n) => page.push_str(pick(FURNITURE, *n)),
            Piece::Blanks(k) => page.push_str(&"\n".repeat(*k as usize)),
        }
        page.push_str("\n\n");
    }
    let repeats = has_long_repeat(&page);
    (page, repeats)
}

/// The supported encodings, and line-end variants.
const ENCODINGS: [&str; 7] = [
    "utf8",
    "utf8-bom",
    "utf8-crlf",
    "utf16le",
    "utf16be",
    "utf16le-nobom",
    "gb18030",
];

fn encode(text: &str, how: &str) -> (Vec<u8>, Encoding) {
    let utf16 = |le: bool, bom: bool| {
        let mut out = match (bom, le) {
            (false, _) => vec![],
            (true, true) => vec![0xFF, 0xFE],
            (true, false) => vec![0xFE, 0xFF],
        };
        out.extend(text.encode_utf16().flat_map(|u| {
            if le {
                u.to_le_bytes()
            } else {
                u.to_be_bytes()
            }
        }));
        out
    };
    match how {
        "utf8-bom" => (
            [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat(),
            Encoding::Utf8,
        ),
        "utf8-crlf" => (text.replace('\n', "\r\n").into_bytes(), Encoding::Utf8),
        "utf16le" => (utf16(true, true), Encoding::Utf16Le),
        "utf16be" => (utf16(false, true), Encoding::Utf16Be),
        "utf16le-nobom" => (utf16(true, false), Encoding::Utf16Le),
        "gb18030" => (
            encoding_rs::GB18030.encode(text).0.into_owned(),
            Encoding::Gb18030,
        ),
        _ => (text.as_bytes().to_vec(), Encoding::Utf8),
    }
}

fn page() -> impl Strategy<Value = (Vec<Piece>, usize)> {
    (prop::collection::vec(piece(), 1..24), 0..ENCODINGS.len())
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::new(Options::default(), EntityExtractor::new(Vec::new())))
}

fn input(id: &str) -> InputFile {
    InputFile {
        origin: Origin::File(format!("{id}.txt").into()),
        issue_id: id.to_string(),
        source: format!("{id}.txt"),
        paper: None,
        date: None,
        error: None,
    }
}

/// The contract checks of `contract.rs`, as a proptest failure.
fn check_record(rec: &IssueRecord) -> Result<(), TestCaseError> {
    contract::check_record(rec).map_err(TestCaseError::fail)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    /// Generated pages convert in any encoding, lose nothing (when nothing repeats), and
    /// their spans index their fields.
    #[test]
    fn generated_pages_convert_and_spans_index_fields((pieces, enc) in page()) {
        let (text, repeats) = render(&pieces);
        let (bytes, encoding) = encode(&text, ENCODINGS[enc]);
        let rec = convert_bytes(engine(), &input("p"), &bytes);
        prop_assert_eq!(&rec.error, &None, "{} page failed:\n{}", ENCODINGS[enc], text);
        prop_assert_eq!(rec.encoding, Some(encoding));
        check_record(&rec)?;
        if !repeats {
            let lost = lost_char(&rec, &text);
            prop_assert!(lost.is_none(), "`{}` lost from:\n{}", lost.unwrap_or(' '), text);
        }
    }

    /// Any bytes at all: no panic, and a defined outcome.
    #[test]
    fn any_bytes_give_a_defined_outcome(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let rec = convert_bytes(engine(), &input("x"), &bytes);
        check_record(&rec)?;
    }

    /// Pages with random bytes overwritten, inserted or cut: no panic, a defined outcome.
    #[test]
    fn damaged_bytes_give_a_defined_outcome(
        (pieces, enc) in page(),
        edits in prop::collection::vec((any::<u32>(), any::<u8>(), 0u8..3), 1..8),
    ) {
        let (text, _) = render(&pieces);
        let (mut bytes, _) = encode(&text, ENCODINGS[enc]);
        for (at, byte, op) in edits {
            let at = at as usize % (bytes.len() + 1);
            match op {
                0 if at < bytes.len() => bytes[at] = byte,
                1 => bytes.insert(at, byte),
                _ => bytes.truncate(at.max(1)),
            }
        }
        let rec = convert_bytes(engine(), &input("x"), &bytes);
        check_record(&rec)?;
    }
}

/// Every numbers/entities row of an output folder: `field[start..end] == surface`, the field
/// being the article's column (or, for issue-level rows, one of the issue's furniture lines).
pub fn check_output_offsets(out: &Path) {
    let articles: BTreeMap<String, Value> = jsonl(&out.join("articles.jsonl"))
        .into_iter()
        .map(|a| (a["article_id"].as_str().unwrap_or("").to_string(), a))
        .collect();
    let furniture: BTreeMap<String, Vec<String>> = jsonl(&out.join("issues.jsonl"))
        .into_iter()
        .map(|i| {
            let lines = i["furniture"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|l| l.as_str().map(str::to_string))
                .collect();
            (i["issue_id"].as_str().unwrap_or("").to_string(), lines)
        })
        .collect();
    for table in ["numbers", "entities"] {
        for row in jsonl(&out.join(format!("{table}.jsonl"))) {
            let (start, end) = (
                row["start"].as_u64().unwrap_or(0) as usize,
                row["end"].as_u64().unwrap_or(0) as usize,
            );
            let surface = row["surface"].as_str().map(str::to_string);
            let field = row["field"].as_str().unwrap_or("");
            let aid = row["article_id"].as_str().unwrap_or("");
            let ok = if field == "furniture" {
                let lines = &furniture[row["issue_id"].as_str().unwrap_or("")];
                lines.iter().any(|l| slice(l, start, end) == surface)
            } else {
                let text = articles
                    .get(aid)
                    .and_then(|a| a[field].as_str())
                    .unwrap_or("");
                slice(text, start, end) == surface
            };
            assert!(ok, "{table} row does not index its field: {row}");
        }
    }
}

/// A small permutation from a seed (Fisher–Yates on a linear congruential sequence).
fn shuffled<T: Clone>(items: &[T], mut seed: u64) -> Vec<T> {
    let mut v = items.to_vec();
    for i in (1..v.len()).rev() {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        v.swap(i, (seed >> 33) as usize % (i + 1));
    }
    v
}

proptest! {
    // Each case runs the binary three times: few cases, no long shrinking.
    #![proptest_config(ProptestConfig { cases: 3, max_shrink_iters: 4, failure_persistence: None, ..ProptestConfig::default() })]

    /// `--jobs 1` on the folder, `--jobs 2` and `--jobs 8` on the files named in two shuffled
    /// orders: byte-identical CSV and JSONL.
    #[test]
    fn same_bytes_for_jobs_and_shuffled_order(
        pages in prop::collection::vec(page(), 3..10),
        seeds in (any::<u64>(), any::<u64>()),
    ) {
        let tmp = tempdir();
        let dir = tmp.path().join("in");
        std::fs::create_dir(&dir).unwrap();
        let mut names = Vec::new();
        for (i, (pieces, enc)) in pages.iter().enumerate() {
            let (bytes, _) = encode(&render(pieces).0, ENCODINGS[*enc]);
            let name = format!("in/p{i:02}.txt");
            std::fs::write(tmp.path().join(&name), bytes).unwrap();
            names.push(name);
        }
        let common = ["-o", "", "--format", "csv,jsonl", "--quiet", "--jobs", ""];
        let run_with = |inputs: Vec<String>, out: &str, jobs: &str| {
            let mut args: Vec<&str> = vec!["convert"];
            args.extend(inputs.iter().map(String::as_str));
            let mut rest = common;
            rest[1] = out;
            rest[6] = jobs;
            args.extend(rest);
            run_ok(tmp.path(), &args, 0);
        };
        run_with(vec!["in".into()], "j1", "1");
        run_with(shuffled(&names, seeds.0), "j2", "2");
        run_with(shuffled(&names, seeds.1), "j8", "8");
        assert_same_outputs(&tmp.path().join("j1"), &tmp.path().join("j2"));
        assert_same_outputs(&tmp.path().join("j1"), &tmp.path().join("j8"));
        check_output_offsets(&tmp.path().join("j1"));
        let issues = jsonl(&tmp.path().join("j1/issues.jsonl"));
        prop_assert_eq!(issues.len(), pages.len());
    }
}

/// Pages the proptest above once found losing a line (a second subheadline line; a byline
/// after a body whose head the page-level pass moved; a head with its own byline read as a
/// label): every character printed stays in some column.
#[test]
fn found_pages_lose_nothing() {
    let pages = [
        "乡村振兴绘就新画卷\n\n——2022年全市GDP增长5.2%！\n\n——2022年全市GDP增长9.6%\n\n项目年内完成投资过半，比去年多3成。\n",
        "两会特别报道\n\n\n\n约86万人次参\n加活动，比去年多5成，\n\n衡阳完成投资0.0亿元，同比增长0%。约76万人次参加活动，比去年多9成，\n\n■记者 李华 通讯员 李华\n",
        "乡村振兴绘就新画卷\n\n——2022年全市GDP增长2.9%\n\n湘江新区 中心化\n\n■记者 李华 通讯员 李华\n\n乡村振兴绘就新画卷\n\n■记者 欧阳晓 通讯员 曹　莉\n\n湘江新区完成投资683.29亿元，同比增长29%。约59万人次参加活动，比去年多7成，\n",
    ];
    for text in pages {
        let rec = convert_bytes(engine(), &input("p"), text.as_bytes());
        let lost = lost_char(&rec, text);
        assert!(lost.is_none(), "{lost:?} lost from:\n{text}");
    }
}

/// A content character printed on the page more often than the issue's columns hold it
/// (furniture, every article's head fields and text), if any.
fn lost_char(rec: &IssueRecord, text: &str) -> Option<char> {
    let mut kept = rec.furniture.join("\n");
    for a in &rec.articles {
        let art = &a.article;
        for f in [
            &art.section,
            &art.kicker,
            &art.headline,
            &art.subheadline,
            &art.byline,
            &art.dateline,
        ] {
            kept.push_str(f.as_deref().unwrap_or(""));
        }
        kept.push_str(&art.text());
    }
    let kept = content_chars(&kept);
    content_chars(text)
        .into_iter()
        .find(|(c, n)| kept.get(c).copied().unwrap_or(0) < *n)
        .map(|(c, _)| c)
}
