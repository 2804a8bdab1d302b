#pragma once
// What the create command needs from a route (lever or truto): create one validated record, or
// describe the requests it would send (--dry-run). One route object per worker thread.
#include <rapidjson/document.h>

#include <optional>
#include <string>

namespace tc {

struct CreateOutcome {
  rapidjson::Document candidate;  // the unified candidate (docs/lever-contract.md §4)
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
  // A record a crashed run left in flight (journal "started" at `since_ms`, no outcome): the
  // candidate if it was created after all. `can_resend` says whether sending it again is safe when
  // nothing was found (the lever route looks up by e-mail; without one it cannot tell).
  virtual std::optional<CreateOutcome> resolve_in_flight(const rapidjson::Value& record, long long since_ms,
                                                         bool& can_resend) = 0;
  // Requests sent so far by this route object.
  virtual long long requests_sent() const = 0;
};

}  // namespace tc
