#!/usr/bin/env bash
# --rejects and early stops: the round trip (import, fix the rejects file with sed, import it again with the
# same journal: every person in Lever exactly once) for CSV and NDJSON; --fail-fast and a rejected key give
# every record read a result line (not_attempted) and put them in the rejects file.
source "$(dirname "$0")/lib.sh"
common=(--job-id "$POSTING" --perform-as "$USER_ID" --concurrency 1)
# How many opportunities hold each e-mail: "EMAIL COUNT" lines, sorted.
per_email() { sandbox_get opportunities | jq -r '[.[].emails[] | ascii_downcase] | group_by(.) | .[] | "\(.[0]) \(length)"'; }

# ---- CSV round trip ----------------------------------------------------------------------------------------
# 503 on 30% of the creates and no retries in the first run: some valid rows fail at Lever too.
start_sandbox --fault-seed 11 --fault-503 0.3
{
  echo 'first_name,last_name,emails,company,tags'
  for i in $(seq 1 20); do
    case $i in
      5) echo 'Person,Five,p5-at-example.com,"Acme, Inc.","a;b"' ;;                  # bad e-mail
      9) echo ',,,"Quoted ""Co""",nine' ;;                                            # neither name nor e-mail
      14) echo 'Person,Fourteen,p14@,Solo,' ;;                                       # bad e-mail
      *) echo "Person,N$i,p$i@example.com,\"Co $i, Ltd\",t$i" ;;
    esac
  done
} >"$WORK/people.csv"
tc create "${common[@]}" --input "$WORK/people.csv" --journal "$WORK/csv.journal" --rejects "$WORK/rejects.csv" --retries 0
expect_rc 1 "csv: a run with rejected records exits 1"
failed_at_lever=$(jq -r 'select(.status == "failed" and .error.code != "invalid_input") | .index' "$WORK/out" | wc -l)
[[ $failed_at_lever -ge 1 ]] && pass || fail "csv: the fault switches made no create fail (seed)"
expect_eq "$(jq -r 'select(.status == "created") | .index' "$WORK/out" | wc -l)" "$((17 - failed_at_lever))" "csv: the others created"
expect_eq "$(head -n1 "$WORK/rejects.csv")" "first_name,last_name,emails,company,tags,error" "csv rejects: the original header plus error"
expect_eq "$(($(wc -l <"$WORK/rejects.csv") - 1))" "$((3 + failed_at_lever))" "csv rejects: the invalid and the failed rows"
# Each invalid row is its original line, byte for byte, with an error cell.
expect_eq "$(grep -c '^Person,Five,p5-at-example.com,"Acme, Inc.","a;b","record 5 (line 6) is invalid' "$WORK/rejects.csv")" "1" "csv rejects: row text and quoting kept"
expect_eq "$(grep -c '^,,,"Quoted ""Co""",nine,"' "$WORK/rejects.csv")" "1" "csv rejects: quoted quotes kept"
expect_contains "$WORK/rejects.csv" '/emails/0/email' "csv rejects: the error names the field"
expect_contains "$WORK/err" "not created written to $WORK/rejects.csv" "csv: the summary names the rejects file"

# Fix the rejects file with sed and feed it back as it is (the error column is ignored), with the same journal.
sed -i -e 's/p5-at-example\.com/p5@example.com/' -e 's/^,,,/Person,Nine,p9@example.com,/' -e 's/,p14@,/,p14@example.com,/' "$WORK/rejects.csv"
tc create "${common[@]}" --input "$WORK/rejects.csv" --journal "$WORK/csv.journal" --rejects "$WORK/rejects2.csv" --retries 8
expect_rc 0 "csv: the fixed rejects file goes in"
expect_eq "$(jq -r .status "$WORK/out" | sort -u | tr '\n' ' ')" "created " "csv: every rejected row created now"
[[ ! -e $WORK/rejects2.csv ]] && pass || fail "csv: nothing rejected, so no rejects file"
expect_eq "$(per_email | awk '$2 != 1' | wc -l)" "0" "csv: nobody twice"
expect_eq "$(per_email | wc -l)" "20" "csv: every person in Lever exactly once"
expect_eq "$(per_email | grep -c '^p[0-9]*@example.com 1$')" "20" "csv: the fixed e-mails"

# ---- NDJSON round trip -------------------------------------------------------------------------------------
start_sandbox
{
  for i in 1 2 3 4 5 6; do
    if [[ $i == 2 || $i == 5 ]]; then email="j$i.example.com"; else email="j$i@example.com"; fi
    echo "{\"first_name\":\"J$i\",\"tags\":[\"n\"],\"emails\":[{\"email\":\"$email\"}]}"
  done
} >"$WORK/people.ndjson"
tc create "${common[@]}" --input "$WORK/people.ndjson" --journal "$WORK/nd.journal" --rejects "$WORK/rejects.ndjson"
expect_rc 1 "ndjson: invalid records exit 1"
expect_eq "$(jq -r .first_name "$WORK/rejects.ndjson" | tr '\n' ' ')" "J2 J5 " "ndjson rejects: the invalid records, in order"
expect_eq "$(jq -r .error.pointer "$WORK/rejects.ndjson" | sort -u)" "/emails/0/email" "ndjson rejects: an error member with the pointer"
expect_eq "$(jq -c 'del(.error)' "$WORK/rejects.ndjson" | head -n1)" '{"first_name":"J2","tags":["n"],"emails":[{"email":"j2.example.com"}]}' "ndjson rejects: the record as read"
sed -i -E 's/"(j[0-9])\.example\.com"/"\1@example.com"/' "$WORK/rejects.ndjson"
tc create "${common[@]}" --input "$WORK/rejects.ndjson" --journal "$WORK/nd.journal" --rejects "$WORK/rejects2.ndjson"
expect_rc 0 "ndjson: the fixed rejects file goes in"
[[ ! -e $WORK/rejects2.ndjson ]] && pass || fail "ndjson: nothing rejected, so no rejects file"
expect_eq "$(per_email | tr '\n' ' ')" "j1@example.com 1 j2@example.com 1 j3@example.com 1 j4@example.com 1 j5@example.com 1 j6@example.com 1 " "ndjson: every person exactly once"

# ---- --fail-fast: exactly one failure, the rest not attempted, all of them in the rejects file -------------
start_sandbox --fault-503 1
for i in $(seq 1 10); do echo "{\"first_name\":\"F$i\",\"emails\":[{\"email\":\"f$i@example.com\"}]}"; done >"$WORK/ff.ndjson"
tc create "${common[@]}" --input "$WORK/ff.ndjson" --fail-fast --retries 0 --rejects "$WORK/ff-rejects.ndjson"
expect_rc 1 "fail-fast: exit 1"
expect_eq "$(jq -r .status "$WORK/out" | sort | uniq -c | awk '{print $2 "=" $1}' | tr '\n' ' ')" "failed=1 not_attempted=9 " "fail-fast: one failure, 9 not attempted"
expect_eq "$(jq -r .error.code "$WORK/ff-rejects.ndjson" | sort | uniq -c | awk '{print $2 "=" $1}' | tr '\n' ' ')" "not_attempted=9 unavailable=1 " "fail-fast: every record in the rejects file"
expect_contains "$WORK/err" "stopped early: 9 read but not attempted, every record was read" "fail-fast: the summary says what happened to the rest"
expect_eq "$(sandbox_count creates)" "0" "fail-fast: nothing created"

# ---- a rejected key (401): every record read is reported; the first failed, the rest not attempted --------
start_sandbox
LEVER_API_KEY=wrong-key tc create "${common[@]}" --input "$WORK/ff.ndjson" --rejects "$WORK/auth-rejects.ndjson"
expect_rc 77 "bad key: exit 77"
expect_eq "$(jq -r .status "$WORK/out" | sort | uniq -c | awk '{print $2 "=" $1}' | tr '\n' ' ')" "failed=1 not_attempted=9 " "bad key: a line per record"
expect_eq "$(jq -s '[.[].index] == [range(10)]' "$WORK/out")" "true" "bad key: in input order"
expect_eq "$(wc -l <"$WORK/auth-rejects.ndjson")" "10" "bad key: every record in the rejects file"
# Fed back with the right key, the rejects file creates everyone.
tc create "${common[@]}" --input "$WORK/auth-rejects.ndjson"
expect_rc 0 "bad key: the rejects file fed back with the right key"
expect_eq "$(per_email | wc -l)" "10" "bad key: every person created once"

# A run killed midway leaves the rejects known so far, each one whole (one write per record). The sandbox
# serves its first 10 requests and then answers 429 for ever (--rate 0.001): with one worker the run stalls
# at a known record and is killed there. The 10: the posting's page (the duplicate check's index), then
# the creates of K1 K2 K4 K5 K7 K8 K10 K11 K13 (every third record is invalid and sends nothing); the
# create of K14 is refused. Results, and so rejects, are written in input order, in batches (the
# runner hands results on when half its window of 20 is done, or when its reader reads on): K3 K6 K9
# (results 0-9) are certainly written, K12 (result 11) may or may not be when K14 stalls.
start_sandbox --burst 10 --rate 0.001
for i in $(seq 1 30); do
  if (( i % 3 == 0 )); then email="k$i.example.com"; else email="k$i@example.com"; fi
  echo "{\"first_name\":\"K$i\",\"emails\":[{\"email\":\"$email\"}]}"
done >"$WORK/kill.ndjson"
LEVER_API_KEY=$API_KEY LEVER_API_BASE="$BASE" "$TC_BIN" create "${common[@]}" --input "$WORK/kill.ndjson" \
  --rejects "$WORK/kill-rejects.ndjson" --retries 10 >/dev/null 2>&1 &
victim=$!
refused() { [[ $(sandbox_count rate_limited) -ge 1 ]]; }
wait_until 30 refused || fail "killed run: the sandbox never refused a request"
kill -9 "$victim"; wait "$victim" 2>/dev/null || true
expect_eq "$(sandbox_count creates)" "9" "killed run: the creates before the stall"
kept=$(jq -r .first_name "$WORK/kill-rejects.ndjson" | tr '\n' ' ')
[[ $kept == "K3 K6 K9 " || $kept == "K3 K6 K9 K12 " ]] && pass ||
  fail "killed run: rejects '$kept', expected the invalid records before the stall, in order (K3 K6 K9, perhaps K12)"
expect_eq "$(jq -c . "$WORK/kill-rejects.ndjson" | wc -l)" "$(wc -l <"$WORK/kill-rejects.ndjson")" "killed run: every rejects line whole"
expect_eq "$(tail -c1 "$WORK/kill-rejects.ndjson" | od -An -c | tr -d ' ')" '\n' "killed run: no half line at the end"

# --rejects naming the journal is refused before anything is sent, however the path is spelt; the
# journal is left as it was.
start_sandbox
head -n2 "$WORK/ff.ndjson" >"$WORK/two.ndjson"
tc create "${common[@]}" --input "$WORK/two.ndjson" --journal "$WORK/two.journal"
expect_rc 0 "a journaled run"
journal_before=$(sha256sum <"$WORK/two.journal")
requests_before=$(sandbox_count requests)
for spelling in "$WORK/two.journal" "$WORK/./two.journal"; do
  tc create "${common[@]}" --input "$WORK/ff.ndjson" --journal "$WORK/two.journal" --rejects "$spelling"
  expect_rc 64 "--rejects = --journal ($spelling)"
  expect_contains "$WORK/err" "--rejects and --journal name the same file" "--rejects = --journal: says why"
  expect_eq "$(sha256sum <"$WORK/two.journal")" "$journal_before" "--rejects = --journal: the journal untouched"
  expect_eq "$(sandbox_count requests)" "$requests_before" "--rejects = --journal: nothing sent"
done

# --rejects naming the input is refused before anything is read.
tc create "${common[@]}" --input "$WORK/ff.ndjson" --rejects "$WORK/ff.ndjson"
expect_rc 64 "--rejects = --input"
expect_contains "$WORK/err" "is the input file" "--rejects = --input: says why"
expect_eq "$(wc -l <"$WORK/ff.ndjson")" "10" "--rejects = --input: the input untouched"
expect_eq "$(sandbox_count requests)" "$requests_before" "--rejects = --input: nothing sent"

finish
