//! `baozhi inspect` and `convert --report --inspect-pages`: what is written where, page
//! text escaped, the tables unchanged by the extra outputs.

use crate::util::*;

fn fixture(name: &str) -> std::path::PathBuf {
    repo().join("tests/fixtures/inspect").join(name)
}

/// Tags of an HTML text, lower-cased names, in order.
fn tags(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '/' || *c == '!')
            .collect();
        out.push(name.to_ascii_lowercase());
    }
    out
}

#[test]
fn inspect_writes_page_inspect_html_in_the_current_folder() {
    let tmp = tempdir();
    let out = run_ok(
        tmp.path(),
        &["inspect", fixture("hostile.txt").to_str().unwrap()],
        0,
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.trim_end().ends_with("→ hostile.inspect.html"),
        "{stderr}"
    );
    let html = std::fs::read_to_string(tmp.path().join("hostile.inspect.html")).unwrap();
    // Page text comes out as text: no element of it, every `<` escaped.
    let tags = tags(&html);
    for bad in ["script", "img", "iframe", "textarea", "!--"] {
        assert!(!tags.iter().any(|t| t == bad), "<{bad}> in the page");
    }
    assert_eq!(
        tags.iter().filter(|t| *t == "style").count(),
        1,
        "only our style sheet"
    );
    assert!(html.contains("&lt;script&gt;alert(&quot;标题&quot;)&lt;/script&gt;"));
    assert!(html.contains("&lt;/textarea&gt;&lt;img src=x onerror=alert(1)&gt;"));
    assert!(html.contains("家长&quot;onerror=&quot;alert(2)说"));
    assert!(!html.contains(r#"href="javascript"#));
    // The headline, the article it went to, the numbers marked.
    assert!(html.contains(r#"data-line="1" data-class="headline" data-article="a01""#));
    assert!(html.contains(r#"data-kind="MONEY""#));
}

#[test]
fn inspect_output_option_and_usage_errors() {
    let tmp = tempdir();
    let page = fixture("repaired.txt");
    run_ok(
        tmp.path(),
        &[
            "inspect",
            page.to_str().unwrap(),
            "-o",
            "x.html",
            "--date",
            "2023-12-29",
        ],
        0,
    );
    let html = std::fs::read_to_string(tmp.path().join("x.html")).unwrap();
    assert!(html.contains(r#"<dd data-issue="date">2023-12-29</dd>"#));
    // The repairs are drawn: a struck duplicate, a join, numbered fragments.
    assert!(html.contains("<del>今年以来"));
    assert!(html.contains("┌¶1") && html.contains("└¶1"));
    assert!(html.contains(r#"<span class="frag">2</span>"#));
    let bad = run_ok(
        tmp.path(),
        &["inspect", page.to_str().unwrap(), "--date", "29.12.2023"],
        2,
    );
    assert!(String::from_utf8_lossy(&bad.stderr).contains("YYYY-MM-DD"));
    run_ok(tmp.path(), &["inspect", "."], 2);
    run_ok(
        tmp.path(),
        &["inspect", page.to_str().unwrap(), "-o", "no/such/x.html"],
        2,
    );
}

#[test]
fn report_and_inspect_pages_beside_unchanged_tables() {
    let tmp = tempdir();
    let pages = tmp.path().join("in");
    std::fs::create_dir_all(pages.join("2023/03")).unwrap();
    std::fs::write(pages.join("2023/03/p01.txt"), sample()).unwrap();
    std::fs::copy(fixture("hostile.txt"), pages.join("hostile.txt")).unwrap();
    std::fs::write(pages.join("bad.txt"), b"\xff\xfe\x00\xd8 broken").unwrap();
    let plain = run(tmp.path(), &["convert", "in", "-o", "plain", "--quiet"]);
    assert_eq!(plain.status.code(), Some(1));
    for _ in 0..2 {
        // Twice: the second run replaces the first one's inspect folder.
        let out = run(
            tmp.path(),
            &[
                "convert",
                "in",
                "-o",
                "rich",
                "--quiet",
                "--report",
                "--inspect-pages",
                "-j",
                "2",
            ],
        );
        assert_eq!(
            out.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(
        text_outputs(&tmp.path().join("plain")),
        text_outputs(&tmp.path().join("rich")),
        "the tables do not depend on --report"
    );
    let mut pages: Vec<String> = std::fs::read_dir(tmp.path().join("rich/inspect"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    assert_eq!(pages, ["2023%2F03%2Fp01.html", "bad.html", "hostile.html"]);
    let report = std::fs::read_to_string(tmp.path().join("rich/report.html")).unwrap();
    assert!(report.contains(r#"<a href="inspect/2023%252F03%252Fp01.html">2023/03/p01</a>"#));
    assert!(report.contains(r#"<dd data-total="files">3</dd>"#));
    assert!(report.contains(r#"<dd data-total="errors">1</dd>"#));
    assert!(report.contains("<code>bad.txt</code>"));
    assert!(!tags(&report).iter().any(|t| t == "script"));
    assert!(!tmp.path().join("plain/report.html").exists());
}

#[test]
fn incremental_runs_keep_the_pages_of_unchanged_issues() {
    let tmp = tempdir();
    let input = tmp.path().join("in");
    std::fs::create_dir_all(input.join("2023/03")).unwrap();
    std::fs::write(input.join("2023/03/p01.txt"), sample()).unwrap();
    let args = [
        "convert",
        "in",
        "-o",
        "out",
        "--quiet",
        "--report",
        "--inspect-pages",
        "--incremental",
    ];
    let names = || -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(tmp.path().join("out/inspect"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    let first = run(tmp.path(), &args);
    assert_eq!(first.status.code(), Some(0));
    let page = std::fs::read(tmp.path().join("out/inspect/2023%2F03%2Fp01.html")).unwrap();
    std::fs::write(input.join("2023/03/p02.txt"), sample()).unwrap();
    let second = run(tmp.path(), &args);
    assert_eq!(second.status.code(), Some(0));
    assert_eq!(names(), ["2023%2F03%2Fp01.html", "2023%2F03%2Fp02.html"]);
    assert_eq!(
        std::fs::read(tmp.path().join("out/inspect/2023%2F03%2Fp01.html")).unwrap(),
        page,
        "the unchanged issue's page is kept as it was"
    );
    let report = std::fs::read_to_string(tmp.path().join("out/report.html")).unwrap();
    assert!(
        report.contains(r#"<dd data-total="files">1</dd>"#),
        "{report}"
    );
    assert!(report.contains(r#"data-kept="1""#));
    // A page removed by hand makes its issue convert again, so it comes back.
    std::fs::remove_file(tmp.path().join("out/inspect/2023%2F03%2Fp01.html")).unwrap();
    let third = run(tmp.path(), &args);
    assert_eq!(third.status.code(), Some(0));
    assert_eq!(names(), ["2023%2F03%2Fp01.html", "2023%2F03%2Fp02.html"]);
}
