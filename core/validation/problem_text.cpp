// How validation words a problem (core/validation/problem_text.hpp).
#include "core/validation/problem_text.hpp"

#include <algorithm>
#include <utility>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "core/util/json_util.hpp"
#include "core/util/strings.hpp"
#include "core/validation/json_access.hpp"

namespace tc::validation {

using rapidjson::Value;

namespace {

std::string schema_type_phrase(std::string_view type) {
  if (type == "null") return "null";
  if (type == "object" || type == "array" || type == "integer") return "an " + std::string(type);
  return "a " + std::string(type);
}

bool type_accepts(std::string_view type, const Value& v) {
  if (type == "string") return v.IsString();
  if (type == "object") return v.IsObject();
  if (type == "array") return v.IsArray();
  if (type == "boolean") return v.IsBool();
  if (type == "null") return v.IsNull();
  if (type == "number") return v.IsNumber();
  if (type == "integer") return v.IsInt64() || v.IsUint64();
  return true;
}

// Words users type for a field that edit distance cannot find.
std::string alias_suggestion(std::string_view unknown, const std::vector<std::string>& known) {
  static const std::pair<const char*, const char*> aliases[] = {{"url", "links"},
                                                                {"urls", "links"},
                                                                {"website", "links"},
                                                                {"websites", "links"},
                                                                {"linkedin", "links"},
                                                                {"resume", "attachments"},
                                                                {"cv", "attachments"},
                                                                {"files", "attachments"},
                                                                {"answers", "job_form_field_answers"},
                                                                {"questions", "job_form_field_answers"},
                                                                {"mobile", "phones"},
                                                                {"phonenumber", "phones"},
                                                                {"mail", "emails"},
                                                                {"headline", "title"},
                                                                {"jobtitle", "title"},
                                                                {"employer", "company"},
                                                                {"city", "locations"},
                                                                {"labels", "tags"}};
  const std::string n = normalized_name(unknown);
  for (const auto& [from, to] : aliases)
    if (n == from && std::find(known.begin(), known.end(), to) != known.end()) return to;
  return {};
}

std::string json_quote(std::string_view s) {
  Value v(rapidjson::StringRef(s.data(), s.size()));
  return json_excerpt(v);
}

// The message of a "pattern" failure: formats and descriptions say what was expected better than a regex.
std::string pattern_message(const Value& schema, const std::string& shown) {
  const Value* format = get_member(schema, "format");
  const std::string_view f = format && format->IsString() ? view(*format) : std::string_view();
  if (f == "email") return shown + " is not an e-mail address";
  if (f == "uri") return shown + " is not a URL (it must start with http:// or https://)";
  const Value* description = get_member(schema, "description");
  if (f == "date-time")
    return shown + " is not " +
           (description && description->IsString()
                ? std::string(view(*description))
                : std::string("an ISO 8601 UTC time such as 2024-01-31T12:00:00.000Z"));
  if (description && description->IsString())
    return shown + " is not valid: expected " + std::string(view(*description));
  const Value* pattern = get_member(schema, "pattern");
  return shown + " does not match the pattern " + (pattern ? json_excerpt(*pattern, 200) : std::string("?"));
}

// A numeric keyword of the schema as written ("?" when absent).
std::string number_of(const Value& schema, const char* name) {
  const Value* n = get_member(schema, name);
  if (!n || !n->IsNumber()) return "?";
  return n->IsUint64()  ? std::to_string(n->GetUint64())
         : n->IsInt64() ? std::to_string(n->GetInt64())
                        : json_excerpt(*n);
}

}  // namespace

std::string json_excerpt(const Value& v, std::size_t limit) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buf);
  v.Accept(writer);  // only called on leaves or depth-checked values
  std::string s(buf.GetString(), buf.GetSize());
  if (s.size() <= limit) return s;
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "…";
}

const char* json_type_name(const Value& v) {
  if (v.IsNull()) return "null";
  if (v.IsBool()) return "a boolean";
  if (v.IsObject()) return "an object";
  if (v.IsArray()) return "an array";
  if (v.IsString()) return "a string";
  return "a number";
}

std::vector<std::string> schema_types(const Value& schema) {
  std::vector<std::string> types;
  const Value* t = get_member(schema, "type");
  if (t && t->IsString()) types.emplace_back(view(*t));
  if (t && t->IsArray())
    for (const auto& e : t->GetArray())
      if (e.IsString()) types.emplace_back(view(e));
  return types;
}

bool schema_accepts_type(const Value& schema, const Value& v) {
  auto types = schema_types(schema);
  if (types.empty()) return true;
  return std::any_of(types.begin(), types.end(), [&](const std::string& t) { return type_accepts(t, v); });
}

std::string expected_types_message(const std::vector<std::string>& types, const Value& got) {
  std::vector<std::string> phrases;
  for (const auto& t : types) {
    std::string p = t == "string" ? "a string" : schema_type_phrase(t);
    if (std::find(phrases.begin(), phrases.end(), p) == phrases.end()) phrases.push_back(p);
  }
  return "expected " + join_phrases(phrases, " or ") + ", got " + json_type_name(got);
}

std::string unknown_field_message(std::string_view name, const std::vector<std::string>& known) {
  std::string message = "unknown field " + json_quote(name);
  std::string suggestion = closest_name(name, known);
  if (suggestion.empty()) suggestion = alias_suggestion(name, known);
  if (!suggestion.empty()) return message + " (did you mean " + json_quote(suggestion) + "?)";
  return message + "; known fields: " + join_phrases(known, ", ");
}

std::string keyword_message(const std::string& keyword, const Value& schema, const Value& value) {
  const std::string shown = json_excerpt(value);
  if (keyword == "type") return expected_types_message(schema_types(schema), value);
  if (keyword == "pattern") return pattern_message(schema, shown);
  if (keyword == "enum") {
    std::vector<std::string> allowed;
    if (const Value* e = get_member(schema, "enum"))
      for (const auto& v : e->GetArray()) allowed.push_back(json_excerpt(v));
    return shown + " is not one of " + join_phrases(allowed, ", ");
  }
  if (keyword == "minLength") {
    const std::string n = number_of(schema, "minLength");
    return n == "1" ? "must not be empty" : "must be at least " + n + " characters long";
  }
  if (keyword == "maxLength") return "must be at most " + number_of(schema, "maxLength") + " characters long";
  if (keyword == "minimum") return shown + " is less than the minimum " + number_of(schema, "minimum");
  if (keyword == "maximum") return shown + " is more than the maximum " + number_of(schema, "maximum");
  if (keyword == "minItems") return "needs at least " + number_of(schema, "minItems") + " item(s)";
  if (keyword == "maxItems") return "has more than " + number_of(schema, "maxItems") + " items";
  if (keyword == "required") return "a required field is missing";
  if (keyword == "additionalProperties") return "has an unknown field";
  if (keyword == "oneOf" || keyword == "anyOf") return shown + " matches none of the allowed forms";
  return "is invalid (schema keyword \"" + keyword + "\")";
}

}  // namespace tc::validation
