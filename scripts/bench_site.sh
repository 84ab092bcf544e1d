#!/usr/bin/env bash
# bench_site.sh (issue 18): the whole pipeline's speed on a site tree built from real
# pages. Run by hand, not in CI.
#
# The tree: 10,000 pages (~100 MB) made from the shared corpus's real site pages
# (../shared/corpus/sites: every .md/.markdown/.html) and the seeds, first fixed by
# kempt itself (the clean base), then replicated: page i is base page i mod n with a
# second base page's body appended, and every other page a third's (real pages average
# 7 KB; the issue's tree averages 10), and a line naming its variant. A page kempt
# left in a legacy encoding comes whole (a UTF-8 body would make it a page of two
# encodings), and messing it adds no UTF-8 BOM. One page in ten is then made messy the ways real
# pages are: trailing blanks, CRLF line ends, a UTF-8 BOM, a paragraph of mojibake
# (its UTF-8 read as windows-1252), a Lorem ipsum paragraph. The clean tree is the
# messy one as `kempt fix` leaves it ("the same pages already fixed": joining pages
# leaves trailing blanks and mixed line ends of its own, so the unmessed pages are no
# clean tree); what kempt cannot fix (pages of an uncertain encoding, placeholders it
# only reports) stays in it.
#
# Printed, from one run (best of RUNS wall times, page cache warm, the commands taking
# turns): MB/s of `kempt check` and `kempt fix --check` at -j1 and -j2 on the messy tree,
# of `kempt check -j2` on the clean tree; each as a ratio to `cat` of the same files and
# to a `kempt check --only encoding,whitespace` run; markdownlint-cli2 on the same tree
# (its *.md files; scripts/peers.sh finds it, or installs it into .peers/ with npm);
# and the peak memory (max RSS) of `kempt check -j2` next to the largest file; then
# the one-page case a pre-commit hook pays (scripts/bench_one_page.sh).
#
#   scripts/bench_site.sh [DIR]      KEMPT=build/kempt RUNS=3 PAGES=10000 KEEP=1
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
kempt=${KEMPT:-$root/build/kempt}
runs=${RUNS:-3}
pages=${PAGES:-10000}
corpus=$root/../shared/corpus
[ -d "$corpus/sites" ] || { echo "bench_site: no corpus at $corpus/sites" >&2; exit 2; }
[ -x "$kempt" ] || { echo "bench_site: no kempt at $kempt (scripts/run.sh builds it)" >&2; exit 2; }
source "$root/scripts/peers.sh"
find_markdownlint_cli2 "$root"
work=${1:-$(mktemp -d)}
mkdir -p "$work"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work/base" "$work/messy" "$work/clean"' EXIT

# --- the clean base: the corpus's pages as kempt fixes them
rm -rf "$work/base" "$work/messy" "$work/clean"
mkdir -p "$work/base"
(cd "$corpus/sites" && find . -type f \( -name '*.md' -o -name '*.markdown' -o -name '*.html' -o -name '*.htm' \) \
   -not -path '*/.git/*' -not -path '*/_site/*' -not -path '*/node_modules/*' -not -path '*/vendor/*' -print0 |
   xargs -0 cp --parents -t "$work/base")
