#include "core/http/request_executor.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <utility>

#include "core/util/error.hpp"
#include "core/util/strings.hpp"

namespace tc {

namespace {

bool retryable_status_for_read(int status) {
  return status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
}

// Statuses that prove a create was not processed (docs/lever-contract.md §5).
bool not_processed_status(int status) { return status == 429 || status == 503; }

// Statuses after which a create may or may not have happened.
bool ambiguous_status(int status) { return status == 500 || status == 502 || status == 504; }

std::string truncate_for_trace(const std::string& body) {
  constexpr size_t kMax = 4096;
  if (body.size() <= kMax) return body;
  return body.substr(0, kMax) + fmt::format("… ({} more bytes)", body.size() - kMax);
}

}  // namespace

std::string redact_header_value(const std::string& name, const std::string& value) {
  const std::string n = lower(name);
  if (n == "authorization" || n == "proxy-authorization") {
    const auto space = value.find(' ');
    return (space == std::string::npos ? std::string() : value.substr(0, space + 1)) + "[redacted]";
  }
  if (n == "cookie" || n == "x-api-key") return "[redacted]";
  return value;
}

std::string redacted_authorization(const HttpAuth& auth) {
  switch (auth.kind) {
    case HttpAuth::Kind::None: return {};
    case HttpAuth::Kind::Basic: return "Basic [redacted]";
    case HttpAuth::Kind::Bearer: return "Bearer [redacted]";
  }
  return {};
}

RequestExecutor::RequestExecutor(HttpTransport& transport, RateLimiter& limiter, Clock& clock, RetryPolicy policy,
                                 const std::atomic<bool>* cancel, TraceSink trace)
    : transport_(transport),
      limiter_(limiter),
      clock_(clock),
      policy_(policy),
      cancel_(cancel),
      trace_(std::move(trace)),
      rng_(std::random_device{}()) {}

bool RequestExecutor::backoff(int attempt, std::optional<double> retry_after) {
  double wait;
  if (retry_after) {
    wait = *retry_after;
  } else {
    const double ceiling = std::min(policy_.max_delay, policy_.base_delay * std::pow(2.0, attempt));
    wait = std::uniform_real_distribution<double>(0.0, ceiling)(rng_);
  }
  if (waited_ + wait > policy_.max_total_wait) return false;
  waited_ += wait;
  if (trace_) trace_(fmt::format("* waiting {:.2f} s before attempt {}", wait, attempt + 2));
  if (!clock_.sleep_for(wait, cancel_)) throw Error(ErrorKind::Interrupted, "interrupted");
  return true;
}

SendResult RequestExecutor::send(const HttpRequest& request, RequestKind kind) {
  // Lever's rules (docs/lever-contract.md §5) expressed as retry rules: a read is repeated on any 429/5xx and after
  // any transport failure; a create only when it certainly was not processed (429, 503, not sent).
  RetryRules rules;
  rules.repeat_ambiguous = kind == RequestKind::Read;
  rules.retry_response = [kind](const HttpResponse& r) {
    return kind == RequestKind::Read ? retryable_status_for_read(r.status) : not_processed_status(r.status);
  };
  SendResult out = send(request, rules);
  if (out.unknown) {
    if (kind == RequestKind::Create) return out;
    throw Error(ErrorKind::Unavailable,
                fmt::format("could not reach {}: {}", request.url.substr(0, request.url.find('?')), out.detail),
                "check the network and the base URL, then try again");
  }
  const int status = out.response.status;
  if (kind == RequestKind::Create && ambiguous_status(status)) {
    out.unknown = true;  // detail is "HTTP 5xx"
    return out;
  }
  if (!rules.retry_response(out.response)) return out;
  // Still a retryable answer when the attempts or the wait budget ran out.
  if (status == 429) {
    throw Error(ErrorKind::TempFail, fmt::format("Lever's rate limit was still hit after {} attempts", out.attempts),
                "lower --rate or --concurrency, or try again later");
  }
  throw Error(ErrorKind::Unavailable,
              fmt::format("the server answered HTTP {} after {} attempts", status, out.attempts),
              "the service may be down or in maintenance; try again later")
      .with_http_status(status);
}

TransportResult RequestExecutor::attempt_once(const HttpRequest& request) {
  if (cancel_ != nullptr && cancel_->load()) throw Error(ErrorKind::Interrupted, "interrupted");
  const std::optional<Permit> permit = limiter_.acquire(cancel_);
  if (!permit) throw Error(ErrorKind::Interrupted, "interrupted");
  const double started = clock_.now_seconds();
  TransportResult result = transport_.send(request);
  ++sent_;
  // One exchange, one block: with several workers, lines written as they happen would interleave.
  if (trace_) trace_(request_trace(request) + response_trace(result, clock_.now_seconds() - started));
  // A 429 says the key's bucket is empty — others may share it: the run's pace adapts.
  if (result.outcome == TransportOutcome::Responded && result.response.status == 429 &&
      limiter_.on_rate_limited(*permit) && trace_) {
    trace_(fmt::format("* rate limited: pacing cut to {:.1f} requests/s (of {:g})", limiter_.current_rate(),
                       limiter_.ceiling()));
  }
  return result;
}

SendResult RequestExecutor::send(const HttpRequest& request, const RetryRules& rules) {
  SendResult out;
  waited_ = 0;
  for (int attempt = 0;; ++attempt) {
    TransportResult result = attempt_once(request);
    out.attempts = attempt + 1;
    const bool may_retry = attempt < policy_.retries;

    if (result.outcome == TransportOutcome::Responded) {
      const bool retry = rules.retry_response && rules.retry_response(result.response);
      if (retry && may_retry && backoff(attempt, result.response.retry_after_seconds())) continue;
      out.detail = fmt::format("HTTP {}", result.response.status);
      out.response = std::move(result.response);
      return out;
    }
    const bool repeatable = result.outcome == TransportOutcome::NotSent || rules.repeat_ambiguous;
    if (repeatable && !result.permanent && may_retry && backoff(attempt, std::nullopt)) continue;
    if (result.outcome == TransportOutcome::Ambiguous) {
      out.unknown = true;
      out.detail = result.timed_out ? "no answer before the timeout" : result.error;
      return out;
    }
    throw Error(ErrorKind::Unavailable,
                fmt::format("could not reach {}: {}", request.url.substr(0, request.url.find('?')), result.error),
                result.permanent ? "check the URL and --cacert" : "check the network and the base URL, then try again");
  }
}

std::string RequestExecutor::request_trace(const HttpRequest& request) {
  std::string out = fmt::format("> {} {}\n", request.method, request.url);
  const std::string authorization = redacted_authorization(request.auth);
  if (!authorization.empty()) out += "> Authorization: " + authorization + "\n";
  for (const auto& h : request.headers) out += fmt::format("> {}: {}\n", h.name, redact_header_value(h.name, h.value));
  if (!request.form.empty()) {
    for (const auto& part : request.form) {
      if (part.is_file) {
        out += fmt::format("> [part {}: file {} ({}, {} bytes)]\n", part.name, part.file_name, part.content_type,
                           part.value.size());
      } else {
        out += fmt::format("> [part {}: {}]\n", part.name, part.value);
      }
    }
  } else if (!request.body.empty()) {
    out += "> " + truncate_for_trace(request.body) + "\n";
  }
  return out;
}

std::string RequestExecutor::response_trace(const TransportResult& result, double elapsed) {
  if (result.outcome != TransportOutcome::Responded)
    return fmt::format("< transport error after {:.0f} ms: {}", elapsed * 1000, result.error);
  std::string out = fmt::format("< HTTP {} ({:.0f} ms)", result.response.status, elapsed * 1000);
  for (const auto& h : result.response.headers)
    out += fmt::format("\n< {}: {}", h.name, redact_header_value(h.name, h.value));
  if (!result.response.body.empty()) out += "\n< " + truncate_for_trace(result.response.body);
  return out;
}

}  // namespace tc
