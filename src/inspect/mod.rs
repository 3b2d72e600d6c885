//! `baozhi inspect` and the run report: what the converter did, as HTML a person can look
//! at. `model` turns one issue's pipeline outputs into a view (no HTML), `html` renders it,
//! `report` sums up a run. Like the writers, nothing here changes the tables.

pub mod html;
pub mod model;
pub mod report;

use crate::model::IssueRecord;
use crate::pipeline::Trace;

/// The inspect page of one converted issue.
pub fn page(rec: &IssueRecord, trace: &Trace) -> String {
    html::render(&model::build(rec, trace))
}

/// The file name of an issue's inspect page in `DIR/inspect/`: the issue id with every
/// character but letters, digits, `-`, `_` and `.` written as `%XX` (so `2023/03/06/p01`
/// stays one file, and no id can climb out of the folder), shortened when very long.
pub fn file_name(issue_id: &str) -> String {
    let mut name = String::new();
    for c in issue_id.chars() {
        if c.is_alphanumeric() || matches!(c, '-' | '_') || (c == '.' && !name.is_empty()) {
            name.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                name.push_str(&format!("%{b:02X}"));
            }
        }
    }
    // File names are at most 255 bytes on common file systems.
    if name.len() > 200 {
        use sha2::{Digest, Sha256};
        let mut cut = 160;
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        let digest = Sha256::digest(issue_id.as_bytes());
        let tail: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
        name = format!("{}~{tail}", &name[..cut]);
    }
    name.push_str(".html");
    name
}

/// A link to `inspect/NAME` as written in an `href`: `%` itself escaped.
pub fn href(issue_id: &str) -> String {
    format!("inspect/{}", file_name(issue_id).replace('%', "%25"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_stay_in_the_folder_and_differ() {
        assert_eq!(file_name("2023/03/06/p01"), "2023%2F03%2F06%2Fp01.html");
        assert_eq!(file_name("../x"), "%2E.%2Fx.html");
        assert_eq!(file_name("江城日报-01"), "江城日报-01.html");
        assert_ne!(file_name("a/b"), file_name("a_b"));
        assert_ne!(file_name("a/b"), file_name("a%2Fb"));
        let long = file_name(&"长".repeat(300));
        assert!(long.len() <= 210 && long.ends_with(".html"), "{long}");
        assert_eq!(href("a/b"), "inspect/a%252Fb.html");
    }
}
