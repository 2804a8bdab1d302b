#!/usr/bin/env bash
# bench/shared_key.sh: how politely `truto-candidates create` shares a Lever key. Three scenarios
# against the sandbox's 10/s token bucket (burst 20), each for the adaptive limiter (TC_BIN) and,
# side by side, for the fixed limiter of the previous release (TC_FIXED_BIN):
#   (a) alone: the share of the limit used;
#   (b) with another client on the same key at 5/s (`lever-sandbox --shared-load 5`): the tool's
#       requests answered 429, and the share of the other client's requests that were served;
#   (c) a batch of 20 at --concurrency 20: wall time, in round trips, with the default duplicate check
#       (--on-duplicate skip) and without it (--on-duplicate create: the limiter's own figure).
# Prints Markdown on stdout (progress on stderr); exits 1 if a run failed its checks. See bench/README.md.
#
# --repeat N: scenario (b) only, adaptive limiter only, N times (a fresh sandbox each): one row per run
# with the machine's load average, then min/median/max of both figures; exits 1 unless every run meets
# both targets. TIMELINE=FILE also writes, for every (b) run, the sandbox's counters every 0.25 s and the
# tool's "rate limited" trace lines (-v), each stamped with seconds since the tool started.
set -euo pipefail

REPEAT=0
while [[ $# -gt 0 ]]; do
  case $1 in
    --repeat) REPEAT=${2:?--repeat needs a number}; shift 2 ;;
    *) echo "shared_key.sh: unknown argument $1 (usage: shared_key.sh [--repeat N])" >&2; exit 64 ;;
  esac
done
[[ $REPEAT =~ ^[0-9]+$ ]] || { echo "shared_key.sh: --repeat needs a number" >&2; exit 64; }

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
TIMELINE=${TIMELINE:-}                   # a file for the (b) runs' timelines; empty: none

LIMIT=10  # the sandbox's steady rate, requests/s (burst 20)

for tool in jq curl bc; do
  command -v "$tool" >/dev/null || { echo "shared_key.sh: $tool is required" >&2; exit 69; }
done
for bin in "$TC_BIN" "$SANDBOX_BIN" ${TC_FIXED_BIN:+"$TC_FIXED_BIN"}; do
  [[ -x $bin ]] || { echo "shared_key.sh: $bin not found; build it first (see bench/README.md)" >&2; exit 66; }
done

BENCH_NAME=shared_key.sh
BENCH_LOG_TAG=shared-key
SANDBOX_DEFAULT_ARGS=(--rate "$LIMIT" --burst 20 --latency-ms "$LATENCY")
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"
# "ASKED SERVED" of the other client, from one snapshot.
other_counts() { curl -sS "$SANDBOX/__sandbox/shared_load" | jq -r '"\(.asked) \(.served)"'; }

"$HERE/gen_records.sh" "$N_ALONE" 11 >"$WORK/alone.ndjson"
"$HERE/gen_records.sh" "$N_SHARED" 12 >"$WORK/shared.ndjson"
"$HERE/gen_records.sh" "$N_BATCH" 13 >"$WORK/batch.ndjson"
"$HERE/gen_records.sh" 1 14 >"$WORK/one.ndjson"

