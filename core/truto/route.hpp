#pragma once
// The truto route (docs/lever-contract.md §6): the validated unified record, unchanged, to Truto's
// POST /unified/ats/candidates, with an Idempotency-Key derived from the record and target so that
// retries and re-runs can never create a second candidate. Truto's answer is printed as it is.
// One TrutoRoute per worker thread; they share a TrutoSession.
#include <rapidjson/document.h>

#include <memory>
#include <optional>
#include <string>

#include "core/http/http.hpp"
#include "core/http/request_executor.hpp"
#include "core/model/candidate_route.hpp"
#include "core/truto/session.hpp"

namespace tc {

class TrutoRoute : public CandidateRoute {
 public:
  explicit TrutoRoute(TrutoSession& session);
  ~TrutoRoute() override;

  // Sends the create (429, 500, 502, 504 and transport failures retried with the same key) and
  // returns Truto's answer as the candidate. Throws tc::Error: Config without a token, InvalidInput
  // for a local-file attachment (nothing sent) or a 400/404/409/422, Auth for 401/403, TempFail for a
  // persisting 429 or an unknown outcome, Unavailable for 503 (blocked account) and persisting 5xx,
  // Protocol for anything else.
  CreateOutcome create(const CandidateRecord& record) override;
  // {"requests": [the POST, token redacted], "notes": [...]}. No network.
  rapidjson::Document plan(const CandidateRecord& record) override;
  // Nothing to look up: re-sending with the same Idempotency-Key is safe, so can_resend = true.
  std::optional<CreateOutcome> resolve_in_flight(const CandidateRecord& record, long long since_ms,
                                                 bool& can_resend) override;
  long long requests_sent() const override { return executor_.requests_sent(); }

  // The create request for `record` (the token in its auth): its validated document as the body, the
  // typed record for the checks. Throws tc::Error: InvalidInput for an attachment that is only a local
  // file, Usage without an integrated account id or job id.
  HttpRequest create_request(const CandidateRecord& record) const;

 private:
  TrutoSession& session_;
  std::unique_ptr<HttpTransport> transport_;
  RequestExecutor executor_;
};

// The Idempotency-Key of a record: the first 128 bits of journal_key() (SHA-256 of the canonical
// record JSON + target) shaped like a UUID, "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx". Equal for equal
// records whatever their member order, and across runs.
std::string truto_idempotency_key(const rapidjson::Value& record, const Target& target);

// Judges Truto's answer to the create: the candidate object of a 2xx, or a tc::Error rendering Truto's
// {statusCode, error, message, truto_error_insight, truto_is_remote_error, raw_response}.
// `attempts` is how many times the request was sent (for messages).
rapidjson::Document truto_candidate_or_throw(const HttpResponse& response, int attempts);

}  // namespace tc
