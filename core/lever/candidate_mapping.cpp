#include "core/lever/candidate_mapping.hpp"
#include "core/util/json_util.hpp"
#include "core/util/rfc3339.hpp"
#include "core/util/strings.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <optional>

namespace tc {

namespace {

using rapidjson::Value;
using Allocator = rapidjson::Document::AllocatorType;

// 9999-12-31T23:59:59.999Z: larger values are not timestamps Lever would send.
constexpr int64_t kMaxEpochMs = 253402300799999;

const Value* member(const Value& object, const char* key) {
  if (!object.IsObject()) return nullptr;
  const auto it = object.FindMember(key);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

Value string_value(std::string_view s, Allocator& alloc) {
  if (s.empty()) return Value("", alloc);  // string_view{}.data() may be null, which rapidjson rejects
  return Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), alloc);
}

// Epoch milliseconds from a number or a numeric string ("1468953420000" in Lever's file objects).
std::optional<int64_t> epoch_ms(const Value* value) {
  if (!value) return std::nullopt;
  std::optional<int64_t> ms;
  if (value->IsInt64()) {
    ms = value->GetInt64();
  } else if (value->IsDouble()) {
    const double d = value->GetDouble();
    if (std::isfinite(d) && std::fabs(d) <= static_cast<double>(kMaxEpochMs))
      ms = static_cast<int64_t>(std::llround(d));
  } else if (value->IsString()) {
    const std::string text(trim({value->GetString(), value->GetStringLength()}));
    if (text.empty() || !std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); })) {
      return std::nullopt;
    }
    errno = 0;
    const long long parsed = std::strtoll(text.c_str(), nullptr, 10);
    if (errno == 0) ms = parsed;
  }
  if (!ms || *ms <= 0 || *ms > kMaxEpochMs) return std::nullopt;
  return ms;
}

void add_string(Value& object, const char* key, std::string_view text, Allocator& alloc) {
  if (!text.empty()) object.AddMember(rapidjson::StringRef(key), string_value(text, alloc), alloc);
}

void add_timestamp(Value& object, const char* key, const Value* lever_value, Allocator& alloc) {
  if (const auto ms = epoch_ms(lever_value)) add_string(object, key, iso8601_utc_ms(*ms), alloc);
}

void add_array(Value& object, const char* key, Value&& array, Allocator& alloc) {
  if (!array.Empty()) object.AddMember(rapidjson::StringRef(key), array, alloc);
}

// A {"data": [...]} envelope or the bare array.
const Value* data_array(const Value* list) {
  if (!list) return nullptr;
  if (list->IsArray()) return list;
  return array_member(*list, "data");
}

void add_names(Value& candidate, const Value& opportunity, Allocator& alloc) {
  const std::string_view name = trim(string_member(opportunity, "name"));
  if (name.empty()) return;
  const auto space = name.find(' ');
  if (space == std::string_view::npos) {
    add_string(candidate, "first_name", name, alloc);
  } else {
    add_string(candidate, "first_name", name.substr(0, space), alloc);
    add_string(candidate, "last_name", trim(name.substr(space + 1)), alloc);
  }
  add_string(candidate, "name", string_member(opportunity, "name"), alloc);
}

void add_title_and_company(Value& candidate, const Value& opportunity, Allocator& alloc) {
  const std::string_view headline = trim(string_member(opportunity, "headline"));
  constexpr std::string_view kAt = " at ";
  const auto at = headline.rfind(kAt);
  if (at == std::string_view::npos) {
    add_string(candidate, "company", headline, alloc);
    return;
  }
  add_string(candidate, "title", trim(headline.substr(0, at)), alloc);
  add_string(candidate, "company", trim(headline.substr(at + kAt.size())), alloc);
}

bool has_email(const Value& opportunity) {
  if (const Value* emails = array_member(opportunity, "emails")) {
    for (const auto& email : emails->GetArray()) {
      if (email.IsString() && !trim({email.GetString(), email.GetStringLength()}).empty()) return true;
    }
  }
  return false;
}

bool contact_allowed(const Value& opportunity) {
  const Value* protection = member(opportunity, "dataProtection");
  const Value* contact = protection ? member(*protection, "contact") : nullptr;
  const Value* allowed = contact ? member(*contact, "allowed") : nullptr;
  return !(allowed && allowed->IsFalse());
}

