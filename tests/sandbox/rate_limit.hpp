// Token bucket per credential, like Lever's documented limiter (10/s steady, bursts of 20).
#pragma once
#include <chrono>
#include <map>
#include <mutex>
#include <string>

namespace tc::sandbox {

class RateLimiter {
 public:
  RateLimiter(double tokens_per_second, double burst) : rate_(tokens_per_second), burst_(burst) {}
  // Takes one token for `credential`; false when its bucket is empty. Rate 0 = unlimited.
  bool try_acquire(const std::string& credential);

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point refilled_at;
  };
  double rate_, burst_;
  std::mutex mutex_;
  std::map<std::string, Bucket> buckets_;
};

}  // namespace tc::sandbox
