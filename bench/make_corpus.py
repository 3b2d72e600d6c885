#!/usr/bin/env python3
"""Generates an archive-shaped corpus for throughput runs: YYYY/MM/DD/pNN.txt page files,
varied by recombining the paragraphs of source pages, perturbing their numbers, and
writing about one file in eight as GB18030. Deterministic for a given seed.

    make_corpus.py OUT_DIR SIZE_MB [SOURCE_FILE_OR_DIR ...]
    make_corpus.py --issues N OUT_DIR [SOURCE_FILE_OR_DIR ...]

With --issues, writes N dated issues spread over three years (2020-2022; each page starts
with its date line, so baozhi infers the year), about one in eight GB18030, one UTF-16LE
with a BOM, and one bad file (PNG bytes): the corpus of the Spark test (.ci/spark.sh).
"""
import os
import random
import re
import sys
from pathlib import Path


def sources(args):
    pages = []
    for a in args:
        p = Path(a)
        files = sorted(p.rglob("*.txt")) if p.is_dir() else [p]
        for f in files:
            try:
                text = f.read_text(encoding="utf-8")
            except (UnicodeDecodeError, OSError):
                continue
            blocks = [b for b in text.split("\n") if b.strip()]
            if len(blocks) >= 3:
                pages.append(blocks)
    if not pages:
        sys.exit("make_corpus: no UTF-8 source pages")
    return pages


def perturb(line, rng):
    out = []
    for ch in line:
        if ch.isdigit() and ch.isascii() and rng.random() < 0.3:
            ch = str(rng.randrange(10))
        out.append(ch)
    return "".join(out)


def page(pages, rng):
    blocks = []
    target = rng.randrange(8_000, 40_000)
    size = 0
    while size < target:
        src = rng.choice(pages)
        start = rng.randrange(len(src))
        for b in src[start:start + rng.randrange(3, 25)]:
            b = perturb(b, rng)
            blocks.append(b)
            size += len(b.encode("utf-8"))
    sep = ["\n\n", "\n\n", "\n\n\n\n", "\n"]
    text = ""
    for b in blocks:
        text += b + rng.choice(sep)
    return text


def issues(out, n_issues, pages):
    rng = random.Random(20200101)
    for n in range(n_issues):
        y, m, d = 2020 + n % 3, 1 + (n // 3) % 12, 1 + (n // 36) % 28
        path = out / f"{y}/{m:02}/{d:02}/p{n:03}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        # Every year the text names is the issue's, so the inferred year is the folder's.
        body = re.sub(r"\d{4}年", f"{y}年", page(pages, rng)[:6000])
        text = f"{y}年{m}月{d}日 星期{'一二三四五六日'[n % 7]}\n\n" + body
        if n == 1:
            data = text.encode("utf-16-le")
            data = b"\xff\xfe" + data
        elif n % 8 == 7:
            data = text.encode("gbk", errors="replace")
        else:
            data = text.encode("utf-8")
        path.write_bytes(data)
    (out / "2021" / "bad.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    print(f"{n_issues} issues and 1 bad file in {out}")


def main():
    if sys.argv[1] == "--issues":
        out = Path(sys.argv[3])
        issues(out, int(sys.argv[2]), sources(sys.argv[4:] or ["seeds"]))
        return
    out, mb = Path(sys.argv[1]), float(sys.argv[2])
    pages = sources(sys.argv[3:] or ["seeds"])
    rng = random.Random(20220212)
    total, n = 0, 0
    limit = int(mb * 1_000_000)
    while total < limit:
        y, m, d = 2015 + n // 3000, 1 + (n // 100) % 12, 1 + (n // 4) % 28
        path = out / f"{y}/{m:02}/{d:02}/p{n % 4 + 1:02}-{n}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = page(pages, rng)
        data = text.encode("gb18030") if n % 8 == 7 else text.encode("utf-8")
        path.write_bytes(data)
        total += len(data)
        n += 1
    print(f"{n} files, {total / 1e6:.1f} MB in {out}")


if __name__ == "__main__":
    main()
