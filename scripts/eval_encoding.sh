#!/usr/bin/env bash
# Issue 13's measure of the `encoding` pass on real site pages (tools/eval_encoding.py):
# A. every UTF-8 page of ../shared/corpus/sites with non-ASCII text, re-encoded in each
#    code page its language used, run through `kempt fix --only encoding` in a copy of its
#    site and alone: converted exactly / wrong / left, per page, per code page, in sum;
# B. the corpus as it is: UTF-8 files unchanged, each legacy file with its decision;
# C. the real legacy pages show the same text after as before, with no non-UTF-8 declaration.
# Works on copies in a temp dir; exits 1 on a wrong conversion or a changed UTF-8 file.
#   scripts/eval_encoding.sh [--quick [N]] [--part all|reencoded|real] [--strict]
#                            [--codepages cp1252,mac_roman] [--json OUT] [--keep] [SITE...]
# (KEMPT=path/to/kempt picks a binary, CORPUS=dir the sites.) Exit 77 when the corpus is absent.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
corpus=${CORPUS:-$root/../shared/corpus/sites}
[ -d "$corpus" ] || { echo "eval_encoding: no corpus at $corpus" >&2; exit 77; }
kempt=${KEMPT:-$root/build/kempt}
if [ ! -x "$kempt" ]; then
  source "$root/scripts/deps.sh"; source "$root/scripts/build.sh"
  kempt_install_deps python3; kempt_build "$root/build"
fi
command -v python3 >/dev/null || { source "$root/scripts/deps.sh"; kempt_install_deps python3; }
exec python3 "$root/tools/eval_encoding.py" --kempt "$kempt" --corpus "$corpus" "$@"
