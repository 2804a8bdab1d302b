#!/usr/bin/env bash
# The sandbox itself, spoken to with curl only: it doubts a client the way Lever's documentation says
# Lever would (tests/sandbox/README.md). Confidential postings whose opportunities the lists leave out
# unless asked (confidentiality=all|confidential), while reads by id still return them; a key without
# confidential access (403); faults on every write endpoint, each counted once it is stored; 429s with
# and without Retry-After. If one of these stops holding, the product's tests against the sandbox would
# pass without proving anything.
source "$(dirname "$0")/lib.sh"
api() { curl -sS -u "$API_KEY:" "$@"; }
# status METHOD PATH [curl args…]: the HTTP status only ("000" when no answer came).
status() { local m=$1 p=$2; shift 2; curl -sS -o /dev/null -w '%{http_code}' -u "$API_KEY:" -X "$m" "$@" "$BASE$p" 2>/dev/null || true; }
create_body() { printf '{"name":"%s","emails":["%s"],"postings":["%s"]}' "$1" "$2" "$3"; }
APPLY_BODY='{"personalInformation":[{"name":"fullName","value":"Ap Ply"},{"name":"email","value":"ap.ply@example.com"},
{"name":"currentLocation","value":"Berlin"}],"customQuestions":[{"id":"c0ffee00-0000-4000-8000-000000000001",
"fields":[{"value":"Referral"},{"value":"7"},{"value":[]},{"value":null},{"value":null}]}]}'
count() { jq '.data | length'; }

# ---- confidential postings and the lists' default ---------------------------------------------------
start_sandbox --rate 0
conf=$(api -H 'Content-Type: application/json' -d "$(create_body 'Con Fidential' both@example.com "$CONF_POSTING")" \
  "$BASE/opportunities?perform_as=$USER_ID")
expect_eq "$(jq -r .data.confidentiality <<<"$conf")" "confidential" "an opportunity on the confidential posting is confidential"
conf_id=$(jq -r .data.id <<<"$conf")
open=$(api -H 'Content-Type: application/json' -d "$(create_body 'Con Fidential' both@example.com "$POSTING")" \
  "$BASE/opportunities?perform_as=$USER_ID")
expect_eq "$(jq -r .data.confidentiality <<<"$open")" "non-confidential" "an opportunity on the published posting is not"
expect_eq "$(api "$BASE/opportunities?email=both@example.com" | count)" "1" "by e-mail, default: the confidential one left out"
expect_eq "$(api "$BASE/opportunities?email=both@example.com&confidentiality=non-confidential" | count)" "1" "non-confidential"
expect_eq "$(api "$BASE/opportunities?email=both@example.com&confidentiality=all" | count)" "2" "confidentiality=all: both"
expect_eq "$(api "$BASE/opportunities?email=both@example.com&confidentiality=confidential" | jq -r '.data[].id')" "$conf_id" \
  "confidentiality=confidential: only it"
expect_eq "$(status GET "/opportunities?confidentiality=secret")" "400" "an unknown confidentiality is refused"
expect_eq "$(api "$BASE/opportunities?posting_id=$CONF_POSTING" | count)" "0" "by posting, default: none"
expect_eq "$(api "$BASE/opportunities?posting_id=$CONF_POSTING&confidentiality=all" | count)" "1" "by posting, all"
contact=$(jq -r .data.contact <<<"$conf")
expect_eq "$(api "$BASE/opportunities?contact_id=$contact" | count)" "1" "by contact, default"
expect_eq "$(api "$BASE/opportunities?contact_id=$contact&confidentiality=all" | count)" "2" "by contact, all"
now=$(($(date +%s) * 1000 - 60000))
expect_eq "$(api "$BASE/opportunities?created_at_start=$now" | count)" "1" "since a time, default"
page=$(api "$BASE/opportunities?limit=1&confidentiality=all")
next=$(jq -r .next <<<"$page")
expect_eq "$(api "$BASE/opportunities?limit=1&confidentiality=all&offset=$next" | jq -c '[(.data | length), .hasNext]')" "[1,false]" \
  "paging with confidentiality=all reaches the second"
