//! Fuzz target over the whole pipeline from raw bytes, for the stable toolchain (cargo-fuzz
//! and libFuzzer need nightly). A mutation fuzzer: it starts from the seed corpus
//! (`fuzz/corpus/`, `tests/fixtures/bad/`, `seeds/`), mutates inputs with byte edits, splices,
//! repeated chunks, newspaper tokens and re-encodings, and drives every input through
//! `baozhi::pipeline::convert_bytes` and `baozhi::tables::rows`, with and without a forced
//! encoding. Without coverage feedback it keeps a mutant when its outcome (status, error
//! kind, warning codes, article count) is new, so the pool spreads over behaviours.
//!
//! It reports and saves to `--out` (default `fuzz/artifacts/`):
//! - `crash-*`: a panic anywhere in the pipeline;
//! - `invariant-*`: a record that breaks the contract (an error of more than one line, an
//!   error record with articles, a span that does not index its field, duplicate ids);
//! - `slow-*`: one input running longer than `--timeout` seconds (then it stops: a hang);
//! - `current`: the input being run (left behind by a stack overflow, which aborts).
//!
//! With `--grammar`, half the inputs are pages built from a page grammar (masthead,
//! kickers, headlines, bylines, datelines, captions, furniture; nested marks of every kind,
//! long runs of one character class, numbers of 1,000 digits, mixed scripts in any field),
//! half of those mutated as well.
//!
//! ```text
//! cargo run --release --example fuzz_pipeline -- --minutes 30 [--seed N] [--timeout 10]
//!     [--max-len 262144] [--corpus DIR]... [--out DIR] [--grammar]
//! cargo run --release --example fuzz_pipeline -- --replay fuzz/artifacts/crash-…
//! ```
//!
//! Exit status: 0 when nothing was found, 1 when crashes or invariant breaks were saved,
//! 2 on a hang or a usage error.

use std::collections::HashSet;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use baozhi::inputs::{InputFile, Origin};
use baozhi::model::{Encoding, IssueRecord};
use baozhi::pipeline::{convert_bytes, Engine, Options};
use baozhi::stages::entities::EntityExtractor;
use baozhi::tables;
use baozhi::writers;
use sha2::{Digest, Sha256};

/// The contract every record keeps, shared with the integration tests.
#[allow(dead_code)]
#[path = "../tests/integration/contract.rs"]
mod contract;

/// Newspaper tokens the mutator inserts: structure cues, punctuation, numbers, controls.
const TOKENS: &[&str] = &[
    "\n",
    "\n\n",
    "\n\n\n",
    "\r\n",
    "\r",
    "\t",
    "\u{3000}",
    "\u{200B}",
    "\u{FEFF}",
    "\0",
    "——",
    "──",
    "■",
    "。",
    "，",
    "！",
    "？",
    "…",
    "“",
    "”",
    "‘",
    "’",
    "《",
    "》",
    "（",
    "）",
    "(",
    ")",
    "、",
    "：",
    "·",
    "本报讯",
    "衡阳日报讯(李少华)",
    "新华社北京6月11日电 ",
    "记者 ",
    "全媒体记者 ",
    "通讯员 ",
    "本报评论员",
    "摄",
    "扫码看",
    "值班编委 凌波",
    "责任编辑",
    "第3版",
    "2480亿元",
    "4.99万人次",
    "45.33%",
    "３７９８．１３万元",
    "2月7日",
    "2022年",
    "正月初七",
    "三千五百万",
    "第四位",
    "3至5个",
    "约",
    "近",
    "余",
    "以上",
    "百分之五",
    "82,225.00元",
    "壹佰贰拾",
    "上午9点",
    "今年",
    "“三强一化”",
    "《红色百城百年奋斗纪实》",
    "e\u{301}",
    "\u{1F600}",
    "\u{10FFFF}",
    "\u{D7FF}",
];

/// Page grammar for `--grammar`: pages built from the parts a newspaper page has, with the
/// hostile shapes (deep nesting, long runs of one class, huge numbers, mixed scripts)
/// placed in every field, then often mutated.
mod grammar {
    use super::Rng;

