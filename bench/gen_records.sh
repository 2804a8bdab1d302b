#!/usr/bin/env bash
# gen_records.sh N [SEED]: prints N unified lead records (schemas/candidate.create.request.schema.json) as NDJSON,
# one per line, each with a unique e-mail. Deterministic for a given N and SEED; needs only awk.
set -euo pipefail
n=${1:?usage: gen_records.sh N [SEED]}
seed=${2:-1}
[[ $n =~ ^[0-9]+$ ]] || { echo "gen_records.sh: N must be a whole number" >&2; exit 64; }
awk -v n="$n" -v seed="$seed" 'BEGIN {
  split("Ada Grace Alan Barbara Edsger Frances Ken Margaret Dennis Radia", first, " ")
  split("Lovelace Hopper Turing Liskov Dijkstra Allen Thompson Hamilton Ritchie Perlman", last, " ")
  split("Engineer|Staff Engineer|Data Scientist|Engineering Manager|SRE", title, "|")
  split("Acme|Globex|Initech|Umbrella|Hooli", company, "|")
  split("Berlin|London|New York|Lisbon|Toronto", city, "|")
  for (i = 0; i < n; i++) {
    f = first[i % 10 + 1]; l = last[int(i / 10) % 10 + 1]
    printf "{\"first_name\":\"%s\",\"last_name\":\"%s\",\"title\":\"%s\",\"company\":\"%s\",", f, l, title[i % 5 + 1], company[int(i / 5) % 5 + 1]
    printf "\"locations\":[\"%s\"],", city[i % 5 + 1]
    printf "\"emails\":[{\"email\":\"bench-%d-%d@example.com\",\"type\":\"personal\"}],", seed, i
    printf "\"phones\":[{\"number\":\"+1-555-%07d\",\"type\":\"mobile\"}],", i
    printf "\"links\":[\"https://linkedin.com/in/bench-%d-%d\",{\"url\":\"https://github.com/bench%d\",\"type\":\"github\"}],", seed, i, i
    printf "\"tags\":[\"bench\",\"seed-%d\"]}\n", seed
  }
}'
