#!/usr/bin/env bash
# The formatting check of the test command: every C++ file of core/, cli/, tests/ and bench/ is as the
# repository's .clang-format would write it. Prints the differences and fails on the first file that
# differs; fix them with `clang-format -i FILE`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
command -v clang-format >/dev/null || { echo "check_format: clang-format is not installed (scripts/setup.sh)" >&2; exit 1; }
mapfile -t files < <(git ls-files 'core/*.cpp' 'core/*.hpp' 'cli/*.cpp' 'cli/*.hpp' 'tests/*.cpp' 'tests/*.hpp' \
  'bench/*.cpp' 'bench/*.hpp')
clang-format --dry-run --Werror "${files[@]}"
echo "check_format: ${#files[@]} files formatted"
