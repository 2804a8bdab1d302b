#!/usr/bin/env bash
# The applicant route end to end: the form command, a happy path with a resume and answers (the exact
# apply body Lever receives), every pre-flight problem in one go with nothing posted.
source "$(dirname "$0")/lib.sh"
start_sandbox
apply=(--job-id "$POSTING" --application-source applicant)

# form: the questions as unified job form fields.
tc form --job-id "$POSTING" -o json
expect_rc 0 "form"
expect_eq "$(jq -r '[.[] | select(.name=="a1b2c3d4-0000-4000-8000-000000000011")][0].required' "$WORK/out")" "true" "required dropdown"
expect_eq "$(jq -c '[.[] | select(.name=="a1b2c3d4-0000-4000-8000-000000000013")][0].options | map(.label)' "$WORK/out")" '["C++","Rust","Go","Python"]' "options"
expect_eq "$(jq -r '[.[] | select(.name=="currentLocation")][0].group_id' "$WORK/out")" "personalInformation" "personal information group"
tc form --job-id "$POSTING" -o table
expect_contains "$WORK/out" "Years of experience" "form table shows the questions"
expect_contains "$WORK/out" "a1b2c3d4-0000-4000-8000-000000000011  " "form table to a file: the NAME --answer takes, whole"

# Happy path.
printf '%%PDF-1.4 cv of Cy\n' >"$WORK/cy-cv.pdf"
printf 'Dear team\n' >"$WORK/cover.txt"
tc create "${apply[@]}" --perform-as "$USER_ID" --first-name Cy --last-name Dee --email cy@example.com \
  --phone +49-30-1234 --company Acme --location Berlin --resume "$WORK/cy-cv.pdf" --attachment "$WORK/cover.txt" \
  --answer 'a1b2c3d4-0000-4000-8000-000000000011=referral' --answer 'Years of experience=7' \
  --answer 'Languages=["rust","C++"]' --answer 'Cover letter=cover.txt' --answer 'eeoQuestions/gender=female' \
  --link https://www.linkedin.com/in/cydee --link https://cy.example.org --tag applied --send-confirmation-email
expect_rc 0 "apply"
body=$(sandbox_get requests | jq -c '[.[] | select(.method=="POST" and (.path | endswith("/apply")))] | last')
uploads=$(sandbox_get requests | jq -c '[.[] | select(.path=="/v1/uploads")] | map(.parts[0].file_name)')
expect_eq "$uploads" '["cy-cv.pdf","cover.txt"]' "both files uploaded"
expect_eq "$(jq -c '.json.personalInformation | map(.name)' <<<"$body")" '["fullName","email","currentCompany","currentLocation","phone","resume"]' "personal information in form order"
expect_eq "$(jq -r '.json.personalInformation[] | select(.name=="fullName") | .value' <<<"$body")" "Cy Dee" "full name"
expect_eq "$(jq -r '.json.personalInformation[] | select(.name=="resume") | .value | test("/v1/uploads/")' <<<"$body")" "true" "resume is an upload uri"
expect_eq "$(jq -c '.json.customQuestions[0].fields | map(.value)' <<<"$body" | sed 's#"http[^"]*"#URI#')" '["Referral","7",["Rust","C++"],null,URI]' "custom answers positional, options canonical, nulls"
expect_eq "$(jq -c '.json.customQuestions | length' <<<"$body")" "1" "unanswered group left out"
expect_eq "$(jq -c '.json.urls' <<<"$body")" '[{"name":"LinkedIn","value":"https://www.linkedin.com/in/cydee"},{"name":"Other Website","value":"https://cy.example.org"}]' "links matched to URL fields"
expect_eq "$(jq -c '.json.eeoResponses' <<<"$body")" '{"gender":"Female"}' "EEO answer"
expect_eq "$(jq -c '.query.send_confirmation_email' <<<"$body")" '["true"]' "confirmation e-mail requested"
expect_eq "$(jq -r '.applications[0].current_stage.name' "$WORK/out")" "New applicant" "stage New applicant"
expect_eq "$(jq -r '.applications[0].job.id' "$WORK/out")" "$POSTING" "application on the posting"
expect_eq "$(jq -c '.tags' "$WORK/out")" '["applied"]' "tags added afterwards"
expect_eq "$(jq -r '[.attachments[] | select(.attachment_type=="resume")][0].file_name' "$WORK/out")" "cy-cv.pdf" "resume shown"
"$VALIDATE_CANDIDATE_BIN" <"$WORK/out" >/dev/null && pass || fail "applicant candidate is not schema-valid"

# Pre-flight: every problem at once, exit 65, nothing posted (only the form was read).
before_posts=$(sandbox_get requests | jq '[.[] | select(.method=="POST")] | length')
tc create "${apply[@]}" --first-name Bad --email bad@example.com \
  --answer 'How did you hear about us?=Billboard' --answer 'Languages=["Cobol"]' --answer 'Shoe size=42' \
  --answer 'urls/Myspace=https://myspace.com/x'
expect_rc 65 "pre-flight problems"
for needle in "Billboard" "one of: Referral, Job board, Conference" "Cobol" "Shoe size" "Myspace" "Years of experience" "/locations"; do
  expect_contains "$WORK/err" "$needle" "pre-flight names $needle"
done
expect_eq "$(sandbox_get requests | jq '[.[] | select(.method=="POST")] | length')" "$before_posts" "nothing posted"

# Rules a schema cannot say: an applicant needs an e-mail; answers only with applicant.
tc create "${apply[@]}" --first-name NoMail --location X
expect_rc 65 "applicant without e-mail"
expect_contains "$WORK/err" "/emails" "names /emails"
tc create --job-id "$POSTING" --perform-as "$USER_ID" --first-name Lead --email lead@example.com --answer 'x=y'
expect_rc 65 "answers with lead"
expect_contains "$WORK/err" "applicant" "explains answers need applicant"

# validate --with-form: the same pre-flight, reading only the form.
echo '{"first_name":"V","emails":[{"email":"v@example.com"}],"job_form_field_answers":[{"name":"Languages","value":["Cobol"]}]}' >"$WORK/v.json"
tc validate "${apply[@]}" --with-form --input "$WORK/v.json"
expect_rc 65 "validate --with-form"
expect_contains "$WORK/err" "Cobol" "validate --with-form checks options"

# A closed posting is refused by Lever (after the form check passes).
tc create --job-id "$CLOSED_POSTING" --application-source applicant --first-name C --email c@example.com --location X
[[ $RC -eq 65 ]] && pass || fail "closed posting: exit $RC"

finish
