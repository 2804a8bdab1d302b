#!/usr/bin/env bash
# A lead created end to end over real HTTP: from flags, from a file, from stdin, with a resume.
source "$(dirname "$0")/lib.sh"
start_sandbox

# From flags: every unified field (schemas/candidate.schema.json) that Lever holds comes back.
tc create --job-id "$POSTING" --perform-as "$USER_EMAIL" --first-name Ada --last-name Lovelace \
  --title Engineer --company "Analytical Engines" --location London --location Paris \
  --email ada@example.com --phone mobile=+44-20-1234 --link https://github.com/ada --link linkedin=https://linkedin.com/in/ada \
  --tag vip --tag 2026
expect_rc 0 "lead from flags"
out=$WORK/out
expect_eq "$(jq -r .first_name "$out")" "Ada" "first_name"
expect_eq "$(jq -r .last_name "$out")" "Lovelace" "last_name"
expect_eq "$(jq -r .name "$out")" "Ada Lovelace" "name"
expect_eq "$(jq -r .title "$out")" "Engineer" "title"
expect_eq "$(jq -r .company "$out")" "Analytical Engines" "company"
expect_eq "$(jq -c .locations "$out")" '["London","Paris"]' "locations"
expect_eq "$(jq -c .phones "$out")" '[{"number":"+44-20-1234","type":"mobile"}]' "phones"
expect_eq "$(jq -c .emails "$out")" '[{"email":"ada@example.com"}]' "emails"
expect_eq "$(jq -c '[.urls[].type]' "$out")" '["github","linkedin"]' "url types"
expect_eq "$(jq -c .tags "$out")" '["vip","2026"]' "tags"
expect_eq "$(jq -r .is_private "$out")" "false" "is_private"
expect_eq "$(jq -r .can_email "$out")" "true" "can_email"
expect_eq "$(jq -r '.applications[0].job.id' "$out")" "$POSTING" "application job"
expect_eq "$(jq -r '.applications[0].current_stage.name' "$out")" "New lead" "stage"
expect_eq "$(jq -r '.created_at | test("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}\\.[0-9]{3}Z$")' "$out")" "true" "created_at ISO"
expect_eq "$(jq -r .remote_data.origin "$out")" "sourced" "remote_data is the opportunity"
"$VALIDATE_CANDIDATE_BIN" <"$out" >/dev/null && pass || fail "printed candidate is not valid against candidate.schema.json"
# The body Lever received (docs/lever-contract.md §2).
body=$(sandbox_get requests | jq -c '[.[] | select(.method=="POST" and .path=="/v1/opportunities")][0]')
expect_eq "$(jq -c .json <<<"$body")" '{"name":"Ada Lovelace","headline":"Engineer at Analytical Engines","location":"London; Paris","emails":["ada@example.com"],"phones":[{"value":"+44-20-1234","type":"mobile"}],"links":["https://github.com/ada","https://linkedin.com/in/ada"],"tags":["vip","2026"],"postings":["'"$POSTING"'"],"origin":"sourced"}' "lead body"
expect_eq "$(jq -c '.query.perform_as' <<<"$body")" "[\"$USER_ID\"]" "perform_as resolved from the e-mail"
expect_eq "$(jq -c '.query.expand' <<<"$body")" '["applications","stage","owner"]' "expand on create"
expect_eq "$(jq -r '.auth' <<<"$body")" "basic" "basic auth"
# One create costs the user lookup, the duplicate check (one GET) and the create: the answer came back
# expanded.
expect_eq "$(sandbox_count requests)" "3" "requests for one lead"

# From a file, with a flag overriding a field of the file; --field prints one value raw.
cat >"$WORK/grace.json" <<'JSON'
{"first_name": "Grace", "last_name": "Hopper", "emails": [{"email": "grace@example.com", "type": "work"}],
 "company": "Navy", "remote_data": {"sources": ["referral"]}}
JSON
tc create --job-id "$POSTING" --perform-as "$USER_ID" --input "$WORK/grace.json" --company "US Navy" --field /company
expect_rc 0 "lead from a file"
expect_eq "$(cat "$WORK/out")" "US Navy" "--field prints the raw value; flags override the file"
expect_eq "$(sandbox_get opportunities | jq -r '[.[] | select(.name=="Grace Hopper")][0].sources[0]')" "referral" "remote_data merged into the body"

# From stdin, JSON output when stdout is not a terminal.
echo '{"first_name":"Katherine","last_name":"Johnson","emails":[{"email":"kj@example.com"}]}' >"$WORK/stdin.json"
TC_STDIN=$WORK/stdin.json tc create --job-id "$POSTING" --perform-as "$USER_ID" --input -
expect_rc 0 "lead from stdin"
expect_eq "$(jq -r .name "$WORK/out")" "Katherine Johnson" "stdin record created"

# A bearer token works too.
LEVER_API_KEY= LEVER_ACCESS_TOKEN=sandbox-access-token tc create --job-id "$POSTING" --perform-as "$USER_ID" --first-name Token --email token@example.com
expect_rc 0 "bearer token"
expect_eq "$(sandbox_get requests | jq -r '[.[] | select(.method=="POST")] | last | .auth')" "bearer" "bearer auth sent"

# With a resume: multipart with the file, phones as phones[0][…]; the resume comes back as an attachment.
printf '%%PDF-1.4\nresume of Mary\n' >"$WORK/mary-cv.pdf"
tc create --job-id "$POSTING" --perform-as "$USER_ID" --first-name Mary --last-name Jackson --email mary@example.com \
  --phone work=555-0100 --resume "$WORK/mary-cv.pdf" --attachment "$WORK/grace.json" -o json
expect_rc 0 "lead with a resume"
req=$(sandbox_get requests | jq -c '[.[] | select(.method=="POST" and .path=="/v1/opportunities")] | last')
expect_eq "$(jq -r '.content_type | startswith("multipart/form-data")' <<<"$req")" "true" "multipart with files"
expect_eq "$(jq -r '.parts[] | select(.name=="resumeFile") | .file_name' <<<"$req")" "mary-cv.pdf" "resumeFile part"
expect_eq "$(jq -r '.parts[] | select(.name=="resumeFile") | .size' <<<"$req")" "$(stat -c %s "$WORK/mary-cv.pdf")" "resume bytes"
expect_eq "$(jq -r '.parts[] | select(.name=="files[]") | .file_name' <<<"$req")" "grace.json" "files[] part"
expect_eq "$(jq -r '.parts[] | select(.name=="phones[0][value]") | .value' <<<"$req")" "555-0100" "phones[0][value]"
expect_eq "$(jq -r '.parts[] | select(.name=="emails[]") | .value' <<<"$req")" "mary@example.com" "emails[]"
expect_eq "$(jq -c '[.attachments[] | [.file_name, .attachment_type]]' "$WORK/out")" '[["mary-cv.pdf","resume"],["grace.json","other"]]' "attachments read back"
"$VALIDATE_CANDIDATE_BIN" <"$WORK/out" >/dev/null && pass || fail "candidate with attachments is not schema-valid"

# Table output names the fields.
tc create --job-id "$POSTING" --perform-as "$USER_ID" --first-name Dorothy --email dv@example.com -o table
expect_rc 0 "table output"
expect_contains "$WORK/out" "Dorothy" "table shows the name"
expect_contains "$WORK/out" "New lead" "table shows the stage"

finish
