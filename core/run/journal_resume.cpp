#include "core/run/journal_resume.hpp"

#include <utility>

namespace tc {

namespace {

JournalResume send_under(std::string key) {
  JournalResume send;
  send.key = std::move(key);
  return send;
}

JournalResume settled(JournalResume::Outcome outcome, std::string key, CreateOutcome candidate) {
  JournalResume resume;
  resume.outcome = outcome;
  resume.key = std::move(key);
  resume.candidate = std::move(candidate);
  return resume;
}

// Created by an earlier run whose later steps failed: finish them, never create again.
JournalResume complete_incomplete(const CandidateRecord& record, size_t index, const std::string& key,
                                  const std::string& id, CandidateRoute& route, const JournalResumeSettings& s) {
  CreateOutcome completed;
  try {
    completed = route.complete(id, record);
  } catch (const Error& e) {
    if (!e.created_id().empty()) s.journal.record_incomplete(key, index, id, s.clock.epoch_ms());
    throw;
  }
  completed.written.kind = "created";
  s.journal.record_created(key, index, completed.id, s.clock.epoch_ms(), &completed.written);
  return settled(JournalResume::Outcome::Completed, key, std::move(completed));
}

// A create still on its way through Lever when the run died would be missed by an earlier lookup.
void wait_until_settled(long long started_ms, const JournalResumeSettings& s) {
  const long long settled_ms = started_ms + static_cast<long long>(s.in_flight_settle_seconds * 1000.0);
  if (const long long wait_ms = settled_ms - s.clock.epoch_ms(); wait_ms > 0) {
    if (!s.clock.sleep_for(static_cast<double>(wait_ms) / 1000.0, s.cancel)) {
      throw Error(ErrorKind::Interrupted, "interrupted");
    }
  }
}

// Left in flight by a run that stopped: find out before sending again — once the create it may have
// sent has had the time to land.
JournalResume resolve_in_flight(const CandidateRecord& record, size_t index, const JournalLookup& found,
                                CandidateRoute& route, const JournalResumeSettings& s) {
  const JournalEntry& entry = *found.entry;
  if (found.under_legacy_key && s.target.via == Route::Truto) {
    // Sent before the upgrade, under an Idempotency-Key derived from the FNV key: a re-send
    // with today's key could create the candidate a second time.
    Error unknown(ErrorKind::TempFail,
                  "an earlier version sent this record to Truto with another Idempotency-Key and stopped "
                  "before the answer",
                  "check in Lever whether the candidate exists; remove its journal lines to send it again");
    throw unknown.mark_outcome_unknown();
  }
  wait_until_settled(entry.started_ms, s);
  bool can_resend = false;
  std::optional<CreateOutcome> existing;
  try {
    existing = route.resolve_in_flight(record, entry.started_ms, can_resend);
  } catch (const Error& e) {
    if (!e.created_id().empty()) {  // found, but finishing it failed: the next run finishes it
      s.journal.record_incomplete(found.key, index, e.created_id(), s.clock.epoch_ms());
      throw;
    }
    Error unknown(ErrorKind::TempFail, std::string("outcome of an earlier run unknown: ") + e.what(),
                  "run again later with the same --journal");
    throw unknown.mark_outcome_unknown();
  }
  if (existing) {
    existing->written.kind = "created";  // by the run that stopped
    s.journal.record_created(found.key, index, existing->id, s.clock.epoch_ms(), &existing->written);
    return settled(JournalResume::Outcome::AlreadyCreated, found.key, std::move(*existing));
  }
  if (!can_resend) {
    Error unknown(ErrorKind::TempFail,
                  "an earlier run sent this record and stopped before the answer; it has no e-mail to look it up",
                  "check in Lever whether the candidate exists; remove its journal lines to send it again");
    throw unknown.mark_outcome_unknown();
  }
  return send_under(found.key);
}

}  // namespace

JournalResume resume_from_journal(const CandidateRecord& record, size_t index, CandidateRoute& route,
                                  const JournalResumeSettings& settings) {
  JournalLookup found = settings.journal.find_record(*record.document, settings.target);
  if (!found.entry) return send_under(found.key);
  const JournalEntry& entry = *found.entry;
  switch (entry.state) {
    case JournalEntry::State::Created:
      return settled(JournalResume::Outcome::AlreadyCreated, found.key, known_by_id(entry.id));
    case JournalEntry::State::Incomplete:
      return complete_incomplete(record, index, found.key, entry.id, route, settings);
    case JournalEntry::State::Started: return resolve_in_flight(record, index, found, route, settings);
    default: break;
  }
  return send_under(found.key);
}

}  // namespace tc
