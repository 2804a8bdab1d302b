# Lengths of top-level function definitions in clang-formatted C++ (.clang-format): a definition starts
# at column 0 (namespaces are not indented), its signature may go on over indented lines, and its body
# ends at the next "}" at column 0. Counts from the signature's first line to that "}".
# Prints "FILE:LINE: N lines: FIRST LINE" for each longer than `limit` (default 80).
# Not seen: functions defined inside a class body (indented), and one-line functions (never long).
BEGIN { if (limit == "") limit = 80 }
FNR == 1 { infn = 0; pending = "" }
function begin(line_no, text) { infn = 1; start = line_no; name = text; pending = "" }
function not_a_function(text) {
  return text ~ /^(namespace|class|struct|enum|union|extern|typedef|using|#)/ || text ~ /^template.*>$/ || text ~ /=[ ]*\{$/
}
infn {
  if ($0 ~ /^\}/) {
    len = FNR - start + 1
    if (len > limit) printf "%s:%d: %d lines: %s\n", FILENAME, start, len, substr(name, 1, 100)
    infn = 0
  }
  next
}
# A signature on one line: `int f(int a) {`.
/^[A-Za-z_~\[].*\{$/ {
  if (not_a_function($0)) { pending = ""; next }
  begin(FNR, $0); next
}
# The first line of a signature that goes on (or a declaration, which a ";" below cancels).
/^[A-Za-z_~\[]/ {
  if (not_a_function($0) || $0 ~ /;$/ || $0 ~ /\{\}$/) { pending = ""; next }
  pending = $0; pstart = FNR; next
}
# Its continuation: indented lines; the one that opens the body ends it (`) {`, `: member_(x) {`).
pending != "" && /^[ \t]/ {
  if ($0 ~ /;$/ || $0 ~ /\{\}$/ || $0 ~ /=[ ]*\{$/) { pending = ""; next }
  if ($0 ~ /\{$/) begin(pstart, pending)
  next
}
pending != "" && /^\{$/ { begin(pstart, pending); next }
{ pending = "" }
