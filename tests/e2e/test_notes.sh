#!/usr/bin/env bash
# Notes (lever.notes) land exactly once: on a plain run, under faults on the notes POST (500 after
# processing, reset after processing, 500 before, 503; 429s are left to test_faults.sh, as they slow
# the adaptive pace), after a SIGKILL between the create and its notes with a journal re-run, and on
# --on-duplicate merge. An applicant's stage, sources and notes are
# added after the application; what an application cannot set is refused before anything is sent.
source "$(dirname "$0")/lib.sh"
common=(--job-id "$POSTING" --perform-as "$USER_ID")
PHONE_SCREEN=00922a60-7c15-422b-b086-f62000824fd7

# record I: three notes, the same text twice (so it must be there twice, never three times), one secret and dated.
record() {
  echo "{\"first_name\":\"N$1\",\"last_name\":\"$2\",\"emails\":[{\"email\":\"n$1.$2@example.com\"}],\"lever\":{\"notes\":[{\"text\":\"Met N$1 at the booth\"},{\"text\":\"Follow up\"},{\"text\":\"Follow up\"},{\"text\":\"Salary\",\"secret\":true,\"created_at\":\"2024-03-01T10:00:00Z\"}]}}"
}
# Opportunities of last name $1 whose notes are not exactly their record's: prints them, one a line.
wrong_notes() {
  sandbox_get notes | jq -c --arg last "$1" '.[] | select(.name | endswith(" " + $last))
    | {name, got: (.notes | map([.value, .secret]) | sort)}
    | select(.got != ([["Met " + (.name | split(" ")[0]) + " at the booth", false], ["Follow up", false], ["Follow up", false], ["Salary", true]] | sort))'
}

# Plain: one create and one request per note; values, secret flag and original date as given.
start_sandbox
record 1 Plain >"$WORK/plain.json"
tc create "${common[@]}" --input "$WORK/plain.json" -o json
expect_rc 0 "lead with notes"
expect_eq "$(sandbox_count notes)" "4" "four note creates"
expect_eq "$(sandbox_count requests)" "6" "the duplicate lookup, the create and one request per note"
expect_eq "$(requests_matching GET '/notes$' | tr -d ' ')" "0" "a fresh create reads no notes"
expect_eq "$(wrong_notes Plain)" "" "the notes as given"
expect_eq "$(sandbox_get notes | jq '.[0].notes[3].createdAt')" "1709287200000" "the note's original date"
expect_eq "$(requests_matching POST '/notes$' | tr -d ' ')" "4" "notes posted"
expect_eq "$(sandbox_get requests | jq -r '[.[] | select(.path | endswith("/notes"))][0].query.perform_as[0]')" "$USER_ID" "notes as the perform_as user"

# --on-duplicate merge: the notes already there are not added again; a new note is.
jq -c '.lever.notes += [{"text":"Second interview"}]' "$WORK/plain.json" >"$WORK/merge.json"
tc create "${common[@]}" --input "$WORK/merge.json" --on-duplicate merge -o json
expect_rc 0 "merge"
expect_eq "$(sandbox_count notes)" "5" "merge added only the missing note"
expect_eq "$(sandbox_get notes | jq -c '.[0].notes | map(.value) | sort')" '["Follow up","Follow up","Met N1 at the booth","Salary","Second interview"]' "merged notes"

# Faults on the notes POST only: every opportunity ends with exactly its notes.
N=${NOTE_RECORDS:-30}
# (the faults are the point, not the pace: no rate limit, no real backoff)
fast_sandbox --fault-seed 7 --fault-path '/notes$' --fault-500-after 0.08 --fault-reset-after 0.08 \
  --fault-500-before 0.05 --fault-503 0.05
for i in $(seq 1 "$N"); do record "$i" Fault; done >"$WORK/faults.ndjson"
tc create "${common[@]}" --input "$WORK/faults.ndjson" --journal "$WORK/faults.journal" --timeout 2 --retries 6 \
  --concurrency 4 "${fast[@]}"
