#pragma once
// State shared by every worker of one run on the truto route (docs/lever-contract.md §6): the settings, the run's
// rate limiter, the clock, the cancel flag, the trace sink and where transports come from.
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/http/clock.hpp"
#include "core/http/http.hpp"
#include "core/http/rate_limiter.hpp"
#include "core/http/request_executor.hpp"
#include "core/http/route_environment.hpp"
#include "core/model/target.hpp"
#include "core/util/settings.hpp"

namespace tc {

struct TrutoSettings {
  Target target;  // job_id, application_source, integrated_account_id
  std::string base_url = kTrutoApiBase;
  std::string token;  // TRUTO_API_TOKEN (bearer)
  RetryPolicy retry;
  double rate = 5;                                                // requests per second, all workers together
  std::string response_format;                                    // "" (Truto's default) | unified | raw | normalized
  bool ignore_remote_data = false;                                // truto_ignore_remote_data=true
  std::vector<std::pair<std::string, std::string>> remote_query;  // remote_query[KEY]=VALUE, in order
};

class TrutoSession : public RouteEnvironment {
 public:
  // Throws tc::Error(Usage) for a response_format Truto does not offer for a create.
  TrutoSession(TrutoSettings settings, TransportFactory transports, Clock& clock, const std::atomic<bool>* cancel,
               TraceSink trace);

  const TrutoSettings& settings() const { return settings_; }

 private:
  TrutoSettings settings_;
};

}  // namespace tc