CHECK_FAILURES=0
# stamp_lines: each stdin line prefixed with the time it was read (bash's clock: no process per line).
stamp_lines() {
  local line
  while IFS= read -r line; do printf '%s %s\n' "$EPOCHREALTIME" "$line"; done
}
# since START: the stamps of stdin's lines made relative to START.
since() { awk -v start="$1" '{ $1 = sprintf("%6.2f", $1 - start); print }'; }
# poll_timeline: the sandbox's counters every 0.25 s, stamped, until killed.
poll_timeline() {
  while true; do
    echo "$EPOCHREALTIME $(curl -sS "$SANDBOX/__sandbox/stats" 2>/dev/null) $(curl -sS "$SANDBOX/__sandbox/shared_load" 2>/dev/null)"
    sleep 0.25
  done
}
# shared_run BIN: scenario (b) once; sets B_LIMITED B_REQUESTS B_ASKED B_SERVED (and WALL, RC, ... of run_tool).
shared_run() {
  local bin=$1 asked0 served0 asked served poller=""
  start_sandbox --shared-load "$OTHER_RATE"
  sleep 1  # the other client is running before the import starts
  read -r asked0 served0 < <(other_counts)
  if [[ -n $TIMELINE ]]; then
    echo "--- run at $(date -u +%H:%M:%S), load $(cut -d' ' -f1 /proc/loadavg)" >>"$TIMELINE"
    poll_timeline >"$WORK/timeline" &
    poller=$!
  fi
  VERBOSE=${TIMELINE:+1} run_tool "$bin" "$WORK/shared.ndjson" "$CONCURRENCY"
  if [[ -n $poller ]]; then
    kill "$poller"
    wait "$poller" 2>/dev/null || true
    sort -n "$WORK/timeline" "$WORK/tool.rate_limited" | since "$TOOL_START" >>"$TIMELINE"
  fi
  read -r asked served < <(other_counts)
  B_ASKED=$((asked - asked0))
  B_SERVED=$((served - served0))
  B_REQUESTS=$(stat_of requests)
  B_LIMITED=$(stat_of rate_limited)
}
# run_tool BIN RECORDS_FILE CONCURRENCY [ARGS…]: one create run; sets WALL, RC, CREATED, SUMMARY (its last
# stderr line).
run_tool() {
  local bin=$1 file=$2 concurrency=$3 start end
  shift 3
  start=$(now)
  TOOL_START=$EPOCHREALTIME
  set +e
  # stderr, each line stamped, through a pipe (the tool's stdout goes to its file first)
  LEVER_API_KEY=$API_KEY LEVER_API_BASE=$BASE "$bin" create --job-id "$POSTING" --perform-as "$USER_ID" \
    --input "$file" --concurrency "$concurrency" --rate "$LIMIT" -o ndjson ${VERBOSE:+-v} "$@" 2>&1 >"$WORK/tool.out" \
    </dev/null | stamp_lines >"$WORK/tool.err"
  RC=${PIPESTATUS[0]}
  set -e
  end=$(now)
  grep -E '^[0-9.]+ \* rate limited' "$WORK/tool.err" >"$WORK/tool.rate_limited" || true
  grep -vE '^[0-9.]+ [*<>]' "$WORK/tool.err" | sed -E 's/^[0-9.]+ //' >"$WORK/tool.err.plain" || true
  mv "$WORK/tool.err.plain" "$WORK/tool.err"
  WALL=$(calc "$end - $start")
  CREATED=$(jq -r 'select(.status == "created") | .index' "$WORK/tool.out" | wc -l)
  SUMMARY=$(tail -n1 "$WORK/tool.err")
}

