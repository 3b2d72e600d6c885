#!/usr/bin/env python3
"""Derives data/admin_divisions.tsv and data/world_places.tsv from jionlp's dictionary files.

    python3 data/derive.py JIONLP_DICTIONARY_DIR

JIONLP_DICTIONARY_DIR is the `jionlp/dictionary/` folder of the jionlp wheel (see data/README.md).
Only provinces, prefectures and counties are kept (levels 0-2); towns and villages are left out.
"""
import io, os, sys, zipfile

src = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
with zipfile.ZipFile(os.path.join(src, 'china_location.zip')) as z:
    text = z.read('china_location.txt').decode('utf-8')
ZONE_WORDS = ('开发区', '园区', '新区', '保税区', '示范区', '工业园', '管理区', '试验区', '合作区', '实验区', '管委会')
rows = set()
for line in text.split('\n'):
    depth = len(line) - len(line.lstrip('\t'))
    if depth > 2 or not line.strip():
        continue
    parts = line.strip('\t').split('\t')
    full = parts[0]
    short = parts[2] if len(parts) > 2 else ''
    # Development zones and the like are not administrative divisions in news usage, and
    # their short forms (高新区, 经开区) are generic words.
    if any(k in full for k in ZONE_WORDS):
        continue
    if short == full:
        short = ''
    rows.add((full, short, str(depth)))
with open(os.path.join(here, 'admin_divisions.tsv'), 'w', encoding='utf-8') as f:
    f.write('# full\tshort\tlevel (0 province, 1 prefecture, 2 county); from jionlp china_location\n')
    for r in sorted(rows, key=lambda r: (int(r[2]), r[0])):
        f.write('\t'.join(r) + '\n')

places = set()
with open(os.path.join(src, 'world_location.txt'), encoding='utf-8') as f:
    for line in f:
        line = line.rstrip('\n')
        if not line or line.endswith(':'):
            continue
        parts = line.split('\t')
        names = [parts[0]] + parts[1:3]
        if len(parts) > 3:
            names += parts[3].split('/')
        for n in names:
            n = n.strip()
            if len(n) >= 2 and n not in ('中国',):
                places.add(n)
places.add('中国')
with open(os.path.join(here, 'world_places.tsv'), 'w', encoding='utf-8') as f:
    f.write('# countries (short and official names), capitals and major cities; from jionlp world_location\n')
    for n in sorted(places):
        f.write(n + '\n')
