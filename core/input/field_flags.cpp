#include "core/input/field_flags.hpp"

#include <fmt/format.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include <cctype>

#include "core/http/http.hpp"
#include "core/model/duplicates.hpp"
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

rapidjson::Value note_list(const std::vector<std::string>& texts, Alloc& alloc) {
  rapidjson::Value list(rapidjson::kArrayType);
  for (const auto& text : texts) {
    rapidjson::Value note(rapidjson::kObjectType);
    note.AddMember("text", make_string(text, alloc), alloc);
    list.PushBack(note, alloc);
  }
  return list;
}

// record["lever"], created when absent; nullptr when the record holds something else there (the
// validator reports it).
rapidjson::Value* lever_object(rapidjson::Document& record) {
  auto& alloc = record.GetAllocator();
  auto it = record.FindMember("lever");
  if (it == record.MemberEnd()) {
    record.AddMember("lever", rapidjson::Value(rapidjson::kObjectType), alloc);
    it = record.FindMember("lever");
  }
  return it->value.IsObject() ? &it->value : nullptr;
}

bool lever_flags_given(const FieldFlags& f) {
  return f.owner || f.stage || f.origin || f.created_at || f.archive_reason || !f.followers.empty() ||
         !f.sources.empty() || !f.notes.empty();
}

// The lever flags as a `lever` object's members, in the schema's order.
std::vector<std::pair<const char*, rapidjson::Value>> lever_members(const FieldFlags& f, Alloc& alloc) {
  std::vector<std::pair<const char*, rapidjson::Value>> members;
  auto scalar = [&](const char* key, const std::optional<std::string>& value) {
    if (value) members.emplace_back(key, make_string(*value, alloc));
  };
  auto list = [&](const char* key, const std::vector<std::string>& values) {
    if (!values.empty()) members.emplace_back(key, string_list(values, alloc));
  };
  scalar("owner", f.owner);
  list("followers", f.followers);
  scalar("stage", f.stage);
  list("sources", f.sources);
  scalar("origin", f.origin);
  scalar("created_at", f.created_at);
  scalar("archive_reason", f.archive_reason);
  if (!f.notes.empty()) members.emplace_back("notes", note_list(f.notes, alloc));
  return members;
}

void set_in(rapidjson::Value& object, const char* key, rapidjson::Value value, Alloc& alloc) {
  auto it = object.FindMember(key);
  if (it != object.MemberEnd())
    it->value = value;
  else
    object.AddMember(rapidjson::Value(key, alloc), value, alloc);
}

// The text that identifies a list item for "already there": a string, or a note's text; ignoring case.
std::string item_identity(const rapidjson::Value& item) {
  if (item.IsString()) return lower(trim({item.GetString(), item.GetStringLength()}));
  if (item.IsObject()) return lower(trim(string_member(item, "text")));
  return {};
}

// Appends to object[key] (an array, created when absent) each item of `additions` it does not hold yet.
void add_missing(rapidjson::Value& object, const char* key, rapidjson::Value additions, Alloc& alloc) {
  auto it = object.FindMember(key);
  if (it == object.MemberEnd()) {
    object.AddMember(rapidjson::Value(key, alloc), additions, alloc);
    return;
  }
  if (!it->value.IsArray()) return;  // the validator reports it
  for (auto& item : additions.GetArray()) {
    const std::string identity = item_identity(item);
    bool held = false;
    for (const auto& existing : it->value.GetArray()) held = held || item_identity(existing) == identity;
    if (!held) it->value.PushBack(rapidjson::Value(item, alloc), alloc);
  }
}

}  // namespace

bool FieldFlags::any_person() const {
  return first_name || last_name || title || company || !locations.empty() || !emails.empty() || !phones.empty() ||
         !links.empty() || !resumes.empty() || !attachments.empty() || !answers.empty() || remote_data.has_value();
}

bool FieldFlags::any_batch_wide() const {
  return !tags.empty() || owner || stage || origin || created_at || archive_reason || !followers.empty() ||
         !sources.empty() || !notes.empty();
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
  if (lever_flags_given(flags)) {
    if (rapidjson::Value* lever = lever_object(record)) {
      for (auto& [key, value] : lever_members(flags, alloc)) set_in(*lever, key, std::move(value), alloc);
    }
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

void apply_batch_wide_flags(rapidjson::Document& record, const FieldFlags& flags) {
  auto& alloc = record.GetAllocator();
  // A blank row stays blank (it is skipped, not turned into a record of batch-wide values alone).
  if (!record.IsObject() || is_blank_record(record)) return;
  if (!flags.tags.empty()) add_missing(record, "tags", string_list(flags.tags, alloc), alloc);
  if (!lever_flags_given(flags)) return;
  rapidjson::Value* lever = lever_object(record);
  if (lever == nullptr) return;
  for (auto& [key, value] : lever_members(flags, alloc)) {
    if (value.IsArray()) {
      add_missing(*lever, key, std::move(value), alloc);
    } else if (!lever->HasMember(key)) {
      lever->AddMember(rapidjson::Value(key, alloc), value, alloc);
    }
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