    const HAN: &[char] = &[
        '市', '民', '经', '济', '发', '展', '项', '目', '建', '设', '工', '作', '会', '议', '全',
        '省', '县', '区', '村', '企', '业', '新', '年', '高', '质', '量', '湖', '南', '江', '城',
    ];
    const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "欧阳"];
    const PAIRS: &[(&str, &str)] = &[
        ("“", "”"),
        ("‘", "’"),
        ("《", "》"),
        ("〈", "〉"),
        ("（", "）"),
        ("(", ")"),
        ("【", "】"),
        ("「", "」"),
        ("『", "』"),
        ("[", "]"),
        ("{", "}"),
    ];
    /// Runs of one character class.
    const RUNS: &[&str] = &[
        "7",
        "七",
        "十",
        "万",
        " ",
        "\u{3000}",
        "。",
        "，",
        "■",
        "—",
        "·",
        "、",
        "a",
        "\u{1F600}",
        "\u{301}",
        "\n",
        "\n\n",
        "“",
        "”",
        "（",
        "）",
        "《",
        "》",
        "年",
        "月",
        "日",
        "记者",
    ];
    /// Other scripts and oddities mixed into Han text.
    const MIXED: &[&str] = &[
        "COVID-19",
        "5G",
        "Москва",
        "القاهرة",
        "ひらがな",
        "カタカナ",
        "한국어",
        "e\u{301}",
        "\u{1F1E8}\u{1F1F3}",
        "\u{200D}",
        "\u{FEFF}",
        "\u{FFFD}",
        "ℹ",
        "Ⅻ",
        "①",
        "㊣",
        "ｆｕｌｌ",
        "１２３",
        "\u{20000}",
        "\u{2F800}",
    ];

    fn pick<T: Copy>(rng: &mut Rng, xs: &[T]) -> T {
        xs[rng.below(xs.len())]
    }

    /// A size: mostly small, sometimes huge (up to about `cap`).
    fn size(rng: &mut Rng, cap: usize) -> usize {
        match rng.below(10) {
            0 => rng.below(cap.max(1)),
            1..=2 => rng.below(200),
            _ => 1 + rng.below(12),
        }
    }

    /// 1 to `most` Han characters.
    fn han(rng: &mut Rng, most: usize, out: &mut String) {
        for _ in 0..1 + rng.below(most) {
            out.push(pick(rng, HAN));
        }
    }

    fn name(rng: &mut Rng, out: &mut String) {
        out.push_str(pick(rng, SURNAMES));
        han(rng, 2, out);
    }

    fn number(rng: &mut Rng, cap: usize, out: &mut String) {
        match rng.below(7) {
            0 => {
                // A number of up to 1,000 digits (or more).
                let n = if rng.below(4) == 0 {
                    1000
                } else {
                    size(rng, cap) + 1
                };
                for _ in 0..n {
                    out.push(char::from(b'0' + rng.below(10) as u8));
                }
            }
            1 => out.push_str(&format!("{}.{}", rng.below(100_000), rng.below(100))),
            2 => out.push_str(pick(
                rng,
                &[
                    "三千五百万",
                    "一二",
                    "十十",
                    "百分之五",
                    "壹佰贰拾",
                    "两万余",
                ],
            )),
            3 => out.push_str(&format!(
                "{}年{}月{}日",
                1900 + rng.below(200),
                rng.below(14),
                rng.below(33)
            )),
            4 => out.push_str(&format!("{}%", rng.below(1000))),
            5 => out.push_str(&format!(
                "{},{:03}.{:02}元",
                rng.below(1000),
                rng.below(1000),
                rng.below(100)
            )),
            _ => out.push_str(&format!(
                "{}{}",
                rng.below(10_000),
                pick(rng, &["亿元", "万人次", "个", "吨", "公里", "岁"])
            )),
        }
    }

    /// Something hostile or odd, possibly wrapping `inner`.
    fn oddity(rng: &mut Rng, cap: usize, out: &mut String) {
        match rng.below(4) {
            0 => {
                let (open, close) = pick(rng, PAIRS);
                let depth = if rng.below(3) == 0 {
                    size(rng, cap / 2)
                } else {
                    1 + rng.below(4)
                };
                // Balanced, or cut on one side.
                let (l, r) = match rng.below(4) {
                    0 => (depth, 0),
                    1 => (0, depth),
                    _ => (depth, depth),
                };
                out.push_str(&open.repeat(l));
                han(rng, 6, out);
                out.push_str(&close.repeat(r));
            }
            1 => out.push_str(&pick(rng, RUNS).repeat(size(rng, cap))),
            2 => number(rng, cap, out),
            _ => out.push_str(pick(rng, MIXED)),
        }
    }

    /// A run of text: Han words with numbers, names and oddities among them.
    fn text(rng: &mut Rng, cap: usize, sentence: bool, out: &mut String) {
        for _ in 0..1 + rng.below(6) {
            match rng.below(8) {
                0 => number(rng, cap, out),
                1 => name(rng, out),
                2 => oddity(rng, cap, out),
                3 => {
                    let (open, close) = pick(rng, &PAIRS[..3]);
                    out.push_str(open);
                    han(rng, 10, out);
                    out.push_str(close);
                }
                _ => han(rng, 10, out),
            }
            if sentence && rng.below(3) == 0 {
                out.push_str(pick(rng, &["，", "、", "；", "："]));
            }
        }
        if sentence {
            out.push_str(pick(rng, &["。", "！", "？", "。”", "……"]));
        }
    }

    fn names(rng: &mut Rng, cap: usize, out: &mut String) {
        let n = if rng.below(6) == 0 {
            size(rng, cap / 4) + 1
        } else {
            1 + rng.below(3)
        };
        let sep = pick(rng, &[" ", "、", "  ", "，"]);
        for i in 0..n {
            if i > 0 {
                out.push_str(sep);
            }
            name(rng, out);
        }
    }

    fn byline(rng: &mut Rng, cap: usize, out: &mut String) {
        out.push_str(pick(rng, &["■", "", "□", "◎"]));
        out.push_str(pick(
            rng,
            &[
                "本报记者 ",
                "记者 ",
                "全媒体记者 ",
                "通讯员 ",
                "本报评论员",
                "文/图 ",
            ],
        ));
        names(rng, cap, out);
        if rng.below(3) == 0 {
            out.push_str(" 通讯员 ");
            names(rng, cap, out);
        }
    }

    fn dateline(rng: &mut Rng, cap: usize, out: &mut String) {
        out.push_str(pick(
            rng,
            &[
                "本报讯",
                "新华社北京6月11日电",
                "本报长沙3月5日讯",
                "湘江日报讯",
                "长江网讯",
                "湖南日报社",
            ],
        ));
        if rng.below(2) == 0 {
            let (open, close) = pick(rng, &[("（", "）"), ("(", ")"), ("【", "】")]);
            let depth = if rng.below(5) == 0 {
                size(rng, cap / 2)
            } else {
                1
            };
            out.push_str(&open.repeat(depth));
            out.push_str(pick(rng, &["记者 ", "通讯员 ", "全媒体记者 "]));
            names(rng, cap, out);
            if rng.below(4) == 0 {
                oddity(rng, cap, out);
            }
            out.push_str(&close.repeat(depth));
        }
        out.push(' ');
    }

    /// One page from the grammar, about `cap` bytes at most.
    pub fn page(rng: &mut Rng, cap: usize) -> String {
        let mut out = String::new();
        let blank = |rng: &mut Rng, out: &mut String| {
            out.push_str(match rng.below(10) {
                0 => "\n",
                1 => "\n\n\n",
                2 => "\r\n\r\n",
                _ => "\n\n",
            })
        };
        if rng.below(2) == 0 {
            out.push_str(pick(rng, &["湘江日报", "某某晚报", "都市报", "周刊"]));
            out.push_str(&format!(
                " {}年{}月{}日 星期二",
                2000 + rng.below(30),
                1 + rng.below(12),
                1 + rng.below(31)
            ));
            blank(rng, &mut out);
        }
        for _ in 0..1 + rng.below(6) {
            if out.len() > cap {
                break;
            }
            if rng.below(3) == 0 {
                text(rng, cap, false, &mut out); // kicker
                blank(rng, &mut out);
            }
            text(rng, cap, false, &mut out); // headline
            blank(rng, &mut out);
            if rng.below(3) == 0 {
                out.push_str("——");
                text(rng, cap, false, &mut out);
                blank(rng, &mut out);
            }
            if rng.below(2) == 0 {
                byline(rng, cap, &mut out);
                blank(rng, &mut out);
            }
            for p in 0..1 + rng.below(5) {
                if p == 0 && rng.below(2) == 0 {
                    dateline(rng, cap, &mut out);
                }
                for _ in 0..1 + rng.below(3) {
                    text(rng, cap, true, &mut out);
                }
                blank(rng, &mut out);
            }
            if rng.below(4) == 0 {
                // A photo caption and its credit.
                text(rng, cap, true, &mut out);
                out.push_str(pick(rng, &["（记者 ", "(", "■记者 "]));
                names(rng, cap, &mut out);
                out.push_str(pick(rng, &[" 摄）", " 摄)", " 摄"]));
                blank(rng, &mut out);
            }
            if rng.below(4) == 0 {
                // Empty paragraphs or one-character lines between articles.
                let n = size(rng, cap / 4);
                out.push_str(&pick(rng, &["\n", "字\n", "■\n", " \n"]).repeat(n));
            }
        }
        if rng.below(2) == 0 {
            out.push_str(pick(rng, &["责任编辑 ", "值班编委 ", "美编 "]));
            names(rng, cap, &mut out);
            if rng.below(3) == 0 {
                oddity(rng, cap, &mut out);
            }
            out.push('\n');
            out.push_str(&format!("第{}版\n", rng.below(100)));
        }
        out
    }
}