expect_eq "$(api "$BASE/opportunities?limit=1" | jq -c '[(.data | length), .hasNext]')" "[1,false]" "paging, default: one in all"
expect_eq "$(api "$BASE/opportunities/$conf_id" | jq -r .data.confidentiality)" "confidential" "read by id"
expect_eq "$(status GET "/opportunities/$conf_id/notes")" "200" "its notes by id"
expect_eq "$(api "$BASE/postings" | jq --arg p "$CONF_POSTING" '[.data[] | select(.id == $p)] | length')" "0" \
  "the postings list, default: the confidential posting left out"
expect_eq "$(api "$BASE/postings?confidentiality=all" | jq --arg p "$CONF_POSTING" '[.data[] | select(.id == $p)] | length')" "1" \
  "the postings list, all"
expect_eq "$(api "$BASE/postings/$CONF_POSTING" | jq -r .data.confidentiality)" "confidential" "the posting by id"
expect_eq "$(status POST "/postings/$CONF_POSTING/apply" -H 'Content-Type: application/json' -d "$APPLY_BODY")" "201" "apply"
expect_eq "$(sandbox_get opportunities | jq -r '.[] | select(.name == "Ap Ply") | .confidentiality')" "confidential" \
  "an application to the confidential posting is confidential"
expect_eq "$(sandbox_get opportunities | jq length)" "3" "the inspection endpoint shows them all"

# ---- a key without confidential access ----------------------------------------------------------------
start_sandbox --no-confidential-access
expect_eq "$(status POST "/opportunities?perform_as=$USER_ID" -H 'Content-Type: application/json' \
  -d "$(create_body 'No Access' na@example.com "$CONF_POSTING")")" "403" "no access: a create on the confidential posting"
expect_eq "$(status GET "/postings/$CONF_POSTING")" "403" "no access: the confidential posting"
expect_eq "$(status GET "/postings/$CONF_POSTING/apply")" "403" "no access: its form"
expect_eq "$(status GET "/opportunities?confidentiality=all")" "403" "no access: a list asking for all"
expect_eq "$(status GET "/opportunities")" "200" "no access: the default list"
expect_eq "$(status GET "/postings/$POSTING")" "200" "no access: a published posting"

# ---- every write endpoint: stored and counted, then answered 500; the reads are left alone ---------
# each_write: one request of every kind of write on opportunity $1; prints each status on its own line.
each_write() {
  local o=/opportunities/$1 j=(-H 'Content-Type: application/json') note
  status POST "/opportunities?perform_as=$USER_ID" "${j[@]}" -d "$(create_body 'W Two' w2@example.com "$POSTING")"; echo
  status POST "/postings/$POSTING/apply" "${j[@]}" -d "$APPLY_BODY"; echo
  status POST "$o/notes?perform_as=$USER_ID" "${j[@]}" -d '{"value":"a note"}'; echo
  status POST "$o/files?perform_as=$USER_ID" -F "file=@$WORK/file.txt;filename=file.txt"; echo
  status POST "/uploads" -F "file=@$WORK/file.txt;filename=cv.pdf"; echo
  for list in Tags Links Sources; do
    status POST "$o/add$list" "${j[@]}" -d "{\"${list,}\":[\"x\"]}"; echo
    status POST "$o/remove$list" "${j[@]}" -d "{\"${list,}\":[\"x\"]}"; echo
  done
  status PUT "$o/stage" "${j[@]}" -d '{"stage":"lead-reached-out"}'; echo
  status PUT "$o/archived" "${j[@]}" -d '{"reason":"d35867b1-f661-4ec2-b477-b3e6524cc8b6"}'; echo
  note=$(api "$BASE$o/notes" | jq -r '.data[0].id')
  status DELETE "$o/notes/$note"; echo
}
KINDS='["addLinks","addSources","addTags","apply","archived","create","deleteNote","file","note","removeLinks","removeSources","removeTags","stage","upload"]'
echo "some file" >"$WORK/file.txt"
start_sandbox --rate 0 --fault-500-after 1 --fault-methods POST,PUT,DELETE
status POST "/opportunities?perform_as=$USER_ID" -H 'Content-Type: application/json' -d "$(create_body 'W One' w1@example.com "$POSTING")" >/dev/null
id=$(sandbox_get opportunities | jq -r '.[0].id')
expect_eq "$(each_write "$id" | sort -u | tr '\n' ' ')" "500 " "500 after storing: every write answered 500"
expect_eq "$(sandbox_get stats | jq -c '.writes | keys')" "$KINDS" "500 after storing: every kind of write stored"
expect_eq "$(sandbox_get stats | jq -c '.writes | del(.create) | [.[]] | unique')" "[1]" "500 after storing: … each once"
expect_eq "$(sandbox_get stats | jq -c '.writes.create')" "2" "500 after storing: both creates stored"
expect_eq "$(status GET "/opportunities/$id")" "200" "500 after storing: reads are left alone"
expect_eq "$(sandbox_get requests | jq '[.[] | select(.method != "GET" and .fault != "500-after")] | length')" "0" \
  "500 after storing: the fault on every write request"
