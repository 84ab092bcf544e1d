#!/usr/bin/env bash
# markdownlint-cli2 (default rules) over `kempt cv` of every fixtures/cv/*.txt and *.pdf,
# with and without --front-matter.
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
for f in "$root"/fixtures/cv/*.txt "$root"/fixtures/cv/*.pdf; do
  "$kempt" cv "$f" -o "$tmp/$(basename "$f").md"
  # with academicpages' front matter too: its title is the page's only top-level heading (MD025)
  "$kempt" cv "$f" --front-matter -o "$tmp/$(basename "$f").front-matter.md"
done
# no config file in $tmp: markdownlint's defaults, MD013 included
cd "$tmp" && "$lint" "*.md"