/// xorshift64*: small, fast, reproducible from `--seed`.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }
}

struct Config {
    seconds: u64,
    seed: u64,
    timeout: u64,
    max_len: usize,
    corpus: Vec<PathBuf>,
    out: PathBuf,
    replay: Vec<PathBuf>,
    /// `--grammar`: half the inputs are pages built from the page grammar (then mutated).
    grammar: bool,
}

fn parse_args() -> Result<Config, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut config = Config {
        seconds: 60,
        seed: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(1, |d| d.as_nanos() as u64)
            | 1,
        timeout: 10,
        max_len: 256 * 1024,
        corpus: Vec::new(),
        out: root.join("fuzz/artifacts"),
        replay: Vec::new(),
        grammar: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = |name: &str| args.next().ok_or(format!("{name} needs a value"));
        let number = |s: String, name: &str| {
            s.parse::<u64>()
                .map_err(|_| format!("{name}: `{s}` is not a whole number"))
        };
        match arg.as_str() {
            "--minutes" => config.seconds = number(value("--minutes")?, "--minutes")? * 60,
            "--seconds" => config.seconds = number(value("--seconds")?, "--seconds")?,
            "--seed" => config.seed = number(value("--seed")?, "--seed")? | 1,
            "--timeout" => config.timeout = number(value("--timeout")?, "--timeout")?,
            "--max-len" => config.max_len = number(value("--max-len")?, "--max-len")? as usize,
            "--corpus" => config.corpus.push(value("--corpus")?.into()),
            "--out" => config.out = value("--out")?.into(),
            "--replay" => config.replay.push(value("--replay")?.into()),
            "--grammar" => config.grammar = true,
            other => return Err(format!("unknown argument `{other}` (see the file's doc)")),
        }
    }
    if config.corpus.is_empty() {
        config.corpus = ["fuzz/corpus", "tests/fixtures/bad", "seeds"]
            .iter()
            .map(|d| root.join(d))
            .collect();
    }
    Ok(config)
}

