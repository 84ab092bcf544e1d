#!/usr/bin/env bash
# bench_io.sh: how much slower `kempt check` is than just reading the same files.
#
# Run by hand (not in CI). It measures, on a generated tree of 10,000 Markdown pages
# (~100 MB, academic-homepage style: YAML front matter, headings, lists, links, fenced
# code, accents/CJK/emoji, a realistic sprinkle of trailing blanks, a few hard breaks,
# CRLF files and files without a final newline), the best-of-5 wall time, after one
# warm-up run each so the page cache is hot (the three take turns), of:
#   (a) cat:          find TREE -type f -name '*.md' -print0 | xargs -0 cat > /dev/null
#   (b) kempt:        kempt check TREE -q          (-j default: one job per core)
#   (c) kempt -j 1:   kempt check -j 1 TREE -q     (single thread)
# and prints each time with MB/s and its ratio to cat. Goal: ratio <= 5x.
#
# About the baseline: GNU cat (9.x) allocates its 128 KiB buffer per file, which glibc
# serves with mmap/munmap; where munmap is dear (some VMs) that alone can double cat's
# time. For a stricter baseline run the cat row by hand with
# GLIBC_TUNABLES=glibc.malloc.mmap_threshold=4194304.
#
# The tree is a plain folder, deliberately NOT a git repository, so kempt walks the
# file system itself (it would ask `git ls-files` inside a work tree).
#
# Usage:
#   scripts/bench_io.sh            tree in a fresh temp dir, removed afterwards
#   scripts/bench_io.sh DIR        tree in DIR/tree (DIR is created if missing); what the
#                                  script created is removed afterwards unless KEEP=1.
#                                  A tree kept there earlier with the same settings is reused.
# Environment:
#   KEMPT=/path/to/kempt   binary to measure (default: build/kempt, built first if missing)
#   KEEP=1                 keep the generated tree
#   RUNS=5                 timed runs per command (best is reported)
#   FILES=10000 FOLDERS=100 BYTES_PER_FILE=10000 SEED=20240501   tree shape
#   PYTHON=python3         interpreter for the generator
# Exit code of kempt check 1 ("findings") is expected; 0 too. Anything else aborts.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${RUNS:-5}
FILES=${FILES:-10000}
FOLDERS=${FOLDERS:-100}
BYTES_PER_FILE=${BYTES_PER_FILE:-10000}
SEED=${SEED:-20240501}
KEEP=${KEEP:-0}
PYTHON=${PYTHON:-$(command -v python3 || true)}
[ -n "$PYTHON" ] || { echo "bench_io: python3 is needed to generate the tree (set PYTHON=...)" >&2; exit 2; }

# --- kempt binary -------------------------------------------------------------
if [ -n "${KEMPT:-}" ]; then
  [ -x "$KEMPT" ] || { echo "bench_io: KEMPT=$KEMPT is not an executable" >&2; exit 2; }
else
  KEMPT="$root/build/kempt"
  if [ ! -x "$KEMPT" ]; then
    echo "bench_io: $KEMPT missing; building it" >&2
    # shellcheck source=scripts/deps.sh
    source "$root/scripts/deps.sh"
    # shellcheck source=scripts/build.sh
    source "$root/scripts/build.sh"
    kempt_install_deps
    mkdir -p "$root/build"
    kempt_build "$root/build"
  fi
fi
KEMPT=$(cd "$(dirname "$KEMPT")" && pwd)/$(basename "$KEMPT")

