// The request dispatcher: latency, rate limit, faults, routing, request log, inspection endpoints.
#pragma once
#include "faults.hpp"
#include "options.hpp"
#include "rate_limit.hpp"
#include "state.hpp"

#include <httplib.h>

namespace tc::sandbox {

class SandboxServer {
 public:
  SandboxServer(const Options& options, State& state, FaultInjector& faults);
  void install(httplib::Server& server);

 private:
  void handle(const httplib::Request& request, httplib::Response& response);
  void handle_api(const httplib::Request& request, httplib::Response& response);
  void handle_inspection(const httplib::Request& request, httplib::Response& response);
  void record(const httplib::Request& request, const char* auth, int status, Fault fault);

  const Options& options_;
  State& state_;
  FaultInjector& faults_;
  RateLimiter rate_limiter_;
  SharedLoad shared_load_;  // after rate_limiter_: it drains that limiter's bucket
};

}  // namespace tc::sandbox
