# Documentation and shell completion stay in step with the real command tree: every flag of every
# --help is in the man page and nothing in the man page is stale; the page renders without warnings;
# the generated completion scripts parse and complete. Needs no sandbox (standalone, not lib.sh).
set -uo pipefail

: "${TC_BIN:?TC_BIN must point at truto-candidates}"
: "${TC_SOURCE_DIR:?TC_SOURCE_DIR must point at the source tree}"
MAN_PAGE="$TC_SOURCE_DIR/man/truto-candidates.1"
SUBCOMMANDS=(create validate form get doctor undo schema completion config "config show" help)

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
PASSED=0
FAILED=0
SKIPPED=0
pass() { PASSED=$((PASSED + 1)); }
fail() { FAILED=$((FAILED + 1)); echo "FAIL: $*"; }
skip() { SKIPPED=$((SKIPPED + 1)); echo "skip: $*"; }
check() {  # check DESCRIPTION COMMAND…: passes when the command succeeds
  local what=$1; shift
  if "$@"; then pass; else fail "$what"; fi
}

# ---- flags: --help of every subcommand vs the man page ------------------------------------------

long_flags_of() { grep -oE -- '--[a-z][a-z0-9-]*[a-z0-9]' | sort -u; }

"$TC_BIN" --help >"$WORK/help.root" || fail "truto-candidates --help exits non-zero"
cp "$WORK/help.root" "$WORK/help.all"
for sub in "${SUBCOMMANDS[@]}"; do
  # shellcheck disable=SC2086  # "config show" is two words
  if "$TC_BIN" $sub --help >"$WORK/help.${sub// /-}"; then pass; else fail "$sub --help exits non-zero"; fi
  cat "$WORK/help.${sub// /-}" >>"$WORK/help.all"
done
long_flags_of <"$WORK/help.all" >"$WORK/help.flags"
[[ $(wc -l <"$WORK/help.flags") -ge 40 ]] && pass || fail "only $(wc -l <"$WORK/help.flags") flags found in --help"

# The man page's text with roff escapes for '-' undone and comment lines dropped.
grep -v '^\.\\"' "$MAN_PAGE" | sed -e 's/\\-/-/g' -e 's/\\%//g' >"$WORK/man.txt"
long_flags_of <"$WORK/man.txt" >"$WORK/man.flags"

missing=$(comm -23 "$WORK/help.flags" "$WORK/man.flags" | tr '\n' ' ')
if [[ -z $missing ]]; then pass; else fail "flags of --help missing from the man page: $missing"; fi
stale=$(comm -13 "$WORK/help.flags" "$WORK/man.flags" | tr '\n' ' ')
if [[ -z $stale ]]; then pass; else fail "flags in the man page that no --help shows: $stale"; fi

# Every subcommand of the root --help has its own subsection (and a SYNOPSIS line).
for sub in $(sed -n '/^Subcommands:/,/^$/p' "$WORK/help.root" | awk 'NF && !/^Subcommands:/ {print $1}'); do
  if grep -qx "\.SS $sub" "$MAN_PAGE"; then pass; else fail "no '.SS $sub' subsection in the man page"; fi
  if grep -A1 -x '\.SY truto\\-candidates' "$MAN_PAGE" | grep -qx "\.B $sub"; then pass; else fail "no SYNOPSIS line for $sub"; fi
done

# Every exit status of the contract is documented.
exit_section=$(sed -n '/^\.SH EXIT STATUS/,/^\.SH /p' "$MAN_PAGE")
for code in 0 1 64 65 66 69 70 75 76 77 78 130; do
  if grep -qx "\.B $code" <<<"$exit_section"; then pass; else fail "exit status $code not in EXIT STATUS"; fi
done
env_section=$(sed -n '/^\.SH ENVIRONMENT/,/^\.SH /p' "$MAN_PAGE")
for var in LEVER_API_KEY LEVER_ACCESS_TOKEN LEVER_PERFORM_AS LEVER_API_BASE TRUTO_API_TOKEN TRUTO_API_BASE \
  TRUTO_INTEGRATED_ACCOUNT_ID TRUTO_CANDIDATES_VIA NO_COLOR COLUMNS; do
  if grep -qx "\.B $var" <<<"$env_section"; then pass; else fail "$var not in ENVIRONMENT"; fi
done

# ---- rendering ---------------------------------------------------------------------------------

if command -v groff >/dev/null; then
  warnings=$(groff -man -Tutf8 -ww -z "$MAN_PAGE" 2>&1)
  if [[ -z $warnings ]]; then pass; else fail "groff warnings: $warnings"; fi
  if command -v man >/dev/null; then
    warnings=$(MANWIDTH=80 man --warnings -l "$MAN_PAGE" 2>&1 >/dev/null)
    if [[ -z $warnings ]]; then pass; else fail "man -l warnings: $warnings"; fi
  else
    skip "man is not installed"
  fi
  # Short and long spellings are shown together, as in --help ("-o,--output" → "-o, --output").
  groff -man -Tascii -P-c -P-b -P-u "$MAN_PAGE" 2>/dev/null >"$WORK/man.rendered"
  for pair in $(grep -ohE -- '^ +-[a-z],--[a-z-]+' "$WORK"/help.* | tr -d ' ' | sort -u); do
    if grep -qF -- "${pair/,/, }" "$WORK/man.rendered"; then pass; else fail "man page lacks '${pair/,/, }'"; fi
  done
