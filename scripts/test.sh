#!/usr/bin/env bash
# The whole test suite: unit and end-to-end tests (ctest) in a normal build, then again in an
# AddressSanitizer + UndefinedBehaviorSanitizer build.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"

"$root/scripts/build.sh" "$root/build" -DTC_WERROR=ON
(cd "$root/build" && ctest --output-on-failure -j2)

if [[ ${TC_SKIP_SANITIZE:-0} != 1 ]]; then
  "$root/scripts/build.sh" "$root/build-asan" -DTC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
  (cd "$root/build-asan" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j2)
fi
