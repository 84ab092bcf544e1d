#!/usr/bin/env bash
# By hand: how long `kempt cv` takes on a 10-page CV (the first 10 pages of the
# corpus's longest CV), from -layout text and from the PDF, next to pdftotext itself.
# Goal (issue 6): under 50 ms. Prints the median of RUNS runs.
#   scripts/bench_cv.sh [PDF]      KEMPT=path/to/kempt RUNS=21
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
kempt=${KEMPT:-$root/build/kempt}
runs=${RUNS:-21}
pdf=${1:-$root/../shared/corpus/cv/yzhao062/cv.pdf}
[ -f "$pdf" ] || pdf=/work/shared/corpus/cv/yzhao062/cv.pdf
[ -f "$pdf" ] || { echo "no PDF to measure (give one)"; exit 77; }
command -v pdftotext >/dev/null || { echo "pdftotext (poppler-utils) is needed"; exit 77; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pdfseparate -f 1 -l 10 "$pdf" "$tmp/p%02d.pdf" 2>/dev/null && pdfunite "$tmp"/p*.pdf "$tmp/cv10.pdf" 2>/dev/null \
  || cp "$pdf" "$tmp/cv10.pdf"
pages=$(pdfinfo "$tmp/cv10.pdf" | awk '/^Pages:/ {print $2}')
pdftotext -layout "$tmp/cv10.pdf" "$tmp/cv10.txt"

median_ms() {  # command... → median wall time in ms
  local t=()
  for _ in $(seq "$runs"); do
    local s e
    s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N)
    t+=($(( (e - s) / 1000 )))
  done
  printf '%s\n' "${t[@]}" | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)] / 1000}'
}
p2t=$(median_ms pdftotext -layout "$tmp/cv10.pdf" "$tmp/out.txt")
txt=$(median_ms "$kempt" cv "$tmp/cv10.txt" -o "$tmp/out1.md")
pdfms=$(median_ms "$kempt" cv "$tmp/cv10.pdf" -o "$tmp/out2.md")
echo "$pages pages, $(wc -c <"$tmp/cv10.txt") bytes of -layout text; median of $runs runs (process start included)"
echo "pdftotext -layout PDF:  $p2t ms"
awk -v a="$txt" -v b="$p2t" 'BEGIN {printf "kempt cv TEXT.txt:      %s ms  (%.2fx pdftotext)%s\n", a, a / b, (a < 50 ? "  under 50 ms" : "  OVER 50 ms")}'
awk -v a="$pdfms" -v b="$p2t" 'BEGIN {printf "kempt cv CV.pdf:        %s ms  (%.2fx pdftotext)%s\n", a, a / b, (a < 50 ? "  under 50 ms" : "  OVER 50 ms")}'
