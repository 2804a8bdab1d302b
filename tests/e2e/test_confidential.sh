#!/usr/bin/env bash
# Confidential postings (docs/lever-contract.md §1, "Lever's defaults"): the sandbox, like Lever, leaves
# confidential opportunities out of GET /opportunities unless the query says confidentiality=all. A tool
# that relied on the default would find nothing there: re-runs, the duplicate check and the lookup after
# an ambiguous create would create duplicates. The sandbox's own state is the proof.
source "$(dirname "$0")/lib.sh"
start_sandbox
lead=(--job-id "$CONF_POSTING" --perform-as "$USER_ID")
on_conf() { sandbox_get opportunities | jq "[.[] | select(.confidentiality == \"confidential\")] | length"; }
of_email() { sandbox_get opportunities | jq "[.[] | select(.emails | map(ascii_downcase) | index(\"$1\"))] | length"; }

# The sandbox hides them as Lever does: without the parameter the list is empty, with it not.
tc create "${lead[@]}" --first-name Conf --last-name First --email conf-first@example.com -o json
expect_rc 0 "a lead on a confidential posting"
first_id=$(jq -r .id "$WORK/out")
expect_eq "$(sandbox_get opportunities | jq -r --arg id "$first_id" '.[] | select(.id == $id) | .confidentiality')" \
  "confidential" "the opportunity is confidential"
hidden=$(curl -sS -u "$API_KEY:" "$BASE/opportunities?email=conf-first%40example.com" | jq '.data | length')
expect_eq "$hidden" "0" "the sandbox leaves it out of a list that does not ask for it"
shown=$(curl -sS -u "$API_KEY:" "$BASE/opportunities?email=conf-first%40example.com&confidentiality=all" | jq '.data | length')
expect_eq "$shown" "1" "and lists it with confidentiality=all"

# A single record again: found by the duplicate check, nothing written.
before=$(requests_matching POST '.')
tc create "${lead[@]}" --first-name Conf --email CONF-FIRST@example.com -o ndjson
expect_rc 0 "the same person again"
expect_eq "$(jq -r .status "$WORK/out")" "existing" "found on the confidential posting"
expect_eq "$(jq -r .id "$WORK/out")" "$first_id" "its id"
expect_eq "$(requests_matching POST '.')" "$before" "no write"

# A batch of 10, then the same file again: every record existing the second time (the posting index).
for i in $(seq 1 10); do
  printf '{"first_name":"C%s","last_name":"Batch","emails":[{"email":"conf-%s@example.com"}]}\n' "$i" "$i"
done >"$WORK/batch.ndjson"
tc create "${lead[@]}" --input "$WORK/batch.ndjson" -o ndjson
expect_rc 0 "a batch of 10"
expect_eq "$(jq -s '[.[] | select(.status == "created")] | length' "$WORK/out")" "10" "10 created"
tc create "${lead[@]}" --input "$WORK/batch.ndjson" -o ndjson
expect_rc 0 "the batch again"
expect_eq "$(jq -s '[.[] | select(.status == "existing")] | length' "$WORK/out")" "10" "all 10 existing"
expect_eq "$(on_conf)" "11" "still 11 opportunities on the confidential posting"

# An ambiguous create (stored, then 500): the lookup finds it; one opportunity.
start_sandbox --fault-500-after 1 --fault-path '^/v1/opportunities$'
tc create "${lead[@]}" --first-name Amb --email conf-amb@example.com --retries 2 -o json
expect_rc 0 "ambiguous create on a confidential posting"
expect_eq "$(of_email conf-amb@example.com)" "1" "created once"
expect_eq "$(requests_matching POST '^/v1/opportunities$')" "1" "the create was not sent again"
amb_id=$(jq -r .id "$WORK/out")

# get and doctor.
tc get "$amb_id" -o json
expect_rc 0 "get reads a confidential candidate"
expect_eq "$(jq -r .id "$WORK/out")" "$amb_id" "get: its id"
expect_eq "$(jq -r .is_private "$WORK/out")" "true" "get: is_private"
tc doctor --job-id "$CONF_POSTING" --perform-as "$USER_ID"
expect_rc 0 "doctor on a confidential posting"
expect_contains "$WORK/out" "ok   confidential" "doctor: the confidential check passes"

finish
