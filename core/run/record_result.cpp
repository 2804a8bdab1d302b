#include "core/run/record_result.hpp"

#include "core/util/json_util.hpp"

namespace tc {

const char* to_string(RecordStatus s) {
  switch (s) {
    case RecordStatus::Created: return "created";
    case RecordStatus::Skipped: return "skipped";
    case RecordStatus::Failed: return "failed";
    case RecordStatus::Unknown: return "unknown";
    case RecordStatus::Valid: return "valid";
    case RecordStatus::Planned: return "planned";
    case RecordStatus::Existing: return "existing";
    case RecordStatus::Merged: return "merged";
    case RecordStatus::Duplicate: return "duplicate";
    case RecordStatus::Blank: return "skipped_blank";
    case RecordStatus::NotAttempted: return "not_attempted";
  }
  return "failed";
}

bool is_rejected(RecordStatus status) {
  return status == RecordStatus::Failed || status == RecordStatus::Unknown || status == RecordStatus::NotAttempted;
}

std::string describe_problems(const std::vector<Problem>& problems) {
  std::string out;
  for (const auto& p : problems) {
    if (!out.empty()) out += "; ";
    out += (p.pointer.empty() ? std::string("(record)") : p.pointer) + ": " + p.message;
  }
  return out;
}

rapidjson::Value error_json(const RecordResult& r, rapidjson::Document::AllocatorType& a) {
  rapidjson::Value error(rapidjson::kObjectType);
  error.AddMember("code",
                  r.error_code.empty() ? rapidjson::Value(rapidjson::StringRef(error_code_name(r.error_kind)))
                                       : make_string(r.error_code, a),
                  a);
  error.AddMember("message", make_string(r.message, a), a);
  error.AddMember("pointer", make_string(r.problems.empty() ? std::string() : r.problems.front().pointer, a), a);
  if (!r.hint.empty()) error.AddMember("hint", make_string(r.hint, a), a);
  if (r.problems.size() > 1 || (r.problems.size() == 1 && r.problems[0].message != r.message)) {
    rapidjson::Value problems(rapidjson::kArrayType);
    for (const auto& p : r.problems) {
      rapidjson::Value item(rapidjson::kObjectType);
      item.AddMember("pointer", make_string(p.pointer, a), a);
      item.AddMember("message", make_string(p.message, a), a);
      problems.PushBack(item, a);
    }
    error.AddMember("problems", problems, a);
  }
  return error;
}

}  // namespace tc
