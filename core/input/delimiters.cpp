#include "core/input/delimiters.hpp"

#include "core/util/strings.hpp"

namespace tc {

char sniff_delimiter(std::string_view header_line) {
  constexpr char kCandidates[] = {',', ';', '\t', '|'};
  std::size_t counts[4] = {};
  bool quoted = false;
  for (const char c : header_line) {
    if (c == '"') {
      quoted = !quoted;  // "" inside a quoted cell toggles twice
      continue;
    }
    if (quoted) continue;
    for (std::size_t k = 0; k < 4; ++k)
      if (c == kCandidates[k]) ++counts[k];
  }
  std::size_t best = 0;
  for (std::size_t k = 1; k < 4; ++k)
    if (counts[k] > counts[best]) best = k;
  return kCandidates[best];
}

std::optional<char> delimiter_named(std::string_view text) {
  const std::string name = lower(text);
  if (name == "tab" || name == "\\t") return '\t';
  if (text.size() != 1) return std::nullopt;
  const char c = text[0];
  const bool alphanumeric = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  if (alphanumeric || c == '"' || c == '\n' || c == '\r' || static_cast<unsigned char>(c) >= 0x80) return std::nullopt;
  return c;
}

std::string delimiter_label(char delimiter) {
  if (delimiter == '\t') return "TAB";
  return std::string("'") + delimiter + "'";
}

std::string delimiter_advice(char delimiter) {
  const char* name = delimiter == ',' ? "COMMA" : delimiter == ';' ? "SEMICOLON" : delimiter == '\t' ? "TAB" : "PIPE";
  const std::string flag = delimiter == '\t' ? "tab" : std::string("'") + delimiter + "'";
  return std::string("this looks like a ") + name + "-separated file: pass --delimiter " + flag;
}

}  // namespace tc
