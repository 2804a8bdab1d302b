#!/usr/bin/env bash
# `undo` against the sandbox's state: a create run with --on-duplicate merge is taken back — the
# opportunities it created archived with the reason, those it merged into restored exactly (tags, links,
# sources, notes as before the run), those it did not change left alone, those changed since reported and
# left. A dry run and a second undo write nothing; a killed undo finishes on re-run; faults on the undo's
# writes change nothing; an earlier version's journal and a results file undo what they can.
source "$(dirname "$0")/lib.sh"
common=(--job-id "$POSTING" --perform-as "$USER_ID")
WITHDREW=d35867b1-f661-4ec2-b477-b3e6524cc8b6
PHONE_SCREEN=00922a60-7c15-422b-b086-f62000824fd7

api() {  # api METHOD PATH [JSON]: a call to the sandbox's Lever API with the writing key
  curl -sS -u "$API_KEY:" -X "$1" -H 'Content-Type: application/json' ${3:+--data "$3"} "$BASE$2" >/dev/null
}
# Every opportunity as tags, links, sources, stage and archive reason, and its notes' texts: what "as it was" means.
state_of() {
  sandbox_get opportunities | jq -c 'map({id, tags: (.tags | sort), links: (.links | sort), sources: (.sources | sort),
    stage: (.stage.id // .stage), reason: (.archived.reason // null)}) | sort_by(.id)'
  sandbox_get notes | jq -c 'map({opportunity, notes: (.notes | map(.value) | sort)}) | sort_by(.opportunity)'
}
# The same, with the opportunities in $1 (ids, one a line) counted as not archived: the state before the run.
state_without_archive() {
  local ids
  ids=$(jq -R . <"$1" | jq -sc .)
  sandbox_get opportunities | jq -c --argjson ids "$ids" '[.[] | select(.id as $i | $ids | index($i) | not)]
    | map({id, tags: (.tags | sort), links: (.links | sort), sources: (.sources | sort),
    stage: (.stage.id // .stage), reason: (.archived.reason // null)}) | sort_by(.id)'
  sandbox_get notes | jq -c --argjson ids "$ids" '[.[] | select(.opportunity as $i | $ids | index($i) | not)]
    | map({opportunity, notes: (.notes | map(.value) | sort)}) | sort_by(.opportunity)'
}
writes() { sandbox_get requests | jq '[.[] | select(.method != "GET")] | length'; }

# new N: a lead with a tag and a note; merge N: old-N gains a tag, a link, a source and a note.
new() { echo "{\"name\":\"New $1\",\"emails\":[{\"email\":\"new$1@example.com\"}],\"tags\":[\"imported\"],\"lever\":{\"notes\":[{\"text\":\"from the fair\"}]}}"; }
merge() { echo "{\"name\":\"Seeded Person $1\",\"emails\":[{\"email\":\"old-$1@example.com\"}],\"tags\":[\"seeded\",\"imported\"],\"links\":[\"https://cv.example.com/$1\"],\"lever\":{\"sources\":[\"Career fair\"],\"notes\":[{\"text\":\"met again\"}]}}"; }

# ---- the main run: created, merged, merged adding nothing; dry run; changed since; undo; undo again -----
start_sandbox
curl -sS -X POST -d "" "$SANDBOX/__sandbox/seed-opportunities?count=4&prefix=old" >/dev/null
old2=$(sandbox_get opportunities | jq -r '.[] | select(.emails[0] == "old-2@example.com") | .id')
api POST "/opportunities/$old2/notes?perform_as=$USER_ID" '{"value":"a note from before"}'
state_of >"$WORK/before"
{ new 1; new 2; new 3; merge 0; merge 1; merge 2; echo '{"name":"Seeded Person 3","emails":[{"email":"old-3@example.com"}],"tags":["seeded"]}'; } >"$WORK/run.ndjson"
tc create "${common[@]}" --input "$WORK/run.ndjson" --on-duplicate merge --journal "$WORK/run.journal" -o ndjson
expect_rc 0 "the import"
expect_eq "$(jq -r .status "$WORK/out" | sort | uniq -c | tr -s ' ' | tr '\n' ';')" " 3 created; 4 merged;" "3 created, 4 merged"
expect_eq "$(jq -c 'select(.wrote.kind == "merged") | .wrote | {tags, sources, n: (.notes | length)}' "$WORK/run.journal" | sort -u | head -1)" \
  '{"tags":["imported"],"sources":["Career fair"],"n":1}' "the journal holds what a merge added (only what was lacking)"
expect_eq "$(jq -r 'select(.wrote.kind == "created") | .wrote.stage' "$WORK/run.journal" | sort -u)" "lead-new" "the stage at creation"
created=$(jq -r 'select(.status == "created") | .id' "$WORK/out")
new3=$(jq -r 'select(.index == 2) | .id' "$WORK/out")
echo "$created" >"$WORK/created.ids"

tc undo --journal "$WORK/run.journal" --archive-reason withdrew --dry-run -o ndjson
expect_rc 0 "dry run"
expect_eq "$(wc -l <"$WORK/out" | tr -d ' ')" "7" "one plan line per opportunity"
expect_eq "$(jq -r .status "$WORK/out" | sort | uniq -c | tr -s ' ' | tr '\n' ';')" " 6 planned; 1 untouched;" "the plan"
w0=$(writes)
[[ -e $WORK/run.journal.undo ]] && fail "a dry run wrote the progress file" || pass

# Changed since the run: New 3 moved on, old-1 lost the tag the run added.
api PUT "/opportunities/$new3/stage" "{\"stage\":\"$PHONE_SCREEN\"}"
old1=$(sandbox_get opportunities | jq -r '.[] | select(.emails[0] == "old-1@example.com") | .id')
api POST "/opportunities/$old1/removeTags" '{"tags":["imported"]}'
changed_state=$(sandbox_get opportunities | jq -c --arg a "$new3" --arg b "$old1" '[.[] | select(.id == $a or .id == $b)]')
before_undo=$(sandbox_count requests)

tc undo --journal "$WORK/run.journal" --archive-reason withdrew -o ndjson
expect_rc 1 "undo with two opportunities changed since: exit 1"
expect_eq "$(jq -r .status "$WORK/out" | sort | uniq -c | tr -s ' ' | tr '\n' ';')" " 2 archived; 2 changed; 2 reverted; 1 untouched;" "undo results"
expect_contains "$WORK/out" "moved from stage lead-new to $PHONE_SCREEN" "the stage change is reported"
expect_contains "$WORK/err" "2 archived, 2 reverted, 1 untouched, 2 changed since the run, 0 failed" "summary"
expect_eq "$(sandbox_get opportunities | jq -c --arg a "$new3" --arg b "$old1" '[.[] | select(.id == $a or .id == $b)]')" "$changed_state" "changed ones left as they were"
for id in $created; do
  [[ $id == "$new3" ]] && continue
  expect_eq "$(sandbox_get opportunities | jq -r --arg id "$id" '.[] | select(.id == $id) | .archived.reason')" "$WITHDREW" "created $id archived with the reason's id"
done
# Everything else exactly as before the run: merged ones restored (old-0, old-2), old-3 untouched.
grep -v "^$new3$" "$WORK/created.ids" >"$WORK/archived.ids"
expect_eq "$(state_without_archive "$WORK/archived.ids" | jq -c --arg a "$new3" --arg b "$old1" 'map(select(.id != $a and .id != $b and .opportunity != $a and .opportunity != $b))')" \
  "$(jq -c --arg b "$old1" 'map(select(.id != $b and .opportunity != $b))' "$WORK/before")" "merged opportunities restored exactly, the rest untouched"
expect_eq "$(sandbox_get requests | jq --argjson n "$before_undo" '[.[$n:][] | select(.method == "GET" and .path == "/v1/opportunities")] | length')" "0" "undo lists no opportunities"
expect_eq "$(sandbox_get requests | jq --argjson n "$before_undo" '[.[$n:][] | select(.method == "DELETE" and .status != 429)] | length')" "2" "one note delete per merge"

w1=$(writes)
tc undo --journal "$WORK/run.journal" --archive-reason withdrew -o ndjson
expect_rc 1 "second undo: the changed ones are still reported"
expect_eq "$(writes)" "$w1" "a second undo writes nothing"
expect_eq "$(jq -r .status "$WORK/out" | sort | uniq -c | tr -s ' ' | tr '\n' ';')" " 2 archived; 2 changed; 2 reverted; 1 untouched;" "second undo results"

# ---- the sandbox's reading of Lever's take-back calls ------------------------------------------------------
some=$(head -n1 "$WORK/archived.ids")
api PUT "/opportunities/$some/archived" '{"reason":null}'
expect_eq "$(sandbox_get opportunities | jq -c --arg id "$some" '.[] | select(.id == $id) | .archived')" "null" "a null reason unarchives"
api PUT "/opportunities/$some/archived" "{\"reason\":\"$WITHDREW\"}"
status_of() { curl -sS -o /dev/null -w '%{http_code}' -u "$API_KEY:" -X "$1" "$BASE$2"; }
api POST "/opportunities/$some/notes?perform_as=$USER_ID" '{"value":"to delete"}'
note_id=$(curl -sS -u "$API_KEY:" "$BASE/opportunities/$some/notes" | jq -r '.data[] | select(.fields[0].value == "to delete") | .id')
expect_eq "$(status_of DELETE "/opportunities/$some/notes/$note_id")" "204" "DELETE a note"
expect_eq "$(status_of DELETE "/opportunities/$some/notes/$note_id")" "404" "DELETE it again: 404"
expect_eq "$(curl -sS -o /dev/null -w '%{http_code}' -u "sandbox-readonly-key:" -X DELETE "$BASE/opportunities/$some/notes/x")" "403" "a read-only key may not delete"

# ---- usage --------------------------------------------------------------------------------------------
tc undo --journal "$WORK/run.journal" --archive-reason withdrew --via truto
expect_rc 64 "--via truto is refused"
expect_contains "$WORK/err" "no call to archive" "the truto refusal says why"
tc undo --journal "$WORK/run.journal"
expect_rc 64 "--archive-reason is required"
tc undo --journal "$WORK/run.journal" --archive-reason "No such reason"
expect_rc 65 "an unknown reason"
tc undo --journal "$WORK/none.journal" --archive-reason withdrew
expect_rc 66 "a missing journal"

# ---- faults on every undo write, and SIGKILL mid-undo, then a re-run ----------------------------------
N=${UNDO_RECORDS:-12}
start_sandbox --fault-seed 11 --fault-methods PUT,POST,DELETE --fault-path 'archived$|/remove|/notes/' \
  --fault-500-after 0.15 --fault-reset-after 0.15 --fault-503 0.05 --latency-ms 20-60 --rate 100 --burst 100
curl -sS -X POST -d "" "$SANDBOX/__sandbox/seed-opportunities?count=$N&prefix=old" >/dev/null
state_of >"$WORK/before"
{ for i in $(seq 1 "$N"); do new "$i"; done; for i in $(seq 0 $((N - 1))); do merge "$i"; done; } >"$WORK/faults.ndjson"
tc create "${common[@]}" --input "$WORK/faults.ndjson" --on-duplicate merge --journal "$WORK/faults.journal" --rate 100 -o ndjson
expect_rc 0 "the import under faults aimed at undo's writes only"
jq -r 'select(.status == "created") | .id' "$WORK/out" >"$WORK/created.ids"
for attempt in 1 2; do
  LEVER_API_KEY=$API_KEY LEVER_API_BASE=$BASE "$TC_BIN" undo --journal "$WORK/faults.journal" --archive-reason withdrew \
    --timeout 2 --retries 6 --rate 100 --retry-delay 0.02 -o ndjson >/dev/null 2>&1 &
  pid=$!
  # Killed once this undo has started an opportunity (its progress file FILE.undo says so), a random
  # 0-150 ms later: mid-undo on a loaded machine too, never before it began.
  lines_before=$(lines_in "$WORK/faults.journal.undo")
  wait_until 60 started_since "$WORK/faults.journal.undo" "$lines_before" || fail "undo attempt $attempt never started an opportunity"
  sleep "0.$(printf '%03d' $((RANDOM % 150)))"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
done
tc undo --journal "$WORK/faults.journal" --archive-reason withdrew --timeout 2 --retries 6 --rate 100 --retry-delay 0.02 -o ndjson
# An opportunity whose writes failed through every retry is failed; the next run finishes it.
[[ $RC -eq 0 ]] || tc undo --journal "$WORK/faults.journal" --archive-reason withdrew --timeout 2 --retries 6 --rate 100 --retry-delay 0.02 -o ndjson
expect_rc 0 "undo finishes after kills and faults"
expect_eq "$(jq -r .status "$WORK/out" | sort | uniq -c | tr -s ' ' | tr '\n' ';')" " $N archived; $N reverted;" "every opportunity undone"
injected=$(sandbox_get requests | jq '[.[] | select(.fault == "500-after" or .fault == "reset-after")] | length')
[[ $injected -ge 3 ]] && pass || fail "too few faults after processing on undo's writes: $injected"
expect_eq "$(state_without_archive "$WORK/created.ids")" "$(cat "$WORK/before")" "merged opportunities restored exactly"
expect_eq "$(sandbox_get opportunities | jq --arg r "$WITHDREW" '[.[] | select(.archived.reason == $r)] | length')" "$N" "every created one archived"
w1=$(writes)
tc undo --journal "$WORK/faults.journal" --archive-reason withdrew -o ndjson
expect_eq "$(writes)" "$w1" "a second undo after faults writes nothing"

# ---- a merge that failed half-way (addSources refused after addTags): undo takes back what it added -------
start_sandbox --fault-methods POST --fault-path 'addSources$' --fault-500-before 1
curl -sS -X POST -d "" "$SANDBOX/__sandbox/seed-opportunities?count=1&prefix=old" >/dev/null
state_of >"$WORK/before"
merge 0 >"$WORK/half.ndjson"
tc create "${common[@]}" --input "$WORK/half.ndjson" --on-duplicate merge --journal "$WORK/half.journal" --retries 0 -o ndjson
expect_eq "$(jq -r .status "$WORK/out")" "failed" "the merge failed at addSources"
expect_eq "$(sandbox_get opportunities | jq -c '.[0].tags')" '["seeded","imported"]' "after adding its tag"
tc undo --journal "$WORK/half.journal" --archive-reason withdrew -o ndjson
expect_rc 0 "undo of the failed merge"
expect_eq "$(jq -r .status "$WORK/out")" "reverted" "reverted"
expect_eq "$(state_of)" "$(cat "$WORK/before")" "the opportunity as it was"

# ---- a confidential posting: created ones archived, the merged-into one restored --------------------------
start_sandbox
curl -sS -X POST -d "" "$SANDBOX/__sandbox/seed-opportunities?count=1&prefix=old&posting=$CONF_POSTING" >/dev/null
state_of >"$WORK/before"
{ new 1; new 2; merge 0; } >"$WORK/conf.ndjson"
tc create --job-id "$CONF_POSTING" --perform-as "$USER_ID" --input "$WORK/conf.ndjson" --on-duplicate merge \
  --journal "$WORK/conf.journal" -o ndjson
expect_eq "$(jq -r .status "$WORK/out" | sort | tr '\n' ' ')" "created created merged " "confidential posting: the merge found its duplicate"
jq -r 'select(.status == "created") | .id' "$WORK/out" >"$WORK/created.ids"
tc undo --journal "$WORK/conf.journal" --archive-reason withdrew -o ndjson
expect_rc 0 "undo on a confidential posting"
expect_eq "$(jq -r .status "$WORK/out" | sort | tr '\n' ' ')" "archived archived reverted " "confidential: archived and reverted"
expect_eq "$(state_without_archive "$WORK/created.ids")" "$(cat "$WORK/before")" "confidential: restored exactly"

# ---- an earlier version's journal (no "wrote"): created ones archived, merges named and left -----------
start_sandbox
# An opportunity from long before the run (seeded ones are seconds old: within the clock skew allowed).
api POST "/opportunities?perform_as=$USER_ID" \
  "{\"name\":\"Seeded Person 0\",\"emails\":[\"old-0@example.com\"],\"postings\":[\"$POSTING\"],\"tags\":[\"seeded\"],\"createdAt\":1600000000000}"
{ new 1; new 2; merge 0; } >"$WORK/old.ndjson"
tc create "${common[@]}" --input "$WORK/old.ndjson" --on-duplicate merge --journal "$WORK/old.journal" -o ndjson
jq -c 'del(.wrote)' "$WORK/old.journal" >"$WORK/v1.journal"
old0=$(sandbox_get opportunities | jq -r '.[] | select(.emails[0] == "old-0@example.com") | .id')
tags_before=$(sandbox_get opportunities | jq -c --arg id "$old0" '.[] | select(.id == $id) | .tags')
tc undo --journal "$WORK/v1.journal" --archive-reason withdrew -o ndjson
expect_rc 0 "undo of an earlier version's journal"
expect_eq "$(jq -r .status "$WORK/out" | sort | uniq -c | tr -s ' ' | tr '\n' ';')" " 2 archived; 1 untouched;" "created ones archived"
expect_contains "$WORK/out" "did not journal what it added" "the merge it cannot take back is named"
expect_eq "$(sandbox_get opportunities | jq -c --arg id "$old0" '.[] | select(.id == $id) | [.tags, .archived]')" "[$tags_before,null]" "the merged one left as it is"

# ---- a results file (a run without a journal): created archived, matched untouched ----------------------
start_sandbox
curl -sS -X POST -d "" "$SANDBOX/__sandbox/seed-opportunities?count=1&prefix=old" >/dev/null
{ new 1; new 2; merge 0; } >"$WORK/results-run.ndjson"
tc create "${common[@]}" --input "$WORK/results-run.ndjson" -o ndjson
cp "$WORK/out" "$WORK/results.ndjson"
expect_eq "$(jq -r .status "$WORK/results.ndjson" | sort | tr '\n' ' ')" "created created existing " "the run: two created, one matched"
tc undo --results "$WORK/results.ndjson" --archive-reason Withdrew -o ndjson
expect_rc 0 "undo from the results file"
expect_eq "$(jq -r .status "$WORK/out" | sort | tr '\n' ' ')" "archived archived untouched " "created archived, matched untouched"
expect_eq "$(sandbox_get opportunities | jq '[.[] | select(.archived != null)] | length')" "2" "two archived in the sandbox"
[[ -s $WORK/results.ndjson.undo ]] && pass || fail "the undo's progress file next to the results"

finish
