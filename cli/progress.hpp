#pragma once
// The progress line a multi-record run draws on stderr when stderr is a terminal: what it says (a pure
// function of the counts) and the timer that redraws it, so that a slow record, a rate-limit wait or a
// stalled input still shows the run alive (ARCHITECTURE.md §3, output).
#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include "core/http/clock.hpp"

namespace tc::cli {

// The progress line is redrawn at least this often (seconds), records finishing or not.
inline constexpr double kProgressInterval = 0.25;

struct ProgressCounts {
  bool creating = true;  // create: created/existing/failed; validate and dry runs: valid/invalid
  size_t done = 0;       // results reported so far
  size_t created = 0, existing = 0, skipped = 0, failed = 0, valid = 0;  // existing: merged too; failed: unknown too
  std::optional<size_t> total;  // records in the input, when counted in advance
  double elapsed_seconds = 0;
};

// "[######------------------] 120/500 24% | created 100, existing 5, failed 3 | 9.8/s ETA 0:39", or
// "120 records | created 100, existing 5, failed 3 | 9.8/s | 12 s" when the total is not known.
std::string render_progress(const ProgressCounts& counts);

// The redraw loop: calls `tick` every `interval` seconds of `clock` until `stop` is set.
void run_ticks(Clock& clock, double interval, const std::atomic<bool>& stop, const std::function<void()>& tick);

}  // namespace tc::cli
