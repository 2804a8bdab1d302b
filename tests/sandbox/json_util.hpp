// Small JSON helpers shared by the sandbox's route files (RapidJSON only; nothing from the product).
#pragma once
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>
#include <vector>

namespace tc::sandbox {

using JsonWriter = rapidjson::Writer<rapidjson::StringBuffer>;

// What a route answers; the dispatcher turns it into an HTTP response.
struct Reply {
  int status = 200;
  std::string body;
  // With a parameter the HTTP library leaves the body uncompressed. A bare "application/json" made it
  // brotli-compress (quality 11) every answer the client accepts compressed: about 150 ms of CPU for a
  // page of 100 opportunities, time that is not the server's to model (--latency-ms is).
  std::string content_type = "application/json; charset=utf-8";
};

std::string to_json(const rapidjson::Value& value);
// Parses untrusted text iteratively (deep nesting cannot overflow the stack). False when invalid.
bool parse_json(const std::string& text, rapidjson::Document& out);

// Lever's error body {"code","message"}.
Reply lever_error(int status, const std::string& code, const std::string& message);
// Truto's error body {"statusCode","error","message"}; extra members are spliced in raw.
Reply truto_error(int status, const std::string& message, const std::string& extra_members_json = "");
const char* reason_phrase(int status);

std::string lower(std::string text);
bool looks_like_email(const std::string& text);
std::string join(const std::vector<std::string>& items, const std::string& separator);
std::string json_quote(const std::string& text);

}  // namespace tc::sandbox
