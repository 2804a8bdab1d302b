#!/usr/bin/env bash
# bench/run.sh: throughput and cost benchmark of `truto-candidates create` in bulk mode against the
# bundled Lever sandbox run at Lever's limit (10 requests/s, bursts of 20), next to a naive client
# (a sequential shell loop of curl), plus the local cost of validate+map with no network.
# Prints Markdown tables on stdout; progress goes to stderr. See bench/README.md.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BUILD_DIR=${BUILD_DIR:-$HERE/../build-bench}
TC_BIN=${TC_BIN:-$BUILD_DIR/truto-candidates}
SANDBOX_BIN=${SANDBOX_BIN:-$BUILD_DIR/tests/sandbox/lever-sandbox}
N=${N:-150}                               # lead records per network scenario
LATENCIES=${LATENCIES-"150-300 200 300"}  # sandbox --latency-ms per scenario ("" = local part only)
CONCURRENCY=${CONCURRENCY:-4}             # the tool's default
LOCAL_SMALL=${LOCAL_SMALL:-20000}         # records for the local (no network) cost, small input
LOCAL_BIG=${LOCAL_BIG:-200000}            # … and a 10x larger input, to show memory stays flat
NET_MEM_SMALL=${NET_MEM_SMALL:-1000}      # creates against an unlimited sandbox, to show memory
NET_MEM_BIG=${NET_MEM_BIG:-10000}         # stays flat on the network path too (0 skips it)

LIMIT=10  # Lever's steady rate, requests/s

for tool in jq curl awk bc iconv; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool is required (apt-get install $tool)" >&2; exit 69; }
done
[[ -x /usr/bin/time ]] || { echo "run.sh: /usr/bin/time is required (apt-get install time)" >&2; exit 69; }
for bin in "$TC_BIN" "$SANDBOX_BIN"; do
  [[ -x $bin ]] || { echo "run.sh: $bin not found; build it first (see bench/README.md) or set TC_BIN/SANDBOX_BIN" >&2; exit 66; }
