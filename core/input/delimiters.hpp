#pragma once
// Delimited text's separators (ARCHITECTURE.md §4, spreadsheet exports): the one sniffed from a header
// line, the ones --delimiter accepts, and how messages name them.
#include <optional>
#include <string>
#include <string_view>

namespace tc {

// The delimiter a header line uses: of ',' ';' TAB '|', the one found most often outside double quotes
// (',' when none is, or on a tie with it; then ';', TAB, '|').
char sniff_delimiter(std::string_view header_line);

// A --delimiter value: one character (not a letter, digit, quote or line end), or "tab" / "\t" (the two
// characters) for TAB. nullopt when it is none of these.
std::optional<char> delimiter_named(std::string_view text);

// How messages show a delimiter: "','", "';'", "'|'", "TAB".
std::string delimiter_label(char delimiter);

// "this looks like a SEMICOLON-separated file: pass --delimiter ';'" (COMMA, TAB, PIPE likewise).
std::string delimiter_advice(char delimiter);

}  // namespace tc
