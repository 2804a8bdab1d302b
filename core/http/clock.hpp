#pragma once
// Time as the core sees it, so rate limiting and backoff can be tested without sleeping.
#include <atomic>
#include <chrono>

namespace tc {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual double now_seconds() = 0;  // monotonic
  virtual long long epoch_ms() = 0;  // wall clock, for Lever's created_at filters
  // Sleeps, waking early when `cancel` becomes true. Returns false if cancelled.
  virtual bool sleep_for(double seconds, const std::atomic<bool>* cancel) = 0;
};

class SystemClock : public Clock {
 public:
  double now_seconds() override;
  long long epoch_ms() override;
  bool sleep_for(double seconds, const std::atomic<bool>* cancel) override;
};

}  // namespace tc
