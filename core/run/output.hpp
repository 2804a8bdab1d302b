#pragma once
// How results look: the unified candidate as a key/value table, bulk results as NDJSON lines or table
// rows, one value picked with --field. Terminal facts (width, colour) come in as values.
#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <vector>

namespace tc {

struct TableStyle {
  size_t width = 100;  // terminal columns; values wrap to fit
  bool color = false;  // bold labels (ANSI) when true
};

// Terminal columns of UTF-8 text: the sum over its grapheme clusters (East Asian wide characters and
// emoji 2, combining marks and joiners 0, each invalid byte 1).
size_t display_width(const std::string& text);
// `text` cut to `width` columns, with "…" when it was longer; never cuts inside a grapheme cluster.
std::string truncate_to_width(const std::string& text, size_t width);

// A two-column table of the candidate: labels on the left, values wrapped on the right.
std::string render_candidate_table(const rapidjson::Value& candidate, const TableStyle& style);

// A table with a header row; columns shrink (with "…") to fit style.width, never breaking alignment.
std::string render_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                         const TableStyle& style);

// Checks RFC 6901 syntax ("" or starting with "/"); false for anything else.
bool is_json_pointer(const std::string& pointer);
// The value at `pointer`: strings raw, other values as compact JSON; nullopt when absent.
std::optional<std::string> field_value(const rapidjson::Value& document, const std::string& pointer);

}  // namespace tc
