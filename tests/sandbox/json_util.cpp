#include "json_util.hpp"

#include <algorithm>
#include <cctype>
#include <regex>

namespace tc::sandbox {

std::string to_json(const rapidjson::Value& value) {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  value.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
}

bool parse_json(const std::string& text, rapidjson::Document& out) {
  out.Parse<rapidjson::kParseIterativeFlag | rapidjson::kParseValidateEncodingFlag>(text.c_str(), text.size());
  return !out.HasParseError();
}

std::string json_quote(const std::string& text) {
  rapidjson::StringBuffer buffer;
  JsonWriter writer(buffer);
  writer.String(text.c_str(), static_cast<rapidjson::SizeType>(text.size()));
  return {buffer.GetString(), buffer.GetSize()};
}

Reply lever_error(int status, const std::string& code, const std::string& message) {
  return {status, "{\"code\":" + json_quote(code) + ",\"message\":" + json_quote(message) + "}"};
}

const char* reason_phrase(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Error";
  }
}

Reply truto_error(int status, const std::string& message, const std::string& extra_members_json) {
  std::string body = "{\"statusCode\":" + std::to_string(status) + ",\"error\":" + json_quote(reason_phrase(status)) +
                     ",\"message\":" + json_quote(message);
  if (!extra_members_json.empty()) body += "," + extra_members_json;
  body += "}";
  return {status, body};
}

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool looks_like_email(const std::string& text) {
  static const std::regex pattern(R"(^[^@\s]+@[^@\s]+\.[^@\s]+$)");
  return std::regex_match(text, pattern);
}

std::string join(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += separator;
    out += items[i];
  }
  return out;
}

}  // namespace tc::sandbox
