#!/usr/bin/env bash
# Lever's fields beyond the unified model (docs/lever-contract.md §2, "Lever's fields" and "Names"): a lead
# with an owner e-mail, a follower, a stage name, sources, origin, an original creation date and an
# archive reason lands in the sandbox with every value right (read from the sandbox's own state); a typo
# in a name of a multi-record file stops the run before any write, listing the valid names; batch-wide
# flags reach every record; --dry-run shows the ids; the truto route refuses names.
source "$(dirname "$0")/lib.sh"
start_sandbox
KIM=3c7a4e21-5b8d-4f60-9e12-7a0b9c1d2e34
SAM=df0adaa6-172c-4cd6-8520-49b203660fe1
PHONE_SCREEN=00922a60-7c15-422b-b086-f62000824fd7
HIRED=63dd55b2-a99f-4e7b-985f-22c7bf80ab42
WITHDREW=d35867b1-f661-4ec2-b477-b3e6524cc8b6
held() { sandbox_get opportunities | jq -c --arg n "$1" "[.[] | select(.name == \$n)][0] | $2"; }

# One lead from flags, names in any case: every value lands as Lever's id or value.
tc create --job-id "$POSTING" --perform-as "$USER_EMAIL" --first-name Ada --last-name Lovelace \
  --email ada@example.com --owner KIM@example.com --follower sam@example.com --stage "phone SCREEN" \
  --source "Career fair 2026" --source Referral --origin referred --created-at 2024-03-01T10:00:00+01:00 \
  --archive-reason hired
expect_rc 0 "lead with Lever's fields"
expect_eq "$(held "Ada Lovelace" .owner)" "\"$KIM\"" "owner: the e-mail became the user id"
expect_eq "$(held "Ada Lovelace" '.followers | index("'$SAM'") != null')" "true" "follower: the e-mail became the user id"
expect_eq "$(held "Ada Lovelace" .stage.id)" "\"$PHONE_SCREEN\"" "stage: the name became the stage id"
expect_eq "$(held "Ada Lovelace" .sources)" '["Career fair 2026","Referral"]' "sources"
expect_eq "$(held "Ada Lovelace" .origin)" '"referred"' "origin"
expect_eq "$(held "Ada Lovelace" .createdAt)" "1709283600000" "createdAt: RFC 3339 with an offset in ms"
expect_eq "$(held "Ada Lovelace" .archived.reason)" "\"$HIRED\"" "archived: the reason name became its id"
expect_eq "$(held "Ada Lovelace" '.archived.archivedAt > 1709283600000')" "true" "archived: archivedAt set (now)"
expect_eq "$(requests_matching GET '^/v1/users$')" "1" "users: one GET, the list (which also finds the perform_as e-mail)"
expect_eq "$(requests_matching GET '^/v1/stages$')" "1" "stages: read once"
expect_eq "$(requests_matching GET '^/v1/archive_reasons$')" "1" "archive reasons: read once"
expect_eq "$(requests_matching POST '^/v1/opportunities$')" "1" "one create"

# A migration file: archived with its own date, ids and names mixed, batch-wide --tag and --source.
cat >"$WORK/migration.ndjson" <<NDJSON
{"first_name":"Bo","emails":[{"email":"bo@example.com"}],"lever":{"owner":"sam@example.com","stage":"Offer","created_at":"2023-01-05T09:00:00Z","archive_reason":"Withdrew","archived_at":"2023-02-01T12:00:00Z"}}
{"first_name":"Cy","emails":[{"email":"cy@example.com"}],"lever":{"owner":"$KIM","stage":"on-site","sources":["Alumni"]}}
NDJSON
tc create --job-id "$POSTING" --perform-as "$USER_ID" --input "$WORK/migration.ndjson" --tag import-2026 \
  --source "Old ATS" --stage "New lead"
