#!/usr/bin/env bash
# Installs the Debian packages kempt builds with, only those that are missing.
# Sourced by run.sh and test.sh so that a fresh bookworm machine needs no other step.
set -euo pipefail

KEMPT_PACKAGES=(
  g++ cmake ninja-build pkg-config git scdoc
  libicu-dev libuchardet-dev
  libcmark-gfm-dev libcmark-gfm-extensions-dev
  libyaml-cpp-dev libcli11-dev catch2 libfmt-dev
  libdtl-dev nlohmann-json3-dev libtomlplusplus-dev libre2-dev libgumbo-dev
  libpoppler-private-dev poppler-data wamerican
  # Word lists the encoding pass learns each language's letter pairs from (at build time).
  hunspell-af hunspell-ar hunspell-be hunspell-bg hunspell-bs hunspell-ca hunspell-cs hunspell-da
  hunspell-de-de hunspell-el hunspell-en-us hunspell-es hunspell-eu hunspell-fr hunspell-gl
  hunspell-he hunspell-hr hunspell-hu hunspell-is hunspell-it hunspell-lt hunspell-lv hunspell-no
  hunspell-nl hunspell-pl hunspell-pt-pt hunspell-pt-br hunspell-ro hunspell-ru hunspell-sk
  hunspell-sl hunspell-sr hunspell-sv hunspell-tr hunspell-uk hunspell-vi hunspell-ko
)

# Only the tests need these (scripts/check_sites.sh renders pages as Jekyll does and
# reads front matter as Jekyll does); scripts/test.sh installs them too.
KEMPT_TEST_PACKAGES=(ruby ruby-kramdown ruby-kramdown-parser-gfm ruby-tomlrb
  python3-jsonschema python3-rfc3987)  # the last two: tests/outputs (JSON and SARIF schemas)
# tests/precommit_test.sh installs the pre-commit hooks with Debian's pre-commit, as a user would.
KEMPT_TEST_PACKAGES+=(pre-commit)
# scripts/test_deb.sh (ctest deb_package): dpkg-shlibdeps for cpack's Depends, man-db for
# `man kempt` in the clean root it installs the .deb into.
KEMPT_TEST_PACKAGES+=(dpkg-dev man-db)
# tests/cluster/cluster_test.py: scripts/cluster/dask_fix.py on a Dask LocalCluster, and GNU parallel.
KEMPT_TEST_PACKAGES+=(python3-distributed parallel)
# scripts/eval_placeholders.sh (ctest placeholders_corpus_floors) reads its YAML labels.
KEMPT_TEST_PACKAGES+=(python3-yaml)
# scripts/eval_cv.sh (ctest cv_corpus_acceptance) scores words as cmark-gfm renders them; without
# the cmark-gfm command the corpus's scorer falls back to a crude renderer that loses autolinks.
KEMPT_TEST_PACKAGES+=(cmark-gfm)

kempt_missing_packages() {
  local p
  for p in "${KEMPT_PACKAGES[@]}" "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || echo "$p"
  done
}

kempt_install_deps() {
  local missing
  missing=$(kempt_missing_packages "$@")
  [ -z "$missing" ] && return 0
  echo "kempt: installing missing packages: $(echo $missing | tr '\n' ' ')" >&2
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "kempt: need root or sudo to install: $missing" >&2; return 1; fi
  fi
  # An apt cache that has never been filled cannot resolve anything; update once then.
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing \
    || { $sudo apt-get update -q && \
         $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing; }
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then kempt_install_deps "$@"; fi
