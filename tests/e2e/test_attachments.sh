#!/usr/bin/env bash
# Attachments given as file_url: downloaded over https (http only on loopback), at most 30 MB, at most
# 5 redirects each re-checked, never with credentials; anything else is refused before Lever is called.
source "$(dirname "$0")/lib.sh"
start_sandbox
files="$SANDBOX/__sandbox/files"
lead() {  # lead FILE_URL → creates a lead whose resume is FILE_URL
  printf '{"first_name":"Att","emails":[{"email":"att%s@example.com"}],"attachments":[{"id":"cv","file_name":"cv.pdf","file_url":"%s","type":"resume"}]}\n' "$RANDOM" "$1" >"$WORK/rec.json"
  tc create --job-id "$POSTING" --perform-as "$USER_ID" --input "$WORK/rec.json"
}
posts() { sandbox_get requests | jq '[.[] | select(.method=="POST")] | length'; }

lead "$files/cv.pdf?size=2048"
expect_rc 0 "http file_url on loopback"
req=$(sandbox_get requests | jq -c '[.[] | select(.method=="POST" and .path=="/v1/opportunities")] | last')
expect_eq "$(jq -r '.parts[] | select(.name=="resumeFile") | .size' <<<"$req")" "2048" "downloaded bytes sent as resumeFile"
expect_eq "$(jq -r '.parts[] | select(.name=="resumeFile") | .file_name' <<<"$req")" "cv.pdf" "file name kept"

lead "$SANDBOX/__sandbox/redirect?hops=3&to=%2F__sandbox%2Ffiles%2Fcv.pdf"
expect_rc 0 "a few redirects are followed"

before=$(posts)
lead "$SANDBOX/__sandbox/redirect?hops=6&to=%2F__sandbox%2Ffiles%2Fcv.pdf"
expect_rc 65 "too many redirects"
expect_contains "$WORK/err" "too many redirects" "says so"
lead "$SANDBOX/__sandbox/redirect?to=http%3A%2F%2Fexample.com%2Fcv.pdf"
expect_rc 65 "a redirect to plain http off loopback is refused"
expect_contains "$WORK/err" "refused" "says it was refused"
lead "http://example.com/cv.pdf"
expect_rc 65 "plain http off loopback is refused"
lead "ftp://127.0.0.1/cv.pdf"
expect_rc 65 "other schemes are refused"
lead "$files/big.pdf?size=$((31 * 1024 * 1024))"
expect_rc 65 "over 30 MB"
expect_contains "$WORK/err" "30 MB" "names the limit"
expect_eq "$(posts)" "$before" "nothing sent to Lever for a refused attachment"

finish
