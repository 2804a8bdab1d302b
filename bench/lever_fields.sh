#!/usr/bin/env bash
# bench/lever_fields.sh: the request economy of Lever's fields beyond the unified model (docs/lever-contract.md
# §2, "Lever's fields" and "Names"): N leads (default 200) with an owner e-mail, a stage name, sources, an
# archive reason name on every third, and 0, 1 or 2 notes (record i has i mod 3), next to the same N leads
# without Lever's fields. Counts the Lever requests by kind from the sandbox's request log: the name lists
# (GET /users, /stages, /archive_reasons), creates, note creates, duplicate lookups (GET /opportunities) and
# the rest, in total and per lead. Request counts do not depend on pace, so the sandbox runs without a rate
# limit (RATE sets one) and with LATENCY ms (default 20). Prints Markdown on stdout, progress on stderr;
# exits 1 if a check fails (N created, the notes as many as asked, at most one GET per name list).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD_DIR=${BUILD_DIR:-$HERE/../build}
TC_BIN=${TC_BIN:-$BUILD_DIR/truto-candidates}
SANDBOX_BIN=${SANDBOX_BIN:-$BUILD_DIR/tests/sandbox/lever-sandbox}
N=${N:-200}
LATENCY=${LATENCY:-20}
RATE=${RATE:-}
BENCH_NAME=lever_fields.sh

for tool in jq curl awk; do
  command -v "$tool" >/dev/null || { echo "$BENCH_NAME: $tool is required" >&2; exit 69; }
done
for bin in "$TC_BIN" "$SANDBOX_BIN"; do
  [[ -x $bin ]] || { echo "$BENCH_NAME: $bin not found; build it first or set TC_BIN/SANDBOX_BIN" >&2; exit 66; }
done
SANDBOX_DEFAULT_ARGS=(--latency-ms "$LATENCY")
[[ -n $RATE ]] && SANDBOX_DEFAULT_ARGS+=(--rate "$RATE")
source "$HERE/lib.sh"

"$HERE/gen_records.sh" "$N" 13 >"$WORK/plain.ndjson"
# Owners by e-mail, stages and archive reasons by name (in varying case), as a migration file has them.
awk '{print NR - 1 "\t" $0}' "$WORK/plain.ndjson" | while IFS=$'\t' read -r i rec; do
  owners=(riley@example.com sam@example.com KIM@example.com)
  stages=("New lead" "phone screen" "On-site" "Offer")
  reasons=(Hired withdrew Underqualified)
  jq -c --arg owner "${owners[i % 3]}" --arg stage "${stages[i % 4]}" --arg reason "${reasons[i % 3]}" \
    --argjson i "$i" '. + {lever: ({owner: $owner, stage: $stage, sources: ["Career fair 2026", "Bench"],
      created_at: "2024-03-01T09:00:00Z"}
      + (if $i % 3 == 0 then {archive_reason: $reason} else {} end)
      + {notes: [range($i % 3) | {text: "Note \(.) on record \($i)"}]})}' <<<"$rec"
done >"$WORK/fields.ndjson"
expected_notes=$(jq -s '[.[].lever.notes | length] | add' "$WORK/fields.ndjson")

FAILED=0
check() { if ! eval "$1"; then echo "$BENCH_NAME: check failed: $2" >&2; FAILED=1; fi; }

echo "## Lever's fields: requests by kind ($N leads, --on-duplicate skip, sandbox latency ${LATENCY} ms)"
echo
echo "| input | created | notes | GET /users | GET /stages | GET /archive_reasons | POST /opportunities | POST …/notes | GET /opportunities (lookups) | other | total | per lead |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
for kind in plain fields; do
  echo "$BENCH_NAME: $N leads, $kind" >&2
  start_sandbox
  set +e
  LEVER_API_KEY=$API_KEY LEVER_API_BASE=$BASE "$TC_BIN" create --job-id "$POSTING" --perform-as "$SANDBOX_USER_EMAIL" \
    --input "$WORK/$kind.ndjson" -o ndjson >"$WORK/out" 2>"$WORK/err"
  rc=$?
  set -e
  created=$(jq -r 'select(.status == "created") | .index' "$WORK/out" | wc -l)
  curl -sS "$SANDBOX/__sandbox/requests" >"$WORK/requests.json"
  count() { jq "[.[] | select(.method == \"$1\" and (.path | test(\"$2\")))] | length" "$WORK/requests.json"; }
  users=$(count GET '^/v1/users$')
  stages=$(count GET '^/v1/stages$')
  reasons=$(count GET '^/v1/archive_reasons$')
  creates=$(count POST '^/v1/opportunities$')
  notes=$(count POST '^/v1/opportunities/[^/]+/notes$')
  lookups=$(count GET '^/v1/opportunities$')
  total=$(jq length "$WORK/requests.json")
  other=$((total - users - stages - reasons - creates - notes - lookups))
  held_notes=$(curl -sS "$SANDBOX/__sandbox/notes" | jq '[.[].notes | length] | add // 0')
  want_notes=0
  [[ $kind == fields ]] && want_notes=$expected_notes
  printf "| %s | %d | %d | %d | %d | %d | %d | %d | %d | %d | %d | %.3f |\n" \
    "$([[ $kind == fields ]] && echo "owner, stage, sources, created_at, archive reason (1 in 3), 0–2 notes" || echo "the same leads without Lever's fields")" \
    "$created" "$held_notes" "$users" "$stages" "$reasons" "$creates" "$notes" "$lookups" "$other" "$total" \
    "$(awk -v t="$total" -v n="$N" 'BEGIN { print t / n }')"
  check "[[ $rc -eq 0 && $created -eq $N && $creates -eq $N ]]" "$kind: exit $rc, $created created, $creates creates"
  check "[[ $held_notes -eq $want_notes && $notes -eq $want_notes ]]" "$kind: $held_notes notes held, $notes posted, $want_notes asked"
  check "[[ $stages -le 1 && $reasons -le 1 && $users -le 1 ]]" "$kind: name lists read more than once"
done
echo
echo "Notes asked for: $expected_notes ($N records with 0, 1 or 2 each). GET /users is the --perform-as e-mail's lookup"
echo "without Lever's fields, and the users list (which then also finds that e-mail) with them; each name list is read"
echo "once per run, and only when a record names something."
exit $FAILED