else
  skip "groff is not installed: rendering not checked"
fi

# ---- completion ----------------------------------------------------------------------------------

"$TC_BIN" completion bash >"$WORK/completion.bash" 2>"$WORK/err"; rc=$?
[[ $rc -eq 0 && -s $WORK/completion.bash ]] && pass || fail "completion bash: exit $rc: $(cat "$WORK/err")"
check "completion bash passes bash -n" bash -n "$WORK/completion.bash"

# complete_bash WORD…: what the bash completion offers for the last word of the command line.
complete_bash() {
  bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
           _truto_candidates; (( ${#COMPREPLY[@]} == 0 )) || printf "%s\n" "${COMPREPLY[@]}"' _ "$WORK/completion.bash" "$@" | sort | tr '\n' ' '
}
expect_completion() {  # expect_completion EXPECTED WORD…
  local expected=$1; shift
  local got
  got=$(complete_bash "$@")
  if [[ $got == "$expected" ]]; then pass; else fail "bash completion of '$*': got '$got', expected '$expected'"; fi
}
expect_completion "create " truto-candidates cr
expect_completion "--application-source " truto-candidates create --app
expect_completion "applicant lead " truto-candidates create --application-source ""
expect_completion "json ndjson table " truto-candidates validate -o ""
expect_completion "candidate job-form-field query request " truto-candidates schema ""
expect_completion "bash fish zsh " truto-candidates completion ""
expect_completion "agency applied internal referred sourced university " truto-candidates create --origin ""
expect_completion "--with-form --with-lever " truto-candidates validate --with
expect_completion "" truto-candidates create --job-id ""
expect_completion "get " truto-candidates ge
expect_completion "undo " truto-candidates un
expect_completion "applicant lead " truto-candidates doctor --application-source ""
expect_completion "json ndjson table " truto-candidates get ID -o ""
touch "$WORK/people.ndjson"
expect_completion "$WORK/people.ndjson " truto-candidates create --input "$WORK/people.nd"
# Every subcommand's flags are offered after "--".
for sub in create validate form get doctor undo; do
  offered=$(complete_bash truto-candidates "$sub" --)
  expected=$(long_flags_of <"$WORK/help.$sub" | tr '\n' ' ')
  missing=""
  for flag in $expected; do [[ " $offered " == *" $flag "* ]] || missing+="$flag "; done
  if [[ -z $missing ]]; then pass; else fail "bash completion of '$sub --' lacks: $missing"; fi
done
# The options completed with file names are still real flags.
file_line=$(grep -F -- '_reply -f;' "$WORK/completion.bash" | tr '|)' '  ' || true)
for flag in --input --resume --attachment --journal --api-key-file --cacert --results; do
  if [[ " $file_line " == *" $flag "* ]] && grep -qx -- "$flag" "$WORK/help.flags"; then pass; else fail "$flag is not completed with file names"; fi
done

"$TC_BIN" completion zsh >"$WORK/completion.zsh"; rc=$?
[[ $rc -eq 0 ]] && head -n1 "$WORK/completion.zsh" | grep -qx '#compdef truto-candidates' && pass || fail "completion zsh: exit $rc or no #compdef line"
if command -v zsh >/dev/null; then
  check "completion zsh passes zsh -n" zsh -n "$WORK/completion.zsh"
else
  skip "zsh is not installed"
fi

"$TC_BIN" completion fish >"$WORK/completion.fish"; rc=$?
[[ $rc -eq 0 ]] && grep -q '^complete -c truto-candidates ' "$WORK/completion.fish" && pass || fail "completion fish: exit $rc or no complete lines"
if command -v fish >/dev/null; then
  check "completion fish passes fish -n" fish -n "$WORK/completion.fish"
  got=$(fish -c "source $WORK/completion.fish; complete -C 'truto-candidates create --application-source '" | cut -f1 | sort | tr '\n' ' ')
  if [[ $got == "applicant lead " ]]; then pass; else fail "fish completion of --application-source: got '$got'"; fi
else
  skip "fish is not installed"
fi

"$TC_BIN" completion nope >/dev/null 2>"$WORK/err"; rc=$?
if [[ $rc -eq 64 ]]; then pass; else fail "completion nope: exit $rc, expected 64"; fi
"$TC_BIN" completion >/dev/null 2>&1; rc=$?
if [[ $rc -eq 64 ]]; then pass; else fail "completion without a shell: exit $rc, expected 64"; fi
"$TC_BIN" help completion >"$WORK/out" 2>&1; rc=$?
if [[ $rc -eq 0 ]] && grep -q 'bash, zsh or fish' "$WORK/out"; then pass; else fail "help completion: exit $rc"; fi

echo "$PASSED passed, $FAILED failed, $SKIPPED skipped"
[[ $FAILED -eq 0 ]]