fn load_corpus(dirs: &[PathBuf], max_len: usize) -> Vec<Vec<u8>> {
    let mut pool = Vec::new();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(dir) else {
            eprintln!("fuzz: cannot read corpus folder {}, skipped", dir.display());
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths {
            if path.extension().is_some_and(|e| e == "md") {
                continue;
            }
            if let Ok(mut bytes) = std::fs::read(&path) {
                bytes.truncate(max_len);
                pool.push(bytes);
            }
        }
    }
    if pool.is_empty() {
        pool.push("标题\n\n正文。\n".as_bytes().to_vec());
    }
    pool
}

/// One random mutation of `input`, using `pool` for splices.
fn mutate(rng: &mut Rng, input: &mut Vec<u8>, pool: &[Vec<u8>], max_len: usize) {
    let len = input.len();
    match rng.below(12) {
        0 if len > 0 => {
            let i = rng.below(len);
            input[i] ^= 1 << rng.below(8);
        }
        1 if len > 0 => {
            let i = rng.below(len);
            input[i] = [0x00, 0x0A, 0x0D, 0x80, 0xBF, 0xC0, 0xE4, 0xEF, 0xFE, 0xFF][rng.below(10)];
        }
        2 => {
            let i = rng.below(len + 1);
            let n = 1 + rng.below(8);
            let bytes: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            input.splice(i..i, bytes);
        }
        3 if len > 0 => {
            let i = rng.below(len);
            let n = 1 + rng.below((len - i).min(256));
            input.drain(i..i + n);
        }
        4 if len > 0 => {
            // A chunk printed again, possibly many times: duplicate fragments, huge lines.
            let i = rng.below(len);
            let n = 1 + rng.below((len - i).min(4096));
            let chunk = input[i..i + n].to_vec();
            let times = if rng.below(8) == 0 {
                1 + rng.below(64)
            } else {
                1
            };
            let at = rng.below(len + 1);
            input.splice(at..at, chunk.repeat(times));
        }
        5 => {
            let other = &pool[rng.below(pool.len())];
            let cut = rng.below(len + 1);
            let from = rng.below(other.len() + 1);
            input.truncate(cut);
            input.extend_from_slice(&other[from..]);
        }
        6 | 7 => {
            let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
            let mut at = rng.below(len + 1);
            // Mostly on a UTF-8 boundary, so that text stays text.
            while at < len && at > 0 && (input[at] & 0xC0) == 0x80 && rng.below(4) != 0 {
                at -= 1;
            }
            input.splice(at..at, token.iter().copied());
        }
        8 => {
            // Re-encode the text (lossily decoded) as GB18030 or UTF-16, with or without BOM.
            let text = String::from_utf8_lossy(input).into_owned();
            *input = match rng.below(4) {
                0 => encoding_rs::GB18030.encode(&text).0.into_owned(),
                k => {
                    let le = k != 2;
                    let mut out = match k {
                        1 => vec![0xFF, 0xFE],
                        2 => vec![0xFE, 0xFF],
                        _ => vec![],
                    };
                    out.extend(text.encode_utf16().flat_map(|u| {
                        if le {
                            u.to_le_bytes()
                        } else {
                            u.to_be_bytes()
                        }
                    }));
                    out
                }
            };
        }
        9 if len > 0 => input.truncate(rng.below(len)),
        10 => {
            // Swap two lines: out-of-order fragments.
            let mut lines: Vec<Vec<u8>> =
                input.split(|&b| b == b'\n').map(<[u8]>::to_vec).collect();
            if lines.len() > 1 {
                let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
                lines.swap(a, b);
            }
            *input = lines.join(&b'\n');
        }
        _ => {
            let bom: &[u8] = [&b"\xEF\xBB\xBF"[..], b"\xFF\xFE", b"\xFE\xFF"][rng.below(3)];
            input.splice(0..0, bom.iter().copied());
        }
    }
    input.truncate(max_len);
}

