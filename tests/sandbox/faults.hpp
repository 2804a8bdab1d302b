// Seeded fault and latency injection for API requests (POSTs unless --fault-methods says otherwise).
#pragma once
#include "options.hpp"

#include <mutex>
#include <random>
#include <regex>
#include <set>
#include <string>

namespace tc::sandbox {

enum class Fault {
  none,
  too_many_requests,
  unavailable,
  error_before,
  error_after,
  reset_after,
  slow,
  slow_before,
  redirect,
  drop_reused
};

// "429", "503", "500-before", "500-after", "reset-after", "slow", "slow-before", "redirect", "drop-reused"
const char* fault_name(Fault fault);

class FaultInjector {
 public:
  FaultInjector(const Options& options, uint64_t seed);
  bool applies_to(const std::string& method, const std::string& path) const;  // --fault-methods, --fault-path
  Fault pick();                     // at most one fault per request (drop-reused is drawn on its own)
  bool drop_reused();               // a draw against --fault-drop-reused
  bool tracks_connections() const;  // a fault that needs to know the request's connection is on
  int latency_ms();                 // uniform in [min, max]

 private:
  FaultProbabilities probabilities_;
  int latency_min_ms_, latency_max_ms_;
  std::set<std::string> methods_;
  bool any_path_;
  std::regex path_;
  std::mutex mutex_;
  std::mt19937_64 random_;
};

}  // namespace tc::sandbox
