#pragma once
// Where a record goes: the unified API's query parameters (ARCHITECTURE.md §3, target), and a record's
// own posting when it names one (a `job_id` member or CSV column, ARCHITECTURE.md §5).
#include <rapidjson/document.h>

#include <string>
#include <string_view>

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

// The own posting of a record as read (its `job_id` member when that is a non-empty string, else ""), for
// what reads the document: the journal key and the in-batch duplicate keys. After validation the typed
// record's `job_id` holds it.
std::string record_job_id(const rapidjson::Value& record);

// The target of one record: `run` (the run's flags) with the record's own job_id, when it has one.
Target record_target(const Target& run, std::string_view own_job_id);

// record_target, throwing tc::Error(InvalidInput, pointer /job_id) when neither the record nor the run
// names a posting.
Target require_record_target(const Target& run, std::string_view own_job_id);

}  // namespace tc
