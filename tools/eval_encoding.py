#!/usr/bin/env python3
"""Measures kempt's `encoding` pass on real site pages (issue 13, item 6 and acceptance).

Three parts, each over a copy of the corpus (the corpus itself is never written):

A. Re-encoded pages. Every UTF-8 page with non-ASCII text is re-encoded in each code page
   its language used that can hold the whole page (an HTML charset declaration is rewritten
   to that page's name, as the old page would have said). Per site and code page, a copy of
   the site with each such page re-encoded (the other files as they are) is run through
   `kempt fix --only encoding`, since the pass lets confident files of a site vote; then each
   page alone in a folder ("isolated"). Each page ends converted exactly, converted wrong,
   or left (with the finding's message).
B. The corpus as it is: UTF-8 files must not change (a UTF-8 BOM may go, a charset
   declaration may come to say UTF-8); every legacy file is listed with the decision.
C. The real legacy pages: a converted page must show the same text as before, read with
   its true charset (browser rules: iso-8859-1 is windows-1252, gb2312 is GBK), ignoring
   the charset declaration itself; and no UTF-8 page may keep a non-UTF-8 declaration.

Exit status: 1 when a page was converted wrongly (A, either run, or C) or a UTF-8 file
changed (B); with --strict also when a UTF-8 page keeps a non-UTF-8 declaration or fewer
than 97% of the pages with a non-ASCII word convert exactly. Standard library only.
"""
import argparse
import collections
import concurrent.futures
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata

# What kempt takes from a folder, plus JSON (drchunmeiqing's GBK data file), passed with --include.
EXTS = ('.md', '.markdown', '.html', '.htm', '.txt', '.yml', '.yaml', '.toml', '.bib', '.json')
HTML_EXTS = ('.html', '.htm')

# The code pages each language's authors saved in, and the label an HTML page in it declared.
GROUP_PAGES = {
    'west': ['cp1252', 'iso8859_1', 'iso8859_15', 'mac_roman'],
    'ce': ['cp1250', 'iso8859_2', 'mac_latin2'],
    'tr': ['cp1254', 'iso8859_9'],
    'baltic': ['cp1257', 'iso8859_13'],
    'vi': ['cp1258'],
    'cyrillic': ['cp1251', 'koi8_r', 'iso8859_5', 'cp866'],
    'ukrainian': ['koi8_u'],
    'greek': ['cp1253', 'iso8859_7'],
    'hebrew': ['cp1255'],
    'arabic': ['cp1256'],
    'zh-hans': ['gbk', 'gb18030'],
    'zh-hant': ['big5'],
    'ja': ['cp932', 'euc_jp'],
    'ko': ['euc_kr', 'cp949'],
}
LABEL = {
    'cp1252': 'windows-1252', 'iso8859_1': 'iso-8859-1', 'iso8859_15': 'iso-8859-15',
    'mac_roman': 'macintosh', 'cp1250': 'windows-1250', 'iso8859_2': 'iso-8859-2',
    'mac_latin2': 'x-mac-ce', 'cp1254': 'windows-1254', 'iso8859_9': 'iso-8859-9',
    'cp1257': 'windows-1257', 'iso8859_13': 'iso-8859-13', 'cp1258': 'windows-1258',
    'cp1251': 'windows-1251', 'koi8_r': 'koi8-r', 'koi8_u': 'koi8-u', 'iso8859_5': 'iso-8859-5',
    'cp866': 'ibm866', 'cp1253': 'windows-1253', 'iso8859_7': 'iso-8859-7', 'cp1255': 'windows-1255',
    'cp1256': 'windows-1256', 'gbk': 'gb2312', 'gb18030': 'gb18030', 'big5': 'big5',
    'cp932': 'shift_jis', 'euc_jp': 'euc-jp', 'euc_kr': 'euc-kr', 'cp949': 'ks_c_5601-1987',
}

