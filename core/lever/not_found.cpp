#include "core/lever/not_found.hpp"

#include "core/util/error.hpp"
#include "core/util/json_util.hpp"
#include "core/util/strings.hpp"

namespace tc {

std::string NotFound::said() const {
  if (!lever_shaped) return "HTTP 404 without Lever's {code, message}";
  return code_and_message(code, message);
}

bool NotFound::says_no_such(const std::string& id) const {
  return lever_shaped && lower(message).find("not found") != std::string::npos && message.find(id) != std::string::npos;
}

bool NotFound::says_unknown_path() const {
  return !lever_shaped || lower(message).find("unknown route") != std::string::npos;
}

std::variant<rapidjson::Document, NotFound> get_or_not_found(LeverApi& api, const std::string& path,
                                                             const QueryParams& query) {
  const SendResult result = api.executor().send(api.request("GET", path, query), RequestKind::Read);
  if (result.response.status != 404) return lever_data_or_throw(result.response, "GET " + path);
  NotFound not_found;
  not_found.request = "GET " + path;
  rapidjson::Document body;
  if (parse_json(result.response.body, body) && body.IsObject() &&
      (body.HasMember("code") || body.HasMember("message"))) {
    not_found.lever_shaped = true;
    not_found.code = get_string(body, "code");
    not_found.message = get_string(body, "message");
  }
  return not_found;
}

}  // namespace tc