# --- where the tree lives, and cleaning up --------------------------------------
made_work=0
if [ $# -ge 1 ]; then
  work=$1
  [ -d "$work" ] || { mkdir -p "$work"; made_work=1; }
  work=$(cd "$work" && pwd)
else
  work=$(mktemp -d "${TMPDIR:-/tmp}/kempt-bench.XXXXXX")
  made_work=1
fi
tree="$work/tree"
stamp="$work/.kempt-bench-stamp"
want_stamp="files=$FILES folders=$FOLDERS bytes=$BYTES_PER_FILE seed=$SEED v=1"
made_tree=0
cleanup() {
  if [ "$KEEP" = 1 ]; then
    echo "bench_io: kept the tree in $tree" >&2
  elif [ "$made_work" = 1 ]; then
    rm -rf -- "$work"
  elif [ "$made_tree" = 1 ]; then
    rm -rf -- "$tree" "$stamp"
  fi
}
trap cleanup EXIT

# --- timing ---------------------------------------------------------------------
if [[ $(date +%N 2>/dev/null) =~ ^[0-9]+$ ]]; then
  now() { date +%s.%N; }
else  # no %N (BSD/macOS date): ask Python, whose start-up is then part of every run
  now() { "$PYTHON" -c 'import time; print(f"{time.time():.9f}")'; }
fi

# Wall time of one run of "$@" in seconds, output discarded. Exit codes 0 and 1 are
# accepted (kempt check says 1 when it has findings); anything else aborts.
time_once() {
  local t0 t1 rc=0 log="$work/.bench-stderr"
  t0=$(now)
  "$@" >/dev/null 2>"$log" || rc=$?
  t1=$(now)
  if [ "$rc" -gt 1 ]; then
    echo "bench_io: '$*' exited with $rc:" >&2
    cat "$log" >&2
    exit 1
  fi
  awk -v a="$t1" -v b="$t0" 'BEGIN { printf "%.4f", a - b }'
}
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b < a) ? b : a }'; }

run_cat() { find "$tree" -type f -name '*.md' -print0 | xargs -0 cat; }
run_kempt() { "$KEMPT" check "$tree" -q; }
run_kempt_j1() { "$KEMPT" check -j 1 "$tree" -q; }

