#!/usr/bin/env bash
# Export files as they really come (tests/data/exports): a European Excel save (Windows-1252, ';', German
# headers, trailing empty columns), Excel's "Unicode text" (UTF-16 LE, TAB, named .txt), a TSV with ',' and
# '|' lists, an ATS export whose "Job title" is the job applied to. Each goes in with at most the flags a
# user would give; the sandbox then holds the people as UTF-8, split lists and all. A wrong --delimiter gets
# advice, not a --map line; --encoding overrides the guess; --rejects writes the input's own delimiter.
source "$(dirname "$0")/lib.sh"
start_sandbox
common=(--job-id "$POSTING" --perform-as "$USER_ID")
EXPORTS=${TC_SOURCE_DIR:?}/tests/data/exports

# The opportunity holding e-mail $1, as the fields the exports fill.
held() { held_by "$1" '{name, headline, location, emails, phones: [.phones[].value], tags, sources}'; }
opportunities() { sandbox_count opportunities; }

# European Excel: nothing to pass; one note about the encoding and one about the nameless columns.
tc create "${common[@]}" --input "$EXPORTS/excel-european.csv" -o ndjson
expect_rc 0 "european: imported as it is"
expect_eq "$(jq -r .status "$WORK/out" | tr '\n' ' ')" "created created created " "european: statuses"
expect_eq "$(grep -c 'read as Windows-1252' "$WORK/err")" "1" "european: one note about the encoding"
expect_contains "$WORK/err" "note: $EXPORTS/excel-european.csv: columns 9 and 10 of the header have no name and are ignored" \
  "european: the nameless columns noted"
expect_eq "$(held juergen.mueller@example.de)" \
  '[{"name":"Jürgen Müller","headline":"Bäckerei Müller GmbH","location":"München","emails":["juergen.mueller@example.de"],"phones":["+49 30 1234567"],"tags":["excel-eu","deutsch"],"sources":[]}]' \
  "european: Müller arrives as UTF-8, tags split on ','"
expect_eq "$(held zoe.dupre@example.fr | jq -c '.[] | [.name, .headline, .phones]')" \
  '["Zoë Dupré","Société Générale; Paris",["+33 1 23 45 67 89","+33 6 12 34 56 78"]]' \
  "european: a quoted ';' stays in its cell, phones split on '|'"
expect_eq "$(sandbox_get notes | jq -r '.[] | select(.name == "Jürgen Müller") | .notes[].value')" \
  "Gehaltsvorstellung 60.000 € – verhandelbar" "european: the note's € and – decoded"
expect_eq "$(held renee.ostergard@example.dk | jq -r '.[].name')" "Renée Østergård" "european: third person"

# Excel "Unicode text": UTF-16 with a byte-order mark, TAB-separated, named .txt.
before=$(opportunities)
tc create "${common[@]}" --input "$EXPORTS/unicode-text.txt" -o ndjson
expect_rc 0 "unicode text: imported as it is"
expect_eq "$(jq -r .status "$WORK/out" | tr '\n' ' ')" "created created created " "unicode text: statuses"
expect_not_contains "$WORK/err" "note:" "unicode text: nothing to note"
expect_eq "$(held lukasz.nowak@example.pl)" \
  '[{"name":"Łukasz Nowak","headline":"Fabryka Łodzi","location":"Kraków","emails":["lukasz.nowak@example.pl"],"phones":["+48 12 345 67 89"],"tags":["unicode-text","polish"],"sources":[]}]' \
  "unicode text: first person as held"
expect_eq "$(held hanako.yamada@example.jp | jq -c '.[] | [.name, .tags]')" '["Hanako 山田",["unicode-text","🎮"]]' \
  "unicode text: letters outside any code page, an emoji"
expect_eq "$(opportunities)" "$((before + 3))" "unicode text: three people held"

# A TSV: e-mails and tags separated by ',' and '|'; a phone's own comma kept.
tc create "${common[@]}" --input "$EXPORTS/people.tsv" -o ndjson
expect_rc 0 "tsv: imported as it is"
expect_eq "$(held alan.turing@example.org)" \
  '[{"name":"Alan Turing","headline":"","location":"","emails":["alan.turing@example.org","alan@bletchley.example"],"phones":["+44 161 555 0100, ext. 7"],"tags":["rust","compilers","tsv"],"sources":[]}]' \
  "tsv: lists split, the phone kept whole"
expect_eq "$(held radia.perlman@example.com | jq -c '.[] | [.phones, .tags]')" \
  '[["+1 650 555 0100","+1 650 555 0101"],["networks","tsv"]]' "tsv: second person"

