#include "cli/progress.hpp"

#include <fmt/format.h>

namespace tc::cli {

std::string render_progress(const ProgressCounts& c) {
  std::string counts;
  if (c.creating) {
    counts = fmt::format("created {}, existing {}", c.created, c.existing);
    if (c.skipped > 0) counts += fmt::format(", skipped {}", c.skipped);
    counts += fmt::format(", failed {}", c.failed);
  } else {
    counts = fmt::format("valid {}, invalid {}", c.valid, c.failed);
  }
  const double rate = c.elapsed_seconds > 0 ? static_cast<double>(c.done) / c.elapsed_seconds : 0;
  if (c.total && *c.total >= c.done) {
    const size_t total = *c.total;
    const size_t width = 24;
    const size_t filled = total == 0 ? width : width * c.done / total;
    const double eta = rate > 0 ? static_cast<double>(total - c.done) / rate : 0;
    return fmt::format("[{}{}] {}/{} {:.0f}% | {} | {:.1f}/s ETA {}:{:02}", std::string(filled, '#'),
                       std::string(width - filled, '-'), c.done, total, total ? 100.0 * c.done / total : 100.0, counts,
                       rate, static_cast<int>(eta) / 60, static_cast<int>(eta) % 60);
  }
  return fmt::format("{} records | {} | {:.1f}/s | {:.0f} s", c.done, counts, rate, c.elapsed_seconds);
}

void run_ticks(Clock& clock, double interval, const std::atomic<bool>& stop, const std::function<void()>& tick) {
  while (clock.sleep_for(interval, &stop)) tick();
}

}  // namespace tc::cli
