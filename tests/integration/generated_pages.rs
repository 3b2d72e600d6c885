//! Generated pages with known truth (issue 18) run through decode → normalize → blocks →
//! articles and scored the way `../shared/eval/score.py` scores: articles aligned one to
//! one by text similarity (best pairs first, at least 0.3), an article exact when its text
//! and kind, section, kicker, headline, subheadline, byline, dateline and subheads all
//! match. (score.py also compares `authors`; they are read from byline and dateline, which
//! are compared here, so the generator does not restate them.)
//!
//! Seeds 0.. are the tuning set (`BAOZHI_GEN_FIRST` starts them elsewhere, to look at pages
//! not tuned on; the floors hold for seeds 0..300); seeds from `HELD_OUT` with the articles of one issue date
//! held out are not looked at while tuning and are reported apart.

use std::collections::BTreeMap;

use baozhi::model::Layout;
use baozhi::stages::{articles, blocks, normalize};

use crate::generator::{self, GenPage, Mix, Source, Truth};

/// Seeds of the held-out pages.
const HELD_OUT: u64 = 1_000_000;
/// The issue date whose articles only the held-out pages use.
const HELD_OUT_DATE: &str = "20170423";

fn layout(text: &str) -> Layout {
    articles::assemble(&blocks::classify(&normalize::normalize(text)))
}

/// difflib-like ratio of two texts: 2 × matched / total. With `exact_ratio` false, the
/// bound from shared characters (difflib's quick_ratio), which is what pages are aligned
/// by here: diffing every pair made the test take minutes.
fn similarity(a: &str, b: &str, exact_ratio: bool) -> f64 {
    if a == b {
        return 1.0;
    }
    let (na, nb) = (a.chars().count(), b.chars().count());
    if na + nb == 0 {
        return 1.0;
    }
    // Upper bound from lengths (difflib's real_quick_ratio).
    if 2.0 * na.min(nb) as f64 / ((na + nb) as f64) < 0.2 {
        return 0.0;
    }
    // Upper bound from shared characters (difflib's quick_ratio), cheap on long texts.
    let mut bag: std::collections::HashMap<char, i64> = std::collections::HashMap::new();
    for c in a.chars() {
        *bag.entry(c).or_default() += 1;
    }
    let mut common = 0usize;
    for c in b.chars() {
        if let Some(n) = bag.get_mut(&c).filter(|n| **n > 0) {
            *n -= 1;
            common += 1;
        }
    }
    let bound = 2.0 * common as f64 / ((na + nb) as f64);
    if bound < 0.3 || !exact_ratio {
        return bound;
    }
    f64::from(similar::TextDiff::from_chars(a, b).ratio())
}

#[derive(Debug, Default, Clone)]
pub struct Score {
    pub gold: usize,
    pub predicted: usize,
    pub exact: usize,
    pub sim_sum: f64,
    pub pages: usize,
    pub pages_exact: usize,
    /// damage kind → (articles, exact)
    pub by_damage: BTreeMap<String, (usize, usize)>,
    /// field → wrong count
    pub wrong_fields: BTreeMap<&'static str, usize>,
    /// Furniture lines found inside an article's text.
    pub furniture_leaks: usize,
    /// Furniture lines printed on the page that did not end up in the page's furniture.
    pub furniture_missed: usize,
    /// (confidence, right) per aligned predicted article.
    pub confidences: Vec<(f64, bool)>,
    /// The `truncated` audit on aligned articles with exact text: [cut and flagged, cut
    /// and not flagged, whole and flagged, whole and not flagged].
    pub truncated: [usize; 4],
}

