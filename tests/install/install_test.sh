#!/usr/bin/env bash
# `cmake --install` into a temporary prefix, then a program outside kempt's tree built
# against it twice, with find_package(kempt) and with pkg-config, and run: the installed
# headers, CMake package, pkg-config file and static library are enough to use libkempt.
# Also checks the installed binary, man page and shell completions are where they belong, and
# that the installed kempt reads a PDF with the installed PDF module.
# Usage: install_test.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
prefix=$tmp/prefix

fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >"$tmp/install.log" || { cat "$tmp/install.log"; fail "cmake --install"; }

for f in bin/kempt include/kempt/pipeline.hpp include/kempt/mojibake.hpp \
         share/man/man1/kempt.1 share/bash-completion/completions/kempt \
         share/zsh/site-functions/_kempt share/fish/vendor_completions.d/kempt.fish; do
  [ -f "$prefix/$f" ] || fail "$f not installed"
done
lib=$(find "$prefix" -name libkempt.a) ; [ -n "$lib" ] || fail "libkempt.a not installed"
config=$(find "$prefix" -name kemptConfig.cmake) ; [ -n "$config" ] || fail "kemptConfig.cmake not installed"
[ -n "$(find "$prefix" -name kemptConfigVersion.cmake)" ] || fail "kemptConfigVersion.cmake not installed"
pc=$(find "$prefix" -name kempt.pc) ; [ -n "$pc" ] || fail "kempt.pc not installed"
# Nothing of the build's own (generators, tests) is installed.
[ "$(ls "$prefix/bin")" = kempt ] || fail "bin/ holds more than kempt: $(ls "$prefix/bin")"

version=$("$prefix/bin/kempt" --version) || fail "installed kempt --version"
grep -q '^kempt [0-9]' <<<"$version" || fail "kempt --version: $version"
for lib in ICU uchardet cmark-gfm yaml-cpp poppler; do
  grep -q "$lib [0-9]" <<<"$version" || fail "kempt --version names no $lib version: $version"
done

# PDF input: kempt links no poppler, it loads the PDF module (kempt-pdf.so) installed in
# <libdir>/kempt on the first PDF; the installed kempt must find the installed module
# (not the build tree's, which it is not beside, and with no KEMPT_PDF_MODULE to help).
module=$(find "$prefix" -name kempt-pdf.so) ; [ -n "$module" ] || fail "kempt-pdf.so not installed"
[ "$(basename "$(dirname "$module")")" = kempt ] || fail "kempt-pdf.so is not in <libdir>/kempt: $module"
if readelf -d "$prefix/bin/kempt" | grep -q 'NEEDED.*libpoppler'; then fail "the installed kempt links libpoppler"; fi
cv=$(env -u KEMPT_PDF_MODULE "$prefix/bin/kempt" cv "$here/../../fixtures/cv/links.pdf") || fail "installed kempt cv links.pdf"
grep -q '^# Jane Q. Doe$' <<<"$cv" || fail "kempt cv links.pdf: no name heading: $(head -3 <<<"$cv")"
grep -qF '[Replication Data](https://data.example.org/first)' <<<"$cv" || fail "kempt cv links.pdf: no link from the PDF"
echo "ok: the installed kempt reads a PDF through $(realpath --relative-to="$prefix" "$module")"

# What the consumer must print: the repaired string, the page fixed by every pass (title
# repaired, trailing blanks gone), and the rules of what was fixed.
expected=$(printf 'Café au lait\n---\ntitle: Café\n---\n\nHello\nmojibake/cp1252\nwhitespace/trailing')

check_output() {  # $1: how it was built, $2: the binary
  local got
  got=$("$2") || fail "$1: the consumer exited $?"
  [ "$got" = "$expected" ] || { diff <(echo "$expected") <(echo "$got") >&2 || true; fail "$1: consumer output differs (above)"; }
  echo "ok: $1 consumer built and ran"
  # libkempt's PDF input, with the installed module (the prefix is not the one compiled in)
  got=$(KEMPT_PDF_MODULE=$module "$2" "$here/../../fixtures/cv/links.pdf") || fail "$1: the consumer read no PDF: $got"
  [ "$got" = "# Jane Q. Doe" ] || fail "$1: the consumer's PDF reads: $got"
}

# 1. CMake: find_package(kempt) from the prefix, nothing from the build tree.
cmake -S "$here" -B "$tmp/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Release \
  >"$tmp/configure.log" 2>&1 || { cat "$tmp/configure.log"; fail "consumer configure (find_package)"; }
grep -q "$prefix" "$tmp/cmake-build/CMakeCache.txt" || fail "kempt_DIR is not in the prefix"
cmake --build "$tmp/cmake-build" >"$tmp/build.log" 2>&1 || { cat "$tmp/build.log"; fail "consumer build (find_package)"; }
check_output find_package "$tmp/cmake-build/consumer"

# 2. pkg-config: the .pc file finds its prefix from where it is installed.
export PKG_CONFIG_PATH=$(dirname "$pc")
flags=$(pkg-config --cflags --libs kempt) || fail "pkg-config --libs kempt"
incdir=$(pkg-config --cflags-only-I kempt | tr ' ' '\n' | sed -n 's/^-I//p' | head -1)
[ "$(realpath -m "$incdir")" = "$(realpath "$prefix/include")" ] || fail "pkg-config's -I is not the prefix's include/: $flags"
${CXX:-c++} -std=c++20 -O1 "$here/consumer.cpp" -o "$tmp/consumer-pc" $flags || fail "consumer build (pkg-config)"
check_output pkg-config "$tmp/consumer-pc"