Value locations_of(const Value& opportunity, Allocator& alloc) {
  Value out(rapidjson::kArrayType);
  std::string_view rest = string_member(opportunity, "location");
  constexpr std::string_view kSeparator = "; ";
  while (!rest.empty()) {
    const auto sep = rest.find(kSeparator);
    const std::string_view item = trim(rest.substr(0, sep));
    if (!item.empty()) out.PushBack(string_value(item, alloc), alloc);
    if (sep == std::string_view::npos) break;
    rest.remove_prefix(sep + kSeparator.size());
  }
  return out;
}

Value phones_of(const Value& opportunity, Allocator& alloc) {
  Value out(rapidjson::kArrayType);
  if (const Value* phones = array_member(opportunity, "phones")) {
    for (const auto& phone : phones->GetArray()) {
      const std::string_view number = trim(string_member(phone, "value"));
      if (number.empty()) continue;
      Value unified(rapidjson::kObjectType);
      unified.AddMember("number", string_value(number, alloc), alloc);
      add_string(unified, "type", string_member(phone, "type"), alloc);
      out.PushBack(unified, alloc);
    }
  }
  return out;
}

// [{key: s}] (with type from the host for urls) from a Lever array of strings.
Value wrapped_strings(const Value& opportunity, const char* lever_key, const char* unified_key, bool with_url_type,
                      Allocator& alloc) {
  Value out(rapidjson::kArrayType);
  if (const Value* items = array_member(opportunity, lever_key)) {
    for (const auto& item : items->GetArray()) {
      if (!item.IsString()) continue;
      const std::string_view text = trim({item.GetString(), item.GetStringLength()});
      if (text.empty()) continue;
      Value unified(rapidjson::kObjectType);
      unified.AddMember(rapidjson::StringRef(unified_key), string_value(text, alloc), alloc);
      if (with_url_type) unified.AddMember("type", string_value(url_type_from_host(text), alloc), alloc);
      out.PushBack(unified, alloc);
    }
  }
  return out;
}

Value tags_of(const Value& opportunity, Allocator& alloc) {
  Value out(rapidjson::kArrayType);
  if (const Value* tags = array_member(opportunity, "tags")) {
    for (const auto& tag : tags->GetArray()) {
      if (tag.IsString() && tag.GetStringLength() > 0) out.PushBack(Value(tag, alloc), alloc);
    }
  }
  return out;
}

// {id, name} from the opportunity's expanded stage {id, text}; {id} when the stage is a plain id.
Value current_stage_of(const Value& opportunity, Allocator& alloc) {
  Value stage_out(rapidjson::kObjectType);
  const Value* stage = member(opportunity, "stage");
  if (!stage) return stage_out;
  if (stage->IsString()) {
    add_string(stage_out, "id", {stage->GetString(), stage->GetStringLength()}, alloc);
  } else if (stage->IsObject()) {
    add_string(stage_out, "id", string_member(*stage, "id"), alloc);
    add_string(stage_out, "name", string_member(*stage, "text"), alloc);
  }
  return stage_out;
}

// {id, first_name, last_name, emails} from the opportunity's owner, a user object when expanded
// (expand=owner) or a plain user id.
Value credited_to_of(const Value& opportunity, Allocator& alloc) {
  Value out(rapidjson::kObjectType);
  const Value* owner = member(opportunity, "owner");
  if (!owner) return out;
  if (owner->IsString()) {
    add_string(out, "id", {owner->GetString(), owner->GetStringLength()}, alloc);
    return out;
  }
  if (!owner->IsObject()) return out;
  add_string(out, "id", string_member(*owner, "id"), alloc);
  const std::string_view name = trim(string_member(*owner, "name"));
  const auto space = name.find(' ');
  add_string(out, "first_name", name.substr(0, space), alloc);
  if (space != std::string_view::npos) add_string(out, "last_name", trim(name.substr(space + 1)), alloc);
  const std::string_view email = string_member(*owner, "email");
  if (!email.empty()) {
    Value emails(rapidjson::kArrayType);
    Value entry(rapidjson::kObjectType);
    entry.AddMember("email", string_value(email, alloc), alloc);
    emails.PushBack(entry, alloc);
    out.AddMember("emails", emails, alloc);
  }
  return out;
}

