// The sandbox's command line, parsed by hand (no dependency on the product's CLI code).
#pragma once
#include <cstdint>
#include <string>

namespace tc::sandbox {

struct FaultProbabilities {
  double too_many_requests = 0, unavailable = 0, error_before = 0, error_after = 0, reset_after = 0, slow = 0;
  double slow_before = 0;  // slower than the client's timeout, then processed only if the client still waits
  double redirect = 0;     // a 307 to the recorder on another port ("elsewhere")
  double drop_reused = 0;  // on a reused keep-alive connection: processed, then dropped without an answer
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
  std::string fault_methods = "POST";  // comma-separated methods faults apply to
  std::string fault_path;              // ECMAScript regex on the path; empty: every API path
  std::string tls_cert, tls_key;       // PEM files: serve https instead of http
  // --seed-opportunities N: N existing leads on the published posting at start (duplicate benchmarks).
  int seed_opportunities = 0;
  double shared_load = 0;  // requests/s of another client on the sandbox's Lever key (0: none)
  // Retry-After (whole seconds) on every 429, the rate limit's and the fault's; -1: none, as Lever
  // documents none (docs/lever-contract.md §5).
  int retry_after_429 = -1;
  // The keys lack access to confidential data: confidential postings and opportunities answer 403.
  bool no_confidential_access = false;
};

// Throws std::invalid_argument with a readable message on a bad command line.
Options parse_options(int argc, char** argv);
const char* usage();

}  // namespace tc::sandbox
