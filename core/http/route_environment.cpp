#include "core/http/route_environment.hpp"

#include <utility>

namespace tc {

RouteEnvironment::RouteEnvironment(double rate, TransportFactory transports, Clock& clock,
                                   const std::atomic<bool>* cancel, TraceSink trace)
    : transports_(std::move(transports)),
      clock_(clock),
      limiter_(rate, clock),
      cancel_(cancel),
      trace_(std::move(trace)) {}

RequestExecutor RouteEnvironment::executor(HttpTransport& transport, const RetryPolicy& retry) {
  return RequestExecutor(transport, limiter_, clock_, retry, cancel_, trace_);
}

}  // namespace tc