Value application_of(const Value& application, const Value& opportunity, Allocator& alloc) {
  Value out(rapidjson::kObjectType);
  const std::string_view opportunity_id = string_member(opportunity, "id");
  if (application.IsString()) {
    // Not expanded: only its id is known.
    add_string(out, "id", {application.GetString(), application.GetStringLength()}, alloc);
  } else {
    add_string(out, "id", string_member(application, "id"), alloc);
  }
  if (!opportunity_id.empty()) {
    Value candidate(rapidjson::kObjectType);
    candidate.AddMember("id", string_value(opportunity_id, alloc), alloc);
    out.AddMember("candidate", candidate, alloc);
  }
  const std::string_view posting = string_member(application, "posting");
  if (!posting.empty()) {
    Value job(rapidjson::kObjectType);
    job.AddMember("id", string_value(posting, alloc), alloc);
    out.AddMember("job", job, alloc);
  }
  add_timestamp(out, "applied_at", member(application, "createdAt"), alloc);
  // The application's own archive record; the opportunity's when the application carries none.
  const Value* archived = member(application, "archived");
  if (!archived || !archived->IsObject()) archived = member(opportunity, "archived");
  const bool is_archived = archived && archived->IsObject();
  if (is_archived) add_timestamp(out, "rejected_at", member(*archived, "archivedAt"), alloc);
  // Lever keeps sources on the opportunity: the first is the application's source.
  if (const Value* sources = array_member(opportunity, "sources")) {
    for (const auto& source : sources->GetArray()) {
      if (!source.IsString() || source.GetStringLength() == 0) continue;
      Value source_out(rapidjson::kObjectType);
      source_out.AddMember("name", Value(source, alloc), alloc);
      out.AddMember("source", source_out, alloc);
      break;
    }
  }
  Value owner = credited_to_of(opportunity, alloc);
  if (owner.HasMember("id")) out.AddMember("credited_to", owner, alloc);
  Value stage = current_stage_of(opportunity, alloc);
  if (stage.HasMember("id")) out.AddMember("current_stage", stage, alloc);  // a stage without id says nothing
  if (is_archived) add_string(out, "reject_reason", string_member(*archived, "reason"), alloc);
  add_timestamp(out, "created_at", member(application, "createdAt"), alloc);
  add_timestamp(out, "updated_at", member(application, "updatedAt"), alloc);
  return out;
}

Value applications_of(const Value& opportunity, Allocator& alloc) {
  Value out(rapidjson::kArrayType);
  if (const Value* applications = array_member(opportunity, "applications")) {
    for (const auto& application : applications->GetArray()) {
      if (!application.IsObject() && !application.IsString()) continue;
      Value unified = application_of(application, opportunity, alloc);
      if (unified.HasMember("id")) out.PushBack(unified, alloc);
    }
  }
  return out;
}

void add_attachment(Value& attachments, std::string_view id, std::string_view file_name, std::string_view file_url,
                    const char* attachment_type, const Value* created_at, Allocator& alloc) {
  if (id.empty()) return;
  Value out(rapidjson::kObjectType);
  add_string(out, "id", id, alloc);
  add_string(out, "file_name", file_name, alloc);
  add_string(out, "file_url", file_url, alloc);
  out.AddMember("attachment_type", rapidjson::StringRef(attachment_type), alloc);
  add_timestamp(out, "created_at", created_at, alloc);
  attachments.PushBack(out, alloc);
}

Value attachments_of(const Value* resumes, const Value* files, Allocator& alloc) {
  Value out(rapidjson::kArrayType);
  if (const Value* list = data_array(resumes)) {
    for (const auto& resume : list->GetArray()) {
      const Value* file = member(resume, "file");
      const Value& file_object = file && file->IsObject() ? *file : resume;
      const Value* created_at = member(resume, "createdAt");
      if (!epoch_ms(created_at)) created_at = member(file_object, "uploadedAt");
      add_attachment(out, string_member(resume, "id"), string_member(file_object, "name"),
                     string_member(file_object, "downloadUrl"), "resume", created_at, alloc);
    }
  }
  if (const Value* list = data_array(files)) {
    for (const auto& file : list->GetArray()) {
      add_attachment(out, string_member(file, "id"), string_member(file, "name"), string_member(file, "downloadUrl"),
                     "other", member(file, "uploadedAt"), alloc);
    }
  }
  return out;
}

