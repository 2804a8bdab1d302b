#!/usr/bin/env bash
# Every error path of a single lead: its exit code, a message naming the field or setting, nothing sent.
source "$(dirname "$0")/lib.sh"
start_sandbox
SECRET=$API_KEY

# A schema violation: exit 65, every problem named by pointer, nothing sent.
echo '{"firstname":"Ada","emails":[{"type":"work"},{"email":"not-an-address"}],"phones":"555"}' >"$WORK/bad.json"
tc create --job-id "$POSTING" --perform-as "$USER_ID" --input "$WORK/bad.json"
expect_rc 65 "schema violation"
expect_contains "$WORK/err" '/firstname' "unknown field pointer"
expect_contains "$WORK/err" 'did you mean "first_name"' "did-you-mean hint"
expect_contains "$WORK/err" '/emails/0/email' "missing e-mail pointer"
expect_contains "$WORK/err" '/emails/1/email' "bad e-mail pointer"
expect_contains "$WORK/err" '/phones' "wrong type pointer"
expect_eq "$(sandbox_count requests)" "0" "nothing sent for an invalid record"

# validate: offline, same problems, exit 65; a valid record exits 0.
tc validate --job-id "$POSTING" --input "$WORK/bad.json"
expect_rc 65 "validate invalid"
expect_contains "$WORK/err" '/emails/0/email' "validate names the field"
tc validate --job-id "$POSTING" --first-name Ada --email ada@example.com
expect_rc 0 "validate valid"

# Usage errors (64).
tc create --first-name Ada --email a@example.com --perform-as "$USER_ID"
expect_rc 64 "missing --job-id"
expect_contains "$WORK/err" "--job-id" "names --job-id"
tc create --job-id "$POSTING" --no-such-flag
expect_rc 64 "unknown flag"
tc create --job-id "$POSTING" --frist-name Ada
expect_rc 64 "misspelt flag"
expect_eq "$(cat "$WORK/err")" $'error: create: unknown option --frist-name (did you mean --first-name?)\nhint: see truto-candidates create --help' \
  "misspelt flag: named once, the nearest flag, create's help"
tc crate --job-id "$POSTING"
expect_rc 64 "misspelt command"
expect_eq "$(cat "$WORK/err")" $'error: unknown command "crate" (did you mean create?)\nhint: see truto-candidates --help' \
  "misspelt command: the nearest command"
tc validate --first-name Ada --email ada@example.com -o table
expect_rc 0 "validate a lead without --job-id"
tc validate --first-name Ada --send-confirmation-email
expect_rc 64 "validate: confirmation e-mail for a lead"
expect_contains "$WORK/err" "hint: see truto-candidates validate --help" "validate's hint names validate's help"
tc create --job-id "$POSTING" --perform-as "$USER_ID" --application-source robot --first-name A
expect_rc 64 "bad application source"
tc create --job-id "$POSTING" --perform-as "$USER_ID" --first-name A --lever-url http://api.example.com/v1
expect_rc 64 "plain http to a non-loopback host"
expect_contains "$WORK/err" "plain http is refused" "explains the http refusal"
tc create --job-id "$POSTING" --perform-as "$USER_ID"
expect_rc 64 "nothing to create"

# Missing input (66).
tc create --job-id "$POSTING" --perform-as "$USER_ID" --input "$WORK/missing.json"
expect_rc 66 "missing input file"
expect_contains "$WORK/err" "missing.json" "names the file"
tc create --job-id "$POSTING" --perform-as "$USER_ID" --input "$WORK"
expect_rc 66 "input is a directory"
tc create --job-id "$POSTING" --perform-as "$USER_ID" --first-name A --email a@example.com --resume "$WORK/nope.pdf"
expect_rc 66 "missing resume file"
# Only the duplicate check (a read) precedes the file read; nothing is written.
expect_eq "$(requests_matching POST .)" "0" "nothing written when the resume is missing"

