#!/usr/bin/env bash
# One fault at a time, aimed at one request (--fault-path, --fault-methods), each outcome checked against
# what the sandbox really holds: an unknown create of a record without e-mail (exit 75 and its hint); an
# apply answered 500 or reset after processing (exactly one application, found by the lookup); a lookup
# that fails (unknown); reads retried; a read-back that fails after the create (failed, with the id, and
# journaled); an applicant whose opportunity cannot be found (unknown); an answer slower than the
# timeout before processing (re-sent, never doubled); a keep-alive connection that dies under a create.
source "$(dirname "$0")/lib.sh"
# These are about what is sent again, not about pace: fast and fast_sandbox (lib.sh).
lead=(--job-id "$POSTING" --perform-as "$USER_ID" "${fast[@]}")
apply=(--job-id "$POSTING" --application-source applicant "${fast[@]}" --answer 'a1b2c3d4-0000-4000-8000-000000000011=referral'
  --answer 'Years of experience=7' --location Berlin)
CREATE='^/v1/opportunities$'
held() { sandbox_get opportunities | jq --arg n "$1" '[.[] | select(.name == $n)] | length'; }
# POSTs that reached Lever's logic: one the rate limit refused (429) was certainly not processed.
posts() { sandbox_get requests | jq --arg p "$1" '[.[] | select(.method == "POST" and (.path | test($p)) and .status != 429)] | length'; }
# leads_with_resume FIRST_PREFIX LAST_NAME N: N records with an e-mail and a resume downloaded from the sandbox.
leads_with_resume() {
  for i in $(seq 1 "$3"); do
    printf '{"first_name":"%s%s","last_name":"%s","emails":[{"email":"%s%s@example.com"}],"attachments":[{"id":"cv","file_name":"cv.pdf","file_url":"%s/__sandbox/files/cv.pdf","type":"resume"}]}\n' \
      "$1" "$i" "$2" "${1,,}" "$i" "$SANDBOX"
  done
}
# applicants FIRST_PREFIX LAST_NAME N [RESUME]: N applicants answering the posting's required questions.
applicants() {
  local resume=""
  [[ -n ${4:-} ]] && resume=",\"attachments\":[{\"id\":\"cv\",\"file_name\":\"cv.pdf\",\"file_url\":\"$SANDBOX/__sandbox/files/cv.pdf\",\"type\":\"resume\"}]"
  for i in $(seq 1 "$3"); do
    printf '{"first_name":"%s%s","last_name":"%s","emails":[{"email":"%s%s@example.com"}],"locations":["Berlin"],"job_form_field_answers":[{"name":"a1b2c3d4-0000-4000-8000-000000000011","value":"referral"},{"name":"a1b2c3d4-0000-4000-8000-000000000012","value":"7"}]%s}\n' \
      "$1" "$i" "$2" "${1,,}" "$i" "$resume"
  done
}

# --- a single record without e-mail, answered ambiguously: 75, a hint, created once -------------------
for fault in 500-after reset-after; do
  fast_sandbox --fault-"$fault" 1 --fault-path "$CREATE"
  tc create "${lead[@]}" --first-name No --last-name Mail
  expect_rc 75 "$fault, no e-mail: exit 75"
  expect_contains "$WORK/err" "outcome unknown" "$fault: says the outcome is unknown"
  expect_contains "$WORK/err" "no e-mail" "$fault: the hint says why the tool cannot check"
  expect_contains "$WORK/err" "$POSTING" "$fault: the hint names the posting to look in"
  expect_eq "$(posts "$CREATE")" "1" "$fault: sent once, never re-sent"
  expect_eq "$(held "No Mail")" "1" "$fault: Lever holds it once (the tool said unknown, not failed)"
done

