// The rate limiter on the real clock and real threads: several threads at rate 20, one reporting a 429,
// never more than 20 starts in any second. It waits for real (about 5 s), so it is not part of the unit
// suite (tests/unit/test_rate_limiter.cpp runs the same threads on the fake clock); run it by hand:
// `build/bench/bench-rate-limiter-real-clock`.
#include <doctest/doctest.h>

#include <vector>

#include "core/http/clock.hpp"
#include "core/http/rate_limiter.hpp"
#include "tests/unit/rate_limiter_threads.hpp"

using namespace tc;

TEST_CASE("the real clock: several threads at rate 20, one reporting 429s, never more than 20 per second") {
  SystemClock clock;
  RateLimiter limiter(20, clock);
  const std::vector<double> times = tc::test::rate_20_threads_starts(limiter, clock);
  REQUIRE(times.size() == 60);
  CHECK(limiter.cuts() == 1);
  // Past the burst of 40; a small tolerance for the scheduling delay between the wake-up and the time stamp.
  CHECK(tc::test::most_starts_within(times, 40, 0.98) <= 20);
  CHECK(times.back() - times.front() >= 1.0);  // 60 requests at 20/s do not fit in the burst
}