done
[[ $N =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: N must be a positive whole number" >&2; exit 64; }
# Pin the local measurement to one core when taskset exists ("records/s on one core").
PIN=()
command -v taskset >/dev/null && PIN=(taskset -c 0)

BENCH_NAME=run.sh
# shellcheck source=bench/lib.sh
source "$HERE/lib.sh"

kb_to_mb() { fmt "$(calc "$1 / 1024")" 1; }

# The records: unified lead records, and the Lever bodies the tool would send for them (taken from
# its own dry run, so the naive client posts exactly the same bytes and does no mapping of its own).
"$HERE/gen_records.sh" "$N" 1 >"$WORK/records.ndjson"
LEVER_API_KEY=$API_KEY "$TC_BIN" create --dry-run --job-id "$POSTING" --perform-as "$USER_ID" \
  --input "$WORK/records.ndjson" -o ndjson -q >"$WORK/plan.ndjson"
jq -c '.plan.requests[0].body' "$WORK/plan.ndjson" >"$WORK/bodies.ndjson"
[[ $(wc -l <"$WORK/bodies.ndjson") -eq $N ]] || die "dry run did not plan $N bodies"

ROWS=()        # Markdown rows of the network table
declare -A CPS # candidates/s by "client@latency"
declare -A SHARE
CHECK_FAILURES=0

# verify LABEL EXPECTED_CREATES: the sandbox holds exactly N opportunities, all created by this run.
verify_sandbox() {
  local label=$1 opportunities creates
  opportunities=$(stat_of opportunities)
  creates=$(stat_of creates)
  if [[ $opportunities -ne $N || $creates -ne $N ]]; then
    log "CHECK FAILED ($label): sandbox holds $opportunities opportunities, $creates creates; expected $N"
    CHECK_FAILURES=$((CHECK_FAILURES + 1))
    VERIFIED="no ($opportunities opps)"
  else
    VERIFIED="yes"
  fi
}

# add_row CLIENT LATENCY WALL RSS_KB CHECK
add_row() {
  local client=$1 latency=$2 wall=$3 rss_kb=$4 check=$5 requests limited cps rps share rpc
  requests=$(stat_of requests)
  limited=$(stat_of rate_limited)
  cps=$(calc "$N / $wall")
  rps=$(calc "$requests / $wall")
  share=$(calc "100 * $rps / $LIMIT")
  rpc=$(calc "$requests / $N")
  CPS["$client@$latency"]=$cps
  SHARE["$client@$latency"]=$share
  ROWS+=("| $client | $latency | $N | $(fmt "$wall" 1) | $(fmt "$cps") | $(fmt "$rps") | $(fmt "$share" 0)% | $(fmt "$rpc") | $limited | $(kb_to_mb "$rss_kb") | $check |")
}

run_tool() {
  local latency=$1 start end rc
  start_sandbox --rate "$LIMIT" --burst 20 --latency-ms "$latency"
  log "tool, --concurrency $CONCURRENCY --rate $LIMIT, latency $latency ms, $N records"
  start=$(now)
  set +e
  LEVER_API_KEY=$API_KEY LEVER_API_BASE=$BASE /usr/bin/time -f %M -o "$WORK/tool.rss" \
    "$TC_BIN" create --job-id "$POSTING" --perform-as "$USER_ID" --input "$WORK/records.ndjson" \
    --concurrency "$CONCURRENCY" --rate "$LIMIT" -o ndjson >"$WORK/tool.out" 2>"$WORK/tool.err" </dev/null
  rc=$?
  set -e
  end=$(now)
  local created
  created=$(jq -r 'select(.status == "created") | .index' "$WORK/tool.out" | wc -l)
  if [[ $rc -ne 0 || $created -ne $N ]]; then
    log "CHECK FAILED (tool @ $latency): exit $rc, $created of $N created"; tail -n 5 "$WORK/tool.err" >&2
    CHECK_FAILURES=$((CHECK_FAILURES + 1))
  fi
  verify_sandbox "tool @ $latency"
  add_row "truto-candidates (c=$CONCURRENCY)" "$latency" "$(calc "$end - $start")" "$(tail -n1 "$WORK/tool.rss")" \
    "exit $rc, $created created, N in sandbox: $VERIFIED"
}

run_naive() {
  local latency=$1 start end failures=0 first=1 code
  start_sandbox --rate "$LIMIT" --burst 20 --latency-ms "$latency"
  log "naive curl loop, latency $latency ms, $N records"
  local url="$BASE/opportunities?perform_as=$USER_ID&expand=applications&expand=stage"
  local curl_args=(-s -o /dev/null -w '%{http_code}' -u "$API_KEY:" -H 'Content-Type: application/json' --data-binary @-)
  start=$(now)
  while IFS= read -r body; do
    if [[ $first -eq 1 ]]; then  # the peak RSS of one curl, measured on the first request only
      code=$(/usr/bin/time -f %M -o "$WORK/curl.rss" curl "${curl_args[@]}" "$url" <<<"$body")
      first=0
    else
      code=$(curl "${curl_args[@]}" "$url" <<<"$body")
    fi
    [[ $code == 200 || $code == 201 ]] || failures=$((failures + 1))
  done <"$WORK/bodies.ndjson"
  end=$(now)
  [[ $failures -eq 0 ]] || { log "CHECK FAILED (naive @ $latency): $failures requests not 200/201"; CHECK_FAILURES=$((CHECK_FAILURES + 1)); }
  verify_sandbox "naive @ $latency"
  add_row "naive curl loop" "$latency" "$(calc "$end - $start")" "$(tail -n1 "$WORK/curl.rss")" \
    "$((N - failures)) × 2xx, N in sandbox: $VERIFIED"
}

BENCH_START=$(now)
for latency in $LATENCIES; do
  run_tool "$latency"
  run_naive "$latency"
done
sandbox_stop

# Local cost: validate + map (+ describe the request and print it) with no network, one worker, one core.
"$HERE/gen_records.sh" "$LOCAL_BIG" 2 >"$WORK/big.ndjson"
head -n "$LOCAL_SMALL" "$WORK/big.ndjson" >"$WORK/small.ndjson"
# The same people as a spreadsheet export: recognised headers ("First Name", "E-mail Address",
# "Mobile Phone", "LinkedIn", …), a GitHub column mapped to links and a column ignored by --map, so the
# column mapping is on the measured path.
to_csv() {
  echo 'First Name,Last Name,Job Title,Company,Location,E-mail Address,Mobile Phone,LinkedIn,GitHub,Tags,Connected On'
  jq -r '[.first_name, .last_name, .title, .company, (.locations | join(";")), .emails[0].email,
          .phones[0].number, .links[0], .links[1].url, (.tags | join(";")), "2026-01-01"] | @csv'
}
to_csv <"$WORK/big.ndjson" >"$WORK/big.csv"
to_csv <"$WORK/small.ndjson" >"$WORK/small.csv"
CSV_MAP=(--map 'GitHub=links' --map 'Connected On=' --map 'Job Title=title')
# The same people as exports really come (README "Spreadsheet exports"): a European Excel save (Windows-1252,
# ';', read without flags: the encoding is guessed, the delimiter sniffed) and Excel's "Unicode text"
# (UTF-16 LE with a byte-order mark, TAB). Accented letters in every row, so that every row is decoded.
to_delimited() {  # to_delimited SEPARATOR: the CSV above, every cell quoted, SEPARATOR between cells
  tr ',' '\n' <<<'First Name,Last Name,Job Title,Company,Location,E-mail Address,Mobile Phone,LinkedIn,GitHub,Tags,Connected On' |
    paste -sd "$1"
  jq -r --arg sep "$1" '[.first_name, .last_name + "-Müller", .title, .company + " GmbH – Zürich", (.locations | join(";")),
          .emails[0].email, .phones[0].number, .links[0], .links[1].url, (.tags | join(";")), "2026-01-01"]
          | map("\"" + gsub("\""; "\"\"") + "\"") | join($sep)'
}
for size in small big; do
  to_delimited ';' <"$WORK/$size.ndjson" | iconv -f UTF-8 -t WINDOWS-1252 >"$WORK/$size-1252.csv"
  { printf '\xff\xfe'; to_delimited $'\t' <"$WORK/$size.ndjson" | iconv -f UTF-8 -t UTF-16LE; } >"$WORK/$size-utf16.txt"
