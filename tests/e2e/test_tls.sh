#!/usr/bin/env bash
# Over TLS: the sandbox serves https with a certificate made here. An untrusted certificate fails with a
# clear message and exit 69 before anything is sent; --cacert makes the lead, applicant and bulk paths
# work; an API redirect is not followed, so nothing (and no credential) reaches the other port.
source "$(dirname "$0")/lib.sh"
common=(--job-id "$POSTING" --perform-as "$USER_ID")

make_cert() {  # make_cert NAME: a self-signed certificate for 127.0.0.1 in $WORK/NAME.pem (key NAME.key)
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
    -keyout "$WORK/$1.key" -out "$WORK/$1.pem" 2>/dev/null
}
make_cert sandbox
make_cert stranger
SANDBOX_CA=$WORK/sandbox.pem
fast_sandbox --tls-cert "$WORK/sandbox.pem" --tls-key "$WORK/sandbox.key"
[[ $BASE == https://127.0.0.1:* ]] && pass || fail "sandbox not on https: $BASE"

# Verification is on: a certificate nobody vouches for is refused, the run stops with 69, the message
# says why and what to do, and no request reached Lever (the handshake failed before any was sent).
tc create "${common[@]}" --first-name Un --last-name Trusted --email untrusted@example.com
expect_rc 69 "untrusted certificate"
expect_contains "$WORK/err" "certificate" "says it is the certificate"
expect_contains "$WORK/err" "--cacert" "points at --cacert"
# A CA that did not sign the sandbox's certificate does not help either.
tc create "${common[@]}" --first-name Un --last-name Trusted --email untrusted@example.com --cacert "$WORK/stranger.pem"
expect_rc 69 "a CA that did not sign the certificate"
expect_contains "$WORK/err" "certificate" "says it is the certificate (wrong CA)"
# Bulk: every record fails at once (no retry: trust does not come back) with the same message; exit 1.
for i in 1 2 3; do echo "{\"first_name\":\"U$i\",\"emails\":[{\"email\":\"u$i@example.com\"}]}"; done >"$WORK/u.ndjson"
tc create "${common[@]}" --input "$WORK/u.ndjson"
expect_rc 1 "untrusted certificate, bulk"
expect_eq "$(jq -r .status "$WORK/out" | tr '\n' ' ')" "failed failed failed " "every record failed"
expect_eq "$(jq -r '.error.message | test("SSL certificate problem")' "$WORK/out" | sort -u)" "true" "each says why"
expect_eq "$(sandbox_count requests)" "0" "no request reached the sandbox"

# Host names are verified: a certificate signed by the CA given to --cacert, but issued to another name
# (elsewhere.invalid), is refused — trusting a CA is not trusting every host it vouches for.
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=Test-CA -addext basicConstraints=critical,CA:TRUE \
  -keyout "$WORK/ca.key" -out "$WORK/ca.pem" 2>/dev/null
openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj /CN=elsewhere.invalid -keyout "$WORK/other-name.key" \
  -out "$WORK/other-name.csr" 2>/dev/null
echo 'subjectAltName=DNS:elsewhere.invalid' >"$WORK/other-name.ext"
openssl x509 -req -in "$WORK/other-name.csr" -CA "$WORK/ca.pem" -CAkey "$WORK/ca.key" -CAcreateserial -days 2 \
  -extfile "$WORK/other-name.ext" -out "$WORK/other-name.pem" 2>/dev/null
start_sandbox --tls-cert "$WORK/other-name.pem" --tls-key "$WORK/other-name.key"
# The control: under the name it was issued to, the certificate is valid for that CA (so the refusal
# below is about the name alone).
other_name_stats() {
  curl -sS --cacert "$WORK/ca.pem" --connect-to "elsewhere.invalid:$PORT:127.0.0.1:$PORT" \
    "https://elsewhere.invalid:$PORT/__sandbox/stats"
}
expect_eq "$(other_name_stats | jq .opportunities)" "0" "the other name's certificate is valid under its name"
tc create "${common[@]}" --first-name Wrong --last-name Name --email wrong-name@example.com --cacert "$WORK/ca.pem"
expect_rc 69 "a certificate for another host name"
expect_contains "$WORK/err" "certificate" "says it is the certificate (another name)"
expect_contains "$WORK/err" "127.0.0.1" "names the host the certificate does not match"
expect_eq "$(other_name_stats | jq -c '[.requests, .creates, .opportunities]')" "[0,0,0]" \
  "another host name: nothing reached the sandbox"
SANDBOX_CA=$WORK/sandbox.pem
fast_sandbox --tls-cert "$WORK/sandbox.pem" --tls-key "$WORK/sandbox.key"

# --cacert trusts the sandbox: a lead from flags.
tc create "${common[@]}" --first-name Tee --last-name Ls --email tls@example.com --cacert "$WORK/sandbox.pem"
expect_rc 0 "lead over TLS with --cacert"
expect_eq "$(jq -r .name "$WORK/out")" "Tee Ls" "lead created"
expect_eq "$(sandbox_get opportunities | jq -r '[.[] | select(.name == "Tee Ls")] | length')" "1" "held once"

# A lead with a resume (multipart) and the read-back of its files, over TLS.
printf '%%PDF-1.4 tls cv\n' >"$WORK/cv.pdf"
tc create "${common[@]}" --first-name Res --last-name Ume --email resume-tls@example.com --resume "$WORK/cv.pdf" \
  --cacert "$WORK/sandbox.pem"
expect_rc 0 "lead with a resume over TLS"
expect_eq "$(jq -r '.attachments | length' "$WORK/out")" "1" "resume read back"

# An applicant: the form, the apply, finding its opportunity — over TLS.
tc create --job-id "$POSTING" --application-source applicant --first-name App --last-name Lied \
  --email applied-tls@example.com --answer 'a1b2c3d4-0000-4000-8000-000000000011=referral' \
  --answer 'Years of experience=7' --location London --cacert "$WORK/sandbox.pem"
expect_rc 0 "applicant over TLS"
expect_eq "$(jq -r '.applications | length' "$WORK/out")" "1" "applicant has its application"

# Bulk over TLS, four workers and a journal; the re-run skips everything.
for i in $(seq 1 30); do echo "{\"first_name\":\"B$i\",\"last_name\":\"Tls\",\"emails\":[{\"email\":\"btls$i@example.com\"}]}"; done >"$WORK/b.ndjson"
tc create "${common[@]}" --input "$WORK/b.ndjson" --concurrency 4 --journal "$WORK/b.journal" --cacert "$WORK/sandbox.pem" --rate 1000
expect_rc 0 "bulk over TLS"
expect_eq "$(jq -r .status "$WORK/out" | sort | uniq -c | awk '{print $2"="$1}' | tr '\n' ' ')" "created=30 " "bulk statuses"
expect_eq "$(sandbox_get opportunities | jq '[.[] | select(.name | endswith(" Tls"))] | length')" "30" "bulk held once each"
tc create "${common[@]}" --input "$WORK/b.ndjson" --concurrency 4 --journal "$WORK/b.journal" --cacert "$WORK/sandbox.pem"
expect_rc 0 "bulk re-run over TLS"
expect_eq "$(jq -r .status "$WORK/out" | sort -u | tr '\n' ' ')" "skipped " "bulk re-run skips"

# Redirects. Every API request is answered 307 to the recorder on another local port, keeping method and
# body: a client that followed it would hand the recorder the request and its credentials. The recorder
# speaks https with the sandbox's certificate, so such a client would get there.
start_sandbox --tls-cert "$WORK/sandbox.pem" --tls-key "$WORK/sandbox.key" --fault-redirect 1 --fault-methods GET,POST
# The recorder works: curl told to follow (-L), trusting only the sandbox's certificate and allowed only
# https (as the tool is), gets there.
curl -sS -L --proto =https --proto-redir =https --cacert "$WORK/sandbox.pem" -o /dev/null "$BASE/postings" || true
expect_eq "$(sandbox_get elsewhere | jq '.requests | length')" "1" "the recorder sees a followed redirect"
curl -sS -d '' "$SANDBOX/__sandbox/reset" --cacert "$WORK/sandbox.pem" >/dev/null
expect_eq "$(sandbox_get elsewhere | jq '.requests | length')" "0" "reset empties the recorder"
# A create answered 307: not followed, reported as an unexpected answer (76), nothing reaches the recorder.
tc create "${common[@]}" --first-name Red --last-name Irect --email redirect@example.com --cacert "$WORK/sandbox.pem"
expect_rc 76 "a redirected create"
expect_contains "$WORK/err" "HTTP 307" "names the redirect"
# An applicant: the form GET is redirected first.
tc create --job-id "$POSTING" --application-source applicant --first-name Red --last-name Irect \
  --email redirect@example.com --cacert "$WORK/sandbox.pem"
expect_rc 76 "a redirected form read"
# The e-mail form of perform_as needs GET /users: redirected too. And a bulk run.
tc create --job-id "$POSTING" --perform-as "$USER_EMAIL" --input "$WORK/b.ndjson" --cacert "$WORK/sandbox.pem"
[[ $RC -ne 0 ]] && pass || fail "bulk run through redirects succeeded"
expect_eq "$(sandbox_get requests | jq '[.[] | select(.status == 307)] | length > 0')" "true" "the sandbox answered 307s"
expect_eq "$(sandbox_get elsewhere | jq '.requests | length')" "0" "no request followed a redirect"
expect_eq "$(sandbox_get opportunities | jq 'length')" "0" "nothing created"

finish
