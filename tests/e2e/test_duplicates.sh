#!/usr/bin/env bash
# Duplicates and blank records (ARCHITECTURE.md §5): every --on-duplicate policy on the lead and the
# applicant routes, duplicates inside one input, an edited CSV re-run with the same journal, blank
# spreadsheet rows, records without e-mail or name, dry run and validate --with-lever, the truto route's
# refusal, and shared e-mails under injected faults. The sandbox's opportunity count is the proof.
source "$(dirname "$0")/lib.sh"
# (no rate limit: where the pace matters, a section starts a sandbox of its own)
fast_sandbox
lead=(--job-id "$POSTING" --perform-as "$USER_ID")
applicant=(--job-id "$POSTING" --perform-as "$USER_ID" --application-source applicant --location Berlin
  --answer 'a1b2c3d4-0000-4000-8000-000000000011=referral' --answer 'Years of experience=7')
opportunities_of() { sandbox_get opportunities | jq "[.[] | select(.emails | map(ascii_downcase) | index(\"$1\"))] | length"; }

for route in lead applicant; do
  if [[ $route == lead ]]; then args=("${lead[@]}"); else args=("${applicant[@]}"); fi
  email="dup-$route@example.com"
  tc create "${args[@]}" --first-name Dup --last-name "$route" --email "$email" -o json
  expect_rc 0 "$route: first create"
  first_id=$(jq -r .id "$WORK/out")

  # Default (skip): the same person again, e-mail in another case: nothing written.
  before=$(requests_matching POST '.')
  tc create "${args[@]}" --first-name Other --email "${email^^}" -o ndjson
  expect_rc 0 "$route: skip exits 0"
  expect_eq "$(jq -r .status "$WORK/out")" "existing" "$route: status existing"
  expect_eq "$(jq -r .id "$WORK/out")" "$first_id" "$route: the existing id"
  expect_eq "$(jq -r .candidate.id "$WORK/out")" "$first_id" "$route: prints the existing candidate"
  expect_eq "$(requests_matching POST '.')" "$before" "$route: skip sends no write"
  expect_eq "$(opportunities_of "$email")" "1" "$route: still one opportunity"

  # fail: code duplicate naming the id; a single record exits 65.
  tc create "${args[@]}" --first-name Dup --email "$email" --on-duplicate fail -o ndjson
  expect_rc 65 "$route: fail exits 65 for a single record"
  expect_eq "$(jq -r .error.code "$WORK/out")" "duplicate" "$route: error code duplicate"
  expect_contains "$WORK/err" "$first_id" "$route: names the existing id"

  # merge: adds a tag and a link, keeps the name, no new opportunity.
  tc create "${args[@]}" --first-name Renamed --email "$email" --tag merged-tag --link https://dup.example.org \
    --on-duplicate merge -o ndjson
  expect_rc 0 "$route: merge"
  expect_eq "$(jq -r .status "$WORK/out")" "merged" "$route: status merged"
  opp=$(sandbox_get opportunities | jq -c --arg id "$first_id" '.[] | select(.id == $id)')
  expect_eq "$(jq -r '.tags | index("merged-tag") != null' <<<"$opp")" "true" "$route: tag added"
  expect_eq "$(jq -r '.links | index("https://dup.example.org") != null' <<<"$opp")" "true" "$route: link added"
  expect_eq "$(jq -r .name <<<"$opp")" "Dup $route" "$route: name not overwritten"
  expect_eq "$(opportunities_of "$email")" "1" "$route: merge creates nothing"

  # create: another opportunity, on request.
  tc create "${args[@]}" --first-name Dup --email "$email" --on-duplicate create -o ndjson
  expect_rc 0 "$route: create"
  expect_eq "$(jq -r .status "$WORK/out")" "created" "$route: status created"
  expect_eq "$(opportunities_of "$email")" "2" "$route: create makes a second opportunity"

  # Bulk: fail exits 1; the same e-mail twice in one input is caught without asking Lever.
  printf '{"first_name":"B","emails":[{"email":"batch-%s@example.com"}]}\n{"first_name":"B2","emails":[{"email":"BATCH-%s@example.com"}]}\n{"first_name":"D","emails":[{"email":"%s"}]}\n' \
    "$route" "$route" "$email" >"$WORK/batch.ndjson"
  if [[ $route == applicant ]]; then
    jq -c '. + {locations: ["Berlin"], job_form_field_answers: [{name: "a1b2c3d4-0000-4000-8000-000000000011", value: "referral"}, {name: "Years of experience", value: "7"}]}' \
      "$WORK/batch.ndjson" >"$WORK/batch2.ndjson" && mv "$WORK/batch2.ndjson" "$WORK/batch.ndjson"
    bulk=(--job-id "$POSTING" --perform-as "$USER_ID" --application-source applicant)
  else
    bulk=("${lead[@]}")
  fi
  tc create "${bulk[@]}" --input "$WORK/batch.ndjson" --on-duplicate fail
  expect_rc 1 "$route: bulk fail exits 1"
  expect_eq "$(jq -r .status "$WORK/out" | tr '\n' ' ')" "created failed failed " "$route: bulk fail statuses"
  expect_eq "$(jq -r 'select(.index==1) | .error.code' "$WORK/out")" "duplicate" "$route: in-batch duplicate code"
  expect_eq "$(opportunities_of "batch-$route@example.com")" "1" "$route: in-batch duplicate not created"
