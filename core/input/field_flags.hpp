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
  // The record's `lever` object (ARCHITECTURE.md §3, "Lever's fields"): users by e-mail or id, stage
  // and archive reason by name or id, created_at as RFC 3339, notes as their text.
  std::optional<std::string> owner, stage, origin, created_at, archive_reason;
  std::vector<std::string> followers, sources, notes;

  bool any() const { return any_person() || any_batch_wide(); }
  // Flags that describe one person (--first-name, --email, --resume, --answer, --remote-data, …): a
  // usage error with multi-record input.
  bool any_person() const;
  // --tag and the `lever` flags: with multi-record input they are batch-wide values.
  bool any_batch_wide() const;
};

// Splits "TYPE=VALUE" where TYPE matches ^[a-z_]+$; otherwise the whole text is the value.
std::pair<std::string, std::string> split_typed_value(const std::string& text);

// Replaces in `record` (an object) every field the flags give (the `lever` flags replace the same
// members of record["lever"], creating it when absent). Local paths become file:/// URLs of
// their absolute path; attachment ids are the file names. Throws tc::Error(Usage) for a bad flag value
// (--remote-data that is not a JSON object, a malformed --answer).
void apply_field_flags(rapidjson::Document& record, const FieldFlags& flags);

// Multi-record input: adds the batch-wide flags to `record` (ARCHITECTURE.md §3). Lists (tags,
// lever.followers, lever.sources, lever.notes) get each flag value the record does not already hold
// (compared ignoring case; notes by text); a scalar (lever.owner, stage, origin, created_at,
// archive_reason) fills only a record that has none — the record's own value wins.
void apply_batch_wide_flags(rapidjson::Document& record, const FieldFlags& flags);

// One --answer value "[GROUP_ID/]NAME=VALUE" → {"name", "value"[, "group_id"]}. The text before
// the first '/' is GROUP_ID when it holds no space (a leading '/' means "no group", for names that
// contain '/'); the first '=' ends NAME. A VALUE starting with '[' must be a JSON array of strings.
// Throws tc::Error(Usage) with a message showing the expected form.
rapidjson::Value parse_answer_flag(std::string_view spec, rapidjson::Document::AllocatorType& alloc);

}  // namespace tc
