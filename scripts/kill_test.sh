#!/usr/bin/env bash
# Issue 12's kill test: `kempt fix` over 1,000 generated pages is interrupted at a
# random moment by SIGKILL, SIGINT or SIGTERM, TRIALS times. After each kill every
# file must be byte for byte its original or its fixed version (the fixed bytes come
# from one uninterrupted run on a copy); after SIGINT/SIGTERM no temp file may be
# left and kempt must exit 130/143; the next `kempt fix` must report and remove every
# stale temp file (`io/stale-temp`), leave none, and bring every file to its fixed
# bytes. Half the trials force named temp files (KEMPT_TEST_NAMED_TEMP=1), as on a
# file system without O_TMPFILE, so that SIGKILL does leave stale ones behind.
#
# Usage: KEMPT=build/kempt scripts/kill_test.sh [TRIALS] [FILES] [SEED]
set -uo pipefail

KEMPT=${KEMPT:-$(cd "$(dirname "$0")/.." && pwd)/build/kempt}
TRIALS=${1:-20}
FILES=${2:-1000}
SEED=${3:-$$}
RANDOM=$SEED
# On tmpfs (/dev/shm) when there is one: fsync costs nothing there, so 20 trials fit
# in well under a minute; what is tested (rename is atomic, temp files are cleaned)
# does not depend on the file system. KILL_TEST_DIR chooses another place.
base=${KILL_TEST_DIR:-$( [ -d /dev/shm ] && [ -w /dev/shm ] && echo /dev/shm || echo "${TMPDIR:-/tmp}")}
work=$(mktemp -d "$base/kempt-kill-XXXXXX")
trap 'rm -rf "$work"' EXIT
fail() { echo "kill_test: FAIL (seed $SEED): $*" >&2; exit 1; }

# --- 1,000 pages: whitespace, mojibake, front matter and encoding fixes, clean ones
generate() {
  local dir=$1 i k body
  mkdir -p "$dir/_posts" "$dir/pages" "$dir/notes"
  local para='Our lab studies distributed systems, storage and the odd compiler. We publish what we build and keep the code open.'
  for ((i = 0; i < FILES; i++)); do
    body=""
    for ((k = 0; k < 4 + RANDOM % 20; k++)); do body+="$para $i.$k"$'\n\n'; done
    case $((i % 6)) in
      0) printf -- '---\ntitle: "Post %d"\n---\n\n%s' "$i" "$body" >"$dir/_posts/p$i.md" ;;  # clean
      1) printf -- '---\ntitle: Post %d\n---\n\nTrailing blanks   \nA CRLF line\r\n%sno final newline' "$i" "$body" \
           >"$dir/_posts/p$i.md" ;;
      2) printf -- '# Notes %d\n\nItâ€™s a cafÃ© â€” fine.\n\n%s' "$i" "$body" >"$dir/pages/n$i.md" ;;
      3) printf -- '---\ntitle: Lab: Systems %d\ndate: 15/01/2024\n---\n\n%s' "$i" "$body" >"$dir/_posts/f$i.md" ;;
      4) printf -- '<p>Page %d</p>\n%s' "$i" "$body" >"$dir/pages/h$i.html" ;;  # clean
      5) printf -- 'Caf\xe9 cr\xe8me, na\xefve r\xe9sum\xe9s \xe0 la carte.\n%s' "$body" >"$dir/notes/t$i.txt" ;;  # cp1252
    esac
  done
}

hashes() { (cd "$1" && find . -type f ! -name '.*.kempt-*' -print0 | sort -z | xargs -0 sha256sum); }
temps() { find "$1" -name '.*.kempt-??????' | wc -l; }

