#!/usr/bin/env python3
"""Issue 15's structure measures of `kempt cv` over the CV corpus, on top of the corpus's
score_cv.py (whose heading matching and tokenizer it reuses). Run by scripts/eval_cv.sh after
the conversions; prints one row per CV and input and totals per corpus part (the 20 CVs of
issue 6, the CVs added for issue 15). CHECK_V2=1 turns issue 15's acceptance lines into the
exit status.

  score_cv_v2.py CORPUS OUT NAME...

OUT holds NAME.{txt,layout,pdf}.md (plain conversions), fm/NAME.pdf.md (--front-matter) and
v1rows.json (eval_cv.sh's words lost / debris per conversion).

The label fields it reads (labels.yaml):
  sections[].publications: N   the section is a publication list of N items
  sections[].titles: [...]     (optional) words of each publication's title
  owner_forms: [...]           how the publication lists write the owner ("Singh, A.")
  dated_entries:               entries read off the PDF: title, place and date words
    - {title, place, date}

Measures:
  sections      score_cv.py's strict section headings: recall = labelled sections found,
                precision = section-level headings that are a labelled section.
  dated         a labelled entry is together when one unit of the Markdown holds every word of
                its title, place and date, and no other labelled entry whole (so one paragraph
                holding a whole section does not count). A unit is a top-level list item with
                its continuation and nested lines, a paragraph, or a heading below the section
                level with the text up to the next heading.
  pubs          per publication section: found items n (top-level list items, else paragraphs)
                against the label N: max(0, N - |n - N|) publications count as one item each;
                with `titles`, a title counts when exactly one item holds all its words and
                that item holds no other title. A section the output lacks scores 0.
  owner bold    items of the publication sections that name an owner form; such an item is
                right when every occurrence of a form (longest form first) is bold as a whole,
                in a bold span holding nothing but owner forms, initials and punctuation/marks.
  fm lint       markdownlint-cli2 default rules on `kempt cv CV.pdf --front-matter`: clean CVs.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import defaultdict

KINDS = ("txt", "layout", "pdf")


def load_score_cv(corpus):
    sys.path.insert(0, corpus)
    import score_cv  # noqa: E402  the corpus's own tokenizer, YAML subset and heading rules
    if not getattr(score_cv.norm_heading, "unescapes", False):
        # score_cv.py compares a heading's Markdown source: "Presentations (\*=Coauthor)" renders
        # as the label "Presentations (*=Coauthor)" but kept its backslash, so a heading escaped
        # to stay literal counted as missing. Backslash escapes are resolved as CommonMark does.
        raw = score_cv.norm_heading

        def norm_heading(s):
            return raw(MD_ESCAPE.sub(r"\1", s))
        norm_heading.unescapes = True
        score_cv.norm_heading = norm_heading
    return score_cv


MD_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")   # CommonMark: a backslash before ASCII punctuation


def corpus_part(corpus, name):
    """'new' for the CVs issue 15 added (their source.yaml says corpus_set: issue15)."""
    try:
        src = open(os.path.join(corpus, name, "source.yaml"), encoding="utf-8").read()
    except OSError:
        return "v1"
    return "new" if re.search(r"^corpus_set:\s*issue15\s*$", src, re.M) else "v1"


# ------------------------------------------------------------------ Markdown units

ATX = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
ITEM = re.compile(r"^(\s*)([-*+]|\d{1,9}[.)])[ \t]+(.*)$")


def body_lines(sc, md):
    body, _ = sc.strip_front_matter(md.replace("\r\n", "\n"))
    return sc.strip_liquid(body).split("\n")


def parse(lines):
    """Blocks in order: ('heading', level, text, i) | ('item', indent, text, i) for the first
    line of a top-level list item (its continuation and nested lines appended to text) |
    ('para', 0, text, i)."""
    out, cur, in_fence, base = [], None, False, None
    prev_blank = False
    for i, line in enumerate(lines):
        if re.match(r"^ {0,3}(```|~~~)", line):
            in_fence = not in_fence
            cur = None
            continue
        if in_fence:
            continue
        if not line.strip():
            prev_blank = True
            if cur is not None and cur[0] == "para":
                cur = None
            continue
        m = ATX.match(line)
        if m:
            out.append(["heading", len(m.group(1)), m.group(2), i])
            cur, base, prev_blank = None, None, False
            continue
        mi = ITEM.match(line)
        indent = len(line) - len(line.lstrip(" "))
        if mi and (cur is None or cur[0] != "item" or indent <= base):
            base = indent
            cur = ["item", indent, mi.group(3), i]
            out.append(cur)
        elif cur is not None and cur[0] == "item" and (indent > base or not prev_blank):
            cur[2] += "\n" + line.strip()      # continuation, nested item or lazy line
        elif cur is not None and cur[0] == "para" and not prev_blank:
            cur[2] += "\n" + line.strip()
        else:
            cur = ["para", 0, line.strip(), i]
            out.append(cur)
        prev_blank = False
    return out


def section_matcher(sc, labels):
    names = []
    for s in labels.get("sections") or []:
        names.append([sc.norm_heading(str(s.get("title", "")))] +
                     [sc.norm_heading(str(a)) for a in sc.as_list(s.get("aliases"))])

    def match(text):
        n = sc.norm_heading(text)
        for idx, ns in enumerate(names):
            if n in ns:
                return idx
        return None
    return match


def units(blocks, sec_level):
    """the texts an entry may sit in: items, paragraphs, and headings below section level with
    what follows them up to the next heading"""
    out = []
    for k, b in enumerate(blocks):
        if b[0] in ("item", "para"):
            out.append(b[2])
        elif b[0] == "heading" and b[1] > sec_level:
            text = [b[2]]
            for nb in blocks[k + 1:]:
                if nb[0] == "heading":
                    break
                text.append(nb[2])
            out.append("\n".join(text))
    return out


def section_level(blocks, match):
    lv = [b[1] for b in blocks if b[0] == "heading" and match(b[2]) is not None]
    return min(lv) if lv else 2


def section_blocks(blocks, match, idx):
    """blocks of the first output section matching label idx (None when absent)"""
    for k, b in enumerate(blocks):
        if b[0] == "heading" and match(b[2]) == idx:
            body = []
            for nb in blocks[k + 1:]:
                if nb[0] == "heading" and nb[1] <= b[1]:
                    break
                body.append(nb)
            return body
    return None


# ------------------------------------------------------------------ measures

def words(sc, text):
    text = re.sub(r"\]\([^)]*\)", "]", text)      # link targets are not visible words
    return set(sc.tokens(text))


def dated_together(sc, blocks, labels, match):
    entries = labels.get("dated_entries") or []
    need = []
    for e in entries:
        need.append(words(sc, " ".join(str(e.get(k) or "") for k in ("title", "place", "date"))))
    us = [words(sc, u) for u in units(blocks, section_level(blocks, match))]
    ok = 0
    for j, w in enumerate(need):
        if not w:
            continue
        for u in us:
            if w <= u and not any(i != j and need[i] and need[i] <= u and not need[i] <= w
                                  for i in range(len(need))):
                ok += 1
                break
    return ok, sum(1 for w in need if w)


def pub_items(body, labels_sub):
    """the items of a publication section: top-level list items (and sub-headings that are not
    labelled subsections), else paragraphs"""
    items = [b for b in body if b[0] == "item"]
    heads = [b for b in body if b[0] == "heading" and b[2] not in labels_sub]
    if items:
        return items + heads
    return [b for b in body if b[0] == "para"] + heads


def publications(sc, blocks, labels, match):
    ok = total = missing = 0
    pub_units = []
    for idx, s in enumerate(labels.get("sections") or []):
        n_label = s.get("publications")
        if not isinstance(n_label, int):
            continue
        total += n_label
        body = section_blocks(blocks, match, idx)
        if body is None:
            missing += 1
            continue
        subs = {sc.norm_heading(str(a)) for a in sc.as_list(s.get("subsections"))}
        items = pub_items(body, set())
        items = [b for b in items if not (b[0] == "heading" and sc.norm_heading(b[2]) in subs)]
        pub_units += [b[2] for b in items]
        titles = [words(sc, str(t)) for t in sc.as_list(s.get("titles"))]
        if titles:
            iw = [words(sc, b[2]) for b in items]
            for j, t in enumerate(titles):
                holders = [u for u in iw if t <= u]
                if len(holders) == 1 and not any(i != j and titles[i] <= holders[0] for i in range(len(titles))):
                    ok += 1
            ok = min(ok, n_label)
        else:
            ok += max(0, n_label - abs(len(items) - n_label))
    return ok, total, missing, pub_units


def fold(s):
    return "".join(ch for ch in unicodedata.normalize("NFD", s) if unicodedata.category(ch) != "Mn")


def bold_map(text):
    """visible text of one item (links reduced to their text) and, per character, whether it
    is inside ** ** or __ __"""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"<(https?://[^>]*)>", r"\1", text)
    plain, flags, bold, i = [], [], False, 0
    while i < len(text):
        if text.startswith("**", i) or text.startswith("__", i):
            bold = not bold
            i += 2
            continue
        if text[i] == "\\" and i + 1 < len(text):
            i += 1
        plain.append(text[i])
        flags.append(bold)
        i += 1
    return "".join(plain), flags


def owner_bold(units_text, forms):
    forms = sorted({fold(f) for f in forms if f}, key=len, reverse=True)
    named = right = 0
    for t in units_text:
        plain, pflags = bold_map(t.replace("\n", " "))
        fp, flags = "", []          # accents folded char by char, each keeping its char's bold flag
        for ch, fl in zip(plain, pflags):
            f = fold(ch)
            fp += f
            flags += [fl] * len(f)
        taken, occ = [False] * len(fp), []
        for f in forms:
            for m in re.finditer(r"(?<![^\W\d_])" + re.escape(f) + r"(?![^\W\d_])", fp):
                if not any(taken[m.start():m.end()]):
                    occ.append((m.start(), m.end()))
                    for k in range(m.start(), m.end()):
                        taken[k] = True
        if not occ:
            continue
        named += 1
        good = True
        for a, b in occ:
            core = b
            while core > a + 1 and fp[core - 1] in ".,;":  # "**Singh, A**." is whole: the stop is the list's
                core -= 1
            if not all(flags[k] for k in range(a, core) if not fp[k].isspace()):
                good = False
                break
            # the bold span around it: only owner forms, the owner's initials, spaces and marks
            s, e = a, b
            while s > 0 and flags[s - 1]:
                s -= 1
            while e < len(fp) and flags[e]:
                e += 1
            extra = "".join(fp[k] for k in range(s, e) if not taken[k])
            if re.search(r"[^\W\d_]", re.sub(r"(?<![^\W\d_])[A-Z](?![^\W\d_])", " ", extra)):
                good = False
                break
        right += good
    return right, named


def lint_counts(out):
    """markdownlint-cli2 default rules: errors per file, for the plain PDF conversions and the
    --front-matter ones (None when markdownlint-cli2 is absent)"""
    lint = os.environ.get("MARKDOWNLINT_CLI2") or shutil.which("markdownlint-cli2")
    if not lint:
        return None
    counts = defaultdict(int)
    for where, pattern in ((out, "*.pdf.md"), (os.path.join(out, "fm"), "*.md")):
        if not os.path.isdir(where):
            continue
        r = subprocess.run([lint, pattern], cwd=where, capture_output=True, text=True)
        for line in (r.stdout + r.stderr).splitlines():
            m = re.match(r"^(\S+\.md):\d+", line)
            if m:
                counts[("fm/" if where != out else "") + m.group(1)] += 1
    return counts


# ------------------------------------------------------------------ main


def recall_precision(t):
    """Section recall and precision of a total."""
    rec = t["tp"] / (t["tp"] + t["missing"]) if t["tp"] + t["missing"] else 0.0
    prec = t["tp"] / t["out"] if t["out"] else 0.0
    return rec, prec


def pct(a, b):
    return f"{int(a)}/{int(b)} ({100 * a / b:.1f}%)" if b else "-"


def total_line(label, kind, t):
    """One `total` line of the printout: the issue's measures for a part of the corpus and an input kind."""
    rec, prec = recall_precision(t)
    return (f"total {label:24s} {kind:6s} {int(t['cvs']):2d} CVs | sections recall {rec:.3f} precision {prec:.3f}"
            f" | dated together {pct(t['dok'], t['dn'])} | publications one item {pct(t['pok'], t['pn'])}"
            + (f" ({int(t['pmiss'])} sections missing)" if t["pmiss"] else "")
            + f" | owner bold {pct(t['bok'], t['bn'])} | CVs losing words {int(t['lost_cvs'])}"
            f" | debris {int(t['debris'])}"
            + (f" | lint-clean {int(t['lint_clean'])}/{int(t['lint_n'])}, with --front-matter "
               f"{int(t['fm_clean'])}/{int(t['fm_n'])}" if kind == "pdf" and t["lint_n"] else ""))


