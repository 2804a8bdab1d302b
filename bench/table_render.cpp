// bench-table-render: the local cost of table output (core/run/output), no network and no I/O.
// Times, on ROWS rows (default 100,000), best of REPEATS runs:
//   - render_table: the whole table in one call (columns sized to fit, cells shrunk with "…");
//   - fixed-width rows: each cell fitted to a fixed width with truncate_to_width and padded by its
//     display_width, row by row, which is the work of the streamed `-o table` results;
// once over ASCII-only rows and once over mixed-script rows (accents, combining marks, CJK, emoji,
// ZWJ sequences, flags). Prints one Markdown row per measure with rows per CPU second. See bench/README.md.
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "core/run/output.hpp"

namespace {

using Rows = std::vector<std::vector<std::string>>;

const std::vector<std::string> kHeader = {"INDEX", "LINE", "STATUS", "ID", "DETAIL"};

const std::vector<std::string> kAsciiNames = {
    "Ada Lovelace",    "Grace Hopper",   "Alan Turing",  "Katherine Johnson",
    "Edsger Dijkstra", "Barbara Liskov", "Donald Knuth", "Margaret Hamilton, Apollo guidance software lead"};

const std::vector<std::string> kMixedNames = {
    "Ren\xC3\xA9"
    "e Dupont",  // precomposed é
    "Jose\xCC\x81 Mari\xCC\x81"
    "a",                                                                                // e/i + combining acute
    "\xE5\xB1\xB1\xE7\x94\xB0\xE5\xA4\xAA\xE9\x83\x8E",                                 // 山田太郎
    "\xEA\xB9\x80\xEB\xAF\xBC\xEC\xA4\x80 Kim",                                         // 김민준 Kim
    "Launch \xF0\x9F\x9A\x80 team",                                                     // 🚀
    "Coffee \xE2\x98\x95 lover",                                                        // ☕
    "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7 family",  // 👨‍👩‍👧
    "Berlin \xF0\x9F\x87\xA9\xF0\x9F\x87\xAA office, M\xC3\xBC"
    "ller-L\xC3\xBC"
    "denscheidt"};  // 🇩🇪

Rows make_rows(size_t count, const std::vector<std::string>& names) {
  Rows rows;
  rows.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    char id[64];
    std::snprintf(id, sizeof id, "%08zx-aaaa-bbbb-cccc-0123456789ab", i);
    rows.push_back(
        {std::to_string(i), std::to_string(i + 1), i % 7 == 0 ? "failed" : "created", id, names[i % names.size()]});
  }
  return rows;
}

// CPU seconds used by this process: on a shared machine, less noisy than the wall clock.
double cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

// CPU seconds of the fastest of `repeats` runs of `work`; `sink` keeps the work from being optimised away.
template <typename Work>
double best_seconds(int repeats, size_t& sink, Work work) {
  double best = 1e30;
  for (int r = 0; r < repeats; ++r) {
    const double start = cpu_seconds();
    sink += work();
    best = std::min(best, cpu_seconds() - start);
  }
  return best;
}

size_t fixed_width_rows(const Rows& rows) {
  const std::vector<size_t> widths = {7, 7, 9, 38, 39};
  size_t bytes = 0;
  std::string line;
  for (const auto& row : rows) {
    line.clear();
    for (size_t i = 0; i < row.size(); ++i) {
      std::string cell = tc::truncate_to_width(row[i], i + 1 < row.size() ? widths[i] - 2 : widths[i]);
      if (i + 1 < row.size()) cell += std::string(widths[i] - tc::display_width(cell), ' ');
      line += cell;
    }
    bytes += line.size();
  }
  return bytes;
}

}  // namespace

int main(int argc, char** argv) {
  const size_t count = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
  const int repeats = argc > 2 ? std::atoi(argv[2]) : 5;
  size_t sink = 0;
  std::printf("| measure | rows | best of %d, CPU s | rows/CPU s |\n|---|---|---|---|\n", repeats);
  for (const auto& [label, names] : {std::pair{"ASCII", &kAsciiNames}, std::pair{"mixed scripts", &kMixedNames}}) {
    const Rows rows = make_rows(count, *names);
    const double table = best_seconds(repeats, sink, [&] {
      return tc::render_table(kHeader, rows, tc::TableStyle{100, false}).size();
    });
    std::printf("| render_table, %s | %zu | %.3f | %.0f |\n", label, count, table, count / table);
    const double fixed = best_seconds(repeats, sink, [&] { return fixed_width_rows(rows); });
    std::printf("| fixed-width rows, %s | %zu | %.3f | %.0f |\n", label, count, fixed, count / fixed);
  }
  return sink == 0 ? 1 : 0;  // an empty output would mean nothing was rendered
}
