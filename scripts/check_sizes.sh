#!/usr/bin/env bash
# Rooms stay small (CONTRIBUTING.md): no function in core/ or cli/ over 80 lines, no core/ file over
# 600 lines. Prints every breach (file:line, length, the function's first line) and exits 1 when there
# is one. Bash and awk only.
set -euo pipefail
root=${TC_SOURCE_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$root"

max_function_lines=80
max_core_file_lines=600

sources=()
mapfile -t sources < <(find core cli -name '*.cpp' -o -name '*.hpp' | sort)

failures=0
cpp=()
for file in "${sources[@]}"; do [[ $file == *.cpp ]] && cpp+=("$file"); done
long_functions=$(awk -v limit="$max_function_lines" -f scripts/lib/function_lengths.awk "${cpp[@]}")
if [[ -n $long_functions ]]; then
  while IFS= read -r line; do echo "check_sizes: $line (limit $max_function_lines)"; done <<<"$long_functions"
  failures=$((failures + $(wc -l <<<"$long_functions")))
fi
for file in "${sources[@]}"; do
  [[ $file == core/* ]] || continue
  lines=$(wc -l <"$file")
  if ((lines > max_core_file_lines)); then
    echo "check_sizes: $file: $lines lines (limit $max_core_file_lines for a core/ file)"
    failures=$((failures + 1))
  fi
done

if ((failures > 0)); then
  echo "check_sizes: $failures breach(es): split by step into well-named functions or files"
  exit 1
fi
echo "check_sizes: every function within $max_function_lines lines, every core/ file within $max_core_file_lines"
