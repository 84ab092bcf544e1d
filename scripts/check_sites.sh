#!/usr/bin/env bash
# `kempt fix` over a copy of every real site repo in ../shared/corpus/sites, checked the
# way the sites' own tools read the result (issue 12, item 9):
#   (a) every front matter (and YAML data file) that parsed before parses to the same
#       values after, with Ruby's Psych (Jekyll's loader) and with yaml-cpp;
#   (b) every Markdown page changed only by whitespace, front matter or encoding renders
#       to the same HTML with kramdown (GFM parser, Jekyll's defaults) and cmark-gfm;
#   (c) a second `fix` changes nothing; (d) `fix --check` then exits 0.
# Prints the figures; exits 1 when a check fails, 77 (skipped) when the corpus is absent.
# Needs ruby, ruby-kramdown, ruby-kramdown-parser-gfm (and ruby-tomlrb for TOML): scripts/deps.sh
# KEMPT_TEST_PACKAGES, installed by scripts/test.sh. yaml-cpp, toml++ and cmark-gfm are read
# through kempt_site_reader (tools/site_reader.cpp, built with the tests).
#   KEMPT=build/kempt SITE_READER=build/tests/kempt_site_reader scripts/check_sites.sh
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
kempt=${KEMPT:-$root/build/kempt}
reader=${SITE_READER:-$root/build/tests/kempt_site_reader}
sites=${SITES:-$root/../shared/corpus/sites}
if [ ! -d "$sites" ]; then echo "no corpus at $sites: skipped"; exit 77; fi
for tool in ruby "$kempt" "$reader"; do
  command -v "$tool" >/dev/null || { echo "check_sites: $tool not found (scripts/test.sh installs the test packages)" >&2; exit 1; }
done

tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
start=$SECONDS
mkdir "$tmp/before" "$tmp/after"
# Only the repos: the corpus's own README and each SOURCE.txt are not site files.
for repo in "$sites"/*/; do
  name=$(basename "$repo")
  cp -a "$repo" "$tmp/before/$name"
  rm -f "$tmp/before/$name/SOURCE.txt"
done
cp -a "$tmp/before/." "$tmp/after/"
chmod -R u+w "$tmp"
# Each repo is named on the command line: it is its own site, as its git work tree was
# (the copies have no .git), so one site's legacy pages do not vote on another's.
mapfile -t site_args < <(cd "$tmp/after" && ls -d */ | sed 's|/$||')

status=0
# Exit 3 is expected here: files kempt cannot process (front matter that does not parse)
# are left as they are and reported.
fix_exit=0
(cd "$tmp/after" && "$kempt" fix --format json --color never -j "$(nproc)" "${site_args[@]}" >"$tmp/fix1.json" 2>"$tmp/fix1.err") || fix_exit=$?
if [ "$fix_exit" -ne 0 ] && [ "$fix_exit" -ne 3 ]; then
  echo "FAIL: kempt fix exited $fix_exit"; cat "$tmp/fix1.err"; exit 1
fi
echo "kempt fix exit: $fix_exit ($(grep -c '"status": "failed"' "$tmp/fix1.json" || true) files failed)"

ruby "$root/tools/check_sites.rb" sites "$reader" "$tmp/before" "$tmp/after" "$tmp/fix1.json" || status=1

# (c) A second run changes nothing.
cp -a "$tmp/after" "$tmp/after1"
fix2_exit=0
(cd "$tmp/after" && "$kempt" fix --format json --color never "${site_args[@]}" >"$tmp/fix2.json" 2>"$tmp/fix2.err") || fix2_exit=$?
if ! diff -rq "$tmp/after1" "$tmp/after" >"$tmp/fix2.diff"; then
  echo "FAIL: a second fix changed $(wc -l <"$tmp/fix2.diff") files:"; head -20 "$tmp/fix2.diff"
  status=1
else
  echo "second fix: no file changed (exit $fix2_exit)"
fi

# (d) --check after fix: nothing would change. Exit 3 is right only for the files kempt
# could not process in the first run (they are left as they were), and no others.
check_exit=0
(cd "$tmp/after" && "$kempt" fix --check --format json --color never "${site_args[@]}" >"$tmp/check.json" 2>"$tmp/check.err") || check_exit=$?
failed_paths() { ruby -rjson -e 'puts JSON.parse(File.read(ARGV[0]))["files"].select { |f| f["status"] == "failed" }.map { |f| f["path"] }.sort' "$1"; }
would_change=$(ruby -rjson -e 'puts JSON.parse(File.read(ARGV[0]))["summary"]["changed"]' "$tmp/check.json" || echo "?")
if [ "$check_exit" -eq 0 ] || { [ "$check_exit" -eq 3 ] && [ "$would_change" = 0 ] &&
     [ "$(failed_paths "$tmp/check.json")" = "$(failed_paths "$tmp/fix1.json")" ]; }; then
  echo "fix --check after fix: exit $check_exit, would change $would_change" \
       "(files kempt cannot process, as in the first run: $(failed_paths "$tmp/check.json" | wc -l))"
else
  echo "FAIL: fix --check after fix exited $check_exit, would change $would_change"
  (cd "$tmp/after" && "$kempt" fix --check --color never "${site_args[@]}" 2>&1 | grep -v '^$' | tail -15) || true
  status=1
fi
# (d) strictly: over every file the first run could process, `fix --check` exits 0. Site
# by site, as --exclude globs are relative to the folder named on the command line.
strict_exit=0
left_out=0
for site in "${site_args[@]}"; do
  excludes=()
  while IFS= read -r path; do
    [ -n "$path" ] && excludes+=(--exclude "${path#"$site"/}") && left_out=$((left_out + 1))
  done < <(failed_paths "$tmp/fix1.json" | grep "^$site/" || true)
  (cd "$tmp/after" && "$kempt" fix --check --color never "${excludes[@]}" "$site" >/dev/null 2>>"$tmp/strict.err") ||
    strict_exit=$?
done
if [ "$strict_exit" -eq 0 ]; then
  echo "fix --check after fix, the $left_out files kempt cannot process left out: exit 0"
else
  echo "FAIL: fix --check after fix, the files kempt cannot process left out, exited $strict_exit"
  tail -5 "$tmp/strict.err"
  status=1
fi
echo "check_sites: $((SECONDS - start)) s"
exit $status
