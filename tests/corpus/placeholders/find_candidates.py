#!/usr/bin/env python3
"""Candidates for the labels: which paragraphs of the site repos occur in a template's history.

Indexes every paragraph (blank-line separated, whitespace collapsed, case-folded, 30 characters
or more) of every content blob (.md .markdown .html .htm .yml .yaml .json .bib .toml .txt, not
under _layouts/ _includes/ _sass/) in every commit of the given template git directories (bare
or partial clones, e.g. the ones `fetch` brings to /work/.mirror/OWNER+NAME/repo), then prints,
for each file of the sites corpus, how many of its paragraphs occur there and where first.

A hit is a candidate, not a label: functional pages (layouts, archive pages, config) match too,
and a paragraph may be real text a template also ships. Every label was decided by reading.

  find_candidates.py SITES_DIR TEMPLATE_GIT_DIR...     (e.g. ../shared/corpus/sites /work/.mirror/poole+lanyon/repo)
"""
import os
import re
import subprocess
import sys

EXTS = ('.md', '.markdown', '.html', '.htm', '.yml', '.yaml', '.json', '.bib', '.toml', '.txt')
SKIP = ('/_layouts/', '/_includes/', '/_sass/', '/node_modules/', '/assets/js/')
SEP = re.compile(r'\n\s*\n')


def norm(s):
    return re.sub(r'\s+', ' ', s).strip().lower()


def index(repos):
    idx = {}
    for repo in repos:
        name = os.path.basename(os.path.dirname(os.path.abspath(repo))).split('+')[-1]
        # --missing=allow-any: the fetched mirrors are partial clones
        objs = subprocess.run(['git', '-C', repo, 'rev-list', '--all', '--objects', '--missing=allow-any'],
                              capture_output=True, text=True).stdout.splitlines()
        want = {}
        for line in objs:
            parts = line.split(' ', 1)
            if len(parts) == 2 and parts[1].endswith(EXTS) and not any(d in '/' + parts[1] for d in SKIP):
                want.setdefault(parts[0], parts[1])
        p = subprocess.run(['git', '-C', repo, 'cat-file', '--batch'], input=''.join(h + '\n' for h in want).encode(),
                           capture_output=True)
        data, pos = p.stdout, 0
        while pos < len(data):
            nl = data.index(b'\n', pos)
            hdr = data[pos:nl].split()
            if len(hdr) < 3 or hdr[1] == b'missing':
                pos = nl + 1
                continue
            size = int(hdr[2])
            body = data[nl + 1:nl + 1 + size]
            pos = nl + 2 + size
            if size > 300000:
                continue
            for para in SEP.split(body.decode('utf-8', 'replace').replace('\r\n', '\n')):
                if len(norm(para)) >= 30:
                    idx.setdefault(norm(para), set()).add((name, want[hdr[0].decode()]))
        print(f'{name}: {len(want)} blobs', file=sys.stderr)
    return idx


def main():
    sites, repos = sys.argv[1], sys.argv[2:]
    idx = index(repos)
    for repo in sorted(os.listdir(sites)):
        top = os.path.join(sites, repo)
        if not os.path.isdir(top):
            continue
        for dp, _, fn in sorted(os.walk(top)):
            for f in sorted(fn):
                path = os.path.join(dp, f)
                rel = os.path.relpath(path, top)
                text = open(path, 'rb').read().decode('utf-8', 'replace').replace('\r\n', '\n')
                hits, total, line = [], 0, 1
                for block in re.split(r'(\n\s*\n)', text):
                    if block.strip() and len(norm(block)) >= 30:
                        total += 1
                        if norm(block) in idx:
                            src = sorted(idx[norm(block)])[0]
                            hits.append(f'    line {line}: {src[0]}:{src[1]}: {norm(block)[:80]}')
                    line += block.count('\n')
                if hits:
                    print(f'{repo}/{rel}: {len(hits)} of {total} paragraphs')
                    print('\n'.join(hits))


if __name__ == '__main__':
    main()
