#!/usr/bin/env bash
# Many records: array, NDJSON and CSV input; results in input order; partial failure; the journal
# (skips on re-run, exactly once after SIGKILL); --fail-fast; run-wide errors stop early.
source "$(dirname "$0")/lib.sh"
# (the sandbox's rate limit is lifted where the pace is not the point; the tool's own pace stays 10/s
# unless a command says --rate 1000)
fast_sandbox
common=(--job-id "$POSTING" --perform-as "$USER_ID")

# A JSON array, with CRLF and an invalid record in the middle: exit 1, one result line per record, in order.
printf '[\r\n {"first_name":"A0","emails":[{"email":"a0@example.com"}]},\r\n {"first_name":"A1","emails":[{"email":"bad"}]},\r\n {"first_name":"A2","emails":[{"email":"a2@example.com"}]}\r\n]\r\n' >"$WORK/array.json"
tc create "${common[@]}" --input "$WORK/array.json"
expect_rc 1 "array with an invalid record"
expect_eq "$(jq -r .index "$WORK/out" | tr '\n' ' ')" "0 1 2 " "results in input order"
expect_eq "$(jq -r .status "$WORK/out" | tr '\n' ' ')" "created failed created " "statuses"
expect_eq "$(jq -r 'select(.index==1) | .error.pointer' "$WORK/out")" "/emails/0/email" "failed record names its field"
expect_eq "$(jq -r 'select(.index==1) | .error.code' "$WORK/out")" "invalid_input" "error code"
expect_contains "$WORK/err" "created 2, skipped 0, failed 1, unknown 0" "summary line"
"$VALIDATE_CANDIDATE_BIN" <"$WORK/out" >/dev/null && pass || fail "bulk candidates are not schema-valid"

# NDJSON from stdin with blank lines, CRLF and a broken line.
printf '{"first_name":"N0","emails":[{"email":"n0@example.com"}]}\r\n\r\n{"first_name":"N1", oops\n{"first_name":"N2","emails":[{"email":"n2@example.com"}]}\n' >"$WORK/in.ndjson"
TC_STDIN=$WORK/in.ndjson tc create "${common[@]}" --input - -o ndjson
expect_rc 1 "ndjson with a broken line"
expect_eq "$(jq -r .status "$WORK/out" | tr '\n' ' ')" "created failed created " "ndjson statuses"
expect_eq "$(jq -r 'select(.index==1) | .line' "$WORK/out")" "3" "broken line number"

# CSV with quoting, ';'-separated values and a resume column.
printf '%%PDF-1.4 cv\n' >"$WORK/cv.pdf"
cat >"$WORK/people.csv" <<CSV
first_name,last_name,email,phones,tags,company,resume
Csv,One,c1@example.com,555-1;555-2,"a;b","Acme, Inc.",$WORK/cv.pdf
Csv,Two,c2@example.com,,,,
CSV
tc create "${common[@]}" --input "$WORK/people.csv"
expect_rc 0 "csv import"
expect_eq "$(jq -r .status "$WORK/out" | tr '\n' ' ')" "created created " "csv statuses"
expect_eq "$(jq -c 'select(.index==0) | .candidate | [.company, (.phones | length), .tags, (.attachments | length)]' "$WORK/out")" '["Acme, Inc.",2,["a","b"],1]' "csv fields mapped"
tc create "${common[@]}" --input "$WORK/people.csv" --first-name X
expect_rc 64 "field flags with multi-record input"

# Unknown CSV column: an input error naming it.
printf 'first_name,shoe_size\nA,42\n' >"$WORK/bad.csv"
tc create "${common[@]}" --input "$WORK/bad.csv"
expect_rc 65 "unknown csv column"
expect_contains "$WORK/err" "shoe_size" "names the column"

# Empty input: "no records" unless --allow-empty.
: >"$WORK/empty.ndjson"
tc create "${common[@]}" --input "$WORK/empty.ndjson"
expect_rc 65 "empty input"
expect_contains "$WORK/err" "no records" "says no records"
tc create "${common[@]}" --input "$WORK/empty.ndjson" --allow-empty
expect_rc 0 "--allow-empty"

# The journal: a re-run skips records already created, with their ids, and sends no create for them.
for i in $(seq 1 30); do echo "{\"first_name\":\"J$i\",\"last_name\":\"Ournal\",\"emails\":[{\"email\":\"j$i@example.com\"}]}"; done >"$WORK/j.ndjson"
tc create "${common[@]}" --input "$WORK/j.ndjson" --journal "$WORK/j.journal" --rate 1000
expect_rc 0 "journaled run"
ids_first=$(jq -r .id "$WORK/out" | sort | tr '\n' ' ')
creates_before=$(sandbox_count creates)
tc create "${common[@]}" --input "$WORK/j.ndjson" --journal "$WORK/j.journal" --rate 1000
expect_rc 0 "re-run with the journal"
expect_eq "$(jq -r .status "$WORK/out" | sort -u | tr '\n' ' ')" "skipped " "all skipped"
expect_eq "$(jq -r .id "$WORK/out" | sort | tr '\n' ' ')" "$ids_first" "skipped with their ids"
expect_eq "$(sandbox_count creates)" "$creates_before" "no create sent on re-run"
expect_not_contains "$WORK/j.journal" "$API_KEY" "no secret in the journal"

