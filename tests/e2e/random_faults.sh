# The randomized fault scenario, sourced after lib.sh by tests/e2e/test_random_faults.sh (a few seeds in
# the suite) and bench/soak_faults.sh (many seeds). One seed: a fresh sandbox with random faults on every
# write (500 and resets after storing, a reused keep-alive connection dropped after storing, 429 with or
# without Retry-After, 503); a mixed batch of leads (notes, a résumé and a file, tags, sources; half on
# the confidential posting) and one of applicants (résumé, answers, a note, a file, tags, sources; half
# on the confidential posting), each imported with a journal and re-run until every record has ended,
# then imported once more without the journal (the duplicate check must find every record); then the
# invariants, checked in the sandbox's state only:
#   - one opportunity per person per posting (the inspection endpoint, and Lever's list asked for
#     confidentiality=all), and no other opportunity;
#   - each note, résumé and file exactly once; the tags and sources present; confidential where the
#     posting is;
#   - every result line that names an id (created, existing, merged, skipped) names an opportunity the
#     sandbox holds, of that person on that posting; every record ended; the import without the
#     journal found every record (`existing`) and wrote nothing.
# rf_seed SEED prints "seed SEED: ok …" or "seed SEED: FAILED" and one line per broken invariant.

RF_LEADS=${RF_LEADS:-6}
RF_APPLICANTS=${RF_APPLICANTS:-4}
RF_RERUNS=${RF_RERUNS:-3}  # re-runs after the first run, at most
RF_SOURCE="Random faults"
# The fault mix on every write. Resets and drops after storing are the outcomes a client cannot know.
# 429s come in two of three seeds, with Retry-After: 0 or without one: the tool's pace falls after a 429
# (it shares the key politely), so a seed with 429s takes a few seconds longer.
rf_sandbox_flags() {
  local too_many=(--fault-429 0.03 --retry-after-429 0)
  (($1 % 3 == 2)) && too_many=(--fault-429 0.03 --retry-after-429 none)
  (($1 % 3 == 0)) && too_many=()
  echo --fault-seed "$1" --rate 0 --fault-methods POST,PUT,DELETE --fault-503 0.04 --fault-500-after 0.06 \
    --fault-reset-after 0.06 --fault-drop-reused 0.15 "${too_many[@]}"
}
# (--timeout 2: no slow faults here, it only bounds how long an unknown outcome is left to settle)
RF_TC_FLAGS=(--perform-as "$USER_ID" --concurrency 4 --timeout 2 --retries 6 --rate 100 --retry-delay 0.02)

# rf_records SEED: $RF/leads.ndjson, $RF/applicants.ndjson, their files, and $RF/expected.json (what the
# sandbox must hold for each record).
rf_records() {
  local seed=$1 i posting kind
  for i in $(seq 1 "$RF_LEADS"); do
    posting=$POSTING
    ((i % 2 == 0)) && posting=$CONF_POSTING
    head -c $((200 + i)) /dev/urandom >"$RF/files/cv-l$i.pdf"
    head -c $((100 + i)) /dev/urandom >"$RF/files/portfolio-l$i.png"
    jq -nc --arg i "$i" --arg s "$seed" --arg p "$posting" --arg dir "$RF/files" --arg src "$RF_SOURCE" '{
      first_name: "L\($i)", last_name: "Rand\($s)", emails: [{email: "l\($i).s\($s)@example.com"}], job_id: $p,
      tags: ["random-faults", "seed-\($s)"],
      attachments: [{id: "cv", file_name: "cv-l\($i).pdf", file_url: "file://\($dir)/cv-l\($i).pdf", type: "resume"},
                    {id: "pf", file_name: "portfolio-l\($i).png", file_url: "file://\($dir)/portfolio-l\($i).png"}],
      lever: {sources: [$src],
              notes: [{text: "Met L\($i) at the fair", secret: true}, {text: "Follow up"}, {text: "Follow up"}]}}'
  done >"$RF/leads.ndjson"
  for i in $(seq 1 "$RF_APPLICANTS"); do
    posting=$POSTING
    ((i % 2 == 0)) && posting=$CONF_POSTING
    head -c $((300 + i)) /dev/urandom >"$RF/files/cv-a$i.pdf"
    head -c $((50 + i)) /dev/urandom >"$RF/files/letter-a$i.txt"
    jq -nc --arg i "$i" --arg s "$seed" --arg p "$posting" --arg dir "$RF/files" --arg src "$RF_SOURCE" '{
      first_name: "A\($i)", last_name: "Rand\($s)", emails: [{email: "a\($i).s\($s)@example.com"}], job_id: $p,
      locations: ["Berlin"], tags: ["random-faults"],
      job_form_field_answers: [{name: "a1b2c3d4-0000-4000-8000-000000000011", value: "referral"},
                               {name: "a1b2c3d4-0000-4000-8000-000000000012", value: "7"}],
      attachments: [{id: "cv", file_name: "cv-a\($i).pdf", file_url: "file://\($dir)/cv-a\($i).pdf", type: "resume"},
                    {id: "letter", file_name: "letter-a\($i).txt", file_url: "file://\($dir)/letter-a\($i).txt"}],
      lever: {sources: [$src], notes: [{text: "Applied A\($i) at the fair"}]}}'
  done >"$RF/applicants.ndjson"
  for kind in leads applicants; do
    jq -c --arg route "$kind" --arg conf "$CONF_POSTING" '{route: $route, email: .emails[0].email, posting: .job_id,
      confidential: (.job_id == $conf), notes: ([.lever.notes[].text] | sort),
      resumes: [.attachments[] | select(.type == "resume") | .file_name],
      files: [.attachments[] | select(.type != "resume") | .file_name], tags, sources: .lever.sources}' "$RF/$kind.ndjson"
  done | jq -s 'group_by(.route) | map(to_entries | map(.value + {index: .key})) | add' >"$RF/expected.json"
}