impl Score {
    pub fn exact_rate(&self) -> f64 {
        self.exact as f64 / self.gold.max(1) as f64
    }
    /// Area under the ROC curve of `confidence` separating right articles from wrong ones:
    /// the chance that a right article scores above a wrong one (ties count half).
    pub fn auc(&self) -> f64 {
        let right: Vec<f64> = self
            .confidences
            .iter()
            .filter(|c| c.1)
            .map(|c| c.0)
            .collect();
        let wrong: Vec<f64> = self
            .confidences
            .iter()
            .filter(|c| !c.1)
            .map(|c| c.0)
            .collect();
        if right.is_empty() || wrong.is_empty() {
            return 0.5;
        }
        let mut wins = 0.0;
        for r in &right {
            for w in &wrong {
                wins += if r > w {
                    1.0
                } else if r == w {
                    0.5
                } else {
                    0.0
                };
            }
        }
        wins / (right.len() * wrong.len()) as f64
    }
    pub fn similarity(&self) -> f64 {
        self.sim_sum / self.gold.max(1) as f64
    }
    pub fn report(&self, name: &str) -> String {
        let mut s = format!(
            "{name}: {} pages ({} fully right), {} articles, {} found, exact {:.3}, similarity {:.4}, furniture leaks {} missed {}, confidence AUC {:.3}\n",
            self.pages,
            self.pages_exact,
            self.gold,
            self.predicted,
            self.exact_rate(),
            self.similarity(),
            self.furniture_leaks,
            self.furniture_missed,
            self.auc()
        );
        for (k, (n, e)) in &self.by_damage {
            s += &format!(
                "  {k:<24} {e:>5}/{n:<5} {:.3}\n",
                *e as f64 / (*n).max(1) as f64
            );
        }
        s += &format!("  wrong fields: {:?}\n", self.wrong_fields);
        let [tp, fneg, fp, tn] = self.truncated;
        s += &format!(
            "  truncated flag (articles with exact text): cut {tp} flagged / {fneg} not; whole {fp} flagged / {tn} not\n"
        );
        s
    }
}

fn eq_opt(a: &Option<String>, b: &Option<String>) -> bool {
    let n = |v: &Option<String>| {
        v.as_deref()
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|s| !s.is_empty())
    };
    n(a) == n(b)
}

/// Fields of `p` that differ from `t`.
pub fn wrong_fields(t: &Truth, p: &baozhi::model::Article) -> Vec<&'static str> {
    let mut bad = Vec::new();
    if t.kind != p.kind().as_str() {
        bad.push("kind");
    }
    for (name, a, b) in [
        ("section", &t.section, &p.section),
        ("kicker", &t.kicker, &p.kicker),
        ("headline", &t.headline, &p.headline),
        ("subheadline", &t.subheadline, &p.subheadline),
        ("byline", &t.byline, &p.byline),
        ("dateline", &t.dateline, &p.dateline),
    ] {
        if !eq_opt(a, b) {
            bad.push(name);
        }
    }
    if t.subheads != p.subheads {
        bad.push("subheads");
    }
    if t.text != p.text() {
        bad.push("text");
    }
    bad
}

/// Scores one page into `score`; returns the page's articles that were not exact.
pub fn score_page(page: &GenPage, score: &mut Score) -> Vec<String> {
    let l = layout(&page.text);
    let texts: Vec<String> = l.articles.iter().map(|a| a.text()).collect();
    let mut pairs = Vec::new();
    for (gi, t) in page.truth.iter().enumerate() {
        for (pi, pt) in texts.iter().enumerate() {
            let r = similarity(&t.text, pt, false);
            if r >= 0.3 {
                pairs.push((r, gi, pi));
            }
        }
    }
    pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut g2p = vec![None; page.truth.len()];
    let mut used = vec![false; texts.len()];
    for (r, gi, pi) in pairs {
        if g2p[gi].is_some() || used[pi] {
            continue;
        }
        g2p[gi] = Some((pi, r));
        used[pi] = true;
    }
    score.pages += 1;
    score.gold += page.truth.len();
    score.predicted += l.articles.len();
    let mut misses = Vec::new();
    for (gi, t) in page.truth.iter().enumerate() {
        let (ok, sim, bad) = match g2p[gi] {
            Some((pi, _)) => {
                let r = similarity(&t.text, &texts[pi], true);
                let bad = wrong_fields(t, &l.articles[pi]);
                (bad.is_empty(), r, bad)
            }
            None => (false, 0.0, vec!["missing"]),
        };
        if let Some((pi, _)) = g2p[gi] {
            score.confidences.push((l.articles[pi].confidence, ok));
            if sim == 1.0 {
                let flagged = l.articles[pi]
                    .flags
                    .contains(&baozhi::model::Flag::Truncated);
                let cut = t.damage.contains(&"cut");
                score.truncated[usize::from(!cut) * 2 + usize::from(!flagged)] += 1;
            }
        }
        score.sim_sum += sim;
        score.exact += usize::from(ok);
        for f in &bad {
            *score.wrong_fields.entry(f).or_default() += 1;
        }
        let mut kinds = t.damage.clone();
        kinds.sort_unstable();
        kinds.dedup();
        if kinds.is_empty() {
            kinds.push("clean");
        }
        let alone =
            (kinds.len() == 1 && kinds[0] != "clean").then(|| format!("{} alone", kinds[0]));
        kinds.push("all");
        for k in kinds.iter().map(|k| k.to_string()).chain(alone) {
            let e = score.by_damage.entry(k).or_default();
            e.0 += 1;
            e.1 += usize::from(ok);
        }
        let wanted = std::env::var("BAOZHI_GEN_DAMAGE")
            .map(|d| t.damage.iter().any(|k| *k == d) || (d == "clean" && t.damage.is_empty()))
            .unwrap_or(true);
        if !ok && wanted {
            let got = g2p[gi].map(|(pi, _)| &l.articles[pi]);
            let diff = got.map(|a| {
                let (x, y): (Vec<char>, Vec<char>) =
                    (t.text.chars().collect(), a.text().chars().collect());
                let at = x.iter().zip(&y).take_while(|(a, b)| a == b).count();
                let w = |v: &[char]| {
                    v[at.saturating_sub(20)..(at + 30).min(v.len())]
                        .iter()
                        .collect::<String>()
                };
                format!("@{at}: want {:?} got {:?}", w(&x), w(&y))
            });
            misses.push(format!(
                "diff {diff:?}\ntruth {:?}\n got {:?}\n wrong {bad:?}",
                t,
                got.map(|a| (
                    &a.section,
                    &a.kicker,
                    &a.headline,
                    &a.subheadline,
                    &a.byline,
                    &a.dateline,
                    &a.subheads,
                    a.text()
                ))
            ));
        }
    }
    // Articles that match no true one are wrong boundaries too.
    for (pi, a) in l.articles.iter().enumerate() {
        if !used[pi] {
            score.confidences.push((a.confidence, false));
        }
    }
    for f in &page.furniture {
        score.furniture_leaks += texts.iter().filter(|t| t.contains(f.as_str())).count();
        score.furniture_missed += usize::from(!l.furniture.iter().any(|x| x == f));
    }
    if misses.is_empty() && l.articles.len() == page.truth.len() {
        score.pages_exact += 1;
    }
    misses
}

