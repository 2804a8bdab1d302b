// RateLimiter (core/http/rate_limiter.hpp): the adaptive pace (ARCHITECTURE.md §3 --rate;
// docs/lever-contract.md §1 Rate limit) — the burst, never more than R starts in any one second at
// steady state, the cut on a 429, the climb back, the bounds — measured on a fake clock.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <queue>
#include <random>
#include <thread>
#include <vector>

#include "core/http/rate_limiter.hpp"
#include "fakes.hpp"
#include "rate_limiter_threads.hpp"

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

TEST_CASE("a burst takes what refills during it: a page, then 20 creates a round trip later, never wait") {
  FakeClock clock;
  RateLimiter limiter(10, clock);
  starts(limiter, clock, 1);  // the posting page
  clock.advance(0.2);         // its answer: 2 tokens back, the mirror full again
  starts(limiter, clock, 20);
  CHECK(clock.sleeps().empty());
  starts(limiter, clock, 1);  // the mirror is empty: paced, after the reserve
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

TEST_CASE("the first 429 cuts below the share the tool got from the server's bucket") {
  FakeClock clock;
  RateLimiter limiter(10, clock);
  const double t0 = clock.now_seconds();
  starts(limiter, clock, 25);        // 20 at once, then 5 more from t0 + 1.1 to t0 + 1.5
  CHECK(rate_limited_now(limiter));  // the 26th, at t0 + 1.6, answered 429
  CHECK(clock.now_seconds() == doctest::Approx(t0 + 1.6));
  // The bucket held 20 at t0 and less than one token (half, on average) at the 429: the tool got
  // 25 - 20 + 0.5 tokens of the refill in 1.6 s; the other clients the rest.
  const double share = (25 - 20 + 0.5) / 1.6;
  CHECK(limiter.estimated_share() == doctest::Approx(share));
  // The cut goes to 3/4 of that share, well below half of 10.
  CHECK(limiter.current_rate() == doctest::Approx(0.75 * share));
  CHECK(limiter.cuts() == 1);
}

TEST_CASE("a 429 before the tool used the bucket's assumed stock: the bucket was not full, halve") {
  FakeClock clock;
  RateLimiter limiter(10, clock);
  starts(limiter, clock, 5);
  CHECK(rate_limited_now(limiter));  // the 6th of a burst: the key's bucket was nearly empty already
  CHECK(limiter.estimated_share() == doctest::Approx(5));
  CHECK(limiter.current_rate() == doctest::Approx(3.75));
}

TEST_CASE("a 429 cuts once per congestion event; requests on their way at the cut took nothing when 429'd") {
  FakeClock clock;
  RateLimiter limiter(10, clock);
  const double t0 = clock.now_seconds();
  starts(limiter, clock, 25);               // the last at t0 + 1.5
  const auto answered = limiter.acquire();  // t0 + 1.6
  starts(limiter, clock, 3);                // on their way: t0 + 1.7 to t0 + 1.9
  REQUIRE(answered);
  CHECK(limiter.on_rate_limited(*answered));  // at t0 + 1.9
  const double cut = clock.now_seconds();
  CHECK(cut == doctest::Approx(t0 + 1.9));
  // The three granted after the answered one had not reached the server: not counted as taken. The
  // answered one reached it one round trip (0.3 s) after its start, as the first did after t0: 1.6 s.
  CHECK(limiter.estimated_share() == doctest::Approx((25 - 20 + 0.5) / 1.6));
  const double rate_after_cut = limiter.current_rate();
  // Another 429 for a request granted before the cut says nothing new...
  CHECK_FALSE(limiter.on_rate_limited(*answered));
  CHECK(limiter.cuts() == 1);
  CHECK(limiter.current_rate() == doctest::Approx(rate_after_cut));
  // ... but one of the three on their way was refused too: it took no token. The next cut's share
  // counts two of them, and the ten granted after the cut but the last.
  Permit refused_on_the_way{answered->sequence + 2, answered->start};
  CHECK_FALSE(limiter.on_rate_limited(refused_on_the_way));
  starts(limiter, clock, 9);
  CHECK(rate_limited_now(limiter));
  CHECK(limiter.cuts() == 2);
  const double elapsed = clock.now_seconds() - cut;
  CHECK(limiter.estimated_share() == doctest::Approx((2 + 9 + 0.5) / elapsed));
}

TEST_CASE("the first estimate is at most half the key: before it the tool may have taken the others' part") {
  FakeClock clock;
  RateLimiter limiter(10, clock);
  starts(limiter, clock, 210);       // alone for 20 s: the last at t0 + 20.0
  CHECK(rate_limited_now(limiter));  // (210 - 20 + 0.5) / 20.1 = 9.5/s would be nearly the whole key
  CHECK(limiter.estimated_share() == doctest::Approx(5));
  CHECK(limiter.current_rate() == doctest::Approx(3.75));
  // After a pause of the tool the bucket is taken as full again, as at the start (not as empty since the
  // cut 300 s ago, which would count 3000 tokens of refill as taken by the others).
  clock.advance(300);
  starts(limiter, clock, 60);
  CHECK(rate_limited_now(limiter));
  CHECK(limiter.estimated_share() == doctest::Approx(5));
}

TEST_CASE("a later estimate counts from the empty bucket of the last cut and is not capped") {
  FakeClock clock;
  RateLimiter limiter(10, clock);
  starts(limiter, clock, 30);
  CHECK(rate_limited_now(limiter));  // share 5, the rate back at 10 after about 224 s
  const double cut = clock.now_seconds();
  long long taken = 0;
  while (clock.now_seconds() < cut + 300) {
    REQUIRE(limiter.acquire());
    ++taken;
  }
  CHECK(limiter.current_rate() == doctest::Approx(10));
  CHECK(rate_limited_now(limiter));
  // Everything the tool took since the cut (the last answered 429 took nothing), per second.
  CHECK(limiter.estimated_share() == doctest::Approx((static_cast<double>(taken) + 0.5) / (clock.now_seconds() - cut)));
  CHECK(limiter.estimated_share() > 7);
}

TEST_CASE("the climb after a cut: quick at first, flat just below the share, then slowly back to R") {
  FakeClock clock;
  RateLimiter limiter(10, clock);
  starts(limiter, clock, 30);        // the last at t0 + 2.0
  CHECK(rate_limited_now(limiter));  // at t0 + 2.1: a share of (30 - 20 + 0.5) / 2.1 = 5
  const double share = 5;
  CHECK(limiter.estimated_share() == doctest::Approx(share));
  CHECK(limiter.current_rate() == doctest::Approx(0.75 * share));
  // Up to the plateau (90% of the share): 4.5 - 0.01 (K - t)^3, K = cbrt((4.5 - 3.75) / 0.01) = 4.2 s;
  // then 4.5 + 0.025 (t - K).
  const double flat_at = std::cbrt((0.9 * share - 0.75 * share) / 0.01);
  std::vector<double> rates;
  for (int tenth = 0; tenth <= 300; ++tenth) {
    rates.push_back(limiter.current_rate());
    clock.advance(0.1);
  }
  auto rate_at = [&](double t) { return rates[static_cast<size_t>(std::lround(t * 10))]; };
  // Concave up to the plateau: more than half the way there in the first third of the time.
  CHECK(rate_at(flat_at / 3) > 0.75 * share + 0.5 * (0.15 * share));
  CHECK(rate_at(flat_at) == doctest::Approx(0.9 * share).epsilon(0.001));
  // Flat around it: within 0.1/s of the plateau for 4 s; below the share for 20 s after the plateau
  // (the other clients keep the bucket's surplus), 1/s above it 40 s later.
  for (double t = flat_at - 2; t <= flat_at + 2; t += 0.1) CHECK(std::abs(rate_at(t) - 0.9 * share) < 0.1);
  for (double t = 0; t <= flat_at + 19.5; t += 0.1) CHECK(rate_at(t) < share);
  CHECK(rate_at(flat_at + 20.5) > share);
  // Never down while no 429 comes.
  for (size_t i = 1; i < rates.size(); ++i) CHECK(rates[i] >= rates[i - 1] - 1e-12);
  // Back at R = 10 once (10 - 4.5) / 0.025 = 220 s have passed after the plateau, not before.
  clock.advance(flat_at + 220 - 30.1 - 0.5);
  CHECK(limiter.current_rate() < 10);
  clock.advance(0.6);
  CHECK(limiter.current_rate() == doctest::Approx(10));
  clock.advance(1000);
  CHECK(limiter.current_rate() == doctest::Approx(10));
}

TEST_CASE("after a cut: a pause for the server's bucket to refill, then paced at the cut rate, no burst") {
  FakeClock clock;
  RateLimiter limiter(10, clock);
  starts(limiter, clock, 30);
  CHECK(rate_limited_now(limiter));  // share 5, cut to 3.75, flat at 4.5
  const double t1 = clock.now_seconds();
  const auto times = starts(limiter, clock, 6);
  CHECK(times[0] == doctest::Approx(t1 + 1.1));  // the mirror was emptied: 11 tokens at 10/s
  // One start every 1/rate s, the rate between 3.75 and 4.5 meanwhile.
  for (size_t i = 1; i < times.size(); ++i) {
    const double gap = times[i] - times[i - 1];
    CHECK(gap <= 1 / 3.75 + 1e-9);
    CHECK(gap >= 1 / 4.5 - 1e-9);
  }
  // Long idle: the rate is back at 10, but the key showed contention, so no burst any more.
  clock.advance(300);
  const auto later = starts(limiter, clock, 20);
  CHECK(later[19] - later[0] == doctest::Approx(1.9));
}

TEST_CASE("the climb shows in the starts: about 4.5/s for seconds after the cut, 5.2/s 30 s later") {
  FakeClock clock;
  RateLimiter limiter(10, clock);
  starts(limiter, clock, 30);
  CHECK(rate_limited_now(limiter));  // share 5, flat at 4.5
  const double cut = clock.now_seconds();
  std::vector<double> times;
  while (clock.now_seconds() < cut + 40) {
    REQUIRE(limiter.acquire());
    times.push_back(clock.now_seconds());
  }
  auto in = [&](double from, double to) {
    return std::count_if(times.begin(), times.end(), [&](double t) { return t >= cut + from && t < cut + to; });
  };
  CHECK(in(2, 7) >= 22);  // 4.4 to 4.6/s: 22.5
  CHECK(in(2, 7) <= 23);
  CHECK(in(30, 35) >= 25);  // 5.1 to 5.3/s: 26
  CHECK(in(30, 35) <= 27);
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

// The tool sharing a server's token bucket (10/s, burst 20) with another client that asks 5 times a
// second and never retries, simulated event by event: 4 workers, each request reaching the server
// 150-250 ms after its start (the sandbox's latency, as bench/shared_key.sh runs it) and answered
// there; a 429'd request is retried after the executor's backoff (up to 0.5 * 2^n s), through the
// limiter again. The clock is the simulation's; the limiter's waits are the permits' start times.
namespace {

class SimClock : public Clock {
 public:
  double now_seconds() override { return now; }
  long long epoch_ms() override { return static_cast<long long>(now * 1000); }
  bool sleep_for(double, const std::atomic<bool>*) override { return true; }
  double now = 0;
};

struct SharedKeyRun {
  int sent = 0, refused = 0;              // the tool's requests, and those answered 429
  int other_asked = 0, other_served = 0;  // the other client's, while the tool ran
  double elapsed = 0;                     // first start to last answer
};

SharedKeyRun simulate_shared_key(unsigned seed, int records, double other_rate) {
  SimClock clock;
  RateLimiter limiter(10, clock);
  std::mt19937 random(seed);
  std::uniform_real_distribution<double> latency(0.15, 0.25), unit(0.0, 1.0);
  double bucket = 20, bucket_time = 0;
  auto take = [&](double t) {
    bucket = std::min(20.0, bucket + (t - bucket_time) * 10);
    bucket_time = t;
    if (bucket < 1) return false;
    bucket -= 1;
    return true;
  };
  enum Kind { kFree, kArrive, kOther };
  struct Event {
    double time;
    int kind, worker, attempt;
    Permit permit;
    bool operator>(const Event& o) const { return time > o.time; }
  };
  std::priority_queue<Event, std::vector<Event>, std::greater<Event>> events;
  const double begin = 1.0;  // the other client runs for a second before the tool starts
  for (int w = 0; w < 4; ++w) events.push({begin, kFree, w, 0, {}});
  events.push({unit(random) * 0.2, kOther, 0, 0, {}});
  SharedKeyRun run;
  int next_record = 0, done = 0;
  double first_start = -1;
  while (done < records) {
    const Event e = events.top();
    events.pop();
    clock.now = e.time;
    if (e.kind == kOther) {
      const bool served = take(e.time);
      if (first_start >= 0) {
        ++run.other_asked;
        run.other_served += served ? 1 : 0;
      }
      events.push({e.time + 1 / other_rate, kOther, 0, 0, {}});
    } else if (e.kind == kFree) {
      if (e.attempt == 0 && next_record++ >= records) continue;
      const auto permit = limiter.acquire();
      REQUIRE(permit);
      if (first_start < 0) first_start = permit->start;
      events.push({permit->start + latency(random), kArrive, e.worker, e.attempt, *permit});
    } else {
      ++run.sent;
      if (take(e.time)) {
        ++done;
        events.push({e.time, kFree, e.worker, 0, {}});
      } else {
        ++run.refused;
        limiter.on_rate_limited(e.permit);
        const double backoff = unit(random) * 0.5 * std::pow(2.0, e.attempt);
        events.push({e.time + backoff, kFree, e.worker, e.attempt + 1, {}});
      }
    }
  }
  run.elapsed = clock.now - first_start;
  return run;
}

}  // namespace

TEST_CASE("sharing the key with a client at 5/s: at most 5% 429s for the tool, the other served >= 90%, in every run") {
  double worst_refused = 0, worst_other = 1;
  for (unsigned seed = 1; seed <= 40; ++seed) {
    CAPTURE(seed);
    const SharedKeyRun run = simulate_shared_key(seed, 100, 5);
    const double refused = static_cast<double>(run.refused) / run.sent;
    const double other = static_cast<double>(run.other_served) / run.other_asked;
    CHECK(refused <= 0.05);
    CHECK(other >= 0.9);
    // And the tool still uses a fair part of what is left (5/s), with the bucket's 20 at the start.
    CHECK(100 / run.elapsed >= 4.0);
    CHECK(100 / run.elapsed <= 7.0);
    worst_refused = std::max(worst_refused, refused);
    worst_other = std::min(worst_other, other);
  }
  MESSAGE("worst of 40 runs: tool 429s " << worst_refused * 100 << "%, other client served " << worst_other * 100
                                         << "%");
}

TEST_CASE("alone in the simulation: no 429, and the run uses the whole limit") {
  const SharedKeyRun run = simulate_shared_key(7, 150, 1e-6);
  CHECK(run.refused == 0);
  // 150 requests: at least 95% of the 10/s limit (the burst's 20 come on top of the refill).
  CHECK(150 / run.elapsed >= 9.5);
}

// Real threads on the fake clock (bench/rate_limiter_real_clock.cpp runs the same on the real clock): each
// wait moves the shared time, so the starts can only spread out, never bunch up.
TEST_CASE("several threads at rate 20, one reporting 429s, never more than 20 per second") {
  FakeClock clock;
  RateLimiter limiter(20, clock);
  const std::vector<double> times = tc::test::rate_20_threads_starts(limiter, clock);
  REQUIRE(times.size() == 60);
  CHECK(limiter.cuts() == 1);
  CHECK(tc::test::most_starts_within(times, 40, 0.98) <= 20);  // past the burst of 40; 0.98: sums of waits round
  CHECK(times.back() - times.front() >= 1.0);                  // 60 requests at 20/s do not fit in the burst
}
