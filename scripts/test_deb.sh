#!/usr/bin/env bash
# Builds kempt's .deb packages with `cpack -G DEB`, installs kempt's into a clean root and
# runs it there: `kempt --version`, `kempt fix --diff` on the demo site, `kempt cv` on a PDF
# (the PDF module and its poppler), `man kempt`.
# The root holds only this machine's own packages (no network): the Essential set, man-db
# and the .deb's Depends, resolved recursively (scripts/deb_root.py), their files copied
# and their dpkg records written, so `dpkg --root -i` checks the Depends as apt would, and
# a library the Depends miss is missing in the root. Needs root (chroot) and dpkg-dev
# (dpkg-shlibdeps). Exit 77 (skipped) without root.
# Usage: scripts/test_deb.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
[ "$(id -u)" -eq 0 ] || { echo "test_deb: needs root for chroot; skipped"; exit 77; }
command -v dpkg-shlibdeps >/dev/null || { echo "test_deb: dpkg-shlibdeps (dpkg-dev) missing"; exit 1; }
tmp=$(mktemp -d)
root=$tmp/root
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. The packages.
(cd "$build" && cpack -G DEB -B "$tmp/packages" >"$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log"; fail "cpack -G DEB"; }
deb=$(ls "$tmp"/packages/kempt_*.deb) || fail "no kempt_*.deb"
dev=$(ls "$tmp"/packages/libkempt-dev_*.deb) || fail "no libkempt-dev_*.deb"
depends=$(dpkg-deb -f "$deb" Depends)
echo "$(basename "$deb"): $(stat -c %s "$deb") bytes, installed $(dpkg-deb -f "$deb" Installed-Size) KiB"
echo "  Depends: $depends"
echo "$(basename "$dev"): $(stat -c %s "$dev") bytes"
# (kempt links ICU, uchardet, cmark-gfm, yaml-cpp, RE2, gumbo, fmt, toml++ and libstdc++
# into itself (KEMPT_STATIC_DEPS, CMakeLists.txt): the Depends are the PDF module's, ICU's
# and libstdc++'s among them.)
for lib in libicu libstdc++; do
  grep -q "$lib" <<<"$depends" || fail "Depends lacks $lib"
done
contents=$(dpkg-deb -c "$deb")
grep -q '\./usr/bin/kempt$' <<<"$contents" || fail "the .deb has no /usr/bin/kempt"
# PDF input is the module kempt loads on the first PDF (src/cv/pdf_module.hpp): it is in the
# package, its libpoppler in the Depends, and kempt itself links no poppler.
grep -q '\./usr/lib/.*kempt/kempt-pdf\.so$' <<<"$contents" || fail "the .deb has no <libdir>/kempt/kempt-pdf.so"
grep -q libpoppler <<<"$depends" || fail "Depends lacks libpoppler (the PDF module's)"
dpkg-deb -x "$deb" "$tmp/unpacked"
# Start-up (issue 18): no C++ library is left for the loader to bind at every run.
for lib in libpoppler libstdc++ libfmt libtomlplusplus; do
  if readelf -d "$tmp/unpacked/usr/bin/kempt" | grep -q "NEEDED.*$lib"; then fail "the packaged kempt links $lib"; fi
done
grep -q 'kempt (= ' <<<"$(dpkg-deb -f "$dev" Depends)" || fail "libkempt-dev does not depend on kempt (its PDF module)"

# 2. A clean root from this machine's packages.
mkdir -p "$root"/usr/{bin,sbin,lib,lib64} "$root"/var/lib/dpkg/{info,updates,triggers} "$root"/tmp
for d in bin sbin lib lib64; do ln -s usr/$d "$root/$d"; done
chmod 1777 "$root/tmp"
packages=$(python3 "$src/scripts/deb_root.py" "$depends" man-db)
: >"$root/var/lib/dpkg/status"
: >"$root/var/lib/dpkg/available"
for p in $packages; do
  dpkg-query -s "$p" >>"$root/var/lib/dpkg/status"; echo >>"$root/var/lib/dpkg/status"
  cp -a /var/lib/dpkg/info/"$p".* /var/lib/dpkg/info/"$p":*.* "$root/var/lib/dpkg/info/" 2>/dev/null || true
  dpkg -L "$p"
