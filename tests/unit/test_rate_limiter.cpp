// RateLimiter (core/http/rate_limiter.hpp): never more than R request starts in any one-second window
// (ARCHITECTURE.md §3 --rate), measured on a fake clock.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>
#include <vector>

#include "core/http/rate_limiter.hpp"
#include "fakes.hpp"

using namespace tc;
using tc::test::FakeClock;

namespace {

// Acquires `n` times, returning the start time of each acquisition.
std::vector<double> starts(RateLimiter& limiter, FakeClock& clock, int n) {
  std::vector<double> out;
  for (int i = 0; i < n; ++i) {
    REQUIRE(limiter.acquire());
    out.push_back(clock.now_seconds());
  }
  return out;
}

// The largest number of starts in any half-open window [t, t + 1 s).
size_t max_in_one_second(std::vector<double> times) {
  std::sort(times.begin(), times.end());
  size_t best = 0;
  for (size_t i = 0, j = 0; i < times.size(); ++i) {
    while (j < times.size() && times[j] < times[i] + 1.0 - 1e-9) ++j;
    best = std::max(best, j - i);
  }
  return best;
}

}  // namespace

TEST_CASE("rate 10: 100 acquisitions, never more than 10 in any second, about 9 s in all") {
  FakeClock clock;
  RateLimiter limiter(10, clock);
  const double t0 = clock.now_seconds();
  const auto times = starts(limiter, clock, 100);
  CHECK(max_in_one_second(times) == 10);
  const double elapsed = clock.now_seconds() - t0;
  CHECK(elapsed >= 9.0);
  CHECK(elapsed < 10.0);
  CHECK(limiter.acquired() == 100);
  // The first 10 go at once (a burst of R), the 11th exactly one second after the first.
  CHECK(times[9] == doctest::Approx(t0));
  CHECK(times[10] == doctest::Approx(t0 + 1.0));
}

TEST_CASE("rate 10 with time passing between requests still never exceeds 10 per second") {
  FakeClock clock;
  RateLimiter limiter(10, clock);
  std::vector<double> times;
  for (int i = 0; i < 200; ++i) {
    clock.advance((i % 7) * 0.037);  // irregular gaps
    REQUIRE(limiter.acquire());
    times.push_back(clock.now_seconds());
  }
  CHECK(max_in_one_second(times) <= 10);
}

TEST_CASE("a fractional rate above 1 never exceeds its rate in any second") {
  FakeClock clock;
  RateLimiter limiter(2.5, clock);
  const auto times = starts(limiter, clock, 30);
  CHECK(max_in_one_second(times) <= 2);  // 3 starts in one second would exceed 2.5
}

TEST_CASE("rate 0.5: one request every two seconds") {
  FakeClock clock;
  RateLimiter limiter(0.5, clock);
  const double t0 = clock.now_seconds();
  const auto times = starts(limiter, clock, 5);
  for (size_t i = 0; i < times.size(); ++i) CHECK(times[i] == doctest::Approx(t0 + 2.0 * static_cast<double>(i)));
}

TEST_CASE("rate 0 (or negative) means unlimited: no waiting at all") {
  for (double rate : {0.0, -1.0}) {
    FakeClock clock;
    RateLimiter limiter(rate, clock);
    starts(limiter, clock, 1000);
    CHECK(clock.sleeps().empty());
    CHECK(limiter.acquired() == 1000);
  }
}

TEST_CASE("a cancelled wait returns false") {
  FakeClock clock;
  RateLimiter limiter(1, clock);
  std::atomic<bool> cancel{false};
  CHECK(limiter.acquire(&cancel));
  cancel = true;
  CHECK_FALSE(limiter.acquire(&cancel));
}

TEST_CASE("the real clock: several threads at rate 20 keep to 20 per second") {
  SystemClock clock;
  RateLimiter limiter(20, clock);
  std::mutex mutex;
  std::vector<double> times;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 8; ++i) {
        limiter.acquire();
        std::lock_guard<std::mutex> lock(mutex);
        times.push_back(clock.now_seconds());
      }
    });
  }
  for (auto& t : threads) t.join();
  REQUIRE(times.size() == 32);
  // A small tolerance for the scheduling delay between the limiter's wake-up and the time stamp.
  std::sort(times.begin(), times.end());
  size_t worst = 0;
  for (size_t i = 0, j = 0; i < times.size(); ++i) {
    while (j < times.size() && times[j] < times[i] + 0.98) ++j;
    worst = std::max(worst, j - i);
  }
  CHECK(worst <= 20);
  CHECK(times.back() - times.front() >= 0.95);  // 32 requests at 20/s cannot fit in one second
}