done
LOCAL_ROWS=()
declare -A LOCAL_RSS LOCAL_CPU_RATE LOCAL_WALL_RATE
# local_run NAME RECORDS FILE ARGS…
local_run() {
  local name=$1 records=$2 file=$3 rc wall user sys rss
  shift 3
  log "local: $name, $records records"
  set +e
  LEVER_API_KEY=$API_KEY /usr/bin/time -f '%e %U %S %M' -o "$WORK/local.time" "${PIN[@]}" "$TC_BIN" "$@" --input "$file" \
    >/dev/null 2>"$WORK/local.err" </dev/null
  rc=$?
  set -e
  read -r wall user sys rss < <(tail -n1 "$WORK/local.time")
  [[ $rc -eq 0 ]] || { log "CHECK FAILED (local $name $records): exit $rc"; CHECK_FAILURES=$((CHECK_FAILURES + 1)); }
  local cpu wall_rate cpu_rate
  cpu=$(calc "$user + $sys")
  wall_rate=$(calc "$records / $wall")
  cpu_rate=$(calc "$records / $cpu")
  LOCAL_RSS["$name@$records"]=$rss
  LOCAL_CPU_RATE["$name@$records"]=$cpu_rate
  LOCAL_WALL_RATE["$name@$records"]=$wall_rate
  LOCAL_ROWS+=("| $name | $records | $(fmt "$wall") | $(fmt "$user") | $(fmt "$sys") | $(fmt "$wall_rate" 0) | $(fmt "$cpu_rate" 0) | $(fmt "$(calc "1000000 * $cpu / $records")" 1) | $(kb_to_mb "$rss") | $rc |")
}
DRY=(create --dry-run --job-id "$POSTING" --perform-as "$USER_ID" -o ndjson --concurrency 1)
VAL=(validate --job-id "$POSTING")
for records in "$LOCAL_SMALL" "$LOCAL_BIG"; do
  size=small
  [[ $records -eq $LOCAL_BIG ]] && size=big
  local_run "create --dry-run (validate+map+describe)" "$records" "$WORK/$size.ndjson" "${DRY[@]}"
  local_run "create --dry-run, CSV with column mapping" "$records" "$WORK/$size.csv" "${DRY[@]}" "${CSV_MAP[@]}"
  local_run "create --dry-run, Windows-1252 ';' CSV" "$records" "$WORK/$size-1252.csv" "${DRY[@]}" "${CSV_MAP[@]}"
  local_run "create --dry-run, UTF-16 TAB text" "$records" "$WORK/$size-utf16.txt" "${DRY[@]}" "${CSV_MAP[@]}"
  local_run "validate" "$records" "$WORK/$size.ndjson" "${VAL[@]}"
