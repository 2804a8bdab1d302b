#include "core/lever/lead_mapping.hpp"

#include <utility>

#include "core/input/file_url.hpp"
#include "core/model/person_name.hpp"
#include "core/util/error.hpp"
#include "core/util/json_util.hpp"
#include "core/util/rfc3339.hpp"
#include "core/util/strings.hpp"

namespace tc {

namespace {

using rapidjson::Value;

Value string_value(std::string_view s, rapidjson::Document::AllocatorType& alloc) {
  if (s.empty()) return Value("", alloc);  // string_view{}.data() may be null, which rapidjson rejects
  return Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), alloc);
}

bool is_resume_attachment(const Value& attachment, std::string& type_key) {
  for (const char* key : {"type", "attachment_type"}) {
    if (lower(trim(string_member(attachment, key))) == "resume") {
      type_key = key;
      return true;
    }
  }
  return false;
}

// Joins title and company as Lever's single headline.
std::string headline_of(const Value& record) {
  const std::string_view title = trim(string_member(record, "title"));
  const std::string_view company = trim(string_member(record, "company"));
  if (!title.empty() && !company.empty()) return std::string(title) + " at " + std::string(company);
  return std::string(title.empty() ? company : title);
}

std::string location_of(const Value& record) {
  std::string joined;
  if (const Value* locations = array_member(record, "locations")) {
    for (const auto& item : locations->GetArray()) {
      if (!item.IsString()) continue;
      const std::string_view location = trim({item.GetString(), item.GetStringLength()});
      if (location.empty()) continue;
      if (!joined.empty()) joined += "; ";
      joined += location;
    }
  }
  return joined;
}

// A list of strings from items that are strings or objects carrying the string under `key`.
Value strings_of(const Value& record, const char* array_key, const char* item_key,
                 rapidjson::Document::AllocatorType& alloc) {
  Value out(rapidjson::kArrayType);
  if (const Value* items = array_member(record, array_key)) {
    for (const auto& item : items->GetArray()) {
      std::string_view text;
      if (item.IsString())
        text = {item.GetString(), item.GetStringLength()};
      else
        text = string_member(item, item_key);
      text = trim(text);
      if (!text.empty()) out.PushBack(string_value(text, alloc), alloc);
    }
  }
  return out;
}

Value phones_of(const Value& record, rapidjson::Document::AllocatorType& alloc) {
  Value out(rapidjson::kArrayType);
  if (const Value* phones = array_member(record, "phones")) {
    for (const auto& phone : phones->GetArray()) {
      const std::string_view number = trim(string_member(phone, "number"));
      if (number.empty()) continue;
      Value lever_phone(rapidjson::kObjectType);
      lever_phone.AddMember("value", string_value(number, alloc), alloc);
      const std::string type = lever_phone_type(string_member(phone, "type"));
      if (!type.empty()) lever_phone.AddMember("type", string_value(type, alloc), alloc);
      out.PushBack(lever_phone, alloc);
    }
  }
  return out;
}

void add_if_nonempty(Value& body, const char* key, const std::string& text, rapidjson::Document::AllocatorType& alloc) {
  if (!text.empty()) body.AddMember(rapidjson::StringRef(key), string_value(text, alloc), alloc);
}

void add_if_nonempty(Value& body, const char* key, Value&& array, rapidjson::Document::AllocatorType& alloc) {
  if (!array.Empty()) body.AddMember(rapidjson::StringRef(key), array, alloc);
}

// The `lever` object (docs/lever-contract.md §2): its names are ids by now (the session's name
// resolver replaced them in place); notes are not part of the create body.
void add_lever_fields(rapidjson::Document& body, const Value& record, std::vector<Problem>& problems) {
  auto& alloc = body.GetAllocator();
  const Value* lever = record.IsObject() ? get_member(record, "lever") : nullptr;
  if (lever != nullptr && !lever->IsObject()) lever = nullptr;
  const Value none(rapidjson::kObjectType);
  const Value& fields = lever != nullptr ? *lever : none;
  add_if_nonempty(body, "sources", strings_of(fields, "sources", "", alloc), alloc);
  const std::string_view origin = trim(string_member(fields, "origin"));
  body.AddMember("origin", string_value(origin.empty() ? std::string_view("sourced") : origin, alloc), alloc);
  add_if_nonempty(body, "owner", std::string(trim(string_member(fields, "owner"))), alloc);
  add_if_nonempty(body, "followers", strings_of(fields, "followers", "", alloc), alloc);
  add_if_nonempty(body, "stage", std::string(trim(string_member(fields, "stage"))), alloc);
  auto epoch_ms = [&](const char* key) -> std::optional<std::int64_t> {
    const std::string_view text = trim(string_member(fields, key));
    if (text.empty()) return std::nullopt;
    auto ms = rfc3339_to_epoch_ms(text);
    if (!ms)
      problems.push_back(
          {std::string("/lever/") + key, "\"" + std::string(text) + "\" is not an RFC 3339 date and time"});
    return ms;
  };
  if (const auto created = epoch_ms("created_at")) body.AddMember("createdAt", Value(*created), alloc);
  const std::string_view reason = trim(string_member(fields, "archive_reason"));
  const auto archived_at = epoch_ms("archived_at");
  if (!reason.empty()) {
    Value archived(rapidjson::kObjectType);
    archived.AddMember("reason", string_value(reason, alloc), alloc);
    if (archived_at) archived.AddMember("archivedAt", Value(*archived_at), alloc);
    body.AddMember("archived", archived, alloc);
  }
}

