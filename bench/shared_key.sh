#!/usr/bin/env bash
# bench/shared_key.sh: how politely `truto-candidates create` shares a Lever key. Three scenarios
# against the sandbox's 10/s token bucket (burst 20), each for the adaptive limiter (TC_BIN) and,
# side by side, for the fixed limiter of the previous release (TC_FIXED_BIN):
#   (a) alone: the share of the limit used;
#   (b) with another client on the same key at 5/s (`lever-sandbox --shared-load 5`): the tool's
#       requests answered 429, and the share of the other client's requests that were served;
#   (c) a batch of 20 at --concurrency 20: wall time, in round trips.
# Prints Markdown on stdout (progress on stderr); exits 1 if a run failed its checks. See bench/README.md.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD_DIR=${BUILD_DIR:-$HERE/../build}
TC_BIN=${TC_BIN:-$BUILD_DIR/truto-candidates}
SANDBOX_BIN=${SANDBOX_BIN:-$BUILD_DIR/tests/sandbox/lever-sandbox}
TC_FIXED_BIN=${TC_FIXED_BIN:-}           # the previous release's binary (fixed limiter); empty skips it
LATENCY=${LATENCY:-150-250}              # sandbox --latency-ms (MIN-MAX is uniform random)
N_ALONE=${N_ALONE:-150}                  # records of scenario (a)
N_SHARED=${N_SHARED:-100}                # records of scenario (b)
N_BATCH=${N_BATCH:-20}                   # records of scenario (c)
OTHER_RATE=${OTHER_RATE:-5}              # the other client's requests/s in (b)
CONCURRENCY=${CONCURRENCY:-4}            # the tool's --concurrency in (a) and (b) (its default)
SCENARIOS=${SCENARIOS:-"a b c"}          # which scenarios to run

POSTING=5f1e6a8c-1c2b-4d3e-9f00-0000000000a1
USER_ID=8d49b010-cc6a-4f40-ace5-e86061c677ed
API_KEY=sandbox-api-key
LIMIT=10  # the sandbox's steady rate, requests/s (burst 20)

for tool in jq curl bc; do
  command -v "$tool" >/dev/null || { echo "shared_key.sh: $tool is required" >&2; exit 69; }
done
for bin in "$TC_BIN" "$SANDBOX_BIN" ${TC_FIXED_BIN:+"$TC_FIXED_BIN"}; do
  [[ -x $bin ]] || { echo "shared_key.sh: $bin not found; build it first (see bench/README.md)" >&2; exit 66; }
done

BENCH_NAME=shared_key.sh
SANDBOX_DEFAULT_ARGS=(--rate "$LIMIT" --burst 20 --latency-ms "$LATENCY")
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"
log() { echo "[shared-key] $*" >&2; }
now() { date +%s.%N; }
calc() { echo "scale=6; $*" | bc -l; }
fmt() { printf "%.${2:-2}f" "$1"; }
stat_of() { curl -sS "$SANDBOX/__sandbox/stats" | jq -r ".$1"; }
# "ASKED SERVED" of the other client, from one snapshot.
other_counts() { curl -sS "$SANDBOX/__sandbox/shared_load" | jq -r '"\(.asked) \(.served)"'; }

"$HERE/gen_records.sh" "$N_ALONE" 11 >"$WORK/alone.ndjson"
"$HERE/gen_records.sh" "$N_SHARED" 12 >"$WORK/shared.ndjson"
"$HERE/gen_records.sh" "$N_BATCH" 13 >"$WORK/batch.ndjson"
"$HERE/gen_records.sh" 1 14 >"$WORK/one.ndjson"

CHECK_FAILURES=0
# run_tool BIN RECORDS_FILE CONCURRENCY: one create run; sets WALL, RC, CREATED, SUMMARY (its last stderr line).
run_tool() {
  local bin=$1 file=$2 concurrency=$3 start end
  start=$(now)
  set +e
  LEVER_API_KEY=$API_KEY LEVER_API_BASE=$BASE "$bin" create --job-id "$POSTING" --perform-as "$USER_ID" \
    --input "$file" --concurrency "$concurrency" --rate "$LIMIT" -o ndjson >"$WORK/tool.out" 2>"$WORK/tool.err" </dev/null
  RC=$?
  set -e
  end=$(now)
  WALL=$(calc "$end - $start")
  CREATED=$(jq -r 'select(.status == "created") | .index' "$WORK/tool.out" | wc -l)
  SUMMARY=$(tail -n1 "$WORK/tool.err")
}

declare -A FIG  # FIG[name@client]
CLIENTS=(adaptive)
[[ -n $TC_FIXED_BIN ]] && CLIENTS+=(fixed)
bin_of() { if [[ $1 == adaptive ]]; then echo "$TC_BIN"; else echo "$TC_FIXED_BIN"; fi; }

