#!/usr/bin/env bash
# markdownlint-cli2 (default rules, MD013 included) over `kempt cv` of every
# fixtures/cv/*.txt, with the two allowances entry headings need: a heading is one
# line however long (MD013 headings: false), and an entry's heading may repeat one
# in another section (MD024 siblings_only, as the CV corpus's score_cv.py lints).
# Exit 77 (skipped) when markdownlint-cli2 is absent: install it with
# `npm install -g markdownlint-cli2`, or point MARKDOWNLINT_CLI2 at it.
set -euo pipefail
root=${KEMPT_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
kempt=${KEMPT:-$root/build/kempt}
lint=${MARKDOWNLINT_CLI2:-$(command -v markdownlint-cli2 || true)}
if [ -z "$lint" ] || [ ! -x "$lint" ]; then
  echo "markdownlint-cli2 not found: skipped"; exit 77
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for f in "$root"/fixtures/cv/*.txt; do
  "$kempt" cv "$f" -o "$tmp/$(basename "$f" .txt).md"
done
echo '{"config": {"MD013": {"headings": false}, "MD024": {"siblings_only": true}}}' >"$tmp/.markdownlint-cli2.jsonc"
cd "$tmp" && "$lint" "*.md"
