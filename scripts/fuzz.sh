#!/usr/bin/env bash
# Fuzz the record pipeline (read → validate → map) with libFuzzer, ASan and UBSan:
#   scripts/fuzz.sh                    # 300 s
#   FUZZ_SECONDS=1200 scripts/fuzz.sh  # longer
# Builds build-fuzz/ with clang and -DTC_FUZZ=ON, replays tests/corpus/fuzz-regressions, seeds a
# scratch corpus (build-fuzz/fuzz-corpus, kept between runs) from tests/corpus/** and
# schemas/examples/** (plus tests/fuzz/seeds/) — each seed once per reader mode, as the first byte selects it ('0' auto,
# '1' json, '2' ndjson, '3' csv) — and fuzzes. Crashes land in build-fuzz/fuzz-artifacts/.
# Environment: FUZZ_SECONDS (300), FUZZ_JOBS (1), CXX (clang++), EXTRA fuzzer flags in FUZZ_ARGS.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$root/build-fuzz"
seconds="${FUZZ_SECONDS:-300}"
jobs="${FUZZ_JOBS:-1}"
cxx="${CXX:-clang++}"

# libFuzzer's runtime comes with Debian's compiler-rt package; install it only when missing.
probe_dir="$(mktemp -d)"
trap 'rm -rf "$probe_dir"' EXIT
printf 'extern "C" int LLVMFuzzerTestOneInput(const unsigned char*, unsigned long) { return 0; }\n' \
  >"$probe_dir/probe.cpp"
if ! "$cxx" -fsanitize=fuzzer "$probe_dir/probe.cpp" -o "$probe_dir/probe" 2>/dev/null; then
  if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null; then
    echo "fuzz.sh: installing libclang-rt-14-dev (libFuzzer runtime)" >&2
    apt-get install -y --no-install-recommends libclang-rt-14-dev >&2
  else
    echo "fuzz.sh: $cxx cannot link -fsanitize=fuzzer; install libclang-rt-14-dev (as root)" >&2
    exit 1
  fi
fi

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DTC_FUZZ=ON >/dev/null
cmake --build "$build" --target fuzz_records test_fuzz_regressions -j"${FUZZ_BUILD_JOBS:-2}"

# Known findings first: every minimised input must still complete.
"$build/tests/fuzz/test_fuzz_regressions"

corpus="$build/fuzz-corpus"
artifacts="$build/fuzz-artifacts"
mkdir -p "$corpus" "$artifacts"
while IFS= read -r -d '' seed; do
  name="$(echo "$seed" | sed "s|^$root/||; s|/|_|g")"
  for mode in 0 1 2 3; do
    { printf '%s' "$mode"; cat "$seed"; } >"$corpus/seed-$mode-$name"
  done
done < <(find "$root/tests/corpus" "$root/schemas/examples" -type f ! -path '*/fuzz-regressions/*' -print0)
# Hand-written seeds (full applicant against the sandbox form, lead with attachments, a Lever
# opportunity) and regression inputs already carry their mode byte.
cp "$root"/tests/fuzz/seeds/* "$corpus/"
if [ -d "$root/tests/corpus/fuzz-regressions" ]; then
  cp "$root"/tests/corpus/fuzz-regressions/* "$corpus/" 2>/dev/null || true
fi

# One job runs in this process (live output); more run as workers logging to build-fuzz/fuzz-N.log.
parallel=()
if [ "$jobs" -gt 1 ]; then parallel=(-jobs="$jobs" -workers="$jobs"); fi
cd "$build"
exec "$build/tests/fuzz/fuzz_records" "$corpus" \
  -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
  "${parallel[@]}" -print_final_stats=1 \
  -dict="$root/tests/fuzz/json.dict" -artifact_prefix="$artifacts/" ${FUZZ_ARGS:-}