TURKISH = set('ğĞıİşŞ')
CENTRAL = set('őŐűŰřŘčČěĚąĄęĘłŁńŃśŚźŹżŻșȘțȚăĂďĎťŤňŇľĽĺĹŕŔůŮţŢ')
BALTIC = set('āĀēĒīĪūŪļĻķĶņŅģĢėĖįĮųŲ')
VIETNAMESE = set('ơƠưƯđĐ') | {chr(c) for c in range(0x1EA0, 0x1EFA)}
UKRAINIAN = set('іІїЇєЄґҐ')


def letter_group(ch):
    """The language group a non-ASCII letter points to, or None."""
    if ord(ch) < 0x80 or not ch.isalpha():
        return None
    name = unicodedata.name(ch, '')
    if name.startswith(('CJK UNIFIED', 'CJK COMPATIBILITY IDEOGRAPH')):
        return 'han'
    if name.startswith(('HIRAGANA', 'KATAKANA')):
        return 'kana'
    if name.startswith('HANGUL'):
        return 'ko'
    if name.startswith('CYRILLIC'):
        return 'ukrainian' if ch in UKRAINIAN else 'cyrillic'
    if name.startswith('GREEK'):
        return 'greek'
    if name.startswith('HEBREW'):
        return 'hebrew'
    if name.startswith('ARABIC'):
        return 'arabic'
    if name.startswith('LATIN'):
        for group, letters in (('tr', TURKISH), ('ce', CENTRAL), ('baltic', BALTIC), ('vi', VIETNAMESE)):
            if ch in letters:
                return group
        return 'latin'
    return 'other'


def encodable(text, codec):
    try:
        text.encode(codec)
        return True
    except UnicodeEncodeError:
        return False


def page_groups(text):
    """The language groups of a page, from the letters it has (empty: no non-ASCII letter)."""
    found = collections.Counter(g for g in map(letter_group, text) if g)
    groups = set()
    if 'kana' in found:
        groups.add('ja')
    elif 'han' in found:
        han = [c for c in set(text) if letter_group(c) == 'han']
        simplified = sum(1 for c in han if encodable(c, 'gb2312') and not encodable(c, 'big5'))
        traditional = sum(1 for c in han if encodable(c, 'big5') and not encodable(c, 'gb2312'))
        if simplified >= traditional:
            groups.add('zh-hans')
        if traditional >= simplified:
            groups.add('zh-hant')
    for g in ('ko', 'cyrillic', 'greek', 'hebrew', 'arabic'):
        if g in found:
            groups.add(g)
    if 'ukrainian' in found:
        groups |= {'cyrillic', 'ukrainian'}
    special = {g for g in ('tr', 'ce', 'baltic', 'vi') if g in found}
    groups |= special
    if 'latin' in found and not special:
        groups.add('west')
    return groups


WORD = re.compile(r'\w+')


def has_non_ascii_word(text):
    """A word of letters with at least one non-ASCII letter (not just punctuation or symbols)."""
    return any(any(ord(c) >= 0x80 and c.isalpha() for c in w) for w in WORD.findall(text))


CJK_LINE_LATIN = re.compile(r'[A-Za-z]{2,}')


def cjk_with_latin_words(text):
    """CJK prose that mixes in Latin words (`使用Markdown`): a line with both."""
    for line in text.splitlines():
        if any(letter_group(c) in ('han', 'kana', 'ko') for c in line) and CJK_LINE_LATIN.search(
                re.sub(r'<[^>]*>', ' ', line)):
            return True
    return False


# Charset declarations: <meta charset>, http-equiv Content-Type, an XML prolog's encoding.
META_CHARSET = re.compile(rb'<meta\s+charset\s*=\s*["\']?\s*([A-Za-z0-9_.:-]+)', re.I)
HTTP_EQUIV = re.compile(rb'<meta\b[^>]*?content\s*=\s*["\']?[^"\'>]*?charset\s*=\s*([A-Za-z0-9_.:-]+)', re.I)
XML_PROLOG = re.compile(rb'<\?xml\b[^>]*?encoding\s*=\s*["\']([A-Za-z0-9_.:-]+)["\']', re.I)


