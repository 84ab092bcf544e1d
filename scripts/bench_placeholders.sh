#!/usr/bin/env bash
# bench_placeholders.sh: the placeholders pass on a generated 1,000-page site.
#
# Run by hand (not in CI). Generates 1,000 Markdown pages (~8 KB each: front matter,
# headings, news lists, paper lists, links, code; one page in five still carries a
# template's sample content: AcadHomepage paper boxes and lorem items, academicpages
# paragraphs, bare https://github.com/ links, Lorem ipsum table rows) and times,
# best of RUNS after one warm-up, with the page cache hot:
#   (a) cat:    find TREE -name '*.md' -print0 | xargs -0 cat > /dev/null
#   (b) kempt:  kempt check --only placeholders -j 1 TREE -q
# kempt's time includes starting the process and compiling the whole catalogue
# (it is compiled once per run). Prints milliseconds per page and the ratio to cat.
# Goal: under 5 ms per page.
#
# Usage: scripts/bench_placeholders.sh [DIR]   (tree in DIR/tree, else a temp dir)
# Environment: KEMPT=path/to/kempt (default build/kempt), RUNS=5, FILES=1000, KEEP=1
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-5}
FILES=${FILES:-1000}
KEEP=${KEEP:-0}
KEMPT=${KEMPT:-$root/build/kempt}
if [ ! -x "$KEMPT" ]; then
  source "$root/scripts/deps.sh"
  source "$root/scripts/build.sh"
  kempt_install_deps
  kempt_build "$root/build"
fi

if [ $# -ge 1 ]; then
  mkdir -p "$1"
  work=$(cd "$1" && pwd)
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/kempt-bench-ph.XXXXXX")
fi
tree="$work/tree"
cleanup() { [ "$KEEP" = 1 ] || rm -rf -- "$tree"; }
trap cleanup EXIT

rm -rf -- "$tree"
python3 - "$tree" "$FILES" <<'PY'
import os, random, sys

out, n = sys.argv[1], int(sys.argv[2])
r = random.Random(20240501)
WORDS = ("the of and to in a is that for we on with as this are by be from our model data learning "
         "results method paper work show network algorithm theory training language graph inference "
         "bounds neural estimation robust stochastic gradient kernel bayesian variational policy "
         "reinforcement benchmark dataset evaluation students course seminar workshop conference "
         "journal talk slides poster preprint group lab university department research").split()
NAMES = ["Ana Souza", "Jonas Weber", "Priya Raman", "Wei Zhang", "Tomás Ruiz", "Chiara Bianchi", "Kenji Sato"]
VENUES = ["NeurIPS", "ICML", "ICLR", "CVPR", "ACL", "KDD", "SIGMOD", "OSDI", "Nature", "PNAS"]
LOREM = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit. Vivamus ornare aliquet ipsum, "
         "ac tempus justo dapibus sit amet.")
BOX = """<div class='paper-box'><div class='paper-box-image'><div><div class="badge">CVPR 2016</div><img src='images/500x300.png' alt="sym" width="100%"></div></div>
<div class='paper-box-text' markdown="1">

[Deep Residual Learning for Image Recognition](https://openaccess.thecvf.com/content_cvpr_2016/papers/He_Deep_Residual_Learning_CVPR_2016_paper.pdf)

**Kaiming He**, Xiangyu Zhang, Shaoqing Ren, Jian Sun

[**Project**](https://scholar.google.com/citations?view_op=view_citation&hl=zh-CN&user=DhtAFkwAAAAJ&citation_for_view=DhtAFkwAAAAJ:ALROH1vI_8AC) <strong><span class='show_paper_citations' data='DhtAFkwAAAAJ:ALROH1vI_8AC'></span></strong>
- """ + LOREM + """
</div>
</div>
"""

def sentence():
    w = r.choices(WORDS, k=r.randint(8, 20))
    if r.random() < 0.2:
        i = r.randrange(len(w))
        w[i] = f"[{w[i]}](https://example.edu/~lab/{r.randint(1, 9999)})"
    if r.random() < 0.1:
        w[r.randrange(len(w))] = "`code`"
    s = " ".join(w)
    return s[0].upper() + s[1:] + "."

