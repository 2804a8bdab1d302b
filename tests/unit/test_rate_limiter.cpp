// RateLimiter (core/http/rate_limiter.hpp): the adaptive pace (ARCHITECTURE.md §3 --rate;
// docs/lever-contract.md §1 Rate limit) — the burst, never more than R starts in any one second at
// steady state, the cut on a 429, the climb back, the bounds — measured on a fake clock.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
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

// A permit granted now and answered 429.
bool rate_limited_now(RateLimiter& limiter) {
  const auto permit = limiter.acquire();
  REQUIRE(permit);
  return limiter.on_rate_limited(*permit);
}

}  // namespace

TEST_CASE("alone at rate 10: a burst of 20, a pause to the reserve, then exactly 10 per second") {
  FakeClock clock;
  RateLimiter limiter(10, clock);
  const double t0 = clock.now_seconds();
  const auto times = starts(limiter, clock, 100);
  // The first 20 at once (the burst: a batch of 20 waits for nothing).
  CHECK(times[19] == doctest::Approx(t0));
  // The mirror of the server's bucket is empty; the next start waits until it holds 11 tokens.
  CHECK(times[20] == doctest::Approx(t0 + 1.1));
  // Then one start every 0.1 s: 80 more end at t0 + 1.1 + 7.9.
  CHECK(times[99] == doctest::Approx(t0 + 9.0));
  const std::vector<double> steady(times.begin() + 20, times.end());
  CHECK(max_in_one_second(steady) == 10);
  CHECK(limiter.current_rate() == doctest::Approx(10));
  CHECK(limiter.acquired() == 100);
  CHECK(limiter.cuts() == 0);
}

TEST_CASE("a batch of 20 never waits; the 21st request does") {
  FakeClock clock;
  RateLimiter limiter(10, clock);
  starts(limiter, clock, 20);
  CHECK(clock.sleeps().empty());
  starts(limiter, clock, 1);
  REQUIRE(clock.sleeps().size() == 1);
  CHECK(clock.sleeps()[0] == doctest::Approx(1.1));
}

TEST_CASE("the burst comes back only once the mirror bucket is full again") {
  FakeClock clock;
  RateLimiter limiter(10, clock);
  starts(limiter, clock, 20);
  clock.advance(1.0);  // 10 tokens back: paced, not a burst
  const double t1 = clock.now_seconds();
  const auto paced = starts(limiter, clock, 3);
  CHECK(paced[0] == doctest::Approx(t1 + 0.1));  // waits for the reserve of 11
  CHECK(paced[2] == doctest::Approx(t1 + 0.3));
  clock.advance(5.0);  // full again
  const double t2 = clock.now_seconds();
  const auto burst = starts(limiter, clock, 20);
  CHECK(burst[19] == doctest::Approx(t2));
}

TEST_CASE("with time passing between requests, never more than 10 in any second at steady state") {
  FakeClock clock;
  RateLimiter limiter(10, clock);
  starts(limiter, clock, 25);  // past the burst
  std::vector<double> times;
  for (int i = 0; i < 300; ++i) {
    clock.advance((i % 7) * 0.013);  // irregular gaps, but demand stays above the rate
    REQUIRE(limiter.acquire());
    times.push_back(clock.now_seconds());
  }
  CHECK(max_in_one_second(times) == 10);
}

TEST_CASE("a 429 halves the rate once per congestion event") {
  FakeClock clock;
  RateLimiter limiter(10, clock);
  const auto before = limiter.acquire();
  REQUIRE(before);
  CHECK(limiter.on_rate_limited(*before));
  CHECK(limiter.current_rate() == doctest::Approx(5));
  CHECK(limiter.cuts() == 1);
  // Another 429 for a request granted before the cut says nothing new.
  CHECK_FALSE(limiter.on_rate_limited(*before));
  CHECK(limiter.current_rate() == doctest::Approx(5));
  // A 429 for a request granted after the cut halves again: that request waited 1.1 s for the
  // server's bucket, so the rate had climbed to 5 + 1.1 * 0.25.
  CHECK(rate_limited_now(limiter));
  CHECK(limiter.current_rate() == doctest::Approx((5 + 1.1 * 0.25) / 2));
  CHECK(limiter.cuts() == 2);
}

TEST_CASE("after a cut: a pause for the server's bucket to refill, then paced at the cut rate, no burst") {
  FakeClock clock;
  RateLimiter limiter(10, clock);
  starts(limiter, clock, 30);
  CHECK(rate_limited_now(limiter));
  const double t1 = clock.now_seconds();
  const auto times = starts(limiter, clock, 6);
  CHECK(times[0] == doctest::Approx(t1 + 1.1));  // the mirror was emptied: 11 tokens at 10/s
  // One start every 1/rate s; the rate climbs 0.25/s per second meanwhile, so the gaps shrink a little.
  for (size_t i = 1; i < times.size(); ++i) {
    const double gap = times[i] - times[i - 1];
    CHECK(gap <= 0.2 + 1e-9);
    CHECK(gap >= 1.0 / 5.8);
  }
  // Long idle: the rate is back at 10, but the key showed contention, so no burst any more.
  clock.advance(100);
  const auto later = starts(limiter, clock, 20);
  CHECK(later[19] - later[0] == doctest::Approx(1.9));
}

