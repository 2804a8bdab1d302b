#pragma once
// Client-side pacing shared by every worker of a run (ARCHITECTURE.md §3 --rate; docs/lever-contract.md §1
// Rate limit). A Lever key is often shared with other integrations, so the pace adapts to the 429s the tool
// gets: it starts at R (--rate) and never goes above it (at steady state no more than R requests start in
// any one second; R >= 1 is floored: at 2.5/s, 3 starts in one second would exceed it).
//
// The burst: a local mirror of the server's token bucket, capacity 2R (Lever's 20 at R = 10), refilled at
// R/s. When the mirror is full a burst begins: for half a second, about one round trip, any request may
// start while the mirror has a token (the 2R at once, and what refills meanwhile), so a small batch finishes
// in about one round trip even when its first request (a posting page) went ahead of the others. Afterwards a paced
// start waits until the mirror holds R + 1 tokens, which keeps the server's bucket at least half full when the tool is
// alone. A 429 empties the mirror (the server's bucket is empty) and ends bursting for the rest of the run: the key is
// shared.
//
// The share: a 429 means the server's bucket was empty when that request arrived. The bucket was full when
// the tool began (or empty at the previous 429), it refilled at R/s since, and the tool knows what it took
// itself: what it took beyond the starting stock, per second, was its share of the key (at most the pace;
// the first estimate at most R/2; half the pace if a 429 came before the tool used the stock). A cut goes to 3/4 of
// that share; the pace then rises within seconds to 90% of the share and stays near it, so the other clients keep the
// bucket's surplus, then climbs by R/400 per second while no 429 comes (back to R in minutes if the others have left).
// The tool cannot rely on more 429s to stop it: once the bucket is empty, a client paced at a steady rate wins most of
// the refilled tokens and another client's requests are the ones refused; a pace that overshoots its share (as the
// earlier halve-and-climb-by-R/40 did) takes the other client's share without seeing a 429.
#include <atomic>
#include <cstdint>
#include <mutex>
#include <optional>

#include "core/http/clock.hpp"

namespace tc {

// What a granted start is called when its answer comes back (see RateLimiter::on_rate_limited).
struct Permit {
  uint64_t sequence = 0;
  double start = 0;  // clock seconds
};

class RateLimiter {
 public:
  // rate_per_second <= 0 disables pacing.
  RateLimiter(double rate_per_second, Clock& clock);

  // Blocks until a request may start. Empty if cancelled while waiting.
  std::optional<Permit> acquire(const std::atomic<bool>* cancel = nullptr);
  // The request of `permit` was answered 429. Cuts the rate once per congestion event: a 429 for a
  // request granted before the last cut says nothing new. Returns true when the rate was cut.
  bool on_rate_limited(const Permit& permit);

  // The pace now, requests/s (0 when unlimited), and its ceiling (R, or floor(R) when R >= 1: a
  // fractional 2.5/s is paced at 2 so that no one second holds 3 starts).
  double current_rate();
  double ceiling() const { return ceiling_; }
  // The tool's share of the key estimated at the last cut, requests/s (the ceiling before any cut).
  double estimated_share();
  long long acquired() const { return acquired_.load(); }
  long long cuts() const { return cuts_.load(); }

 private:
  double rate_at(double t) const;                               // the paced rate at time t (mutex held)
  double mirror_at(double t) const;                             // tokens of the mirror bucket at time t (mutex held)
  double share_at_cut(const Permit& permit, double now) const;  // the share seen by a 429 (mutex held)

  Clock& clock_;
  double ceiling_ = 0;   // the highest pace, also the mirror's refill rate (0: unlimited)
  double floor_ = 0;     // the lowest pace a cut may reach
  double cubic_ = 0;     // the rise to the plateau, requests/s per s^3
  double probe_ = 0;     // the climb beyond the plateau, requests/s per second
  double capacity_ = 1;  // the mirror's capacity (the burst)
  double reserve_ = 1;   // tokens the mirror needs before a paced start

  std::mutex mutex_;
  // The climb after the last cut: rate(t) = plateau_ + cubic_ * (t - cut_time_ - flat_at_)^3, which is
  // the cut rate at cut_time_ and flat at plateau_ flat_at_ seconds later. No cut yet: the ceiling.
  bool cut_ = false;
  double cut_time_ = 0;
  double plateau_ = 0;
  double flat_at_ = 0;
  double share_ = 0;  // the share estimated at the last cut
  // The ledger of the server's bucket since the last known level: at ledger_time_ it held ledger_level_
  // tokens (full at the first start, empty at a cut); the tool has taken ledger_taken_ since.
  bool has_ledger_ = false;
  double ledger_time_ = 0;
  double ledger_level_ = 0;
  double ledger_taken_ = 0;
  double tokens_ = 0;  // the mirror's tokens at tokens_time_
  double tokens_time_ = 0;
  bool has_grant_ = false;
  double last_grant_ = 0;        // start time of the latest permit (may lie in the future)
  double burst_until_ = -1e300;  // the current burst's end: until then a start needs only a token of the mirror
  bool burst_allowed_ = true;
  uint64_t next_sequence_ = 0;
  uint64_t cut_sequence_ = 0;  // permits below this were granted before the last cut
  uint64_t cut_by_ = 0;        // the permit whose 429 made the last cut

  std::atomic<long long> acquired_{0};
  std::atomic<long long> cuts_{0};
};

}  // namespace tc
