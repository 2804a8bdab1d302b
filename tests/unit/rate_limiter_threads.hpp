#pragma once
// One scenario on any clock: 4 threads take 15 starts each from a RateLimiter at 20/s, one of them
// reporting a 429 at its 13th; returns the starts' times, sorted. tests/unit/test_rate_limiter.cpp runs it
// on the fake clock, bench/rate_limiter_real_clock.cpp on the real one.
#include <algorithm>
#include <cstddef>
#include <mutex>
#include <thread>
#include <vector>

#include "core/http/clock.hpp"
#include "core/http/rate_limiter.hpp"

namespace tc::test {

inline std::vector<double> rate_20_threads_starts(tc::RateLimiter& limiter, tc::Clock& clock) {
  std::mutex mutex;
  std::vector<double> times;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 15; ++i) {
        const auto permit = limiter.acquire();
        if (!permit) return;
        if (t == 0 && i == 12) limiter.on_rate_limited(*permit);
        limiter.current_rate();
        std::lock_guard<std::mutex> lock(mutex);
        times.push_back(clock.now_seconds());
      }
    });
  }
  for (auto& t : threads) t.join();
  std::sort(times.begin(), times.end());
  return times;
}

// The most starts within `window` seconds of one another, past the first `skip` (the burst).
inline std::size_t most_starts_within(const std::vector<double>& sorted, std::size_t skip, double window) {
  const std::vector<double> steady(sorted.begin() + static_cast<std::ptrdiff_t>(std::min(skip, sorted.size())),
                                   sorted.end());
  std::size_t worst = 0;
  for (std::size_t i = 0, j = 0; i < steady.size(); ++i) {
    while (j < steady.size() && steady[j] < steady[i] + window) ++j;
    worst = std::max(worst, j - i);
  }
  return worst;
}

}  // namespace tc::test
