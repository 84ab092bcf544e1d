# Sourced by the benchmarks: finds the peer tools they compare kempt with, and installs
# what is missing where a registry allows it. Benchmarks are run by hand, never by the
# build or CI: nothing here is downloaded at build time.
#
# markdownlint-cli2 (the linter site maintainers run, from npm): $MARKDOWNLINT_CLI2 when
# set, else the one on PATH, else one installed before into <checkout>/.peers, else
# installed there now with npm (a pinned version). Sets MARKDOWNLINT_CLI2, empty when
# none can be had (the benchmark then says so); KEMPT_NO_PEER_INSTALL=1 installs nothing.
kempt_markdownlint_version=0.22.1
find_markdownlint_cli2() {
  local root=$1 local_bin=$1/.peers/node_modules/.bin/markdownlint-cli2
  if [ -n "${MARKDOWNLINT_CLI2:-}" ]; then return 0; fi
  MARKDOWNLINT_CLI2=$(command -v markdownlint-cli2 || true)
  if [ -z "$MARKDOWNLINT_CLI2" ] && [ -x "$local_bin" ]; then MARKDOWNLINT_CLI2=$local_bin; fi
  if [ -z "$MARKDOWNLINT_CLI2" ] && [ "${KEMPT_NO_PEER_INSTALL:-0}" != 1 ] && command -v npm >/dev/null 2>&1; then
    echo "installing markdownlint-cli2 $kempt_markdownlint_version into .peers/ (npm) to compare with it" >&2
    if npm install --silent --no-audit --no-fund --prefix "$root/.peers" \
         "markdownlint-cli2@$kempt_markdownlint_version" >&2 && [ -x "$local_bin" ]; then
      MARKDOWNLINT_CLI2=$local_bin
    else
      echo "npm could not install markdownlint-cli2: it is not compared" >&2
    fi
  fi
  export MARKDOWNLINT_CLI2
}