for fault in reset-after 503 429 500-before; do
  start_sandbox --rate 0 --fault-"$fault" 1 --fault-methods POST,PUT,DELETE --fault-path '^/v1/(opportunities/|postings/|uploads)'
  status POST "/opportunities?perform_as=$USER_ID" -H 'Content-Type: application/json' -d "$(create_body 'W One' w1@example.com "$POSTING")" >/dev/null
  id=$(sandbox_get opportunities | jq -r '.[0].id')
  faulted=$(sandbox_get requests | jq --arg f "$fault" '[.[] | select(.fault == $f)] | length')
  each_write "$id" >/dev/null
  expect_eq "$(( $(sandbox_get requests | jq --arg f "$fault" '[.[] | select(.fault == $f)] | length') - faulted ))" "13" \
    "$fault: on every write but the creates (aimed past them with --fault-path)"
  if [[ $fault == reset-after ]]; then
    expect_eq "$(sandbox_get stats | jq -c '.writes | keys')" "$KINDS" "reset-after: every kind of write stored"
  else
    expect_eq "$(sandbox_get stats | jq -c '.writes | keys')" '["create"]' "$fault: nothing stored but the unfaulted create"
  fi
done

# ---- a reused keep-alive connection dropped after storing, on every write path ---------------------
# curl --next reuses the connection of a GET for the write; the fault drops it before any byte of the
# answer. (curl then sends the write again on a new connection, unfaulted: a client that re-sends.)
start_sandbox --rate 0 --fault-drop-reused 1 --fault-methods POST,PUT,DELETE
status POST "/opportunities?perform_as=$USER_ID" -H 'Content-Type: application/json' -d "$(create_body 'W One' w1@example.com "$POSTING")" >/dev/null
id=$(sandbox_get opportunities | jq -r '.[0].id')
note=$(api -H 'Content-Type: application/json' -d '{"value":"kept"}' "$BASE/opportunities/$id/notes?perform_as=$USER_ID" | jq -r .data.noteId)
reuse() {  # reuse METHOD PATH [curl args…]: a GET, then the write on the same connection
  local m=$1 p=$2; shift 2
  curl -sS -o /dev/null -u "$API_KEY:" "$BASE/stages" --next -sS -o /dev/null -u "$API_KEY:" -X "$m" "$@" "$BASE$p" 2>/dev/null || true
}
j=(-H 'Content-Type: application/json')
reuse POST "/opportunities?perform_as=$USER_ID" "${j[@]}" -d "$(create_body 'W Two' w2@example.com "$POSTING")"
reuse POST "/postings/$POSTING/apply" "${j[@]}" -d "$APPLY_BODY"
reuse POST "/opportunities/$id/notes" "${j[@]}" -d '{"value":"a note"}'
reuse POST "/opportunities/$id/files?perform_as=$USER_ID" -F "file=@$WORK/file.txt;filename=file.txt"
reuse POST /uploads -F "file=@$WORK/file.txt;filename=cv.pdf"
reuse POST "/opportunities/$id/addTags" "${j[@]}" -d '{"tags":["x"]}'
reuse POST "/opportunities/$id/removeSources" "${j[@]}" -d '{"sources":["x"]}'
reuse PUT "/opportunities/$id/stage" "${j[@]}" -d '{"stage":"lead-reached-out"}'
reuse PUT "/opportunities/$id/archived" "${j[@]}" -d '{"reason":"d35867b1-f661-4ec2-b477-b3e6524cc8b6"}'
reuse DELETE "/opportunities/$id/notes/$note"
expect_eq "$(sandbox_get requests | jq -c '[.[] | select(.fault == "drop-reused") | "\(.method) \(.path | sub("/[0-9a-f-]{36}"; "/ID"; "g"))"] | sort')" \
  '["DELETE /v1/opportunities/ID/notes/ID","POST /v1/opportunities","POST /v1/opportunities/ID/addTags","POST /v1/opportunities/ID/files","POST /v1/opportunities/ID/notes","POST /v1/opportunities/ID/removeSources","POST /v1/postings/ID/apply","POST /v1/uploads","PUT /v1/opportunities/ID/archived","PUT /v1/opportunities/ID/stage"]' \
  "drop-reused: on a reused connection, on every write path"
