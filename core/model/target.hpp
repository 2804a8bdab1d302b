#pragma once
// Where a record goes: the unified API's query parameters (ARCHITECTURE.md §3, target).
#include <string>

namespace tc {

enum class ApplicationSource { Lead, Applicant };
enum class Route { Lever, Truto };

struct Target {
  std::string job_id;  // Lever posting id (required)
  ApplicationSource source = ApplicationSource::Lead;
  std::string integrated_account_id;  // truto route only
  Route via = Route::Lever;
  bool send_confirmation_email = false;  // applicant only
};

const char* to_string(ApplicationSource s);  // "lead" | "applicant"
const char* to_string(Route r);              // "lever" | "truto"

}  // namespace tc
