// Seeded fault and latency injection for POSTs under /v1 and /unified.
#pragma once
#include "options.hpp"

#include <mutex>
#include <random>

namespace tc::sandbox {

enum class Fault { none, too_many_requests, unavailable, error_before, error_after, reset_after, slow };

const char* fault_name(Fault fault);  // "429", "503", "500-before", "500-after", "reset-after", "slow"

class FaultInjector {
 public:
  FaultInjector(const Options& options, uint64_t seed);
  Fault pick();      // at most one fault per request
  int latency_ms();  // uniform in [min, max]

 private:
  FaultProbabilities probabilities_;
  int latency_min_ms_, latency_max_ms_;
  std::mutex mutex_;
  std::mt19937_64 random_;
};

}  // namespace tc::sandbox
