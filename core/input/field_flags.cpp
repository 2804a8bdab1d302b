#include "core/input/field_flags.hpp"

#include <fmt/format.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include <cctype>

#include "core/http/http.hpp"
#include "core/util/error.hpp"
#include "core/util/json_util.hpp"
#include "core/util/strings.hpp"

namespace tc {

namespace {

using Alloc = rapidjson::Document::AllocatorType;

void set_member(rapidjson::Document& record, const char* key, rapidjson::Value value) {
  auto& alloc = record.GetAllocator();
  if (record.HasMember(key)) {
    record[key] = value;
  } else {
    record.AddMember(rapidjson::Value(key, alloc), value, alloc);
  }
}

// A local path → "file:///abs/path" with unsafe bytes percent-encoded; a URL stays as it is.
std::string attachment_url(const std::string& path_or_url) {
  if (path_or_url.find("://") != std::string::npos) return path_or_url;
  char resolved[PATH_MAX];
  std::string absolute = ::realpath(path_or_url.c_str(), resolved) != nullptr ? std::string(resolved) : path_or_url;
  if (!absolute.empty() && absolute[0] != '/') {
    char cwd[PATH_MAX];
    if (::getcwd(cwd, sizeof cwd) != nullptr) absolute = std::string(cwd) + "/" + absolute;
  }
  return "file://" + url_encode(absolute, "/");
}

std::string file_name_of(const std::string& path_or_url) {
  std::string s = path_or_url.substr(0, path_or_url.find_first_of("?#"));
  const auto slash = s.find_last_of('/');
  return slash == std::string::npos ? s : s.substr(slash + 1);
}

rapidjson::Value attachment_entry(const std::string& source, const char* type, Alloc& alloc) {
  rapidjson::Value a(rapidjson::kObjectType);
  const std::string name = file_name_of(source);
  a.AddMember("id", make_string(name, alloc), alloc);
  a.AddMember("file_name", make_string(name, alloc), alloc);
  a.AddMember("file_url", make_string(attachment_url(source), alloc), alloc);
  if (type != nullptr) a.AddMember("type", rapidjson::StringRef(type), alloc);
  return a;
}

rapidjson::Value typed_list(const std::vector<std::string>& items, const char* value_key, Alloc& alloc) {
  rapidjson::Value list(rapidjson::kArrayType);
  for (const auto& item : items) {
    auto [type, value] = split_typed_value(item);
    rapidjson::Value entry(rapidjson::kObjectType);
    entry.AddMember(rapidjson::StringRef(value_key), make_string(value, alloc), alloc);
    if (!type.empty()) entry.AddMember("type", make_string(type, alloc), alloc);
    list.PushBack(entry, alloc);
  }
  return list;
}

rapidjson::Value string_list(const std::vector<std::string>& items, Alloc& alloc) {
  rapidjson::Value list(rapidjson::kArrayType);
  for (const auto& item : items) list.PushBack(make_string(item, alloc), alloc);
  return list;
}

}  // namespace

bool FieldFlags::any() const {
  return first_name || last_name || title || company || !locations.empty() || !emails.empty() || !phones.empty() ||
         !links.empty() || !tags.empty() || !resumes.empty() || !attachments.empty() || !answers.empty() ||
         remote_data.has_value();
}

std::pair<std::string, std::string> split_typed_value(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return {"", text};
  for (size_t i = 0; i < eq; ++i) {
    const char c = text[i];
    if (!((c >= 'a' && c <= 'z') || c == '_')) return {"", text};
  }
  return {text.substr(0, eq), text.substr(eq + 1)};
}

void apply_field_flags(rapidjson::Document& record, const FieldFlags& flags) {
  auto& alloc = record.GetAllocator();
  if (!record.IsObject()) record.SetObject();
  auto set_string = [&](const char* key, const std::optional<std::string>& value) {
    if (value) set_member(record, key, make_string(*value, alloc));
  };
  set_string("first_name", flags.first_name);
  set_string("last_name", flags.last_name);
  set_string("title", flags.title);
  set_string("company", flags.company);
  if (!flags.locations.empty()) set_member(record, "locations", string_list(flags.locations, alloc));
  if (!flags.emails.empty()) set_member(record, "emails", typed_list(flags.emails, "email", alloc));
  if (!flags.phones.empty()) set_member(record, "phones", typed_list(flags.phones, "number", alloc));
  if (!flags.links.empty()) {
    rapidjson::Value links(rapidjson::kArrayType);
    for (const auto& item : flags.links) {
      auto [type, url] = split_typed_value(item);
      if (type.empty()) {
        links.PushBack(make_string(url, alloc), alloc);
      } else {
        rapidjson::Value link(rapidjson::kObjectType);
        link.AddMember("url", make_string(url, alloc), alloc);
        link.AddMember("type", make_string(type, alloc), alloc);
        links.PushBack(link, alloc);
      }
    }
    set_member(record, "links", std::move(links));
  }
  if (!flags.tags.empty()) set_member(record, "tags", string_list(flags.tags, alloc));
  if (!flags.resumes.empty() || !flags.attachments.empty()) {
    rapidjson::Value attachments(rapidjson::kArrayType);
    for (const auto& r : flags.resumes) attachments.PushBack(attachment_entry(r, "resume", alloc), alloc);
    for (const auto& a : flags.attachments) attachments.PushBack(attachment_entry(a, nullptr, alloc), alloc);
    set_member(record, "attachments", std::move(attachments));
  }
  if (!flags.answers.empty()) {
    rapidjson::Value answers(rapidjson::kArrayType);
    for (const auto& spec : flags.answers) answers.PushBack(parse_answer_flag(spec, alloc), alloc);
    set_member(record, "job_form_field_answers", std::move(answers));
  }
  if (flags.remote_data) {
    rapidjson::Document parsed;
    std::string error;
    if (!parse_json(*flags.remote_data, parsed, &error) || !parsed.IsObject()) {
      throw Error(ErrorKind::Usage,
                  error.empty() ? "--remote-data must be a JSON object" : "--remote-data is not valid JSON: " + error,
                  R"(example: --remote-data '{"sources":["referral"]}')");
    }
    set_member(record, "remote_data", rapidjson::Value(parsed, alloc));
  }
}

rapidjson::Value parse_answer_flag(std::string_view spec, rapidjson::Document::AllocatorType& alloc) {
  using rapidjson::SizeType;
  using rapidjson::Value;
  const std::string shown(spec);
  const std::string expected =
      "expected [GROUP_ID/]NAME=VALUE, e.g. --answer 'a1b2c3d4-…=Referral' or "
      "--answer 'personalInformation/currentLocation=Berlin'";
  const size_t eq = spec.find('=');
  if (eq == std::string_view::npos) {
    throw Error(ErrorKind::Usage, "--answer '" + shown + "': no '='; " + expected);
  }
  std::string left(spec.substr(0, eq));
  const std::string value(spec.substr(eq + 1));
  std::string group, name = left;
  if (const size_t slash = left.find('/'); slash != std::string::npos) {
    const std::string prefix = left.substr(0, slash);
    if (prefix.empty()) {
      name = left.substr(1);  // "/NAME=…": explicitly no group, NAME may contain '/'
    } else if (prefix.find(' ') == std::string::npos) {
      group = std::string(trim(prefix));
      name = left.substr(slash + 1);
    }
  }
  name = std::string(trim(name));
  if (name.empty()) throw Error(ErrorKind::Usage, "--answer '" + shown + "': NAME is empty; " + expected);
  if (value.empty()) {
    throw Error(ErrorKind::Usage, "--answer '" + shown + "': VALUE is empty; give the answer after '='");
  }

  Value answer(rapidjson::kObjectType);
  answer.AddMember("name", Value(name.c_str(), static_cast<SizeType>(name.size()), alloc), alloc);
  if (value[0] == '[') {
    rapidjson::Document parsed;
    parsed.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(value.c_str(), value.size());
    bool ok = !parsed.HasParseError() && parsed.IsArray();
    if (ok) {
      for (const auto& item : parsed.GetArray()) ok = ok && item.IsString();
    }
    if (!ok) {
      throw Error(ErrorKind::Usage, "--answer '" + shown +
                                        "': a VALUE starting with '[' must be a JSON array of "
                                        "strings, e.g. --answer '" +
                                        name + "=[\"C++\", \"Rust\"]'");
    }
    answer.AddMember("value", Value(parsed, alloc), alloc);
  } else {
    answer.AddMember("value", Value(value.c_str(), static_cast<SizeType>(value.size()), alloc), alloc);
  }
  if (!group.empty())
    answer.AddMember("group_id", Value(group.c_str(), static_cast<SizeType>(group.size()), alloc), alloc);
  return answer;
}

}  // namespace tc
