#!/usr/bin/env bash
# bench/duplicates.sh: the cost of matching before writing (ARCHITECTURE.md §5, duplicates) against the
# bundled Lever sandbox at Lever's limit (10 requests/s, bursts of 20) and 200 ms latency. Not a timed
# test: it takes about two minutes. Prints Markdown tables on stdout; progress goes to stderr.
#   1. NEW leads into a posting that already holds EXISTING opportunities (default 1,000 into 5,000):
#      Lever requests per created lead (target ≤ 1.10) and created leads per second (target ≥ 9).
#   2. TOTAL records of which DUPS are already in Lever (default 1,000 and 900): every duplicate
#      `existing`, none created, and the wall time.
#   3. The worst case: WORST_NEW new leads (default 200) into a posting too large to index
#      (WORST_EXISTING, default 3,000: more than 10 opportunities per record), so the read stops at
#      its budget and every record is looked up. WORST_NEW=0 skips it.
#   4. Streams: STREAMS records each (default "20 200") piped on stdin, so the count is unknown until
#      the reader reaches the end, into a posting of EXISTING opportunities: requests per created lead.
#      STREAMS="" skips it.
# SCENARIOS (default "1 2 3 4") picks the scenarios to run, e.g. SCENARIOS=4 for the streams alone.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD_DIR=${BUILD_DIR:-$HERE/../build}
TC_BIN=${TC_BIN:-$BUILD_DIR/truto-candidates}
SANDBOX_BIN=${SANDBOX_BIN:-$BUILD_DIR/tests/sandbox/lever-sandbox}
NEW=${NEW:-1000}
EXISTING=${EXISTING:-5000}
TOTAL=${TOTAL:-1000}
DUPS=${DUPS:-900}
WORST_NEW=${WORST_NEW:-200}
WORST_EXISTING=${WORST_EXISTING:-3000}
LATENCY=${LATENCY:-200}
STREAMS=${STREAMS-20 200}
SCENARIOS=${SCENARIOS:-1 2 3 4}


for tool in jq curl bc; do
  command -v "$tool" >/dev/null || { echo "duplicates.sh: $tool is required" >&2; exit 69; }
done
for bin in "$TC_BIN" "$SANDBOX_BIN"; do
  [[ -x $bin ]] || { echo "duplicates.sh: $bin not found; build it first or set TC_BIN/SANDBOX_BIN" >&2; exit 66; }
done

BENCH_NAME=duplicates.sh
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"
run_tc() {  # run_tc INPUT [stdin]: create in bulk (default concurrency and rate), results in $WORK/out
  local start end
  start=$(date +%s.%N)
  set +e
  if [[ ${2:-} == stdin ]]; then  # a pipe: the tool cannot count the records in advance
    cat "$1" | LEVER_API_KEY=$API_KEY LEVER_API_BASE="$SANDBOX/v1" "$TC_BIN" create --job-id "$POSTING" \
      --perform-as "$USER_ID" --input - -o ndjson -q >"$WORK/out" 2>"$WORK/err"
  else
    LEVER_API_KEY=$API_KEY LEVER_API_BASE="$SANDBOX/v1" "$TC_BIN" create --job-id "$POSTING" --perform-as "$USER_ID" \
      --input "$1" -o ndjson -q >"$WORK/out" 2>"$WORK/err"
  fi
  RC=$?
  set -e
  end=$(date +%s.%N)
  WALL=$(calc "$end - $start")
}
count_status() { jq -r "select(.status==\"$1\") | .index" "$WORK/out" | wc -l; }

echo "## Duplicate check benchmark"
echo
echo "Sandbox: lever-sandbox --rate 10 --burst 20 --latency-ms $LATENCY. truto-candidates create, default"
echo "--concurrency 4 and --rate 10, --on-duplicate skip (the default). $(nproc) CPUs, load average at start: $(cut -d' ' -f1-3 /proc/loadavg)."
echo

wants() { [[ " $SCENARIOS " == *" $1 "* ]]; }
TARGETS=()  # rows of the targets table

# 1. New leads into a full posting.
if wants 1; then
  log "scenario 1: $NEW new leads into a posting with $EXISTING opportunities"
  start_sandbox --rate 10 --burst 20 --latency-ms "$LATENCY" --seed-opportunities "$EXISTING"
  "$HERE/gen_records.sh" "$NEW" 1 >"$WORK/new.ndjson"  # e-mails bench-1-<i>@…, none seeded
  before=$(stat_of requests)
  run_tc "$WORK/new.ndjson"
  requests=$(( $(stat_of requests) - before ))
  created=$(count_status created)
  per_lead=$(calc "$requests / $created")
  rate=$(calc "$created / $WALL")
  lookups=$(curl -sS "$SANDBOX/__sandbox/requests" | jq '[.[] | select(.method=="GET" and .path=="/v1/opportunities")] | length')
  echo "### 1. $NEW new leads into a posting holding $EXISTING opportunities"
  echo
  echo "| records | created | exit | wall s | Lever requests | of which GET /opportunities | requests per created lead | created leads/s |"
  echo "|---|---|---|---|---|---|---|---|"
  printf "| %d | %d | %d | %.1f | %d | %d | %.3f | %.2f |\n" "$NEW" "$created" "$RC" "$WALL" "$requests" "$lookups" "$per_lead" "$rate"
  echo
  pass=$( (( $(echo "$per_lead <= 1.10" | bc) )) && echo PASS || echo FAIL)
  TARGETS+=("| ≤ 1.10 Lever requests per created lead (scenario 1) | $(printf %.3f "$per_lead") | $pass |")
  pass=$( (( $(echo "$rate >= 9" | bc) )) && echo PASS || echo FAIL)
  TARGETS+=("| ≥ 9 created leads/s (scenario 1) | $(printf %.2f "$rate") | $pass |")
