#pragma once
// Lever's v1 HTTP contract (docs/lever-contract.md §1): how requests are built (auth, Accept, User-Agent, repeated
// query keys) and how answers are judged ({"data": …} envelopes, {"code","message"} errors mapped to
// exit codes). Every call goes through a RequestExecutor, so pacing and retries apply.
#include <rapidjson/document.h>

#include <string>
#include <utility>
#include <vector>

#include "core/http/http.hpp"
#include "core/http/request_executor.hpp"
#include "core/util/settings.hpp"

namespace tc {

struct LeverCredentials {
  enum class Kind { ApiKey, AccessToken };
  Kind kind = Kind::ApiKey;
  std::string secret;
  // An API key is Basic auth with the key as user name and an empty password; a token is Bearer.
  HttpAuth http_auth() const;
};

struct LeverEndpoint {
  std::string base_url = kLeverApiBase;
  LeverCredentials credentials;
};

// expand=applications&expand=stage&expand=owner: an opportunity as the unified candidate is read from it
// (the owner as a user object gives the printed owner and credited_to without another request).
inline const QueryParams kOpportunityExpand = {{"expand", "applications"}, {"expand", "stage"}, {"expand", "owner"}};

// The query of every GET /opportunities list: `filters`, then what Lever would otherwise default to a
// narrower answer (docs/lever-contract.md §1, "Lever's defaults"): `confidentiality=all` (unsent, Lever
// leaves confidential opportunities out, and a lookup would miss a candidate that exists), `limit=100`
// (the largest page), and the expansions of kOpportunityExpand.
QueryParams opportunity_list_query(QueryParams filters);

// The hint when the base URL does not look like Lever's: which setting to check, and Lever's URL.
std::string check_lever_url_hint();

class LeverApi {
 public:
  LeverApi(LeverEndpoint endpoint, RequestExecutor& executor);

  HttpRequest request(const std::string& method, const std::string& path, const QueryParams& query) const;
  HttpRequest json_request(const std::string& method, const std::string& path, const QueryParams& query,
                           const rapidjson::Value& body) const;

  // Sends a read and returns the "data" member of a 2xx answer; throws tc::Error otherwise.
  rapidjson::Document get(const std::string& path, const QueryParams& query);
  // Sends a read, or a write that is idempotent by nature (addTags, addLinks, addSources, PUT …/stage,
  // PUT …/archived): safe to repeat after any failure.
  rapidjson::Document call(const HttpRequest& request);
  // Sends a write that is not idempotent (an opportunity, an application, a note, a file, an upload): on a
  // fresh connection, so that libcurl cannot repeat it on its own when a reused keep-alive connection dies
  // (docs/lever-contract.md §5), and repeated by the executor only when Lever certainly did not process it.
  // `unknown` tells the caller the outcome is unknown; otherwise `data` holds the answer. `what` names the
  // call in a refusal ("create the candidate").
  struct CreateAnswer {
    bool unknown = false;
    std::string detail;
    rapidjson::Document data;
  };
  CreateAnswer create(HttpRequest request, const std::string& what = "create the candidate");

  const LeverEndpoint& endpoint() const { return endpoint_; }
  RequestExecutor& executor() { return executor_; }

 private:
  LeverEndpoint endpoint_;
  RequestExecutor& executor_;
};

// Judges a Lever answer: the "data" member of a 2xx JSON body, or a tc::Error with Lever's
// "code: message" mapped to the exit codes of ARCHITECTURE.md §3. `what` names the call ("create the opportunity");
// `acted_as_user` (the request carried perform_as) lets the hint of a refusal mention --perform-as.
rapidjson::Document lever_data_or_throw(const HttpResponse& response, const std::string& what,
                                        bool acted_as_user = false);
// The same judgement, returning the whole envelope (an object holding "data") for the callers that
// also read what sits beside it, such as the paging members "hasNext" and "next".
rapidjson::Document lever_envelope_or_throw(const HttpResponse& response, const std::string& what,
                                            bool acted_as_user = false);

}  // namespace tc
