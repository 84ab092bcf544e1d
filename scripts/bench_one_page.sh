#!/usr/bin/env bash
# bench_one_page.sh (issue 18): what a pre-commit hook pays on every commit, a
# `kempt check` of one page, process start to exit. Two pages: seed 004 (a real
# homepage: front matter, Liquid, HTML, links; named index.md as a site has it) and
# a one-line page (start-up and nothing else). Run by hand, not in CI.
#
# Each command runs N times, taking turns with `cat` of the same page (the floor:
# a process that starts, reads the page and exits) and with markdownlint-cli2 on it
# (scripts/peers.sh finds it, or installs it with npm), so that a change in this
# machine's speed moves all of them alike. Printed: the median wall time of each and
# kempt's ratio to the others.
#
#   scripts/bench_one_page.sh          KEMPT=build/kempt N=40
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
kempt=${KEMPT:-$root/build/kempt}
n=${N:-40}
seed=$root/../shared/seeds/004_5f02ca43c8833f26.txt
[ -x "$kempt" ] || { echo "bench_one_page: no kempt at $kempt (scripts/run.sh builds it)" >&2; exit 2; }
[ -f "$seed" ] || { echo "bench_one_page: no seed at $seed" >&2; exit 2; }
source "$root/scripts/peers.sh"
find_markdownlint_cli2 "$root"
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
mkdir -p "$work/seed" "$work/line"
cp "$seed" "$work/seed/index.md"
printf 'A page of one line.\n' >"$work/line/index.md"

python3 - "$kempt" "$n" "$work/seed/index.md" "$work/line/index.md" <<'PY'
import os, shutil, statistics, sys, time
kempt, n, pages = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
lint = os.environ.get("MARKDOWNLINT_CLI2") or None
quiet = os.open(os.devnull, os.O_WRONLY)

def wall(cmd, cwd):
    # posix_spawn and wait: what a hook runner pays to start the program and see it exit
    # (subprocess adds about a millisecond of its own).
    os.chdir(cwd)
    t0 = time.perf_counter()
    pid = os.posix_spawnp(cmd[0], cmd, os.environ,
                          file_actions=[(os.POSIX_SPAWN_DUP2, quiet, 1), (os.POSIX_SPAWN_DUP2, quiet, 2)])
    os.waitpid(pid, 0)
    return time.perf_counter() - t0

print(f"one page, process start to exit: median of {n} runs, taking turns (goal: kempt check <= 5 ms)")
print(f"  {'page':<22} {'cat':>8} {'kempt check':>12} {'x cat':>7}" + (f" {'markdownlint':>13} {'lint/kempt':>10}" if lint else ""))
for page in pages:
    folder = page.rsplit("/", 1)[0]
    runs = {"cat": [], "kempt": [], "lint": []}
    for _ in range(n):
        runs["cat"].append(wall(["cat", page], folder))
        runs["kempt"].append(wall([kempt, "check", "-q", page], folder))
        if lint:
            runs["lint"].append(wall([lint, "index.md"], folder))
    med = {k: statistics.median(v) * 1000 for k, v in runs.items() if v}
    name = "seed 004 (index.md)" if "/seed/" in page else "one-line page"
    row = f"  {name:<22} {med['cat']:7.2f}ms {med['kempt']:10.2f}ms {med['kempt'] / med['cat']:6.1f}x"
    if lint:
        row += f" {med['lint']:11.1f}ms {med['lint'] / med['kempt']:9.1f}x"
    print(row)
if not lint:
    print("  markdownlint-cli2 not found and not installable (npm): not compared")
PY