def page(i):
    leftover = i % 5 == 0
    lines = ["---", f'title: "{" ".join(r.choices(WORDS, k=4)).title()}"', f"date: {2010 + i % 14}-0{1 + i % 9}-1{i % 9}", "---", ""]
    lines += [" ".join(sentence() for _ in range(4)), ""]
    lines += ["# News"]
    for k in range(r.randint(5, 12)):
        lines.append(f"- *20{10 + k}.0{1 + k % 9}*: {sentence()} ([paper](https://arxiv.org/abs/2{k}01.0{r.randint(1000, 9999)}))")
    if leftover:
        lines.append(f"- *2022.02*: &nbsp;🎉🎉 {LOREM}")
    lines += ["", "# Publications", ""]
    if leftover:
        lines += [BOX, f"- [{LOREM[:-1]}](https://github.com), A, B, C, **CVPR 2020**", ""]
    for k in range(r.randint(6, 14)):
        authors = ", ".join(r.sample(NAMES, 3))
        lines.append(f"- [{sentence()[:-1]}](https://openreview.net/forum?id={r.randint(10**6, 10**7)}), {authors}, **{r.choice(VENUES)} {2015 + k % 9}**")
    lines += ["", "## Code", "", "```python", "def loss(x, y):", "    return ((x - y) ** 2).mean()", "```", ""]
    lines += ["# Teaching", "", "| Term | Course | Role |", "|------|--------|------|"]
    for k in range(r.randint(3, 6)):
        lines.append(f"| Fall 20{15 + k} | {' '.join(r.choices(WORDS, k=3)).title()} | TA |")
    if leftover:
        lines.append("| 2020 | Lorem ipsum | dolor sit amet |")
    lines += ["", "# Contact", "", " ".join(sentence() for _ in range(3)), ""]
    if leftover:
        lines += ["- [Twitter](https://twitter.com/)", f"- [GitHub](https://github.com/user{i})", ""]
        lines += ["# Honors and Awards", f"- *2021.10* {LOREM}", f"- *2021.09* {LOREM}", ""]
    return "\n".join(lines) + "\n"

for i in range(n):
    d = os.path.join(out, f"section-{i // 50:02d}")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, f"page-{i:04d}.md"), "w", encoding="utf-8") as fh:
        fh.write(page(i))
PY

now() { date +%s.%N; }
time_once() {
  local t0 t1 rc=0
  t0=$(now); "$@" >/dev/null 2>&1 || rc=$?; t1=$(now)
  [ "$rc" -le 1 ] || { echo "bench_placeholders: '$*' exited with $rc" >&2; exit 1; }
  awk -v a="$t1" -v b="$t0" 'BEGIN { printf "%.4f", a - b }'
}
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }
run_cat() { find "$tree" -type f -name '*.md' -print0 | xargs -0 cat; }
run_kempt() { "$KEMPT" check --only placeholders -j 1 "$tree" -q; }

pages=$(find "$tree" -type f -name '*.md' | wc -l | tr -d ' ')
bytes=$(find "$tree" -type f -name '*.md' -print0 | xargs -0 cat | wc -c | tr -d ' ')
findings=$("$KEMPT" check --only placeholders "$tree" 2>&1 >/dev/null | tail -n 1 || true)

t_cat="" t_kempt=""
for ((round = 0; round <= RUNS; round++)); do
  a=$(time_once run_cat); b=$(time_once run_kempt)
  [ "$round" -eq 0 ] && continue
  t_cat=$(min "$t_cat" "$a"); t_kempt=$(min "$t_kempt" "$b")
done

awk -v pages="$pages" -v bytes="$bytes" -v tc="$t_cat" -v tk="$t_kempt" -v runs="$RUNS" -v summary="$findings" 'BEGIN {
  per = 1000 * tk / pages
  printf "placeholders benchmark: %d pages, %.1f MB, best of %d after a warm-up\n", pages, bytes / 1e6, runs
  printf "  %s\n", summary
  printf "  cat:                                        %8.3f s\n", tc
  printf "  kempt check --only placeholders -j 1:       %8.3f s  = %.3f ms per page (%s)\n", tk, per, per < 5 ? "ok, goal < 5 ms" : "OVER the 5 ms goal"
  printf "  ratio kempt/cat: %.1fx\n", tk / tc
}'