# A record whose notes stayed ambiguous through every retry is failed with its id; the re-run finishes it.
# Either way the first run already wrote no note twice, and created every record once.
[[ $RC -eq 0 || $RC -eq 1 ]] && pass || fail "faults on notes: exit $RC, expected 0 or 1"
expect_eq "$(jq -r 'select(.id == null or .id == "") | .index' "$WORK/out" | tr '\n' ' ')" "" "faults on notes: every record reported with its id"
unfinished=$(jq -r 'select(.status != "created") | .index' "$WORK/out" | wc -l)
[[ $RC -eq 0 ]] && expect_eq "$unfinished" "0" "exit 0: every record created"
too_many_notes=$(sandbox_get notes | jq -c '.[] | select(.name | endswith(" Fault"))
  | select(([.notes[].value | select(. == "Follow up")] | length > 2)
      or ([.notes[] | select(.value != "Follow up") | .value] | length != (unique | length)))')
expect_eq "$too_many_notes" "" "faults on notes: the first run wrote no note twice"
if [[ $RC -ne 0 ]]; then
  echo "faults on notes: $unfinished records left unfinished by the first run; re-running with the journal"
  tc create "${common[@]}" --input "$WORK/faults.ndjson" --journal "$WORK/faults.journal" --timeout 2 --retries 6 \
    "${fast[@]}"
fi
expect_rc 0 "every record with its notes"
injected=$(sandbox_get requests | jq '[.[] | select(.fault != null and (.path | endswith("/notes")))] | length')
[[ $injected -ge 5 ]] && pass || fail "too few faults on the notes POST: $injected"
after=$(sandbox_get requests | jq '[.[] | select(.fault == "500-after" or .fault == "reset-after")] | length')
[[ $after -ge 1 ]] && pass || fail "no fault after processing"
expect_eq "$(sandbox_get notes | jq '[.[] | select(.name | endswith(" Fault"))] | length')" "$N" "every record created once"
expect_eq "$(wrong_notes Fault)" "" "every opportunity holds exactly its notes, none twice"

# SIGKILL between the notes of a record, then a re-run with the journal. Every note POST is held 0.8 s
# before the sandbox processes it (and dropped if the client is gone by then), and a record's notes go
# one after the other: once each of the four opportunities holds one note, the kill certainly lands
# before any holds two. The resume must read what is there and add only the three missing notes.
start_sandbox --fault-slow-before 1 --fault-path '/notes$' --slow-ms 800
for i in 1 2 3 4; do record "$i" Kill; done >"$WORK/kill.ndjson"
LEVER_API_KEY=$API_KEY LEVER_API_BASE=$BASE "$TC_BIN" create "${common[@]}" --input "$WORK/kill.ndjson" \
  --on-duplicate create --journal "$WORK/kill.journal" --concurrency 4 --timeout 2 >/dev/null 2>&1 &
pid=$!
kill_notes() { sandbox_get notes | jq -c '[.[] | select(.name | endswith(" Kill")) | (.notes | length)]'; }
each_holds_one() { [[ $(kill_notes) =~ ^\[[1-9],[1-9],[1-9],[1-9]\]$ ]]; }
wait_until 60 each_holds_one || fail "kill: the four opportunities did not get their first notes within 60 s"
kill -9 "$pid"
wait "$pid" 2>/dev/null || true
expect_eq "$(kill_notes)" "[1,1,1,1]" "the kill left each opportunity with one note of its four"
expect_eq "$(sandbox_get notes | jq -c '[.[] | select(.name | endswith(" Kill")) | .notes[0].value == "Met " + (.name | split(" ")[0]) + " at the booth"] | unique')" \
  "[true]" "the kill: each holds its first note"
expect_eq "$(sandbox_count notes)" "4" "the kill: four notes stored"
tc create "${common[@]}" --input "$WORK/kill.ndjson" --on-duplicate create --journal "$WORK/kill.journal" --timeout 2 \
  --concurrency 4
expect_rc 0 "resume after SIGKILL"
expect_eq "$(sandbox_get notes | jq '[.[] | select(.name | endswith(" Kill"))] | length')" "4" "no record created again"
expect_eq "$(wrong_notes Kill)" "" "every opportunity holds exactly its notes after the resume"
expect_eq "$(sandbox_count notes)" "16" "three note creates per record on the resume, none twice"
tc create "${common[@]}" --input "$WORK/kill.ndjson" --on-duplicate create --journal "$WORK/kill.journal"
expect_eq "$(jq -r .status "$WORK/out" | sort -u | tr '\n' ' ')" "skipped " "a third run sends nothing"
expect_eq "$(sandbox_count notes)" "16" "a third run adds no note"

# Applicant: sources, stage and notes after the application; owner refused before anything is sent.
start_sandbox
answers=(--answer 'a1b2c3d4-0000-4000-8000-000000000011=referral' --answer 'Years of experience=7')
echo "{\"lever\":{\"stage\":\"$PHONE_SCREEN\",\"sources\":[\"Career fair 2026\"],\"notes\":[{\"text\":\"Applied at the fair\"}]}}" >"$WORK/app.json"
tc create --job-id "$POSTING" --application-source applicant --perform-as "$USER_ID" --input "$WORK/app.json" \
  --first-name Ap --last-name Plicant --email ap@example.com --location Berlin "${answers[@]}" -o json
expect_rc 0 "applicant with stage, sources, notes"
"$VALIDATE_CANDIDATE_BIN" <"$WORK/out" >/dev/null && pass || fail "candidate with stage, source, owner is not schema-valid"
expect_eq "$(jq -r '.applications[0].current_stage.name' "$WORK/out")" "Phone screen" "stage set after the apply"
expect_eq "$(jq -r '.applications[0].source.name' "$WORK/out")" "Career fair 2026" "source added"
expect_eq "$(jq -c '.remote_data.sources | index("Career fair 2026") != null' "$WORK/out")" "true" "source held"
expect_eq "$(sandbox_get notes | jq -c '.[0].notes | map(.value)')" '["Applied at the fair"]' "note added"
before=$(sandbox_count requests)
echo '{"first_name":"Ap","last_name":"Three","emails":[{"email":"ap3@example.com"}],"lever":{"owner":"someone"}}' >"$WORK/owner.json"
tc create --job-id "$POSTING" --application-source applicant --input "$WORK/owner.json" "${answers[@]}" --location Berlin
expect_rc 65 "an applicant's owner is refused"
expect_contains "$WORK/err" "/lever/owner" "the refusal names the pointer"
expect_eq "$(( $(sandbox_count requests) - before ))" "0" "nothing sent for the refused record"
tc validate --job-id "$POSTING" --application-source applicant --with-form --input "$WORK/owner.json" "${answers[@]}" \
  --location Berlin
expect_rc 65 "validate --with-form refuses an applicant's owner"
expect_contains "$WORK/err" "/lever/owner" "validate names the pointer"

finish
