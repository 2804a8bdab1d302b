#pragma once
// What the create command needs from a route (lever or truto): create one validated record, or
// describe the requests it would send (--dry-run). One route object per worker thread. Every entry point
// takes the typed record the runner built once after validation (core/model/candidate_record.hpp).
#include <rapidjson/document.h>

#include <cstddef>
#include <optional>
#include <set>
#include <string>

#include "core/model/candidate_record.hpp"
#include "core/model/written.hpp"
#include "core/util/error.hpp"

namespace tc {

struct CreateOutcome {
  rapidjson::Document candidate;  // the unified candidate (docs/lever-contract.md §4)
  std::string id;
  // True when an earlier attempt had created it (found by the lookup after an ambiguous answer).
  bool found_existing = false;
  // What the route wrote for the record (notes, files, tags, links, sources; stage): journaled for `undo`.
  Written written;
};

// A candidate known only by its id: {"id": id}.
inline CreateOutcome known_by_id(const std::string& id) {
  CreateOutcome outcome;
  outcome.id = id;
  outcome.candidate.SetObject();
  outcome.candidate.AddMember("id", rapidjson::Value(id.c_str(), outcome.candidate.GetAllocator()),
                              outcome.candidate.GetAllocator());
  return outcome;
}

class CandidateRoute {
 public:
  virtual ~CandidateRoute() = default;
  // Creates the candidate; throws tc::Error (mark_outcome_unknown() when the outcome is unknown).
  virtual CreateOutcome create(const CandidateRecord& record) = 0;
  // The requests --dry-run prints: {"requests": [{method, url, headers, body | multipart}]}. No network.
  virtual rapidjson::Document plan(const CandidateRecord& record) = 0;
  // A record a crashed run left in flight (journal "started" at `since_ms`, no outcome): the
  // candidate if it was created after all. `can_resend` says whether sending it again is safe when
  // nothing was found (the lever route looks up by e-mail; without one it cannot tell).
  virtual std::optional<CreateOutcome> resolve_in_flight(const CandidateRecord& record, long long since_ms,
                                                         bool& can_resend) = 0;
  // Candidate `id` was created by an earlier run whose later steps failed (the journal holds it
  // "incomplete"): finish those steps without creating again. A route without such steps has nothing to do.
  virtual CreateOutcome complete(const std::string& id, const CandidateRecord& /*record*/) { return known_by_id(id); }
  // What the record at hand had written when a write failed (a merge that stopped half-way), for the journal.
  virtual Written take_written() { return {}; }
  // Requests sent so far by this route object.
  virtual long long requests_sent() const = 0;

  // Duplicates (ARCHITECTURE.md §5). The default is a route that cannot look: only `create` is possible.
  // The existing candidate on the target posting holding one of the record's e-mails, or nullopt.
  virtual std::optional<CreateOutcome> find_duplicate(const CandidateRecord& /*record*/) { return std::nullopt; }
  // Adds what the record brings and the existing candidate `id` lacks, through additive calls only.
  virtual CreateOutcome merge_into(const std::string& /*id*/, const CandidateRecord& /*record*/) {
    throw Error(ErrorKind::Usage, "this route cannot merge into an existing candidate");
  }
  // Candidates that existed before the next create (a duplicate found, an earlier record's): the lookup
  // after an ambiguous create must never adopt one of them as its own.
  virtual void set_known_candidates(std::set<std::string> /*ids*/) {}
  // The input was read to its end and holds `records` records: a route that planned for an unknown
  // count (a stream) may plan again (the lever route's posting read, docs/lever-contract.md §2).
  virtual void input_counted(size_t /*records*/) {}
};

}  // namespace tc
