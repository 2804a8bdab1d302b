#pragma once
// Where a record goes: the unified API's query parameters (ARCHITECTURE.md §3, target), and a record's
// own posting when it names one (a `job_id` member or CSV column, ARCHITECTURE.md §5).
#include <rapidjson/document.h>

#include <string>

namespace tc {

enum class ApplicationSource { Lead, Applicant };
enum class Route { Lever, Truto };

struct Target {
  std::string job_id;  // Lever posting id (--job-id; a record's own job_id overrides it)
  ApplicationSource source = ApplicationSource::Lead;
  std::string integrated_account_id;  // truto route only
  Route via = Route::Lever;
  bool send_confirmation_email = false;  // applicant only
};

const char* to_string(ApplicationSource s);  // "lead" | "applicant"
const char* to_string(Route r);              // "lever" | "truto"

// The record's own posting: its `job_id` member when that is a non-empty string, else "".
std::string record_job_id(const rapidjson::Value& record);

// The target of one record: `run` (the run's flags) with the record's own job_id, when it has one.
Target record_target(const Target& run, const rapidjson::Value& record);

// record_target, throwing tc::Error(InvalidInput, pointer /job_id) when neither the record nor the run
// names a posting.
Target require_record_target(const Target& run, const rapidjson::Value& record);

}  // namespace tc