# rf_import ROUTE FLAGS…: the run, then re-runs with the same journal until every record has ended (or
# RF_RERUNS re-runs). Every run's result lines go to $RF/results-ROUTE.ndjson, each with its run number;
# $RF/runs-ROUTE holds how many runs it took. Then the import without the journal: its result lines go to
# $RF/again-ROUTE.ndjson.
rf_import() {
  local route=$1 run
  shift
  : >"$RF/results-$route.ndjson"
  for run in $(seq 0 "$RF_RERUNS"); do
    tc create "${RF_TC_FLAGS[@]}" "$@" --input "$RF/$route.ndjson" --journal "$RF/$route.journal" -o ndjson
    jq -c --argjson run "$run" --argjson rc "$RC" '. + {run: $run, rc: $rc}' "$WORK/out" >>"$RF/results-$route.ndjson" ||
      { echo "unreadable results of run $run of the $route: $(head -c 300 "$WORK/out") $(head -c 300 "$WORK/err")"; }
    echo $((run + 1)) >"$RF/runs-$route"
    [[ $RC -eq 0 ]] && break
  done
  tc create "${RF_TC_FLAGS[@]}" "$@" --input "$RF/$route.ndjson" -o ndjson
  jq -c --argjson rc "$RC" '. + {run: "again", rc: $rc}' "$WORK/out" >"$RF/again-$route.ndjson" ||
    { echo "unreadable results of the $route without the journal: $(head -c 300 "$WORK/out") $(head -c 300 "$WORK/err")"; }
}

