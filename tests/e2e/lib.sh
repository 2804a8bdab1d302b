# Shared helpers for the end-to-end tests: start the Lever sandbox on a free loopback port, run the
# real binary against it, assert on exit codes, output and what the sandbox received.
set -euo pipefail

: "${TC_BIN:?TC_BIN must point at truto-candidates}"
: "${SANDBOX_BIN:?SANDBOX_BIN must point at lever-sandbox}"
# shellcheck source=scripts/lib/sandbox.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib/sandbox.sh"
POSTING=$SANDBOX_POSTING
CLOSED_POSTING=$SANDBOX_CLOSED_POSTING
# Published and confidential (same form as $POSTING): its opportunities are confidential, and Lever's
# lists leave them out unless the query says confidentiality=all (or =confidential).
CONF_POSTING=5f1e6a8c-1c2b-4d3e-9f00-0000000000d1
USER_ID=$SANDBOX_USER_ID
USER_EMAIL=$SANDBOX_USER_EMAIL
API_KEY=$SANDBOX_API_KEY

WORK=$(mktemp -d)
export XDG_CONFIG_HOME=$WORK/no-config  # a config file of the machine must not change what the tests see
FAILURES=0
CHECKS=0

cleanup() {
  sandbox_stop
  rm -rf "$WORK"
}
trap cleanup EXIT

# start_sandbox [sandbox flags…]: sets PORT, BASE (the /v1 URL) and SANDBOX (its root URL). With --tls-cert
# the URLs are https, and the inspection calls trust $SANDBOX_CA (the certificate the test made).
start_sandbox() {
  local scheme=http arg
  for arg in "$@"; do [[ $arg == --tls-cert ]] && scheme=https; done
  sandbox_start "$WORK" "$@" || exit 1
  PORT=$SANDBOX_PORT
  SANDBOX="$scheme://127.0.0.1:$PORT"
  BASE="$SANDBOX/v1"
}

# tc ARGS…: runs the binary against the sandbox with the sandbox key; stdout → $WORK/out, stderr → $WORK/err,
# exit status → $RC. Never fails the script by itself.
tc() {
  set +e
  LEVER_API_KEY=${LEVER_API_KEY-$API_KEY} LEVER_API_BASE="$BASE" "$TC_BIN" "$@" >"$WORK/out" 2>"$WORK/err" <"${TC_STDIN:-/dev/null}"
  RC=$?
  set -e
}

sandbox_get() { curl -sS ${SANDBOX_CA:+--cacert "$SANDBOX_CA"} "$SANDBOX/__sandbox/$1"; }
# held_by EMAIL PROJECTION: the opportunities whose e-mails include EMAIL, each as the jq object PROJECTION.
held_by() { sandbox_get opportunities | jq -c --arg e "$1" "[.[] | select(.emails | index(\$e))] | map($2)"; }
sandbox_count() { sandbox_get stats | jq -r ".$1"; }
# For tests about faults, not pace: the tool at up to 1000/s with 20 ms before a retry (fast), against a
# sandbox without its rate limit (fast_sandbox ARGS…).
fast=(--rate 1000 --retry-delay 0.02)
fast_sandbox() { start_sandbox --rate 1000 --burst 1000 "$@"; }
# lines_in FILE: how many lines FILE has, 0 before it exists.
lines_in() { if [[ -f $1 ]]; then wc -l <"$1"; else echo 0; fi; }
# started_since FILE N: FILE (a journal, or undo's progress file) has a "started" line after its first N
# lines — what a test waits for before it kills a run mid-write.
started_since() { [[ -f $1 ]] && tail -n +"$(($2 + 1))" "$1" | grep -q '"started"'; }
# sandbox_idle: no API request is being handled (those of a killed client included).
sandbox_idle() { [[ $(sandbox_count in_flight) == 0 ]]; }
requests_matching() { sandbox_get requests | jq "[.[] | select(.method == \"$1\" and (.path | test(\"$2\")))] | length"; }

# wait_until SECONDS COMMAND…: runs COMMAND every 50 ms until it succeeds; fails after SECONDS. For waiting
# on a condition (a line in a file, a state in the sandbox) instead of a fixed time.
wait_until() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.05
  done
}

pass() { CHECKS=$((CHECKS + 1)); }
fail() {
  CHECKS=$((CHECKS + 1)); FAILURES=$((FAILURES + 1))
  echo "FAIL: $*"
  echo "--- stdout:"; head -c 3000 "$WORK/out" || true
  echo "--- stderr:"; head -c 3000 "$WORK/err" || true
}
expect_rc() { if [[ $RC -eq $1 ]]; then pass; else fail "$2: exit $RC, expected $1"; fi; }
expect_eq() { if [[ "$1" == "$2" ]]; then pass; else fail "$3: got '$1', expected '$2'"; fi; }
expect_contains() { if grep -qF -- "$2" "$1"; then pass; else fail "$3: '$2' not in $(basename "$1")"; fi; }
expect_not_contains() { if grep -qF -- "$2" "$1"; then fail "$3: '$2' found in $(basename "$1")"; else pass; fi; }

finish() {
  echo "$((CHECKS - FAILURES)) passed, $FAILURES failed"
  [[ $FAILURES -eq 0 ]]
}