expect_eq "$(sandbox_get requests | jq '[.[] | select(.fault == "drop-reused" and .status >= 200 and .status < 300)] | length')" "10" \
  "drop-reused: … each processed before the drop"
expect_eq "$(sandbox_get stats | jq '.writes.note')" "3" "drop-reused: the note stored by the dropped request, and curl's re-send"

# ---- remove* and DELETE notes take back what was added --------------------------------------------
start_sandbox --rate 0
id=$(api -H 'Content-Type: application/json' -d "$(create_body 'Tak Back' tb@example.com "$POSTING")" "$BASE/opportunities?perform_as=$USER_ID" | jq -r .data.id)
api -H 'Content-Type: application/json' -d '{"tags":["a","b"]}' "$BASE/opportunities/$id/addTags" >/dev/null
expect_eq "$(api -H 'Content-Type: application/json' -d '{"tags":["a"]}' "$BASE/opportunities/$id/removeTags" | jq -c .data.tags)" '["b"]' "removeTags"
api -H 'Content-Type: application/json' -d '{"sources":["s"]}' "$BASE/opportunities/$id/addSources" >/dev/null
expect_eq "$(api -H 'Content-Type: application/json' -d '{"sources":["s"]}' "$BASE/opportunities/$id/removeSources" | jq -c .data.sources)" '[]' "removeSources"
note=$(api -H 'Content-Type: application/json' -d '{"value":"oops"}' "$BASE/opportunities/$id/notes" | jq -r .data.noteId)
expect_eq "$(status DELETE "/opportunities/$id/notes/$note")" "204" "DELETE a note"
expect_eq "$(api "$BASE/opportunities/$id/notes" | count)" "0" "the note is gone"
expect_eq "$(status DELETE "/opportunities/$id/notes/$note")" "404" "DELETE it again: not found"
expect_eq "$(curl -sS -o /dev/null -w '%{http_code}' -u sandbox-readonly-key: -X DELETE "$BASE/opportunities/$id/notes/$note")" "403" \
  "a read-only key cannot delete"
api -F "file=@$WORK/file.txt;filename=extra.txt" "$BASE/opportunities/$id/files?perform_as=$USER_ID" >/dev/null
expect_eq "$(sandbox_get files | jq -c --arg id "$id" '.[] | select(.opportunity == $id) | [.files[].name, (.resumes | length)]')" '["extra.txt",0]' \
  "the files inspection endpoint"

# ---- 429 with and without Retry-After ----------------------------------------------------------------
# answer CURL-ARGS…: "STATUS RETRY-AFTER" ("-" when there is no Retry-After).
answer() {
  curl -sS -D - -o /dev/null -u "$API_KEY:" "$@" | tr -d '\r' |
    awk -F': ' 'NR == 1 {status = $0; sub(/^HTTP\/[0-9.]+ /, "", status); sub(/ .*/, "", status)}
      tolower($1) == "retry-after" {after = $2} END {print status, (after == "" ? "-" : after)}'
}
upload() { answer -X POST -F "file=@$WORK/file.txt;filename=cv.pdf" "$BASE/uploads"; }
start_sandbox --fault-429 1
expect_eq "$(upload)" "429 -" "429 without Retry-After by default (Lever documents none)"
start_sandbox --fault-429 1 --retry-after-429 0
expect_eq "$(upload)" "429 0" "--retry-after-429 0"
start_sandbox --rate 0.01 --burst 1 --retry-after-429 3
answer "$BASE/stages" >/dev/null
expect_eq "$(answer "$BASE/stages")" "429 3" "the rate limit's 429 carries it too"
start_sandbox --fault-429 1 --retry-after-429 none
expect_eq "$(upload)" "429 -" "--retry-after-429 none"
"$SANDBOX_BIN" --retry-after-429 soon >/dev/null 2>&1 && fail "--retry-after-429 soon accepted" || pass

finish