# Read with the wrong delimiter: advice to pass --delimiter, no --map line for the whole line; nothing sent.
before=$(opportunities)
tc create "${common[@]}" --input "$EXPORTS/people.tsv" --delimiter ,
expect_rc 65 "tsv with --delimiter ,: refused"
expect_contains "$WORK/err" "this looks like a TAB-separated file: pass --delimiter tab" "tsv with ',': the advice"
expect_not_contains "$WORK/err" "--map 'First Name" "tsv with ',': no --map line for the whole line"
tc create "${common[@]}" --input "$EXPORTS/excel-european.csv" --delimiter ,
expect_contains "$WORK/err" "this looks like a SEMICOLON-separated file: pass --delimiter ';'" "';' file with ',': the advice"
expect_eq "$(opportunities)" "$before" "wrong delimiters: nothing created"
tc validate --input "$EXPORTS/people.tsv" --delimiter tab
expect_rc 0 "tsv: --delimiter tab"
tc validate --input "$EXPORTS/people.tsv" --delimiter ';;'
expect_rc 64 "--delimiter of two characters: usage error"

# An ATS export: "Job title" is the job applied to. Refused with both readings until the user says which.
before=$(opportunities)
tc create "${common[@]}" --input "$EXPORTS/ats-export.csv"
expect_rc 65 "ats: Job title is never read silently"
expect_contains "$WORK/err" "ambiguous column 'Job title' (column 4): the job applied to" "ats: the job reading"
expect_contains "$WORK/err" "--map 'Job title=' ignores it" "ats: the fix for the job reading"
expect_contains "$WORK/err" "the person's own title: --map 'Job title=title'" "ats: the title reading"
expect_eq "$(opportunities)" "$before" "ats: nothing created before the column is mapped"
tc create "${common[@]}" --input "$EXPORTS/ats-export.csv" --map 'Job title=' -o ndjson
expect_rc 0 "ats: imported with the job column ignored"
expect_eq "$(held grace.hopper@ats.example)" \
  '[{"name":"Grace Hopper","headline":"","location":"","emails":["grace.hopper@ats.example"],"phones":["+1 202 555 0142"],"tags":["ats-export"],"sources":["Referral"]}]' \
  "ats: no title written from the job column"
expect_eq "$(sandbox_get opportunities | jq '[.[] | tostring | select(test("Compiler Engineer"))] | length')" "0" \
  "ats: the job's name never reaches Lever"

# --encoding overrides the guess (the same bytes read as ISO-8859-2 give other letters), and an unknown one
# is a usage error before anything is read.
tc create --dry-run "${common[@]}" --input "$EXPORTS/excel-european.csv" --encoding ISO-8859-2 -o ndjson
expect_rc 0 "--encoding ISO-8859-2: read"
expect_eq "$(jq -r 'select(.index == 0) | .plan.requests[0].body.name' "$WORK/out")" "Jürgen Müller" \
  "--encoding: ü is the same in ISO-8859-2"
expect_eq "$(jq -r 'select(.index == 2) | .plan.requests[0].body.name' "$WORK/out")" "Renée Řstergĺrd" \
  "--encoding: Ø and å are other letters there"
expect_not_contains "$WORK/err" "Windows-1252" "--encoding: no guess, no note"
tc validate --input "$EXPORTS/excel-european.csv" --encoding no-such-thing
expect_rc 64 "--encoding unknown: usage error"
expect_contains "$WORK/err" "--encoding no-such-thing: not an encoding this system can read" "--encoding unknown: named"

# --rejects keeps the file's own delimiter, as UTF-8: fixed and fed back, it goes in.
printf 'Vorname;Nachname;E-Mail\r\nJos\xe9;Garc\xeda;not-an-email\r\n' >"$WORK/bad.csv"
tc create "${common[@]}" --input "$WORK/bad.csv" --rejects "$WORK/rejects.csv" -o ndjson
expect_rc 1 "rejects: the invalid row fails"
expect_eq "$(head -n1 "$WORK/rejects.csv" | tr -d '\r')" "Vorname;Nachname;E-Mail;error" "rejects: the header with ';'"
expect_eq "$(sed -n 2p "$WORK/rejects.csv" | cut -d';' -f1-3)" "José;García;not-an-email" "rejects: the row as UTF-8, ';'"
sed -i 's/not-an-email/jose.garcia@example.es/' "$WORK/rejects.csv"
tc create "${common[@]}" --input "$WORK/rejects.csv" -o ndjson
expect_rc 0 "rejects: fixed and fed back"
expect_eq "$(held jose.garcia@example.es | jq -r '.[].name')" "José García" "rejects: the person held"

finish
