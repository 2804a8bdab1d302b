#pragma once
// What the create command needs from a route (lever or truto): create one validated record, or
// describe the requests it would send (--dry-run). One route object per worker thread.
#include <rapidjson/document.h>

#include <string>

namespace tc {

struct CreateOutcome {
  rapidjson::Document candidate;  // the unified candidate (DESIGN.md §7)
  std::string id;
  // True when an earlier attempt had created it (found by the lookup after an ambiguous answer).
  bool found_existing = false;
};

class CandidateRoute {
 public:
  virtual ~CandidateRoute() = default;
  // Creates the candidate; throws tc::Error (mark_outcome_unknown() when the outcome is unknown).
  virtual CreateOutcome create(const rapidjson::Value& record) = 0;
  // The requests --dry-run prints: {"requests": [{method, url, headers, body | multipart}]}. No network.
  virtual rapidjson::Document plan(const rapidjson::Value& record) = 0;
  // Requests sent so far by this route object.
  virtual long long requests_sent() const = 0;
};

}  // namespace tc
