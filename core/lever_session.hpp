#pragma once
// State shared by every worker of one run on the lever route: settings, the rate limiter, and the
// per-run caches (perform_as resolution, posting forms) — each filled once, under a lock.
#include <rapidjson/document.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/clock.hpp"
#include "core/curl_transport.hpp"
#include "core/job_form.hpp"
#include "core/lever_api.hpp"
#include "core/rate_limiter.hpp"
#include "core/request_executor.hpp"
#include "core/target.hpp"

namespace tc {

struct LeverSettings {
  Target target;
  LeverEndpoint endpoint;
  std::string perform_as;  // a Lever user id, or an e-mail resolved with GET /users
  RetryPolicy retry;
  double rate = 10;        // requests per second, all workers together
  // How far before an ambiguous create the lookup searches (clock skew between us and Lever).
  long long lookup_skew_ms = 30'000;
};

class LeverSession {
 public:
  LeverSession(LeverSettings settings, TransportFactory transports, Clock& clock, const std::atomic<bool>* cancel,
               TraceSink trace);

  const LeverSettings& settings() const { return settings_; }
  Clock& clock() { return clock_; }
  RateLimiter& limiter() { return limiter_; }
  const std::atomic<bool>* cancel() const { return cancel_; }
  const TraceSink& trace() const { return trace_; }
  std::unique_ptr<HttpTransport> new_transport() const { return transports_(); }

  // perform_as as a user id; an e-mail is resolved once per run. Throws Config when absent or unknown.
  std::string perform_as_user_id(LeverApi& api);
  // The posting's application form (GET /postings/{id}/apply), fetched and parsed once per job id.
  std::shared_ptr<const JobForm> posting_form(LeverApi& api, const std::string& job_id);

 private:
  LeverSettings settings_;
  TransportFactory transports_;
  Clock& clock_;
  RateLimiter limiter_;
  const std::atomic<bool>* cancel_;
  TraceSink trace_;
  std::mutex mutex_;
  std::string resolved_user_;
  std::map<std::string, std::shared_ptr<const JobForm>> forms_;
};

}  // namespace tc