def declaration_spans(data):
    """(start, end) of each declared charset value in bytes `data` (ASCII-compatible)."""
    spans = set()
    for rx in (META_CHARSET, HTTP_EQUIV, XML_PROLOG):
        for m in rx.finditer(data):
            spans.add(m.span(1))
    return sorted(spans)


def declared(data):
    return [data[a:b].decode('ascii', 'replace') for a, b in declaration_spans(data)]


def with_declarations(data, value):
    """`data` with every declared charset value replaced by `value` (bytes)."""
    out, last = [], 0
    for a, b in declaration_spans(data):
        out += [data[last:a], value]
        last = b
    out.append(data[last:])
    return b''.join(out)


def is_utf8_label(label):
    return label.lower().replace('_', '-') in ('utf-8', 'utf8')


def strip_bom(data):
    return data[3:] if data.startswith(b'\xef\xbb\xbf') else data


class Kempt:
    def __init__(self, binary):
        self.binary = binary

    def fix(self, folder):
        """Runs `kempt fix --only encoding` in `folder`; {path: (status, encoding, messages)}."""
        proc = subprocess.run([self.binary, 'fix', '--only', 'encoding', '--format', 'json', '--include', '*.json',
                               '-j', '1', '.'], cwd=folder, capture_output=True)
        try:
            doc = json.loads(proc.stdout)
        except ValueError:
            sys.exit(f'eval_encoding: kempt printed no JSON in {folder} (exit {proc.returncode}): '
                     f'{proc.stderr.decode(errors="replace")[:500]}')
        return {f['path']: (f['status'], f['encoding'],
                            [x['message'] for x in f['findings'] if x['pass'] == 'encoding'])
                for f in doc['files']}


def copy_tree(src, dst):
    shutil.copytree(src, dst, symlinks=True)
    for dp, dn, fn in os.walk(dst):
        for name in dn + fn:
            p = os.path.join(dp, name)
            if not os.path.islink(p):
                os.chmod(p, 0o755 if os.path.isdir(p) else 0o644)


def site_files(site_dir):
    for dp, dn, fn in os.walk(site_dir):
        dn.sort()
        for f in sorted(fn):
            if f.lower().endswith(EXTS) and f != 'SOURCE.txt':
                p = os.path.join(dp, f)
                yield os.path.relpath(p, site_dir)


class Page:
    def __init__(self, site, rel, data):
        self.site, self.rel, self.data = site, rel, data
        self.text = strip_bom(data).decode('utf-8')
        self.html = rel.lower().endswith(HTML_EXTS)
        self.groups = page_groups(self.text)
        self.word = has_non_ascii_word(self.text)
        self.cjk_latin = bool(self.groups & {'zh-hans', 'zh-hant', 'ja', 'ko'}) and cjk_with_latin_words(self.text)
        self.variants = {}  # code page -> bytes

    @property
    def name(self):
        return f'{self.site}/{self.rel}'


# Romanian before Unicode 3.0 fonts: old pages wrote ş ţ (cedilla), the letters cp1250 holds.
ROMANIAN_COMMA = str.maketrans('șȘțȚ', 'şŞţŢ')


def build_variants(page, site_group):
    """The page in each code page of its language (and the site's, for a symbols-only page)."""
    groups = set(page.groups) or {'west'} | ({site_group} if site_group else set())
    if site_group in ('ja', 'ko') and groups <= {'zh-hans', 'zh-hant'}:
        groups = {site_group}  # kanji/hanja only, on a Japanese or Korean site
    skipped = []
    body = strip_bom(page.data)
    for group in sorted(groups):
        for cp in GROUP_PAGES[group]:
            text = page.text
            if group == 'ce' and not encodable(text, cp):
                text = text.translate(ROMANIAN_COMMA)
            try:
                data = text.encode(cp)
            except UnicodeEncodeError:
                skipped.append(cp)
                continue
            want = body if text is page.text else text.encode('utf-8')
            if page.html and declaration_spans(body):
                data = with_declarations(data, LABEL[cp].encode())
            page.variants[cp] = (data, want)
    return skipped