# --fail-fast stops at the first failure.
{ echo '{"first_name":"F0","emails":[{"email":"bad"}]}'; for i in $(seq 1 40); do echo "{\"first_name\":\"F$i\",\"emails\":[{\"email\":\"f$i@example.com\"}]}"; done; } >"$WORK/ff.ndjson"
creates_before=$(sandbox_count creates)
tc create "${common[@]}" --input "$WORK/ff.ndjson" --fail-fast --concurrency 1
expect_rc 1 "fail fast"
expect_eq "$(jq -c 'select(.status != "not_attempted") | [.index, .status]' "$WORK/out" | tr '\n' ' ')" '[0,"failed"] ' "--fail-fast: exactly the failing result"
expect_eq "$(jq -s '[.[].index] == [range(length)]' "$WORK/out")" "true" "--fail-fast: the records read after it are reported not_attempted, in order"
expect_eq "$(sandbox_count creates)" "$creates_before" "--fail-fast: nothing sent after the failure"
# The failure in the middle: the records before it are created, none after it.
{ for i in 1 2 3; do echo "{\"first_name\":\"G$i\",\"emails\":[{\"email\":\"g$i@example.com\"}]}"; done
  echo '{"first_name":"G4","emails":[{"email":"bad"}]}'
  for i in 5 6 7; do echo "{\"first_name\":\"G$i\",\"emails\":[{\"email\":\"g$i@example.com\"}]}"; done; } >"$WORK/ff2.ndjson"
creates_before=$(sandbox_count creates)
tc create "${common[@]}" --input "$WORK/ff2.ndjson" --fail-fast --concurrency 1
expect_rc 1 "fail fast, failure in the middle"
expect_eq "$(jq -r .status "$WORK/out" | tr '\n' ' ')" "created created created failed not_attempted not_attempted not_attempted " "--fail-fast: results up to the failure, the rest not attempted"
expect_eq "$(( $(sandbox_count creates) - creates_before ))" "3" "--fail-fast: creates only before the failure"

# A run-wide error (rejected key) stops the run early with its own code.
LEVER_API_KEY=wrong tc create "${common[@]}" --input "$WORK/ff.ndjson"
expect_rc 77 "auth error stops the run"

# SIGKILL at a random moment, then a re-run with the journal: every record created exactly once. Every
# request of these leads is a create (the answer comes back expanded) and each takes 150-300 ms, so a kill
# lands while creates are in flight: the journal holds records started and never finished, and the resume
# looks each of them up before sending anything — once --timeout has passed since it was sent, so that a
# create the sandbox was still processing when the client died is found (--timeout 1: well above the
# sandbox's 300 ms, and each resume waits no longer than that). (--on-duplicate create: only the in-flight lookups are
# counted here; the duplicate check before each create has tests of its own in test_duplicates.sh.)
start_sandbox --latency-ms 150-300
for i in $(seq 1 60); do echo "{\"first_name\":\"K$i\",\"last_name\":\"Ill\",\"emails\":[{\"email\":\"k$i@example.com\"}]}"; done >"$WORK/k.ndjson"
for attempt in 1 2 3; do
  LEVER_API_KEY=$API_KEY LEVER_API_BASE=$BASE "$TC_BIN" create "${common[@]}" --input "$WORK/k.ndjson" \
    --on-duplicate create --journal "$WORK/k.journal" --timeout 1 >"$WORK/k.out.$attempt" 2>/dev/null &
  pid=$!
  # Kill once this run has journaled a create it started (a slow start under load must not make the kill
  # land before the first write), a random 0-150 ms later.
  lines_before=$(lines_in "$WORK/k.journal")
  wait_until 60 started_since "$WORK/k.journal" "$lines_before" || fail "attempt $attempt never journaled a started create"
  sleep "0.$(printf '%03d' $((RANDOM % 150)))"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
done
# (jq -R: a kill may leave a torn last line, which the tool ignores too)
in_flight=$(jq -R -s '[split("\n")[] | fromjson?] | group_by(.key) | map(select(last.state == "started")) | length' "$WORK/k.journal")
[[ $in_flight -ge 1 ]] && pass || fail "the last kill did not land while a create was in flight"
# Lookups Lever answered (a 429 the tool met by waiting and asking again is not a second lookup: a new
# process starts with a full burst while the killed runs may have drained the key's bucket).
answered_lookups() { sandbox_get requests | jq '[.[] | select(.method == "GET" and .path == "/v1/opportunities" and .status != 429)] | length'; }
# (the killed run's last requests still run their course in the sandbox: counted once they are over)
wait_until 10 sandbox_idle || fail "the sandbox never finished the killed run's requests"
lookups_before=$(answered_lookups)
tc create "${common[@]}" --input "$WORK/k.ndjson" --on-duplicate create --journal "$WORK/k.journal" --timeout 1
expect_rc 0 "resume after SIGKILL"
expect_eq "$(( $(answered_lookups) - lookups_before ))" "$in_flight" "one lookup per record in flight at the kill"
expect_eq "$(jq -r .status "$WORK/out" | grep -c -E 'created|skipped')" "60" "every record accounted for"
dupes=$(sandbox_get opportunities | jq '[.[] | select(.name | endswith(" Ill")) | .name] | group_by(.) | map(select(length > 1)) | length')
expect_eq "$dupes" "0" "no record created twice"
expect_eq "$(sandbox_get opportunities | jq '[.[] | select(.name | endswith(" Ill"))] | length')" "60" "every record created"

