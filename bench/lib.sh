# Shared by the benchmark scripts (sourced): a scratch folder, and the bundled sandbox started on a free
# loopback port and stopped on exit. Needs SANDBOX_BIN and BENCH_NAME (used in messages);
# SANDBOX_DEFAULT_ARGS (an array) is put before the flags of every start_sandbox call.
WORK=$(mktemp -d)
SANDBOX_PID=""
stop_sandbox() {
  if [[ -n $SANDBOX_PID ]]; then kill "$SANDBOX_PID" 2>/dev/null || true; wait "$SANDBOX_PID" 2>/dev/null || true; fi
  SANDBOX_PID=""
}
cleanup() { stop_sandbox; rm -rf "$WORK"; }
trap cleanup EXIT
die() { echo "$BENCH_NAME: $*" >&2; exit 1; }

# start_sandbox [flags…]: a fresh sandbox (empty, full token bucket); sets SANDBOX and BASE.
start_sandbox() {
  stop_sandbox
  rm -f "$WORK/sandbox.out"
  "$SANDBOX_BIN" --port 0 ${SANDBOX_DEFAULT_ARGS[@]+"${SANDBOX_DEFAULT_ARGS[@]}"} "$@" >"$WORK/sandbox.out" \
    2>"$WORK/sandbox.err" &
  SANDBOX_PID=$!
  local port=""
  for _ in $(seq 1 400); do  # the port is the first stdout line; wait for the whole line
    port=$(head -n1 "$WORK/sandbox.out" 2>/dev/null || true)
    [[ $port =~ ^[0-9]+$ && $(wc -l <"$WORK/sandbox.out") -ge 1 ]] && break
    kill -0 "$SANDBOX_PID" 2>/dev/null || break
    sleep 0.05
  done
  [[ $port =~ ^[0-9]+$ ]] || { cat "$WORK/sandbox.err" >&2; die "sandbox did not start (port '$port')"; }
  SANDBOX="http://127.0.0.1:$port"
  BASE="$SANDBOX/v1"
}
