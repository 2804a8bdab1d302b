#include "core/run/output.hpp"

#include <rapidjson/pointer.h>
#include <utf8proc.h>

#include <algorithm>

#include "core/util/json_util.hpp"
#include "core/util/strings.hpp"

namespace tc {

namespace {

const char* kBold = "\x1b[1m";
const char* kReset = "\x1b[0m";

// One grapheme cluster (what the user sees as one character) starting at a byte offset.
struct Cluster {
  size_t end;    // byte offset just past the cluster
  size_t width;  // terminal columns
};

bool is_printable_ascii(unsigned char c) { return c >= 0x20 && c < 0x7F; }

// The grapheme cluster starting at byte `pos` of `text`, found with utf8proc's Unicode segmentation
// rules. Its width is that of its first code point (combining marks, variation selectors and joiners
// that follow add nothing), except that emoji presentation takes 2 columns: a cluster holding U+FE0F,
// an emoji ZWJ sequence, or a flag (two regional indicators). A byte that is not valid UTF-8 is a
// cluster of its own, 1 column wide, so malformed input never shifts more than it shows.
Cluster cluster_at(const std::string& text, size_t pos) {
  const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  const size_t size = text.size();
  // Fast path: printable ASCII followed by ASCII (or the end) is a cluster of one column.
  if (is_printable_ascii(bytes[pos]) && (pos + 1 == size || bytes[pos + 1] < 0x80)) return {pos + 1, 1};

  utf8proc_int32_t first = 0;
  const utf8proc_ssize_t first_length =
      utf8proc_iterate(bytes + pos, static_cast<utf8proc_ssize_t>(size - pos), &first);
  if (first_length < 0) return {pos + 1, 1};
  size_t end = pos + static_cast<size_t>(first_length);
  const bool regional = utf8proc_get_property(first)->boundclass == UTF8PROC_BOUNDCLASS_REGIONAL_INDICATOR;
  bool emoji_presentation = false;
  utf8proc_int32_t state = 0;
  for (utf8proc_int32_t previous = first; end < size;) {
    utf8proc_int32_t next = 0;
    const utf8proc_ssize_t length = utf8proc_iterate(bytes + end, static_cast<utf8proc_ssize_t>(size - end), &next);
    if (length < 0 || utf8proc_grapheme_break_stateful(previous, next, &state)) break;
    if (next == 0xFE0F ||
        (previous == 0x200D && utf8proc_get_property(next)->boundclass == UTF8PROC_BOUNDCLASS_EXTENDED_PICTOGRAPHIC)) {
      emoji_presentation = true;
    }
    if (regional && utf8proc_get_property(next)->boundclass == UTF8PROC_BOUNDCLASS_REGIONAL_INDICATOR) {
      emoji_presentation = true;
    }
    previous = next;
    end += static_cast<size_t>(length);
  }
  if (emoji_presentation) return {end, 2};
  return {end, static_cast<size_t>(std::max(0, utf8proc_charwidth(first)))};
}

// Where the longest prefix of `text` that fits in `width` columns ends (always on a cluster
// boundary), and the last space, a cluster of its own, at or just after that end (npos if none).
struct Fit {
  size_t bytes;
  size_t last_space;
};

Fit fit_prefix(const std::string& text, size_t width) {
  Fit fit{0, std::string::npos};
  size_t cols = 0;
  while (fit.bytes < text.size()) {
    const Cluster cluster = cluster_at(text, fit.bytes);
    if (cluster.end == fit.bytes + 1 && text[fit.bytes] == ' ') fit.last_space = fit.bytes;
    if (cols + cluster.width > width) break;
    cols += cluster.width;
    fit.bytes = cluster.end;
  }
  return fit;
}

// One line of a table cell: line breaks and tabs would break the columns, so they become spaces.
std::string single_line(std::string text) {
  for (char& c : text) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return text;
}

// Splits `text` into lines of at most `width` columns, breaking at spaces where possible and at the
// line breaks the text has.
std::vector<std::string> wrap(const std::string& text, size_t width) {
  std::vector<std::string> lines;
  if (width < 4) width = 4;
  size_t start = 0;
  for (;;) {
    const size_t end = text.find('\n', start);
    std::string rest = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!rest.empty() && rest.back() == '\r') rest.pop_back();
    rest = single_line(rest);
    while (display_width(rest) > width) {
      const Fit fit = fit_prefix(rest, width);  // width >= 4 holds at least one cluster (2 columns at most)
      const size_t cut = fit.last_space == std::string::npos || fit.last_space == 0 ? fit.bytes : fit.last_space;
      lines.push_back(rest.substr(0, cut));
      rest = rest.substr(cut);
      if (!rest.empty() && rest[0] == ' ') rest.erase(0, 1);
    }
    lines.push_back(rest);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return lines;
}

std::vector<std::string> strings_of(const rapidjson::Value* array, const char* key) {
  std::vector<std::string> out;
  if (array == nullptr || !array->IsArray()) return out;
  for (const auto& item : array->GetArray()) {
    if (item.IsString()) {
      out.emplace_back(item.GetString(), item.GetStringLength());
    } else if (key != nullptr && item.IsObject()) {
      std::string value = get_string(item, key);
      const std::string type = get_string(item, "type");
      if (!type.empty() && !value.empty()) value += " (" + type + ")";
      if (!value.empty()) out.push_back(value);
    }
  }
  return out;
}

// The rows of a candidate's table: a label and its value; empty values are left out.
struct LabelledRows {
  std::vector<std::pair<std::string, std::string>> rows;
  void add(const char* label, const std::string& value) {
    if (!value.empty()) rows.emplace_back(label, value);
  }
};

// Lever's own fields beyond the unified model, as Lever sent them in remote_data.
void add_lever_rows(LabelledRows& rows, const rapidjson::Value& remote) {
  if (const auto* owner = get_member(remote, "owner"); owner != nullptr && owner->IsObject()) {
    std::string text = get_string(*owner, "name");
    const std::string email = get_string(*owner, "email");
    if (!email.empty()) text += text.empty() ? email : " <" + email + ">";
    rows.add("Owner", text.empty() ? get_string(*owner, "id") : text);
  } else if (owner != nullptr && owner->IsString()) {
    rows.add("Owner", owner->GetString());
  }
  if (const auto* stage = get_member(remote, "stage"); stage != nullptr && stage->IsObject()) {
    rows.add("Stage", get_string(*stage, "text").empty() ? get_string(*stage, "id") : get_string(*stage, "text"));
  } else if (stage != nullptr && stage->IsString()) {
    rows.add("Stage", stage->GetString());
  }
  rows.add("Sources", join(strings_of(get_member(remote, "sources"), nullptr), ", "));
}

// The archive state (the unified rejected_at / reject_reason of the first application that has them),
// then one row per application.
void add_application_rows(LabelledRows& rows, const rapidjson::Value& c) {
  const auto* apps = get_member(c, "applications");
  if (apps == nullptr || !apps->IsArray()) return;
  for (const auto& app : apps->GetArray()) {
    const std::string at = get_string(app, "rejected_at"), reason = get_string(app, "reject_reason");
    if (at.empty() && reason.empty()) continue;
    rows.add("Archived", (reason.empty() ? std::string("yes") : "reason " + reason) + (at.empty() ? "" : ", " + at));
    break;
  }
  for (const auto& app : apps->GetArray()) {
    std::string text = get_string(app, "id");
    if (const auto* job = get_member(app, "job")) text += ", job " + get_string(*job, "id");
    if (const auto* stage = get_member(app, "current_stage")) {
      const std::string name = get_string(*stage, "name");
      text += ", stage " + (name.empty() ? get_string(*stage, "id") : name);
    }
    rows.add("Application", text);
  }
}

// Labels in a column as wide as the longest, values wrapped to the rest of the width.
std::string render_labelled_rows(const LabelledRows& labelled, const TableStyle& style) {
  size_t label_width = 0;
  for (const auto& row : labelled.rows) label_width = std::max(label_width, row.first.size());
  const size_t value_width = style.width > label_width + 3 ? style.width - label_width - 2 : 20;
  std::string out;
  for (const auto& [label, value] : labelled.rows) {
    const auto lines = wrap(value, value_width);
    for (size_t i = 0; i < lines.size(); ++i) {
      const std::string cell = i == 0 ? label : std::string();
      std::string padded = cell + std::string(label_width - cell.size(), ' ');
      if (style.color && !cell.empty()) padded = kBold + padded + kReset;
      out += padded + "  " + lines[i] + "\n";
    }
  }
  return out;
}

}  // namespace

size_t display_width(const std::string& text) {
  size_t n = 0;
  for (size_t pos = 0; pos < text.size();) {
    const Cluster cluster = cluster_at(text, pos);
    n += cluster.width;
    pos = cluster.end;
  }
  return n;
}

std::string truncate_to_width(const std::string& text, size_t width) {
  if (display_width(text) <= width) return text;
  if (width == 0) return {};
  return text.substr(0, fit_prefix(text, width - 1).bytes) + "…";
}

std::string render_candidate_table(const rapidjson::Value& c, const TableStyle& style) {
  LabelledRows rows;
  rows.add("ID", get_string(c, "id"));
  rows.add("Name", get_string(c, "name"));
  rows.add("Title", get_string(c, "title"));
  rows.add("Company", get_string(c, "company"));
  rows.add("Emails", join(strings_of(get_member(c, "emails"), "email"), ", "));
  rows.add("Phones", join(strings_of(get_member(c, "phones"), "number"), ", "));
  rows.add("Locations", join(strings_of(get_member(c, "locations"), nullptr), "; "));
  rows.add("Links", join(strings_of(get_member(c, "urls"), "url"), ", "));
  const rapidjson::Value* remote = get_member(c, "remote_data");
  if (remote != nullptr && !remote->IsObject()) remote = nullptr;
  // The candidate's page in Lever: the opportunity's urls.show, as Lever sent it in remote_data.
  if (remote != nullptr) {
    if (const auto* urls = get_member(*remote, "urls"); urls != nullptr && urls->IsObject())
      rows.add("Lever", get_string(*urls, "show"));
  }
  rows.add("Tags", join(strings_of(get_member(c, "tags"), "name"), ", "));
  if (remote != nullptr) add_lever_rows(rows, *remote);
  add_application_rows(rows, c);
  if (const auto* files = get_member(c, "attachments"); files != nullptr && files->IsArray()) {
    for (const auto& file : files->GetArray()) {
      rows.add("Attachment", get_string(file, "file_name") + " (" + get_string(file, "attachment_type") + ")");
    }
  }
  if (const auto* p = get_member(c, "is_private"); p != nullptr && p->IsBool())
    rows.add("Private", p->GetBool() ? "yes" : "no");
  if (const auto* e = get_member(c, "can_email"); e != nullptr && e->IsBool())
    rows.add("Can e-mail", e->GetBool() ? "yes" : "no");
  rows.add("Created", get_string(c, "created_at"));
  rows.add("Updated", get_string(c, "updated_at"));
  return render_labelled_rows(rows, style);
}

std::string render_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                         const TableStyle& style, const std::vector<size_t>& keep) {
  std::vector<size_t> columns;  // the columns shown: those with a value in some row
  for (size_t i = 0; i < header.size(); ++i) {
    const bool empty = !rows.empty() && std::all_of(rows.begin(), rows.end(), [i](const std::vector<std::string>& row) {
      return i >= row.size() || row[i].empty();
    });
    if (!empty) columns.push_back(i);
  }
  const size_t n = columns.size();
  auto cell_of = [&columns](const std::vector<std::string>& row, size_t c) {
    return columns[c] < row.size() ? single_line(row[columns[c]]) : std::string();
  };
  std::vector<size_t> widths(n, 0);
  for (size_t c = 0; c < n; ++c) widths[c] = display_width(header[columns[c]]);
  for (const auto& row : rows) {
    for (size_t c = 0; c < n; ++c) widths[c] = std::max(widths[c], display_width(cell_of(row, c)));
  }
  auto total = [&] {
    size_t t = 0;
    for (size_t w : widths) t += w;
    return t + 2 * (n > 0 ? n - 1 : 0);
  };
  // Shrink the widest column, one display column at a time, until the table fits (2 spaces between
  // columns): first among the columns not kept whole, then among all.
  auto shrink = [&](bool keep_too) {
    while (total() > style.width) {
      size_t widest = n;
      for (size_t c = 0; c < n; ++c) {
        const bool kept = std::find(keep.begin(), keep.end(), columns[c]) != keep.end();
        if ((keep_too || !kept) && widths[c] > 4 && (widest == n || widths[c] > widths[widest])) widest = c;
      }
      if (widest == n) return;
      --widths[widest];
    }
  };
  if (style.fit) {
    shrink(false);
    shrink(true);
  }
  auto line = [&](const std::vector<std::string>& cells, bool bold) {
    std::string out;
    for (size_t c = 0; c < n; ++c) {
      std::string cell = truncate_to_width(cell_of(cells, c), widths[c]);
      if (c + 1 < n) cell += std::string(widths[c] - display_width(cell), ' ');
      if (bold && style.color) cell = kBold + cell + kReset;
      out += cell;
      if (c + 1 < n) out += "  ";
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(header, true);
  for (const auto& row : rows) out += line(row, false);
  return out;
}

std::string render_table_row(const std::vector<std::string>& cells, const std::vector<size_t>& widths,
                             const TableStyle& style) {
  size_t fixed = 0;
  for (size_t w : widths) fixed += w + 2;
  const size_t last_width = style.width > fixed + 10 ? style.width - fixed : 10;
  std::string out;
  for (size_t i = 0; i < cells.size(); ++i) {
    const size_t width = i < widths.size() ? widths[i] : last_width;
    std::string cell = single_line(cells[i]);
    if (style.fit) cell = truncate_to_width(cell, width);
    out += cell;
    if (i + 1 < cells.size())
      out += std::string(width > display_width(cell) ? width - display_width(cell) : 0, ' ') + "  ";
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out + "\n";
}

bool is_json_pointer(const std::string& pointer) {
  if (pointer.empty()) return true;
  if (pointer[0] != '/') return false;
  rapidjson::Pointer p(pointer.c_str(), pointer.size());
  return p.IsValid();
}

std::optional<std::string> field_value(const rapidjson::Value& document, const std::string& pointer) {
  if (!is_json_pointer(pointer)) return std::nullopt;  // rapidjson would also take "#/…" URI fragments
  rapidjson::Pointer p(pointer.c_str(), pointer.size());
  const rapidjson::Value* value = p.Get(document);
  if (value == nullptr) return std::nullopt;
  if (value->IsString()) return std::string(value->GetString(), value->GetStringLength());
  return to_json(*value);
}

}  // namespace tc
