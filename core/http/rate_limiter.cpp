#include "core/http/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace tc {

RateLimiter::RateLimiter(double rate_per_second, Clock& clock) : clock_(clock) {
  if (rate_per_second > 0) {
    // Fractional rates (0.5/s) become one request per 1/rate seconds. Above 1/s the window is R
    // starts per full second: shrinking the second for a fraction (2.5/s → 2 per 0.8 s) would put
    // 3 starts into one second, more than R.
    if (rate_per_second >= 1) {
      window_ = static_cast<size_t>(std::floor(rate_per_second));
      interval_ = 1.0;
    } else {
      window_ = 1;
      interval_ = 1.0 / rate_per_second;
    }
    slots_.assign(window_, -1e18);
  }
}

bool RateLimiter::acquire(const std::atomic<bool>* cancel) {
  if (window_ == 0) {
    ++acquired_;
    return true;
  }
  double start;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    // The slot being overwritten holds the start time R requests ago.
    start = std::max(clock_.now_seconds(), slots_[next_] + interval_);
    slots_[next_] = start;
    next_ = (next_ + 1) % window_;
  }
  ++acquired_;
  const double wait = start - clock_.now_seconds();
  if (wait > 0) return clock_.sleep_for(wait, cancel);
  return true;
}

}  // namespace tc
