#include "core/lever/lead_mapping.hpp"

#include <utility>

#include "core/util/error.hpp"
#include "core/util/json_util.hpp"
#include "core/util/rfc3339.hpp"
#include "core/util/strings.hpp"

namespace tc {

namespace {

using rapidjson::Value;
using Allocator = rapidjson::Document::AllocatorType;

Value string_value(std::string_view s, Allocator& alloc) {
  if (s.empty()) return Value("", alloc);  // string_view{}.data() may be null, which rapidjson rejects
  return Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), alloc);
}

// Joins title and company as Lever's single headline.
std::string headline_of(const CandidateRecord& record) {
  const std::string_view title = trim(record.title);
  const std::string_view company = trim(record.company);
  if (!title.empty() && !company.empty()) return std::string(title) + " at " + std::string(company);
  return std::string(title.empty() ? company : title);
}

std::string location_of(const CandidateRecord& record) {
  std::string joined;
  for (const auto& item : record.locations) {
    const std::string_view location = trim(item);
    if (location.empty()) continue;
    if (!joined.empty()) joined += "; ";
    joined += location;
  }
  return joined;
}

// The texts (trimmed, blanks left out) as a JSON array; `text` picks each item's text.
template <typename Item, typename Text>
Value strings_of(const std::vector<Item>& items, Text text, Allocator& alloc) {
  Value out(rapidjson::kArrayType);
  for (const auto& item : items) {
    const std::string_view trimmed = trim(text(item));
    if (!trimmed.empty()) out.PushBack(string_value(trimmed, alloc), alloc);
  }
  return out;
}

Value strings_of(const std::vector<std::string>& items, Allocator& alloc) {
  return strings_of(
      items, [](const std::string& s) -> const std::string& { return s; }, alloc);
}

Value phones_of(const CandidateRecord& record, Allocator& alloc) {
  Value out(rapidjson::kArrayType);
  for (const auto& phone : record.phones) {
    const std::string_view number = trim(phone.number);
    if (number.empty()) continue;
    Value lever_phone(rapidjson::kObjectType);
    lever_phone.AddMember("value", string_value(number, alloc), alloc);
    const std::string type = lever_phone_type(phone.type);
    if (!type.empty()) lever_phone.AddMember("type", string_value(type, alloc), alloc);
    out.PushBack(lever_phone, alloc);
  }
  return out;
}

void add_if_nonempty(Value& body, const char* key, const std::string& text, Allocator& alloc) {
  if (!text.empty()) body.AddMember(rapidjson::StringRef(key), string_value(text, alloc), alloc);
}

void add_if_nonempty(Value& body, const char* key, Value&& array, Allocator& alloc) {
  if (!array.Empty()) body.AddMember(rapidjson::StringRef(key), array, alloc);
}

// The `lever` object (docs/lever-contract.md §2): its names are ids by now (the session's name
// resolver replaced them in place); notes are not part of the create body.
void add_lever_fields(rapidjson::Document& body, const LeverFields& fields, std::vector<Problem>& problems) {
  auto& alloc = body.GetAllocator();
  add_if_nonempty(body, "sources", strings_of(fields.sources, alloc), alloc);
  const std::string_view origin = trim(fields.origin);
  body.AddMember("origin", string_value(origin.empty() ? std::string_view("sourced") : origin, alloc), alloc);
  add_if_nonempty(body, "owner", std::string(trim(fields.owner)), alloc);
  add_if_nonempty(body, "followers", strings_of(fields.followers, alloc), alloc);
  add_if_nonempty(body, "stage", std::string(trim(fields.stage)), alloc);
  auto epoch_ms = [&](const char* key, const std::string& value) -> std::optional<std::int64_t> {
    const std::string_view text = trim(value);
    if (text.empty()) return std::nullopt;
    auto ms = rfc3339_to_epoch_ms(text);
    if (!ms)
      problems.push_back(
          {std::string("/lever/") + key, "\"" + std::string(text) + "\" is not an RFC 3339 date and time"});
    return ms;
  };
  if (const auto created = epoch_ms("created_at", fields.created_at))
    body.AddMember("createdAt", Value(*created), alloc);
  const std::string_view reason = trim(fields.archive_reason);
  const auto archived_at = epoch_ms("archived_at", fields.archived_at);
  if (!reason.empty()) {
    Value archived(rapidjson::kObjectType);
    archived.AddMember("reason", string_value(reason, alloc), alloc);
    if (archived_at) archived.AddMember("archivedAt", Value(*archived_at), alloc);
    body.AddMember("archived", archived, alloc);
  }
}

// The record's attachments as the plan's resume and files (in record order), each problem in `problems`.
void add_attachments(LeadPlan& plan, const CandidateRecord& record, std::vector<Problem>& problems) {
  std::optional<std::string> first_resume_id;  // counted even when that resume itself has a problem
  for (const Attachment& attachment : record.attachments) {
    if (attachment.is_resume()) {
      if (first_resume_id) {
        const char* key = is_resume_type(attachment.type, "") ? "/type" : "/attachment_type";
        problems.push_back({attachment.pointer + key, "only one resume can be sent to Lever; \"" + *first_resume_id +
                                                          "\" is already the resume (give this one another type to "
                                                          "send it as a file)"});
        continue;
      }
      first_resume_id = attachment.id;
    }
    std::optional<AttachmentToSend> to_send = attachment_to_send(attachment, problems);
    if (!to_send) continue;
    if (attachment.is_resume())
      plan.resume = std::move(to_send);
    else
      plan.files.push_back(std::move(*to_send));
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

LeadPlan map_lead(const CandidateRecord& record, const Target& target) {
  LeadPlan plan;
  plan.body.SetObject();
  auto& alloc = plan.body.GetAllocator();
  std::vector<Problem> problems;

  if (!record.answers.empty()) {
    problems.push_back({"/job_form_field_answers",
                        "job_form_field_answers are only accepted with application_source=applicant: "
                        "a lead has no application form"});
  }

  add_if_nonempty(plan.body, "name", record.full_name(), alloc);
  add_if_nonempty(plan.body, "headline", headline_of(record), alloc);
  add_if_nonempty(plan.body, "location", location_of(record), alloc);
  add_if_nonempty(plan.body, "emails",
                  strings_of(
                      record.emails, [](const auto& e) -> const std::string& { return e.email; }, alloc),
                  alloc);
  add_if_nonempty(plan.body, "phones", phones_of(record, alloc), alloc);
  add_if_nonempty(plan.body, "links",
                  strings_of(
                      record.links, [](const auto& l) -> const std::string& { return l.url; }, alloc),
                  alloc);
  // Tags are strings; the {id, name} shape of Truto's read model is read as its name (candidate_record.hpp).
  add_if_nonempty(plan.body, "tags", strings_of(record.tags, alloc), alloc);
  const std::string_view job_id = trim(target.job_id);
  if (!job_id.empty()) {
    Value postings(rapidjson::kArrayType);
    postings.PushBack(string_value(job_id, alloc), alloc);
    plan.body.AddMember("postings", postings, alloc);
  }
  add_lever_fields(plan.body, record.lever, problems);
  add_attachments(plan, record, problems);

  if (!problems.empty()) {
    throw Error(ErrorKind::InvalidInput, "the record cannot be sent to Lever as a lead", std::move(problems));
  }
  merge_members(plan.body, record.remote_data);  // remote_data is passed through untransformed and wins
  return plan;
}

}  // namespace tc
