#!/usr/bin/env bash
# Files named by the rows of an input (ARCHITECTURE.md §4) and records that name their own posting (§5):
# relative résumé/attachment paths are the input's, whatever the current directory; --resume-dir finds
# résumés by e-mail; a missing, unsupported or ambiguous file fails only its row, before anything is sent
# for it (dry runs too); the applicant route takes the same files; a job_id column sends each record to
# its posting, with duplicates, journal keys and results per posting.
source "$(dirname "$0")/lib.sh"
start_sandbox
lead=(--perform-as "$USER_ID" -o ndjson)
creates() { sandbox_get requests | jq -c '[.[] | select(.method == "POST" and .path == "/v1/opportunities")]'; }
# The create of the lead with e-mail $1 (multipart: an emails[] part; JSON: the body's emails).
create_of() {
  creates | jq -c --arg e "$1" '.[] | select(any(.parts[]?; .name == "emails[]" and .value == $e)
    or ((.json.emails // []) | index($e)))'
}
part() { jq -r --arg n "$2" '[.parts[] | select(.name == $n) | "\(.file_name):\(.size)"] | join(",")' <<<"$1"; }
result() { jq -c --argjson i "$1" 'select(.index == $i)' "$WORK/out"; }
opportunities_of() { sandbox_get opportunities | jq -c --arg e "$1" '[.[] | select(.emails | index($e))]'; }

# ---- relative paths: taken from the CSV's folder, run from another directory ----------------------------
export_dir=$WORK/export
mkdir -p "$export_dir/cv" "$WORK/elsewhere"
head -c 1111 /dev/urandom >"$export_dir/cv/ada lovelace.pdf"
head -c 2222 /dev/urandom >"$export_dir/cv/bob.docx"
head -c 333 /dev/urandom >"$export_dir/notes.txt"
head -c 444 /dev/urandom >"$export_dir/portfolio.png"
head -c 55 /dev/urandom >"$export_dir/cv/dee.zip"
cat >"$export_dir/people.csv" <<'CSV'
first_name,last_name,emails,resume,attachments
Ada,Lovelace,rf-ada@example.com,cv/ada lovelace.pdf,notes.txt; portfolio.png
Bob,Byte,rf-bob@example.com,cv/bob.docx,
Cy,Missing,rf-cy@example.com,cv/nope.pdf,
Dee,Zip,rf-dee@example.com,cv/dee.zip,
CSV
cd "$WORK/elsewhere"
tc create --dry-run --job-id "$POSTING" "${lead[@]}" --input ../export/people.csv
expect_rc 65 "dry run: the bad rows fail (invalid: 65, as validate says)"
expect_eq "$(jq -r .status "$WORK/out" | tr '\n' ' ')" "planned planned failed failed " "dry run: statuses"
expect_eq "$(result 2 | jq -r .error.pointer)" "/attachments/0/file_url" "dry run: the missing file's pointer"
expect_eq "$(creates | jq length)" "0" "dry run: nothing sent"

tc create --job-id "$POSTING" "${lead[@]}" --input ../export/people.csv
cd - >/dev/null
expect_rc 1 "a bad row fails the run's status, not the run"
ada=$(create_of rf-ada@example.com)
expect_eq "$(part "$ada" resumeFile)" "ada lovelace.pdf:1111" "the résumé from the CSV's folder, its name and size"
expect_eq "$(part "$ada" 'files[]')" "notes.txt:333,portfolio.png:444" "the attachments cell: two files, in order"
expect_eq "$(part "$(create_of rf-bob@example.com)" resumeFile)" "bob.docx:2222" "a .docx résumé"
expect_eq "$(result 2 | jq -r .status)" "failed" "the missing résumé fails its row"
expect_eq "$(result 2 | jq -r .line)" "4" "… with its line"
expect_eq "$(result 2 | jq -r .error.pointer)" "/attachments/0/file_url" "… the pointer"
expect_contains <(result 2 | jq -r .error.message) "$export_dir/cv/nope.pdf" "… and the path"
expect_eq "$(result 3 | jq -r .error.code)" "invalid_input" "an unsupported résumé type fails its row"
expect_contains <(result 3 | jq -r .error.message) "dee.zip" "… naming the file"
expect_eq "$(create_of rf-cy@example.com)$(create_of rf-dee@example.com)" "" "nothing sent for the failed rows"
expect_eq "$(creates | jq length)" "2" "the good rows were sent"

# ---- --resume-dir: DIR/<e-mail>.* (case-insensitive), or the file a cell names ---------------------------
resumes=$WORK/resumes
mkdir -p "$resumes"
head -c 555 /dev/urandom >"$resumes/RF-Eve@Example.com.pdf"
head -c 666 /dev/urandom >"$resumes/hal.pdf"
head -c 7 /dev/urandom >"$resumes/rf-gus@example.com.pdf"
head -c 8 /dev/urandom >"$resumes/rf-gus@example.com.doc"
printf 'first_name,emails,resume\nEve,rf-eve@example.com,\nFay,rf-fay@example.com,\nGus,rf-gus@example.com,\nHal,rf-hal@example.com,hal.pdf\n' \
  >"$WORK/elsewhere/by-email.csv"
tc create --job-id "$POSTING" "${lead[@]}" --input "$WORK/elsewhere/by-email.csv" --resume-dir "$resumes"
expect_rc 1 "--resume-dir: one ambiguous row"
expect_eq "$(part "$(create_of rf-eve@example.com)" resumeFile)" "RF-Eve@Example.com.pdf:555" "found by e-mail"
expect_eq "$(create_of rf-fay@example.com | jq -r .content_type)" "application/json" "no file: created without one"
expect_eq "$(result 2 | jq -r .status)" "failed" "two résumés for one e-mail fail the row"
expect_contains <(result 2 | jq -r .error.message) "rf-gus@example.com.doc, rf-gus@example.com.pdf" "… listing both"
expect_eq "$(part "$(create_of rf-hal@example.com)" resumeFile)" "hal.pdf:666" "a cell's file taken from --resume-dir"

# ---- the applicant route: a résumé from --resume-dir uploaded for the application -------------------------
head -c 777 /dev/urandom >"$resumes/rf-ivy@example.com.pdf"
answers='"job_form_field_answers":[{"name":"a1b2c3d4-0000-4000-8000-000000000011","value":"referral"},{"name":"Years of experience","value":"7"}]'
{
  printf '{"first_name":"Ivy","last_name":"Apply","emails":[{"email":"rf-ivy@example.com"}],"locations":["Berlin"],%s}\n' "$answers"
  printf '{"first_name":"Jay","last_name":"Apply","emails":[{"email":"rf-jay@example.com"}],"locations":["Berlin"],"attachments":[{"id":"cv","file_url":"file://%s/nope.pdf","type":"resume"}],%s}\n' "$resumes" "$answers"
} >"$WORK/applicants.ndjson"
tc create --job-id "$POSTING" "${lead[@]}" --application-source applicant --input "$WORK/applicants.ndjson" \
  --resume-dir "$resumes"
expect_rc 1 "applicant: one missing file"
expect_eq "$(result 0 | jq -r .status)" "created" "applicant created"
upload=$(sandbox_get requests | jq -r '[.[] | select(.method == "POST" and .path == "/v1/uploads") | .parts[0] | "\(.file_name):\(.size)"] | join(",")')
expect_eq "$upload" "rf-ivy@example.com.pdf:777" "applicant: the résumé uploaded, and only it"
expect_eq "$(result 1 | jq -r .error.pointer)" "/attachments/0/file_url" "applicant: the missing file's pointer"
expect_eq "$(sandbox_get requests | jq '[.[] | select(.method == "POST" and (.path | endswith("/apply")))] | length')" "1" \
  "applicant: nothing sent for the failed record"

# ---- validate --with-form: each record against its own posting's form --------------------------------------
{
  printf '{"first_name":"Val","emails":[{"email":"rf-v1@example.com"}],"locations":["Berlin"],%s}\n' "$answers"
  printf '{"first_name":"Val","emails":[{"email":"rf-v2@example.com"}],"locations":["Berlin"],"job_id":"no-such-posting",%s}\n' "$answers"
} >"$WORK/validate.ndjson"
tc validate --job-id "$POSTING" --application-source applicant --with-form --input "$WORK/validate.ndjson" -o ndjson
expect_rc 65 "validate --with-form: one record names a posting that does not exist"
expect_eq "$(result 0 | jq -r .status)" "valid" "validate --with-form: the record on --job-id's posting is valid"
expect_eq "$(result 1 | jq -r .status)" "failed" "validate --with-form: the record's own posting is the one checked"
expect_contains "$WORK/out" "no-such-posting" "validate --with-form: the message names the record's posting"

# ---- a job_id column: each record on its own posting; duplicates per posting ------------------------------
cat >"$WORK/referrals.csv" <<CSV
first_name,emails,job_id
Jo,rf-jo@example.com,$POSTING
Jo,rf-jo@example.com,$CLOSED_POSTING
Ki,rf-ki@example.com,$POSTING
Kim,RF-KI@example.com,$POSTING
Lu,rf-lu@example.com,
CSV
tc create "${lead[@]}" --input "$WORK/referrals.csv" --journal "$WORK/referrals.journal" --concurrency 3
expect_rc 1 "job_id column without --job-id: the row without one fails"
expect_eq "$(jq -r .status "$WORK/out" | tr '\n' ' ')" "created created created existing failed " "statuses"
expect_eq "$(result 0 | jq -r '.candidate.applications[0].job.id')" "$POSTING" "record 0 on its posting"
expect_eq "$(result 1 | jq -r '.candidate.applications[0].job.id')" "$CLOSED_POSTING" "record 1 on its posting"
expect_eq "$(result 4 | jq -r .error.pointer)" "/job_id" "no posting at all: pointer /job_id"
expect_eq "$(opportunities_of rf-jo@example.com | jq -r '[.[].applications[0].posting] | sort | join(" ")')" \
  "$(printf '%s\n' "$POSTING" "$CLOSED_POSTING" | sort | tr '\n' ' ' | sed 's/ $//')" \
  "the same person on two postings: two opportunities"
expect_eq "$(opportunities_of rf-ki@example.com | jq length)" "1" "twice on one posting: one opportunity"

before=$(creates | jq length)
tc create "${lead[@]}" --input "$WORK/referrals.csv" --journal "$WORK/referrals.journal" --job-id "$POSTING"
expect_rc 0 "re-run with --job-id for the row without one"
expect_eq "$(jq -r .status "$WORK/out" | tr '\n' ' ')" "skipped skipped skipped skipped created " \
  "the journal knows each record on its posting"
expect_eq "$(creates | jq length)" "$((before + 1))" "only the row that had no posting was sent"
tc create "${lead[@]}" --input "$WORK/referrals.csv" --job-id "$CLOSED_POSTING"
expect_eq "$(jq -r .status "$WORK/out" | tr '\n' ' ')" "existing existing existing existing created " \
  "without the journal, each record is found on its own posting; the last goes to --job-id's"
expect_eq "$(opportunities_of rf-lu@example.com | jq length)" "2" "Lu: once on each --job-id"

finish