# --- an apply answered 500 / reset after processing: found by the lookup, one application -------------
# The lookups (GET /v1/opportunities) after the apply, as "created_at_start > 0" flags. Without a fault the
# tool finds the new application's opportunity by its application id, from any time (0); after an
# ambiguous apply it looks for what that attempt created (from the attempt's start, minus the skew).
lookups_after_apply() {
  sandbox_get requests | jq -c '(map(.method == "POST" and (.path | endswith("/apply"))) | index(true)) as $apply
    | [.[($apply + 1):][] | select(.method == "GET" and .path == "/v1/opportunities")
       | (.query.created_at_start[0] // "0" | tonumber) > 0]'
}
fast_sandbox
tc create "${apply[@]}" --first-name Am --last-name Plain --email apply-plain@example.com
expect_rc 0 "apply without a fault"
expect_eq "$(requests_matching GET "$CREATE")" "2" "apply without a fault: the duplicate check and one lookup after"
expect_eq "$(lookups_after_apply)" "[false]" "apply without a fault: the lookup after it is by application, unbounded"
for fault in 500-after reset-after; do
  fast_sandbox --fault-"$fault" 1 --fault-path '/apply$'
  tc create "${apply[@]}" --first-name Am --last-name Biguous --email "apply-$fault@example.com"
  expect_rc 0 "$fault apply: created"
  expect_eq "$(posts '/apply$')" "1" "$fault apply: sent once (every apply would get the fault)"
  expect_eq "$(sandbox_count applies)" "1" "$fault apply: exactly one application"
  expect_eq "$(held "Am Biguous")" "1" "$fault apply: one opportunity"
  expect_eq "$(requests_matching GET "$CREATE")" "2" "$fault apply: the duplicate check and one lookup after"
  expect_eq "$(lookups_after_apply)" "[true]" "$fault apply: the lookup after it looks for what that attempt created"
  expect_eq "$(jq -r .id "$WORK/out")" "$(sandbox_get opportunities | jq -r '.[0].id')" "$fault apply: reports the held id"
  expect_eq "$(jq -r '.applications | length' "$WORK/out")" "1" "$fault apply: the application is reported"
done

# --- the lookup after an ambiguous create fails too: unknown (75), created once -----------------------
fast_sandbox --fault-500-after 1 --fault-methods GET,POST --fault-path "$CREATE"
# (--on-duplicate create: the GET fault is aimed at the lookup after the create, not at the check before it)
tc create "${lead[@]}" --first-name Look --last-name Up --email lookup@example.com --retries 2 --on-duplicate create
expect_rc 75 "lookup fails: exit 75"
expect_contains "$WORK/err" "the lookup failed too" "lookup fails: says so"
expect_contains "$WORK/err" "lookup@example.com" "lookup fails: says whom to look up"
expect_eq "$(posts "$CREATE")" "1" "lookup fails: never re-sent"
expect_eq "$(requests_matching GET "$CREATE")" "3" "lookup fails: the lookup was retried (1 + --retries)"
expect_eq "$(held "Look Up")" "1" "lookup fails: Lever holds it once"

# --- reads are retried: every GET may fail (503, 500 after processing); everything ends created once ----
fast_sandbox --fault-seed 5 --fault-methods GET --fault-503 0.3 --fault-500-after 0.2
leads_with_resume R Ead 8 >"$WORK/reads.ndjson"
tc create "${lead[@]}" --input "$WORK/reads.ndjson" --retries 6
expect_rc 0 "GET faults: all created"
expect_eq "$(jq -r .status "$WORK/out" | sort | uniq -c | awk '{print $2"="$1}' | tr '\n' ' ')" "created=8 " "GET faults: statuses"
expect_eq "$(jq -r '.candidate.attachments | length' "$WORK/out" | sort -u | tr '\n' ' ')" "1 " "GET faults: every resume read back"
[[ $(sandbox_get requests | jq '[.[] | select(.method == "GET" and .fault != null)] | length') -gt 0 ]] && pass ||
  fail "GET faults: none injected"
expect_eq "$(sandbox_get opportunities | jq '[.[] | select(.name | endswith(" Ead"))] | length')" "8" "GET faults: each held once"
applicants P Ead 4 >"$WORK/apply-reads.ndjson"
tc create --job-id "$POSTING" --application-source applicant --input "$WORK/apply-reads.ndjson" --retries 6 "${fast[@]}"
expect_rc 0 "GET faults, applicants: all created"
expect_eq "$(sandbox_count applies)" "4" "GET faults, applicants: one application each"

# --- the read-back fails after the create: failed WITH the id, journaled incomplete; a re-run creates nothing
# and tries to finish it (here the read-back still fails, so it stays failed with its id) ---------------
fast_sandbox --fault-methods GET --fault-path '/resumes$' --fault-503 1
{ leads_with_resume R Ead 1; echo '{"first_name":"Fine","last_name":"Lead","emails":[{"email":"fine@example.com"}]}'; } >"$WORK/rb.ndjson"
tc create "${lead[@]}" --input "$WORK/rb.ndjson" --journal "$WORK/rb.journal" --retries 1
expect_rc 1 "read-back fails: exit 1"
expect_eq "$(jq -r .status "$WORK/out" | tr '\n' ' ')" "failed created " "read-back fails: statuses"
held_id=$(sandbox_get opportunities | jq -r '.[] | select(.name == "R1 Ead") | .id')
expect_eq "$(jq -r 'select(.index == 0) | .id' "$WORK/out")" "$held_id" "read-back fails: reports the created id"
expect_contains "$WORK/out" "was created" "read-back fails: says it was created"
creates=$(posts "$CREATE")
tc create "${lead[@]}" --input "$WORK/rb.ndjson" --journal "$WORK/rb.journal" --retries 1
expect_eq "$(jq -r .status "$WORK/out" | tr '\n' ' ')" "failed skipped " "read-back fails: the re-run finishes it, or fails again"
expect_eq "$(jq -r 'select(.index == 0) | .id' "$WORK/out")" "$held_id" "read-back fails: reported with its id again"
expect_eq "$(posts "$CREATE")" "$creates" "read-back fails: no create on the re-run"
expect_eq "$(held "R1 Ead")" "1" "read-back fails: held once"

# --- an applicant whose opportunity cannot be found after the apply: unknown; the re-run does not apply again
fast_sandbox --fault-methods GET --fault-path "$CREATE" --fault-503 1
tc create "${apply[@]}" --first-name Lost --last-name Found --email lost@example.com --retries 1 --journal "$WORK/lost.journal" --on-duplicate create --timeout 0.5
expect_rc 75 "opportunity not found: exit 75"
expect_contains "$WORK/err" "was sent, but its opportunity was not found" "opportunity not found: says the application exists"
expect_eq "$(sandbox_count applies)" "1" "opportunity not found: applied once"
tc create "${apply[@]}" --first-name Lost --last-name Found --email lost@example.com --retries 1 --journal "$WORK/lost.journal" --on-duplicate create --timeout 0.5
[[ $RC -eq 75 ]] && pass || fail "opportunity not found, re-run: exit $RC, expected 75 (the lookup still fails)"
expect_eq "$(sandbox_count applies)" "1" "opportunity not found: the re-run did not apply again"
expect_eq "$(held "Lost Found")" "1" "opportunity not found: held once"

# --- slower than the timeout, before processing: nothing was created, so the tool re-sends; never doubled --
# (--timeout 0.5 against 1.2 s of delay: far enough apart that load on the machine cannot blur them)
fast_sandbox --fault-slow-before 1 --fault-path "$CREATE" --slow-ms 1200
tc create "${lead[@]}" --first-name Slow --last-name Before --email slow@example.com --timeout 0.5 --retries 1
expect_rc 69 "slow before, always: exit 69"
# The sandbox logs a slow request when its delay is over.
two_slow_logged() { [[ $(sandbox_get requests | jq '[.[] | select(.fault == "slow-before")] | length') -eq 2 ]]; }
wait_until 10 two_slow_logged || fail "slow before: the sandbox did not log both slow creates"
expect_contains "$WORK/err" "confirmed nothing was created" "slow before: says nothing was created"
expect_eq "$(posts "$CREATE")" "2" "slow before: sent 1 + --retries times"
expect_eq "$(held "Slow Before")" "0" "slow before: truthfully nothing held"
fast_sandbox --fault-seed 11 --fault-slow-before 0.4 --fault-path "$CREATE" --slow-ms 1200
for i in $(seq 1 8); do echo "{\"first_name\":\"S$i\",\"last_name\":\"Low\",\"emails\":[{\"email\":\"slow$i@example.com\"}]}"; done >"$WORK/slow.ndjson"
tc create "${lead[@]}" --input "$WORK/slow.ndjson" --timeout 0.5 --retries 8 --concurrency 4
expect_rc 0 "slow before, sometimes: all created"
[[ $(sandbox_get requests | jq '[.[] | select(.fault == "slow-before")] | length') -gt 0 ]] && pass ||
  fail "slow before: no fault injected"
expect_eq "$(sandbox_get opportunities | jq -c '[.[] | select(.name | endswith(" Low")) | .name] | group_by(.) | map(length) | [length, max]')" "[8,1]" "slow before: each held once"

# --- a keep-alive connection that dies under a create ---------------------------------------------------
# The fault: a create that arrives on a reused connection is processed, then the connection is closed
# with no answer. libcurl sends such a request again on a new connection by itself — shown here with the
# curl tool, which reuses its connection between the two requests: the create lands twice.
fast_sandbox --fault-drop-reused 1 --fault-path "$CREATE|/apply\$"
curl -sS -o /dev/null -u "$API_KEY:" "$BASE/postings" --next -sS -o /dev/null -u "$API_KEY:" \
  -H 'Content-Type: application/json' -d "{\"name\":\"Curl Twice\",\"emails\":[\"twice@example.com\"],\"postings\":[\"$POSTING\"]}" \
  "$BASE/opportunities?perform_as=$USER_ID" || true
expect_eq "$(sandbox_get requests | jq '[.[] | select(.fault == "drop-reused")] | length')" "1" "keep-alive: the fault fires on a reused connection"
expect_eq "$(held "Curl Twice")" "2" "keep-alive: a client that reuses connections creates twice"
# The tool sends creates on fresh connections: the fault never gets a chance, each record is created once —
# though other requests (read-backs, uploads) do reuse connections.
fast_sandbox --fault-drop-reused 1 --fault-path "$CREATE|/apply\$"
leads_with_resume K Ead 8 >"$WORK/keep-lead.ndjson"
tc create "${lead[@]}" --input "$WORK/keep-lead.ndjson" --concurrency 2
expect_rc 0 "keep-alive: leads created"
applicants A Eep 4 with-resume >"$WORK/keep-apply.ndjson"
tc create --job-id "$POSTING" --application-source applicant --input "$WORK/keep-apply.ndjson" --concurrency 2 "${fast[@]}"
expect_rc 0 "keep-alive: applicants created"
[[ $(sandbox_get requests | jq '[.[] | select(.reused == true)] | length') -gt 0 ]] && pass ||
  fail "keep-alive: no request reused a connection (the test would prove nothing)"
expect_eq "$(sandbox_get requests | jq '[.[] | select(.fault == "drop-reused")] | length')" "0" "keep-alive: no create on a reused connection"
expect_eq "$(posts "$CREATE")" "8" "keep-alive: one lead create per record"
expect_eq "$(posts '/apply$')" "4" "keep-alive: one apply per record"
expect_eq "$(sandbox_count applies)" "4" "keep-alive: four applications"
expect_eq "$(sandbox_get opportunities | jq -c '[.[] | .name] | group_by(.) | map(length) | [length, max]')" "[12,1]" "keep-alive: each held once"

finish
