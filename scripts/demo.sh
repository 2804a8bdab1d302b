#!/usr/bin/env bash
# The demo: build, start the bundled Lever sandbox on a free loopback port, create a candidate in it
# and print the unified candidate.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" "$root/build"

out=$(mktemp)
"$root/build/tests/sandbox/lever-sandbox" --port 0 >"$out" &
sandbox=$!
trap 'kill $sandbox 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 1 100); do [[ -s $out ]] && break; sleep 0.05; done
port=$(head -n1 "$out")

export LEVER_API_KEY=sandbox-api-key          # the sandbox's key; a real one comes from Lever's settings
export LEVER_API_BASE=http://127.0.0.1:$port/v1
echo "Lever sandbox on $LEVER_API_BASE; creating a lead:" >&2
"$root/build/truto-candidates" create \
  --job-id 5f1e6a8c-1c2b-4d3e-9f00-0000000000a1 --perform-as riley@example.com \
  --first-name Ada --last-name Lovelace --title "Analyst" --company "Analytical Engines" \
  --email ada@example.com --phone mobile=+44-20-7946-0000 --location London \
  --link https://linkedin.com/in/ada-lovelace --tag demo \
  --stage "Phone screen" --source "Career fair 2026" --note "Met at the booth" -o "${DEMO_OUTPUT:-table}"   # DEMO_OUTPUT=json for the unified candidate as JSON
