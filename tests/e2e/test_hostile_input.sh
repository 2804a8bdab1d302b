#!/usr/bin/env bash
# Hostile input: every case gets a clear error and exit 64, 65 or 66 — never a crash, a hang, an
# internal error, or a request to Lever. The corpus is tests/corpus/; big cases are generated here.
source "$(dirname "$0")/lib.sh"
start_sandbox
# POSTs the sandbox logged (counted by the sandbox: the log itself holds every hostile body).
posts() { sandbox_get stats | jq '.by_method.POST // 0'; }
corpus=$TC_SOURCE_DIR/tests/corpus
common=(create --job-id "$POSTING" --perform-as "$USER_ID")

# run_hostile NAME EXPECTED_CODES ARGS…: exit status among EXPECTED_CODES, a message on stderr,
# no POST reached the sandbox, finished within the time limit.
run_hostile() {
  local name=$1 codes=$2; shift 2
  local posts_before; posts_before=$(posts)
  set +e
  LEVER_API_KEY=$API_KEY LEVER_API_BASE=$BASE timeout 30 "$TC_BIN" "$@" >"$WORK/out" 2>"$WORK/err" <"${TC_STDIN:-/dev/null}"
  RC=$?
  set -e
  if [[ " $codes " == *" $RC "* ]]; then pass; else fail "$name: exit $RC, expected one of $codes"; fi
  [[ -s $WORK/err ]] && pass || fail "$name: no message on stderr"
  expect_not_contains "$WORK/err" "internal error" "$name: no internal error"
  expect_eq "$(posts)" "$posts_before" "$name: nothing sent"
}

# Inputs that are broken as a whole, or whose only record is unreadable: 65.
for f in truncated.json trailing_comma_object.json infinity.json whitespace_only.json \
         bom_only.json empty_array.json; do
  run_hostile "$f" "65" "${common[@]}" --input "$corpus/json/$f"
done
# What does not start with '{' or '[' is delimited text whatever the file's name (README "Spreadsheet
# exports"): CSV named .json is read as CSV (checked offline: the corpus's Ada is created further down).
tc validate --input "$corpus/json/csv_given_as_json.json" -o ndjson
expect_rc 0 "csv_given_as_json.json: read as the CSV it is"
expect_eq "$(jq -r .status "$WORK/out")" "valid" "csv_given_as_json.json: its one record is valid"
# Damage the reader cannot get past (an array that breaks, an unterminated CSV quote) ends the input with
# 65 and names the line; the records read before it are whole, so they are created and reported, in order;
# nothing after the break is sent. Inputs made here first, with good records before the break and
# after it, so the counts below are not 0 = 0.
printf '[\n {"first_name":"Ar","last_name":"Ray","emails":[{"email":"ar1@example.com"}]},\n {"first_name":"Ar2","last_name":"Ray","emails":[{"email":"ar2@example.com"}]},\n {"first_name":"Ar3","last_name":"Ray","emails":[{"email":"ar3@example.com"}]}\n {"first_name":"After","last_name":"Break","emails":[{"email":"after1@example.com"}]}\n]\n' >"$WORK/missing_comma.json"
printf '[\n {"first_name":"Tr","last_name":"Ail","emails":[{"email":"tr1@example.com"}]},\n {"first_name":"Tr2","last_name":"Ail","emails":[{"email":"tr2@example.com"}]},\n]\n' >"$WORK/trailing_comma.json"
printf 'first_name,last_name,email\nCs,Vee,cs1@example.com\nCs2,Vee,cs2@example.com\n"After,Break,after2@example.com\nAfter3,Break,after3@example.com\n' >"$WORK/unterminated.csv"
for case in "missing_comma.json 3 5" "trailing_comma.json 2 4" "unterminated.csv 2 4"; do
  read -r f good bad_line <<<"$case"
  posts_before=$(posts)
  tc "${common[@]}" --input "$WORK/$f"
  expect_rc 65 "$f: broken input"
  expect_contains "$WORK/err" "line $bad_line" "$f: names the line of the break"
  expect_eq "$(jq -r .status "$WORK/out" | tr '\n' ' ')" "$(printf 'created %.0s' $(seq 1 "$good"))" "$f: the records before the break are created and reported"
  expect_eq "$(jq -r .index "$WORK/out" | tr '\n' ' ')" "$(seq 0 $((good - 1)) | tr '\n' ' ')" "$f: in order"
  expect_eq "$(( $(posts) - posts_before ))" "$good" "$f: one create per record before the break, none after"
done
expect_eq "$(sandbox_get opportunities | jq '[.[] | select(.name | test("Ray|Ail|Vee$"))] | length')" "7" "records before the breaks held"
expect_eq "$(sandbox_get opportunities | jq '[.[] | select(.name | test("Break"))] | length')" "0" "nothing after a break held"
# The corpus cases: the same rule, with their own counts (Ada and Bob before a trailing comma; Ada alone
# before a missing comma or an unterminated quote).
for case in "json/trailing_comma_array.json 2" "json/array_missing_comma.json 1" "csv/unterminated.csv 1"; do
  read -r f good <<<"$case"
  posts_before=$(posts)
  tc "${common[@]}" --input "$corpus/$f"
  expect_rc 65 "$f: broken input"
  expect_contains "$WORK/err" "line" "$f: names the line"
  expect_eq "$(jq -r 'select(.status=="created") | .index' "$WORK/out" | wc -l)" "$good" "$f: the records before the break reported created"
  expect_eq "$(( $(posts) - posts_before ))" "$good" "$f: only they were sent"
