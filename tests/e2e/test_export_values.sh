#!/usr/bin/env bash
# Values as exports write them (ARCHITECTURE.md §4, "Values as exports write them"), end to end:
# tests/data/exports/us-dates-owners.csv has US dates (12/07/2026 reads two ways), owners and followers by
# display name, "Last, First" names, links without a scheme and e-mails padded with spaces. Without
# --date-format the run stops before any write (no POST in the sandbox's request log); with it, Lever
# receives the names first-name-first, https links, createdAt in ms (midnight UTC, or midnight in
# --timezone) and the users' ids. Then JSON and flag e-mails with spaces, a name that disagrees with
# first/last names, a dry run's exit status (and its counts without a key), a share page given as a résumé,
# a download answered with a web page (the sandbox's files route with ?type=text/html), and `help` alone.
source "$(dirname "$0")/lib.sh"
EXPORT=${TC_SOURCE_DIR:?}/tests/data/exports/us-dates-owners.csv
RILEY=$USER_ID
SAM=df0adaa6-172c-4cd6-8520-49b203660fe1
common=(--job-id "$POSTING" --perform-as "$USER_EMAIL")
held() { sandbox_get opportunities | jq -c --arg e "$1" "[.[] | select(.emails | index(\$e))][0] | $2"; }
posts() { sandbox_get requests | jq '[.[] | select(.method == "POST")] | length'; }

start_sandbox
cp "$EXPORT" "$WORK/us.csv"

# (a) 12/07/2026 reads two ways: exit 65 before any write, naming the field, the value and the flag.
tc create "${common[@]}" --input "$WORK/us.csv"
expect_rc 65 "ambiguous dates stop the run"
expect_contains "$WORK/err" "error: dates in $WORK/us.csv do not read; nothing was sent" "ambiguous: says nothing was sent"
expect_contains "$WORK/err" "/lever/created_at: record 1 (line 2): \"12/07/2026\" reads two ways (day/month or month/day): pass --date-format '%d/%m/%Y' or '%m/%d/%Y' (1 more date of this field read two ways" \
  "ambiguous: the field, the value, the flag"
expect_eq "$(head -1 "$WORK/err" | cut -c1-6)" "error:" "the error line comes first, its hint after"
expect_eq "$(tail -1 "$WORK/err" | cut -c1-5)" "hint:" "the hint line comes last"
expect_eq "$(posts)" "0" "ambiguous: no POST at all"
expect_eq "$(sandbox_count opportunities)" "0" "ambiguous: nothing created"
# validate says the same per record, offline.
tc validate --input "$WORK/us.csv" -o ndjson
expect_rc 65 "validate: ambiguous dates are invalid"
expect_eq "$(jq -r 'select(.status == "failed") | .error.problems[0].pointer' "$WORK/out" | sort -u)" "/lever/created_at" \
  "validate: the pointer"

# (b) With --date-format: what Lever received.
tc create "${common[@]}" --input "$WORK/us.csv" --date-format '%m/%d/%Y' -o ndjson
expect_rc 0 "US dates with --date-format"
expect_eq "$(held ada.lovelace@example.com '[.name, .links, .createdAt, .owner, (.followers | index("'"$SAM"'") != null)]')" \
  "[\"Ada Lovelace\",[\"https://linkedin.com/in/ada-lovelace\"],1796601600000,\"$RILEY\",true]" \
  "Ada: name first-name-first, https link, 7 Dec 2026 midnight UTC, owner and follower by display name"
expect_eq "$(held grace.hopper@example.com '[.name, .links, .createdAt, .owner]')" \
  "[\"Grace Brewster Hopper\",[\"https://www.github.com/grace-hopper\"],1773532800000,\"$RILEY\"]" \
  "Grace: middle name kept, www link, 15 Mar 2026, owner name in another case"
expect_eq "$(held charles.babbage@example.com '[.name, .emails, .createdAt, .owner, (.followers | index("'"$RILEY"'") != null)]')" \
  "[\"Charles Babbage\",[\"charles.babbage@example.com\"],1767312000000,\"$SAM\",true]" \
  "Charles: padded e-mail trimmed, owner by e-mail, follower by name"
expect_eq "$(sandbox_count opportunities)" "3" "three opportunities"

# (c) --timezone: a date without a time is midnight there (EST in December, EDT in March).
start_sandbox
tc create "${common[@]}" --input "$WORK/us.csv" --date-format '%m/%d/%Y' --timezone America/New_York
expect_rc 0 "--timezone"
expect_eq "$(held ada.lovelace@example.com .createdAt)" "1796619600000" "Ada: midnight in New York (EST)"
expect_eq "$(held grace.hopper@example.com .createdAt)" "1773547200000" "Grace: midnight in New York (EDT)"
tc create "${common[@]}" --input "$WORK/us.csv" --date-format '%m/%d/%Y' --timezone Mars/Olympus_Mons
expect_rc 64 "an unknown zone is a usage error"
expect_contains "$WORK/err" "--timezone Mars/Olympus_Mons: no such time zone" "unknown zone: named"

