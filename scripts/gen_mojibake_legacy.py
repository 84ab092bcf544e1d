#!/usr/bin/env python3
"""Builds tests/corpus/mojibake/legacy.jsonl: real lines in legacy encodings shown through a
Latin page (issue 16, item 1), from the clean lines of the shared synthetic suite.

A line is encoded with the page its language was long written in (GBK for Simplified Chinese,
Big5 for Traditional, Shift-JIS, the Korean Windows page, windows-1251/1253/1254/1256) and its
bytes are shown as windows-1252, the way a browser does (0x81, 0x8D, 0x8F, 0x90, 0x9D become the
C1 controls U+0081…); English text with typographic quotes is written in Mac Roman and shown as
Latin-1. Lines that the page cannot hold, or with no non-ASCII byte, are skipped. Every clean
line of the suite is written again as kind "legacy-clean" (kempt must leave it as it is).
Deterministic: same input, same output.
    scripts/gen_mojibake_legacy.py [SYNTHETIC_JSONL] [OUT]
"""
import json, os, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "..", "shared", "corpus", "mojibake", "synthetic.jsonl")
out = sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "tests", "corpus", "mojibake", "legacy.jsonl")

# (kind, source codec, display, which clean lines)
SOURCES = [
    ("legacy-gbk-as-cp1252", "gbk", "cp1252", lambda r: r["script"] == "Han" and r["lang"] in ("zh_CN", "zh_Hans", "-")),
    ("legacy-big5-as-cp1252", "big5", "cp1252", lambda r: r["script"] == "Han" and r["lang"] in ("zh_TW", "zh_Hant", "zh_HK")),
    ("legacy-sjis-as-cp1252", "cp932", "cp1252", lambda r: r["script"] in ("Japanese",) or (r["script"] == "Han" and r["lang"] == "ja")),
    ("legacy-cp949-as-cp1252", "cp949", "cp1252", lambda r: r["script"] == "Hangul"),
    ("legacy-cp1251-as-cp1252", "cp1251", "cp1252", lambda r: r["script"] == "Cyrillic"),
    ("legacy-cp1253-as-cp1252", "cp1253", "cp1252", lambda r: r["script"] == "Greek"),
    ("legacy-cp1256-as-cp1252", "cp1256", "cp1252", lambda r: r["script"] == "Arabic"),
    ("legacy-cp1254-as-cp1252", "cp1254", "cp1252", lambda r: r["lang"] == "tr" and r["script"] == "Latin"),
    ("legacy-macroman-as-latin1", "mac_roman", "latin-1",
     lambda r: r["script"] == "Latin" and any(c in r["input"] for c in "‘’“”–—…")),
]


def show(data, display):
    if display == "latin-1":
        return data.decode("latin-1")
    # windows-1252 as browsers show it: the five undefined bytes become C1 controls.
    return "".join(bytes([b]).decode("cp1252") if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else chr(b) for b in data)


def main():
    rows = [json.loads(l) for l in open(src, encoding="utf-8")]
    clean = [r for r in rows if r["kind"] == "clean"]
    made = []
    for kind, codec, display, pick in SOURCES:
        n = 0
        for r in clean:
            if not pick(r):
                continue
            line = r["input"]
            try:
                data = line.encode(codec)
            except UnicodeEncodeError:
                continue
            if all(b < 0x80 for b in data):
                continue
            shown = show(data, display)
            if shown == line:
                continue
            n += 1
            made.append({"id": f"{kind}#{n}", "kind": kind, "input": shown, "expected": line,
                         "lang": r["lang"], "script": r["script"], "src": r.get("src", "")})
    for i, r in enumerate(clean, 1):
        made.append({"id": f"legacy-clean#{i}", "kind": "legacy-clean", "input": r["input"], "expected": r["input"],
                     "lang": r["lang"], "script": r["script"], "src": r.get("src", "")})
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        for r in made:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    counts = {}
    for r in made:
        counts[r["kind"]] = counts.get(r["kind"], 0) + 1
    print(out, counts)


main()
