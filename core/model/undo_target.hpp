#pragma once
// `undo` (ARCHITECTURE.md §5, "Undo"): the opportunities an earlier `create` run touched, what undoing each
// one came to, and the interface a route implements to undo one. Types only.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "core/model/written.hpp"
#include "core/util/error.hpp"

namespace tc {

// One opportunity a create run touched, with what its records wrote there (read from the run's journal or
// its results).
struct UndoTarget {
  // Created: the run made it (archive it). Merged: the run added to it (take the additions away).
  // Matched: found and left as it was (--on-duplicate skip). Unknown: the run may or may not have made
  // it, or wrote something that was not journaled: left alone, `reason` says why.
  enum class Kind { Created, Merged, Matched, Unknown };
  std::string id;
  Kind kind = Kind::Unknown;
  std::vector<size_t> records;  // the input records (0-based indexes) that touched it, in journal order
  Written wrote;                // what they wrote, together
  // False for journals of earlier versions and for results files: what was written is not recorded.
  bool wrote_known = true;
  // Earlier versions journaled created and merged records alike: an opportunity created at or after the
  // record's first send (`started_ms`, 0 = unknown) is the run's own; one older than that was merged into.
  bool created_or_merged = false;
  long long started_ms = 0;
  std::string reason;  // why an Unknown or Matched one is left alone
};

enum class UndoStatus { Archived, Reverted, Untouched, Changed, Failed, Planned };
inline const char* to_string(UndoStatus status) {
  switch (status) {
    case UndoStatus::Archived: return "archived";
    case UndoStatus::Reverted: return "reverted";
    case UndoStatus::Untouched: return "untouched";
    case UndoStatus::Changed: return "changed";
    case UndoStatus::Failed: return "failed";
    case UndoStatus::Planned: return "planned";
  }
  return "failed";
}

struct UndoResult {
  std::string id;
  std::vector<size_t> records;
  UndoStatus status = UndoStatus::Failed;
  std::string message;                         // what was done, or why not
  std::vector<std::string> actions;            // the writes made (or, for a dry run, planned): "PUT archived", …
  std::vector<std::string> files_left;         // files the run added, which Lever's API cannot remove
  ErrorKind error_kind = ErrorKind::Internal;  // Failed only
};

// Undoes one opportunity. `resumed`: an earlier undo of the same run started writing to it and stopped,
// so what is missing may be its own doing. `before_write` is called once, before the first write.
class Undoer {
 public:
  virtual ~Undoer() = default;
  virtual UndoResult undo(const UndoTarget& target, bool resumed, const std::function<void()>& before_write) = 0;
  virtual long long requests_sent() const = 0;
};

}  // namespace tc
