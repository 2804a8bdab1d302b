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
  bool fit = true;     // a terminal: cut cells to fit `width`; otherwise (a pipe, a file) every cell is whole
};

// Terminal columns of UTF-8 text: the sum over its grapheme clusters (East Asian wide characters and
// emoji 2, combining marks and joiners 0, each invalid byte 1).
size_t display_width(const std::string& text);
// `text` cut to `width` columns, with "…" when it was longer; never cuts inside a grapheme cluster.
std::string truncate_to_width(const std::string& text, size_t width);

// A two-column table of the candidate: labels on the left, values wrapped on the right.
std::string render_candidate_table(const rapidjson::Value& candidate, const TableStyle& style);

// A table with a header row; a column whose cells are all empty is left out. With style.fit the columns
// shrink (with "…") to fit style.width, never breaking alignment: the others first, the columns listed in
// `keep` (ids, names the user passes back) only when nothing else is left to cut. Without style.fit the
// columns are as wide as their widest cell.
std::string render_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                         const TableStyle& style, const std::vector<size_t>& keep = {});

// One row of a table printed as its rows come, so with column widths fixed in advance: each cell but the
// last is padded to its entry of `widths` plus two spaces; the last takes what style.width leaves (at
// least 10). With style.fit cells are cut (with "…") to their width; without it every cell is printed
// whole, and one longer than its column pushes the rest of its row right.
std::string render_table_row(const std::vector<std::string>& cells, const std::vector<size_t>& widths,
                             const TableStyle& style);

// Checks RFC 6901 syntax ("" or starting with "/"); false for anything else.
bool is_json_pointer(const std::string& pointer);
// The value at `pointer`: strings raw, other values as compact JSON; nullopt when absent.
std::optional<std::string> field_value(const rapidjson::Value& document, const std::string& pointer);

}  // namespace tc
