#!/usr/bin/env bash
# Configures and builds kempt into a build folder; sourced by run.sh and test.sh.
# Usage: kempt_build BUILD_DIR [extra cmake args...]
kempt_build() {
  local dir=$1; shift
  local root; root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  mkdir -p "$dir"
  local gen=()
  command -v ninja >/dev/null 2>&1 && gen=(-G Ninja)
  # Configure when nothing was generated yet: a configure that failed (a package missing) leaves a
  # CMakeCache.txt behind but no build file, and the next run must try again, not call ninja.
  if [ ! -f "$dir/build.ninja" ] && [ ! -f "$dir/Makefile" ]; then
    cmake -S "$root" -B "$dir" "${gen[@]}" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >"$dir/configure.log" 2>&1 \
      || { cat "$dir/configure.log" >&2; echo "kempt: cmake configure failed (log above)" >&2; return 1; }
  fi
  cmake --build "$dir" -j "$(nproc)" >"$dir/build.log" 2>&1 \
    || { tail -n 60 "$dir/build.log" >&2; echo "kempt: build failed (full log: $dir/build.log)" >&2; return 1; }
}
