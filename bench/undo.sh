#!/usr/bin/env bash
# bench/undo.sh: the cost of taking an import back (ARCHITECTURE.md §5, "Undo") against the bundled Lever
# sandbox at Lever's limit (10 requests/s, bursts of 20) and LATENCY ms per request. Imports LEADS records
# with --on-duplicate merge and a journal — NEW of them new leads, the other MERGED merging a tag, a source
# and a note into opportunities the sandbox was seeded with — then undoes the run from the journal. Prints
# a Markdown table on stdout (requests per record and seconds, import and undo) and checks that Lever is
# left as it was, except for the archived opportunities. Not a timed test: it takes several minutes.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD_DIR=${BUILD_DIR:-$HERE/../build}
TC_BIN=${TC_BIN:-$BUILD_DIR/truto-candidates}
SANDBOX_BIN=${SANDBOX_BIN:-$BUILD_DIR/tests/sandbox/lever-sandbox}
LEADS=${LEADS:-1000}
MERGED=${MERGED:-200}
LATENCY=${LATENCY:-100}
NEW=$((LEADS - MERGED))

POSTING=5f1e6a8c-1c2b-4d3e-9f00-0000000000a1
USER_ID=8d49b010-cc6a-4f40-ace5-e86061c677ed
API_KEY=sandbox-api-key
WITHDREW=d35867b1-f661-4ec2-b477-b3e6524cc8b6

for tool in jq curl bc; do
  command -v "$tool" >/dev/null || { echo "undo.sh: $tool is required" >&2; exit 69; }
done
for bin in "$TC_BIN" "$SANDBOX_BIN"; do
  [[ -x $bin ]] || { echo "undo.sh: $bin not found; build it first or set TC_BIN/SANDBOX_BIN" >&2; exit 66; }
done

BENCH_NAME=undo.sh
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"
log() { echo "[bench] $*" >&2; }
stat_of() { curl -sS "$SANDBOX/__sandbox/stats" | jq -r ".$1"; }
calc() { echo "scale=4; $*" | bc -l; }
# The state that must come back: every opportunity's tags, sources, archive reason and note count.
state_of() {
  local kept
  kept=$(curl -sS "$SANDBOX/__sandbox/opportunities" |
    jq -c "[.[] | select(.archived == null or .archived.reason != \"$WITHDREW\")] | map({id, tags: (.tags | sort), sources: (.sources | sort), links: (.links | sort)}) | sort_by(.id)")
  echo "$kept"
  curl -sS "$SANDBOX/__sandbox/notes" | jq -c --argjson kept "$kept" \
    '[.[] | select(.opportunity as $o | $kept | map(.id) | index($o))] | map({opportunity, n: (.notes | length)}) | sort_by(.opportunity)'
}
timed() {  # timed ARGS…: the tool against the sandbox; sets WALL and RC
  local start end
  start=$(date +%s.%N)
  set +e
  LEVER_API_KEY=$API_KEY LEVER_API_BASE="$BASE" "$TC_BIN" "$@" >"$WORK/out" 2>"$WORK/err"
  RC=$?
  set -e
  end=$(date +%s.%N)
  WALL=$(calc "$end - $start")
}

log "$LEADS leads ($MERGED merging into seeded opportunities), latency $LATENCY ms"
start_sandbox --rate 10 --burst 20 --latency-ms "$LATENCY" --seed-opportunities "$MERGED"
"$HERE/gen_records.sh" "$NEW" 7 >"$WORK/import.ndjson"
for i in $(seq 0 $((MERGED - 1))); do
  echo "{\"name\":\"Seeded Person $i\",\"emails\":[{\"email\":\"seeded-$i@example.com\"}],\"tags\":[\"imported\"],\"lever\":{\"sources\":[\"Fair 2026\"],\"notes\":[{\"text\":\"met at the fair\"}]}}"
done >>"$WORK/import.ndjson"
state_of >"$WORK/before"  # the seeded opportunities only

import_cmd=(create --job-id "$POSTING" --perform-as "$USER_ID" --input "$WORK/import.ndjson" --on-duplicate merge
  --journal "$WORK/import.journal" -o ndjson -q)
timed "${import_cmd[@]}"
[[ $RC -eq 0 ]] || { cat "$WORK/err" >&2; die "the import failed ($RC)"; }
import_wall=$WALL
import_requests=$(stat_of requests)
created=$(jq -r 'select(.status == "created") | .id' "$WORK/out" | wc -l)
merged=$(jq -r 'select(.status == "merged") | .id' "$WORK/out" | wc -l)
log "imported: $created created, $merged merged in $import_wall s ($import_requests requests)"

undo_cmd=(undo --journal "$WORK/import.journal" --archive-reason Withdrew -o ndjson -q)
timed "${undo_cmd[@]}"
[[ $RC -eq 0 ]] || { cat "$WORK/err" >&2; die "the undo failed ($RC)"; }
undo_wall=$WALL
undo_requests=$(($(stat_of requests) - import_requests))
archived=$(jq -r 'select(.status == "archived") | .id' "$WORK/out" | wc -l)
reverted=$(jq -r 'select(.status == "reverted") | .id' "$WORK/out" | wc -l)
rate_limited=$(stat_of rate_limited)
log "undone: $archived archived, $reverted reverted in $undo_wall s ($undo_requests requests)"
restored=no
[[ $(state_of) == "$(cat "$WORK/before")" ]] && restored=yes

before_again=$(stat_of requests)
timed "${undo_cmd[@]}"
second_writes=$(curl -sS "$SANDBOX/__sandbox/requests" | jq --argjson n "$before_again" '[.[$n:][] | select(.method != "GET")] | length')

echo "## Undo benchmark"
echo
echo "Sandbox: lever-sandbox --rate 10 --burst 20 --latency-ms $LATENCY --seed-opportunities $MERGED. $LEADS leads,"
echo "$MERGED of them merged into the seeded opportunities (a tag, a source, a note each), imported with"
echo "\`truto-candidates ${import_cmd[*]//$WORK\//}\`, then \`truto-candidates ${undo_cmd[*]//$WORK\//}\`;"
echo "default --concurrency 4 and --rate 10. $(nproc) CPUs, load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
echo
echo "| step | records | result | Lever requests | requests per record | seconds |"
echo "|---|---|---|---|---|---|"
printf "| import | %d | %d created, %d merged | %d | %.2f | %.1f |\n" "$LEADS" "$created" "$merged" "$import_requests" \
  "$(calc "$import_requests / $LEADS")" "$import_wall"
printf "| undo | %d | %d archived, %d reverted | %d | %.2f | %.1f |\n" "$LEADS" "$archived" "$reverted" "$undo_requests" \
  "$(calc "$undo_requests / $LEADS")" "$undo_wall"
echo
echo "Lever left as before the import except for the archived opportunities: **$restored**. A second undo:"
echo "$second_writes writes. 429s from the sandbox over both runs: $rate_limited."