# (d) E-mails with spaces from JSON and from a flag match the lower-cased e-mail already in Lever.
printf '{"first_name":"Ada","last_name":"Lovelace","emails":[{"email":" ADA.Lovelace@Example.com "}]}\n' >"$WORK/twin.json"
before=$(sandbox_count creates)
tc create "${common[@]}" --input "$WORK/twin.json" -o ndjson
expect_rc 0 "JSON e-mail with spaces"
expect_eq "$(jq -r .status "$WORK/out")" "existing" "JSON e-mail with spaces matched the existing opportunity"
tc create "${common[@]}" --first-name Ada --last-name Lovelace --email ' ada.lovelace@example.com' -o ndjson
expect_rc 0 "flag e-mail with a space"
expect_eq "$(jq -r .status "$WORK/out")" "existing" "flag e-mail with a space matched"
expect_eq "$(sandbox_count creates)" "$before" "no create for either"

# (e) A name that disagrees with the first/last names: 65 at /name, nothing sent.
tc create "${common[@]}" --input <(printf '{"name":"Müller","first_name":"Hans","emails":[{"email":"hans@example.com"}]}\n') --input-format json
expect_rc 65 "disagreeing names"
expect_contains "$WORK/err" "\"Müller\" and first_name/last_name \"Hans\" name different people" "disagreeing names: said"
expect_eq "$(sandbox_count creates)" "$before" "disagreeing names: no create"

# (f) A dry run with invalid records exits 65, as validate does.
printf 'first_name,email,link\nAda,ada@example.com,https://x.org\nBob,bob@example.com,not a link\n' >"$WORK/mixed.csv"
tc create --job-id "$POSTING" --perform-as "$USER_ID" --input "$WORK/mixed.csv" --dry-run -o ndjson
expect_rc 65 "dry run with an invalid record"
expect_eq "$(jq -r '.error.problems[0].message // empty' "$WORK/out")" '"not a link" is not an http(s) URL (e.g. https://www.linkedin.com/in/NAME)' \
  "dry run: the link problem, once"

# A dry run without a key on a file with a Stage column: every row counted, names planned as given, and no
# advice about a journal that was not used.
printf 'first_name,email,stage\nA,a@example.com,Phone screen\nB,b@example.com,Offer\nC,c@example.com,\nD,d@example.com,Offer\n' >"$WORK/stages.csv"
LEVER_API_KEY= tc create --job-id "$POSTING" --perform-as "$USER_ID" --input "$WORK/stages.csv" --dry-run -o ndjson
expect_rc 0 "dry run without a key"
expect_contains "$WORK/err" "4 records: 4 planned, 0 invalid" "dry run without a key: 4 rows, 4 records"
expect_contains "$WORK/err" "names are planned as given, not resolved to ids" "dry run without a key: says names are not ids"
expect_not_contains "$WORK/err" "journal" "dry run without a key: no journal advice"
expect_eq "$(jq -r '.plan.requests[0].body.stage // "-"' "$WORK/out" | tr '\n' ' ')" "Phone screen Offer - Offer " \
  "dry run without a key: the stage names as given"

# (g) A Google Drive share page given as a résumé is refused before anything is sent.
tc create --job-id "$POSTING" --perform-as "$USER_ID" --first-name Ada --email ada2@example.com --resume 'https://drive.google.com/file/d/1AbC/view?usp=sharing' --dry-run
expect_rc 65 "a share page as the résumé"
expect_contains "$WORK/err" "is a Google Drive share page, a web page rather than the file" "share page: said"

# A download answered with a web page (what a share link gives) is refused: no create, nothing attached.
posts_before=$(posts)
printf '{"first_name":"Web","emails":[{"email":"web@example.com"}],"attachments":[{"id":"cv","file_name":"cv.pdf","file_url":"%s","type":"resume"}]}\n' \
  "$SANDBOX/__sandbox/files/view?type=text/html" >"$WORK/page.json"
tc create "${common[@]}" --input "$WORK/page.json"
expect_rc 65 "a web page as the résumé"
expect_contains "$WORK/err" "answered a web page (text/html), not a file" "web page: said"
expect_eq "$(posts)" "$posts_before" "web page: nothing sent"

# (h) help alone is the general help.
tc help
expect_rc 0 "help"
expect_contains "$WORK/out" "create candidates in Lever" "help: the general description"
expect_contains "$WORK/out" "validate" "help: lists the commands"

finish
