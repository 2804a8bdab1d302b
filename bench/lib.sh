# Shared by the benchmark scripts (sourced): a scratch folder, the sandbox's seed ids (POSTING, USER_ID,
# API_KEY), the bundled sandbox started on a free loopback port (scripts/lib/sandbox.sh) and stopped on
# exit, and small helpers for figures. Needs SANDBOX_BIN and BENCH_NAME (used in messages);
# SANDBOX_DEFAULT_ARGS (an array) is put before the flags of every start_sandbox call; BENCH_LOG_TAG
# (default "bench") prefixes log lines.
# shellcheck source=scripts/lib/sandbox.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/sandbox.sh"
POSTING=$SANDBOX_POSTING
USER_ID=$SANDBOX_USER_ID
API_KEY=$SANDBOX_API_KEY
WORK=$(mktemp -d)
cleanup() { sandbox_stop; rm -rf "$WORK"; }
trap cleanup EXIT
die() { echo "$BENCH_NAME: $*" >&2; exit 1; }

# start_sandbox [flags…]: a fresh sandbox (empty, full token bucket); sets SANDBOX and BASE.
start_sandbox() {
  sandbox_start "$WORK" ${SANDBOX_DEFAULT_ARGS[@]+"${SANDBOX_DEFAULT_ARGS[@]}"} "$@" || die "sandbox did not start"
  SANDBOX="http://127.0.0.1:$SANDBOX_PORT"
  BASE="$SANDBOX/v1"
}

log() { echo "[${BENCH_LOG_TAG:-bench}] $*" >&2; }
stat_of() { curl -sS "$SANDBOX/__sandbox/stats" | jq -r ".$1"; }  # stat_of FIELD: one of the sandbox's counters
now() { date +%s.%N; }
calc() { echo "scale=6; $*" | bc -l; }
fmt() { printf "%.${2:-2}f" "$1"; }  # fmt NUMBER [DECIMALS]
