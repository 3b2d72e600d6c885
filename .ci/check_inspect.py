#!/usr/bin/env python3
"""Checks HTML pages of baozhi as a browser built them (chromium --dump-dom), against the
tables of the same run. Standard library only.

    check_inspect.py page DOM.html TABLES_DIR SOURCE.txt
        the inspect page: every article's headline and text, every number and entity
        surface at its field and offset, one row per non-blank line, and no element or
        attribute that page text could have created.
    check_inspect.py report DOM.html RUN_DIR FILES
        the run report: totals, one row per issue, links that resolve, no foreign element.
"""
import json
import sys
from html.parser import HTMLParser
from pathlib import Path

# Every element the templates write (tbody is the browser's); anything else came from text.
ALLOWED = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "div", "span",
    "code", "dl", "dt", "dd", "b", "del", "mark", "table", "tbody", "tr", "td", "th",
    "section", "article", "p", "a", "svg", "g", "rect", "text",
}
VOID = {"meta"}


class Dom(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, attrs)
        self.problems = []
        self.styles = 0
        self.fields = {}  # (article, field) -> text
        self.marks = {}  # (article, field, mark id) -> [offset, text, kind]
        self.lines = []  # data-line of rows with a class
        self.links = []
        self.totals = {}
        self.issue_rows = 0
        self._key = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag not in ALLOWED:
            self.problems.append(f"element <{tag}> that the templates never write")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"event attribute {name} on <{tag}>")
            if name in ("href", "src") and value and value.lower().lstrip().startswith("javascript"):
                self.problems.append(f"script URL in <{tag} {name}>")
        if tag == "style":
            self.styles += 1
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        if tag == "tr" and "data-line" in a:
            self.lines.append(int(a["data-line"]))
        if tag == "p" and "data-para" in a:
            key = self.field_key()
            if key and self.fields.get(key):
                self.fields[key] += "\n"
        if tag not in VOID:
            self.stack.append((tag, a))
        if "data-field" in a or "data-furniture" in a:
            self.fields.setdefault(self.field_key(), "")
        if "data-total" in a:
            self._key = a["data-total"]
        if tag == "a" and a.get("href", "").startswith("inspect/"):
            self.issue_rows += 1

    def handle_endtag(self, tag):
        # The DOM dump is well formed: pop to the matching element.
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break
        if tag == "dd":
            self._key = None

    def field_key(self):
        article, field = None, None
        for tag, a in self.stack:
            if tag == "article" and "data-article" in a:
                article = a["data-article"]
            if "data-field" in a:
                field = a["data-field"]
            if "data-furniture" in a:
                article, field = "", "furniture:" + a["data-furniture"]
        return (article, field) if field else None

    def handle_data(self, data):
        if self._key:
            self.totals[self._key] = self.totals.get(self._key, "") + data
        key = self.field_key()
        if key is None:
            return
        # Paragraph numbers are labels, not text.
        if any(a.get("class") == "pl" for _, a in self.stack):
            return
        if key[1] == "text" and not any(a.get("class") == "pt" for _, a in self.stack):
            return
        text = self.fields[key]
        for tag, a in self.stack:
            if tag == "mark" and "data-mark" in a:
                m = self.marks.setdefault((key[0], key[1], a["data-mark"]), [len(text), "", a.get("data-kind")])
                m[1] += data
        self.fields[key] = text + data


def parse(path):
    dom = Dom()
    dom.feed(Path(path).read_text(encoding="utf-8"))
    dom.close()
    return dom


def rows(path):
    return [json.loads(l) for l in Path(path).read_text(encoding="utf-8").splitlines() if l.strip()]