done | while IFS= read -r f; do
  # Files and symlinks only; folders come with them (through the /usr-merge links).
  if [ -L "$f" ] || { [ -e "$f" ] && [ ! -d "$f" ]; }; then printf '%s\n' "${f#/}"; fi
done | sort -u >"$tmp/files"
tar -C / --no-recursion -cf - -T "$tmp/files" | tar -C "$root" --keep-directory-symlink -xf -
cp /etc/passwd /etc/group "$root/etc/"
echo "root: $(wc -w <<<"$packages") packages, $(du -sm "$root" | cut -f1) MB"

# 3. Install as apt would (dpkg checks the Depends against the root's records) and run.
dpkg --root="$root" -i "$deb" >"$tmp/dpkg.log" 2>&1 || { cat "$tmp/dpkg.log"; fail "dpkg -i"; }
dpkg --root="$root" -s kempt | grep -q '^Status: install ok installed' || fail "kempt not installed in the root"
in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/bin:/bin HOME=/tmp LANG=C.UTF-8 "$@"; }

version=$(in_root kempt --version) || fail "kempt --version in the root"
echo "$version"
for lib in ICU uchardet cmark-gfm yaml-cpp poppler; do grep -q "$lib [0-9]" <<<"$version" || fail "--version names no $lib version"; done

cp -r "$src/fixtures/demo-site" "$root/tmp/demo-site"
before=$(cd "$root/tmp/demo-site" && find . -type f -exec sha256sum {} + | sort)
set +e
in_root sh -c 'cd /tmp/demo-site && kempt fix --diff .' >"$tmp/diff" 2>"$tmp/diff.err"
status=$?
set -e
[ "$status" -eq 0 ] || { cat "$tmp/diff.err"; fail "kempt fix --diff exited $status"; }
grep -q '^+++ ' "$tmp/diff" || { cat "$tmp/diff" "$tmp/diff.err"; fail "kempt fix --diff printed no diff for the demo site"; }
after=$(cd "$root/tmp/demo-site" && find . -type f -exec sha256sum {} + | sort)
[ "$before" = "$after" ] || fail "kempt fix --diff changed files"
echo "kempt fix --diff on the demo site: $(grep -c '^+++ ' "$tmp/diff") files would change"

# A PDF, read with the installed module and the poppler the Depends brought.
cp "$src/fixtures/cv/links.pdf" "$root/tmp/links.pdf"
cv=$(in_root kempt cv /tmp/links.pdf 2>&1) || { echo "$cv"; fail "kempt cv /tmp/links.pdf in the root"; }
grep -q '^# Jane Q. Doe$' <<<"$cv" || { echo "$cv" | head; fail "kempt cv links.pdf: no name heading"; }
grep -qF '[Replication Data](https://data.example.org/first)' <<<"$cv" || fail "kempt cv links.pdf: no link from the PDF"
echo "kempt cv on a PDF: $(wc -l <<<"$cv") lines of Markdown"

# 4. The man page, with the root's man-db.
man=$(in_root man -P cat kempt 2>&1) || { echo "$man"; fail "man kempt in the root"; }
grep -q 'kempt - clean up old personal and academic website repos' <<<"$man" || { echo "$man" | head; fail "man kempt shows no NAME line"; }
grep -q 'EXIT STATUS' <<<"$man" || fail "man kempt has no EXIT STATUS"
echo "man kempt: $(wc -l <<<"$man") lines"
echo "ok: the .deb installs into a clean root and kempt runs there"
