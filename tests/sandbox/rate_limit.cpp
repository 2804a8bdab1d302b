#include "rate_limit.hpp"

#include <algorithm>
#include <utility>

namespace tc::sandbox {

bool RateLimiter::try_acquire(const std::string& credential) {
  if (rate_ <= 0) return true;
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> lock(mutex_);
  auto [it, fresh] = buckets_.try_emplace(credential, Bucket{burst_, now});
  Bucket& bucket = it->second;
  if (!fresh) {
    const double elapsed = std::chrono::duration<double>(now - bucket.refilled_at).count();
    bucket.tokens = std::min(burst_, bucket.tokens + elapsed * rate_);
    bucket.refilled_at = now;
  }
  if (bucket.tokens < 1.0) return false;
  bucket.tokens -= 1.0;
  return true;
}

SharedLoad::SharedLoad(RateLimiter& limiter, std::string credential, double rate)
    : limiter_(limiter), credential_(std::move(credential)), rate_(rate) {
  if (rate_ > 0) thread_ = std::thread([this] { run(); });
}

SharedLoad::~SharedLoad() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SharedLoad::run() {
  // A fixed schedule (not "sleep 1/rate after each"), so the rate holds however long a tick takes.
  const auto period =
      std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(1.0 / rate_));
  auto next = std::chrono::steady_clock::now();
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    if (wake_.wait_until(lock, next, [this] { return stopping_; })) break;
    (limiter_.try_acquire(credential_) ? served_ : refused_)++;
    next += period;
  }
}

}  // namespace tc::sandbox
