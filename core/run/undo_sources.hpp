#pragma once
// Where `undo` learns what a create run did (ARCHITECTURE.md §5, "Undo"): the run's --journal (what each
// record wrote, in its "wrote" member; journals of earlier versions hold ids only), or its NDJSON results
// (ids and statuses only) — and the undo's own progress file, FILE.undo next to it, which makes undo exactly
// once and resumable.
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/model/undo_target.hpp"

namespace tc {

// The opportunities the journal's records touched, one target each (several records touching one
// opportunity are merged: created wins over merged, merged over matched), in the journal's order. Records
// with no opportunity id (a create left in flight) are one Unknown target each with an empty id. A merge that
// failed after writing (a "failed" line with an id and "wrote") is a merged target too. Throws
// tc::Error(NoInput) when the file cannot be read, InvalidInput when a line (other than a torn last one) is
// not a journal line.
std::vector<UndoTarget> undo_targets_from_journal(const std::string& path);

// The same from a create run's NDJSON results (`-o ndjson`): created → archive; merged → left (a results file
// does not say what the merge added); existing and skipped → untouched.
std::vector<UndoTarget> undo_targets_from_results(const std::string& path);

// FILE.undo: one fsync'd line per opportunity when the undo starts writing to it ("started") and when it is
// done ("archived", "reverted"). Append-only, mode 0600, ids and states only.
class UndoProgress {
 public:
  enum class State { Started, Archived, Reverted };
  // Loads `path` (a torn last line is cut off). With `writable` false (a dry run) the file is only read.
  UndoProgress(const std::string& path, bool writable);
  ~UndoProgress();
  UndoProgress(const UndoProgress&) = delete;
  UndoProgress& operator=(const UndoProgress&) = delete;

  std::optional<State> find(const std::string& id) const;
  void record(const std::string& id, State state, long long now_ms);
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
  mutable std::mutex mutex_;
  std::map<std::string, State> states_;
};

}  // namespace tc