# --- the tree -------------------------------------------------------------------
generate_tree() {
  "$PYTHON" - "$tree" "$FILES" "$FOLDERS" "$BYTES_PER_FILE" "$SEED" <<'PY'
"""Writes FILES Markdown pages of an academic homepage into FOLDERS nested folders.

Each file has its own random.Random seeded from (SEED, index): the tree is the same
on every machine and every run. Text comes from fixed vocabularies, so it is
realistic in shape (line lengths, markup, non-ASCII share), not in meaning.
"""
import os
import random
import sys

out, n_files, n_folders, mean_bytes, seed = sys.argv[1], *map(int, sys.argv[2:])

WORDS = (
    "the of and to in a is that for we on with as this are by be from an our which "
    "model models data learning results method approach paper work show using based "
    "problem analysis network networks algorithm theory time propose proposed new two "
    "performance training language graph graphs inference bounds optimal convex sparse "
    "neural estimation sample samples error robust stochastic gradient descent kernel "
    "bayesian prior posterior variational distribution random matrix linear nonlinear "
    "dynamics control policy reinforcement agent reward benchmark dataset evaluation "
    "experiments simulation proof lemma theorem conjecture student students course "
    "lecture seminar workshop conference journal talk slides poster preprint arXiv "
    "collaboration group lab university department research interests teaching office "
    "hours homework exam project deadline grading feedback reading list syllabus "
    "protein genome cell climate ocean galaxy quantum spin lattice entropy energy "
    "however moreover therefore in particular for example finally first second also"
).split()
# Accented Latin, CJK and emoji, as names, places and asides on real pages.
NON_ASCII = [
    "Gödel", "Erdős", "Poincaré", "Schrödinger", "Université de Montréal", "ETH Zürich",
    "François", "José", "Müller", "Søren", "Łukasz", "Dvořák", "São Paulo", "Kraków",
    "naïve", "café", "résumé", "coöperation", "Москва", "Αθήνα", "東京大学", "清华大学",
    "机器学习", "深層学習", "서울대학교", "김민준", "李华", "🎉", "📄", "🚀", "✨", "—", "–",
    "“quoted”", "‘single’", "…", "±", "≤", "→", "μm", "°C", "½", "×",
]
TAGS = [
    "machine-learning", "teaching", "talks", "publications", "statistics", "optimization",
    "theory", "news", "students", "conference", "travel", "open-source", "climate",
    "biology", "physics", "robotics", "nlp", "vision",
]
HEADINGS = [
    "Abstract", "Introduction", "Background", "Related work", "Method", "Results",
    "Discussion", "Slides and video", "Bibtex", "Acknowledgements", "Schedule",
    "Office hours", "Reading list", "Grading", "Contact", "News", "Selected talks",
    "Software", "Teaching", "Students", "Awards", "Service",
]
LANGS = ["python", "bash", "r", "julia", "bibtex", "yaml", "cpp", ""]
CODE = {
    "python": ["import numpy as np", "def loss(theta, x, y):", "    r = x @ theta - y",
               "    return 0.5 * np.mean(r ** 2)", "for epoch in range(100):",
               "    theta -= lr * grad(theta)", "print(f\"{epoch}: {loss(theta, x, y):.4f}\")"],
    "bash": ["pip install -r requirements.txt", "python train.py --epochs 100 --lr 3e-4",
             "bundle exec jekyll serve", "git clone https://github.com/example/project.git"],
    "r": ["library(ggplot2)", "fit <- lm(y ~ x, data = df)", "summary(fit)",
          "ggplot(df, aes(x, y)) + geom_point()"],
    "julia": ["using LinearAlgebra", "A = randn(100, 100)", "λ = eigvals(A)",
              "f(x) = x' * A * x"],
    "bibtex": ["@inproceedings{doe2021,", "  title     = {A Paper Title},",
               "  author    = {Doe, Jane and Müller, Jürgen},", "  booktitle = {NeurIPS},",
               "  year      = {2021}", "}"],
    "yaml": ["name: site", "theme: minima", "plugins:", "  - jekyll-feed", "  - jekyll-scholar"],
    "cpp": ["#include <vector>", "int main() {", "  std::vector<double> v(10);",
            "  return static_cast<int>(v.size());", "}"],
    "": ["output:", "  epoch 1  loss 0.6931", "  epoch 2  loss 0.5120", "  done"],
}
DOMAINS = ["arxiv.org/abs/2101.0", "doi.org/10.1145/3", "github.com/example/", "scholar.google.com/",
           "www.youtube.com/watch?v=", "openreview.net/forum?id=", "example.edu/~jdoe/"]

rng0 = random.Random(seed)
# A shared pool of sentences keeps generation fast; files sample from it.
def make_sentence(r):
    n = r.randint(6, 22)
    words = r.choices(WORDS, k=n)
    if r.random() < 0.25:
        words.insert(r.randrange(len(words) + 1), r.choice(NON_ASCII))
    if r.random() < 0.2:
        i = r.randrange(len(words))
        words[i] = f"[{words[i]}](https://{r.choice(DOMAINS)}{r.randint(1000, 99999)})"
    if r.random() < 0.1:
        i = r.randrange(len(words))
        words[i] = f"*{words[i]}*" if r.random() < 0.5 else f"`{words[i]}`"
    s = " ".join(words)
    return s[0].upper() + s[1:] + r.choice([".", ".", ".", ".", "?", ":", "!"])

SENTENCES = [make_sentence(rng0) for _ in range(4000)]

def wrap(text, width):
    lines, cur, n = [], [], 0
    for w in text.split(" "):
        if cur and n + 1 + len(w) > width:
            lines.append(" ".join(cur))
            cur, n = [w], len(w)
        else:
            cur.append(w)
            n += len(w) + (1 if len(cur) > 1 else 0)
    if cur:
        lines.append(" ".join(cur))
    return lines

def page(index):
    r = random.Random(seed * 1_000_003 + index)
    target = max(800, int(r.lognormvariate(0, 0.5) * mean_bytes / 1.133))  # E[lognorm(0,.5)] = 1.133
    sloppy = r.random() < 0.30        # this author's editor leaves trailing blanks
    trail_p = r.uniform(0.01, 0.06) if sloppy else 0.0
    breaks = 1 if r.random() < 0.15 else 0  # blocks with two-space hard breaks
    wrapped = r.random() < 0.6        # hard-wrapped prose vs one line per paragraph
    width = r.choice([72, 78, 80, 100])
    lines = []

    def prose(line):
        if trail_p and r.random() < trail_p:
            line += r.choice([" ", " ", "   ", "\t", " \t"])
        lines.append(line)

    year = r.randint(2008, 2024)
    title = " ".join(r.choices(WORDS, k=r.randint(3, 8))).title()
    if r.random() < 0.1:
        title += " " + r.choice(NON_ASCII)
    lines += ["---", f"title: \"{title}\"", f"date: {year}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}",
              "tags: [" + ", ".join(r.sample(TAGS, r.randint(1, 4))) + "]"]
    if r.random() < 0.5:
        lines.append(f"layout: {r.choice(['post', 'page', 'talk', 'publication'])}")
    if r.random() < 0.3:
        lines += ["abstract: |", f"  {r.choice(SENTENCES)}", f"  {r.choice(SENTENCES)}"]
    lines += ["---", ""]
    size = sum(len(l) + 1 for l in lines)
    while size < target:
        start = len(lines)
        kind = r.random()
        if kind < 0.12:
            lines += [f"{'#' * r.randint(1, 3)} {r.choice(HEADINGS)}", ""]
        elif kind < 0.62:
            text = " ".join(r.choices(SENTENCES, k=r.randint(2, 7)))
            for l in (wrap(text, width) if wrapped else [text]):
                prose(l)
            lines.append("" if not (trail_p and r.random() < 0.1) else "  ")
        elif kind < 0.80:
            for _ in range(r.randint(2, 7)):
                prose(("- " if r.random() < 0.8 else "* ") + r.choice(SENTENCES))
            lines.append("")
        elif kind < 0.87:
            lang = r.choice(LANGS)
            lines.append("```" + lang)
            for c in r.sample(CODE[lang], min(len(CODE[lang]), r.randint(2, 6))):
                lines.append(c + (" " if r.random() < 0.03 else ""))  # kept: code is verbatim
            lines += ["```", ""]
        elif kind < 0.90 and breaks > 0:  # an address or poem: deliberate hard breaks
            breaks -= 1
            for _ in range(r.randint(2, 4)):
                lines.append(r.choice(SENTENCES)[:40].rstrip() + "  ")
            lines += [r.choice(SENTENCES)[:40].rstrip(), ""]
        elif kind < 0.95:
            for k in range(r.randint(2, 5)):
                prose(f"{k + 1}. {r.choice(SENTENCES)}")
            lines.append("")
        else:
            prose(f"> {r.choice(SENTENCES)}")
            lines.append("")
        size += sum(len(l) + 1 for l in lines[start:])
    while lines and lines[-1] == "":
        lines.pop()
    text = "\n".join(lines)  # the last line is still open here
    roll = r.random()
    if roll < 0.03:
        pass                  # no final newline
    elif roll < 0.05:
        text += "\n\n\n"      # blank lines at the end
    else:
        text += "\n"
    eol = r.random()
    if eol < 0.04:
        text = text.replace("\n", "\r\n")                   # a Windows author
    elif eol < 0.045:
        parts = text.split("\n")                            # edited on two machines
        cut = len(parts) // 2
        text = "\r\n".join(parts[:cut]) + "\r\n" + "\n".join(parts[cut:])
    return text.encode("utf-8")

per_folder = -(-n_files // n_folders)
groups = max(1, int(round(n_folders ** 0.5)))
total = 0
for i in range(n_files):
    f = i // per_folder
    d = os.path.join(out, f"people-{f % groups:02d}", f"section-{f:03d}")
    if i % per_folder == 0:
        os.makedirs(d, exist_ok=True)
    data = page(i)
    total += len(data)
    with open(os.path.join(d, f"{2008 + i % 17}-{i:05d}-post.md"), "wb") as fh:
        fh.write(data)
print(total)
PY
}

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want_stamp" ] && [ -d "$tree" ]; then
  echo "bench_io: reusing the tree in $tree" >&2
else
  rm -rf -- "$tree" "$stamp"
  made_tree=1
  echo "bench_io: generating $FILES files in $tree ..." >&2
  t0=$(now)
  generate_tree >/dev/null
  t1=$(now)
  echo "$want_stamp" >"$stamp"
  awk -v a="$t1" -v b="$t0" 'BEGIN { printf "bench_io: generated in %.1f s\n", a - b }' >&2
fi
if git -C "$tree" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  echo "bench_io: $tree is inside a git work tree; kempt would list files with git instead of" >&2
  echo "          walking the folder. Give a DIR outside any repository." >&2
  exit 2
fi

nfiles=$(find "$tree" -type f -name '*.md' | wc -l | tr -d ' ')
nfolders=$(find "$tree" -type f -name '*.md' | sed 's|/[^/]*$||' | sort -u | wc -l | tr -d ' ')
bytes=$(find "$tree" -type f -name '*.md' -print0 | xargs -0 cat | wc -c | tr -d ' ')

# One plain run (untimed) for the summary line: what kempt found, and that it works.
rc=0
summary=$("$KEMPT" check "$tree" 2>&1 >/dev/null | tail -n 1) || rc=$?
[ "$rc" -le 1 ] || { echo "bench_io: kempt check exited with $rc: $summary" >&2; exit 1; }

# Other work on the machine (a build, say) skews the figures, -j default most: measure
# how busy the CPUs are for a second before timing (Linux /proc/stat; else unknown).
cpu_busy() {
  [ -r /proc/stat ] || { echo "?"; return; }
  local a b
  a=$(head -n 1 /proc/stat); sleep 1; b=$(head -n 1 /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN {
    na = split(a, x); split(b, y); total = 0
    for (i = 2; i <= na; i++) total += y[i] - x[i]
    idle = (y[5] - x[5]) + (y[6] - x[6])
    printf "%.0f", (total > 0 ? 100 * (1 - idle / total) : 0) }'
}
busy=$(cpu_busy)

echo "bench_io: timing (1 warm-up + best of $RUNS each) ..." >&2
# One warm-up round, then RUNS rounds; the three commands take turns within a round so
# that a burst of other work on the machine hits all of them, not one.
t_cat="" t_kempt="" t_j1=""
for ((round = 0; round <= RUNS; round++)); do
  a=$(time_once run_cat); b=$(time_once run_kempt); c=$(time_once run_kempt_j1)
  [ "$round" -eq 0 ] && continue  # warm-up
  t_cat=$(min "$t_cat" "$a"); t_kempt=$(min "$t_kempt" "$b"); t_j1=$(min "$t_j1" "$c")
done

cores=$(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc 2>/dev/null || echo "?")
awk -v files="$nfiles" -v folders="$nfolders" -v bytes="$bytes" -v runs="$RUNS" \
    -v tc="$t_cat" -v tk="$t_kempt" -v t1="$t_j1" -v cores="$cores" \
    -v kempt="$KEMPT" -v tree="$tree" -v summary="$summary" -v busy="$busy" '
function row(name, t) {
  ratio = t / tc
  printf "  %-34s %9.3f s %9.1f MB/s %8.2fx  %s\n", name, t, mb / t, ratio,
         (name ~ /^cat/ ? "(baseline)" : (ratio <= 5 ? "ok" : "OVER GOAL"))
}
BEGIN {
  mb = bytes / 1e6
  print  ""
  print  "kempt I/O benchmark: best of " runs " wall times after 1 warm-up (page cache hot)"
  printf "  binary:   %s  (%s cores)\n", kempt, cores
  printf "  tree:     %s  (plain folder, not a git repo)\n", tree
  printf "  files:    %d Markdown files in %d folders (nested two deep)\n", files, folders
  printf "  size:     %.1f MB (%d bytes; MB = 10^6 bytes)\n", mb, bytes
  printf "  findings: %s\n", summary
  printf "  cpu busy: %s%% just before timing%s\n", busy,
         (busy != "?" && busy + 0 > 10 ? "  WARNING: other work is running; times are noisy" : "")
  print  ""
  printf "  %-34s %11s %14s %9s\n", "command", "time", "throughput", "ratio"
  row("cat (find | xargs cat)", tc)
  row("kempt check -q (-j default=" cores ")", tk)
  row("kempt check -j 1 -q", t1)
  print  ""
  printf "  ratio kempt/cat: -j default %.2fx, -j 1 %.2fx\n", tk / tc, t1 / tc
  print  "goal: ratio <= 5x"
}'
