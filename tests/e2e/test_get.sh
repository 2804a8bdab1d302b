#!/usr/bin/env bash
# `get ID` over real HTTP: a candidate created by `create` reads back the same (ids, names, links,
# application, files), as JSON, one --field or a table with the Lever profile link; an unknown id is 65,
# refused credentials 77, --via truto 64; only reads are sent.
source "$(dirname "$0")/lib.sh"
start_sandbox

# Create a lead with a resume and another file, then read it back.
printf '%%PDF-1.4\nresume of Ada\n' >"$WORK/ada-cv.pdf"
printf 'notes\n' >"$WORK/notes.txt"
tc create --job-id "$POSTING" --perform-as "$USER_EMAIL" --first-name Ada --last-name Lovelace \
  --email ada@example.com --link https://github.com/ada --tag vip \
  --resume "$WORK/ada-cv.pdf" --attachment "$WORK/notes.txt" -o json
expect_rc 0 "create"
cp "$WORK/out" "$WORK/created.json"
ID=$(jq -r .id "$WORK/created.json")
[[ -n $ID && $ID != null ]] && pass || fail "create printed no id"
writes_before=$(requests_matching POST '.')

tc get "$ID"
expect_rc 0 "get"
cp "$WORK/out" "$WORK/got.json"
for key in id name first_name last_name emails urls tags applications created_at can_email; do
  expect_eq "$(jq -c ".$key" "$WORK/got.json")" "$(jq -c ".$key" "$WORK/created.json")" "get: $key as create printed it"
done
expect_eq "$(jq -c '[.attachments[] | [.file_name, .attachment_type]]' "$WORK/got.json")" \
  '[["ada-cv.pdf","resume"],["notes.txt","other"]]' "get: resume and file read back"
expect_eq "$(jq -c .attachments "$WORK/got.json")" "$(jq -c .attachments "$WORK/created.json")" "get: attachments as create printed them"
"$VALIDATE_CANDIDATE_BIN" <"$WORK/got.json" >/dev/null && pass || fail "get: not valid against candidate.schema.json"
expect_eq "$(requests_matching POST '.')" "$writes_before" "get: only reads"
expect_eq "$(requests_matching GET "^/v1/opportunities/$ID\$")" "1" "get: one read of the opportunity"

# One value, and the table with the Lever profile link.
tc get "$ID" --field /applications/0/job/id
expect_rc 0 "get --field"
expect_eq "$(cat "$WORK/out")" "$POSTING" "get --field: the posting"
tc get "$ID" -o table
expect_rc 0 "get -o table"
expect_contains "$WORK/out" "ID " "table: ID row"
expect_contains "$WORK/out" "$ID" "table: the id in full"
expect_contains "$WORK/out" "$(jq -r .remote_data.urls.show "$WORK/got.json")" "table: the Lever profile link"
expect_eq "$(grep -c '^Lever ' "$WORK/out")" "1" "table: a Lever row"

# An id Lever does not have → 65 with a clear message; nothing on stdout.
tc get 00000000-0000-4000-8000-000000000000
expect_rc 65 "unknown id"
expect_contains "$WORK/err" "Lever has no opportunity 00000000-0000-4000-8000-000000000000" "unknown id: message"
expect_eq "$(wc -c <"$WORK/out" | tr -d ' ')" "0" "unknown id: nothing on stdout"

# Refused credentials → 77; --via truto → 64.
LEVER_API_KEY=wrong-key tc get "$ID"
expect_rc 77 "wrong key"
tc get "$ID" --via truto
expect_rc 64 "--via truto"
expect_contains "$WORK/err" "--via truto is not supported" "--via truto: says so"

finish
