#!/usr/bin/env bash
# `doctor` against the sandbox: all ok with a good configuration; each broken setting gives its exit
# code, a FAIL line with a fix; no secret in any output; only reads are sent.
source "$(dirname "$0")/lib.sh"
start_sandbox
SECRET=$API_KEY
ENCODED_SECRET=$(printf '%s:' "$SECRET" | base64)
no_secret() {  # no_secret WHAT: neither output holds the key, plain or base64-encoded
  for f in "$WORK/out" "$WORK/err"; do
    expect_not_contains "$f" "$SECRET" "$1: no secret in $(basename "$f")"
    expect_not_contains "$f" "$ENCODED_SECRET" "$1: no encoded secret in $(basename "$f")"
  done
}

# All well: key, perform_as e-mail, published posting → exit 0, every check "ok", nothing written.
tc doctor --perform-as "$USER_EMAIL" --job-id "$POSTING" -v
expect_rc 0 "all well"
for check in credentials base_url connection perform_as posting form lookups; do
  expect_eq "$(grep -cE "^ok +$check " "$WORK/out")" "1" "all well: '$check' is ok"
done
expect_eq "$(grep -cvE '^ok ' "$WORK/out")" "0" "all well: every line is ok"
expect_contains "$WORK/out" "ok   credentials  LEVER_API_KEY (API key)" "names the credential source"
expect_contains "$WORK/out" "$USER_ID" "perform_as resolved to the user id"
expect_contains "$WORK/out" "5 required" "counts the form's required questions"
expect_eq "$(requests_matching POST .)" "0" "doctor sends no writes"
expect_eq "$(requests_matching GET '^/v1/users$')" "1" "a perform_as e-mail makes GET /users the probe (and the users lookup)"
expect_eq "$(requests_matching GET '^/v1/stages$')" "1" "lookups: stages read once"
expect_eq "$(requests_matching GET '^/v1/archive_reasons$')" "1" "lookups: archive reasons read once"
expect_contains "$WORK/out" "the credentials may read users, stages and archive reasons (6 stages, 3 archive reasons)" "lookups: what was read"
no_secret "all well"

# -o json: the checks as a JSON array.
tc doctor --perform-as "$USER_ID" --job-id "$POSTING" -o json
expect_rc 0 "json"
expect_eq "$(jq -r 'map(.status) | unique | join(",")' "$WORK/out")" "ok" "json: every status ok"
expect_eq "$(jq -r 'map(.name) | join(",")' "$WORK/out")" "credentials,base_url,connection,perform_as,posting,form,lookups" "json: check names in order"

# No credentials → 78, the fix names LEVER_API_KEY.
LEVER_API_KEY= tc doctor --perform-as "$USER_EMAIL"
expect_rc 78 "no credentials"
expect_contains "$WORK/out" "FAIL credentials" "no credentials: FAIL line"
expect_contains "$WORK/out" "fix: set LEVER_API_KEY" "no credentials: the fix names LEVER_API_KEY"
expect_contains "$WORK/err" "checks failed" "no credentials: N of M checks failed on stderr"

# A wrong key → 77, and the wrong key is not echoed.
LEVER_API_KEY=wrong-key tc doctor --perform-as "$USER_EMAIL" --job-id "$POSTING"
expect_rc 77 "wrong key"
expect_contains "$WORK/out" "Lever rejected the credentials" "wrong key: says so"
expect_contains "$WORK/out" "skip posting" "wrong key: the posting check is skipped"
expect_not_contains "$WORK/out" "wrong-key" "wrong key: not echoed"

# A key file: its source is named; a world-readable one gets a warning (still exit 0).
printf '%s\n' "$SECRET" >"$WORK/key"; chmod 644 "$WORK/key"
LEVER_API_KEY= tc doctor --perform-as "$USER_ID" --api-key-file "$WORK/key"
expect_rc 0 "shared key file still works"
expect_contains "$WORK/out" "warn credentials  --api-key-file $WORK/key (API key)" "key file: source named, warned"
expect_contains "$WORK/out" "fix: chmod 600 $WORK/key" "key file: the fix is chmod 600"
no_secret "key file"

# perform_as: an unknown e-mail → 78; unset → 78.
tc doctor --perform-as nobody@example.com --job-id "$POSTING"
expect_rc 78 "unknown perform_as e-mail"
expect_contains "$WORK/out" "FAIL perform_as   no Lever user has the e-mail nobody@example.com" "unknown perform_as: FAIL line"
LEVER_PERFORM_AS= tc doctor
expect_rc 78 "perform_as unset"
expect_contains "$WORK/out" "LEVER_PERFORM_AS" "perform_as unset: the fix names LEVER_PERFORM_AS"

# A closed posting: a warning for leads (exit 0); for applicants → 65, naming the state and saying leads
# are still fine.
tc doctor --perform-as "$USER_EMAIL" --job-id "$CLOSED_POSTING"
expect_rc 0 "closed posting, leads"
expect_contains "$WORK/out" "warn posting" "closed posting, leads: a warning"
expect_contains "$WORK/out" "leads can still be added" "closed posting, leads: leads are fine"
tc doctor --perform-as "$USER_EMAIL" --job-id "$CLOSED_POSTING" --application-source applicant
expect_rc 65 "closed posting, applicants"
expect_contains "$WORK/out" "FAIL posting" "closed posting, applicants: FAIL line"
expect_contains "$WORK/out" "is closed" "closed posting: names the state"
expect_contains "$WORK/out" "leads can still be added" "closed posting: leads are fine"

# perform_as unset is only a warning for applicants.
LEVER_PERFORM_AS= tc doctor --application-source applicant
expect_rc 0 "perform_as unset, applicants"
expect_contains "$WORK/out" "warn perform_as" "perform_as unset, applicants: a warning"

# GET /users/{id} for an id Lever does not have: Lever's own words, exit 78.
tc doctor --perform-as 00000000-0000-4000-8000-0000000000ff
expect_rc 78 "unknown perform_as id"
expect_contains "$WORK/out" "no Lever user has the id 00000000-0000-4000-8000-0000000000ff (ResourceNotFound:" \
  "unknown perform_as id: Lever's words"

# An unknown posting → 65, the form check skipped.
tc doctor --perform-as "$USER_EMAIL" --job-id 00000000-0000-4000-8000-000000000000
expect_rc 65 "unknown posting"
expect_contains "$WORK/out" "FAIL posting" "unknown posting: FAIL line"
expect_contains "$WORK/out" "skip form" "unknown posting: form skipped"

# Nobody listening → 69.
LEVER_API_KEY=$API_KEY LEVER_API_BASE=http://127.0.0.1:1/v1 "$TC_BIN" doctor --perform-as "$USER_ID" --retries 0 \
  >"$WORK/out" 2>"$WORK/err" && RC=0 || RC=$?
expect_rc 69 "unreachable"
expect_contains "$WORK/out" "unreachable" "unreachable: says so"
no_secret "unreachable"

# Plain http off loopback is a failed check (78), and nothing is sent anywhere.
tc doctor --perform-as "$USER_ID" --lever-url http://api.example.com/v1
expect_rc 78 "plain http refused"
expect_contains "$WORK/out" "FAIL base_url" "plain http: FAIL line"
expect_contains "$WORK/out" "skip connection" "plain http: no request"

finish
