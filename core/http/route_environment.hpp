#pragma once
// What every worker of one run shares, whatever the route: where transports come from, the clock, the
// rate limiter that paces all requests of the run, the Ctrl-C flag and the trace sink. The lever and
// truto sessions add their route's settings and caches on top.
#include <atomic>
#include <memory>

#include "core/http/clock.hpp"
#include "core/http/http.hpp"
#include "core/http/rate_limiter.hpp"
#include "core/http/request_executor.hpp"

namespace tc {

class RouteEnvironment {
 public:
  RouteEnvironment(double rate, TransportFactory transports, Clock& clock, const std::atomic<bool>* cancel,
                   TraceSink trace);

  Clock& clock() { return clock_; }
  RateLimiter& limiter() { return limiter_; }
  const std::atomic<bool>* cancel() const { return cancel_; }
  const TraceSink& trace() const { return trace_; }
  std::unique_ptr<HttpTransport> new_transport() const { return transports_(); }
  // An executor for one worker's transport, sharing the run's limiter, clock, cancel flag and trace.
  RequestExecutor executor(HttpTransport& transport, const RetryPolicy& retry);

 private:
  TransportFactory transports_;
  Clock& clock_;
  RateLimiter limiter_;
  const std::atomic<bool>* cancel_;
  TraceSink trace_;
};

}  // namespace tc