fi

# 2. Mostly duplicates.
if wants 2; then
  log "scenario 2: $TOTAL records, $DUPS already in Lever"
  start_sandbox --rate 10 --burst 20 --latency-ms "$LATENCY"
  curl -sS -X POST -d '' "$SANDBOX/__sandbox/seed-opportunities?count=$DUPS&prefix=bench-1" >/dev/null  # bench-1-<i>@… for i < DUPS
  "$HERE/gen_records.sh" "$TOTAL" 1 >"$WORK/mixed.ndjson"
  before=$(stat_of requests)
  opportunities_before=$(stat_of opportunities)
  run_tc "$WORK/mixed.ndjson"
  requests=$(( $(stat_of requests) - before ))
  existing=$(count_status existing)
  created=$(count_status created)
  wrongly=$(jq -r 'select(.status=="created") | .index' "$WORK/out" | awk -v d="$DUPS" '$1 < d' | wc -l)
  added=$(( $(stat_of opportunities) - opportunities_before ))
  echo "### 2. $TOTAL records, $DUPS of them already in Lever"
  echo
  echo "| records | existing | created | duplicates created | opportunities added | exit | wall s | Lever requests | requests per record |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf "| %d | %d | %d | %d | %d | %d | %.1f | %d | %.3f |\n" "$TOTAL" "$existing" "$created" "$wrongly" "$added" "$RC" "$WALL" "$requests" "$(calc "$requests / $TOTAL")"
  echo
  pass=$( [[ $existing -eq $DUPS && $wrongly -eq 0 && $added -eq $((TOTAL - DUPS)) ]] && echo PASS || echo FAIL)
  TARGETS+=("| every duplicate \`existing\`, none created (scenario 2) | $existing existing, $wrongly duplicates created | $pass |")
  pass=$( (( $(echo "$WALL < 30" | bc) )) && echo PASS || echo FAIL)
  TARGETS+=("| well under a minute (scenario 2; < 30 s) | $(printf %.1f "$WALL") s | $pass |")
fi

# 3. The worst case: a posting larger than the read budget.
if wants 3 && (( WORST_NEW > 0 )); then
  log "scenario 3: $WORST_NEW new leads into a posting with $WORST_EXISTING opportunities (too large to index)"
  start_sandbox --rate 10 --burst 20 --latency-ms "$LATENCY" --seed-opportunities "$WORST_EXISTING"
  "$HERE/gen_records.sh" "$WORST_NEW" 1 >"$WORK/worst.ndjson"
  before=$(stat_of requests)
  run_tc "$WORK/worst.ndjson"
  requests=$(( $(stat_of requests) - before ))
  created=$(count_status created)
  pages=$(curl -sS "$SANDBOX/__sandbox/requests" | jq '[.[] | select(.method=="GET" and .path=="/v1/opportunities" and ((.query.limit // [])[0] // "") == "100")] | length')
  worst=$(calc "$requests / $created")
  echo "### 3. $WORST_NEW new leads into a posting holding $WORST_EXISTING opportunities (too large to index)"
  echo
  echo "| records | created | exit | wall s | Lever requests | of which posting pages | requests per created lead |"
  echo "|---|---|---|---|---|---|---|"
  printf "| %d | %d | %d | %.1f | %d | %d | %.3f |\n" "$WORST_NEW" "$created" "$RC" "$WALL" "$requests" "$pages" "$worst"
  echo
  pass=$( (( $(echo "$worst <= 2.0" | bc) )) && echo PASS || echo FAIL)
  TARGETS+=("| ≤ 2.0 Lever requests per created lead in the worst case (scenario 3) | $(printf %.3f "$worst") | $pass |")
fi

# 4. Streams: the count is unknown until the reader reaches the end.
if wants 4 && [[ -n $STREAMS ]]; then
  echo "### 4. Streams on stdin into a posting holding $EXISTING opportunities"
  echo
  echo "| records on stdin | created | exit | wall s | Lever requests | of which posting pages | of which lookups | requests per created lead |"
  echo "|---|---|---|---|---|---|---|---|"
  for n in $STREAMS; do
    log "scenario 4: $n new leads on stdin into a posting with $EXISTING opportunities"
    start_sandbox --rate 10 --burst 20 --latency-ms "$LATENCY" --seed-opportunities "$EXISTING"
    "$HERE/gen_records.sh" "$n" 1 >"$WORK/stream.ndjson"
    before=$(stat_of requests)
    run_tc "$WORK/stream.ndjson" stdin
    requests=$(( $(stat_of requests) - before ))
    created=$(count_status created)
    gets=$(curl -sS "$SANDBOX/__sandbox/requests" | jq -c '[.[] | select(.method=="GET" and .path=="/v1/opportunities")]')
    pages=$(jq '[.[] | select(((.query.limit // [])[0] // "") == "100")] | length' <<<"$gets")
    lookups=$(jq '[.[] | select(.query.email != null)] | length' <<<"$gets")
    per_lead=$(calc "$requests / $created")
    printf "| %d | %d | %d | %.1f | %d | %d | %d | %.3f |\n" "$n" "$created" "$RC" "$WALL" "$requests" "$pages" "$lookups" "$per_lead"
    pass=$( (( $(echo "$per_lead <= 2.1" | bc) )) && echo PASS || echo FAIL)
    TARGETS+=("| ≤ 2.1 Lever requests per created lead, $n records on stdin (scenario 4) | $(printf %.3f "$per_lead") | $pass |")
  done
  echo
fi

echo "### Targets"
echo
echo "| target | measured | result |"
echo "|---|---|---|"
for row in "${TARGETS[@]}"; do echo "$row"; done