/// The real articles split into (tuning, held-out) pools.
fn pools() -> Option<(Vec<Source>, Vec<Source>)> {
    let all = generator::real_sources()?;
    let (held, tune): (Vec<Source>, Vec<Source>) =
        all.into_iter().partition(|s| s.id.contains(HELD_OUT_DATE));
    Some((tune, held))
}

/// Scores `n` pages from seed `first` drawn from `pool` (plus the own articles now and then).
pub fn run(pool: &[Source], first: u64, n: u64, mix: Mix, show: usize) -> Score {
    let own = generator::own_sources();
    let mut score = Score::default();
    let mut shown = 0;
    for seed in first..first + n {
        let mut srcs = generator::choose(pool, seed);
        // One own article in about every third page: other papers' shapes.
        if seed % 3 == 0 {
            let k = (seed / 3) as usize % own.len();
            let at = (seed as usize / 7) % (srcs.len() + 1);
            srcs.insert(at, own[k].clone());
        }
        let page = generator::build(&srcs, seed, mix);
        for m in score_page(&page, &mut score) {
            if shown < show {
                eprintln!("seed {seed}: {m}\n");
                shown += 1;
            }
        }
    }
    score
}

fn show() -> usize {
    std::env::var("BAOZHI_GEN_SHOW")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Floors under the measured rates: a change that makes assembly worse on generated pages
/// fails here. Raise them as assembly improves.
const FLOOR_EXACT: f64 = 0.88;
const FLOOR_SIMILARITY: f64 = 0.975;
/// The same on the held-out pages (measured 0.752 / 0.9560).
const FLOOR_HELD_EXACT: f64 = 0.75;
const FLOOR_HELD_SIMILARITY: f64 = 0.945;

#[test]
fn generated_pages_from_real_articles() {
    let Some((tune, held)) = pools() else {
        return;
    };
    let mix = Mix { p: 0.5 };
    let first: u64 = std::env::var("BAOZHI_GEN_FIRST")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let s = run(&tune, first, 300, mix, show());
    eprintln!("{}", s.report("generated (tuning seeds 0..300)"));
    let h = run(&held, HELD_OUT, 100, mix, 0);
    eprintln!("{}", h.report("generated (held out)"));
    assert!(s.gold >= 600, "only {} articles on 300 pages", s.gold);
    assert_eq!(
        s.furniture_missed + h.furniture_missed,
        0,
        "furniture missed"
    );
    assert!(s.exact_rate() >= FLOOR_EXACT, "{}", s.report("tuning"));
    assert!(s.similarity() >= FLOOR_SIMILARITY, "{}", s.report("tuning"));
    assert!(
        h.exact_rate() >= FLOOR_HELD_EXACT,
        "{}",
        h.report("held out")
    );
    assert!(
        h.similarity() >= FLOOR_HELD_SIMILARITY,
        "{}",
        h.report("held out")
    );
    // Confidence must rank wrong articles below right ones, clearly better than chance
    // (measured 0.845 tuning, 0.782 held out).
    assert!(s.auc() >= 0.8, "{}", s.report("tuning"));
    assert!(h.auc() >= 0.76, "{}", h.report("held out"));
    // `truncated` exactly on the cut articles (of those whose text came out right).
    let [tp, fneg, fp, tn] = s.truncated;
    assert!(tp >= 50 && tn >= 300, "{}", s.report("tuning"));
    assert!((fneg + fp) * 100 <= tp + tn, "{}", s.report("tuning"));
}

#[test]
#[ignore = "slow: 5,000 pages"]
fn generated_pages_5000() {
    let Some((tune, held)) = pools() else {
        return;
    };
    let mix = Mix { p: 0.5 };
    eprintln!(
        "{}",
        run(&tune, 0, 4000, mix, show()).report("tuning 0..4000")
    );
    eprintln!(
        "{}",
        run(&held, HELD_OUT, 1000, mix, 0).report("held out 1000")
    );
}

/// The generator itself, on the articles written here: pages hold every truth field as
/// printed, the same seed gives the same page, and clean pages come out whole.
#[test]
fn generator_on_own_articles() {
    let own = generator::own_sources();
    for seed in 0..40 {
        let srcs = generator::choose(&own, seed);
        let a = generator::build(&srcs, seed, Mix { p: 0.6 });
        let b = generator::build(&srcs, seed, Mix { p: 0.6 });
        assert_eq!(a.text, b.text, "seed {seed} not deterministic");
        let page = generator::norm(&a.text.replace('\n', " "));
        let bare: String = page.chars().filter(|c| *c != ' ').collect();
        for t in &a.truth {
            for f in [&t.kicker, &t.headline, &t.section, &t.dateline]
                .into_iter()
                .flatten()
            {
                assert!(page.contains(f.as_str()), "seed {seed}: {f:?} not printed");
            }
            // A reordered body prints one paragraph in two pieces, far apart.
            let pieces_apart = t.damage.contains(&"reordered");
            for p in t.text.split('\n').filter(|_| !pieces_apart) {
                // Paragraphs may be split across lines by damage: compare without spaces.
                let p: String = p.chars().filter(|c| *c != ' ').collect();
                assert!(
                    bare.contains(&p),
                    "seed {seed}: {p:?} not printed in {}",
                    a.text
                );
            }
        }
    }
    let mut s = Score::default();
    for seed in 0..30 {
        let srcs = generator::choose(&own, seed);
        for m in score_page(&generator::build(&srcs, seed, Mix { p: 0.0 }), &mut s) {
            if show() > 0 {
                eprintln!("own seed {seed}: {m}\n");
            }
        }
    }
    eprintln!("{}", s.report("own articles, clean"));
    assert!(s.gold >= 60);
    // Where the data folder is absent this is what keeps assembly measured.
    assert!(s.exact_rate() >= 0.95, "{}", s.report("own articles"));
}

/// Prints the tuning page of seed `BAOZHI_GEN_SEED` with its blocks and articles, for
/// looking at a miss (`cargo test --test integration show_generated_page -- --ignored
/// --nocapture`).
#[test]
#[ignore = "a tool, not a test"]
fn show_generated_page() {
    let Some((tune, _)) = pools() else {
        return;
    };
    let seed: u64 = std::env::var("BAOZHI_GEN_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let own = generator::own_sources();
    let mut srcs = generator::choose(&tune, seed);
    if seed.is_multiple_of(3) {
        let k = (seed / 3) as usize % own.len();
        let at = (seed as usize / 7) % (srcs.len() + 1);
        srcs.insert(at, own[k].clone());
    }
    let page = generator::build(&srcs, seed, Mix { p: 0.5 });
    let bl = blocks::classify(&normalize::normalize(&page.text));
    for b in &bl {
        let t: String = b.text.chars().take(50).collect();
        eprintln!("{:>4} {} {:?} {t}", b.line, b.blank_before, b.class);
    }
    for t in &page.truth {
        eprintln!(
            "TRUTH {:?} {:?} {:?} {:?}",
            t.damage, t.section, t.kicker, t.headline
        );
    }
    for a in articles::assemble(&bl).articles {
        eprintln!(
            "ART {:?} {:?} {:?} {:?} flags {:?} conf {} lines {}",
            a.section,
            a.kicker,
            a.headline,
            a.byline,
            a.flags,
            a.confidence,
            a.source_lines()
        );
    }
}