# SIGINT (Ctrl-C) and SIGTERM stop cleanly, the same way: exit 130, a result line for every record read
# (created, or not_attempted for the ones never sent), the summary, and a journal that says created for
# exactly the opportunities the sandbox holds. Every request takes 100 ms, and the signal is sent once the
# first result line is out: the run is then certainly midway.
fast_sandbox --latency-ms 100
created_ids() { jq -r 'select(.status == "created") | .id' "$1" | sort | tr '\n' ' '; }
journal_created_ids() { jq -r 'select(.state == "created") | .id' "$1" | sort | tr '\n' ' '; }
held_ids() { sandbox_get opportunities | jq -r --arg l "$1" '.[] | select(.name | endswith(" " + $l)) | .id' | sort | tr '\n' ' '; }
for signal in INT TERM; do
  last=Sig$signal
  for i in $(seq 1 40); do echo "{\"first_name\":\"S$i\",\"last_name\":\"$last\",\"emails\":[{\"email\":\"s$i.$signal@example.com\"}]}"; done >"$WORK/s.ndjson"
  # (emptied first: a line left from an earlier run would send the signal before the binary started)
  : >"$WORK/out"
  LEVER_API_KEY=$API_KEY LEVER_API_BASE=$BASE "$TC_BIN" create "${common[@]}" --input "$WORK/s.ndjson" \
    --journal "$WORK/s-$signal.journal" >>"$WORK/out" 2>"$WORK/err" &
  pid=$!
  wait_until 30 test -s "$WORK/out" || fail "SIG$signal: no result line within 30 s"
  kill -"$signal" "$pid"
  set +e; wait "$pid"; RC=$?; set -e
  expect_rc 130 "SIG$signal"
  # A record stopped between its requests (its duplicate check done, its create not sent) is failed with
  # the code interrupted; nothing of it is in Lever.
  expect_eq "$(jq -r 'select(.status != "created" and .status != "not_attempted") | [.status, .error.code] | join(" ")' "$WORK/out" |
    sort -u | grep -v -x 'failed interrupted' | wc -l)" "0" "SIG$signal: created, not_attempted or interrupted only"
  expect_eq "$(jq -r 'select(.status == "failed") | .index' "$WORK/out" | while read -r i; do
    sandbox_get opportunities | jq --arg n "S$((i + 1)) $last" '[.[] | select(.name == $n)] | length'; done | grep -c -v '^0$')" \
    "0" "SIG$signal: nothing of an interrupted record in Lever"
  expect_eq "$(jq -s '[.[].index] == [range(length)]' "$WORK/out")" "true" "SIG$signal: a line per record read, in order"
  stopped_created=$(jq -r 'select(.status == "created")' "$WORK/out" | jq -s length)
  stopped_not=$(jq -r 'select(.status == "not_attempted")' "$WORK/out" | jq -s length)
  [[ $stopped_created -ge 1 && $stopped_not -ge 1 ]] && pass ||
    fail "SIG$signal: not midway ($stopped_created created, $stopped_not not attempted)"
  expect_contains "$WORK/err" "created $stopped_created," "SIG$signal: the summary"
  jq -c . "$WORK/s-$signal.journal" >/dev/null && pass || fail "SIG$signal: journal not valid NDJSON"
  expect_eq "$(journal_created_ids "$WORK/s-$signal.journal")" "$(held_ids "$last")" "SIG$signal: the journal's created ids are what the sandbox holds"
  expect_eq "$(created_ids "$WORK/out")" "$(held_ids "$last")" "SIG$signal: the reported ids are what the sandbox holds"
  tc create "${common[@]}" --input "$WORK/s.ndjson" --journal "$WORK/s-$signal.journal" --rate 1000
  expect_rc 0 "SIG$signal: finish with the journal"
  expect_eq "$(jq -r .status "$WORK/out" | sort | uniq -c | awk '{print $2"="$1}' | tr '\n' ' ')" \
    "created=$((40 - stopped_created)) skipped=$stopped_created " "SIG$signal: the re-run skips what was created"
  expect_eq "$(sandbox_get opportunities | jq --arg l "$last" '[.[] | select(.name | endswith(" " + $l)) | .name] | unique | length')" "40" "SIG$signal: all 40 held"
  expect_eq "$(sandbox_get opportunities | jq --arg l "$last" '[.[] | select(.name | endswith(" " + $l))] | length')" "40" "SIG$signal: each once"
done

finish
