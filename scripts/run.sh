#!/usr/bin/env bash
# Runs kempt, installing what is missing (apt) and building first.
#   scripts/run.sh                 kempt fix --diff over the bundled demo site (writes nothing)
#   scripts/run.sh fix ~/my-site   any kempt command line
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
source "$root/scripts/deps.sh"
source "$root/scripts/build.sh"
kempt_install_deps
mkdir -p "$root/build"
kempt_build "$root/build"
if [ $# -eq 0 ]; then
  cd "$root"
  echo "kempt: demo — what \`kempt fix\` would change in fixtures/demo-site (nothing is written):" >&2
  exec "$root/build/kempt" fix --diff fixtures/demo-site
fi
exec "$root/build/kempt" "$@"