def classify(after, variant):
    """exact / wrong / left for a re-encoded page's bytes after the run; and its declaration."""
    variant, want = variant
    if after == variant:
        return 'left', None
    try:
        after.decode('utf-8')
    except UnicodeDecodeError:
        return 'wrong', None
    if not declaration_spans(want):
        return ('exact' if after == want else 'wrong'), None
    same = with_declarations(after, b'*') == with_declarations(want, b'*')
    decl = all(is_utf8_label(d) for d in declared(after)) and len(declared(after)) == len(declared(want))
    return ('exact' if same else 'wrong'), ('utf-8' if decl else 'kept ' + ','.join(sorted(set(declared(after)))))


def first_difference(a, b):
    i = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    return f'at byte {i}: {a[max(0, i - 12):i + 12]!r} vs {b[max(0, i - 12):i + 12]!r}'


def summarise_messages(messages):
    return ' | '.join(m if len(m) < 300 else m[:297] + '...' for m in messages) or '(no encoding finding)'


def part_a(args, kempt, work, sites):
    print('== A. UTF-8 pages re-encoded in their language\'s code pages (whole site; page alone)')
    pages, skipped_cp, no_variant = [], collections.Counter(), []
    for site in sites:
        site_pages = []
        for rel in site_files(os.path.join(args.corpus, site)):
            data = open(os.path.join(args.corpus, site, rel), 'rb').read()
            try:
                page = Page(site, rel, data)
            except UnicodeDecodeError:
                continue
            if any(ord(c) >= 0x80 for c in page.text):
                site_pages.append(page)
        counts = collections.Counter(g for p in site_pages for g in p.groups if g != 'west')
        if counts['ja'] or counts['ko']:
            del counts['zh-hans'], counts['zh-hant']  # their kanji/hanja-only pages
        # Ties go by name: a set's order changes from run to run (string hashing is salted).
        site_group = max(sorted(counts), key=lambda g: counts[g]) if counts else None
        if site_group in ('ukrainian',):
            site_group = 'cyrillic'
        for page in site_pages:
            for cp in build_variants(page, site_group):
                skipped_cp[cp] += 1
            if not page.variants:
                no_variant.append(page)
        pages += site_pages
    if args.quick:
        pages = quick_sample(pages, args.quick)
    variants = [(p, cp) for p in pages for cp in p.variants
                if not args.codepages or cp in args.codepages.split(',')]
    print(f'  {len(pages)} UTF-8 pages with non-ASCII text; {len(variants)} re-encoded variants; '
          f'{len(no_variant)} pages no code page of their language can hold')
    print('  pages a code page cannot hold (skipped): ' +
          ', '.join(f'{cp} {n}' for cp, n in sorted(skipped_cp.items())))

    # Whole-site runs: one copy of the site per code page, every page of that code page re-encoded.
    site_result = {}
    by_site_cp = collections.defaultdict(list)
    for p, cp in variants:
        by_site_cp[(p.site, cp)].append(p)

    def run_site(key):
        (site, cp), members = key, by_site_cp[key]
        folder = os.path.join(work, 'a-site', f'{site}.{cp}')
        copy_tree(os.path.join(args.corpus, site), folder)
        for p in members:
            with open(os.path.join(folder, p.rel), 'wb') as f:
                f.write(p.variants[cp][0])
        result = kempt.fix(folder)
        out = {}
        for p in members:
            after = open(os.path.join(folder, p.rel), 'rb').read()
            out[(p.name, cp)] = (after, result.get(p.rel))
        shutil.rmtree(folder)
        return out

    # Isolated runs: each distinct variant alone in a folder.
    def run_alone(item):
        p, cp = item
        digest = hashlib.sha1(p.name.encode() + cp.encode()).hexdigest()[:16]
        folder = os.path.join(work, 'a-alone', digest)
        os.makedirs(folder)
        name = os.path.basename(p.rel)
        with open(os.path.join(folder, name), 'wb') as f:
            f.write(p.variants[cp][0])
        result = kempt.fix(folder)
        after = open(os.path.join(folder, name), 'rb').read()
        shutil.rmtree(folder)
        return (p.name, cp), (after, result.get(name))

    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        for out in pool.map(run_site, sorted(by_site_cp)):
            site_result.update(out)
        alone_result = dict(pool.map(run_alone, variants))

    totals = collections.defaultdict(collections.Counter)
    summary = collections.Counter()
    wrong, records = [], []
    print('  per page: SITE-RUN ALONE code-page page [declaration after the site run] -- finding (site run)')
    for p, cp in variants:
        v = p.variants[cp]
        s_after, s_rep = site_result[(p.name, cp)]
        a_after, a_rep = alone_result[(p.name, cp)]
        s, s_decl = classify(s_after, v)
        a, _ = classify(a_after, v)
        kind = 'word' if p.word else 'symbols'
        totals[cp][f'site-{s}'] += 1
        totals[cp][f'alone-{a}'] += 1
        summary[(kind, 'site', s)] += 1
        summary[(kind, 'alone', a)] += 1
        if p.cjk_latin:
            summary[('cjk-latin', 'site', s)] += 1
            summary[('cjk-latin', 'alone', a)] += 1
        if s_decl:
            summary[('decl', s_decl == 'utf-8')] += 1
        for run, r, after, rep in (('site', s, s_after, s_rep), ('alone', a, a_after, a_rep)):
            if r == 'wrong':
                wrong.append(f'{run}: {p.name} as {cp} became {rep[1] if rep else "?"}: '
                             f'{first_difference(after, v[1])}')
        msg = summarise_messages(s_rep[2] if s_rep else [])
        decl = f' [decl {s_decl}]' if s_decl else ''
        print(f'  {s.upper():5} {a.upper():5} {cp:10} {p.name}{decl} -- {msg}')
        records.append({'page': p.name, 'codepage': cp, 'groups': sorted(p.groups), 'kind': kind,
                        'cjk_latin': p.cjk_latin, 'site': s, 'alone': a, 'declaration': s_decl,
                        'site_encoding': s_rep[1] if s_rep else None, 'alone_encoding': a_rep[1] if a_rep else None,
                        'site_findings': s_rep[2] if s_rep else [], 'alone_findings': a_rep[2] if a_rep else []})
    if args.json:
        with open(args.json, 'w', encoding='utf-8') as f:
            json.dump(records, f, ensure_ascii=False, indent=1)
        print(f'  (one record per page and code page written to {args.json})')

    print('  per code page (site run: exact/wrong/left; alone: exact/wrong/left):')
    for cp in sorted(totals):
        t = totals[cp]
        print(f'    {cp:10} site {t["site-exact"]:4}/{t["site-wrong"]:3}/{t["site-left"]:4}   '
              f'alone {t["alone-exact"]:4}/{t["alone-wrong"]:3}/{t["alone-left"]:4}')
    print('  summary (per page and code page):')
    n_wrong = {run: sum(summary[(k, run, 'wrong')] for k in ('word', 'symbols')) for run in ('site', 'alone')}
    print(f'    wrong conversions: site run {n_wrong["site"]}, alone {n_wrong["alone"]}  (must be 0)')
    exact_pct = {}
    for kind, label in (('word', 'with a non-ASCII word'), ('symbols', 'only non-ASCII punctuation/symbols'),
                        ('cjk-latin', 'CJK prose with Latin words')):
        for run in ('site', 'alone'):
            e, w, l = (summary[(kind, run, r)] for r in ('exact', 'wrong', 'left'))
            n = e + w + l
            pct = 100.0 * e / n if n else 0.0
            exact_pct[(kind, run)] = pct
            print(f'    {label:36} {run:5}: {e}/{n} exact ({pct:.1f}%), {w} wrong, {l} left')
    by_group = collections.defaultdict(collections.Counter)
    for r in records:
        for g in r['groups'] or ['(symbols only)']:
            by_group[g][r['site']] += 1
    print('    per language group, site run: ' + '; '.join(
        f'{g} {c["exact"]}/{c["wrong"]}/{c["left"]}' for g, c in sorted(by_group.items())) + '  (exact/wrong/left)')
    print(f'    HTML declarations after a site-run conversion: {summary[("decl", True)]} say utf-8, '
          f'{summary[("decl", False)]} still name the old code page')
    for line in wrong:
        print('  WRONG ' + line)
    return {'wrong': n_wrong['site'] + n_wrong['alone'], 'exact_pct': exact_pct[('word', 'site')],
            'decl_kept': summary[('decl', False)]}