done

# Memory on the network path: many creates against a sandbox with no limit and no latency.
NET_ROWS=()
if [[ $NET_MEM_SMALL -gt 0 && $NET_MEM_BIG -gt 0 ]]; then
  "$HERE/gen_records.sh" "$NET_MEM_BIG" 3 >"$WORK/net_big.ndjson"
  head -n "$NET_MEM_SMALL" "$WORK/net_big.ndjson" >"$WORK/net_small.ndjson"
  declare -A NET_RSS
  for records in "$NET_MEM_SMALL" "$NET_MEM_BIG"; do
    file=$WORK/net_small.ndjson
    [[ $records -eq $NET_MEM_BIG ]] && file=$WORK/net_big.ndjson
    start_sandbox --rate 0
    log "network memory: $records creates, unlimited sandbox"
    start=$(now)
    set +e
    LEVER_API_KEY=$API_KEY LEVER_API_BASE=$BASE /usr/bin/time -f %M -o "$WORK/net.rss" \
      "$TC_BIN" create --job-id "$POSTING" --perform-as "$USER_ID" --input "$file" \
      --concurrency "$CONCURRENCY" --rate 1000 -o ndjson >/dev/null 2>"$WORK/net.err" </dev/null
    rc=$?
    set -e
    end=$(now)
    opportunities=$(stat_of opportunities)
    [[ $rc -eq 0 && $opportunities -eq $records ]] || { log "CHECK FAILED (network memory $records): exit $rc, $opportunities opportunities"; CHECK_FAILURES=$((CHECK_FAILURES + 1)); }
    rss=$(tail -n1 "$WORK/net.rss")
    NET_RSS[$records]=$rss
    NET_ROWS+=("| create, sandbox unlimited, --rate 1000 | $records | $(fmt "$(calc "$end - $start")") | $(fmt "$(calc "$records / ($end - $start)")" 0) | $(kb_to_mb "$rss") | $rc, $opportunities in sandbox |")
    sandbox_stop
  done
fi
BENCH_END=$(now)

# ---- report -----------------------------------------------------------------------------------
pass_fail() { if [[ $(calc "$1") -eq 1 ]]; then echo PASS; else echo FAIL; fi; }
tool="truto-candidates (c=$CONCURRENCY)"

echo "## truto-candidates benchmark"
echo
echo "Sandbox: lever-sandbox --rate $LIMIT --burst 20 --latency-ms L (fresh per row). $(nproc) CPUs, load average at end: $(cut -d' ' -f1-3 /proc/loadavg). Total run time $(fmt "$(calc "$BENCH_END - $BENCH_START")" 0) s."
echo
echo "### Creating $N leads"
echo
echo "| client | latency ms | N | wall s | candidates/s | Lever req/s | share of 10/s | requests/candidate | 429s | peak RSS MB | checks |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${ROWS[@]}"
echo
echo "### Targets"
echo
echo "| target | measured | result |"
echo "|---|---|---|"
for latency in $LATENCIES; do
  share=${SHARE["$tool@$latency"]}
  echo "| ≥ 90% of the rate limit used, latency $latency ms | $(fmt "$share" 0)% | $(pass_fail "$share >= 90") |"
done
for latency in $LATENCIES; do
  ratio=$(calc "${CPS["$tool@$latency"]} / ${CPS["naive curl loop@$latency"]}")
  case $latency in
    200) echo "| ≥ 2x the sequential client at 200 ms | $(fmt "$ratio")x | $(pass_fail "$ratio >= 2") |" ;;
    300) echo "| ≥ 3x the sequential client at 300 ms | $(fmt "$ratio")x | $(pass_fail "$ratio >= 3") |" ;;
    *) echo "| speed-up vs the sequential client at $latency ms (no target) | $(fmt "$ratio")x | — |" ;;
  esac
