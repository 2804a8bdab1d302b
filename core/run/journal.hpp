#pragma once
// The --journal file (ARCHITECTURE.md §5, docs/lever-contract.md §5): append-only NDJSON, one fsync'd line per state
// change of a record, keyed by a hash of the normalised record and its target. A re-run with the same journal skips
// records already created and resolves records left in flight. Holds no secret: keys are hashes, lines carry the
// state, the Lever id, times and, on `created`, what the record wrote (ids, and the tags/links/sources it added) for
// `undo`. Keys are SHA-256 (64 hex digits); journals written before carry FNV keys (32 hex digits), which lookups fall
// back to, so an import interrupted before the upgrade resumes after it.
#include <rapidjson/document.h>

#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "core/model/record_key.hpp"
#include "core/model/target.hpp"
#include "core/model/written.hpp"

namespace tc {

struct JournalEntry {
  // Incomplete: created (id known), but a later step (notes, an applicant's additions, the read-back)
  // failed; a re-run finishes those steps instead of creating again.
  enum class State { Started, Created, Failed, Incomplete };
  State state = State::Started;
  std::string id;            // the candidate id once created
  long long started_ms = 0;  // wall-clock time of the first attempt (for the in-flight lookup)
};

// Where a record stands in the journal.
struct JournalLookup {
  std::string key;                    // the record's key: new lines are written under it
  std::optional<JournalEntry> entry;  // its latest state, if the journal has any
  bool under_legacy_key = false;      // the entry was found under the pre-SHA-256 (FNV) key
};

class Journal {
 public:
  // Opens (creating if needed) and loads the journal. Throws tc::Error(NoInput) when it cannot be
  // opened or read, and tc::Error(InvalidInput) when a line is not a journal line.
  explicit Journal(const std::string& path);
  ~Journal();
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  std::optional<JournalEntry> find(const std::string& key) const;
  // The record's entry under journal_key(), else under legacy_fnv_journal_key().
  JournalLookup find_record(const rapidjson::Value& record, const Target& target) const;
  // Appends one line and fsyncs it before returning (thread-safe).
  void record_started(const std::string& key, size_t index, long long now_ms);
  // `wrote`: what the record wrote (its "wrote" member, read by `undo`; ARCHITECTURE.md §5).
  void record_created(const std::string& key, size_t index, const std::string& id, long long now_ms,
                      const Written* wrote = nullptr);
  // `id`/`wrote`: a merge into opportunity `id` failed after writing `wrote` (journaled for `undo`).
  void record_failed(const std::string& key, size_t index, long long now_ms, const std::string& id = {},
                     const Written* wrote = nullptr);
  void record_incomplete(const std::string& key, size_t index, const std::string& id, long long now_ms);

 private:
  void append(const std::string& key, const JournalEntry& entry, size_t index, long long now_ms,
              const Written* wrote = nullptr);

  std::string path_;
  int fd_ = -1;
  mutable std::mutex mutex_;
  std::map<std::string, JournalEntry> entries_;
};

}  // namespace tc