TEST_CASE("without 429s the rate climbs back additively: from 5 to 10 in 20 s, and never above") {
  FakeClock clock;
  RateLimiter limiter(10, clock);
  CHECK(rate_limited_now(limiter));
  CHECK(limiter.current_rate() == doctest::Approx(5));
  clock.advance(4);
  CHECK(limiter.current_rate() == doctest::Approx(6));
  clock.advance(10);
  CHECK(limiter.current_rate() == doctest::Approx(8.5));
  clock.advance(6);
  CHECK(limiter.current_rate() == doctest::Approx(10));
  clock.advance(1000);
  CHECK(limiter.current_rate() == doctest::Approx(10));
}

TEST_CASE("the climb shows in the starts: slower right after a cut, 10/s again 25 s later") {
  FakeClock clock;
  RateLimiter limiter(10, clock);
  starts(limiter, clock, 30);
  CHECK(rate_limited_now(limiter));
  const double cut = clock.now_seconds();
  std::vector<double> times;
  while (clock.now_seconds() < cut + 30) {
    REQUIRE(limiter.acquire());
    times.push_back(clock.now_seconds());
  }
  auto in = [&](double from, double to) {
    return std::count_if(times.begin(), times.end(), [&](double t) { return t >= cut + from && t < cut + to; });
  };
  CHECK(in(2, 3) >= 5);  // 5.5 to 5.75/s
  CHECK(in(2, 3) <= 6);
  CHECK(in(10, 11) >= 7);  // 7.5 to 7.75/s
  CHECK(in(10, 11) <= 8);
  CHECK(in(25, 26) >= 9);  // back at the ceiling
  CHECK(in(25, 26) <= 10);
  CHECK(max_in_one_second(times) <= 10);
}

TEST_CASE("bounds: cuts stop at R/20, the ceiling is R (floor(R) when fractional)") {
  FakeClock clock;
  RateLimiter limiter(10, clock);
  for (int i = 0; i < 20; ++i) rate_limited_now(limiter);
  CHECK(limiter.current_rate() == doctest::Approx(0.5).epsilon(0.05));
  CHECK(limiter.current_rate() >= 0.5);
  CHECK(limiter.ceiling() == 10);

  FakeClock clock2;
  RateLimiter fractional(2.5, clock2);
  CHECK(fractional.ceiling() == 2);
  const auto times = starts(fractional, clock2, 40);
  const std::vector<double> steady(times.begin() + 5, times.end());
  CHECK(max_in_one_second(steady) <= 2);  // 3 starts in one second would exceed 2.5
}

TEST_CASE("rate 0.5: one request every two seconds") {
  FakeClock clock;
  RateLimiter limiter(0.5, clock);
  const double t0 = clock.now_seconds();
  const auto times = starts(limiter, clock, 5);
  for (size_t i = 0; i < times.size(); ++i) CHECK(times[i] == doctest::Approx(t0 + 2.0 * static_cast<double>(i)));
}

TEST_CASE("rate 0 (or negative) means unlimited: no waiting, nothing to cut") {
  for (double rate : {0.0, -1.0}) {
    FakeClock clock;
    RateLimiter limiter(rate, clock);
    starts(limiter, clock, 1000);
    CHECK(clock.sleeps().empty());
    CHECK(limiter.acquired() == 1000);
    CHECK_FALSE(rate_limited_now(limiter));
    CHECK(limiter.current_rate() == 0);
  }
}

TEST_CASE("a cancelled wait returns nothing") {
  FakeClock clock;
  RateLimiter limiter(1, clock);
  std::atomic<bool> cancel{false};
  CHECK(limiter.acquire(&cancel));
  CHECK(limiter.acquire(&cancel));  // the burst of 2
  cancel = true;
  CHECK_FALSE(limiter.acquire(&cancel));
}

// A server's token bucket (10/s, burst 20) shared with another client that asks 5 times a second,
// simulated on the fake clock: the tool's requests answered 429 stay rare and the other client is
// served nearly always.
TEST_CASE("sharing the key with a client at 5/s: few 429s for either") {
  FakeClock clock;
  RateLimiter limiter(10, clock);
  double bucket = 20, bucket_time = clock.now_seconds();
  auto take = [&](double t) {
    bucket = std::min(20.0, bucket + (t - bucket_time) * 10);
    bucket_time = t;
    if (bucket < 1) return false;
    bucket -= 1;
    return true;
  };
  double other_next = clock.now_seconds();
  int other_asked = 0, other_served = 0, sent = 0, refused = 0;
  const double t0 = clock.now_seconds();
  while (sent < 600) {
    const auto permit = limiter.acquire();
    REQUIRE(permit);
    const double now = clock.now_seconds();
    for (; other_next <= now; other_next += 0.2) {
      ++other_asked;
      other_served += take(other_next) ? 1 : 0;
    }
    ++sent;
    if (!take(now)) {
      ++refused;
      limiter.on_rate_limited(*permit);
    }
  }
  const double elapsed = clock.now_seconds() - t0;
  CHECK(static_cast<double>(refused) / sent <= 0.05);
  CHECK(static_cast<double>(other_served) / other_asked >= 0.9);
  // And the tool still uses a fair part of what is left (5/s).
  CHECK(sent / elapsed >= 3.5);
  CHECK(sent / elapsed <= 5.5);
}

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
