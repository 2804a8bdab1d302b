#include "core/http/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace tc {

namespace {
constexpr double kCutFactor = 0.5;          // multiplicative decrease on a 429
constexpr double kIncreasePerCeiling = 40;  // climbs R/40 per second: from R/2 back to R in 20 s
constexpr double kFloorPerCeiling = 20;     // never paced below R/20
}  // namespace

RateLimiter::RateLimiter(double rate_per_second, Clock& clock) : clock_(clock) {
  if (rate_per_second <= 0) return;
  ceiling_ = rate_per_second >= 1 ? std::floor(rate_per_second) : rate_per_second;
  floor_ = ceiling_ / kFloorPerCeiling;
  increase_ = ceiling_ / kIncreasePerCeiling;
  capacity_ = rate_per_second >= 1 ? 2 * ceiling_ : 1.0;
  burst_size_ = static_cast<int>(capacity_);
  reserve_ = rate_per_second >= 1 ? ceiling_ + 1 : 1.0;
  const double now = clock_.now_seconds();
  base_rate_ = ceiling_;
  base_time_ = now;
  tokens_ = capacity_;
  tokens_time_ = now;
}

double RateLimiter::rate_at(double t) const {
  return std::min(ceiling_, base_rate_ + increase_ * std::max(0.0, t - base_time_));
}

double RateLimiter::mirror_at(double t) const {
  return std::min(capacity_, tokens_ + ceiling_ * std::max(0.0, t - tokens_time_));
}

std::optional<Permit> RateLimiter::acquire(const std::atomic<bool>* cancel) {
  Permit permit;
  if (ceiling_ <= 0) {
    permit.start = clock_.now_seconds();
    ++acquired_;
    return permit;
  }
  {
    std::lock_guard<std::mutex> lock(mutex_);
    // Starts are granted in order: a permit never starts before an earlier one.
    double start = std::max(clock_.now_seconds(), has_grant_ ? last_grant_ : -1e300);
    double tokens = mirror_at(start);
    if (burst_allowed_ && burst_left_ == 0 && tokens >= capacity_ - 1e-9) burst_left_ = burst_size_;
    if (burst_left_ > 0 && tokens >= 1) {
      --burst_left_;
    } else {
      burst_left_ = 0;
      // Paced: 1/rate after the previous start, and the mirror back to its reserve.
      if (has_grant_) start = std::max(start, last_grant_ + 1.0 / rate_at(start));
      if (mirror_at(start) < reserve_) start = std::max(start, tokens_time_ + (reserve_ - tokens_) / ceiling_);
      tokens = mirror_at(start);
    }
    tokens_ = tokens - 1;
    tokens_time_ = start;
    last_grant_ = start;
    has_grant_ = true;
    permit.start = start;
    permit.sequence = next_sequence_++;
  }
  ++acquired_;
  const double wait = permit.start - clock_.now_seconds();
  if (wait > 0 && !clock_.sleep_for(wait, cancel)) return std::nullopt;
  return permit;
}

bool RateLimiter::on_rate_limited(const Permit& permit) {
  if (ceiling_ <= 0) return false;
  std::lock_guard<std::mutex> lock(mutex_);
  if (permit.sequence < cut_sequence_) return false;
  const double now = std::max(clock_.now_seconds(), has_grant_ ? last_grant_ : -1e300);
  base_rate_ = std::max(floor_, rate_at(now) * kCutFactor);
  base_time_ = now;
  // The server's bucket is empty: wait for the mirror's reserve before the next start, and burst no more.
  tokens_ = 0;
  tokens_time_ = now;
  burst_left_ = 0;
  burst_allowed_ = false;
  cut_sequence_ = next_sequence_;
  ++cuts_;
  return true;
}

double RateLimiter::current_rate() {
  if (ceiling_ <= 0) return 0;
  std::lock_guard<std::mutex> lock(mutex_);
  return rate_at(clock_.now_seconds());
}

}  // namespace tc
