#include "core/model/duplicates.hpp"

#include <algorithm>

#include "core/util/json_util.hpp"
#include "core/util/strings.hpp"

namespace tc {

const char* to_string(OnDuplicate policy) {
  switch (policy) {
    case OnDuplicate::Skip: return "skip";
    case OnDuplicate::Merge: return "merge";
    case OnDuplicate::Create: return "create";
    case OnDuplicate::Fail: return "fail";
  }
  return "skip";
}

std::optional<OnDuplicate> parse_on_duplicate(std::string_view s) {
  for (OnDuplicate p : {OnDuplicate::Skip, OnDuplicate::Merge, OnDuplicate::Create, OnDuplicate::Fail}) {
    if (s == to_string(p)) return p;
  }
  return std::nullopt;
}

std::string normalize_email(std::string_view email) { return lower(trim(email)); }

namespace {

void add_normalized(std::vector<std::string>& out, std::string_view email) {
  std::string normalized = normalize_email(email);
  if (!normalized.empty() && std::find(out.begin(), out.end(), normalized) == out.end())
    out.push_back(std::move(normalized));
}

}  // namespace

std::vector<std::string> record_emails(const CandidateRecord& record) {
  std::vector<std::string> out;
  for (const CandidateEmail& e : record.emails) add_normalized(out, e.email);
  return out;
}

std::vector<std::string> record_emails(const rapidjson::Value& as_read) {
  std::vector<std::string> out;
  const rapidjson::Value* emails = array_member(as_read, "emails");
  if (emails == nullptr) return out;
  for (const auto& item : emails->GetArray()) {
    const rapidjson::Value* value = item.IsObject() ? get_member(item, "email") : &item;
    if (value != nullptr && value->IsString())
      add_normalized(out, std::string_view(value->GetString(), value->GetStringLength()));
  }
  return out;
}

bool is_blank_record(const rapidjson::Value& record) {
  if (!record.IsObject()) return false;
  // Only blank strings: a member of another type (null, [], {}) is something the schema must judge.
  return std::all_of(record.MemberBegin(), record.MemberEnd(), [](const auto& m) {
    return m.value.IsString() && trim(std::string_view(m.value.GetString(), m.value.GetStringLength())).empty();
  });
}

}  // namespace tc
