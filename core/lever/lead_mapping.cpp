#include "core/lever/lead_mapping.hpp"

#include <algorithm>
#include <cctype>
#include <utility>

#include "core/http/url.hpp"
#include "core/util/error.hpp"
#include "core/util/json_util.hpp"
#include "core/util/strings.hpp"

namespace tc {

namespace {

using rapidjson::Value;

Value string_value(std::string_view s, rapidjson::Document::AllocatorType& alloc) {
  if (s.empty()) return Value("", alloc);  // string_view{}.data() may be null, which rapidjson rejects
  return Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), alloc);
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decoding; nullopt on a malformed escape or an encoded NUL (not a valid path byte).
std::optional<std::string> percent_decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '%') {
      out.push_back(s[i]);
      continue;
    }
    if (i + 2 >= s.size()) return std::nullopt;
    const int high = hex_digit(s[i + 1]);
    const int low = hex_digit(s[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    const char decoded = static_cast<char>(high * 16 + low);
    if (decoded == '\0') return std::nullopt;
    out.push_back(decoded);
    i += 2;
  }
  return out;
}

// Last path segment of a URL or path, without query or fragment ("…/cv%20v2.pdf?x=1" → "cv v2.pdf").
std::string last_segment(std::string_view source, bool decode) {
  source = source.substr(0, std::min(source.find('?'), source.find('#')));
  const auto scheme = source.find("://");
  if (scheme != std::string_view::npos) {
    source.remove_prefix(scheme + 3);
    const auto slash = source.find('/');
    source = slash == std::string_view::npos ? std::string_view{} : source.substr(slash);
  }
  const auto slash = source.rfind('/');
  if (slash != std::string_view::npos) source.remove_prefix(slash + 1);
  if (!decode) return std::string(source);
  auto decoded = percent_decode(source);
  return decoded ? *decoded : std::string(source);
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

// Resolves where an attachment's bytes are; adds a problem and returns false when it cannot.
bool resolve_source(const Value& attachment, AttachmentRef& ref, std::vector<Problem>& problems) {
  const std::string_view url = trim(string_member(attachment, "file_url"));
  const std::string where = ref.pointer + "/file_url";
  if (url.empty()) {
    problems.push_back({ref.pointer, "attachment \"" + ref.id +
                                         "\" has no file_url, so there are no bytes to send; give an https:// URL "
                                         "or a local file (file:///path, --resume, --attachment)"});
    return false;
  }
  if (lower(url.substr(0, 5)) == "file:") {
    auto path = local_path_from_file_url(url);
    if (!path || path->empty() || path->back() == '/') {
      problems.push_back(
          {where, "\"" + std::string(url) + "\" is not a usable local file URL; write it as file:///absolute/path"});
      return false;
    }
    ref.source = std::move(*path);
    ref.is_local_file = true;
    return true;
  }
  UrlParts parts;
  if (!parse_url(std::string(url), parts)) {
    problems.push_back({where, "\"" + std::string(url) + "\" is not a URL; give an https:// or file:/// URL"});
    return false;
  }
  if (parts.scheme == "http" && !is_loopback_host(parts.host)) {
    problems.push_back({where, "plain http is refused for " + parts.host +
                                   "; use https (http is allowed only for loopback addresses)"});
    return false;
  }
  if (parts.scheme != "https" && parts.scheme != "http") {
    problems.push_back({where, "unsupported scheme \"" + parts.scheme + "\"; give an https:// or file:/// URL"});
    return false;
  }
  ref.source = std::string(url);
  return true;
}

// Joins title and company as Lever's single headline.
std::string headline_of(const Value& record) {
  const std::string_view title = trim(string_member(record, "title"));
  const std::string_view company = trim(string_member(record, "company"));
  if (!title.empty() && !company.empty()) return std::string(title) + " at " + std::string(company);
  return std::string(title.empty() ? company : title);
}

std::string name_of(const Value& record) {
  const std::string_view first = trim(string_member(record, "first_name"));
  const std::string_view last = trim(string_member(record, "last_name"));
  if (!first.empty() && !last.empty()) return std::string(first) + " " + std::string(last);
  return std::string(first.empty() ? last : first);
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

std::optional<std::string> local_path_from_file_url(std::string_view url) {
  if (url.size() < 5 || lower(url.substr(0, 5)) != "file:") return std::nullopt;
  std::string_view rest = url.substr(5);
  if (rest.substr(0, 2) == "//") {
    rest.remove_prefix(2);
    const auto slash = rest.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    const std::string host = lower(rest.substr(0, slash));
    // RFC 8089: an empty authority or "localhost" is this machine; another host is not readable here.
    if (!host.empty() && host != "localhost") return std::nullopt;
    rest.remove_prefix(slash);
  }
  if (rest.empty() || rest.front() != '/') return std::nullopt;  // only absolute paths
  rest = rest.substr(0, std::min(rest.find('?'), rest.find('#')));
  return percent_decode(rest);
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

  add_if_nonempty(plan.body, "name", name_of(record), alloc);
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
  plan.body.AddMember("origin", "sourced", alloc);

  if (const Value* attachments = array_member(record, "attachments")) {
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
      if (!resolve_source(attachment, ref, problems)) continue;
      ref.file_name = std::string(trim(string_member(attachment, "file_name")));
      if (ref.file_name.empty()) ref.file_name = last_segment(ref.source, !ref.is_local_file);
      if (ref.file_name.empty()) ref.file_name = ref.id.empty() ? "attachment" : ref.id;
      if (ref.is_resume)
        plan.resume = std::move(ref);
      else
        plan.files.push_back(std::move(ref));
    }
  }

  if (!problems.empty()) {
    throw Error(ErrorKind::InvalidInput, "the record cannot be sent to Lever as a lead", std::move(problems));
  }

  // remote_data is passed through untransformed and wins over the mapped fields.
  if (record.IsObject()) {
    const auto remote = record.FindMember("remote_data");
    if (remote != record.MemberEnd() && remote->value.IsObject()) {
      for (const auto& member : remote->value.GetObject()) {
        Value copy(member.value, alloc);
        const auto existing = plan.body.FindMember(member.name);
        if (existing != plan.body.MemberEnd()) {
          existing->value = copy;
        } else {
          plan.body.AddMember(Value(member.name, alloc), copy, alloc);
        }
      }
    }
  }
  return plan;
}

}  // namespace tc
