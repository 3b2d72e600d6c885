//! Criterion benchmarks of every stage and of whole issues, in MB/s of input
//! (`Throughput::Bytes`). `cargo bench` runs them; `cargo test --benches` smoke-runs them.

use std::hint::black_box;
use std::path::PathBuf;

use baozhi::inputs::{InputFile, Origin};
use baozhi::pipeline::{convert_bytes, Engine, Options};
use baozhi::schema::Table;
use baozhi::stages::entities::{self, EntityExtractor};
use baozhi::stages::{articles, blocks, decode, normalize, numbers};
use baozhi::tables;
use baozhi::writers::{self, Format, WriteOptions};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

fn sample() -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("seeds/000_aac00d1867b0bacf.txt");
    std::fs::read(path).expect("seeds/ sample page")
}

fn input() -> InputFile {
    InputFile {
        origin: Origin::Stdin,
        issue_id: "bench".into(),
        source: "bench.txt".into(),
        paper: None,
        date: None,
        error: None,
    }
}

fn stages(c: &mut Criterion) {
    let bytes = sample();
    let (gb, _, _) =
        encoding_rs::GB18030.encode(std::str::from_utf8(&bytes).expect("UTF-8 sample"));
    let gb = gb.into_owned();
    let text = decode::decode(&bytes, None).expect("sample decodes").text;
    let page = normalize::normalize(&text);
    let blocks = blocks::classify(&page);
    let layout = articles::assemble(&blocks);
    let extractor = EntityExtractor::new(Vec::new());
    let year = numbers::infer_year(&layout.articles);

    let mut g = c.benchmark_group("stage");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("decode-utf8", |b| {
        b.iter(|| {
            assert_eq!(
                decode::decode(black_box(&bytes), None)
                    .map(|d| d.text.len())
                    .ok(),
                Some(text.len())
            )
        })
    });
    g.bench_function("decode-gb18030", |b| {
        b.iter(|| {
            assert_eq!(
                decode::decode(black_box(&gb), None)
                    .map(|d| d.text.len())
                    .ok(),
                Some(text.len())
            )
        })
    });
    g.bench_function("normalize", |b| {
        b.iter(|| {
            assert_eq!(
                normalize::normalize(black_box(&text)).lines.len(),
                page.lines.len()
            )
        })
    });
    g.bench_function("blocks", |b| {
        b.iter(|| assert_eq!(blocks::classify(black_box(&page)).len(), blocks.len()))
    });
    g.bench_function("articles", |b| {
        b.iter(|| {
            assert_eq!(
                articles::assemble(black_box(&blocks)).articles.len(),
                layout.articles.len()
            )
        })
    });
    let n: usize = layout
        .articles
        .iter()
        .map(|a| numbers::extract(a, year).len())
        .sum();
    g.bench_function("numbers", |b| {
        b.iter(|| {
            assert_eq!(
                layout
                    .articles
                    .iter()
                    .map(|a| numbers::extract(black_box(a), year).len())
                    .sum::<usize>(),
                n
            )
        })
    });
    let e: usize = layout
        .articles
        .iter()
        .map(|a| extractor.article(a).len())
        .sum();
    g.bench_function("entities", |b| {
        b.iter(|| {
            assert_eq!(
                layout
                    .articles
                    .iter()
                    .map(|a| extractor.article(black_box(a)).len())
                    .sum::<usize>(),
                e
            )
        })
    });
    // The floor under the entities stage: jieba's tagging alone over the same fields.
    let jieba = jieba_rs::Jieba::new();
    let fields: Vec<_> = layout
        .articles
        .iter()
        .flat_map(|a| entities::FIELDS.into_iter().filter_map(|f| a.field(f)))
        .collect();
    let words: usize = fields.iter().map(|f| jieba.tag(f, false).len()).sum();
    g.bench_function("jieba-tag", |b| {
        b.iter(|| {
            assert_eq!(
                fields
                    .iter()
                    .map(|f| jieba.tag(black_box(f), false).len())
                    .sum::<usize>(),
                words
            )
        })
    });
    g.finish();
}

fn whole_issue_and_writers(c: &mut Criterion) {
    let bytes = sample();
    let engine = Engine::new(Options::default(), EntityExtractor::new(Vec::new()));
    let rec = convert_bytes(&engine, &input(), &bytes);
    assert!(rec.error.is_none());
    let rows = tables::rows(&rec);

    let mut g = c.benchmark_group("issue");
    g.throughput(Throughput::Bytes(bytes.len() as u64));
    g.bench_function("convert", |b| {
        b.iter(|| {
            assert_eq!(
                convert_bytes(&engine, &input(), black_box(&bytes))
                    .articles
                    .len(),
                rec.articles.len()
            )
        })
    });
    // Writers: the rows of 100 copies of the issue per file, so that opening, closing and
    // syncing the files weigh as little as they do in a real batch.
    const COPIES: u64 = 100;
    g.throughput(Throughput::Bytes(bytes.len() as u64 * COPIES));
    let dir = tempfile::tempdir().expect("temp dir");
    for format in Format::ALL {
        g.bench_function(format!("write-{}", format.extension()), |b| {
            b.iter(|| {
                for table in Table::ALL {
                    let mut w = writers::open(dir.path(), table, format, WriteOptions::default())
                        .expect("open writer");
                    let list = match table {
                        Table::Issues => std::slice::from_ref(&rows.issue),
                        Table::Articles => &rows.articles[..],
                        Table::Numbers => &rows.numbers[..],
                        Table::Entities => &rows.entities[..],
                    };
                    for _ in 0..COPIES {
                        for r in list {
                            w.write_row(r).expect("write row");
                        }
                    }
                    w.finish().expect("finish");
                }
            })
        });
    }
    g.finish();
}

criterion_group!(benches, stages, whole_issue_and_writers);
criterion_main!(benches);
