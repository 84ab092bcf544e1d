#!/usr/bin/env bash
# Converts every CV of the corpus (../shared/corpus/cv beside the checkout) from its
# pdftotext text (cv.txt) and -layout text (cv.layout.txt) and scores each with the
# corpus's score_cv.py: section recall/precision (labelled CVs), token recall, debris,
# and dated entries that carry their date. Exit 77 when the corpus is absent.
#   scripts/eval_cv.sh [CV_NAME...]      KEMPT=path/to/kempt  OUT=folder (default: a temp dir)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${CV_CORPUS:-$root/../shared/corpus/cv}
[ -f "$corpus/score_cv.py" ] || corpus=/work/shared/corpus/cv
[ -f "$corpus/score_cv.py" ] || { echo "CV corpus not found: skipped"; exit 77; }
kempt=${KEMPT:-$root/build/kempt}
out=${OUT:-$(mktemp -d)}
mkdir -p "$out"
names=("$@")
if [ ${#names[@]} -eq 0 ]; then
  for d in "$corpus"/*/; do [ -f "$d/cv.txt" ] && names+=("$(basename "$d")"); done
fi
for n in "${names[@]}"; do
  for kind in txt layout.txt; do
    "$kempt" cv "$corpus/$n/cv.$kind" -o "$out/$n.${kind%.txt}.md" 2>/dev/null || echo "$n $kind: kempt failed" >&2
  done
  if [ -f "$corpus/$n/cv.pdf" ] && [ "${EVAL_PDF:-1}" = 1 ]; then
    "$kempt" cv "$corpus/$n/cv.pdf" -o "$out/$n.pdf.md" 2>/dev/null || rm -f "$out/$n.pdf.md"
  fi
done
python3 - "$corpus" "$out" "${names[@]}" <<'PY'
import json, os, re, subprocess, sys
corpus, out, names = sys.argv[1], sys.argv[2], sys.argv[3:]
score = os.path.join(corpus, "score_cv.py")
year = re.compile(r"\b(19|20)\d\d\b|\b(present|now|current)\b", re.I)

def dated(md):
    """(dated top-level items, those whose date sits with other text)"""
    items, cur = [], None
    for line in md.split("\n"):
        if line.startswith("- "):
            cur = [line[2:]]; items.append(cur)
        elif line.startswith("  ") and cur is not None and not line.lstrip().startswith("- "):
            cur.append(line.strip())
        elif not line.startswith("  "):
            cur = None
    n = ok = 0
    for it in items:
        t = " ".join(it)
        if year.search(t):
            n += 1
            rest = re.sub(r"[\W\d_]+", " ", year.sub(" ", t))
            rest = re.sub(r"\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|[a-z]+uary|march|april|june|july|august|september|october|november|december|spring|summer|fall|autumn|winter|to|since|until)\b", " ", rest, flags=re.I)
            ok += bool(rest.strip())
    return n, ok

rows, tot = [], {}
def add(k, v): tot[k] = tot.get(k, 0) + v
print(f"{'cv':22s} {'input':7s} {'sec_rec':>7s} {'sec_prec':>8s} {'tok_rec':>7s} {'debris':>6s} {'dated':>9s}")
for n in names:
    labels = os.path.join(corpus, n, "labels.yaml")
    have = os.path.exists(labels)
    if not have:
        labels = os.path.join(out, f"{n}.labels.yaml")
        open(labels, "w").write(f"cv: {n}\nsections: []\n")
    for kind, src in (("txt", "cv.txt"), ("layout", "cv.layout.txt"), ("pdf", "cv.layout.txt")):
        md = os.path.join(out, f"{n}.{kind}.md")
        if not os.path.exists(md):
            continue
        r = subprocess.run([sys.executable, score, os.path.join(corpus, n, src), md, labels, "--json", "--no-lint"],
                           capture_output=True, text=True)
        res = json.loads(r.stdout)
        dn, dok = dated(open(md, encoding="utf-8").read())
        deb = res["defects"].get("debris", 0)
        tp = len(res.get("missing_sections", [])) if have else 0
        nl = 0
        if have:
            from collections import Counter
            nl = round(res["heading_recall"] and len(res["missing_sections"]) / (1 - res["heading_recall"]) if res["heading_recall"] < 1 else 0)
        rec = f"{res['heading_recall']:.3f}" if have else "-"
        prec = f"{res['heading_precision']:.3f}" if have else "-"
        print(f"{n:22s} {kind:7s} {rec:>7s} {prec:>8s} {res['token_recall']:7.3f} {deb:6d} {dok:4d}/{dn:<4d}"
              + ("" if res["token_recall"] >= 1 else "  lost: " + " ".join(res["most_lost_tokens"][:5])))
        k = kind
        add(k + ".debris", deb); add(k + ".dn", dn); add(k + ".dok", dok); add(k + ".cvs", 1)
        add(k + ".tok100", res["token_recall"] >= 1)
        if have:
            add(k + ".out", res["section_headings_out"])
            add(k + ".tp", round(res["heading_precision"] * res["section_headings_out"]))
            add(k + ".missing", len(res["missing_sections"]))
print()
for k in ("txt", "layout", "pdf"):
    if tot.get(k + ".cvs"):
        tp, outn, miss = tot.get(k + ".tp", 0), tot.get(k + ".out", 0), tot.get(k + ".missing", 0)
        rec = tp / (tp + miss) if tp + miss else 0
        prec = tp / outn if outn else 0
        print(f"overall {k:7s} section recall {rec:.3f}  precision {prec:.3f}  token recall 100% on "
              f"{tot[k + '.tok100']}/{tot[k + '.cvs']} CVs  debris {tot[k + '.debris']}  "
              f"dates attached {tot[k + '.dok']}/{tot[k + '.dn']} ({100 * tot[k + '.dok'] / max(1, tot[k + '.dn']):.1f}%)")
PY
