#pragma once
// The first step of creating a record: what an earlier run's journal lines say of it. A record the
// journal holds as created is skipped, one left incomplete is finished, one left in flight is looked up
// before it is sent again (ARCHITECTURE.md §5).
#include <atomic>
#include <string>

#include "core/http/clock.hpp"
#include "core/model/candidate_route.hpp"
#include "core/run/journal.hpp"

namespace tc {

struct JournalResumeSettings {
  Journal& journal;
  const Target& target;  // the run's target: part of the journal key
  Clock& clock;
  // A record left in flight is looked up only once this long has passed since it was sent.
  double in_flight_settle_seconds = 0;
  const std::atomic<bool>* cancel = nullptr;
};

struct JournalResume {
  enum class Outcome {
    Send,            // nothing settles the record: go on to the duplicate check and the create
    AlreadyCreated,  // an earlier run created it (journaled, or found after it stopped mid-send)
    Completed,       // an earlier run created it and this run finished its later steps
  };
  Outcome outcome = Outcome::Send;
  std::string key;          // the record's journal key: this run's lines go under it
  CreateOutcome candidate;  // AlreadyCreated, Completed: the candidate
};

// Throws tc::Error when the journal leaves the outcome unknown (marked so) or finishing fails.
// The journal key comes from the record's validated document (record.document).
JournalResume resume_from_journal(const CandidateRecord& record, size_t index, CandidateRoute& route,
                                  const JournalResumeSettings& settings);

}  // namespace tc