done
dry="create --dry-run (validate+map+describe)"
cpu_rate=${LOCAL_CPU_RATE["$dry@$LOCAL_BIG"]}
wall_rate=${LOCAL_WALL_RATE["$dry@$LOCAL_BIG"]}
echo "| ≥ 50,000 records/s validated and mapped on one core ($LOCAL_BIG records, per CPU second) | $(fmt "$cpu_rate" 0)/s | $(pass_fail "$cpu_rate >= 50000") |"
echo "| same, per wall-clock second (machine shared, see load) | $(fmt "$wall_rate" 0)/s | $(pass_fail "$wall_rate >= 50000") |"
csv="create --dry-run, CSV with column mapping"
cpu_rate=${LOCAL_CPU_RATE["$csv@$LOCAL_BIG"]}
echo "| ≥ 50,000 CSV records/s with the column mapping on one core ($LOCAL_BIG records, per CPU second) | $(fmt "$cpu_rate" 0)/s | $(pass_fail "$cpu_rate >= 50000") |"
cp1252="create --dry-run, Windows-1252 ';' CSV"
utf16="create --dry-run, UTF-16 TAB text"
for name in "$cp1252" "$utf16"; do
  echo "| ${name#create --dry-run, } records/s on one core ($LOCAL_BIG records, per CPU second; reported, no target) | $(fmt "${LOCAL_CPU_RATE["$name@$LOCAL_BIG"]}" 0)/s | — |"
done
# The in-batch duplicate memory grows by design (ARCHITECTURE.md §5): at most 24 bytes per distinct
# e-mail in a dry run, 128 per created lead; everything else must stay flat (+10%).
for name in "$dry" "$csv" "$cp1252" "$utf16"; do
  small_rss=${LOCAL_RSS["$name@$LOCAL_SMALL"]}; big_rss=${LOCAL_RSS["$name@$LOCAL_BIG"]}
  input=NDJSON
  [[ $name == "$csv" ]] && input=CSV
  [[ $name == "$cp1252" ]] && input="Windows-1252 ';'"
  [[ $name == "$utf16" ]] && input="UTF-16 TAB"
  echo "| flat memory, $input dry run: peak RSS at $LOCAL_BIG vs $LOCAL_SMALL records (≤ +10% + 24 B per added e-mail) | $(kb_to_mb "$big_rss") vs $(kb_to_mb "$small_rss") MB | $(pass_fail "$big_rss <= $small_rss * 1.10 + 24 * ($LOCAL_BIG - $LOCAL_SMALL) / 1024") |"
done
if [[ ${#NET_ROWS[@]} -gt 0 ]]; then
  small_rss=${NET_RSS[$NET_MEM_SMALL]}; big_rss=${NET_RSS[$NET_MEM_BIG]}
  echo "| flat memory, creates: peak RSS at $NET_MEM_BIG vs $NET_MEM_SMALL records (≤ +10% + 128 B per added lead) | $(kb_to_mb "$big_rss") vs $(kb_to_mb "$small_rss") MB | $(pass_fail "$big_rss <= $small_rss * 1.10 + 128 * ($NET_MEM_BIG - $NET_MEM_SMALL) / 1024") |"
fi
echo
echo "### Local cost, no network (one worker$( [[ ${#PIN[@]} -gt 0 ]] && echo ", pinned to CPU 0"))"
echo
echo "| command | records | wall s | user s | sys s | records/s (wall) | records/s (CPU) | µs CPU/record | peak RSS MB | exit |"
echo "|---|---|---|---|---|---|---|---|---|---|"
printf '%s\n' "${LOCAL_ROWS[@]}"
if [[ ${#NET_ROWS[@]} -gt 0 ]]; then
  echo
  echo "### Memory while creating (no rate limit, no latency)"
  echo
  echo "| run | records | wall s | candidates/s | peak RSS MB | exit, opportunities |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${NET_ROWS[@]}"
fi
echo
if [[ $CHECK_FAILURES -eq 0 ]]; then
  echo "All checks passed: every run exited 0 and left exactly the expected number of opportunities."
else
  echo "**$CHECK_FAILURES check(s) failed** (see stderr): the figures above are not trustworthy."
  exit 1
fi
