#!/usr/bin/env bash
# The include structure ARCHITECTURE.md promises: core/ folders are layers, and a file includes only
# from its own layer or a lower one; lever/ and truto/ stand side by side and never include each
# other; nothing in core/ includes cli/; and no two files include each other, directly or through
# others. Prints every breach and exits 1 when there is one.
set -euo pipefail
root=${TC_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cd "$root"

# Lowest first. Same rank = siblings that must not include each other (unless the same folder).
declare -A rank=([util]=0 [model]=1 [http]=2 [validation]=3 [input]=4 [lever]=5 [truto]=5 [run]=6 [cli]=7)

edges=$(mktemp)
trap 'rm -f "$edges"' EXIT
failures=0
while IFS= read -r file; do
  from_dir=${file#core/}; from_dir=${from_dir%%/*}
  [[ $file == cli/* ]] && from_dir=cli
  if [[ -z ${rank[$from_dir]+x} ]]; then
    echo "check_layers: $file is in no known layer (add its folder to ARCHITECTURE.md and this script)"
    failures=$((failures + 1)); continue
  fi
  while IFS= read -r inc; do
    echo "$file $inc" >>"$edges"
    to_dir=${inc#core/}; to_dir=${to_dir%%/*}
    [[ $inc == cli/* ]] && to_dir=cli
    [[ $from_dir == "$to_dir" ]] && continue
    if [[ -z ${rank[$to_dir]+x} ]] || (( rank[$to_dir] >= rank[$from_dir] )); then
      echo "check_layers: $file ($from_dir) includes $inc ($to_dir): only lower layers may be included"
      failures=$((failures + 1))
    fi
  done < <(sed -n 's/^#include "\(\(core\|cli\)\/[^"]*\)".*/\1/p' "$file")
done < <(find core cli -name '*.hpp' -o -name '*.cpp' | sort)

# Cycles between files (a .cpp and its own .hpp are one unit): depth-first search over the edges.
cycles=$(awk '
  function unit(f) { sub(/\.(hpp|cpp)$/, "", f); return f }
  { a = unit($1); b = unit($2); if (a != b) { adj[a] = adj[a] " " b; nodes[a] = 1; nodes[b] = 1 } }
  function visit(n,   parts, k, m) {
    state[n] = 1; stack[++depth] = n
    split(adj[n], parts, " ")
    for (k in parts) {
      m = parts[k]; if (m == "") continue
      if (state[m] == 1) { path = m; for (i = depth; i > 0 && stack[i] != m; --i) path = stack[i] " -> " path; print m " -> " path; found = 1 }
      else if (state[m] == 0) visit(m)
    }
    --depth; state[n] = 2
  }
  END { for (n in nodes) if (state[n] == 0) visit(n) }' "$edges")
if [[ -n $cycles ]]; then
  echo "check_layers: include cycles:"; echo "$cycles"
  failures=$((failures + 1))
fi
if (( failures )); then echo "check_layers: $failures problem(s)"; exit 1; fi
echo "check_layers: $(wc -l <"$edges") includes, layers respected, no cycles"
