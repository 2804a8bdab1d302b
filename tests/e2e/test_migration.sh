#!/usr/bin/env bash
# A migration from another ATS, end to end (docs/lever-contract.md §2, "Lever's fields" and "Names"):
# tests/data/exports/ats-migration.csv (owner e-mails, followers, stage names, sources, origin, Date Added,
# an archive reason, a multi-line note) lands in the sandbox with every value right, read from the
# sandbox's own state; a copy with a typo in a stage name and in an owner e-mail stops the run before any
# write, both reported with the known names; a re-run (with and without the journal) adds nothing twice;
# --dry-run shows the resolved ids; the printed candidates show owner, stage, source and archive state and
# are valid against the candidate schema.
source "$(dirname "$0")/lib.sh"
EXPORT=${TC_SOURCE_DIR:?}/tests/data/exports/ats-migration.csv
RILEY=$USER_ID
SAM=df0adaa6-172c-4cd6-8520-49b203660fe1
KIM=3c7a4e21-5b8d-4f60-9e12-7a0b9c1d2e34
PHONE_SCREEN=00922a60-7c15-422b-b086-f62000824fd7
HIRED=63dd55b2-a99f-4e7b-985f-22c7bf80ab42
common=(--job-id "$POSTING" --perform-as "$USER_EMAIL")
held() { sandbox_get opportunities | jq -c --arg n "$1" "[.[] | select(.name == \$n)][0] | $2"; }
notes_of() { sandbox_get notes | jq -c --arg n "$1" '[.[] | select(.name == $n) | .notes[] | [.value, .secret]]'; }
writes() { echo "$(sandbox_count creates) $(sandbox_count notes)"; }

start_sandbox
cp "$EXPORT" "$WORK/ats-migration.csv"

# --dry-run first: the resolved ids in the planned requests, nothing written.
tc create "${common[@]}" --input "$WORK/ats-migration.csv" --dry-run
expect_rc 0 "dry run"
expect_eq "$(jq -c -s '[.[] | .plan.requests[0].body | [.owner, .stage, (.followers // [] | join("+")), (.archived.reason // "")]]' "$WORK/out")" \
  "[[\"$RILEY\",\"$PHONE_SCREEN\",\"$SAM+$KIM\",\"\"],[\"$RILEY\",\"lead-new\",\"\",\"$HIRED\"]]" \
  "dry run: owner, stage, followers and archive reason as ids"
expect_eq "$(writes)" "0 0" "dry run: nothing written"

# The import: every value in the sandbox.
reads_before=$(sandbox_get requests | jq -c '[.[] | select(.method == "GET") | .path]')
tc create "${common[@]}" --input "$WORK/ats-migration.csv" -o ndjson
expect_rc 0 "migration import"
cp "$WORK/out" "$WORK/imported.json"
expect_eq "$(sandbox_get opportunities | jq -c '[.[].name] | sort')" '["Ada Lovelace","Charles Babbage"]' \
  "one opportunity per person"
expect_eq "$(held "Ada Lovelace" .owner)" "\"$RILEY\"" "Ada: owner e-mail → user id"
# Lever makes the owner a follower too.
expect_eq "$(held "Ada Lovelace" '.followers | sort')" "$(jq -cn --arg a "$SAM" --arg b "$KIM" --arg c "$RILEY" '[$a, $b, $c] | sort')" \
  "Ada: follower e-mails → user ids (and the owner)"
expect_eq "$(held "Ada Lovelace" .stage.id)" "\"$PHONE_SCREEN\"" "Ada: stage name → id"
expect_eq "$(held "Ada Lovelace" .sources)" '["Career fair 2026","Referral"]' "Ada: sources"
expect_eq "$(held "Ada Lovelace" .origin)" '"referred"' "Ada: origin"
expect_eq "$(held "Ada Lovelace" .createdAt)" "1709283600000" "Ada: Date Added in ms"
expect_eq "$(held "Ada Lovelace" .archived)" "null" "Ada: not archived"
expect_eq "$(held "Ada Lovelace" .emails)" '["ada@example.com"]' "Ada: e-mail"
expect_eq "$(notes_of "Ada Lovelace")" '[["Met at the booth; strong on maths.\nFollow up in March.",false],["Salary expectation 90k",true]]' \
  "Ada: the multi-line note once, not secret; the Secret Notes cell once, secret"
expect_eq "$(held "Charles Babbage" .owner)" "\"$RILEY\"" "Charles: owner"
expect_eq "$(held "Charles Babbage" .followers)" "[\"$RILEY\"]" "Charles: the owner as the only follower"
expect_eq "$(held "Charles Babbage" .stage.id)" '"lead-new"' "Charles: stage"
expect_eq "$(held "Charles Babbage" .sources)" '["Sourced"]' "Charles: source"
expect_eq "$(held "Charles Babbage" .origin)" '"sourced"' "Charles: origin"
expect_eq "$(held "Charles Babbage" .createdAt)" "1709375400000" "Charles: Date Added in ms"
expect_eq "$(held "Charles Babbage" .archived.reason)" "\"$HIRED\"" "Charles: archive reason → id"
expect_eq "$(held "Charles Babbage" .archived.archivedAt)" "1719766800000" "Charles: Archive Date in ms"
expect_eq "$(notes_of "Charles Babbage")" '[]' "Charles: no notes"
expect_eq "$(writes)" "2 2" "two creates, two notes"
for list in users stages archive_reasons; do
  expect_eq "$(sandbox_get requests | jq --argjson before "$reads_before" --arg p "/v1/$list" \
    '[.[] | select(.method == "GET") | .path][($before | length):] | map(select(. == $p)) | length')" "1" "$list read once by the import (the --perform-as e-mail found in the users list)"