/// The contract checks (shared with the property tests), the emit stage's cell formatting,
/// and on success the record's behaviour signature; `Err` says what broke.
fn check(rec: &IssueRecord) -> Result<String, String> {
    contract::check_record(rec)?;
    let rows = tables::rows(rec);
    for row in rows
        .articles
        .iter()
        .chain(&rows.numbers)
        .chain(&rows.entities)
    {
        let mut line = String::new();
        for value in row {
            writers::jsonl::push_value(&mut line, value);
        }
    }
    // The behaviour signature: new ones keep the input in the pool.
    // Error kinds without their positions ("… at byte 278 (line 7)" → "… at byte ").
    let error_kind = rec.error.as_deref().map(|e| {
        e.split([':', '('])
            .next()
            .unwrap_or("")
            .replace(|c: char| c.is_ascii_digit(), "")
    });
    let mut warnings: Vec<&str> = rec
        .warnings
        .iter()
        .map(|w| w.split(':').next().unwrap_or(""))
        .collect();
    warnings.sort_unstable();
    warnings.dedup();
    let mut flags: Vec<String> = rec
        .articles
        .iter()
        .flat_map(|a| a.article.flag_names())
        .collect();
    flags.sort_unstable();
    flags.dedup();
    let bucket = |n: usize| usize::BITS - n.leading_zeros();
    Ok(format!(
        "{error_kind:?}|{:?}|{warnings:?}|{flags:?}|{}|{}|{}|{}",
        rec.encoding,
        rec.articles.len().min(16),
        rec.furniture.len().min(8),
        bucket(rows.numbers.len()),
        bucket(rows.entities.len())
    ))
}

