#!/usr/bin/env bash
# bench_bounds.sh: the mojibake pass on pathological shapes (issue 12, item 7).
# Generates each shape at 1 MB and 10 MB, then prints wall time and peak RSS of
#   kempt text < F                          (stdin mapped: the `kempt text` path)
#   kempt check --only mojibake F.md        (the file pass, on a Markdown page)
# beside `cat F` and `iconv -f UTF-8 -t UTF-16LE F` on the same input in the same
# run, and the ratios kempt/cat and kempt/iconv. The goal: under 2 s per 10 MB and
# peak RSS <= 10x input + 64 MB, for every shape and size. Run by hand, not in CI.
#   scripts/bench_bounds.sh [SHAPE...]     SIZES="1 10" (MB)  KEMPT=build/kempt
#                                           TIMEOUT=120 (s, per run)  KEEP=DIR (keep inputs)
# Shapes (every one a single line, but `lines`):
#   its       "Itâ€™s fine. " repeated: mangled everywhere
#   ends      mojibake at both ends of the line, clean ASCII prose between
#   lines     many short mangled lines
#   leads     lead bytes shown as Latin only (Ã â ð Å Ä ...), no spaces
#   leads-sp  "Ã " / "Â " / "â?" pairs: leads beside spaces and `?` (one long run)
#   gbk       CJK mojibake: Chinese UTF-8 read as GBK ("鎴戜滑")
#   lost      U+FFFD and `?` runs next to partial sequences (lost-byte readings)
#   cjk       clean Chinese
#   cyrillic  clean Russian
#   nonl      the synthetic suite's lines (every kind of mangling, and clean
#             lines of 185 locales) joined with spaces: no newline at all
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
kempt=${KEMPT:-$root/build/kempt}
SIZES=${SIZES:-1 10}
TIMEOUT=${TIMEOUT:-120}
corpus=$root/../shared/corpus/mojibake
[ -x "$kempt" ] || { echo "bench_bounds: no kempt at $kempt (build first)" >&2; exit 2; }
[ -x /usr/bin/time ] || { source "$root/scripts/deps.sh"; kempt_install_deps time; }
shapes=("$@")
[ ${#shapes[@]} -gt 0 ] || shapes=(its ends lines leads leads-sp gbk lost cjk cyrillic nonl)

work=${KEEP:-$(mktemp -d)}
mkdir -p "$work"
[ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT

# Writes $work/SHAPE-NMB.md: exactly N*10^6 bytes, cut back to a whole character.
generate() {
  python3 - "$work" "$corpus" "$1" "$2" <<'PY'
import json, os, random, sys
out, corpus, shape, mb = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
size = int(float(mb) * 10**6)
r = random.Random(12)

def gbk(s):  # UTF-8 read as GBK, as an editor shows it (undecodable pairs as U+FFFD)
    return s.encode("utf-8").decode("gbk", errors="replace")

def unit():
    if shape == "its":
        return "Itâ€™s fine. "
    if shape == "lines":
        return "Itâ€™s fine â€” cafÃ© dÃ©jÃ  vu ðŸŽ‰\n"
    if shape == "leads":
        return "".join(r.choice("ÃâðÅÄÐØÙÑÎ") for _ in range(4096))
    if shape == "leads-sp":
        return "".join(r.choice(["Ã ", "Â ", "Ã", "â?", "Å ", "ð?", "Ã?"]) for _ in range(2048))
    if shape == "gbk":
        return gbk("我们的研究小组在二〇二四年发表了三篇论文，欢迎联系。")
    if shape == "lost":
        return "".join(r.choice(["\ufffd", "?", "â€", "ð", "ðŸ", "Ã", "â\ufffd", "ðŸ\ufffd", "\ufffd\ufffd", "??", "鈥", "锟", "ç"]) for _ in range(2048))
    if shape == "cjk":
        return "我们的研究小组在二〇二四年发表了三篇论文，欢迎与我们联系。日本語の文章も少し。한국어 문장도 있습니다. "
    if shape == "cyrillic":
        return "Съешь же ещё этих мягких французских булок, да выпей чаю. Ёжик в тумане — «Чебурашка». "
    raise SystemExit(f"bench_bounds: unknown shape {shape}")

if shape == "ends":
    moji = "Itâ€™s fine â€” cafÃ© ðŸŽ‰ " * 200
    clean = "The quick brown fox jumps over the lazy dog, and then it rests. "
    mid = size - 2 * len(moji.encode())
    text = moji + clean * (mid // len(clean) + 1)
    text = text[: size - len(moji.encode())] + moji
elif shape == "nonl":
    path = os.path.join(corpus, "synthetic.jsonl")
    if not os.path.exists(path):
        raise SystemExit(f"bench_bounds: no corpus at {corpus}")
    rows = [json.loads(l)["input"] for l in open(path, encoding="utf-8")]
    block = " ".join(x.replace("\n", " ").replace("\r", " ") for x in rows) + " "
    text = block * (size // len(block.encode()) + 1)
else:
    parts, n = [], 0
    while n < size:
        u = unit()
        parts.append(u)
        n += len(u.encode())
    text = "".join(parts)
data = text.encode("utf-8")[:size]
data = data.decode("utf-8", errors="ignore").encode("utf-8")  # whole characters
with open(os.path.join(out, f"{shape}-{mb}MB.md"), "wb") as f:
    f.write(data)
PY
}

# "wall-seconds peak-KB cpu-seconds" of one run (stdout dropped); "timeout" when
# it ran out of time. CPU time (user + sys) is printed too: on a machine that other
# work keeps busy, wall time says more about the machine than about kempt.
measure() {
  local log=$work/time.log rc=0
  timeout "$TIMEOUT" /usr/bin/time -f '%e %M %U %S' -o "$log" "$@" >/dev/null 2>&1 || rc=$?
  if [ "$rc" -eq 124 ]; then echo "timeout 0 0"; return; fi
  tail -n 1 "$log" | awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }'
}

printf '%-9s %4s | %6s %7s | %8s %6s %7s %6s %6s | %8s %6s %7s %6s %6s | %s\n' shape MB cat_s iconv_s \
  text_s cpu_s text_MB x_cat x_icv check_s cpu_s chk_MB x_cat x_icv verdict
for mb in $SIZES; do
  for shape in "${shapes[@]}"; do
    f=$work/$shape-${mb}MB.md
    [ -f "$f" ] || generate "$shape" "$mb"
    bytes=$(stat -c %s "$f")
    cat "$f" >/dev/null  # page cache
    read -r tc _ _ <<<"$(measure cat "$f")"
    read -r ti _ _ <<<"$(measure iconv -f UTF-8 -t UTF-16LE "$f")"
    read -r tt mt ct <<<"$(measure sh -c '"$1" text <"$2"' _ "$kempt" "$f")"
    read -r tk mk ck <<<"$(measure "$kempt" check -q --only mojibake --color never "$f")"
    awk -v shape="$shape" -v bytes="$bytes" -v tc="$tc" -v ti="$ti" -v tt="$tt" -v mt="$mt" -v ct="$ct" \
        -v tk="$tk" -v mk="$mk" -v ck="$ck" -v limit="$TIMEOUT" 'BEGIN {
      mb = bytes / 1e6
      tbound = 0.2 * mb                   # 2 s per 10 MB
      mbound = 10 * bytes / 1048576 + 64  # MiB
      fl = 0.01                           # time(1) has 10 ms resolution
      why = ""
      if (tt == "timeout") { ts = ">" limit; why = why " text-time"; xt = "-"; yt = "-" } else {
        ts = sprintf("%.2f", tt); if (tt > tbound) why = why " text-time"
        xt = sprintf("%.0f", tt / (tc > fl ? tc : fl)); yt = sprintf("%.1f", tt / (ti > fl ? ti : fl)) }
      if (tk == "timeout") { ks = ">" limit; why = why " check-time"; xk = "-"; yk = "-" } else {
        ks = sprintf("%.2f", tk); if (tk > tbound) why = why " check-time"
        xk = sprintf("%.0f", tk / (tc > fl ? tc : fl)); yk = sprintf("%.1f", tk / (ti > fl ? ti : fl)) }
      if (mt / 1024 > mbound) why = why " text-mem"
      if (mk / 1024 > mbound) why = why " check-mem"
      printf "%-9s %4.0f | %6.2f %7.2f | %8s %6s %7.0f %6s %6s | %8s %6s %7.0f %6s %6s | %s\n", shape, mb, tc, ti,
             ts, ct, mt / 1024, xt, yt, ks, ck, mk / 1024, xk, yk,
             why == "" ? "ok" : sprintf("OVER:%s (bounds %.1f s, %.0f MB)", why, tbound, mbound)
    }'
  done
done
echo "times in s (wall; cpu_s = user + sys), peak RSS in MiB; x_cat/x_icv: kempt wall time / cat or iconv"
echo "wall time (floor 10 ms); bounds: 2 s per 10 MB (wall), peak RSS <= 10x input + 64 MiB"
