//! Editors named in furniture lines (责任编辑：刘洋 美术编辑：陈静), and the job words
//! of those lines, which are never persons.

use super::{Cand, PRIO_STRUCTURE};
use crate::model::{EntityType, Role};
use crate::zh::chars::is_han;
use crate::zh::lexicon::WordSet;

/// Job words of furniture lines that name editors (值班编委 某某).
pub(super) const EDITOR_WORDS: &[&str] = &[
    "美术编辑",
    "本版编辑",
    "文字编辑",
    "图片编辑",
    "版面编辑",
    "视觉编辑",
    "版面设计",
    "美术",
    "审校",
    "排版",
    "制图",
    "值班编委",
    "值班总编",
    "值班主任",
    "责任编辑",
    "值班编辑",
    "总编辑",
    "责编",
    "编辑",
    "美编",
    "校对",
    "审读",
    "签发",
    "版式",
    "组版",
    "本版统筹",
    "统筹",
];

/// Editors named in a furniture line: 值班编委 凌某, 责任编辑：张三 李四 美术编辑：王五.
/// The line is read as runs of Han chars: a run that is a job word (or ends with one:
/// 美术编辑, 本版编辑) opens a credit, the runs of 2–4 Han chars after it are its names
/// (a job word glued to a name, 责编刘洋, is split), any other run closes it.
pub(super) fn editors(jobs: &WordSet, chars: &[char]) -> Vec<Cand> {
    let mut out = Vec::new();
    let mut open = false;
    let mut i = 0;
    while i < chars.len() {
        if !is_han(chars[i]) {
            i += 1;
            continue;
        }
        let mut s = i;
        while i < chars.len() && is_han(chars[i]) {
            i += 1;
        }
        let run = &chars[s..i];
        if jobs.longest_suffix(run, run.len()).is_some() {
            open = true;
            continue;
        }
        if let Some(l) = jobs.longest_prefix(run, 0) {
            open = true;
            s += l;
        }
        if !open {
            continue;
        }
        // A one-char name padded with a space is the first half of a two-char name (周 健).
        let mut e = i;
        if e == s + 1
            && e + 1 < chars.len()
            && chars[e] == ' '
            && is_han(chars[e + 1])
            && chars.get(e + 2).is_none_or(|c| !is_han(*c))
        {
            e += 2;
            i = e;
        }
        let han = chars[s..e].iter().filter(|c| is_han(**c)).count();
        if (2..=4).contains(&han) {
            let mut c = Cand::new(s, e, EntityType::Person, PRIO_STRUCTURE);
            c.role = Some(Role::Editor);
            out.push(c);
        } else {
            open = false;
        }
    }
    out
}

/// Whether `chars` is exactly a job word of an editor line (校对, 美术编辑): never a person.
pub(super) fn is_job_word(jobs: &WordSet, chars: &[char]) -> bool {
    jobs.longest_prefix(chars, 0) == Some(chars.len())
}
