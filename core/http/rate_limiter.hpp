#pragma once
// Client-side pacing shared by every request of a run (ARCHITECTURE.md §3: never more than R requests in any
// one second). A sliding window of the last R send times: a request may start when the request R places
// before it started at least one second earlier. Exact, unlike a token bucket with a burst.
#include <atomic>
#include <mutex>
#include <vector>

#include "core/http/clock.hpp"

namespace tc {

class RateLimiter {
 public:
  // rate_per_second <= 0 disables pacing.
  RateLimiter(double rate_per_second, Clock& clock);
  // Blocks until a request may start. Returns false if cancelled while waiting.
  bool acquire(const std::atomic<bool>* cancel = nullptr);
  long long acquired() const { return acquired_.load(); }

 private:
  Clock& clock_;
  size_t window_ = 0;      // R
  double interval_ = 1.0;  // window length in seconds
  std::mutex mutex_;
  std::vector<double> slots_;  // ring of the last R reserved start times
  size_t next_ = 0;
  std::atomic<long long> acquired_{0};
};

}  // namespace tc
