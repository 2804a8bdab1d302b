#!/usr/bin/env bash
# bench/soak_faults.sh [SEEDS]: the randomized fault scenario of tests/e2e/test_random_faults.sh
# (tests/e2e/random_faults.sh: random faults on every write, leads and applicants, half on the
# confidential posting, re-run with the journal until every record ends, invariants checked in the
# sandbox) for seeds 1…SEEDS (default 50; FIRST_SEED moves the start). Prints one line per seed (ok, or
# FAILED and the broken invariants) and the totals; exit 0 only when every seed held. Not a timed test:
# a seed takes a few seconds. RF_LEADS, RF_APPLICANTS, RF_RERUNS change the batch (random_faults.sh).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD_DIR=${BUILD_DIR:-$HERE/../build}
export TC_BIN=${TC_BIN:-$BUILD_DIR/truto-candidates}
export SANDBOX_BIN=${SANDBOX_BIN:-$BUILD_DIR/tests/sandbox/lever-sandbox}
SEEDS=${1:-50}
FIRST_SEED=${FIRST_SEED:-1}

source "$HERE/../tests/e2e/lib.sh"
source "$HERE/../tests/e2e/random_faults.sh"
passed=0 failed=0 failed_seeds=""
start=$(date +%s)
for seed in $(seq "$FIRST_SEED" $((FIRST_SEED + SEEDS - 1))); do
  if rf_seed "$seed"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    failed_seeds+=" $seed"
  fi
done
echo "soak: $passed of $SEEDS seeds held, $failed failed${failed_seeds:+ (seeds$failed_seeds)}; $(($(date +%s) - start)) s;" \
  "$RF_LEADS leads and $RF_APPLICANTS applicants a seed"
[[ $failed -eq 0 ]]