generate "$work/orig"
hashes "$work/orig" >"$work/orig.sha"
cp -a "$work/orig" "$work/ref"
start=$(date +%s%N)
"$KEMPT" fix -q "$work/ref" >/dev/null 2>"$work/ref.err"
ref_status=$?
full_ms=$(( ($(date +%s%N) - start) / 1000000 ))
[ "$ref_status" -eq 0 ] || { cat "$work/ref.err" >&2; fail "the uninterrupted run exited $ref_status"; }
hashes "$work/ref" >"$work/fixed.sha"
cp -a "$work/orig" "$work/slow"
start=$(date +%s%N)
KEMPT_TEST_NAMED_TEMP=1 KEMPT_TEST_WRITE_DELAY_MS=1 "$KEMPT" fix -q "$work/slow" >/dev/null 2>&1
slow_ms=$(( ($(date +%s%N) - start) / 1000000 ))
cmp -s <(hashes "$work/slow") "$work/fixed.sha" || fail "a run with named temp files fixed differently"
rm -rf "$work/slow"
changed=$(paste -d' ' <(cut -d' ' -f1 "$work/orig.sha") <(cut -d' ' -f1 "$work/fixed.sha") | awk '$1 != $2' | wc -l)
[ "$changed" -gt $((FILES / 2)) ] || fail "only $changed of $FILES files need a fix: the generator is off"
join -j 2 <(awk '{print $1, $2}' "$work/orig.sha" | sort -k2) <(awk '{print $1, $2}' "$work/fixed.sha" | sort -k2) \
  >"$work/both"  # path orig fixed

signals=(KILL INT TERM)
checked=0 found_total=0 removed_total=0 interrupted=0
for ((t = 1; t <= TRIALS; t++)); do
  rm -rf "$work/run" && cp -a "$work/orig" "$work/run"
  sig=${signals[$((RANDOM % 3))]}
  named=$((t % 2))
  # The named-temp half also pauses 1 ms between writing a temp file and renaming it,
  # so that a kill often lands while temp files exist; its runs take longer.
  delay_write=$named
  span=$((named ? slow_ms : full_ms))
  delay_ms=$((RANDOM % (span + span / 10 + 1)))
  # (a script's background job starts with SIGINT ignored, which kempt respects: restore it)
  KEMPT_TEST_NAMED_TEMP=$named KEMPT_TEST_WRITE_DELAY_MS=$delay_write \
    env --default-signal=INT,TERM "$KEMPT" fix -q "$work/run" >/dev/null 2>"$work/run.err" &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  kill -s "$sig" "$pid" 2>/dev/null
  wait "$pid"
  status=$?
  [ "$status" -ne 0 ] && interrupted=$((interrupted + 1))
  left=$(temps "$work/run")
  case $sig in
    INT | TERM)
      want=$([ "$sig" = INT ] && echo 130 || echo 143)
      [ "$status" -eq "$want" ] || [ "$status" -eq 0 ] || { cat "$work/run.err" >&2; fail "trial $t: SIG$sig gave exit $status, not $want"; }
      [ "$left" -eq 0 ] || fail "trial $t: SIG$sig left $left temp files"
      ;;
    KILL) [ "$status" -eq 137 ] || [ "$status" -eq 0 ] || fail "trial $t: SIGKILL gave exit $status" ;;
  esac
  # Every file is its original or its fixed bytes.
  hashes "$work/run" | awk '{print $2, $1}' | sort >"$work/now"
  bad=$(join "$work/both" "$work/now" | awk '$4 != $2 && $4 != $3' | wc -l)
  n=$(wc -l <"$work/now")
  [ "$n" -eq "$FILES" ] || fail "trial $t: $n files after the kill, not $FILES"
  [ "$bad" -eq 0 ] || fail "trial $t (SIG$sig after ${delay_ms} ms): $bad files are neither original nor fixed"
  checked=$((checked + n))
  # The next run reports and removes every stale temp file and finishes the job.
  "$KEMPT" fix -q "$work/run" >/dev/null 2>"$work/next.err"
  next_status=$?
  reported=$(grep -c 'io/stale-temp' "$work/next.err")
  removed=$(grep -c 'io/stale-temp, fixed' "$work/next.err")
  [ "$next_status" -eq 0 ] || { cat "$work/next.err" >&2; fail "trial $t: the next run exited $next_status"; }
  [ "$reported" -eq "$left" ] && [ "$removed" -eq "$left" ] || fail "trial $t: $left temp files, $reported reported, $removed removed"
  [ "$(temps "$work/run")" -eq 0 ] || fail "trial $t: temp files left after the next run"
  cmp -s <(hashes "$work/run") "$work/fixed.sha" || fail "trial $t: the next run did not bring every file to its fixed bytes"
  found_total=$((found_total + left))
  removed_total=$((removed_total + removed))
  echo "trial $t: SIG$sig after ${delay_ms} ms (named temps: $named), exit $status, $left temp files left, removed by the next run"
done
echo "kill_test: $TRIALS trials ($interrupted stopped by the signal before the end), $checked files checked, $found_total temp files found, $removed_total removed; full run ${full_ms} ms (${slow_ms} ms with named, paused temps); seed $SEED"
