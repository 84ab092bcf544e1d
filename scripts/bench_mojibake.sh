#!/usr/bin/env bash
# bench_mojibake.sh: throughput of `kempt text` against iconv -f UTF-8 -t UTF-16LE on
# the same input in the same run (iconv is the floor: it decodes UTF-8 and does
# nothing else). Two inputs of >= 50 MB each:
#   clean  - correct text in 185 locales (the synthetic suite's clean lines) plus
#            the seed pages, repeated; nothing in it may change
#   moji   - the synthetic suite's mangled lines (every kind), repeated
# Prints best-of-N wall times and speed ratios (kempt / iconv, higher is better).
# Goals: issue 3, clean text at least half as fast as iconv; issue 18, at least two
# thirds as fast (1.5x iconv's time at most), and mangled text at 20 MB/s. Run by hand.
#   scripts/bench_mojibake.sh [CORPUS_DIR]     RUNS=3 MB=50 KEMPT=build/kempt
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-$root/../shared/corpus/mojibake}
RUNS=${RUNS:-3}
MB=${MB:-50}
kempt=${KEMPT:-$root/build/kempt}
if [ ! -x "$kempt" ]; then
  source "$root/scripts/deps.sh"; source "$root/scripts/build.sh"
  kempt_install_deps python3; kempt_build "$root/build"
fi
[ -f "$corpus/synthetic.jsonl" ] || { echo "bench_mojibake: no corpus at $corpus" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT

python3 - "$corpus/synthetic.jsonl" "$root/../shared/seeds" "$work" "$MB" <<'PY'
import json, os, sys
src, seeds, out, mb = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
rows = [json.loads(l) for l in open(src, encoding="utf-8")]
clean = "\n".join(r["input"] for r in rows if r["kind"] == "clean") + "\n"
if os.path.isdir(seeds):
    for f in sorted(os.listdir(seeds)):
        if f.startswith(("000", "001", "003")):  # the seeds without mojibake
            clean += open(os.path.join(seeds, f), encoding="utf-8").read() + "\n"
moji = "\n".join(r["input"] for r in rows if r["kind"] != "clean") + "\n"
for name, text in (("clean", clean), ("moji", moji)):
    data = text.encode("utf-8")
    with open(os.path.join(out, name + ".txt"), "wb") as f:
        for _ in range(mb * 10**6 // len(data) + 1):
            f.write(data)
PY

best() {  # best wall time of RUNS runs of "$@" (stdin/stdout set by the caller)
  local best="" t0 t1 dt i
  for ((i = 0; i < RUNS; i++)); do
    t0=$(date +%s.%N); "$@" >/dev/null; t1=$(date +%s.%N)
    dt=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$best" ] || (( $(echo "$dt < $best" | bc -l) )); then best=$dt; fi
  done
  echo "$best"
}
command -v bc >/dev/null || { source "$root/scripts/deps.sh"; kempt_install_deps bc; }

printf 'kempt text vs iconv -f UTF-8 -t UTF-16LE, best of %s (page cache warm)\n' "$RUNS"
printf '  %-6s %8s %10s %10s %12s %12s\n' input MB iconv kempt "kempt MB/s" "speed ratio"
for name in clean moji; do
  f="$work/$name.txt"
  size=$(stat -c %s "$f")
  iconv -f UTF-8 -t UTF-16LE "$f" >/dev/null; "$kempt" text <"$f" >/dev/null   # warm-up
  ti=$(best iconv -f UTF-8 -t UTF-16LE "$f")
  tk=$(best "$kempt" text <"$f")
  printf '  %-6s %8.1f %9.3fs %9.3fs %12.1f %11.2fx\n' "$name" "$(echo "$size/1000000" | bc -l)" "$ti" "$tk" \
    "$(echo "$size/1000000/$tk" | bc -l)" "$(echo "$ti/$tk" | bc -l)"
done
echo "speed ratio = iconv time / kempt time (1.00x = as fast as iconv)."
echo "goals (issue 18): clean >= 0.67x (at most 1.5x iconv's time); moji >= 20 MB/s"
