#!/usr/bin/env bash
# Issue 14 item 1: kempt as a pre-commit hook, the way a user would set it up. A local clone
# of this checkout (with this checkout's .pre-commit-hooks.yaml) is tagged and named as the
# hook repo in a new site repo's .pre-commit-config.yaml; Debian's `pre-commit install` puts
# the git hook in; a commit of a page with mojibake, trailing blanks and a Lorem ipsum
# paragraph must fail with the page fixed on disk, and the commit of the fixed page must
# pass. `kempt-check` must fail on a broken page and leave it as it was. The hooks are
# language: system, so nothing is fetched: the binary is $KEMPT, put on PATH as `kempt`.
# Prints the wall and CPU time of the two commits.
#
# Usage: KEMPT=build/kempt KEMPT_SOURCE_DIR=. tests/precommit_test.sh
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
KEMPT=${KEMPT:-$root/build/kempt}
KEMPT_SOURCE_DIR=${KEMPT_SOURCE_DIR:-$root}
fail() { echo "precommit_test: FAIL: $*" >&2; exit 1; }
command -v pre-commit >/dev/null || fail "pre-commit is not installed (a test package: scripts/deps.sh)"
[ -x "$KEMPT" ] || fail "no kempt binary at $KEMPT"

work=$(mktemp -d "${TMPDIR:-/tmp}/kempt-precommit-XXXXXX")
trap 'rm -rf "$work"' EXIT

# Nothing of the user's or the machine's git and pre-commit set-up may take part (a global
# core.hooksPath makes `pre-commit install` refuse; a cached hook repo would hide the manifest).
unset GIT_DIR GIT_WORK_TREE GIT_INDEX_FILE GIT_OBJECT_DIRECTORY GIT_CEILING_DIRECTORIES
export HOME=$work/home GIT_CONFIG_NOSYSTEM=1 PRE_COMMIT_HOME=$work/pre-commit-cache PRE_COMMIT_COLOR=never
export GIT_AUTHOR_NAME=kempt GIT_AUTHOR_EMAIL=kempt@example.org
export GIT_COMMITTER_NAME=kempt GIT_COMMITTER_EMAIL=kempt@example.org
mkdir -p "$HOME" "$work/bin"
ln -s "$(cd "$(dirname "$KEMPT")" && pwd)/$(basename "$KEMPT")" "$work/bin/kempt"
export PATH=$work/bin:$PATH

# --- the hook repo: a clone of this checkout, its manifest as in the work tree, tagged
hooks=$work/kempt-hooks
git clone -q "$KEMPT_SOURCE_DIR" "$hooks" || fail "cannot clone $KEMPT_SOURCE_DIR"
cp "$KEMPT_SOURCE_DIR/.pre-commit-hooks.yaml" "$hooks/.pre-commit-hooks.yaml"
git -C "$hooks" add .pre-commit-hooks.yaml
git -C "$hooks" diff --cached --quiet || git -C "$hooks" commit -q -m "manifest as in the work tree"
git -C "$hooks" tag v0.0.0-test

# --- the site repo
site=$work/site
git init -q "$site"
cd "$site"
cat >.pre-commit-config.yaml <<EOF
repos:
  - repo: $hooks
    rev: v0.0.0-test
    hooks:
      - id: kempt
      - id: kempt-check
EOF
pre-commit install >"$work/install.log" 2>&1 || { cat "$work/install.log"; fail "pre-commit install"; }
[ -x .git/hooks/pre-commit ] || fail "pre-commit install wrote no .git/hooks/pre-commit"

# A page as an old site has it: mojibake (UTF-8 read as windows-1252 and saved again),
# blanks after a heading and after a paragraph's last line (no hard break there), the
# classical filler paragraph, and extra blank lines at the end.
printf -- '---\ntitle: Home\n---\n\n# Notes   \n\nCafÃ© â€” itâ€™s open again, from nine.\t\n\nLorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor\nincididunt ut labore et dolore magna aliqua.\n\nSee you there. \n\n\n' >index.md
# The same page as it should be, written out by hand.
printf -- '---\ntitle: Home\n---\n\n# Notes\n\nCafé — it’s open again, from nine.\n\nSee you there.\n' >"$work/expected.md"
git add .pre-commit-config.yaml index.md

# `timed NAME CMD...` runs CMD with its output in $work/NAME.log and its wall and CPU
# (user + system, of all its processes) seconds in $work/NAME.time; returns CMD's status.
TIMEFORMAT='%R s wall, %U s user + %S s system'
timed() { local name=$1; shift; { time "$@" >"$work/$name.log" 2>&1; } 2>"$work/$name.time"; }
if timed commit1 git commit -q -m "home page"; then
  cat "$work/commit1.log"; fail "the first commit passed with a broken page"
fi
git rev-parse -q --verify HEAD >/dev/null && fail "the first commit was made"
cmp -s index.md "$work/expected.md" || { cat "$work/commit1.log"; diff -u "$work/expected.md" index.md || true;
                                          fail "index.md is not fixed as expected on disk"; }
# The fix hook failed by changing the file (not by an error of its own); the check hook,
# running after it, found nothing left in the fixed page.
grep -q '^kempt (fix)\.*Failed$' "$work/commit1.log" || { cat "$work/commit1.log"; fail "kempt (fix) did not fail"; }
grep -q '^- files were modified by this hook$' "$work/commit1.log" || { cat "$work/commit1.log"; fail "no 'files were modified'"; }
grep -q '^- exit code:' "$work/commit1.log" && { cat "$work/commit1.log"; fail "a hook exited non-zero"; }
grep -q '^kempt check\.*Passed$' "$work/commit1.log" || { cat "$work/commit1.log"; fail "kempt check did not pass on the fixed page"; }

git add index.md
timed commit2 git commit -q -m "home page" || { cat "$work/commit2.log"; fail "the second commit failed"; }
git show HEAD:index.md | cmp -s - "$work/expected.md" || fail "the committed index.md is not the fixed page"
grep -q '^kempt (fix)\.*Passed$' "$work/commit2.log" || { cat "$work/commit2.log"; fail "kempt (fix) did not pass"; }

# kempt-check alone on a broken page: fails, names the findings, writes nothing.
printf 'Itâ€™s here.  \n' >notes.txt
cp notes.txt "$work/notes.before"
git add notes.txt
if pre-commit run kempt-check >"$work/check.log" 2>&1; then cat "$work/check.log"; fail "kempt-check passed a broken page"; fi
grep -q '^- exit code: 1$' "$work/check.log" || { cat "$work/check.log"; fail "kempt-check did not exit 1"; }
grep -q 'notes.txt:1:' "$work/check.log" || { cat "$work/check.log"; fail "kempt-check named no finding"; }
cmp -s notes.txt "$work/notes.before" || fail "kempt-check changed notes.txt"

# Files kempt does not take from a folder are not handed to it either.
printf 'Itâ€™s here.  \n' >LICENSE
printf 'Itâ€™s here.  \n' >page.xhtml
git add LICENSE page.xhtml
git reset -q notes.txt
git commit -q -m "other files" >"$work/commit3.log" 2>&1 || { cat "$work/commit3.log"; fail "a commit of files kempt does not take failed"; }
grep -q '^kempt (fix)\.*(no files to check)Skipped$' "$work/commit3.log" || { cat "$work/commit3.log"; fail "kempt (fix) was run on LICENSE or page.xhtml"; }

echo "precommit_test: first commit (hook repo cloned into the cache, page fixed, commit refused): $(cat "$work/commit1.time")"
echo "precommit_test: second commit (page clean, commit made): $(cat "$work/commit2.time")"
echo "precommit_test: ok"
