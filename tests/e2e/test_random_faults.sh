#!/usr/bin/env bash
# Exactly once under random faults on every write, for a few seeds (the scenario and its invariants are
# in random_faults.sh; bench/soak_faults.sh runs it for many seeds). Each seed's broken invariants are
# printed by name. Then the checker is shown to catch each kind of break, made by hand in the last
# seed's sandbox.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/random_faults.sh"
for seed in ${RANDOM_FAULT_SEEDS:-1 2 3}; do
  if rf_seed "$seed"; then pass; else fail "seed $seed: an invariant broke (listed above)"; fi
done

# The checker fails when it should: one break of each kind, made with curl.
opportunity_of() { sandbox_get opportunities | jq -r --arg e "$1" '[.[] | select(.emails | index($e))][0].id'; }
post() { curl -sS -o /dev/null -u "$API_KEY:" -H 'Content-Type: application/json' -d "$2" "$BASE$1"; }
email() { jq -r --arg r "$1" --argjson i "$2" '.[] | select(.route == $r and .index == $i) | .email' "$RF/expected.json"; }
post "/opportunities/$(opportunity_of "$(email leads 0)")/notes" '{"value":"Follow up"}'
post "/opportunities/$(opportunity_of "$(email leads 1)")/removeTags" '{"tags":["random-faults"]}'
post "/opportunities/$(opportunity_of "$(email leads 1)")/removeSources" "{\"sources\":[\"$RF_SOURCE\"]}"
curl -sS -o /dev/null -u "$API_KEY:" -F "file=@$RF/files/letter-a1.txt;filename=letter-a1.txt" \
  "$BASE/opportunities/$(opportunity_of "$(email applicants 0)")/files?perform_as=$USER_ID"
post "/opportunities?perform_as=$USER_ID" "{\"name\":\"Twice\",\"emails\":[\"$(email leads 3)\"],\"postings\":[\"$CONF_POSTING\"]}"
echo "{\"index\":4,\"status\":\"created\",\"id\":\"$(opportunity_of "$(email leads 5)")\",\"run\":9}" >>"$RF/results-leads.ndjson"
echo "{\"index\":5,\"status\":\"existing\",\"id\":\"00000000-0000-4000-8000-000000000000\",\"run\":9}" >>"$RF/results-leads.ndjson"
echo "{\"index\":0,\"status\":\"unknown\",\"run\":9}" >>"$RF/results-applicants.ndjson"
echo "{\"index\":2,\"status\":\"created\",\"id\":\"$(opportunity_of "$(email leads 2)")\",\"run\":\"again\"}" >"$WORK/again"
jq -c 'select(.index != 2)' "$RF/again-leads.ndjson" >>"$WORK/again" && mv "$WORK/again" "$RF/again-leads.ndjson"
rf_violations >"$WORK/broken"
for expected in "each note exactly once: leads #0" "tags present: leads #1" "sources present: leads #1" \
  "each file exactly once: applicants #0" "one opportunity per person per posting: leads #3" \
  "no other opportunity: the sandbox holds" "GET /opportunities?confidentiality=all: leads #3" \
  "every reported id true: leads #4 $(email leads 4) on the posting reported created" \
  "every reported id true: leads #5 $(email leads 5) on the confidential posting reported existing 00000000" \
  "every record ends: applicants #0" "a re-run without the journal finds every record: leads #2"; do
  expect_contains "$WORK/broken" "$expected" "the checker catches: $expected"
done
finish
