#!/usr/bin/env bash
# The truto route end to end: success, account/token errors, insight rendering, retries keeping their key.
source "$(dirname "$0")/lib.sh"
start_sandbox
export TRUTO_API_TOKEN=truto-sandbox-token
truto() { tc create --via truto --truto-url "$SANDBOX" --job-id "$POSTING" "$@"; }

truto --integrated-account-id ia-lever-1 --first-name Tru --last-name Dy --email tru@example.com --tag ref
expect_rc 0 "truto create"
expect_eq "$(jq -r .name "$WORK/out")" "Tru Dy" "unified candidate printed"
req=$(sandbox_get requests | jq -c '[.[] | select(.path=="/unified/ats/candidates")] | last')
expect_eq "$(jq -r '.query.integrated_account_id[0]' <<<"$req")" "ia-lever-1" "integrated_account_id sent"
expect_eq "$(jq -r '.query.application_source[0]' <<<"$req")" "lead" "application_source sent"
expect_eq "$(jq -r '.query.job_id[0]' <<<"$req")" "$POSTING" "job_id sent"
expect_eq "$(jq -c '.json' <<<"$req")" '{"first_name":"Tru","last_name":"Dy","emails":[{"email":"tru@example.com"}],"tags":["ref"]}' "body unchanged"
expect_eq "$(jq -r '.idempotency_key | test("^[0-9a-f-]{36}$")' <<<"$req")" "true" "Idempotency-Key sent"
expect_eq "$(jq -r '.auth' <<<"$req")" "bearer" "bearer token"

# The same record again: the same key, so Truto replays instead of creating a second candidate.
key1=$(jq -r .idempotency_key <<<"$req")
truto --integrated-account-id ia-lever-1 --first-name Tru --last-name Dy --email tru@example.com --tag ref
expect_rc 0 "re-run"
key2=$(sandbox_get requests | jq -r '[.[] | select(.path=="/unified/ats/candidates")] | last | .idempotency_key')
expect_eq "$key2" "$key1" "same record, same key"
expect_eq "$(sandbox_count opportunities)" "1" "replayed, not created twice"

# Errors.
truto --first-name A --email a@example.com
expect_rc 64 "missing integrated account"
expect_contains "$WORK/err" "integrated" "names the integrated account"
truto --integrated-account-id ia-nope --first-name A --email a@example.com
expect_rc 65 "unknown integrated account"
TRUTO_API_TOKEN=wrong truto --integrated-account-id ia-lever-1 --first-name A --email a@example.com
expect_rc 77 "bad token"
expect_not_contains "$WORK/err" "wrong" "token not echoed"
truto --integrated-account-id ia-blocked --first-name A --email a@example.com
expect_rc 69 "blocked account"
expect_contains "$WORK/err" "blocked" "explains the block"
expect_eq "$(sandbox_get requests | jq '[.[] | select(.query.integrated_account_id[0]=="ia-blocked")] | length')" "1" "503 not retried"
TRUTO_API_TOKEN= truto --integrated-account-id ia-lever-1 --first-name A --email a@example.com
expect_rc 78 "no token"
# A lead without a name: Truto's insight names the missing fields.
truto --integrated-account-id ia-lever-1 --email noname@example.com
expect_rc 65 "missing required body fields"
expect_contains "$WORK/err" "first_name" "insight rendered"
# Local files cannot go through Truto.
echo x >"$WORK/cv.pdf"
truto --integrated-account-id ia-lever-1 --first-name A --email a@example.com --resume "$WORK/cv.pdf"
expect_rc 65 "local file refused"
expect_contains "$WORK/err" "/attachments/0" "names the attachment"
# --dry-run shows the request with the token redacted.
truto --integrated-account-id ia-lever-1 --first-name Dry --email dry@example.com --dry-run --response-format raw
expect_rc 0 "truto dry run"
expect_eq "$(jq -r '.requests[0].headers.Authorization' "$WORK/out")" "Bearer [redacted]" "token redacted"
expect_contains "$WORK/out" "truto_response_format=raw" "response format passed"

# Retries keep their key: 429s (not processed) and resets after processing, over 20 records.
fast_sandbox --fault-seed 7 --fault-429 0.3 --fault-reset-after 0.2
for i in $(seq 1 20); do echo "{\"first_name\":\"R$i\",\"last_name\":\"Etry\",\"emails\":[{\"email\":\"r$i@example.com\"}]}"; done >"$WORK/many.ndjson"
tc create --via truto --truto-url "$SANDBOX" --job-id "$POSTING" --integrated-account-id ia-lever-1 --input "$WORK/many.ndjson" --retries 8 \
  --retry-delay 0.02 --rate 1000  # no real backoff, and a pace the 429 faults cannot cut below 50/s
expect_rc 0 "bulk through truto with faults"
expect_eq "$(grep -c '"status":"created"' "$WORK/out")" "20" "every record reported created"
expect_eq "$(sandbox_count opportunities)" "20" "each created exactly once"
faults=$(sandbox_get requests | jq '[.[] | select(.fault != null)] | length')
[[ $faults -gt 0 ]] && pass || fail "no fault was injected"
keys_ok=$(sandbox_get requests | jq '[.[] | select(.path=="/unified/ats/candidates")] | group_by(.json.first_name) | map((map(.idempotency_key) | unique | length) == 1) | all')
expect_eq "$keys_ok" "true" "every retry of a record kept its key"

finish