done

# In-batch, default policy, concurrency 4: every later record of a shared e-mail is existing.
for i in $(seq 0 19); do printf '{"first_name":"S%d","emails":[{"email":"shared-%d@example.com"}]}\n' "$i" $((i % 5)); done >"$WORK/shared.ndjson"
tc create "${lead[@]}" --input "$WORK/shared.ndjson" --concurrency 4
expect_rc 0 "in-batch run"
expect_eq "$(jq -r 'select(.status=="created") | .index' "$WORK/out" | tr '\n' ' ')" "0 1 2 3 4 " "first of each e-mail created"
expect_eq "$(jq -r 'select(.status=="existing")' "$WORK/out" | jq -s length)" "15" "the rest existing"
expect_eq "$(sandbox_get opportunities | jq '[.[] | select(.emails[0] | startswith("shared-"))] | length')" "5" "one opportunity per e-mail"
expect_contains "$WORK/err" "existing 15" "summary counts existing"

# In-batch, far apart: the repeats come long after the first records finished (beyond the runner's
# window of concurrency × 4 + 16 records), so only the run-long memory of finished e-mails catches them.
for i in $(seq 0 79); do printf '{"first_name":"W%d","emails":[{"email":"far-%d@example.com"}]}\n' "$i" $((i % 40)); done >"$WORK/far.ndjson"
tc create "${lead[@]}" --input "$WORK/far.ndjson" --concurrency 2 --dry-run
expect_rc 0 "far apart: dry run"
expect_eq "$(jq -r 'select(.status=="duplicate") | .duplicate_of_index' "$WORK/out" | tr '\n' ' ' | cut -d' ' -f1,40)" "0 39" "far apart: dry run names the earlier record"
tc create "${lead[@]}" --input "$WORK/far.ndjson" --concurrency 2 --rate 1000
expect_rc 0 "far apart: create"
expect_eq "$(jq -r 'select(.status=="created") | .index' "$WORK/out" | wc -l | tr -d ' ')" "40" "far apart: first of each created"
expect_eq "$(jq -r 'select(.status=="existing" and .index >= 40)' "$WORK/out" | jq -s length)" "40" "far apart: repeats existing"
expect_eq "$(sandbox_get opportunities | jq '[.[] | select(.emails[0] | startswith("far-"))] | length')" "40" "far apart: one opportunity per e-mail"

# The edited-record re-run: one row changes, the journal does not know it, Lever does.
cat >"$WORK/people.csv" <<'CSV'
first_name,last_name,email,title
Ed,One,ed1@example.com,Engineer
Ed,Two,ed2@example.com,Engineer
CSV
tc create "${lead[@]}" --input "$WORK/people.csv" --journal "$WORK/journal"
expect_rc 0 "csv import"
sed -i 's/Ed,Two,ed2@example.com,Engineer/Ed,Two,ed2@example.com,Senior Engineer/' "$WORK/people.csv"
tc create "${lead[@]}" --input "$WORK/people.csv" --journal "$WORK/journal"
expect_rc 0 "edited re-run"
expect_eq "$(jq -r .status "$WORK/out" | tr '\n' ' ')" "skipped existing " "journal skip, then Lever's match"
expect_eq "$(opportunities_of ed2@example.com)" "1" "no second opportunity for the edited row"
tc create "${lead[@]}" --input "$WORK/people.csv" --journal "$WORK/journal"
expect_eq "$(jq -r .status "$WORK/out" | tr '\n' ' ')" "skipped skipped " "third run: all from the journal"

