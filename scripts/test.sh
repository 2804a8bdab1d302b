#!/usr/bin/env bash
# The whole test suite: unit and end-to-end tests (ctest) in a normal build, then again in an
# AddressSanitizer + UndefinedBehaviorSanitizer build. TC_TSAN=1 adds a ThreadSanitizer run of the
# concurrent parts (runner, limiter, executor unit tests; bulk, truto and fault end-to-end tests).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/check_format.sh"

# -j4 on two cores: the end-to-end tests mostly wait on the sandbox, not on the CPU. The two stages stay
# one after the other: building the ASan tree while the first ctest runs starves the tests of CPU.
"$root/scripts/build.sh" "$root/build" -DTC_WERROR=ON
(cd "$root/build" && ctest --output-on-failure -j4)

if [[ ${TC_SKIP_SANITIZE:-0} != 1 ]]; then
  "$root/scripts/build.sh" "$root/build-asan" -DTC_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
  (cd "$root/build-asan" && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j4)
fi

if [[ ${TC_TSAN:-0} == 1 ]]; then
  "$root/scripts/build.sh" "$root/build-tsan" -DTC_TSAN=ON -DCMAKE_BUILD_TYPE=Debug
  # The sandbox links cpp-httplib, which is not instrumented: the tool runs under TSan against the
  # normal build's sandbox.
  (cd "$root/build-tsan" && TSAN_OPTIONS="halt_on_error=1" \
     ctest --output-on-failure -R 'test_record_runner|test_rate_limiter|test_request_executor' &&
   for t in bulk truto faults; do
     TSAN_OPTIONS="halt_on_error=1" TC_SOURCE_DIR=$root TC_BIN=$PWD/truto-candidates \
       SANDBOX_BIN=$root/build/tests/sandbox/lever-sandbox VALIDATE_CANDIDATE_BIN=$PWD/tests/validate-candidate \
       bash "$root/tests/e2e/test_$t.sh"
   done)
fi
