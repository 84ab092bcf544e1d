#!/usr/bin/env bash
# `kempt <TAB>` in bash: the completion script, sourced in a plain bash (no
# bash-completion package), completes commands, each command's options, pass names
# after --only/--skip (also after a comma), formats after --format, and paths.
# Usage: [KEMPT=path/to/kempt] completion_test.sh COMPLETION_FILE
set -uo pipefail
script=$(realpath "$1") && [ -f "$script" ] || { echo "no completion file: $1"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0

# complete LINE: what bash would offer with the cursor at the end of LINE (a trailing
# blank means a new, empty word), one candidate a line, sorted.
complete_line() {
  (cd "$tmp" && bash --norc --noprofile -c '
    source "$1" || exit 1
    read -ra COMP_WORDS <<<"$2"
    [[ $2 == *" " ]] && COMP_WORDS+=("")
    COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
    COMP_LINE=$2 COMP_POINT=${#2}
    _kempt kempt "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
    printf "%s\n" "${COMPREPLY[@]}" | sort' _ "$script" "$1")
}

expect() {  # LINE EXPECTED (candidates separated by blanks)
  local got want
  got=$(complete_line "$1" | tr '\n' ' ' | sed 's/ $//')
  want=$(tr ' ' '\n' <<<"$2" | sort | tr '\n' ' ' | sed 's/ $//')
  if [ "$got" = "$want" ]; then echo "ok: '$1' -> $got"
  else echo "FAIL: '$1' -> '$got', expected '$want'"; failures=$((failures + 1)); fi
}

mkdir -p "$tmp/site" && touch "$tmp/site.md" "$tmp/other.txt"
expect "kempt " "check cv fix help text"
expect "kempt c" "check cv"
expect "kempt --" "--help --version"
expect "kempt fix --d" "--delete-sample-files --diff"
expect "kempt fix --c" "--check --color --config"
expect "kempt check --c" "--color --config"
expect "kempt text --" "--explain --fold-ligatures --help --jsonl --mark-lost"
expect "kempt cv --" "--explain --front-matter --help --name --output"
expect "kempt fix --only " "encoding frontmatter mojibake placeholders whitespace"
expect "kempt check --skip m" "mojibake"
expect "kempt fix --only whitespace,mo" "whitespace,mojibake"
expect "kempt fix --format " "github json sarif text"
expect "kempt check --format s" "sarif"
expect "kempt check --color a" "always auto"
expect "kempt fix -q --diff si" "site site.md"
expect "kempt help " "check cv fix help text"
expect "kempt fix --jobs " ""

# Every long option each command's --help lists is completed (a new option without a
# completion fails here), and nothing the command does not have.
if [ -n "${KEMPT:-}" ]; then
  for cmd in fix check text cv; do
    # The option lines of --help (`  -j,--jobs UINT ...`), not the examples in its footer.
    from_help=$("$KEMPT" "$cmd" --help | sed -n 's/^ *\(-[a-zA-Z],\)\{0,1\}\(--[a-z][a-z-]*\).*/\2/p' | sort -u | tr '\n' ' ' | sed 's/ $//')
    completed=$(complete_line "kempt $cmd --" | tr '\n' ' ' | sed 's/ $//')
    if [ "$from_help" = "$completed" ]; then echo "ok: kempt $cmd: the completion's options are --help's"
    else echo "FAIL: kempt $cmd --help lists '$from_help', the completion offers '$completed'"; failures=$((failures + 1)); fi
  done
fi
[ "$failures" -eq 0 ] || { echo "$failures check(s) wrong"; exit 1; }
