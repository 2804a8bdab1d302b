# The bundled Lever sandbox for shell scripts, sourced by tests/e2e/lib.sh, bench/lib.sh and
# scripts/demo.sh: the ids of its seed data (tests/sandbox/seed_data.cpp) and one way to start it on a
# free loopback port and stop it. Needs SANDBOX_BIN (the lever-sandbox binary) when starting.

SANDBOX_POSTING=5f1e6a8c-1c2b-4d3e-9f00-0000000000a1         # a published posting with an application form
SANDBOX_CLOSED_POSTING=5f1e6a8c-1c2b-4d3e-9f00-0000000000c1  # a closed posting (refuses applicants)
SANDBOX_USER_ID=8d49b010-cc6a-4f40-ace5-e86061c677ed         # the user riley@example.com
SANDBOX_USER_EMAIL=riley@example.com
SANDBOX_API_KEY=sandbox-api-key                              # the key the sandbox accepts
SANDBOX_PID=""

# sandbox_stop: stops the sandbox this shell started, if any.
sandbox_stop() {
  if [[ -n $SANDBOX_PID ]]; then kill "$SANDBOX_PID" 2>/dev/null || true; wait "$SANDBOX_PID" 2>/dev/null || true; fi
  SANDBOX_PID=""
}

# sandbox_start DIR [sandbox flags…]: stops the previous sandbox, starts a fresh one (empty, full token
# bucket) with stdout in DIR/sandbox.out and stderr in DIR/sandbox.err, and waits until it prints its
# port. Sets SANDBOX_PID and SANDBOX_PORT; returns 1 with the sandbox's own messages on stderr when it
# does not start within 20 s (busy machines are slow).
sandbox_start() {
  local dir=$1 port="" _
  shift
  sandbox_stop
  # Removed first: the redirection below truncates in the child, after this shell may already have
  # looked, so a second sandbox could otherwise be read as the first one's port, or as an empty file.
  rm -f "$dir/sandbox.out"
  "${SANDBOX_BIN:?SANDBOX_BIN must point at lever-sandbox}" --port 0 "$@" >"$dir/sandbox.out" 2>"$dir/sandbox.err" &
  SANDBOX_PID=$!
  for _ in $(seq 1 400); do
    # The port is the first line; only a whole line (ending in a newline) is read.
    if [[ $(wc -l <"$dir/sandbox.out" 2>/dev/null || echo 0) -ge 1 ]]; then
      port=$(head -n1 "$dir/sandbox.out")
      break
    fi
    kill -0 "$SANDBOX_PID" 2>/dev/null || break
    sleep 0.05
  done
  if ! [[ $port =~ ^[0-9]+$ ]]; then
    echo "the sandbox did not start (port '$port'): $(cat "$dir/sandbox.out" "$dir/sandbox.err" 2>/dev/null)" >&2
    return 1
  fi
  SANDBOX_PORT=$port
}