def quick_sample(pages, per_group):
    """A fixed sample: the first `per_group` pages (by a hash of the name) of each language group."""
    chosen, seen = [], collections.Counter()
    for p in sorted(pages, key=lambda p: hashlib.sha1(p.name.encode()).hexdigest()):
        key = (min(p.groups) if p.groups else 'symbols', p.word)
        if seen[key] < per_group:
            seen[key] += 1
            chosen.append(p)
    return chosen


# The true charset of each legacy file in the corpus (its README's notes, checked against
# the bytes below); browsers read a declared iso-8859-1 as windows-1252 and gb2312 as GBK.
TRUTH = [
    ('colin-windsor/jane/sayings.htm', 'binary', 'binary data with an .htm name'),
    ('colin-windsor/', 'cp1252', 'cp1252 bytes'),
    ('gyzhao-nm/', 'gbk', 'declares gb2312 (read as GBK)'),
    ('hjzuo/', 'cp1252', 'declares ISO-8859-1 (read as windows-1252), cp1252 bytes'),
    ('lz284/publications2.htm', 'gbk', 'declares utf-8 but is GBK'),
    ('lz284/index.htm', None, 'UTF-8 with lost bytes (E2 80 3F) declaring gb2312: no legacy reading is its text'),
    ('jinpengli/', 'mixed', 'UTF-8 with Latin-1 \u00a9 (0xA9) bytes from the template'),
    ('mamykina/publications.htm', 'mac_roman', 'declares macintosh'),
    ('mamykina/', 'utf-16', 'UTF-16LE with a BOM'),
    ('drchunmeiqing/', 'gbk', 'GBK JSON, no declaration'),
]


