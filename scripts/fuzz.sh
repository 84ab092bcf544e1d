#!/usr/bin/env bash
# Runs a libFuzzer target (clang, ASan + UBSan + LSan) for a while; by hand, never in CI.
#   scripts/fuzz.sh [TARGET] [SECONDS]      e.g. scripts/fuzz.sh mojibake 600
# TARGET names fuzz/<TARGET>_fuzz.cpp (default: mojibake). The corpus starts from the
# seed pages and fixtures and grows in build-fuzz/corpus-TARGET/; crashes land in
# build-fuzz/crash-TARGET/. Prints the run count at the end ("stat::number_of_executed_units").
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target=${1:-mojibake}
seconds=${2:-600}
source "$root/scripts/deps.sh"
kempt_install_deps clang
dir="$root/build-fuzz"
mkdir -p "$dir"
# Configured every time (it is quick): a target added since the last run must be known.
CXX=clang++ CC=clang cmake -S "$root" -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKEMPT_FUZZ=ON \
  -DKEMPT_BUILD_TESTS=OFF >"$dir/configure.log" 2>&1 || { cat "$dir/configure.log" >&2; exit 1; }
cmake --build "$dir" -j "$(nproc)" --target "kempt_fuzz_$target" >"$dir/build-$target.log" 2>&1 \
  || { tail -n 40 "$dir/build-$target.log" >&2; exit 1; }
corpus="$dir/corpus-$target"
crashes="$dir/crash-$target"
mkdir -p "$corpus" "$crashes"
# Seed inputs: the real pages, a few KB each.
while read -r f; do
  cp -n "$f" "$corpus/$(echo "${f#$root/}" | tr -c 'A-Za-z0-9._-' '_')" 2>/dev/null || true
done < <(find "$root/../shared/seeds" "$root/fixtures" -type f -size -64k 2>/dev/null)
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The fuzzer's own status, not grep's: a crash must fail the script.
set +e
"$dir/fuzz/kempt_fuzz_$target" -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 \
  -artifact_prefix="$crashes/" "$corpus" >"$dir/fuzz-$target.log" 2>&1
status=$?
set -e
grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|==[0-9]+==ERROR|SUMMARY)" "$dir/fuzz-$target.log" || true
echo "fuzz $target: exit $status (log: ${dir#$root/}/fuzz-$target.log)"
exit "$status"
