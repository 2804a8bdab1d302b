// The request dispatcher: latency, rate limit, faults, routing, request log, inspection endpoints; and
// "elsewhere", a recorder on another port that the redirect fault points at.
#pragma once
#include "connections.hpp"
#include "faults.hpp"
#include "options.hpp"
#include "rate_limit.hpp"
#include "state.hpp"

#include <httplib.h>

#include <atomic>

namespace tc::sandbox {

class SandboxServer {
 public:
  SandboxServer(const Options& options, State& state, FaultInjector& faults);
  void install(httplib::Server& server);
  // The recorder: answers 200 to anything and remembers what reached it (never the credential itself).
  void install_elsewhere(httplib::Server& server, int port);

 private:
  void handle(const httplib::Request& request, httplib::Response& response);
  void handle_api(const httplib::Request& request, httplib::Response& response, bool reused);
  void handle_inspection(const httplib::Request& request, httplib::Response& response);
  // The inspection answers; the caller holds state_.mutex.
  std::string stats_json() const;
  std::string files_json() const;
  // reused: the request came on a connection that served one before (known only while tracking).
  void record(const httplib::Request& request, const char* auth, int status, Fault fault, bool reused);

  const Options& options_;
  State& state_;
  FaultInjector& faults_;
  RateLimiter rate_limiter_;
  Connections connections_;
  int elsewhere_port_ = 0;
  std::vector<std::string> elsewhere_log_;  // guarded by state_.mutex
  // API requests being handled (a client killed mid-request leaves its request running here): tests wait
  // for 0 before counting what the sandbox answered.
  std::atomic<int64_t> in_flight_{0};
  SharedLoad shared_load_;  // after rate_limiter_: it drains that limiter's bucket
};

}  // namespace tc::sandbox