expect_rc 0 "migration file"
expect_eq "$(held Bo .archived)" "{\"reason\":\"$WITHDREW\",\"archivedAt\":1675252800000}" "archived with its own date"
expect_eq "$(held Bo .createdAt)" "1672909200000" "original creation date"
expect_eq "$(held Bo .stage.id)" '"offer"' "the record's own stage wins over --stage"
expect_eq "$(held Cy .owner)" "\"$KIM\"" "an owner given by id stays"
expect_eq "$(held Cy .sources)" '["Alumni","Old ATS"]' "batch-wide --source added to the record's sources"
expect_eq "$(held Cy .tags)" '["import-2026"]' "batch-wide --tag on every record"
expect_eq "$(held Bo .tags)" '["import-2026"]' "batch-wide --tag on every record (2)"

# A typo in a stage name in a multi-record file: nothing is written, the valid names are listed.
creates_before=$(requests_matching POST '^/v1/opportunities$')
cat >"$WORK/typo.csv" <<CSV
first_name,email
Dee,dee@example.com
CSV
cat >"$WORK/typo.ndjson" <<NDJSON
{"first_name":"Dee","emails":[{"email":"dee@example.com"}],"lever":{"stage":"Offer"}}
{"first_name":"Eve","emails":[{"email":"eve@example.com"}],"lever":{"stage":"Phone scren","owner":"nobody@example.com"}}
NDJSON
tc create --job-id "$POSTING" --perform-as "$USER_ID" --input "$WORK/typo.ndjson"
expect_rc 65 "a typo stops the run"
expect_eq "$(requests_matching POST '^/v1/opportunities$')" "$creates_before" "a typo: zero creates"
expect_contains "$WORK/err" "do not resolve; nothing was sent" "a typo: says nothing was sent"
expect_contains "$WORK/err" '/lever/stage: record 2 (line 2): "Phone scren" is not a Lever stage (did you mean "Phone screen"?); known stages: "New lead", "Reached out", "New applicant", "Phone screen", "On-site", "Offer"' "a typo: the valid names listed"
expect_contains "$WORK/err" '/lever/owner: record 2 (line 2): no Lever user has the e-mail, name or id "nobody@example.com"' "a typo: every bad name of the record"
# The same with a batch-wide flag: stopped before the first record.
tc create --job-id "$POSTING" --perform-as "$USER_ID" --input "$WORK/typo.csv" --archive-reason Fired
expect_rc 65 "a batch-wide typo stops the run"
expect_contains "$WORK/err" '--archive-reason: "Fired" is not a Lever archive reason' "a batch-wide typo: names the flag"
expect_eq "$(requests_matching POST '^/v1/opportunities$')" "$creates_before" "a batch-wide typo: zero creates"
# A person's flag with multi-record input stays a usage error.
tc create --job-id "$POSTING" --perform-as "$USER_ID" --input "$WORK/typo.csv" --first-name X
expect_rc 64 "a person's flag with multi-record input"

# --dry-run shows the resolved ids in the planned request, and sends nothing.
tc create --dry-run --job-id "$POSTING" --perform-as "$USER_ID" --first-name Fay --owner kim@example.com \
  --stage offer --archive-reason underqualified
expect_rc 0 "dry run"
expect_eq "$(jq -r '.requests[0].body | [.owner, .stage, .archived.reason] | join(",")' "$WORK/out")" \
  "$KIM,offer,a80bbbe0-d4dd-4eac-bdbf-302345414f93" "dry run: the ids"
expect_eq "$(requests_matching POST '^/v1/opportunities$')" "$creates_before" "dry run: nothing sent"

# The truto route refuses names (it cannot look them up) before sending anything.
TRUTO_API_TOKEN=truto-sandbox-token tc create --via truto --truto-url "$SANDBOX" --integrated-account-id acc-1 \
  --job-id "$POSTING" --first-name Gus --stage "Phone screen"
expect_rc 65 "truto route: a stage name is refused"
expect_contains "$WORK/err" "looks like a stage name, not an id" "truto route: says why"

finish
