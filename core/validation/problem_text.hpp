#pragma once
// How validation words a problem: excerpts of the value, the expected types, unknown fields with a
// suggestion, and one message per failing schema keyword (read from the failing subschema).
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

namespace tc::validation {

// Compact JSON of a value, cut to about `limit` bytes (at a UTF-8 boundary) for messages.
std::string json_excerpt(const rapidjson::Value& v, std::size_t limit = 60);
// "null", "a boolean", "an object", "an array", "a string", "a number".
const char* json_type_name(const rapidjson::Value& v);
// The schema's "type" as a list (empty = any type).
std::vector<std::string> schema_types(const rapidjson::Value& schema);
bool schema_accepts_type(const rapidjson::Value& schema, const rapidjson::Value& v);
// "expected a string or an object, got a number".
std::string expected_types_message(const std::vector<std::string>& types, const rapidjson::Value& got);
// "unknown field "mail" (did you mean "emails"?)", else the known fields.
std::string unknown_field_message(std::string_view name, const std::vector<std::string>& known);
// The message for a value `schema` rejected on `keyword` (a RapidJSON keyword name).
std::string keyword_message(const std::string& keyword, const rapidjson::Value& schema, const rapidjson::Value& value);

}  // namespace tc::validation