bool host_is(std::string_view host, std::string_view domain) {
  if (host == domain) return true;
  return host.size() > domain.size() && host.substr(host.size() - domain.size()) == domain &&
         host[host.size() - domain.size() - 1] == '.';
}

}  // namespace

std::string iso8601_utc_ms(int64_t epoch_ms) {
  constexpr int64_t kMsPerDay = 86400000;
  int64_t days = epoch_ms / kMsPerDay;
  int64_t ms_of_day = epoch_ms % kMsPerDay;
  if (ms_of_day < 0) {  // floor division for times before 1970
    ms_of_day += kMsPerDay;
    --days;
  }
  std::int64_t year = 0;
  unsigned month = 0, day = 0;
  civil_from_days(days, year, month, day);

  char text[64];
  std::snprintf(text, sizeof text, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%03lldZ", static_cast<long long>(year), month,
                day, static_cast<long long>(ms_of_day / 3600000), static_cast<long long>(ms_of_day / 60000 % 60),
                static_cast<long long>(ms_of_day / 1000 % 60), static_cast<long long>(ms_of_day % 1000));
  return text;
}

std::string url_type_from_host(std::string_view url) {
  url = trim(url);
  if (const auto scheme = url.find("://"); scheme != std::string_view::npos) url.remove_prefix(scheme + 3);
  url = url.substr(0, std::min({url.find('/'), url.find('?'), url.find('#')}));
  if (const auto at = url.rfind('@'); at != std::string_view::npos) url.remove_prefix(at + 1);
  url = url.substr(0, url.find(':'));
  std::string host = lower(url);
  while (!host.empty() && host.back() == '.') host.pop_back();
  if (host.empty()) return "website";
  static const std::pair<const char*, const char*> kHosts[] = {
      {"linkedin.com", "linkedin"}, {"lnkd.in", "linkedin"},    {"github.com", "github"},
      {"gitlab.com", "gitlab"},     {"twitter.com", "twitter"}, {"x.com", "twitter"},
      {"facebook.com", "facebook"}, {"fb.com", "facebook"},     {"instagram.com", "instagram"},
      {"dribbble.com", "dribbble"}, {"behance.net", "behance"}, {"stackoverflow.com", "stackoverflow"},
      {"medium.com", "medium"},
  };
  for (const auto& [domain, type] : kHosts) {
    if (host_is(host, domain)) return type;
  }
  return "website";
}

rapidjson::Document candidate_from_opportunity(const rapidjson::Value& opportunity, const rapidjson::Value* resumes,
                                               const rapidjson::Value* files) {
  rapidjson::Document candidate;
  candidate.SetObject();
  auto& alloc = candidate.GetAllocator();

  add_string(candidate, "id", string_member(opportunity, "id"), alloc);
  add_names(candidate, opportunity, alloc);
  add_title_and_company(candidate, opportunity, alloc);
  add_timestamp(candidate, "last_interaction_at", member(opportunity, "lastInteractionAt"), alloc);
  add_timestamp(candidate, "created_at", member(opportunity, "createdAt"), alloc);
  add_timestamp(candidate, "updated_at", member(opportunity, "updatedAt"), alloc);
  if (const Value* confidentiality = member(opportunity, "confidentiality");
      confidentiality && confidentiality->IsString()) {
    candidate.AddMember("is_private", string_member(opportunity, "confidentiality") == "confidential", alloc);
  }
  candidate.AddMember("can_email", has_email(opportunity) && contact_allowed(opportunity), alloc);
  add_array(candidate, "locations", locations_of(opportunity, alloc), alloc);
  add_array(candidate, "phones", phones_of(opportunity, alloc), alloc);
  add_array(candidate, "emails", wrapped_strings(opportunity, "emails", "email", false, alloc), alloc);
  add_array(candidate, "urls", wrapped_strings(opportunity, "links", "url", true, alloc), alloc);
  add_array(candidate, "tags", tags_of(opportunity, alloc), alloc);
  add_array(candidate, "applications", applications_of(opportunity, alloc), alloc);
  if (resumes || files) candidate.AddMember("attachments", attachments_of(resumes, files, alloc), alloc);
  candidate.AddMember("remote_data", Value(opportunity, alloc), alloc);
  return candidate;
}

}  // namespace tc
