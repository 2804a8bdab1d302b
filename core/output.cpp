#include "core/output.hpp"

#include <rapidjson/pointer.h>

#include <algorithm>

#include "core/json_util.hpp"

namespace tc {

namespace {

const char* kBold = "\x1b[1m";
const char* kReset = "\x1b[0m";

bool is_continuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Splits `text` into lines of at most `width` columns, breaking at spaces where possible.
std::vector<std::string> wrap(const std::string& text, size_t width) {
  std::vector<std::string> lines;
  if (width < 4) width = 4;
  std::string rest = text;
  while (display_width(rest) > width) {
    // Byte offset of the column `width`.
    size_t bytes = 0, cols = 0;
    while (bytes < rest.size() && cols < width) {
      ++bytes;
      while (bytes < rest.size() && is_continuation(static_cast<unsigned char>(rest[bytes]))) ++bytes;
      ++cols;
    }
    size_t cut = rest.rfind(' ', bytes);
    if (cut == std::string::npos || cut == 0) cut = bytes;
    lines.push_back(rest.substr(0, cut));
    rest = rest.substr(cut);
    if (!rest.empty() && rest[0] == ' ') rest.erase(0, 1);
  }
  lines.push_back(rest);
  return lines;
}

std::string join(const std::vector<std::string>& items, const char* sep) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += sep;
    out += item;
  }
  return out;
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
  for (unsigned char c : text) n += is_continuation(c) ? 0 : 1;
  return n;
}

std::string truncate_to_width(const std::string& text, size_t width) {
  if (display_width(text) <= width) return text;
  if (width == 0) return {};
  size_t bytes = 0, cols = 0;
  while (bytes < text.size() && cols < width - 1) {
    ++bytes;
    while (bytes < text.size() && is_continuation(static_cast<unsigned char>(text[bytes]))) ++bytes;
    ++cols;
  }
  return text.substr(0, bytes) + "…";
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
  if (const auto* p = get_member(c, "is_private"); p != nullptr && p->IsBool()) add("Private", p->GetBool() ? "yes" : "no");
  if (const auto* e = get_member(c, "can_email"); e != nullptr && e->IsBool()) add("Can e-mail", e->GetBool() ? "yes" : "no");
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
      std::string cell = truncate_to_width(i < cells.size() ? cells[i] : std::string(), widths[i]);
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
  rapidjson::Pointer p(pointer.c_str(), pointer.size());
  if (!p.IsValid()) return std::nullopt;
  const rapidjson::Value* value = p.Get(document);
  if (value == nullptr) return std::nullopt;
  if (value->IsString()) return std::string(value->GetString(), value->GetStringLength());
  return to_json(*value);
}

}  // namespace tc
