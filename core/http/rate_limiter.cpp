#include "core/http/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace tc {

namespace {
constexpr double kCutShare = 0.75;         // a cut goes to 3/4 of the estimated share (never above the pace)
constexpr double kPlateauShare = 0.9;      // the climb flattens at 90% of the share
constexpr double kCubicPerCeiling = 1000;  // the rise to the plateau, R/1000 per s^3: 4.2 s from 3.75 to 4.5 at R = 10
constexpr double kProbePerCeiling = 400;   // then R/400 per second: 1/s more every 40 s at R = 10
constexpr double kFirstShareCap = 0.5;     // the first estimate of the share is at most R/2
constexpr double kIdleBuckets = 2;         // a pause of 2 bucket refills (4 s at R = 10): full again
constexpr double kFloorPerCeiling = 20;    // never paced below R/20
// How long a burst lasts, seconds: about a round trip, so that a small batch whose first request (a
// posting page) comes back before the rest start still fits the server's bucket with what it refilled.
constexpr double kBurstWindow = 0.5;
}  // namespace

RateLimiter::RateLimiter(double rate_per_second, Clock& clock) : clock_(clock) {
  if (rate_per_second <= 0) return;
  ceiling_ = rate_per_second >= 1 ? std::floor(rate_per_second) : rate_per_second;
  floor_ = ceiling_ / kFloorPerCeiling;
  cubic_ = ceiling_ / kCubicPerCeiling;
  probe_ = ceiling_ / kProbePerCeiling;
  capacity_ = rate_per_second >= 1 ? 2 * ceiling_ : 1.0;
  reserve_ = rate_per_second >= 1 ? ceiling_ + 1 : 1.0;
  share_ = ceiling_;
  tokens_ = capacity_;
  tokens_time_ = clock_.now_seconds();
}

double RateLimiter::rate_at(double t) const {
  if (!cut_) return ceiling_;
  const double since_flat = std::max(0.0, t - cut_time_) - flat_at_;
  const double rate = since_flat < 0 ? plateau_ + cubic_ * since_flat * since_flat * since_flat  // rising
                                     : plateau_ + probe_ * since_flat;                           // probing
  return std::clamp(rate, floor_, ceiling_);
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
    if (burst_allowed_ && start >= burst_until_ && tokens >= capacity_ - 1e-9) burst_until_ = start + kBurstWindow;
    if (start < burst_until_ && tokens >= 1) {
      // Bursting: any token of the mirror, those refilled since the burst began included.
    } else {
      burst_until_ = -1e300;
      // Paced: 1/rate after the previous start, and the mirror back to its reserve.
      if (has_grant_) start = std::max(start, last_grant_ + 1.0 / rate_at(start));
      if (mirror_at(start) < reserve_) start = std::max(start, tokens_time_ + (reserve_ - tokens_) / ceiling_);
      tokens = mirror_at(start);
    }
    if (!has_ledger_ || start - last_grant_ >= kIdleBuckets * capacity_ / ceiling_) {
      // The server's bucket is taken to be full when the tool begins, and again after a pause of the tool.
      has_ledger_ = true;
      ledger_time_ = start;
      ledger_level_ = capacity_;
      ledger_taken_ = 0;
    }
    ledger_taken_ += 1;
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

double RateLimiter::share_at_cut(const Permit& permit, double now) const {
  // The server answered `permit` when its bucket held less than one token (half a token, on average).
  // What the tool took from the bucket until then: the ledger without `permit` and the permits granted
  // after it, which were still on their way. The rest of the refill went to the other clients.
  const double taken = ledger_taken_ - static_cast<double>(next_sequence_ - permit.sequence);
  // Since the tool began, the time runs from its first start to this one's: the full bucket overflowed
  // until the first request arrived, one round trip after its start, as this one arrived one after its.
  const double elapsed = std::max((ledger_level_ > 0 ? permit.start : now) - ledger_time_, 1e-3);
  // A 429 before the tool had even used the stock it assumed: the bucket was not full, so the estimate
  // means nothing; halve, as plain AIMD would.
  if (taken < ledger_level_) return std::max(floor_, rate_at(now) / 2);
  double share = (taken - ledger_level_ + 0.5) / elapsed;
  // Before its first 429 the tool ran at R and, once the bucket was empty, took most of the refill from
  // the other clients without being refused: what it got then overstates its share. The first estimate
  // is taken as at most half the key (the cut of plain AIMD); later ones start from an empty bucket.
  if (ledger_level_ > 0) share = std::min(share, ceiling_ * kFirstShareCap);
  return std::clamp(share, floor_, rate_at(now));
}

bool RateLimiter::on_rate_limited(const Permit& permit) {
  if (ceiling_ <= 0) return false;
  std::lock_guard<std::mutex> lock(mutex_);
  if (permit.sequence < cut_sequence_) {
    // Granted before the last cut: nothing new. If it was still on its way at the cut, the ledger
    // counted it as taken; it took nothing.
    if (permit.sequence > cut_by_) ledger_taken_ -= 1;
    return false;
  }
  const double now = std::max(clock_.now_seconds(), has_grant_ ? last_grant_ : -1e300);
  share_ = share_at_cut(permit, now);
  const double cut_rate = std::max(floor_, share_ * kCutShare);
  cut_ = true;
  cut_time_ = now;
  plateau_ = std::max(cut_rate, share_ * kPlateauShare);
  flat_at_ = std::cbrt((plateau_ - cut_rate) / cubic_);
  // The server's bucket is empty now; the permits granted after this one are still on their way.
  ledger_time_ = now;
  ledger_level_ = 0;
  ledger_taken_ = static_cast<double>(next_sequence_ - permit.sequence - 1);
  // Wait for the mirror's reserve before the next start, and burst no more.
  tokens_ = 0;
  tokens_time_ = now;
  burst_until_ = -1e300;
  burst_allowed_ = false;
  cut_sequence_ = next_sequence_;
  cut_by_ = permit.sequence;
  ++cuts_;
  return true;
}

double RateLimiter::current_rate() {
  if (ceiling_ <= 0) return 0;
  std::lock_guard<std::mutex> lock(mutex_);
  return rate_at(clock_.now_seconds());
}

double RateLimiter::estimated_share() {
  std::lock_guard<std::mutex> lock(mutex_);
  return share_;
}

}  // namespace tc
