#include "core/model/target.hpp"

#include "core/util/error.hpp"

namespace tc {

const char* to_string(ApplicationSource s) { return s == ApplicationSource::Lead ? "lead" : "applicant"; }
const char* to_string(Route r) { return r == Route::Lever ? "lever" : "truto"; }

std::string record_job_id(const rapidjson::Value& record) {
  if (!record.IsObject()) return {};
  const auto it = record.FindMember("job_id");
  if (it == record.MemberEnd() || !it->value.IsString()) return {};
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

Target record_target(const Target& run, std::string_view own_job_id) {
  Target target = run;
  if (!own_job_id.empty()) target.job_id = std::string(own_job_id);
  return target;
}

Target require_record_target(const Target& run, std::string_view own_job_id) {
  Target target = record_target(run, own_job_id);
  if (target.job_id.empty()) {
    const std::string message = "the record names no posting: it has no job_id and no --job-id was given";
    throw Error(ErrorKind::InvalidInput, message, {Problem{"/job_id", message}},
                "give --job-id POSTING_ID for every record, or a job_id column (CSV) / member (JSON) for this one");
  }
  return target;
}

}  // namespace tc
