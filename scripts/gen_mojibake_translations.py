#!/usr/bin/env python3
"""Builds tests/corpus/mojibake/translations.jsonl: real translated text, held out from
everything kempt's model was tuned on — the gettext catalogues (.mo) Debian installs under
/usr/share/locale, 170-odd locales in every script.

Each catalogue's translations are cut into lines (and so are the installed packages'
/usr/share/doc/*/copyright files, kinds "copyright-*"); lines with a character beyond ASCII are
kept, and up to PER_LOCALE of them a locale (shuffled with a fixed seed) go in as kind
"translation-clean": kempt must leave them as they are. Some catalogues ship real mojibake
(Debian's Norwegian Nynorsk gettext catalogue has "Â«%sÂ»" for "«%s»"): every line that
is windows-1252 bytes of UTF-8 as a whole (Python's own codecs say so, not kempt) goes in
as kind "translation-mangled", its expected form that decoding. Lines in both camps
(mangled in part only; correct but read by another page) are left to REVIEWED below, where each
line's expected form was decided by reading it.

The output depends on the packages installed where it runs; it is kept in the repository.
    scripts/gen_mojibake_translations.py [OUT]
"""
import collections, gettext, glob, json, os, random, sys, unicodedata

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "tests", "corpus", "mojibake", "translations.jsonl")
PER_LOCALE = 40

# Lines whose expected form was decided by reading them: input -> expected.
REVIEWED = {
    # Asturian: one "ó" correct, one read as windows-1252 ("-f, ó --file": "or").
    "Si nun s'apurre una opción -e, --expression, -f, Ã³ --file option,":
        "Si nun s'apurre una opción -e, --expression, -f, ó --file option,",
    # Estonian, correct: "Õ" and "õ" are its letters, not Mac Roman quotes.
    "  -E LÕPP                      sea loogiline faililõpu sõne; kui LÕPP leitakse":
        "  -E LÕPP                      sea loogiline faililõpu sõne; kui LÕPP leitakse",
}


def scripts(text):
    """The scripts of the letters of `text`, by their Unicode names (LATIN, CYRILLIC, ...)."""
    return {unicodedata.name(c, "?").split()[0] for c in text if c.isalpha()}


def cp1252_whole(line):
    """The line decoded, when it is windows-1252 bytes of UTF-8 as a whole and the
    decoding brings no script the line did not have ("KAPCSOLÓ…" also decodes, to a
    Cyrillic "Ӆ": correct Hungarian, not mojibake)."""
    try:
        fixed = line.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    if fixed == line or not scripts(fixed) <= scripts(line):
        return None
    return fixed


def main():
    lines = collections.defaultdict(set)  # (locale, domain) -> lines
    for path in sorted(glob.glob("/usr/share/locale/*/LC_MESSAGES/*.mo")):
        locale, domain = path.split("/")[4], os.path.basename(path)[:-3]
        try:
            catalogue = gettext.GNUTranslations(open(path, "rb"))._catalog
        except Exception:
            continue
        for key, text in catalogue.items():
            if not key or not isinstance(text, str):
                continue
            for line in text.split("\n"):
                if len(line) > 3 and any(ord(c) > 127 for c in line):
                    lines[locale, domain].add(line)
    by_locale = collections.defaultdict(list)
    for (locale, domain), ls in lines.items():
        by_locale[locale].extend((domain, l) for l in sorted(ls))
    rows, seen = [], set()
    rng = random.Random(16)
    for locale in sorted(by_locale):
        items = sorted(set(by_locale[locale]))
        mangled = [(d, l) for d, l in items if l in REVIEWED or cp1252_whole(l)]
        clean = [(d, l) for d, l in items if (d, l) not in set(mangled)]
        rng.shuffle(clean)
        for domain, line in mangled + clean[:PER_LOCALE]:
            if line in seen:
                continue
            seen.add(line)
            expected = REVIEWED.get(line, cp1252_whole(line) or line)
            kind = "translation-clean" if expected == line else "translation-mangled"
            rows.append({"id": f"{locale}/{domain}#{len(rows) + 1}", "kind": kind, "locale": locale,
                         "input": line, "expected": expected})
    # The copyright files of the installed packages: authors' names from everywhere,
    # rules and signs, and a little real damage (a stray BOM where files were joined).
    doc_lines = set()
    for path in sorted(glob.glob("/usr/share/doc/*/copyright")):
        try:
            text = open(path, encoding="utf-8").read()
        except (UnicodeDecodeError, OSError):
            continue
        doc_lines.update(l for l in text.split("\n") if len(l) > 3 and any(ord(c) > 127 for c in l))
    for line in sorted(doc_lines):
        if line in seen:
            continue
        seen.add(line)
        expected = REVIEWED.get(line, cp1252_whole(line) or line)
        # (A line is judged as a text of its own: a BOM starting it is a BOM, kept.)
        kind = "copyright-clean" if expected == line else "copyright-mangled"
        rows.append({"id": f"copyright#{len(rows) + 1}", "kind": kind, "locale": "",
                     "input": line, "expected": expected})
    with open(out, "w", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(out, collections.Counter(r["kind"] for r in rows), len(by_locale), "locales")


main()