def check_page(dom_path, tables, source):
    dom = parse(dom_path)
    bad = list(dom.problems)
    if dom.styles != 1:
        bad.append(f"{dom.styles} style elements, expected the page's one")
    articles = rows(Path(tables) / "articles.jsonl")
    numbers = rows(Path(tables) / "numbers.jsonl")
    entities = rows(Path(tables) / "entities.jsonl")
    short = lambda aid: aid.rsplit("-", 1)[-1] if aid else ""
    for a in articles:
        k = short(a["article_id"])
        for field in ("kicker", "headline", "subheadline", "byline", "dateline", "text"):
            want = a[field] or ""
            got = dom.fields.get((k, field), "")
            if got != want:
                bad.append(f"{k} {field}: page shows {got[:60]!r}, table has {want[:60]!r}")
    marks = {}
    for (k, field, _), (offset, text, kind) in dom.marks.items():
        marks.setdefault((k, field, offset, text, kind), 0)
        marks[(k, field, offset, text, kind)] += 1
    furniture = {}
    for (k, field, _), (offset, text, kind) in dom.marks.items():
        if field.startswith("furniture:"):
            furniture.setdefault((offset, text, kind), 0)
            furniture[(offset, text, kind)] += 1
    for n in numbers:
        key = (short(n["article_id"]), n["field"], n["start"], n["surface"], n["kind"])
        if marks.get(key, 0) < 1:
            bad.append(f"number {n['number_id']} {n['surface']!r} not marked at {n['field']}:{n['start']}")
        else:
            marks[key] -= 1
    for e in entities:
        if e["field"] == "furniture":
            key = (e["start"], e["surface"], e["type"])
            if furniture.get(key, 0) < 1:
                bad.append(f"entity {e['entity_id']} {e['surface']!r} not marked in furniture")
            else:
                furniture[key] -= 1
            continue
        key = (short(e["article_id"]), e["field"], e["start"], e["surface"], e["type"])
        if marks.get(key, 0) < 1:
            bad.append(f"entity {e['entity_id']} {e['surface']!r} not marked at {e['field']}:{e['start']}")
        else:
            marks[key] -= 1
    text = Path(source).read_bytes().decode("utf-8", errors="replace")
    nonblank = sum(1 for l in text.splitlines() if l.strip())
    if len(dom.lines) != nonblank:
        bad.append(f"{len(dom.lines)} page rows with a class, the file has {nonblank} non-blank lines")
    for href in dom.links:
        if not href.startswith("#"):
            bad.append(f"link out of the page: {href}")
    report(dom_path, bad, f"{len(articles)} articles, {len(numbers)} numbers, {len(entities)} entities")


def check_report(dom_path, run_dir, files):
    dom = parse(dom_path)
    bad = list(dom.problems)
    issues = rows(Path(run_dir) / "issues.jsonl")
    if dom.totals.get("files") != str(int(files)) or len(issues) != int(files):
        bad.append(f"report says {dom.totals.get('files')} files, the run had {files}")
    want = {"articles": 0, "numbers": 0, "entities": 0}
    for i in issues:
        for k in want:
            want[k] += i[k]
    for k, v in want.items():
        if dom.totals.get(k) != str(v):
            bad.append(f"report says {dom.totals.get(k)} {k}, issues.jsonl sums to {v}")
    if dom.issue_rows != len(issues):
        bad.append(f"{dom.issue_rows} issues linked, expected {len(issues)}")
    from urllib.parse import unquote
    for href in dom.links:
        if href.startswith("inspect/") and not (Path(run_dir) / unquote(href)).is_file():
            bad.append(f"link to a missing page: {href}")
    report(dom_path, bad, f"{files} files, {want['articles']} articles")


def report(path, bad, summary):
    if bad:
        print(f"{path}: {len(bad)} problems")
        for b in bad[:40]:
            print("  " + b)
        sys.exit(1)
    print(f"{path}: ok ({summary})")


if __name__ == "__main__":
    if sys.argv[1] == "page":
        check_page(*sys.argv[2:5])
    elif sys.argv[1] == "report":
        check_report(*sys.argv[2:5])
    else:
        sys.exit(__doc__)