# How a browser reads a declared label (WHATWG Encoding, the labels the corpus uses).
WHATWG = {'iso-8859-1': 'cp1252', 'us-ascii': 'cp1252', 'windows-1252': 'cp1252', 'gb2312': 'gbk', 'gbk': 'gbk',
          'gb18030': 'gb18030', 'macintosh': 'mac_roman', 'utf-8': 'utf-8', 'unicode': 'utf-16'}


def browser_reading(data):
    labels = [d.lower() for d in declared(data)]
    return WHATWG.get(labels[0], labels[0]) if labels else None


def truth_of(name):
    for prefix, cs, note in TRUTH:
        if name == prefix or (prefix.endswith('/') and name.startswith(prefix)):
            return cs, note
    return 'unknown', 'not in the truth table'


def mixed_reading(data):
    """What the author of a UTF-8 page with stray Latin-1 bytes wrote: each stray byte as windows-1252."""
    return data.decode('utf-8', errors='cp1252_byte')


def _cp1252_byte(err):
    return bytes(err.object[err.start:err.end]).decode('cp1252', errors='replace'), err.end


import codecs  # noqa: E402
codecs.register_error('cp1252_byte', _cp1252_byte)


def normal_text(data):
    """The page's text with its charset declaration values masked (and a BOM dropped)."""
    return with_declarations(data, b'*')