# --repeat N: scenario (b) N times, adaptive only.
if [[ $REPEAT -gt 0 ]]; then
  [[ -z $TIMELINE ]] || : >"$TIMELINE"
  BENCH_START=$(now)
  rows=() limited_pcts=() other_pcts=() misses=0
  for run in $(seq 1 "$REPEAT"); do
    log "(b) run $run of $REPEAT"
    load=$(cut -d' ' -f1 /proc/loadavg)
    shared_run "$TC_BIN"
    limited_pct=$(fmt "$(calc "100 * $B_LIMITED / $B_REQUESTS")" 1)
    other_pct=$(fmt "$(calc "100 * $B_SERVED / $B_ASKED")" 1)
    limited_pcts+=("$limited_pct") other_pcts+=("$other_pct")
    ok=PASS
    if [[ $(calc "$limited_pct <= 5 && $other_pct >= 90") -ne 1 || $RC -ne 0 || $CREATED -ne $N_SHARED ]]; then
      ok=FAIL misses=$((misses + 1))
    fi
    rows+=("| $run | $limited_pct% ($B_LIMITED of $B_REQUESTS) | $other_pct% ($B_SERVED of $B_ASKED) | $(fmt "$WALL" 1) s | ${SUMMARY##*; } | $load | $ok |")
  done
  sandbox_stop
  # stats VALUES...: min / median / max.
  stats() {
    local sorted n
    mapfile -t sorted < <(printf '%s\n' "$@" | sort -g)
    n=${#sorted[@]}
    if ((n % 2)); then median=${sorted[n / 2]}; else median=$(fmt "$(calc "(${sorted[n / 2 - 1]} + ${sorted[n / 2]}) / 2")" 1); fi
    echo "${sorted[0]}% / $median% / ${sorted[n - 1]}%"
  }
  echo "## Sharing the key: scenario (b) repeated $REPEAT times"
  echo
  echo "Sandbox: lever-sandbox --rate $LIMIT --burst 20 --latency-ms $LATENCY --shared-load $OTHER_RATE (fresh per run)." \
    "Tool: $N_SHARED leads, --rate $LIMIT, --concurrency $CONCURRENCY. $(nproc) CPUs. Total run time" \
    "$(fmt "$(calc "$(now) - $BENCH_START")" 0) s."
  echo
  echo "| run | tool's requests answered 429 | other client's requests served | wall | settled rate | load (1 min) at start | both targets |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "Min / median / max: tool's requests answered 429 $(stats "${limited_pcts[@]}") (target ≤ 5%);" \
    "other client's requests served $(stats "${other_pcts[@]}") (target ≥ 90%). Runs meeting both targets:" \
    "$((REPEAT - misses)) of $REPEAT."
  [[ $misses -eq 0 ]] || { log "$misses run(s) missed a target"; exit 1; }
  exit 0
fi

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
  log "$client: (b) shared with a client at $OTHER_RATE/s, $N_SHARED records"
  shared_run "$bin"
  requests=$B_REQUESTS limited=$B_LIMITED asked=$B_ASKED served=$B_SERVED
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
  requests0=$(stat_of requests)
  run_tool "$bin" "$WORK/batch.ndjson" "$N_BATCH"
  FIG[c_wall@$client]=$(fmt "$WALL" 2)
  FIG[c_one@$client]=$(fmt "$one" 2)
  FIG[c_trips@$client]=$(fmt "$(calc "$WALL / $one")" 1)
  FIG[c_req@$client]=$(($(stat_of requests) - requests0))
  FIG[c_check@$client]="exit $RC, $CREATED/$N_BATCH created"
  [[ $RC -eq 0 && $CREATED -eq $N_BATCH ]] || CHECK_FAILURES=$((CHECK_FAILURES + 1))
  # the same batch without the duplicate check (a fresh sandbox: the leads above would be duplicates);
  # this build only, as an older binary may not know --on-duplicate
  if [[ $client == adaptive ]]; then
  start_sandbox
  run_tool "$bin" "$WORK/one.ndjson" 1 --on-duplicate create
  one=$WALL
  requests0=$(stat_of requests)
  run_tool "$bin" "$WORK/batch.ndjson" "$N_BATCH" --on-duplicate create
  FIG[cc_wall@$client]=$(fmt "$WALL" 2)
  FIG[cc_one@$client]=$(fmt "$one" 2)
  FIG[cc_trips@$client]=$(fmt "$(calc "$WALL / $one")" 1)
  FIG[cc_req@$client]=$(($(stat_of requests) - requests0))
  [[ $RC -eq 0 && $CREATED -eq $N_BATCH ]] || CHECK_FAILURES=$((CHECK_FAILURES + 1))
  fi
  fi
done
sandbox_stop

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
echo "| (c) batch of $N_BATCH leads, default duplicate check | wall s (one record: s) / requests of the batch | $(col c_wall adaptive) ($(col c_one adaptive)) / $(col c_req adaptive) | $(col c_wall fixed) ($(col c_one fixed)) / $(col c_req fixed) | | |"
echo "| (c) | in one-record runs | $(col c_trips adaptive) | $(col c_trips fixed) | ≈ 1 | $(verdict "${FIG[c_trips@adaptive]:-}" "<=" 1.5) |"
echo "| (c) the same, \`--on-duplicate create\` (no check) | wall s (one record: s) / requests of the batch | $(col cc_wall adaptive) ($(col cc_one adaptive)) / $(col cc_req adaptive) | $(col cc_wall fixed) ($(col cc_one fixed)) / $(col cc_req fixed) | | |"
echo "| (c) | in one-record runs | $(col cc_trips adaptive) | $(col cc_trips fixed) | ≈ 1 | $(verdict "${FIG[cc_trips@adaptive]:-}" "<=" 1.5) |"
echo
echo "Summary lines of the adaptive runs: (a) \`${FIG[a_summary]:-—}\`; (b) \`${FIG[b_summary]:-—}\`."
[[ $CHECK_FAILURES -eq 0 ]] || { log "$CHECK_FAILURES run(s) failed their checks"; exit 1; }
