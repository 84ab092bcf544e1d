# bash completion for kempt(1). Self-contained: works with or without the
# bash-completion package (installed to share/bash-completion/completions/kempt).

_kempt() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  local commands="fix check text cv help"
  local passes="encoding mojibake frontmatter placeholders whitespace"
  local common="--only --skip --format -j --jobs --include --exclude --color -q --quiet --config --stdin-filename --help"
  COMPREPLY=()

  # The command is the first word after `kempt` that is not an option.
  local i cmd=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case ${COMP_WORDS[i]} in -*) ;; *) cmd=${COMP_WORDS[i]}; break ;; esac
  done

  if [ -z "$cmd" ]; then
    if [[ $cur == -* ]]; then
      COMPREPLY=($(compgen -W "--help --version" -- "$cur"))
    else
      COMPREPLY=($(compgen -W "$commands" -- "$cur"))
    fi
    return 0
  fi

  # An option's value.
  case $prev in
    --only|--skip)
      # A comma-separated list: complete the pass after the last comma.
      local done_part="" last=$cur
      if [[ $cur == *,* ]]; then done_part=${cur%,*},; last=${cur##*,}; fi
      COMPREPLY=($(compgen -P "$done_part" -W "$passes" -- "$last"))
      compopt -o nospace 2>/dev/null
      return 0 ;;
    --format) COMPREPLY=($(compgen -W "text json github sarif" -- "$cur")); return 0 ;;
    --color) COMPREPLY=($(compgen -W "auto always never" -- "$cur")); return 0 ;;
    -j|--jobs|--name|--include|--exclude) return 0 ;;
    --config|-o|--output|--stdin-filename) COMPREPLY=($(compgen -f -- "$cur")); compopt -o filenames 2>/dev/null; return 0 ;;
  esac

  local options
  case $cmd in
    fix) options="$common --check --diff --jsonl --aggressive --delete-sample-files" ;;
    check) options=$common ;;
    text) options="--jsonl --explain --fold-ligatures --mark-lost --help" ;;
    cv) options="-o --output --name --front-matter --explain --help" ;;
    help) [ "$COMP_CWORD" -eq $((i + 1)) ] && COMPREPLY=($(compgen -W "$commands" -- "$cur")); return 0 ;;
    *) return 0 ;;
  esac
  if [[ $cur == -* ]]; then
    COMPREPLY=($(compgen -W "$options" -- "$cur"))
  elif [ "$cmd" != text ]; then
    COMPREPLY=($(compgen -f -- "$cur"))
    compopt -o filenames 2>/dev/null
  fi
  return 0
}
complete -F _kempt kempt
