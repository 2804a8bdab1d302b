#!/usr/bin/env bash
# The config file: precedence (flags > environment > config file > defaults), secrets only in a
# private file, config show with sources and redaction.
source "$(dirname "$0")/lib.sh"
start_sandbox
export XDG_CONFIG_HOME=$WORK/xdg
mkdir -p "$XDG_CONFIG_HOME/truto-candidates"
config=$XDG_CONFIG_HOME/truto-candidates/config.toml
cat >"$config" <<TOML
# defaults for the importer
perform_as = "$USER_EMAIL"
lever_url = "$BASE"
output = "json"
rate = 7
lever_api_key = "$API_KEY"
TOML
chmod 600 "$config"

# The config supplies perform_as, the base URL, the output format and the key.
set +e
env -u LEVER_API_BASE LEVER_API_KEY= "$TC_BIN" create --job-id "$POSTING" --first-name Cfg --email cfg@example.com >"$WORK/out" 2>"$WORK/err"
RC=$?
set -e
expect_rc 0 "create with settings from the config file"
expect_eq "$(jq -r .name "$WORK/out")" "Cfg" "json output from the config"
expect_eq "$(sandbox_get requests | jq -r '[.[] | select(.method=="POST")] | last | .query.perform_as[0]')" "$USER_ID" "perform_as from the config"

# The environment wins over the config file, and a flag over both.
set +e
env -u LEVER_API_BASE LEVER_API_KEY= LEVER_PERFORM_AS=sam@example.com "$TC_BIN" create --job-id "$POSTING" --first-name Env --email env@example.com >"$WORK/out" 2>"$WORK/err"
set -e
expect_eq "$(sandbox_get requests | jq -r '[.[] | select(.method=="POST")] | last | .query.perform_as[0]')" "df0adaa6-172c-4cd6-8520-49b203660fe1" "environment over config"
set +e
env -u LEVER_API_BASE LEVER_API_KEY= LEVER_PERFORM_AS=sam@example.com "$TC_BIN" create --job-id "$POSTING" --perform-as "$USER_ID" \
  --first-name Flag --email flag@example.com -o table >"$WORK/out" 2>"$WORK/err"
set -e
expect_eq "$(sandbox_get requests | jq -r '[.[] | select(.method=="POST")] | last | .query.perform_as[0]')" "$USER_ID" "flag over environment"
expect_contains "$WORK/out" "Flag" "flag -o table over the config's json"

# config show: value and source of each setting, secrets redacted.
set +e
env -u LEVER_API_BASE -u LEVER_API_KEY LEVER_PERFORM_AS=sam@example.com "$TC_BIN" config show -o json >"$WORK/out" 2>"$WORK/err"
RC=$?
set -e
expect_rc 0 "config show"
expect_eq "$(jq -r '.[] | select(.setting=="perform_as") | .source' "$WORK/out")" "environment (LEVER_PERFORM_AS)" "perform_as source"
expect_eq "$(jq -r '.[] | select(.setting=="rate") | .value + " " + .source' "$WORK/out")" "7 config file ($config)" "rate from the config"
expect_eq "$(jq -r '.[] | select(.setting=="concurrency") | .value + " " + .source' "$WORK/out")" "4 default" "concurrency default"
expect_eq "$(jq -r '.[] | select(.setting=="lever_api_key") | .value' "$WORK/out")" "[redacted]" "secret redacted"
expect_not_contains "$WORK/out" "$API_KEY" "no secret in config show"

# config show takes the settings' flags; a flag wins over the environment and the file.
set +e
env -u LEVER_API_BASE -u LEVER_API_KEY LEVER_PERFORM_AS=sam@example.com "$TC_BIN" config show -o json --perform-as x --rate 9 >"$WORK/out" 2>"$WORK/err"
RC=$?
set -e
expect_rc 0 "config show with flags"
expect_eq "$(jq -r '.[] | select(.setting=="perform_as") | .value + " " + .source' "$WORK/out")" "x flag" "perform_as from the flag"
expect_eq "$(jq -r '.[] | select(.setting=="rate") | .value + " " + .source' "$WORK/out")" "9 flag" "rate from the flag"
expect_eq "$(jq -r '.[] | select(.setting=="lever_url") | .source' "$WORK/out")" "config file ($config)" "lever_url still from the file"

# A secret in a file others can read is refused.
chmod 644 "$config"
set +e
env -u LEVER_API_KEY "$TC_BIN" config show >"$WORK/out" 2>"$WORK/err"
RC=$?
set -e
expect_rc 78 "secret in a shared config file"
expect_contains "$WORK/err" "chmod 600" "says how to fix it"
expect_not_contains "$WORK/err" "$API_KEY" "the secret is not echoed"

# Errors in the file name the line; an unknown key gets a suggestion; --config FILE must exist.
printf 'perfom_as = "x"\n' >"$WORK/typo.toml"
set +e
"$TC_BIN" --config "$WORK/typo.toml" config show >"$WORK/out" 2>"$WORK/err"; RC=$?
set -e
expect_rc 78 "unknown key"
expect_contains "$WORK/err" 'did you mean "perform_as"' "suggestion"
expect_contains "$WORK/err" "line 1" "names the line"
set +e
"$TC_BIN" --config "$WORK/none.toml" config show >"$WORK/out" 2>"$WORK/err"; RC=$?
set -e
expect_rc 66 "missing --config file"

finish