done

# (d) The printed candidates: owner, stage, source and archive state; schema-valid.
"$VALIDATE_CANDIDATE_BIN" <"$WORK/imported.json" >/dev/null && pass || fail "migration candidates are not schema-valid"
ada() { jq -c -s "[.[].candidate | select(.first_name == \"Ada\")][0] | $1" "$WORK/imported.json"; }
charles() { jq -c -s "[.[].candidate | select(.first_name == \"Charles\")][0] | $1" "$WORK/imported.json"; }
expect_eq "$(ada '.applications[0].credited_to.id')" "\"$RILEY\"" "printed: Ada credited_to"
expect_eq "$(ada '.applications[0].current_stage.id')" "\"$PHONE_SCREEN\"" "printed: Ada current_stage"
expect_eq "$(ada '.applications[0].source.name')" '"Career fair 2026"' "printed: Ada source"
expect_eq "$(ada '.applications[0].rejected_at')" "null" "printed: Ada not rejected"
expect_eq "$(charles '.applications[0].current_stage.id')" '"lead-new"' "printed: Charles current_stage"
expect_eq "$(charles '.applications[0].rejected_at | type')" '"string"' "printed: Charles rejected_at"
# Lever's opportunity holds the reason's id only; the run read the reasons for the names, so it prints the name.
expect_eq "$(charles '.applications[0].reject_reason')" '"Hired"' "printed: Charles reject_reason (the name)"
expect_eq "$(charles '.remote_data.archived.reason')" "\"$HIRED\"" "printed: remote_data keeps the raw reason id"

# (b) Re-runs add nothing twice: without a journal (the duplicate lookup skips), then twice with one.
tc create "${common[@]}" --input "$WORK/ats-migration.csv"
expect_rc 0 "re-run without a journal"
expect_eq "$(writes)" "2 2" "re-run without a journal: no create, no note"
tc create "${common[@]}" --input "$WORK/ats-migration.csv" --journal "$WORK/journal"
expect_rc 0 "re-run with a new journal"
tc create "${common[@]}" --input "$WORK/ats-migration.csv" --journal "$WORK/journal"
expect_rc 0 "re-run with the same journal"
expect_eq "$(writes)" "2 2" "re-runs with a journal: no create, no note"
expect_eq "$(sandbox_count opportunities)" "2" "still one opportunity per person"
expect_eq "$(notes_of "Ada Lovelace")" '[["Met at the booth; strong on maths.\nFollow up in March.",false],["Salary expectation 90k",true]]' \
  "re-runs: Ada's two notes still once each"

# (a) A typo in a stage name and in an owner e-mail: exit 65 before any write, both reported with the known names.
start_sandbox
# A third row without a typo: a run that wrote row by row would create it (the pass over every name comes
# before the first write, so it is not).
{
  sed -e 's/,Phone screen,/,Phone scren,/' -e 's/^Charles Babbage,charles@example.com,riley@example.com/Charles Babbage,charles@example.com,rilye@example.com/' \
    "$EXPORT"
  echo 'Grace Hopper,grace@example.com,sam@example.com,,On-site,Referral,referred,2024-03-03T08:00:00Z,,,Good row,'
} >"$WORK/typo.csv"
[[ $(grep -c 'Phone scren' "$WORK/typo.csv") -eq 1 && $(grep -c 'rilye@' "$WORK/typo.csv") -eq 1 ]] && pass ||
  fail "the typo copy lacks its typos"
# The control: the good row alone is valid against the sandbox's names.
{ head -n1 "$EXPORT"; tail -n1 "$WORK/typo.csv"; } >"$WORK/good-row.csv"
tc create "${common[@]}" --input "$WORK/good-row.csv" --dry-run
expect_rc 0 "the typo file's good row is valid on its own"
expect_eq "$(jq -r .status "$WORK/out")" "planned" "the good row is planned"
tc create "${common[@]}" --input "$WORK/typo.csv"
expect_rc 65 "typos stop the run"
expect_contains "$WORK/err" "nothing was sent" "typos: says nothing was sent"
expect_contains "$WORK/err" '/lever/stage: record 1 (line 2): "Phone scren" is not a Lever stage (did you mean "Phone screen"?); known stages: "New lead", "Reached out", "New applicant", "Phone screen", "On-site", "Offer"' \
  "typos: the stage with the known stages"
expect_contains "$WORK/err" '/lever/owner: record 2 (line 4): no Lever user has the e-mail, name or id "rilye@example.com"' \
  "typos: the owner e-mail"
expect_contains "$WORK/err" '(did you mean "riley@example.com"?); known users: "riley@example.com", "sam@example.com", "kim@example.com"' \
  "typos: the known users listed"
expect_eq "$(writes)" "0 0" "typos: zero creates, zero notes"
expect_eq "$(requests_matching POST '.')" "0" "typos: no POST at all"
expect_eq "$(sandbox_count opportunities)" "0" "typos: not even the good row created"

finish
