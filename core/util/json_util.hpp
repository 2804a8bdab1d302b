#pragma once
// Small RapidJSON conveniences used across the core (kept light: no schema header here).
#include <rapidjson/document.h>

#include <string>
#include <string_view>

namespace tc {

// Parses untrusted text (iteratively: deep nesting cannot overflow the stack). Returns false and fills
// `error` ("line 3, column 7: Missing a comma…") on failure.
bool parse_json(std::string_view text, rapidjson::Document& out, std::string* error = nullptr);
std::string to_json(const rapidjson::Value& value);         // compact
std::string to_pretty_json(const rapidjson::Value& value);  // 2-space indent, for people
// The string at `key`, or "" when absent or not a string.
std::string get_string(const rapidjson::Value& object, const char* key);
// The same without a copy: valid while `object` is.
std::string_view string_member(const rapidjson::Value& object, const char* key);
// The member at `key`, or nullptr when absent (or `object` is not an object).
const rapidjson::Value* get_member(const rapidjson::Value& object, const char* key);
// The array at `key`, or nullptr when absent or not an array.
const rapidjson::Value* array_member(const rapidjson::Value& object, const char* key);
// One JSON pointer reference token, escaped as RFC 6901 says: "~" → "~0", "/" → "~1".
std::string escape_pointer_token(std::string_view token);
rapidjson::Value make_string(std::string_view s, rapidjson::Document::AllocatorType& alloc);
// Lays the members of `over` (when it is an object) over `body`, shallow: a key `body` has gets the new
// value in place, a new key is appended. How remote_data wins over a mapped Lever body.
void merge_members(rapidjson::Document& body, const rapidjson::Value* over);

}  // namespace tc
