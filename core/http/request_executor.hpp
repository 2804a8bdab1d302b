#pragma once
// Sends one logical request: paced by the run's RateLimiter (told of every 429, so it adapts), retried with exponential
// backoff and full jitter (Retry-After honoured), traced with secrets redacted. It knows which failures are safe to
// repeat: a read may be repeated freely; a create is repeated only when the server certainly did not
// process it (docs/lever-contract.md §5) — every other failure of a create comes back as Unknown.
#include <atomic>
#include <functional>
#include <optional>
#include <random>
#include <string>
#include <string_view>

#include "core/http/clock.hpp"
#include "core/http/http.hpp"
#include "core/http/rate_limiter.hpp"

namespace tc {

enum class RequestKind { Read, Create };

struct RetryPolicy {
  int retries = 4;              // extra attempts after the first
  double base_delay = 0.5;      // seconds; attempt n waits up to base * 2^n
  double max_delay = 30.0;      // cap of one wait
  double max_total_wait = 120;  // bound on the time one request spends waiting between attempts
};

// Receives the -v trace. One call is one block of lines separated by '\n' (one exchange: the request
// and its answer), which the sink writes at once so that concurrent workers' exchanges do not interleave.
using TraceSink = std::function<void(std::string_view block)>;

struct SendResult {
  bool unknown = false;   // Create (or RetryRules send): it may or may not have been processed
  HttpResponse response;  // the final response when !unknown (any status; the caller judges it)
  std::string detail;     // what happened, for messages ("timeout after 30 s", "HTTP 502")
  int attempts = 0;
};

// Caller-chosen retry rules for one request, for services whose statuses mean something else than
// Lever's, and for creates that are safe to repeat (the truto route: an Idempotency-Key makes a
// re-sent create return the first result, but Truto's 503 means a blocked account).
struct RetryRules {
  // True: the response is repeated after a backoff (Retry-After honoured). Empty: nothing is retried.
  std::function<bool(const HttpResponse&)> retry_response;
  // Whether a request that may have been processed (timeout or reset after sending) is sent again.
  bool repeat_ambiguous = false;
};

class RequestExecutor {
 public:
  RequestExecutor(HttpTransport& transport, RateLimiter& limiter, Clock& clock, RetryPolicy policy,
                  const std::atomic<bool>* cancel, TraceSink trace);

  // Throws tc::Error: TempFail when 429 persists, Unavailable when the network or 5xx persist,
  // Interrupted when cancelled.
  SendResult send(const HttpRequest& request, RequestKind kind);

  // Sends under `rules`. Never throws for a status: the final response is returned (a retried status
  // that persists comes back as it is, for the caller to judge). Transport failures: NotSent is
  // retried and throws Unavailable when attempts run out; Ambiguous is retried only with
  // repeat_ambiguous and otherwise (or when attempts run out) comes back as unknown. Throws
  // Interrupted when cancelled.
  SendResult send(const HttpRequest& request, const RetryRules& rules);

  // One backoff wait (full jitter); exposed for the create flow's own re-send after a lookup.
  bool backoff(int attempt, std::optional<double> retry_after);

  long long requests_sent() const { return sent_; }

 private:
  // One attempt: cancellation check, pacing, trace, transport. Counts the request.
  TransportResult attempt_once(const HttpRequest& request);
  // The trace lines of one exchange (secrets redacted), sent to the TraceSink as one block.
  static std::string request_trace(const HttpRequest& request);
  static std::string response_trace(const TransportResult& result, double elapsed);

  HttpTransport& transport_;
  RateLimiter& limiter_;
  Clock& clock_;
  RetryPolicy policy_;
  const std::atomic<bool>* cancel_;
  TraceSink trace_;
  std::mt19937_64 rng_;
  double waited_ = 0;
  long long sent_ = 0;
};

// "Authorization: Basic [redacted]" style redaction used by traces and --dry-run.
std::string redact_header_value(const std::string& name, const std::string& value);
// The Authorization value traces and --dry-run show for `auth`: "Basic [redacted]" or
// "Bearer [redacted]"; empty when the request carries no credentials.
std::string redacted_authorization(const HttpAuth& auth);

}  // namespace tc
