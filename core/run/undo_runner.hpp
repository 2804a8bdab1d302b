#pragma once
// Runs `undo` over the targets read from a create run's journal or results (ARCHITECTURE.md §5, "Undo"):
// `concurrency` workers, each with its own Undoer; results handed to a sink in the targets' order. The
// progress file makes it exactly once: an opportunity done by an earlier undo is reported without a request,
// one an earlier undo started is finished.
#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/http/clock.hpp"
#include "core/model/undo_target.hpp"
#include "core/run/undo_sources.hpp"
#include "core/util/error.hpp"

namespace tc {

class UndoSink {
 public:
  virtual ~UndoSink() = default;
  virtual void on_result(const UndoResult& result) = 0;  // in the targets' order, one call at a time
};

struct UndoRunOptions {
  size_t concurrency = 4;
  bool dry_run = false;     // plan only: no Undoer is made, nothing is sent or written
  std::string reason_name;  // the archive reason as given, for the plan
  UndoProgress* progress = nullptr;
  const std::atomic<bool>* cancel = nullptr;
  Clock* clock = nullptr;  // required
};

struct UndoSummary {
  size_t targets = 0, archived = 0, reverted = 0, untouched = 0, changed = 0, failed = 0, planned = 0;
  long long requests = 0;
  double elapsed_seconds = 0;
  std::optional<Error> fatal;  // a run-wide error (auth, configuration, interrupted) that stopped the run
};

using UndoerFactory = std::function<std::unique_ptr<Undoer>()>;

UndoSummary run_undo(const std::vector<UndoTarget>& targets, const UndoerFactory& undoers,
                     const UndoRunOptions& options, UndoSink& sink);

}  // namespace tc
