#pragma once
// The field flags of one record (--first-name, --email [TYPE=]ADDRESS, --resume PATH|URL, …) and how
// they are laid over a record read from --input (ARCHITECTURE.md §3: flags override the same fields).
#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tc {

struct FieldFlags {
  std::optional<std::string> first_name, last_name, title, company;
  std::vector<std::string> locations;
  std::vector<std::string> emails;  // [TYPE=]ADDRESS
  std::vector<std::string> phones;  // [TYPE=]NUMBER
  std::vector<std::string> links;   // [TYPE=]URL
  std::vector<std::string> tags;
  std::vector<std::string> resumes;        // PATH|URL (at most one makes sense; the validator says so)
  std::vector<std::string> attachments;    // PATH|URL
  std::vector<std::string> answers;        // [GROUP_ID/]NAME=VALUE
  std::optional<std::string> remote_data;  // a JSON object

  bool any() const;
};

// Splits "TYPE=VALUE" where TYPE matches ^[a-z_]+$; otherwise the whole text is the value.
std::pair<std::string, std::string> split_typed_value(const std::string& text);

// Replaces in `record` (an object) every field the flags give. Local paths become file:/// URLs of
// their absolute path; attachment ids are the file names. Throws tc::Error(Usage) for a bad flag value
// (--remote-data that is not a JSON object, a malformed --answer).
void apply_field_flags(rapidjson::Document& record, const FieldFlags& flags);

// One --answer value "[GROUP_ID/]NAME=VALUE" → {"name", "value"[, "group_id"]}. The text before
// the first '/' is GROUP_ID when it holds no space (a leading '/' means "no group", for names that
// contain '/'); the first '=' ends NAME. A VALUE starting with '[' must be a JSON array of strings.
// Throws tc::Error(Usage) with a message showing the expected form.
rapidjson::Value parse_answer_flag(std::string_view spec, rapidjson::Document::AllocatorType& alloc);

}  // namespace tc