for s in "$corpus"/../seeds/*.txt; do cp "$s" "$work/base/seed-$(basename "$s" .txt).md"; done
"$kempt" fix -q "$work/base" >/dev/null 2>&1 || true  # (pages it cannot fix stay as they are)

python3 - "$work" "$pages" <<'PY'
import os, random, sys
work, pages = sys.argv[1], int(sys.argv[2])
base = []
for d, _, files in os.walk(os.path.join(work, "base")):
    for f in sorted(files):
        p = os.path.join(d, f)
        base.append((os.path.splitext(f)[1] or ".md", open(p, "rb").read()))
base.sort(key=lambda b: b[1])
def utf8(text):
    try:
        text.decode("utf-8")
        return True
    except UnicodeDecodeError:
        return False
# Bodies are appended only from UTF-8 pages, and only to them: a page of two
# encodings is no real page. The corpus's legacy pages come whole, at their own rate.
bodies = [b for b in base if utf8(b[1])]
rng = random.Random(18)
lorem = (b"Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor "
         b"incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud.\n\n")

def body_of(text):
    # The part after a front matter block, if any.
    if text.startswith(b"---\n"):
        end = text.find(b"\n---\n", 4)
        if end > 0: return text[end + 5:]
    return text

def mess(text):
    lines = text.split(b"\n")
    for k in rng.sample(range(len(lines)), min(len(lines), 5)):
        lines[k] += b"   "                                      # trailing blanks
    text = b"\n".join(lines)
    # A paragraph of mojibake: a line with non-ASCII text, its UTF-8 read as windows-1252.
    for line in text.split(b"\n"):
        if any(c >= 0x80 for c in line) and len(line) < 400:
            try:
                moji = line.decode("utf-8").encode("utf-8").decode("cp1252", errors="ignore").encode("utf-8")
                text = text.replace(line, moji, 1)
            except UnicodeDecodeError:
                pass
            break
    else:
        text += b"\nIt\xc3\xa2\xe2\x82\xac\xe2\x84\xa2s a caf\xc3\x83\xc2\xa9 \xc3\xa2\xe2\x82\xac\xe2\x80\x9d fine.\n"
    text += b"\n" + lorem
    if rng.random() < 0.5: text = text.replace(b"\n", b"\r\n")   # CRLF
    if rng.random() < 0.3 and utf8(text): text = b"\xef\xbb\xbf" + text  # BOM (a UTF-8 one: on UTF-8 pages)
    return text

for tree, messy in (("messy", True),):
    for i in range(pages):
        ext, text = base[i % len(base)]
        _, more = bodies[(i * 7919 + 13) % len(bodies)]
        _, third = bodies[(i * 104729 + 7) % len(bodies)]
        out = text
        if utf8(text):
            out = out.rstrip(b"\n") + b"\n\n" + body_of(more).lstrip(b"\n")
            if i % 2: out = out.rstrip(b"\n") + b"\n\n" + body_of(third).lstrip(b"\n")
        if not out.endswith(b"\n"): out += b"\n"
        out += b"\n<!-- variant %d -->\n" % i
        if messy and i % 10 == 0: out = mess(out)
        d = os.path.join(work, tree, "site%02d" % (i % 100), "pages")
        os.makedirs(d, exist_ok=True)
        open(os.path.join(d, "p%05d%s" % (i, ext)), "wb").write(out)
PY

cp -a "$work/messy" "$work/clean"
"$kempt" fix -q -j 2 "$work/clean" >/dev/null 2>&1 || true  # (exit 3: pages it leaves as they are)

size_mb() { du -sbm "$1" | cut -f1; }
bytes=$(find "$work/messy" -type f -print0 | du -cb --files0-from=- | tail -1 | cut -f1)
largest=$(find "$work/messy" -type f -printf '%s\n' | sort -n | tail -1)
mb=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
echo "tree: $pages pages, $mb MB (largest file $((largest / 1024)) KB); kempt $("$kempt" --version 2>/dev/null | head -1)"

best() {  # best wall time of $runs runs of "$@", in seconds
  local t b="" tf="$work/time.txt"
  for ((r = 0; r < runs; r++)); do
    /usr/bin/time -f %e -o "$tf" "$@" >/dev/null 2>&1 || true
    t=$(tail -1 "$tf")
    b=$(awk -v t="$t" -v b="$b" 'BEGIN { print (b == "" || t < b) ? t : b }')
  done
  echo "$b"
}
catall() { find "$1" -type f -print0 | xargs -0 cat >/dev/null; }
export -f catall
# (kempt exits 1 when it finds something: the times are what is measured.)
run_kempt() { "$kempt" "$@" -q || true; }
export -f run_kempt; export kempt

catall "$work/messy"; catall "$work/clean"  # warm the page cache
t_cat=$(best bash -c 'catall "$0"' "$work/messy")
t_enc=$(best bash -c 'run_kempt check -j 2 --only encoding,whitespace "$0"' "$work/messy")
row() {  # label, seconds
  awk -v l="$1" -v t="$2" -v mb="$mb" -v c="$t_cat" -v e="$t_enc" \
    'BEGIN { printf "  %-44s %7.2fs %8.1f MB/s %7.1fx cat %6.2fx enc+ws\n", l, t, mb / t, t / c, t / e }'
}
echo "best of $runs, page cache warm"
row "cat (every file)" "$t_cat"
row "kempt check --only encoding,whitespace -j2" "$t_enc"
for j in 1 2; do
  row "kempt check -j$j (messy tree)" "$(best bash -c 'run_kempt check -j "$1" "$0"' "$work/messy" "$j")"
  row "kempt fix --check -j$j (messy tree)" "$(best bash -c 'run_kempt fix --check -j "$1" "$0"' "$work/messy" "$j")"
done
row "kempt check -j2 (clean tree)" "$(best bash -c 'run_kempt check -j 2 "$0"' "$work/clean")"
if [ -n "$MARKDOWNLINT_CLI2" ]; then
  row "markdownlint-cli2 (messy tree, *.md)" \
    "$(best bash -c 'cd "$0" && "$MARKDOWNLINT_CLI2" "**/*.md" >/dev/null 2>&1 || true' "$work/messy")"
else
  echo "  markdownlint-cli2 not found and not installable (npm): not compared"
fi
/usr/bin/time -f %M -o "$work/time.txt" "$kempt" check -j 2 -q "$work/messy" >/dev/null 2>&1 || true
rss=$(tail -1 "$work/time.txt")
echo "peak memory of kempt check -j2: $((rss / 1024)) MB (goal <= 3 x largest file + 64 MB = $((3 * largest / 1048576 + 64)) MB)"
# The pre-commit hook's case, one page at a time (issue 18's one-page line).
echo
KEMPT="$kempt" N="${N:-40}" bash "$root/scripts/bench_one_page.sh"
