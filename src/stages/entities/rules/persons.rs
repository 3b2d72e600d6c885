//! Person candidates the tagger does not give: names after a job title (with the title),
//! foreign names after a title, names withheld as 张某. Bare names in running text are the
//! tagger's: the rules that read them before a verb of saying or from jieba's nr tags
//! added more wrong names than right ones on the `ner-train` dev split (强调, 白皮书).

use super::*;

impl Rules {
    /// Persons: a name after a job title (市委书记 + name), a withheld name (张某).
    pub(super) fn persons(
        &self,
        chars: &[char],
        toks: &[Tok],
        bounds: &Bounds,
        out: &mut Vec<Cand>,
    ) {
        for i in 0..chars.len() {
            // Every rule below starts with a surname or a transliterated name at `i`.
            if !self.person_firsts.contains(chars[i]) {
                continue;
            }
            self.foreign_after_title(chars, i, out);
            let Some(sl) = lexicon::surname_len(chars, i) else {
                continue;
            };
            // Names withheld by courts and police: surname + 某 (张某, 李某某).
            if chars.get(i + sl) == Some(&'某') {
                let mut e = i + sl + 1;
                if chars.get(e) == Some(&'某') {
                    e += 1;
                }
                let next = chars.get(e).copied();
                if next.is_none_or(|c| !"地些种个天项处部人方时类件家位次年月日".contains(c))
                    && (i == 0 || !is_han(chars[i - 1]) || bounds.ends(i))
                {
                    out.push(Cand::rule(i, e, EntityType::Person, 5));
                    continue;
                }
            }
            // After a job title.
            if let Some(tl) = self.titles.longest_suffix(chars, i) {
                if let Some(len) = self.name_len_after(chars, toks, bounds, i, sl) {
                    let mut ts = i - tl;
                    while let Some(pl) = self.title_prefixes.longest_suffix(chars, ts) {
                        // A one-char division word after a Han char ends a place name
                        // (舟山市 + 市长), it is no part of the title.
                        if pl == 1
                            && "省市县区州镇乡村".contains(chars[ts - 1])
                            && ts >= 2
                            && is_han(chars[ts - 2])
                        {
                            break;
                        }
                        ts -= pl;
                    }
                    let title: String = chars[ts..i].iter().collect();
                    // A title and a name are strong evidence: they outrank grown names
                    // (副局长周晓峰 is no mountain 峰).
                    let mut c = Cand::rule(i, i + len, EntityType::Person, 5);
                    c.prio = 1;
                    c.title = Some(title);
                    out.push(c);
                    continue;
                }
            }
        }
    }

    /// A transliterated foreign name after a title (总统 + 拜登, 秘书长 + 古特雷斯).
    fn foreign_after_title(&self, chars: &[char], i: usize, out: &mut Vec<Cand>) {
        if !chars
            .get(i)
            .is_some_and(|&c| crate::char_set!(TRANSLIT_NAME).contains(c))
        {
            return;
        }
        let Some(tl) = self.titles.longest_suffix(chars, i) else {
            return;
        };
        let title_chars = &chars[i - tl..i];
        if !FOREIGN_TITLES
            .iter()
            .any(|t| t.chars().eq(title_chars.iter().copied()))
        {
            return;
        }
        let title: String = title_chars.iter().collect();
        let mut e = i;
        while e < chars.len()
            && e - i < 10
            && (crate::char_set!(TRANSLIT_NAME).contains(chars[e]) || chars[e] == '·')
        {
            e += 1;
        }
        if (2..=10).contains(&(e - i)) && chars[e - 1] != '·' {
            let mut c = Cand::rule(i, e, EntityType::Person, 5);
            c.title = Some(title);
            out.push(c);
        }
    }

    /// Whether `chars[s..e]` can be a given name (Han, no function-word chars, not an
    /// honorific, not a place or thing suffix, not a transliteration).
    fn is_given(&self, chars: &[char], s: usize, e: usize) -> bool {
        if e <= s
            || e > chars.len()
            || !chars[s..e]
                .iter()
                .all(|&c| is_han(c) && !crate::char_set!(NON_NAME).contains(c))
        {
            return false;
        }
        let given = &chars[s..e];
        let honorific = HONORIFICS
            .iter()
            .any(|h| h.chars().eq(given.iter().copied()));
        if honorific
            || given
                .iter()
                .any(|&c| crate::char_set!(TRANSLIT).contains(c))
        {
            return false;
        }
        if e - s == 1
            && crate::char_set!("宫殿庙寺楼馆院局部厅所省市县区镇乡村雨雪风").contains(chars[s])
        {
            return false;
        }
        !(e - s == 2 && crate::char_set!(NOT_NAME_END).contains(chars[e - 1]))
    }

    /// Length of the name (surname included) that starts at `i` right after a title.
    fn name_len_after(
        &self,
        chars: &[char],
        toks: &[Tok],
        bounds: &Bounds,
        i: usize,
        sl: usize,
    ) -> Option<usize> {
        let follows = |end: usize| {
            end == chars.len()
                || !is_han(chars[end])
                || crate::char_set!(NAME_FOLLOW).contains(chars[end])
                || self.speech.longest_prefix(chars, end).is_some()
                || self.titles.longest_prefix(chars, end).is_some()
        };
        for len in [sl + 2, sl + 1] {
            if i + len <= chars.len() && self.is_given(chars, i + sl, i + len) && follows(i + len) {
                return Some(len);
            }
        }
        // The name ends where a word that cannot continue it begins (赵磊 + 当场).
        for len in [sl + 2, sl + 1] {
            if i + len <= chars.len() && self.is_given(chars, i + sl, i + len) {
                if let Some(k) = bounds.starting(i + len) {
                    let n = &toks[k];
                    if !n.tag.starts_with('n') && n.len() >= 2
                        || matches!(
                            n.tag.as_bytes().first(),
                            Some(b'v' | b'p' | b'c' | b'd' | b'u')
                        )
                    {
                        return Some(len);
                    }
                }
            }
        }
        // No clear boundary: trust jieba's person token, or one-char pieces it left unjoined.
        let k = bounds.starting(i)?;
        let t = &toks[k];
        if (2..=3).contains(&t.len())
            && t.tag.starts_with("nr")
            && self.is_given(chars, i + sl, t.e)
        {
            return Some(t.len());
        }
        None
    }
}
