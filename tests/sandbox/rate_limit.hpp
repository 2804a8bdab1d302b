// Token bucket per credential, like Lever's documented limiter (10/s steady, bursts of 20), and the
// "shared load": another client of the same key draining its bucket at a steady rate.
#pragma once
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>

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

// Another integration using the same key (--shared-load R): from start-up it asks `rate` times a
// second, evenly spaced, for a token of `credential`'s bucket, and counts how often it was served
// and how often refused (a 429 for it). It never retries. Rate 0 = no other client.
class SharedLoad {
 public:
  SharedLoad(RateLimiter& limiter, std::string credential, double rate);
  ~SharedLoad();
  SharedLoad(const SharedLoad&) = delete;
  SharedLoad& operator=(const SharedLoad&) = delete;

  double rate() const { return rate_; }
  int64_t served() const { return served_.load(); }
  int64_t refused() const { return refused_.load(); }

 private:
  void run();

  RateLimiter& limiter_;
  const std::string credential_;
  const double rate_;
  std::atomic<int64_t> served_{0}, refused_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace tc::sandbox