def part_bc(args, kempt, work, sites):
    print('== B. the corpus as it is: UTF-8 files unchanged, legacy files decided')
    root = os.path.join(work, 'b')
    os.makedirs(root)
    changed_utf8, allowed, legacy, results = [], collections.Counter(), [], {}
    for site in sites:
        copy_tree(os.path.join(args.corpus, site), os.path.join(root, site))
        result = kempt.fix(os.path.join(root, site))
        for rel in site_files(os.path.join(args.corpus, site)):
            before = open(os.path.join(args.corpus, site, rel), 'rb').read()
            after = open(os.path.join(root, site, rel), 'rb').read()
            name = f'{site}/{rel}'
            rep = result.get(rel)
            try:
                before.decode('utf-8')
                utf8 = not before.startswith((b'\xff\xfe', b'\xfe\xff'))
            except UnicodeDecodeError:
                utf8 = False
            if utf8:
                if after == before:
                    continue
                if after == strip_bom(before):
                    allowed['BOM removed'] += 1
                elif normal_text(after) == normal_text(strip_bom(before)) and all(map(is_utf8_label, declared(after))):
                    allowed['declaration now says utf-8'] += 1
                else:
                    changed_utf8.append(f'{name}: {first_difference(after, before)}')
                continue
            legacy.append(name)
            results[name] = (before, after, rep)
    print(f'  UTF-8 files changed: {len(changed_utf8)} (must be 0); allowed changes: '
          + (', '.join(f'{k} {v}' for k, v in sorted(allowed.items())) or 'none'))
    for line in changed_utf8:
        print('  CHANGED ' + line)

    print('== C. the real legacy pages: same text before (true charset) and after (UTF-8); no non-UTF-8 declaration')
    failures, left, decl_kept = [], [], []
    counts = collections.Counter()
    for name in legacy:
        before, after, rep = results[name]
        truth, note = truth_of(name)
        status, enc, messages = rep if rep else ('?', '?', [])
        decided = 'left' if after == before else f'converted as {enc}'
        browser = browser_reading(before)
        if browser and truth not in (browser, 'mixed', 'binary') and not (browser == 'utf-16' and truth == 'utf-16'):
            note += f'; its declaration says {browser}'
        print(f'  {name}: {decided}; true: {truth or "none"} ({note}) -- {summarise_messages(messages)}')
        if truth not in (None, 'mixed', 'binary', 'unknown'):
            try:
                before.decode(truth)
            except UnicodeDecodeError as err:
                failures.append(f'{name}: the truth table is wrong, not {truth}: {err}')
                continue
        elif truth == 'unknown':
            failures.append(f'{name}: a legacy file the truth table does not know')
        if after == before:
            counts['left'] += 1
            left.append(name)
            continue
        try:
            after_text = after.decode('utf-8')
        except UnicodeDecodeError:
            failures.append(f'{name}: written but not UTF-8')
            continue
        if truth in (None, 'binary', 'unknown'):
            failures.append(f'{name}: converted, but {note}')
            continue
        if truth == 'mixed':
            want = [mixed_reading(before), before.decode('utf-8', errors='replace')]
        elif truth == 'utf-16':
            want = [before.decode('utf-16')]
        else:
            want = [before.decode(truth)]
        got = normal_text(after_text.encode())
        ok = any(got == normal_text(w.lstrip('\ufeff').encode()) for w in want)
        counts['same text' if ok else 'different text'] += 1
        if not ok:
            failures.append(f'{name}: text differs from its {truth} reading: '
                            f'{first_difference(got, normal_text(want[0].lstrip(chr(0xfeff)).encode()))}')
    # A page that is UTF-8 now must not declare another charset, where it matters: it has
    # non-ASCII bytes or was converted (an ASCII page reads the same in any of them).
    ascii_only = collections.Counter()
    for site in sites:
        for rel in site_files(os.path.join(root, site)):
            if not rel.lower().endswith(HTML_EXTS + ('.xml', '.svg')):
                continue
            data = open(os.path.join(root, site, rel), 'rb').read()
            try:
                data.decode('utf-8')
            except UnicodeDecodeError:
                continue
            bad = [d for d in declared(data) if not is_utf8_label(d)]
            if not bad:
                continue
            if data.isascii() and f'{site}/{rel}' not in results:
                ascii_only[','.join(bad).lower()] += 1
            else:
                decl_kept.append(f'{site}/{rel} declares {",".join(bad)}')
    print(f'  {len(legacy)} legacy files: ' + ', '.join(f'{k} {v}' for k, v in sorted(counts.items())))
    print(f'  UTF-8 pages declaring another charset after the run: {len(decl_kept)}')
    print('  (ASCII-only pages declaring another charset, harmless: ' +
          (', '.join(f'{k} {v}' for k, v in sorted(ascii_only.items())) or 'none') + ')')
    for line in decl_kept:
        print('  DECLARATION ' + line)
    for line in failures:
        print('  WRONG ' + line)
    return {'changed_utf8': len(changed_utf8), 'real_wrong': len(failures), 'decl_kept': len(decl_kept)}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--kempt', required=True)
    ap.add_argument('--corpus', required=True, help='the sites folder (../shared/corpus/sites)')
    ap.add_argument('--quick', type=int, nargs='?', const=3, default=0,
                    help='part A on a fixed sample: N pages per language group (default 3)')
    ap.add_argument('--part', choices=['all', 'reencoded', 'real'], default='all')
    ap.add_argument('--strict', action='store_true',
                    help='also fail on a kept non-UTF-8 declaration or < 97%% converted exactly')
    ap.add_argument('--jobs', type=int, default=os.cpu_count() or 2)
    ap.add_argument('--codepages', help='part A only for these code pages (Python codec names, comma-separated)')
    ap.add_argument('--json', help="write part A's per-page records to this file (to compare runs)")
    ap.add_argument('--keep', action='store_true', help='keep the temporary copies (path printed)')
    ap.add_argument('sites', nargs='*', help='only these sites')
    args = ap.parse_args()
    kempt = Kempt(os.path.abspath(args.kempt))
    sites = args.sites or sorted(d for d in os.listdir(args.corpus) if os.path.isdir(os.path.join(args.corpus, d)))
    work = tempfile.mkdtemp(prefix='kempt-eval-encoding.')
    failed = []
    try:
        started = time.monotonic()
        if args.part in ('all', 'reencoded'):
            a = part_a(args, kempt, work, sites)
            if a['wrong']:
                failed.append(f'{a["wrong"]} wrong conversions of re-encoded pages')
            if args.strict and a['exact_pct'] < 97.0:
                failed.append(f'{a["exact_pct"]:.1f}% of pages with a non-ASCII word converted exactly (< 97%)')
            if args.strict and a['decl_kept']:
                failed.append(f'{a["decl_kept"]} converted pages keep their old charset declaration')
            print(f'  ({time.monotonic() - started:.0f} s)')
        if args.part in ('all', 'real'):
            started = time.monotonic()
            bc = part_bc(args, kempt, work, sites)
            if bc['changed_utf8']:
                failed.append(f'{bc["changed_utf8"]} UTF-8 files changed')
            if bc['real_wrong']:
                failed.append(f'{bc["real_wrong"]} real legacy pages converted to other text')
            if args.strict and bc['decl_kept']:
                failed.append(f'{bc["decl_kept"]} UTF-8 pages declare another charset')
            print(f'  ({time.monotonic() - started:.0f} s)')
    finally:
        if args.keep:
            print(f'(copies kept in {work})')
        else:
            shutil.rmtree(work, ignore_errors=True)
    print('== ' + ('FAIL: ' + '; '.join(failed) if failed else 'OK'))
    return 1 if failed else 0


if __name__ == '__main__':
    sys.exit(main())