# Configuration (78): credentials, perform_as.
LEVER_API_KEY= tc create --job-id "$POSTING" --perform-as "$USER_ID" --first-name A --email a@example.com
expect_rc 78 "missing credentials"
expect_contains "$WORK/err" "LEVER_API_KEY" "says which variable to set"
tc create --job-id "$POSTING" --first-name A --email a@example.com
expect_rc 78 "missing perform_as"
expect_contains "$WORK/err" "--perform-as" "says how to set perform_as"
tc create --job-id "$POSTING" --perform-as nobody@example.com --first-name A --email a@example.com
expect_rc 78 "perform_as e-mail of no user"

# Authentication (77): a rejected key, a key without write permission.
LEVER_API_KEY=wrong-key tc create --job-id "$POSTING" --perform-as "$USER_ID" --first-name A --email a@example.com
expect_rc 77 "rejected key"
expect_contains "$WORK/err" "401" "shows the status"
expect_not_contains "$WORK/err" "wrong-key" "the key is not echoed"
LEVER_API_KEY=sandbox-readonly-key tc create --job-id "$POSTING" --perform-as "$USER_ID" --first-name A --email a@example.com
expect_rc 77 "forbidden key"

# Lever's own refusal (unknown posting) is shown as code: message, exit 65.
tc create --job-id 00000000-0000-4000-8000-000000000000 --perform-as "$USER_ID" --first-name A --email a@example.com
expect_rc 65 "unknown posting"
expect_contains "$WORK/err" "ResourceNotFound" "Lever's error code shown"

# Nobody listening: unavailable after retries (69).
LEVER_API_KEY=$API_KEY LEVER_API_BASE=http://127.0.0.1:1/v1 "$TC_BIN" create --job-id "$POSTING" --perform-as "$USER_ID" --first-name A --retries 1 \
  --email a@example.com >"$WORK/out" 2>"$WORK/err" && RC=0 || RC=$?
expect_rc 69 "connection refused"

# --dry-run: the exact request, secrets redacted, nothing sent.
before=$(sandbox_count requests)
tc create --job-id "$POSTING" --perform-as "$USER_ID" --first-name Ada --email ada@example.com --dry-run -v
expect_rc 0 "dry run"
expect_eq "$(jq -r '.requests[0].method' "$WORK/out")" "POST" "dry run shows the method"
expect_eq "$(jq -r '.requests[0].headers.Authorization' "$WORK/out")" "Basic [redacted]" "dry run redacts the key"
expect_eq "$(jq -r '.requests[0].body.name' "$WORK/out")" "Ada" "dry run shows the body"
expect_eq "$(sandbox_count requests)" "$before" "dry run sends nothing"
tc create --job-id "$POSTING" --perform-as "$USER_ID" --input "$WORK/bad.json" --dry-run
expect_rc 65 "dry run of an invalid record"

# -v traces requests without the secret.
tc create --job-id "$POSTING" --perform-as "$USER_ID" --first-name Vera --email vera@example.com -v
expect_rc 0 "verbose create"
expect_contains "$WORK/err" "> POST $BASE/opportunities" "trace shows the request line"
expect_contains "$WORK/err" "Authorization: Basic [redacted]" "trace redacts Authorization"
expect_contains "$WORK/err" "< HTTP 201" "trace shows the status"
for f in "$WORK/out" "$WORK/err"; do
  expect_not_contains "$f" "$SECRET" "no secret in $(basename "$f")"
  expect_not_contains "$f" "$(printf '%s:' "$SECRET" | base64)" "no encoded secret in $(basename "$f")"
done

# --api-key-file: read from the file; a world-readable file gets a warning.
printf '%s\n' "$SECRET" >"$WORK/key"; chmod 644 "$WORK/key"
LEVER_API_KEY= tc create --job-id "$POSTING" --perform-as "$USER_ID" --first-name Kim --email kim@example.com --api-key-file "$WORK/key"
expect_rc 0 "key from a file"
expect_contains "$WORK/err" "readable by other users" "warns about the key file mode"
chmod 600 "$WORK/key"
LEVER_API_KEY= tc create --job-id "$POSTING" --perform-as "$USER_ID" --first-name Kim2 --email kim2@example.com --api-key-file "$WORK/key"
expect_not_contains "$WORK/err" "readable by other users" "no warning for a private key file"

finish
