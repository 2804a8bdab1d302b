// The sandbox's command line, parsed by hand (no dependency on the product's CLI code).
#pragma once
#include <cstdint>
#include <string>

namespace tc::sandbox {

struct FaultProbabilities {
  double too_many_requests = 0, unavailable = 0, error_before = 0, error_after = 0, reset_after = 0, slow = 0;
};

struct Options {
  int port = 0;
  double rate = 10;
  double burst = 20;
  int latency_min_ms = 0, latency_max_ms = 0;
  uint64_t fault_seed = 0;
  bool fault_seed_given = false;
  FaultProbabilities faults;
  int slow_ms = 3000;
  int threads = 32;
  double shared_load = 0;  // requests/s of another client on the sandbox's Lever key (0: none)
};

// Throws std::invalid_argument with a readable message on a bad command line.
Options parse_options(int argc, char** argv);
const char* usage();

}  // namespace tc::sandbox
