#pragma once
// The lever route: one record → Lever requests → the unified candidate (docs/lever-contract.md §1–§5).
// One LeverRoute per worker thread; they share a LeverSession (settings, rate limiter, caches).
#include <rapidjson/document.h>

#include <memory>
#include <optional>
#include <string>

#include "core/lever/api.hpp"
#include "core/lever/lead_mapping.hpp"
#include "core/lever/session.hpp"
#include "core/model/candidate_route.hpp"

namespace tc {

// Which attachment lists to read back for the printed candidate (docs/lever-contract.md §4).
struct AttachmentReads {
  bool resumes = false;
  bool files = false;
};

class LeverRoute : public CandidateRoute {
 public:
  explicit LeverRoute(LeverSession& session);
  ~LeverRoute() override;

  CreateOutcome create(const rapidjson::Value& record) override;
  rapidjson::Document plan(const rapidjson::Value& record) override;
  std::optional<CreateOutcome> resolve_in_flight(const rapidjson::Value& record, long long since_ms,
                                                 bool& can_resend) override;
  long long requests_sent() const override { return executor_.requests_sent(); }

  // The posting's application form (fetched once per run).
  std::shared_ptr<const JobForm> form();

  // The most recent opportunity for `email` on the posting created at or after `since_ms`; with an
  // application id, only the opportunity holding that application. Expanded with applications/stage.
  std::optional<rapidjson::Document> find_opportunity(const std::string& email, long long since_ms,
                                                      const std::string& application_id);

 private:
  CreateOutcome create_lead(const rapidjson::Value& record);
  CreateOutcome create_applicant(const rapidjson::Value& record);
  rapidjson::Document plan_lead(const rapidjson::Value& record);
  // POST /opportunities: JSON, or multipart with `file_parts` when the plan has attachments.
  HttpRequest lead_request(const LeadPlan& plan, const std::string& perform_as, std::vector<FormPart> file_parts) const;
  rapidjson::Document plan_applicant(const rapidjson::Value& record);
  // Sends a create; after an ambiguous answer looks the candidate up and re-sends only when nothing
  // was created (docs/lever-contract.md §5). `found_existing` tells the caller the lookup found it.
  rapidjson::Document create_exactly_once(const HttpRequest& request, const std::string& email, bool is_apply,
                                          bool& found_existing);
  CreateOutcome finish(rapidjson::Document opportunity, AttachmentReads reads, bool found_existing);

  LeverSession& session_;
  std::unique_ptr<HttpTransport> transport_;
  RequestExecutor executor_;
  LeverApi api_;
};

}  // namespace tc
