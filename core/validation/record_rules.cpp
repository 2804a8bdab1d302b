// Rules a schema cannot say (core/validation/record_rules.hpp).
#include "core/validation/record_rules.hpp"

#include <algorithm>
#include <string>
#include <string_view>

#include "core/model/candidate_record.hpp"
#include "core/util/json_util.hpp"
#include "core/util/rfc3339.hpp"
#include "core/util/strings.hpp"
#include "core/validation/json_access.hpp"
#include "core/validation/problem_text.hpp"
#include "core/validation/record_limits.hpp"

namespace tc::validation {

using rapidjson::Value;

namespace {

bool has_text(const Value& record, const char* name) {
  const Value* v = get_member(record, name);
  if (!v || !v->IsString()) return false;
  std::string_view s = view(*v);
  return s.find_first_not_of(" \t\r\n") != std::string_view::npos;
}

}  // namespace

// The rules of ARCHITECTURE.md §4 a schema cannot say.
void check_request_rules(const Value& record, const Target& target, std::vector<Problem>& out) {
  if (target.source == ApplicationSource::Applicant) {
    if (!has_text(record, "first_name") && !has_text(record, "last_name") && !has_text(record, "name"))
      out.push_back({"/first_name", "an applicant needs a name: give first_name, last_name or name"});
    const Value* emails = get_member(record, "emails");
    if (!emails || (emails->IsArray() && emails->Empty()))
      out.push_back({"/emails", "an applicant needs at least one e-mail address"});
  } else if (const Value* answers = get_member(record, "job_form_field_answers")) {
    if (!(answers->IsArray() && answers->Empty()))
      out.push_back({"/job_form_field_answers", "answers belong to applications; use --application-source applicant"});
  }
  if (const Value* attachments = get_member(record, "attachments"); attachments && attachments->IsArray()) {
    std::string first_resume;
    for (rapidjson::SizeType i = 0; i < attachments->Size(); ++i) {
      const Value& a = (*attachments)[i];
      if (!is_resume_type(string_member(a, "type"), string_member(a, "attachment_type"))) continue;
      const std::string at = child_pointer("/attachments", i);
      if (first_resume.empty())
        first_resume = at;
      else
        out.push_back({at, "only one attachment can be the resume (" + first_resume + " already is)"});
    }
  }
}

// Lever's fields (ARCHITECTURE.md §4): a date-time the pattern accepts may still name a day that does not
// exist (2024-02-30); Lever takes milliseconds, so it must convert.
void check_lever_rules(const Value& record, std::vector<Problem>& out) {
  const Value* lever = get_member(record, "lever");
  if (!lever || !lever->IsObject()) return;
  auto check_time = [&](const Value* v, const std::string& at) {
    if (!v || !v->IsString() || rfc3339_to_epoch_ms(view(*v)).has_value()) return;
    // A value the schema already refused (its pattern) gets that one message.
    if (std::any_of(out.begin(), out.end(), [&](const Problem& p) { return p.pointer == at; })) return;
    out.push_back({at, json_excerpt(*v) + " names a date or time that does not exist"});
  };
  check_time(get_member(*lever, "created_at"), "/lever/created_at");
  check_time(get_member(*lever, "archived_at"), "/lever/archived_at");
  // Lever ignores an archive date without a reason and refuses one without an earlier creation date.
  if (const Value* archived_at = get_member(*lever, "archived_at"); archived_at && archived_at->IsString()) {
    const Value* created_at = get_member(*lever, "created_at");
    if (!get_member(*lever, "archive_reason")) {
      out.push_back({"/lever/archived_at", "an archive date needs an archive_reason"});
    } else if (!created_at) {
      out.push_back(
          {"/lever/archived_at", "an archive date needs created_at (Lever wants the candidate created before)"});
    } else if (created_at->IsString()) {
      const auto created = rfc3339_to_epoch_ms(view(*created_at));
      const auto archived = rfc3339_to_epoch_ms(view(*archived_at));
      if (created && archived && *created >= *archived)
        out.push_back({"/lever/archived_at", "must be later than created_at"});
    }
  }
  if (const Value* notes = get_member(*lever, "notes"); notes && notes->IsArray() && notes->Size() <= kMaxArrayItems)
    for (rapidjson::SizeType i = 0; i < notes->Size(); ++i)
      check_time(get_member((*notes)[i], "created_at"), child_pointer("/lever/notes", i) + "/created_at");
}

// A lead nobody can recognise or reach (ARCHITECTURE.md §4); checked once the record is otherwise valid,
// so that it is the one message a record without a name and an e-mail gets.
void check_identifiable(const Value& record, std::vector<Problem>& out) {
  const Value* emails = get_member(record, "emails");
  const bool has_email = emails && emails->IsArray() && !emails->Empty();
  if (!has_text(record, "first_name") && !has_text(record, "last_name") && !has_text(record, "name") && !has_email)
    out.push_back({"",
                   "the record has neither a name (first_name, last_name, name) nor an e-mail (emails): "
                   "Lever would store a nameless lead"});
}

}  // namespace tc::validation
