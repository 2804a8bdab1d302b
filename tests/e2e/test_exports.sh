#!/usr/bin/env bash
# Spreadsheet exports as they come (tests/data/exports): Excel (BOM, CRLF, stray spaces), Google Sheets
# (a full-name column, ';' lists, an empty row), a LinkedIn connections export (--map lines), a form
# tool's responses (a --mapping file ignores the questionnaire; a quoted answer spans lines). Each goes
# in end to end; the sandbox then holds exactly the people of the file, with their names, e-mails,
# phones, links and tags.
source "$(dirname "$0")/lib.sh"
start_sandbox
common=(--job-id "$POSTING" --perform-as "$USER_ID")
EXPORTS=${TC_SOURCE_DIR:?}/tests/data/exports

# The opportunity holding e-mail $1, as the fields the exports fill.
held() { held_by "$1" '{name, headline, location, emails, phones: [.phones[].value], links, tags}'; }
opportunities() { sandbox_count opportunities; }

# Excel: BOM, CRLF, "E-mail Address" with spaces around, "Mobile Phone", "LinkedIn", "Job Title" (ambiguous:
# the job applied to, or the person's title; here the title, which the user says with a --map line).
tc create "${common[@]}" --input "$EXPORTS/excel.csv"
expect_rc 65 "excel: Job Title is never read silently"
expect_contains "$WORK/err" "ambiguous column 'Job Title' (column 7)" "excel: Job Title named"
expect_contains "$WORK/err" "--map 'Job Title=title'" "excel: the title reading's --map line"
expect_eq "$(opportunities)" "0" "excel: nothing sent before the column is mapped"
excel_map=(--map 'Job Title=title')
tc validate --input "$EXPORTS/excel.csv" "${excel_map[@]}"
expect_rc 0 "excel: valid with the --map line"
tc create "${common[@]}" --input "$EXPORTS/excel.csv" "${excel_map[@]}"
expect_rc 0 "excel: imported"
expect_eq "$(jq -r .status "$WORK/out" | tr '\n' ' ')" "created created " "excel: statuses"
expect_eq "$(held zoe.angstrom@example.com)" \
  '[{"name":"Zoë Ångström","headline":"Data Engineer at Analytical Engines, Ltd","location":"Uppsala, Sweden","emails":["zoe.angstrom@example.com"],"phones":["+46 8 123 456"],"links":["https://www.linkedin.com/in/zoe-angstrom"],"tags":["excel-export"]}]' \
  "excel: first person as held"
expect_eq "$(held mateo.garcia@example.com | jq -c '.[] | [.name, .headline, .tags]')" \
  '["Mateo García","Acme",["excel-export","spanish-speaker"]]' "excel: second person, ';' tags"

# Google Sheets: "Full Name" is Lever's name as written; two e-mails and two phones in one cell; the empty
# row is skipped as blank; no newline at the end.
before=$(opportunities)
tc create "${common[@]}" --input "$EXPORTS/google-sheets.csv"
expect_rc 0 "sheets: imported"
expect_eq "$(jq -r .status "$WORK/out" | tr '\n' ' ')" "created skipped_blank created " "sheets: statuses"
expect_contains "$WORK/err" "created 2, blank 1," "sheets: the summary counts the empty row"
expect_eq "$(held grace.hopper@example.com)" \
  '[{"name":"Grace Hopper","headline":"","location":"Arlington, VA","emails":["grace.hopper@example.com","g.hopper@example.org"],"phones":["+1 202 555 0101","+1 202 555 0102"],"links":["https://www.linkedin.com/in/grace-hopper"],"tags":["navy","compilers"]}]' \
  "sheets: ';' lists in cells"
expect_eq "$(held alan.turing@example.com | jq -c '.[] | [.name, .tags]')" '["Alan Turing",["sheets-import"]]' \
  "sheets: last row without a newline"
expect_eq "$(opportunities)" "$((before + 2))" "sheets: two people held"

# LinkedIn connections: refused until mapped — every unknown column at once, with the fix, nothing sent.
before=$(opportunities)
tc create "${common[@]}" --input "$EXPORTS/linkedin-connections.csv"
expect_rc 65 "linkedin: unknown columns"
expect_contains "$WORK/err" "the header has 3 problems (3 unknown columns):" "linkedin: every unknown column"
expect_contains "$WORK/err" "ambiguous column 'Position' (column 6)" "linkedin: Position is ambiguous"
expect_contains "$WORK/err" "--map 'Position=title'" "linkedin: the title reading's fix"
expect_contains "$WORK/err" "unknown column 'URL' (column 3)" "linkedin: URL named"
expect_eq "$(opportunities)" "$before" "linkedin: nothing created before the columns are mapped"
linkedin_map=(--map 'URL=links' --map 'Position=title' --map 'Connected On=')
tc validate --input "$EXPORTS/linkedin-connections.csv" "${linkedin_map[@]}"
expect_rc 0 "linkedin: valid once mapped"
tc create "${common[@]}" --input "$EXPORTS/linkedin-connections.csv" "${linkedin_map[@]}"
expect_rc 0 "linkedin: imported with --map lines"
expect_eq "$(held dorothy.vaughan@example.com)" \
  '[{"name":"Dorothy Vaughan","headline":"Supervisor, West Area Computing at NASA","location":"","emails":["dorothy.vaughan@example.com"],"phones":[],"links":["https://www.linkedin.com/in/dorothy-vaughan"],"tags":[]}]' \
  "linkedin: mapped columns held"
expect_eq "$(held katherine.johnson@example.com | jq -r '.[].headline')" "Research Mathematician at NASA" \
  "linkedin: Position mapped to title"

# A form tool's responses: the questionnaire's columns ignored through a mapping file; a quoted answer with
# line breaks and ';' does not split the rows.
before=$(opportunities)
tc create "${common[@]}" --input "$EXPORTS/form-responses.csv" --mapping "$EXPORTS/form-responses.map"
expect_rc 0 "form: imported with --mapping"
expect_eq "$(jq -c '[.index, .line, .status]' "$WORK/out" | tr '\n' ' ')" '[0,2,"created"] [1,5,"created"] ' \
  "form: two records, the second on line 5"
expect_eq "$(held hedy.lamarr@example.com | jq -c '.[] | [.name, .phones]')" '["Hedy Lamarr",["+1 310 555 0199"]]' \
  "form: first response held"
expect_eq "$(held edith.clarke@example.com | jq -c '.[] | [.name, .phones]')" '["Edith Clarke",[]]' \
  "form: second response held"
expect_eq "$(sandbox_get opportunities | jq '[.[] | tostring | select(test("frequency hopping|Radio Engineer"))] | length')" \
  "0" "form: ignored columns never reach Lever"
expect_eq "$(opportunities)" "$((before + 2))" "form: two people held"

# Every person exactly once: importing the same exports again matches them and creates nothing.
before=$(opportunities)
tc create "${common[@]}" --input "$EXPORTS/excel.csv" "${excel_map[@]}"
expect_rc 0 "excel again"
expect_eq "$(jq -r .status "$WORK/out" | tr '\n' ' ')" "existing existing " "excel again: matched, not created"
tc create "${common[@]}" --input "$EXPORTS/form-responses.csv" --mapping "$EXPORTS/form-responses.map"
expect_eq "$(jq -r .status "$WORK/out" | tr '\n' ' ')" "existing existing " "form again: matched, not created"
expect_eq "$(opportunities)" "$before" "nothing created twice"

finish
