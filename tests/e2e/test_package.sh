#!/usr/bin/env bash
# The Debian package (`cpack -G DEB` in the build directory) holds the binary, the man page gzipped
# without a name or time stamp, the bash, zsh and fish completions where each shell looks (each the
# binary's own `completion SHELL` output), the copyright file (machine-readable) and the changelog; and
# lintian, Debian's package checker, finds no error in it. Standalone (no sandbox); skipped when cpack or
# dpkg-deb is missing.
set -uo pipefail

: "${TC_BIN:?TC_BIN must point at truto-candidates}"
: "${TC_SOURCE_DIR:?TC_SOURCE_DIR must point at the source tree}"
build=$(cd "$(dirname "$TC_BIN")" && pwd)
if ! command -v cpack >/dev/null || ! command -v dpkg-deb >/dev/null || [[ ! -f $build/CPackConfig.cmake ]]; then
  echo "skip: cpack, dpkg-deb or $build/CPackConfig.cmake missing"
  exit 0
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
FAILED=0
CHECKS=0
pass() { CHECKS=$((CHECKS + 1)); }
fail() { CHECKS=$((CHECKS + 1)); FAILED=$((FAILED + 1)); echo "FAIL: $*"; }

if ! cpack --config "$build/CPackConfig.cmake" -G DEB -B "$WORK/out" >"$WORK/cpack.log" 2>&1; then
  cat "$WORK/cpack.log"
  echo "FAIL: cpack -G DEB"
  exit 1
fi
deb=$(ls "$WORK"/out/*.deb)
dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./|/|' >"$WORK/contents"
for path in /usr/bin/truto-candidates /usr/share/man/man1/truto-candidates.1.gz \
  /usr/share/bash-completion/completions/truto-candidates /usr/share/zsh/vendor-completions/_truto-candidates \
  /usr/share/fish/vendor_completions.d/truto-candidates.fish /usr/share/doc/truto-candidates/copyright \
  /usr/share/doc/truto-candidates/changelog.gz; do
  if grep -qx -- "$path" "$WORK/contents"; then pass; else fail "$path is not in the package"; fi
done
if grep -q '/usr/share/man/man1/truto-candidates.1$' "$WORK/contents"; then fail "an uncompressed man page"; else pass; fi

# lintian: any error (E:) fails; warnings do not, nor its own complaint when run as root.
if ! command -v lintian >/dev/null; then
  fail "lintian is not installed (scripts/setup.sh installs it)"
elif lintian --fail-on error "$deb" >"$WORK/lintian.log" 2>&1 && ! grep -q '^E: ' "$WORK/lintian.log"; then
  pass
else
  fail "lintian finds errors in the package:"
  grep -v '^running with root privileges' "$WORK/lintian.log"
fi

dpkg-deb -x "$deb" "$WORK/root"
share=$WORK/root/usr/share
for shell in bash zsh fish; do
  case $shell in
    bash) file=$share/bash-completion/completions/truto-candidates ;;
    zsh) file=$share/zsh/vendor-completions/_truto-candidates ;;
    fish) file=$share/fish/vendor_completions.d/truto-candidates.fish ;;
  esac
  if [[ -s $file ]] && cmp -s "$file" <("$TC_BIN" completion "$shell"); then pass; else
    fail "the $shell completion file is not the binary's 'completion $shell'"
  fi
done
if cmp -s <(gzip -dc "$share/man/man1/truto-candidates.1.gz") "$TC_SOURCE_DIR/man/truto-candidates.1"; then pass; else
  fail "the packaged man page is not man/truto-candidates.1"
fi
# gzip -n: byte 3 (flags) without FNAME (8), bytes 4-7 (time stamp) zero.
read -r _ _ _ flags t1 t2 t3 t4 < <(od -An -tu1 -N8 "$share/man/man1/truto-candidates.1.gz")
if (((flags & 8) == 0 && t1 + t2 + t3 + t4 == 0)); then pass; else
  fail "the man page's gzip header holds a name (flags $flags) or a time stamp ($t1 $t2 $t3 $t4)"
fi
if head -1 "$share/doc/truto-candidates/copyright" |
  grep -qx 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/'; then pass; else
  fail "the copyright file is not in the machine-readable format"
fi

echo "$((CHECKS - FAILED)) passed, $FAILED failed"
[[ $FAILED -eq 0 ]]
