#pragma once
// State shared by every worker of one run on the lever route: the run's environment (transports,
// clock, rate limiter, cancel flag, trace), the settings, and the per-run caches (perform_as resolution, posting forms)
// — each filled once, under a lock.
#include <rapidjson/document.h>

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/http/clock.hpp"
#include "core/http/rate_limiter.hpp"
#include "core/http/request_executor.hpp"
#include "core/http/route_environment.hpp"
#include "core/lever/api.hpp"
#include "core/lever/duplicate_matcher.hpp"
#include "core/lever/job_form.hpp"
#include "core/lever/name_resolver.hpp"
#include "core/model/target.hpp"

namespace tc {

struct LeverSettings {
  Target target;
  LeverEndpoint endpoint;
  std::string perform_as;  // a Lever user id, or an e-mail resolved with GET /users
  RetryPolicy retry;
  double rate = 10;  // requests per second, all workers together
  // How far before an ambiguous create the lookup searches (clock skew between us and Lever).
  long long lookup_skew_ms = 30'000;
  // How many records the input holds (nullopt: unknown), for choosing how to find duplicates.
  std::optional<size_t> expected_records = 1;
};

class LeverSession : public RouteEnvironment {
 public:
  LeverSession(LeverSettings settings, TransportFactory transports, Clock& clock, const std::atomic<bool>* cancel,
               TraceSink trace);

  const LeverSettings& settings() const { return settings_; }

  // perform_as as a user id; an e-mail is resolved once per run. Throws Config when absent or unknown.
  std::string perform_as_user_id(LeverApi& api);
  // The posting's application form (GET /postings/{id}/apply), fetched and parsed once per job id.
  std::shared_ptr<const JobForm> posting_form(LeverApi& api, const std::string& job_id);
  // A posting's opportunities by e-mail, read once per run when that is cheaper than lookups; one index per
  // posting (records may name their own, ARCHITECTURE.md §5).
  PostingIndex& posting_index(const std::string& job_id);
  // The input turned out to hold `records` records (a stream reached its end): every posting index, and
  // any made later, plans for that count (ARCHITECTURE.md §5).
  void input_counted(size_t records);
  // Users, stages and archive reasons by name, each list read once per run through the session's own
  // connection (docs/lever-contract.md §2, "Names"). Without credentials (a --dry-run without a key)
  // a record that needs a list fails with a Config error saying so.
  LeverNameResolver& names() { return names_; }
  // The requests the name resolver sent (the workers count their own).
  long long name_requests_sent();

 private:
  LeverSettings settings_;
  std::mutex mutex_;
  std::string resolved_user_;
  std::map<std::string, std::shared_ptr<const JobForm>> forms_;
  std::map<std::string, std::unique_ptr<PostingIndex>> posting_indexes_;
  std::optional<size_t> counted_records_;
  // The connection the name resolver reads its lists through, made on first use.
  std::mutex lists_mutex_;
  std::unique_ptr<HttpTransport> lists_transport_;
  std::unique_ptr<RequestExecutor> lists_executor_;
  std::vector<LeverListEntry> read_list(LeverListKind kind);
  LeverNameResolver names_;
};

}  // namespace tc