BENCH_START=$(now)
for client in "${CLIENTS[@]}"; do
  bin=$(bin_of "$client")

  # (a) alone
  if [[ $SCENARIOS == *a* ]]; then
  start_sandbox
  log "$client: (a) alone, $N_ALONE records, --concurrency $CONCURRENCY"
  run_tool "$bin" "$WORK/alone.ndjson" "$CONCURRENCY"
  requests=$(stat_of requests)
  FIG[a_share@$client]=$(fmt "$(calc "100 * $requests / $WALL / $LIMIT")" 0)
  FIG[a_wall@$client]=$(fmt "$WALL" 1)
  FIG[a_429@$client]=$(stat_of rate_limited)
  FIG[a_check@$client]="exit $RC, $CREATED/$N_ALONE created"
  [[ $RC -eq 0 && $CREATED -eq $N_ALONE ]] || CHECK_FAILURES=$((CHECK_FAILURES + 1))
  [[ $client == adaptive ]] && FIG[a_summary]=$SUMMARY
  fi

  # (b) with another client at OTHER_RATE/s on the same key; counted over the tool's run only
  if [[ $SCENARIOS == *b* ]]; then
  start_sandbox --shared-load "$OTHER_RATE"
  sleep 1  # the other client is running before the import starts
  log "$client: (b) shared with a client at $OTHER_RATE/s, $N_SHARED records"
  read -r asked0 served0 < <(other_counts)
  run_tool "$bin" "$WORK/shared.ndjson" "$CONCURRENCY"
  read -r asked served < <(other_counts)
  asked=$((asked - asked0))
  served=$((served - served0))
  requests=$(stat_of requests)
  limited=$(stat_of rate_limited)
  FIG[b_429@$client]=$(fmt "$(calc "100 * $limited / $requests")" 1)
  FIG[b_429n@$client]="$limited of $requests"
  FIG[b_other@$client]=$(fmt "$(calc "100 * $served / $asked")" 1)
  FIG[b_othern@$client]="$served of $asked"
  FIG[b_wall@$client]=$(fmt "$WALL" 1)
  FIG[b_tput@$client]=$(fmt "$(calc "$requests / $WALL")" 1)
  FIG[b_check@$client]="exit $RC, $CREATED/$N_SHARED created"
  [[ $client == adaptive ]] && FIG[b_summary]=$SUMMARY
  fi

  # (c) a batch of N_BATCH at --concurrency N_BATCH, next to one record (one round trip + start-up)
  if [[ $SCENARIOS == *c* ]]; then
  start_sandbox
  log "$client: (c) batch of $N_BATCH"
  run_tool "$bin" "$WORK/one.ndjson" 1
  one=$WALL
  run_tool "$bin" "$WORK/batch.ndjson" "$N_BATCH"
  FIG[c_wall@$client]=$(fmt "$WALL" 2)
  FIG[c_one@$client]=$(fmt "$one" 2)
  FIG[c_trips@$client]=$(fmt "$(calc "$WALL / $one")" 1)
  FIG[c_check@$client]="exit $RC, $CREATED/$N_BATCH created"
  [[ $RC -eq 0 && $CREATED -eq $N_BATCH ]] || CHECK_FAILURES=$((CHECK_FAILURES + 1))
  fi
done
stop_sandbox

# verdict FIGURE OP LIMIT: PASS/FAIL, or — when the scenario did not run.
verdict() {
  [[ -n $1 ]] || { echo "—"; return; }
  if [[ $(calc "$1 $2 $3") -eq 1 ]]; then echo PASS; else echo FAIL; fi
}
col() { local name=$1 client=$2; [[ -n ${FIG[$name@$client]+x} ]] && echo "${FIG[$name@$client]}" || echo "—"; }

echo "## Sharing the key: adaptive vs fixed limiter"
echo
echo "Sandbox: lever-sandbox --rate $LIMIT --burst 20 --latency-ms $LATENCY (fresh per scenario). Tool: --rate $LIMIT," \
  "--concurrency $CONCURRENCY in (a) and (b), $N_BATCH in (c). $(nproc) CPUs, load average at end:" \
  "$(cut -d' ' -f1-3 /proc/loadavg). Total run time $(fmt "$(calc "$(now) - $BENCH_START")" 0) s."
echo
echo "| scenario | figure | adaptive (this build) | fixed (previous release) | target | adaptive result |"
echo "|---|---|---|---|---|---|"
echo "| (a) alone, $N_ALONE leads | share of the 10/s limit used | $(col a_share adaptive)% | $(col a_share fixed)% | ≥ 95% | $(verdict "${FIG[a_share@adaptive]:-}" ">=" 95) |"
echo "| (a) | wall s / 429s / checks | $(col a_wall adaptive) s / $(col a_429 adaptive) / $(col a_check adaptive) | $(col a_wall fixed) s / $(col a_429 fixed) / $(col a_check fixed) | | |"
echo "| (b) other client at $OTHER_RATE/s, $N_SHARED leads | tool's requests answered 429 | $(col b_429 adaptive)% ($(col b_429n adaptive)) | $(col b_429 fixed)% ($(col b_429n fixed)) | ≤ 5% | $(verdict "${FIG[b_429@adaptive]:-}" "<=" 5) |"
echo "| (b) | other client's requests served | $(col b_other adaptive)% ($(col b_othern adaptive)) | $(col b_other fixed)% ($(col b_othern fixed)) | ≥ 90% | $(verdict "${FIG[b_other@adaptive]:-}" ">=" 90) |"
echo "| (b) | wall s / tool's requests/s / checks | $(col b_wall adaptive) s / $(col b_tput adaptive) / $(col b_check adaptive) | $(col b_wall fixed) s / $(col b_tput fixed) / $(col b_check fixed) | | |"
echo "| (c) batch of $N_BATCH leads | wall s (one record: s) | $(col c_wall adaptive) ($(col c_one adaptive)) | $(col c_wall fixed) ($(col c_one fixed)) | | |"
echo "| (c) | in one-record runs | $(col c_trips adaptive) | $(col c_trips fixed) | ≈ 1 | $(verdict "${FIG[c_trips@adaptive]:-}" "<=" 1.5) |"
echo
echo "Summary lines of the adaptive runs: (a) \`${FIG[a_summary]:-—}\`; (b) \`${FIG[b_summary]:-—}\`."
[[ $CHECK_FAILURES -eq 0 ]] || { log "$CHECK_FAILURES run(s) failed their checks"; exit 1; }