# A spreadsheet export with blank rows and a record without e-mail.
printf 'first_name,last_name,email,title\nSheet,One,sheet1@example.com,\nNo,Mail,,CTO\n,,,\n , , , \n,,,\n' >"$WORK/export.csv"
tc create "${lead[@]}" --input "$WORK/export.csv"
expect_rc 0 "export with blank rows"
expect_eq "$(jq -r .status "$WORK/out" | tr '\n' ' ')" "created created skipped_blank skipped_blank skipped_blank " "blank rows skipped"
expect_eq "$(jq -r 'select(.index==1) | .unmatched' "$WORK/out")" "true" "no e-mail: unmatched"
expect_contains "$WORK/err" "blank 3" "summary counts blank rows"
expect_contains "$WORK/err" "1 unmatched" "summary counts unmatched"
expect_eq "$(sandbox_get opportunities | jq '[.[] | select(.name == "" or .name == null)] | length')" "0" "no nameless lead"

# Nameless and e-mail-less: invalid in create, --dry-run and validate; {} alone is blank.
echo '{"title":"CTO"}' >"$WORK/nameless.json"
echo '{}' >"$WORK/blank.json"
for cmd in "create" "create --dry-run" "validate"; do
  # shellcheck disable=SC2086
  TC_STDIN=$WORK/nameless.json tc $cmd "${lead[@]}" --input -
  expect_rc 65 "$cmd: no name, no e-mail"
  expect_contains "$WORK/err" "neither a name" "$cmd: says what is missing"
done
before=$(sandbox_count opportunities)
TC_STDIN=$WORK/blank.json tc create "${lead[@]}" --input -
expect_rc 0 "{} is a blank record"
expect_contains "$WORK/err" "blank" "says it was blank"
expect_eq "$(sandbox_count opportunities)" "$before" "{} creates nothing"

# Dry run and validate --with-lever report duplicates without writing.
printf '{"first_name":"A","emails":[{"email":"ed1@example.com"}]}\n{"first_name":"N","emails":[{"email":"fresh@example.com"}]}\n{"first_name":"N","emails":[{"email":"Fresh@example.com"}]}\n' >"$WORK/check.ndjson"
before=$(requests_matching POST '.')
tc create "${lead[@]}" --input "$WORK/check.ndjson" --dry-run
expect_rc 0 "plain dry run"
expect_eq "$(jq -r .status "$WORK/out" | tr '\n' ' ')" "planned planned duplicate " "plain dry run: in-batch only"
tc create "${lead[@]}" --input "$WORK/check.ndjson" --dry-run --with-lever
expect_rc 0 "dry run --with-lever"
expect_eq "$(jq -r .status "$WORK/out" | tr '\n' ' ')" "duplicate planned duplicate " "dry run statuses"
expect_contains "$WORK/err" "2 duplicates" "dry run summary"
tc validate "${lead[@]}" --input "$WORK/check.ndjson" --with-lever
expect_rc 0 "validate --with-lever"
expect_eq "$(jq -r .status "$WORK/out" | tr '\n' ' ')" "duplicate valid duplicate " "validate statuses"
expect_eq "$(requests_matching POST '.')" "$before" "nothing written"

# The truto route cannot look candidates up: only create.
TRUTO_API_TOKEN=t tc create --via truto --integrated-account-id acc --job-id "$POSTING" --first-name T \
  --email t@example.com --on-duplicate skip
expect_rc 64 "truto refuses skip"
expect_contains "$WORK/err" "Truto does not document" "says why"

# Shared e-mails under injected faults (ambiguous creates): still one opportunity per e-mail.
# (the faults are the point, not the pace: no rate limit, no real backoff)
fast_sandbox --fault-seed 11 --fault-500-after 0.15 --fault-reset-after 0.15 --fault-429 0.1
for i in $(seq 0 29); do printf '{"first_name":"F%d","emails":[{"email":"fault-%d@example.com"}]}\n' "$i" $((i % 10)); done >"$WORK/faults.ndjson"
tc create "${lead[@]}" --input "$WORK/faults.ndjson" --concurrency 4 --timeout 2 --retries 6 "${fast[@]}"
expect_rc 0 "shared e-mails under faults: every record ends created or existing"
expect_eq "$(jq -r 'select(.status=="created" or .status=="existing")' "$WORK/out" | jq -s length)" "30" "every record created or existing"
expect_eq "$(sandbox_get opportunities | jq '[.[] | .emails[0]] | unique | length')" "10" "ten people"
expect_eq "$(sandbox_count opportunities)" "10" "exactly one opportunity per e-mail"

finish
