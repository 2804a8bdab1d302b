#include "rate_limit.hpp"

#include <algorithm>

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

}  // namespace tc::sandbox