fn save(dir: &Path, kind: &str, bytes: &[u8]) -> PathBuf {
    let hash: String = Sha256::digest(bytes)[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let path = dir.join(format!("{kind}-{hash}"));
    let _ = std::fs::create_dir_all(dir);
    if let Err(e) = std::fs::write(&path, bytes) {
        eprintln!("fuzz: cannot save {}: {e}", path.display());
    }
    path
}

/// Runs the fuzzer on a thread with the stack of a pipeline worker, so that an input deep
/// enough to overflow a worker's stack overflows here too (the process then aborts: the
/// input is in `OUT/current`).
fn main() -> ExitCode {
    std::thread::Builder::new()
        .name("fuzz".into())
        .stack_size(baozhi::pipeline::WORKER_STACK_BYTES)
        .spawn(fuzz)
        .map_or(ExitCode::from(2), |t| t.join().unwrap_or(ExitCode::from(2)))
}

fn fuzz() -> ExitCode {
    let config = match parse_args() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("fuzz: {e}");
            return ExitCode::from(2);
        }
    };
    let engines: Vec<Engine> = [
        None,
        Some(Encoding::Utf8),
        Some(Encoding::Utf16Le),
        Some(Encoding::Utf16Be),
        Some(Encoding::Gb18030),
    ]
    .into_iter()
    .map(|encoding| {
        Engine::new(
            Options {
                encoding,
                ..Options::default()
            },
            EntityExtractor::new(Vec::new()),
        )
    })
    .collect();
    let input = InputFile {
        origin: Origin::File("fuzz.txt".into()),
        issue_id: "fuzz".into(),
        source: "fuzz.txt".into(),
        paper: None,
        date: None,
        error: None,
    };
    // Panics are caught and saved; keep the hook quiet but remember the message.
    let last_panic: Arc<Mutex<String>> = Arc::new(Mutex::new(String::new()));
    {
        let last_panic = Arc::clone(&last_panic);
        panic::set_hook(Box::new(move |info| {
            if let Ok(mut m) = last_panic.lock() {
                *m = info.to_string();
            }
        }));
    }
    let run = |engine: &Engine, bytes: &[u8]| -> Result<Result<String, String>, String> {
        panic::catch_unwind(AssertUnwindSafe(|| {
            check(&convert_bytes(engine, &input, bytes))
        }))
        .map_err(|_| last_panic.lock().map(|m| m.clone()).unwrap_or_default())
    };

    if !config.replay.is_empty() {
        let mut failed = false;
        for path in &config.replay {
            let Ok(bytes) = std::fs::read(path) else {
                eprintln!("fuzz: cannot read {}", path.display());
                return ExitCode::from(2);
            };
            for engine in &engines {
                let outcome = run(engine, &bytes);
                failed |= !matches!(outcome, Ok(Ok(_)));
                println!(
                    "{} ({:?}): {outcome:?}",
                    path.display(),
                    engine.options.encoding
                );
            }
        }
        return if failed {
            ExitCode::from(1)
        } else {
            ExitCode::SUCCESS
        };
    }

    let mut pool = load_corpus(&config.corpus, config.max_len);
    let seeds = pool.len();
    eprintln!(
        "fuzz: {} seeds, seed {}, {} s, timeout {} s per input, artifacts in {}",
        seeds,
        config.seed,
        config.seconds,
        config.timeout,
        config.out.display()
    );
    // Watchdog: an input that runs past the timeout is saved and the run stops.
    let started_ms = Arc::new(AtomicU64::new(0));
    let current: Arc<Mutex<Vec<u8>>> = Arc::new(Mutex::new(Vec::new()));
    let clock = Instant::now();
    {
        let (started_ms, current, out, timeout) = (
            Arc::clone(&started_ms),
            Arc::clone(&current),
            config.out.clone(),
            config.timeout,
        );
        std::thread::spawn(move || loop {
            std::thread::sleep(Duration::from_millis(500));
            let start = started_ms.load(Ordering::SeqCst);
            let now = clock.elapsed().as_millis() as u64;
            if start > 0 && now.saturating_sub(start) > timeout * 1000 {
                let bytes = current.lock().map(|b| b.clone()).unwrap_or_default();
                let path = save(&out, "slow", &bytes);
                eprintln!(
                    "fuzz: one input has run for more than {timeout} s (a hang?): saved {}",
                    path.display()
                );
                std::process::exit(2);
            }
        });
    }
    let _ = std::fs::create_dir_all(&config.out);
    let current_path = config.out.join("current");
    let mut rng = Rng(config.seed);
    let mut seen: HashSet<String> = HashSet::new();
    let mut found: HashSet<String> = HashSet::new();
    let (mut execs, mut crashes, mut breaks) = (0u64, 0usize, 0usize);
    let deadline = Duration::from_secs(config.seconds);
    let mut last_report = Instant::now();
    let mut pending_seeds = pool.clone();
    while clock.elapsed() < deadline {
        // Seeds first, unmutated; then mutants of random pool entries.
        let bytes = match pending_seeds.pop() {
            Some(seed) => seed,
            None if config.grammar && rng.below(2) == 0 => {
                let mut bytes = grammar::page(&mut rng, config.max_len).into_bytes();
                if rng.below(2) == 0 {
                    for _ in 0..1 + rng.below(4) {
                        mutate(&mut rng, &mut bytes, &pool, config.max_len);
                    }
                }
                bytes.truncate(config.max_len);
                bytes
            }
            None => {
                let mut bytes = pool[rng.below(pool.len())].clone();
                for _ in 0..1 + rng.below(6) {
                    mutate(&mut rng, &mut bytes, &pool, config.max_len);
                }
                bytes
            }
        };
        let engine = if rng.below(8) == 0 {
            &engines[rng.below(engines.len())]
        } else {
            &engines[0]
        };
        if let Ok(mut c) = current.lock() {
            c.clone_from(&bytes);
        }
        // A stack overflow aborts without unwinding: the input that did it stays on disk.
        let _ = std::fs::write(&current_path, &bytes);
        started_ms.store(clock.elapsed().as_millis() as u64 | 1, Ordering::SeqCst);
        let outcome = run(engine, &bytes);
        started_ms.store(0, Ordering::SeqCst);
        execs += 1;
        match outcome {
            Ok(Ok(signature)) => {
                if seen.insert(signature) {
                    // A full pool replaces a random mutant (seeds stay).
                    if pool.len() < 4096 {
                        pool.push(bytes);
                    } else {
                        let at = seeds + rng.below(pool.len() - seeds);
                        pool[at] = bytes;
                    }
                }
            }
            Ok(Err(broken)) => {
                if found.insert(broken.clone()) {
                    breaks += 1;
                    let path = save(&config.out, "invariant", &bytes);
                    eprintln!(
                        "fuzz: contract broken: {broken}\n      saved {}",
                        path.display()
                    );
                }
            }
            Err(message) => {
                let location = message.lines().next().unwrap_or("").to_string();
                if found.insert(location) {
                    crashes += 1;
                    let path = save(&config.out, "crash", &bytes);
                    eprintln!("fuzz: panic: {message}\n      saved {}", path.display());
                }
            }
        }
        if last_report.elapsed() > Duration::from_secs(10) {
            last_report = Instant::now();
            eprintln!(
                "fuzz: {:>5.0} s  {execs} execs  {:.0}/s  pool {}  behaviours {}  crashes {crashes}  broken {breaks}",
                clock.elapsed().as_secs_f64(),
                execs as f64 / clock.elapsed().as_secs_f64(),
                pool.len(),
                seen.len()
            );
        }
    }
    eprintln!(
        "fuzz: done: {execs} execs in {:.0} s, {} behaviours, {crashes} crashes, {breaks} contract breaks",
        clock.elapsed().as_secs_f64(),
        seen.len()
    );
    if crashes + breaks > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