// The record's attachments as the plan's resume and files (in record order), each problem in `problems`.
void add_attachments(LeadPlan& plan, const Value& record, std::vector<Problem>& problems) {
  const Value* attachments = array_member(record, "attachments");
  if (attachments == nullptr) return;
  rapidjson::SizeType index = 0;
  std::optional<std::string> first_resume_id;  // counted even when that resume itself has a problem
  for (const auto& attachment : attachments->GetArray()) {
    AttachmentRef ref;
    ref.pointer = "/attachments/" + std::to_string(index++);
    if (!attachment.IsObject()) continue;  // the schema forbids it; nothing to send
    if (const auto it = attachment.FindMember("id"); it != attachment.MemberEnd()) {
      if (it->value.IsString())
        ref.id = it->value.GetString();
      else if (it->value.IsInt64())
        ref.id = std::to_string(it->value.GetInt64());
    }
    std::string type_key;
    ref.is_resume = is_resume_attachment(attachment, type_key);
    if (ref.is_resume) {
      if (first_resume_id) {
        problems.push_back({ref.pointer + "/" + type_key,
                            "only one resume can be sent to Lever; \"" + *first_resume_id +
                                "\" is already the resume (give this one another type to send it as a file)"});
        continue;
      }
      first_resume_id = ref.id;
    }
    FileUrlReading reading = read_file_url(string_member(attachment, "file_url"), ref.pointer);
    if (reading.problem) {
      problems.push_back(std::move(*reading.problem));
      continue;
    }
    ref.source = std::move(reading.source.location);
    ref.is_local_file = reading.source.is_local_file;
    ref.file_name = std::string(trim(string_member(attachment, "file_name")));
    if (ref.file_name.empty()) ref.file_name = std::move(reading.source.file_name);
    if (ref.file_name.empty()) ref.file_name = ref.id.empty() ? "attachment" : ref.id;
    if (ref.is_resume)
      plan.resume = std::move(ref);
    else
      plan.files.push_back(std::move(ref));
  }
}

// remote_data is passed through untransformed and wins over the mapped fields.
void merge_remote_data(rapidjson::Document& body, const Value& record) {
  if (!record.IsObject()) return;
  auto& alloc = body.GetAllocator();
  const auto remote = record.FindMember("remote_data");
  if (remote == record.MemberEnd() || !remote->value.IsObject()) return;
  for (const auto& member : remote->value.GetObject()) {
    Value copy(member.value, alloc);
    const auto existing = body.FindMember(member.name);
    if (existing != body.MemberEnd()) {
      existing->value = copy;
    } else {
      body.AddMember(Value(member.name, alloc), copy, alloc);
    }
  }
}

}  // namespace

std::string lever_phone_type(std::string_view unified_type) {
  const std::string type = lower(trim(unified_type));
  if (type.empty()) return "";
  if (type == "mobile" || type == "cell") return "mobile";
  if (type == "work" || type == "office") return "work";
  if (type == "home") return "home";
  if (type == "skype") return "skype";
  return "other";
}

LeadPlan map_lead(const rapidjson::Value& record, const Target& target) {
  LeadPlan plan;
  plan.body.SetObject();
  auto& alloc = plan.body.GetAllocator();
  std::vector<Problem> problems;

  if (const Value* answers = array_member(record, "job_form_field_answers"); answers && !answers->Empty()) {
    problems.push_back({"/job_form_field_answers",
                        "job_form_field_answers are only accepted with application_source=applicant: "
                        "a lead has no application form"});
  }

  add_if_nonempty(plan.body, "name", full_name(record), alloc);
  add_if_nonempty(plan.body, "headline", headline_of(record), alloc);
  add_if_nonempty(plan.body, "location", location_of(record), alloc);
  add_if_nonempty(plan.body, "emails", strings_of(record, "emails", "email", alloc), alloc);
  add_if_nonempty(plan.body, "phones", phones_of(record, alloc), alloc);
  add_if_nonempty(plan.body, "links", strings_of(record, "links", "url", alloc), alloc);
  // Tags are strings; the {id, name} shape of Truto's read model is accepted too.
  add_if_nonempty(plan.body, "tags", strings_of(record, "tags", "name", alloc), alloc);
  const std::string_view job_id = trim(target.job_id);
  if (!job_id.empty()) {
    Value postings(rapidjson::kArrayType);
    postings.PushBack(string_value(job_id, alloc), alloc);
    plan.body.AddMember("postings", postings, alloc);
  }
  add_lever_fields(plan.body, record, problems);

  add_attachments(plan, record, problems);

  if (!problems.empty()) {
    throw Error(ErrorKind::InvalidInput, "the record cannot be sent to Lever as a lead", std::move(problems));
  }

  merge_remote_data(plan.body, record);
  return plan;
}

}  // namespace tc