# rf_violations: one line per broken invariant, from the sandbox's state and the results.
rf_violations() {
  local opportunities listed default_list
  opportunities=$(sandbox_get opportunities)
  listed=$(curl -sS -u "$API_KEY:" "$BASE/opportunities?confidentiality=all&limit=100&expand=applications")
  default_list=$(curl -sS -u "$API_KEY:" "$BASE/opportunities?limit=100")
  jq -nr --slurpfile expected "$RF/expected.json" --argjson held "$opportunities" --argjson listed "$listed" \
    --argjson default "$default_list" --argjson notes "$(sandbox_get notes)" --argjson files "$(sandbox_get files)" \
    --slurpfile leads "$RF/results-leads.ndjson" --slurpfile applicants "$RF/results-applicants.ndjson" \
    --slurpfile leads_again "$RF/again-leads.ndjson" --slurpfile applicants_again "$RF/again-applicants.ndjson" \
    --arg conf "$CONF_POSTING" -f /dev/stdin <<'JQ'
def person: {id, emails: [.emails[] | ascii_downcase], posting: ((.applications[0] // {}).posting),
  tags, sources, confidentiality};
def where(e): "\(e.route) #\(e.index) \(e.email) on \(if e.confidential then "the confidential posting" else "the posting" end)";
def holding(e): map(select(.posting == e.posting and (.emails | index(e.email))));
($held | map(person)) as $held
| ($listed.data | map(person)) as $listed
| ($notes | map({key: .opportunity, value: ([.notes[].value] | sort)}) | from_entries) as $notes
| ($files | map({key: .opportunity, value: .}) | from_entries) as $files
| $expected[0] as $expected
| ($expected | map({key: "\(.route) \(.index)", value: .}) | from_entries) as $by_record
| (
  # one opportunity per person per posting, and nothing else
  ($expected[] as $e | ($held | holding($e) | length) as $n
    | select($n != 1) | "one opportunity per person per posting: \(where($e)) is held \($n) times"),
  (($held | length) as $n | select($n != ($expected | length))
    | "no other opportunity: the sandbox holds \($n), the records are \($expected | length)"),
  ($expected[] as $e | ($listed | holding($e) | length) as $n
    | select($n != 1) | "GET /opportunities?confidentiality=all: \(where($e)) listed \($n) times"),
  (($listed | length) as $n | select($n != ($held | length))
    | "GET /opportunities?confidentiality=all lists \($n), the sandbox holds \($held | length)"),
  ($default.data[] | select(.confidentiality == "confidential")
    | "the default list shows the confidential \(.id) (the sandbox's own rule broke)"),
  # what each opportunity holds
  ($expected[] as $e | ($held | holding($e)) as $h | select(($h | length) == 1) | $h[0] as $o
    | (select(($notes[$o.id] // []) != $e.notes)
        | "each note exactly once: \(where($e)) holds \($notes[$o.id] // []), expected \($e.notes)"),
      ([$files[$o.id].resumes[].name] | sort) as $r | (select($r != $e.resumes)
        | "each résumé exactly once: \(where($e)) holds \($r), expected \($e.resumes)"),
      ([$files[$o.id].files[].name] | sort) as $f | (select($f != $e.files)
        | "each file exactly once: \(where($e)) holds \($f), expected \($e.files)"),
      (($e.tags - $o.tags) as $m | select($m != []) | "tags present: \(where($e)) lacks \($m)"),
      (($e.sources - $o.sources) as $m | select($m != []) | "sources present: \(where($e)) lacks \($m)"),
      (select(($o.confidentiality == "confidential") != $e.confidential)
        | "confidential where the posting is: \(where($e)) is \($o.confidentiality)")),
  # every reported id is true
  ((($leads + $leads_again | map(. + {route: "leads"})) + ($applicants + $applicants_again | map(. + {route: "applicants"})))[] as $r
    | $by_record["\($r.route) \($r.index)"] as $e
    | if $e == null then "a result line for no record: \($r | tojson)"
      elif ($r.status | IN("created", "existing", "merged")) and ($r.id == null) then
        "every reported status true: \(where($e)) reported \($r.status) without an id (run \($r.run))"
      elif $r.id != null and ($r.status | IN("created", "existing", "merged", "skipped")) then
        ($held | map(select(.id == $r.id))) as $o
        | if ($o | length) == 0 then "every reported id true: \(where($e)) reported \($r.status) \($r.id) (run \($r.run)), which the sandbox does not hold"
          elif ($o | holding($e) | length) == 0 then "every reported id true: \(where($e)) reported \($r.status) \($r.id) (run \($r.run)), which holds someone else"
          else empty end
      else empty end),
  # the import without the journal found every record and wrote nothing
  ($expected[] as $e
    | ([($leads_again | map(. + {route: "leads"})), ($applicants_again | map(. + {route: "applicants"}))] | add
       | map(select(.route == $e.route and .index == $e.index))) as $again
    | select(($again | map(.status)) != ["existing"])
    | "a re-run without the journal finds every record: \(where($e)) got \($again | map(.status))"),
  # every record ended
  ($expected[] as $e
    | ([($leads | map(. + {route: "leads"})), ($applicants | map(. + {route: "applicants"}))] | add
       | map(select(.route == $e.route and .index == $e.index)) | max_by(.run)) as $last
    | select($last == null or ($last.status | IN("created", "existing", "merged", "skipped") | not))
    | "every record ends: \(where($e)) ended \($last.status // "without a result line")\(if $last.error then ": " + ($last.error.message // "") else "" end)")
)
JQ
}

# rf_seed SEED: the scenario for one seed; prints its verdict; returns 1 when an invariant broke.
rf_seed() {
  local seed=$1 flags problems faults
  RF=$WORK/rf-$seed
  rm -rf "$RF"
  mkdir -p "$RF/files"
  read -r -a flags <<<"$(rf_sandbox_flags "$seed")"
  start_sandbox "${flags[@]}"
  rf_records "$seed"
  rf_import leads
  rf_import applicants --application-source applicant
  problems=$(rf_violations)
  faults=$(sandbox_get requests | jq -c '[.[] | select(.fault != null) | .fault] | group_by(.) | map({(.[0]): length}) | add // {}')
  if [[ -z $problems ]]; then
    echo "seed $seed: ok (runs: leads $(cat "$RF/runs-leads"), applicants $(cat "$RF/runs-applicants"); faults $faults)"
    return 0
  fi
  echo "seed $seed: FAILED (runs: leads $(cat "$RF/runs-leads"), applicants $(cat "$RF/runs-applicants"); faults $faults)"
  sed 's/^/  /' <<<"$problems" | head -n 40
  (($(wc -l <<<"$problems") <= 40)) || echo "  … and $(($(wc -l <<<"$problems") - 40)) more"
  return 1
}
