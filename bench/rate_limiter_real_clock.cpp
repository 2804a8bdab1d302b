// The rate limiter on the real clock and real threads: several threads at rate 20, one reporting a 429,
// never more than 20 starts in any second. It waits for real (about 5 s), so it is not part of the unit
// suite (tests/unit/test_rate_limiter.cpp runs the same threads on the fake clock); run it by hand:
// `build/bench/bench-rate-limiter-real-clock`.
#include <doctest/doctest.h>

#include <algorithm>
#include <mutex>
#include <thread>
#include <vector>

#include "core/http/clock.hpp"
#include "core/http/rate_limiter.hpp"

using namespace tc;

TEST_CASE("the real clock: several threads at rate 20, one reporting 429s, never more than 20 per second") {
  SystemClock clock;
  RateLimiter limiter(20, clock);
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
  REQUIRE(times.size() == 60);
  CHECK(limiter.cuts() == 1);
  // A small tolerance for the scheduling delay between the limiter's wake-up and the time stamp.
  std::sort(times.begin(), times.end());
  const std::vector<double> steady(times.begin() + 40, times.end());  // past the burst of 40
  size_t worst = 0;
  for (size_t i = 0, j = 0; i < steady.size(); ++i) {
    while (j < steady.size() && steady[j] < steady[i] + 0.98) ++j;
    worst = std::max(worst, j - i);
  }
  CHECK(worst <= 20);
  CHECK(times.back() - times.front() >= 1.0);  // 60 requests at 20/s do not fit in the burst
}
