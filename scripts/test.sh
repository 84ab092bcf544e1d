#!/usr/bin/env bash
# Installs what is missing (apt), builds and runs the test suite with ctest.
#   scripts/test.sh              normal build in build/
#   scripts/test.sh --sanitize   AddressSanitizer + UndefinedBehaviorSanitizer build in build-sanitize/
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/deps.sh"
source "$root/scripts/build.sh"
kempt_install_deps "${KEMPT_TEST_PACKAGES[@]}"

dir="$root/build"
cmake_args=()
if [ "${1:-}" = "--sanitize" ]; then
  dir="$root/build-sanitize"
  cmake_args=(-DKEMPT_SANITIZE=ON)
  export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:strict_string_checks=1
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
elif [ -n "${1:-}" ]; then
  echo "usage: scripts/test.sh [--sanitize]" >&2; exit 2
fi
mkdir -p "$dir"
echo "kempt: building in ${dir#$root/}" >&2
kempt_build "$dir" "${cmake_args[@]}"
cd "$dir"
ctest --output-on-failure -j "$(nproc)"
