#include "core/run/output.hpp"

#include <rapidjson/pointer.h>

#include <algorithm>

#include "core/util/json_util.hpp"
#include "core/util/strings.hpp"

namespace tc {

namespace {

const char* kBold = "\x1b[1m";
const char* kReset = "\x1b[0m";

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// The code point starting at byte `pos` and the number of bytes it takes (a malformed byte counts
// as one code point of its own).
std::pair<char32_t, size_t> code_point_at(const std::string& text, size_t pos) {
  const auto lead = static_cast<unsigned char>(text[pos]);
  size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 1;
  char32_t cp = length == 1 ? lead : length == 2 ? (lead & 0x1F) : length == 3 ? (lead & 0x0F) : (lead & 0x07);
  for (size_t i = 1; i < length; ++i) {
    if (pos + i >= text.size() || !is_continuation(static_cast<unsigned char>(text[pos + i]))) return {lead, 1};
    cp = (cp << 6) | (static_cast<unsigned char>(text[pos + i]) & 0x3F);
  }
  return {cp, length};
}

// Terminal columns of one code point: 0 for combining marks and zero-width characters, 2 for East
// Asian wide/fullwidth characters and emoji, 1 otherwise. Names in CJK scripts must keep tables aligned.
size_t code_point_columns(char32_t cp) {
  if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
      (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE00 && cp <= 0xFE0F) ||
      (cp >= 0xFE20 && cp <= 0xFE2F) || cp == 0xFEFF) {
    return 0;
  }
  if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF) ||
      (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
      (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
      (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
      (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD)) {
    return 2;
  }
  return 1;
}

// Bytes of the longest prefix of `text` that fits in `width` columns (zero-width marks that follow
// the last character stay with it).
size_t prefix_bytes(const std::string& text, size_t width) {
  size_t bytes = 0, cols = 0;
  while (bytes < text.size()) {
    const auto [cp, length] = code_point_at(text, bytes);
    const size_t w = code_point_columns(cp);
    if (cols + w > width) break;
    cols += w;
    bytes += length;
  }
  return bytes;
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
      const size_t bytes = std::max<size_t>(1, prefix_bytes(rest, width));  // a lone wide char still moves on
      size_t cut = rest.rfind(' ', bytes);
      if (cut == std::string::npos || cut == 0) cut = bytes;
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

}  // namespace

size_t display_width(const std::string& text) {
  size_t n = 0;
  for (size_t pos = 0; pos < text.size();) {
    const auto [cp, length] = code_point_at(text, pos);
    n += code_point_columns(cp);
    pos += length;
  }
  return n;
}

std::string truncate_to_width(const std::string& text, size_t width) {
  if (display_width(text) <= width) return text;
  if (width == 0) return {};
  return text.substr(0, prefix_bytes(text, width - 1)) + "…";
}

std::string render_candidate_table(const rapidjson::Value& c, const TableStyle& style) {
  std::vector<std::pair<std::string, std::string>> rows;
  auto add = [&rows](const char* label, const std::string& value) {
    if (!value.empty()) rows.emplace_back(label, value);
  };
  add("ID", get_string(c, "id"));
  add("Name", get_string(c, "name"));
  add("Title", get_string(c, "title"));
  add("Company", get_string(c, "company"));
  add("Emails", join(strings_of(get_member(c, "emails"), "email"), ", "));
  add("Phones", join(strings_of(get_member(c, "phones"), "number"), ", "));
  add("Locations", join(strings_of(get_member(c, "locations"), nullptr), "; "));
  add("Links", join(strings_of(get_member(c, "urls"), "url"), ", "));
  add("Tags", join(strings_of(get_member(c, "tags"), "name"), ", "));
  if (const auto* apps = get_member(c, "applications"); apps != nullptr && apps->IsArray()) {
    for (const auto& app : apps->GetArray()) {
      std::string text = get_string(app, "id");
      if (const auto* job = get_member(app, "job")) text += ", job " + get_string(*job, "id");
      if (const auto* stage = get_member(app, "current_stage")) {
        const std::string name = get_string(*stage, "name");
        text += ", stage " + (name.empty() ? get_string(*stage, "id") : name);
      }
      add("Application", text);
    }
  }
  if (const auto* files = get_member(c, "attachments"); files != nullptr && files->IsArray()) {
    for (const auto& file : files->GetArray()) {
      add("Attachment", get_string(file, "file_name") + " (" + get_string(file, "attachment_type") + ")");
    }
  }
  if (const auto* p = get_member(c, "is_private"); p != nullptr && p->IsBool())
    add("Private", p->GetBool() ? "yes" : "no");
  if (const auto* e = get_member(c, "can_email"); e != nullptr && e->IsBool())
    add("Can e-mail", e->GetBool() ? "yes" : "no");
  add("Created", get_string(c, "created_at"));
  add("Updated", get_string(c, "updated_at"));

  size_t label_width = 0;
  for (const auto& row : rows) label_width = std::max(label_width, row.first.size());
  const size_t value_width = style.width > label_width + 3 ? style.width - label_width - 2 : 20;
  std::string out;
  for (const auto& [label, value] : rows) {
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

std::string render_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                         const TableStyle& style) {
  const size_t n = header.size();
  std::vector<size_t> widths(n, 0);
  for (size_t i = 0; i < n; ++i) widths[i] = display_width(header[i]);
  for (const auto& row : rows) {
    for (size_t i = 0; i < n && i < row.size(); ++i) widths[i] = std::max(widths[i], display_width(row[i]));
  }
  // Shrink the widest column until the table fits (2 spaces between columns).
  auto total = [&] {
    size_t t = 0;
    for (size_t w : widths) t += w;
    return t + 2 * (n > 0 ? n - 1 : 0);
  };
  while (total() > style.width) {
    auto widest = std::max_element(widths.begin(), widths.end());
    if (*widest <= 4) break;
    --*widest;
  }
  auto line = [&](const std::vector<std::string>& cells, bool bold) {
    std::string out;
    for (size_t i = 0; i < n; ++i) {
      std::string cell = truncate_to_width(i < cells.size() ? single_line(cells[i]) : std::string(), widths[i]);
      if (i + 1 < n) cell += std::string(widths[i] - display_width(cell), ' ');
      if (bold && style.color) cell = kBold + cell + kReset;
      out += cell;
      if (i + 1 < n) out += "  ";
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out + "\n";
  };
  std::string out = line(header, true);
  for (const auto& row : rows) out += line(row, false);
  return out;
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
