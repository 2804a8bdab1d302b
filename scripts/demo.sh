#!/usr/bin/env bash
# The demo: build, start the bundled Lever sandbox on a free loopback port, create a candidate in it
# and print the unified candidate.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/setup.sh"
"$root/scripts/build.sh" "$root/build"

# shellcheck source=scripts/lib/sandbox.sh
source "$root/scripts/lib/sandbox.sh"
SANDBOX_BIN=$root/build/tests/sandbox/lever-sandbox
scratch=$(mktemp -d)
trap 'sandbox_stop; rm -rf "$scratch"' EXIT
sandbox_start "$scratch"

export LEVER_API_KEY=$SANDBOX_API_KEY         # the sandbox's key; a real one comes from Lever's settings
export LEVER_API_BASE=http://127.0.0.1:$SANDBOX_PORT/v1
echo "Lever sandbox on $LEVER_API_BASE; creating a lead:" >&2
"$root/build/truto-candidates" create \
  --job-id "$SANDBOX_POSTING" --perform-as "$SANDBOX_USER_EMAIL" \
  --first-name Ada --last-name Lovelace --title "Analyst" --company "Analytical Engines" \
  --email ada@example.com --phone mobile=+44-20-7946-0000 --location London \
  --link https://linkedin.com/in/ada-lovelace --tag demo \
  --stage "Phone screen" --source "Career fair 2026" --note "Met at the booth" -o "${DEMO_OUTPUT:-table}"   # DEMO_OUTPUT=json for the unified candidate as JSON
