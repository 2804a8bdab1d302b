#include "core/lever/api.hpp"

#include <fmt/format.h>

#include <utility>

#include "core/util/error.hpp"
#include "core/util/json_util.hpp"

namespace tc {

HttpAuth LeverCredentials::http_auth() const {
  if (kind == Kind::AccessToken) return {HttpAuth::Kind::Bearer, {}, secret};
  return {HttpAuth::Kind::Basic, secret, {}};
}

namespace {

// Only requests that carry perform_as can be refused because of it (an apply never does).
bool acts_as_user(const HttpRequest& request) {
  const size_t query = request.url.find('?');
  return query != std::string::npos && request.url.find("perform_as=", query) != std::string::npos;
}

}  // namespace

QueryParams opportunity_list_query(QueryParams filters) {
  filters.emplace_back("confidentiality", "all");
  filters.emplace_back("limit", "100");
  filters.insert(filters.end(), kOpportunityExpand.begin(), kOpportunityExpand.end());
  return filters;
}

LeverApi::LeverApi(LeverEndpoint endpoint, RequestExecutor& executor)
    : endpoint_(std::move(endpoint)), executor_(executor) {}

HttpRequest LeverApi::request(const std::string& method, const std::string& path, const QueryParams& query) const {
  HttpRequest r;
  r.method = method;
  r.url = build_url(endpoint_.base_url, path, query);
  r.auth = endpoint_.credentials.http_auth();
  r.headers.push_back({"Accept", "application/json"});
  r.headers.push_back({"User-Agent", user_agent()});
  return r;
}

HttpRequest LeverApi::json_request(const std::string& method, const std::string& path, const QueryParams& query,
                                   const rapidjson::Value& body) const {
  HttpRequest r = request(method, path, query);
  r.headers.push_back({"Content-Type", "application/json"});
  r.body = to_json(body);
  return r;
}

rapidjson::Document LeverApi::get(const std::string& path, const QueryParams& query) {
  return call(request("GET", path, query));
}

rapidjson::Document LeverApi::call(const HttpRequest& request) {
  SendResult result = executor_.send(request, RequestKind::Read);
  const std::string what =
      request.method + " " +
      request.url.substr(endpoint_.base_url.size(), request.url.find('?') - endpoint_.base_url.size());
  return lever_data_or_throw(result.response, what, acts_as_user(request));
}

LeverApi::CreateAnswer LeverApi::create(HttpRequest request, const std::string& what) {
  request.fresh_connection = true;
  SendResult result = executor_.send(request, RequestKind::Create);
  CreateAnswer answer;
  if (result.unknown) {
    answer.unknown = true;
    answer.detail = result.detail;
    return answer;
  }
  answer.data = lever_data_or_throw(result.response, what, acts_as_user(request));
  return answer;
}

rapidjson::Document lever_data_or_throw(const HttpResponse& response, const std::string& what, bool acted_as_user) {
  const rapidjson::Document envelope = lever_envelope_or_throw(response, what, acted_as_user);
  rapidjson::Document data;
  data.CopyFrom(envelope["data"], data.GetAllocator());
  return data;
}

rapidjson::Document lever_envelope_or_throw(const HttpResponse& response, const std::string& what, bool acted_as_user) {
  rapidjson::Document doc;
  const bool json_ok = parse_json(response.body, doc);
  const int status = response.status;
  if (status >= 200 && status < 300) {
    if (!json_ok || !doc.IsObject() || !doc.HasMember("data")) {
      throw Error(ErrorKind::Protocol,
                  fmt::format("Lever answered HTTP {} to {} without a JSON \"data\" member", status, what),
                  "run with -v to see the answer; the base URL may not point at Lever's v1 API")
          .with_http_status(status);
    }
    return doc;
  }
  std::string lever_message;
  if (json_ok && doc.IsObject()) {
    lever_message = code_and_message(get_string(doc, "code"), get_string(doc, "message"));
  }
  if (lever_message.empty()) lever_message = "no error details";
  const std::string text = fmt::format("Lever refused to {} (HTTP {}: {})", what, status, lever_message);
  switch (status) {
    case 401:
      throw Error(ErrorKind::Auth, text, "check LEVER_API_KEY / LEVER_ACCESS_TOKEN (or --api-key-file) and --lever-url")
          .with_http_status(status);
    case 403:
      throw Error(ErrorKind::Auth, text,
                  "the credentials are valid but lack permission for this endpoint or for confidential data")
          .with_http_status(status);
    case 400:
    case 404:
    case 409:
    case 413:
    case 422:
      throw Error(ErrorKind::InvalidInput, text,
                  acted_as_user ? "check the record, --job-id and --perform-as against Lever"
                                : "check the record and --job-id against Lever")
          .with_http_status(status);
    default:
      if (status >= 500) throw Error(ErrorKind::Unavailable, text, "try again later").with_http_status(status);
      throw Error(ErrorKind::Protocol, text, "run with -v to see the exchange").with_http_status(status);
  }
}

std::string check_lever_url_hint() {
  return std::string("check --lever-url / LEVER_API_BASE: Lever's is ") + kLeverApiBase;
}

}  // namespace tc