def main(argv):
    corpus, out, names = argv[1], argv[2], argv[3:]
    sc = load_score_cv(corpus)
    v1rows = {}
    try:
        for r in json.load(open(os.path.join(out, "v1rows.json"), encoding="utf-8")):
            v1rows[(r["cv"], r["kind"])] = r
    except OSError:
        pass
    lint = lint_counts(out)
    tot = defaultdict(lambda: defaultdict(float))
    hdr = (f"{'cv':20s} {'part':4s} {'input':6s} {'sec_rec':>7s} {'sec_prec':>8s} {'dated':>7s} {'pubs':>7s} "
           f"{'own_bold':>8s} {'lost':>4s} {'debris':>6s} {'lint':>4s} {'fm_lint':>7s}")
    print("issue 15 measures (labelled CVs; - = nothing labelled for that measure)")
    print(hdr)
    for n in names:
        lpath = os.path.join(corpus, n, "labels.yaml")
        if not os.path.exists(lpath):
            continue
        labels = sc.parse_yaml_subset(open(lpath, encoding="utf-8").read())
        part = corpus_part(corpus, n)
        match = section_matcher(sc, labels)
        for kind in KINDS:
            md_path = os.path.join(out, f"{n}.{kind}.md")
            if not os.path.exists(md_path):
                continue
            md = open(md_path, encoding="utf-8").read()
            src = os.path.join(corpus, n, "cv.txt" if kind == "txt" else "cv.layout.txt")
            res = sc.score(open(src, encoding="utf-8", errors="replace").read(), md, labels,
                           do_lint=False, do_render=False)
            tp = round(res["heading_precision"] * res["section_headings_out"])
            blocks = parse(body_lines(sc, md))
            dok, dn = dated_together(sc, blocks, labels, match)
            pok, pn, pmiss, punits = publications(sc, blocks, labels, match)
            forms = sc.as_list(labels.get("owner_forms"))
            bok, bn = owner_bold(punits, forms) if forms else (0, 0)
            v1 = v1rows.get((n, kind), {})
            lost = v1.get("lost")
            deb = v1.get("debris")
            li = fm = None
            if lint is not None and kind == "pdf":
                li = lint.get(f"{n}.pdf.md", 0)
                fm = lint.get(f"fm/{n}.pdf.md", 0) if os.path.exists(os.path.join(out, "fm", f"{n}.pdf.md")) else None
            t = tot[(part, kind)]
            t["cvs"] += 1
            t["tp"] += tp
            t["out"] += res["section_headings_out"]
            t["missing"] += len(res["missing_sections"])
            t["dok"] += dok
            t["dn"] += dn
            t["pok"] += pok
            t["pn"] += pn
            t["pmiss"] += pmiss
            t["bok"] += bok
            t["bn"] += bn
            if lost is not None:
                t["lost_cvs"] += bool(v1.get("lost_any", lost > 0))
                t["lost"] += lost
            if deb is not None:
                t["debris"] += deb
            if li is not None:
                t["lint_clean"] += li == 0
                t["lint_n"] += 1
            if fm is not None:
                t["fm_clean"] += fm == 0
                t["fm_n"] += 1

            def frac(a, b):
                return f"{a}/{b}" if b else "-"
            print(f"{n:20s} {part:4s} {kind:6s} {res['heading_recall']:7.3f} {res['heading_precision']:8.3f} "
                  f"{frac(dok, dn):>7s} {frac(pok, pn):>7s} {frac(bok, bn):>8s} "
                  f"{'-' if lost is None else lost:>4} {'-' if deb is None else deb:>6} "
                  f"{'-' if li is None else li:>4} {'-' if fm is None else fm:>7}"
                  + (f"  missing: {'; '.join(res['missing_sections'][:4])}" if res["missing_sections"] else "")
                  + (f"  extra: {'; '.join(res['unmatched_headings'][:3])}" if res["unmatched_headings"] else ""))
    print("\nlost = words of the input missing from the output after eval_cv.sh's repairs (tok_rec*), as a count;"
          "\nlint / fm_lint = markdownlint-cli2 errors (default rules) without / with --front-matter (PDF input)")
    summary = {}
    for part, label in (("v1", "issue-6 corpus (20 CVs)"), ("new", "added for issue 15")):
        for kind in KINDS:
            t = tot.get((part, kind))
            if not t or not t["cvs"]:
                continue
            rec, prec = recall_precision(t)
            summary[(part, kind)] = dict(rec=rec, prec=prec, dated=t["dok"] / t["dn"] if t["dn"] else None,
                                         pubs=t["pok"] / t["pn"] if t["pn"] else None,
                                         bold=t["bok"] / t["bn"] if t["bn"] else None,
                                         lost_cvs=t["lost_cvs"], debris=t["debris"],
                                         lint_bad=t["lint_n"] - t["lint_clean"], fm_bad=t["fm_n"] - t["fm_clean"])
            print(total_line(label, kind, t))
    # both parts together, the figures the acceptance names
    allp = defaultdict(lambda: defaultdict(float))
    for (part, kind), t in tot.items():
        for k, v in t.items():
            allp[kind][k] += v
    for kind in KINDS:
        if allp.get(kind):
            print(total_line("whole corpus", kind, allp[kind]))

    if os.environ.get("CHECK_V2") == "1":
        failed = []
        # CHECK_V2_KINDS="pdf layout": the quality lines of those input kinds only (words lost and
        # debris are checked on every kind); default: every kind
        checked = os.environ.get("CHECK_V2_KINDS", " ".join(KINDS)).split()
        for kind in KINDS:
            t = allp.get(kind)
            if not t:
                continue
            if t["lost_cvs"]: failed.append(f"{kind}: a CV lost words")
            if t["debris"]: failed.append(f"{kind}: debris")
            if kind not in checked:
                continue
            rec, prec = recall_precision(t)
            dated = t["dok"] / t["dn"] if t["dn"] else 1.0
            if kind == "pdf":
                if rec < 0.95: failed.append("pdf: section recall < 0.95")
                if prec < 0.95: failed.append("pdf: section precision < 0.95")
                if dated < 0.90: failed.append("pdf: dated entries together < 90%")
                if t["pn"] and t["pok"] / t["pn"] < 0.95: failed.append("pdf: publications one item < 95%")
                if t["bn"] and t["bok"] / t["bn"] < 0.95: failed.append("pdf: owner bold < 95%")
                if t["lint_n"] and t["lint_clean"] < t["lint_n"]: failed.append("pdf: markdownlint errors")
                if t["fm_n"] and t["fm_clean"] < t["fm_n"]: failed.append("pdf --front-matter: markdownlint errors")
            else:
                if rec < 0.90: failed.append(f"{kind}: section recall < 0.90")
                if dated < 0.80: failed.append(f"{kind}: dated entries together < 80%")
        print(f"issue 15 acceptance ({' '.join(k for k in KINDS if k in checked)}): "
              + ("FAILED: " + "; ".join(failed) if failed else "all lines hold"))
        return 1 if failed else 0
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
