#!/usr/bin/env bash
# A journal written by an earlier version (keys of two 64-bit FNV-1a hashes, tests/fixtures/journal-v1.ndjson)
# resumes through the real binary: a record it says is created is not created again, one it left in flight
# is looked up (and found, not created again), one it says failed and one it never saw are created. New
# lines go under the SHA-256 key. --on-duplicate create: only the journal keeps a record from a second create.
source "$(dirname "$0")/lib.sh"
common=(--job-id "$POSTING" --perform-as "$USER_ID" --on-duplicate create --timeout 1)

# legacy_key TEXT: the earlier journal's key of TEXT (core/model/record_key.cpp, legacy_fnv_hex). Bash
# arithmetic wraps at 64 bits as uint64_t does; >> is arithmetic, hence the mask for a logical shift.
legacy_key() {
  local LC_ALL=C text=$1 a=-3750763034362895579 b=$((0x84222325cbf29ce4)) c i
  for ((i = 0; i < ${#text}; i++)); do
    printf -v c '%d' "'${text:i:1}"
    a=$(((a ^ c) * 1099511628211))
    b=$(((b ^ ((c + 0x5b) & 0xff)) * 0x100000001b3))
    b=$((b ^ ((b >> 29) & 0x7ffffffff)))
  done
  printf '%016x%016x' "$a" "$b"
}
# key_text JOB RECORD: what both keys hash — the target, then the record with its members sorted.
key_text() { printf 'lever\n%s\nlead\n\n%s' "$1" "$(jq -S -c . <<<"$2")"; }

# The implementation above reproduces the fixture written by the earlier version (record 0, job post1).
expect_eq "$(legacy_key "$(key_text post1 '{"n":0,"emails":[{"email":"a@x.com"}]}')")" \
  "$(head -n1 "${TC_SOURCE_DIR:?}/tests/fixtures/journal-v1.ndjson" | jq -r .key)" "the earlier key, computed here"

start_sandbox
for i in 0 1 2 3; do echo "{\"first_name\":\"V$i\",\"last_name\":\"Old\",\"emails\":[{\"email\":\"v$i.old@example.com\"}]}"; done \
  >"$WORK/old.ndjson"
record() { sed -n "$(($1 + 1))p" "$WORK/old.ndjson"; }
# Records 0 and 1 are in Lever already: 0 reported created by the earlier run, 1 sent when it was killed.
for i in 0 1; do
  record "$i" >"$WORK/one.ndjson"
  tc create "${common[@]}" --input "$WORK/one.ndjson"
  expect_rc 0 "record $i created before the upgrade"
done
id_of() { sandbox_get opportunities | jq -r --arg n "V$1 Old" '.[] | select(.name == $n) | .id'; }
id0=$(id_of 0)
id1=$(id_of 1)
now=$(date +%s%3N)
key() { legacy_key "$(key_text "$POSTING" "$(record "$1")")"; }
{
  echo "{\"key\":\"$(key 0)\",\"state\":\"started\",\"index\":0,\"at\":$((now - 3000))}"
  echo "{\"key\":\"$(key 1)\",\"state\":\"started\",\"index\":1,\"at\":$((now - 2900))}"
  echo "{\"key\":\"$(key 2)\",\"state\":\"started\",\"index\":2,\"at\":$((now - 2800))}"
  echo "{\"key\":\"$(key 0)\",\"state\":\"created\",\"index\":0,\"at\":$((now - 2500)),\"id\":\"$id0\"}"
  echo "{\"key\":\"$(key 2)\",\"state\":\"failed\",\"index\":2,\"at\":$((now - 2400))}"
} >"$WORK/old.journal"
creates_before=$(sandbox_count creates)

tc create "${common[@]}" --input "$WORK/old.ndjson" --journal "$WORK/old.journal"
expect_rc 0 "resume of an earlier journal"
expect_eq "$(jq -c 'select(.index == 0) | [.status, .id]' "$WORK/out")" "[\"skipped\",\"$id0\"]" "created by the earlier run: skipped with its id"
expect_eq "$(jq -r 'select(.index == 1) | .id' "$WORK/out")" "$id1" "in flight in the earlier run: found, with its id"
expect_eq "$(jq -r 'select(.index >= 2) | .status' "$WORK/out" | tr '\n' ' ')" "created created " "failed and unseen: created"
expect_eq "$(( $(sandbox_count creates) - creates_before ))" "2" "two creates: the failed record and the unseen one"
expect_eq "$(sandbox_get opportunities | jq -c '[.[] | select(.name | endswith(" Old")) | .name] | sort')" \
  '["V0 Old","V1 Old","V2 Old","V3 Old"]' "every record held once"
# The new lines are keyed by SHA-256 of the same text.
expect_eq "$(jq -r 'select(.index == 3 and .state == "created") | .key' "$WORK/old.journal")" \
  "$(key_text "$POSTING" "$(record 3)" | sha256sum | cut -d' ' -f1)" "new lines under the SHA-256 key"

# A third run: everything from the journal, nothing sent to be created.
creates_before=$(sandbox_count creates)
tc create "${common[@]}" --input "$WORK/old.ndjson" --journal "$WORK/old.journal"
expect_rc 0 "run after the resume"
expect_eq "$(jq -r .status "$WORK/out" | sort -u | tr '\n' ' ')" "skipped " "everything skipped"
expect_eq "$(jq -r .id "$WORK/out" | tr '\n' ' ')" "$id0 $id1 $(id_of 2) $(id_of 3) " "with the ids Lever holds"
expect_eq "$(sandbox_count creates)" "$creates_before" "no create"

finish