done
# NDJSON with hostile lines (NaN, 1e999, bad UTF-8, lone surrogates, control characters, not objects) among
# good ones: each hostile record fails on its own with its line, the good ones are created (exit 1), and
# exactly one create is sent per good record.
for f in nan.ndjson huge_exponent.ndjson invalid_utf8.ndjson lone_surrogate.ndjson control_char.ndjson not_object.ndjson; do
  posts_before=$(posts)
  tc "${common[@]}" --input "$corpus/json/$f"
  expect_rc 1 "$f: some records failed"
  failed=$(jq -r 'select(.status=="failed") | .error.message' "$WORK/out")
  [[ -n $failed ]] && pass || fail "$f: no record failed"
  expect_eq "$(grep -vc ' line ' <<<"$failed" || true)" "0" "$f: every failure names its line"
  created=$(jq -r 'select(.status=="created") | .index' "$WORK/out" | wc -l)
  expect_eq "$(( $(posts) - posts_before ))" "$created" "$f: a create only for good records"
done
for f in unknown_column.csv duplicate_column.csv; do
  run_hostile "$f" "65" "${common[@]}" --input "$corpus/csv/$f"
done

# Wrong types where objects belong.
for doc in 'null' '"a string"' '42' '[1,2]' '{"emails":null}' '{"emails":[null]}' '{"phones":[{"number":12}]}' \
           '{"first_name":{"x":1}}' '{"links":[{"href":"x"}]}' '{"remote_data":[]}'; do
  printf '%s\n' "$doc" >"$WORK/doc.json"
  run_hostile "type: $doc" "1 65" "${common[@]}" --input "$WORK/doc.json"
done

# Generated giants: nesting 300,000 deep, a 60 MB string, 2 million array items, a 2 MB record.
head -c 300000 /dev/zero | tr '\0' '[' >"$WORK/deep.json"
run_hostile "300,000 deep" "65" "${common[@]}" --input "$WORK/deep.json"
{ printf '{"first_name":"'; head -c 60000000 /dev/zero | tr '\0' 'a'; printf '"}\n'; } >"$WORK/bigstring.json"
run_hostile "60 MB string" "65" "${common[@]}" --input "$WORK/bigstring.json"
{ printf '{"tags":['; head -c 2000000 /dev/zero | tr '\0' 'x' | sed 's/x/"t",/g'; printf '"t"]}\n'; } >"$WORK/items.json"
run_hostile "2 million array items" "65" "${common[@]}" --input "$WORK/items.json"
{ printf '{"tags":['; head -c 1500 /dev/zero | tr '\0' 'x' | sed 's/x/"t",/g'; printf '"t"],"first_name":"A"}\n'; } >"$WORK/items1500.json"
run_hostile "1,501 array items" "65" "${common[@]}" --input "$WORK/items1500.json"
expect_contains "$WORK/err" "/tags" "array cap names the field"
{ printf '{"first_name":"'; head -c 70000 /dev/zero | tr '\0' 'b'; printf '","emails":[{"email":"a@example.com"}]}\n'; } >"$WORK/longfield.json"
run_hostile "70 KiB string" "65" "${common[@]}" --input "$WORK/longfield.json"
expect_contains "$WORK/err" "/first_name" "string cap names the field"

# Missing, unreadable and directory inputs: 66. (Root reads mode-000 files, so test it only as a user.)
run_hostile "missing file" "66" "${common[@]}" --input "$WORK/nope.json"
run_hostile "directory" "66" "${common[@]}" --input "$WORK"
if [[ $(id -u) -ne 0 ]]; then
  echo '{}' >"$WORK/locked.json"; chmod 000 "$WORK/locked.json"
  run_hostile "unreadable file" "66" "${common[@]}" --input "$WORK/locked.json"
fi

# A stdin that never ends is not read unless asked: create with flags only does not wait for stdin.
# The writer is stopped afterwards and keeps no copy of the test's stderr: ctest would wait for it.
exec 3< <(exec sleep 30 2>/dev/null)
endless_stdin=$!
set +e
LEVER_API_KEY=$API_KEY LEVER_API_BASE=$BASE timeout 10 "$TC_BIN" create --job-id "$POSTING" --perform-as "$USER_ID" \
  --first-name Calm --email calm@example.com <&3 >/dev/null 2>&1
RC=$?
set -e
kill "$endless_stdin" 2>/dev/null || true
exec 3<&-
expect_rc 0 "stdin is not read implicitly"

# A BOM and CRLF are fine.
run_ok() { tc "${common[@]}" --input "$1"; expect_rc 0 "$(basename "$1") accepted"; }
run_ok "$corpus/json/bom_crlf.ndjson"

finish
