// The only translation unit that includes rapidjson/schema.h (RapidJSON 1.1.0, draft-04).
//
// RapidJSON 1.1.0 stops at the first violation and says only "keyword K failed at pointer P". To report
// every problem of a record in one go, validation walks the schema and the record together: objects
// (type, missing required keys, unknown keys) and arrays (size, each item) are checked here, and each
// property / item is validated separately against its own subschema, compiled on its own. RapidJSON
// stays the judge of every subschema; when it rejects a value the walk found nothing wrong with, its
// first error is reported as is, so nothing it rejects is ever accepted.
#include "core/validation/validation.hpp"

#include <algorithm>
#include <map>
#include <regex>
#include <set>
#include <utility>

#include <rapidjson/error/en.h>
#include <rapidjson/pointer.h>
// RapidJSON 1.1.0's schema.h reads "#if !defined(RAPIDJSON_SCHEMA_USE_STDREGEX) ... 1 #else 0": defining
// RAPIDJSON_SCHEMA_USE_STDREGEX=1 *disables* every "pattern" silently. std::regex is selected only when
// RAPIDJSON_SCHEMA_USE_INTERNALREGEX is 0 (CMakeLists.txt) and RAPIDJSON_SCHEMA_USE_STDREGEX is not
// defined; the #error below and a run-time check in Validator() keep it that way.
#include <rapidjson/schema.h>
#if !RAPIDJSON_SCHEMA_USE_STDREGEX
#error \
    "rapidjson/schema.h must use std::regex (the internal engine ignores \\d, \\w, \\s): define RAPIDJSON_SCHEMA_USE_INTERNALREGEX=0"
#endif
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "core/model/candidate_record.hpp"
#include "core/util/json_util.hpp"
#include "core/util/rfc3339.hpp"
#include "core/util/strings.hpp"
#include "core/validation/bundled_schemas.hpp"

namespace tc {
namespace {

using rapidjson::Value;

constexpr const char* kRequestSchema = "candidate.create.request";
constexpr const char* kQuerySchema = "candidate.create.query";
constexpr const char* kCandidateSchema = "candidate";
constexpr const char* kJobFormFieldSchema = "job-form-field";

// ---------------------------------------------------------------------------------------------
// Small helpers for messages and pointers.

std::string child_pointer(const std::string& parent, std::string_view key) {
  return parent + "/" + escape_pointer_token(key);
}

std::string child_pointer(const std::string& parent, std::size_t index) { return parent + "/" + std::to_string(index); }

// Compact JSON of a value, cut to about `limit` bytes (at a UTF-8 boundary) for messages.
std::string json_excerpt(const Value& v, std::size_t limit = 60) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buf);
  v.Accept(writer);  // only called on leaves or depth-checked values
  std::string s(buf.GetString(), buf.GetSize());
  if (s.size() <= limit) return s;
  std::size_t cut = limit;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
  return s.substr(0, cut) + "…";
}

std::string_view view(const Value& s) { return {s.GetString(), s.GetStringLength()}; }

const Value* member(const Value& object, const char* name) {
  if (!object.IsObject()) return nullptr;
  auto it = object.FindMember(name);
  return it == object.MemberEnd() ? nullptr : &it->value;
}

const char* json_type_name(const Value& v) {
  if (v.IsNull()) return "null";
  if (v.IsBool()) return "a boolean";
  if (v.IsObject()) return "an object";
  if (v.IsArray()) return "an array";
  if (v.IsString()) return "a string";
  return "a number";
}

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

// The schema's "type" as a list (empty = any type).
std::vector<std::string> schema_types(const Value& schema) {
  std::vector<std::string> types;
  const Value* t = member(schema, "type");
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

// ---------------------------------------------------------------------------------------------
// One bundled schema: its source document (messages read limits, patterns and descriptions from it)
// and every subschema compiled on its own, so that each property and item can be judged separately.

struct CompiledSchema {
  std::string name;
  rapidjson::Document source;
  std::map<const Value*, std::unique_ptr<rapidjson::SchemaDocument>> compiled;  // by source node

  const rapidjson::SchemaDocument& at(const Value& node) const { return *compiled.at(&node); }
};

[[noreturn]] void broken_schema(const std::string& name, const std::string& why) {
  throw Error(ErrorKind::Internal, "bundled schema \"" + name + "\" is broken: " + why);
}

void compile_node(CompiledSchema& s, const Value& node, const std::string& where) {
  if (!node.IsObject()) broken_schema(s.name, "subschema at " + where + " is not an object");
  if (member(node, "$ref")) broken_schema(s.name, "$ref at " + where + " (not supported by the walk)");
  if (const Value* pattern = member(node, "pattern")) {
    // RapidJSON silently drops a pattern std::regex cannot compile; make that a build-time bug instead.
    if (!pattern->IsString()) broken_schema(s.name, "pattern at " + where + " is not a string");
    try {
      std::regex re(pattern->GetString(), std::regex_constants::ECMAScript);
    } catch (const std::regex_error& e) {
      broken_schema(s.name, "pattern at " + where + " does not compile: " + e.what());
    }
  }
  s.compiled.emplace(&node, std::make_unique<rapidjson::SchemaDocument>(node));
  if (const Value* props = member(node, "properties")) {
    if (!props->IsObject()) broken_schema(s.name, "properties at " + where + " is not an object");
    for (const auto& m : props->GetObject())
      compile_node(s, m.value, child_pointer(child_pointer(where, "properties"), view(m.name)));
  }
  if (const Value* items = member(node, "items")) {
    if (items->IsObject())
      compile_node(s, *items, child_pointer(where, "items"));
    else
      broken_schema(s.name, "items at " + where + " must be one schema (tuples are not walked)");
  }
  if (const Value* extra = member(node, "additionalProperties"); extra && extra->IsObject())
    compile_node(s, *extra, child_pointer(where, "additionalProperties"));
  for (const char* combiner : {"oneOf", "anyOf", "allOf"}) {
    if (const Value* branches = member(node, combiner)) {
      if (!branches->IsArray()) broken_schema(s.name, std::string(combiner) + " at " + where + " is not an array");
      for (rapidjson::SizeType i = 0; i < branches->Size(); ++i)
        compile_node(s, (*branches)[i], child_pointer(child_pointer(where, combiner), i));
    }
  }
}

// RapidJSON drops patterns silently when its regex engine is misconfigured; refuse to run then.
void ensure_patterns_are_enforced() {
  rapidjson::Document schema;
  schema.Parse(R"({"type":"string","pattern":"^\\d+$"})");
  rapidjson::SchemaDocument compiled(schema);
  auto accepts = [&](const char* text) {
    rapidjson::SchemaValidator validator(compiled);
    return Value(rapidjson::StringRef(text)).Accept(validator);
  };
  if (!accepts("123") || accepts("12a"))
    throw Error(ErrorKind::Internal, "RapidJSON does not enforce JSON Schema \"pattern\" with \\d in this build");
}

std::unique_ptr<CompiledSchema> compile_bundled(const std::string& name) {
  const auto& all = bundled_schemas();
  auto it = std::find_if(all.begin(), all.end(), [&](const BundledSchema& b) { return b.name == name; });
  if (it == all.end()) throw Error(ErrorKind::Internal, "bundled schema \"" + name + "\" is missing from the build");
  auto s = std::make_unique<CompiledSchema>();
  s->name = name;
  s->source.Parse<rapidjson::kParseValidateEncodingFlag>(it->text.data(), it->text.size());
  if (s->source.HasParseError())
    broken_schema(name, std::string(rapidjson::GetParseError_En(s->source.GetParseError())) + " at offset " +
                            std::to_string(s->source.GetErrorOffset()));
  compile_node(*s, s->source, "");
  return s;
}

// ---------------------------------------------------------------------------------------------
// The walk.

struct RapidFailure {
  std::string keyword;
  std::string document_pointer;  // relative to the judged value
  std::string schema_pointer;    // relative to the judging subschema
};

class SchemaWalk {
 public:
  SchemaWalk(const CompiledSchema& schema, std::vector<Problem>& out) : schema_(schema), out_(out) {}

  void check(const Value& node, const Value& value, const std::string& pointer) {
    RapidFailure failure;
    if (rapid_accepts(node, value, failure)) return;
    const std::size_t before = out_.size();
    explain(node, value, pointer, failure);
    if (out_.size() == before) report_rapid_failure(node, value, pointer, failure);
  }

 private:
  bool rapid_accepts(const Value& node, const Value& value, RapidFailure& failure) const {
    rapidjson::SchemaValidator validator(schema_.at(node));
    if (value.Accept(validator)) return true;
    rapidjson::StringBuffer doc_ptr, schema_ptr;
    validator.GetInvalidDocumentPointer().Stringify(doc_ptr);
    validator.GetInvalidSchemaPointer().Stringify(schema_ptr);
    const char* keyword = validator.GetInvalidSchemaKeyword();
    failure = {keyword ? keyword : "", doc_ptr.GetString(), schema_ptr.GetString()};
    return false;
  }

  void explain(const Value& node, const Value& value, const std::string& pointer, const RapidFailure& failure) {
    for (const char* combiner : {"oneOf", "anyOf"}) {
      if (const Value* branches = member(node, combiner)) {
        explain_alternatives(*branches, value, pointer);
        return;
      }
    }
    if (!schema_accepts_type(node, value)) {
      out_.push_back({pointer, expected_types_message(schema_types(node), value)});
      return;
    }
    if (value.IsObject()) {
      explain_object(node, value, pointer);
      return;
    }
    if (value.IsArray()) {
      explain_array(node, value, pointer);
      return;
    }
    // A leaf: RapidJSON's first (and, for a leaf, usually only) error says what is wrong.
    report_rapid_failure(node, value, pointer, failure);
  }

  // The alternatives of this project's schemas differ by type (a URL string or a {url} object), so
  // the branch of the value's type says what the user meant; its errors are the useful ones.
  void explain_alternatives(const Value& branches, const Value& value, const std::string& pointer) {
    std::vector<std::string> all_types;
    for (const auto& branch : branches.GetArray()) {
      if (schema_accepts_type(branch, value)) {
        check(branch, value, pointer);
        return;
      }
      for (auto& t : schema_types(branch)) all_types.push_back(t);
    }
    out_.push_back({pointer, expected_types_message(all_types, value)});
  }

  void explain_object(const Value& node, const Value& value, const std::string& pointer) {
    const Value* props = member(node, "properties");
    if (const Value* required = member(node, "required"); required && required->IsArray()) {
      for (const auto& name : required->GetArray())
        if (name.IsString() && !value.HasMember(name))
          out_.push_back({child_pointer(pointer, view(name)), "required field is missing"});
    }
    const Value* extra = member(node, "additionalProperties");
    const bool closed = extra && extra->IsBool() && !extra->GetBool();
    std::vector<std::string> known;
    if (props)
      for (const auto& m : props->GetObject()) known.emplace_back(view(m.name));
    for (const auto& m : value.GetObject()) {
      const std::string at = child_pointer(pointer, view(m.name));
      const auto known_member = props ? props->FindMember(m.name) : Value::ConstMemberIterator();
      if (props && known_member != props->MemberEnd()) {
        check(known_member->value, m.value, at);
      } else if (closed) {
        out_.push_back({at, unknown_field_message(view(m.name), known)});
      } else if (extra && extra->IsObject()) {
        check(*extra, m.value, at);
      }
    }
  }

  void explain_array(const Value& node, const Value& value, const std::string& pointer) {
    const Value* min_items = member(node, "minItems");
    const Value* max_items = member(node, "maxItems");
    if (min_items && min_items->IsUint() && value.Size() < min_items->GetUint())
      out_.push_back({pointer, "needs at least " + std::to_string(min_items->GetUint()) + " item(s)"});
    if (max_items && max_items->IsUint() && value.Size() > max_items->GetUint())
      out_.push_back({pointer, "has " + std::to_string(value.Size()) + " items; at most " +
                                   std::to_string(max_items->GetUint()) + " are allowed"});
    // Past the array limit (reported by check_limits) items are not walked one by one: a 1 MiB array
    // of wrong items would otherwise give half a million problems. RapidJSON's first error still shows.
    const rapidjson::SizeType walked = value.Size() > kMaxArrayItems ? 0 : value.Size();
    if (const Value* items = member(node, "items"); items && items->IsObject())
      for (rapidjson::SizeType i = 0; i < walked; ++i) check(*items, value[i], child_pointer(pointer, i));
  }

  void report_rapid_failure(const Value& node, const Value& value, const std::string& pointer,
                            const RapidFailure& failure) {
    const Value* failing_schema = rapidjson::Pointer(failure.schema_pointer.c_str()).Get(node);
    const Value* failing_value = rapidjson::Pointer(failure.document_pointer.c_str()).Get(value);
    if (!failing_schema) failing_schema = &node;
    if (!failing_value) failing_value = &value;
    out_.push_back(
        {pointer + failure.document_pointer, keyword_message(failure.keyword, *failing_schema, *failing_value)});
  }

  static std::string unknown_field_message(std::string_view name, const std::vector<std::string>& known) {
    std::string message = "unknown field " + json_quote(name);
    std::string suggestion = closest_name(name, known);
    if (suggestion.empty()) suggestion = alias_suggestion(name, known);
    if (!suggestion.empty()) return message + " (did you mean " + json_quote(suggestion) + "?)";
    return message + "; known fields: " + join_phrases(known, ", ");
  }

  static std::string json_quote(std::string_view s) {
    Value v(rapidjson::StringRef(s.data(), s.size()));
    return json_excerpt(v);
  }

  static std::string keyword_message(const std::string& keyword, const Value& schema, const Value& value) {
    const std::string shown = json_excerpt(value);
    auto number_of = [&](const char* name) -> std::string {
      const Value* n = member(schema, name);
      if (!n || !n->IsNumber()) return "?";
      return n->IsUint64()  ? std::to_string(n->GetUint64())
             : n->IsInt64() ? std::to_string(n->GetInt64())
                            : json_excerpt(*n);
    };
    if (keyword == "type") return expected_types_message(schema_types(schema), value);
    if (keyword == "pattern") {
      const Value* format = member(schema, "format");
      const std::string_view f = format && format->IsString() ? view(*format) : std::string_view();
      if (f == "email") return shown + " is not an e-mail address";
      if (f == "uri") return shown + " is not a URL (it must start with http:// or https://)";
      if (f == "date-time") {
        const Value* description = member(schema, "description");
        return shown + " is not " +
               (description && description->IsString()
                    ? std::string(view(*description))
                    : std::string("an ISO 8601 UTC time such as 2024-01-31T12:00:00.000Z"));
      }
      const Value* description = member(schema, "description");
      if (description && description->IsString())
        return shown + " is not valid: expected " + std::string(view(*description));
      const Value* pattern = member(schema, "pattern");
      return shown + " does not match the pattern " + (pattern ? json_excerpt(*pattern, 200) : std::string("?"));
    }
    if (keyword == "enum") {
      std::vector<std::string> allowed;
      if (const Value* e = member(schema, "enum"))
        for (const auto& v : e->GetArray()) allowed.push_back(json_excerpt(v));
      return shown + " is not one of " + join_phrases(allowed, ", ");
    }
    if (keyword == "minLength") {
      const std::string n = number_of("minLength");
      return n == "1" ? "must not be empty" : "must be at least " + n + " characters long";
    }
    if (keyword == "maxLength") return "must be at most " + number_of("maxLength") + " characters long";
    if (keyword == "minimum") return shown + " is less than the minimum " + number_of("minimum");
    if (keyword == "maximum") return shown + " is more than the maximum " + number_of("maximum");
    if (keyword == "minItems") return "needs at least " + number_of("minItems") + " item(s)";
    if (keyword == "maxItems") return "has more than " + number_of("maxItems") + " items";
    if (keyword == "required") return "a required field is missing";
    if (keyword == "additionalProperties") return "has an unknown field";
    if (keyword == "oneOf" || keyword == "anyOf") return shown + " matches none of the allowed forms";
    return "is invalid (schema keyword \"" + keyword + "\")";
  }

  const CompiledSchema& schema_;
  std::vector<Problem>& out_;
};

// ---------------------------------------------------------------------------------------------
// Size limits, walked without recursion (the record was parsed iteratively and may be deep).
// Returns false when the record nests deeper than kMaxNestingDepth (schema validation recurses).

bool check_limits(const Value& record, bool check_sizes, std::vector<Problem>& out) {
  struct Frame {
    const Value* value;
    std::string pointer;
    std::size_t depth;
  };
  bool shallow_enough = true;
  std::vector<Frame> stack;
  stack.push_back({&record, "", 0});
  while (!stack.empty()) {
    Frame f = std::move(stack.back());
    stack.pop_back();
    const Value& v = *f.value;
    if (f.depth > kMaxNestingDepth) {
      out.push_back({f.pointer, "nested too deeply (more than " + std::to_string(kMaxNestingDepth) + " levels)"});
      shallow_enough = false;
      continue;
    }
    if (v.IsString() && check_sizes && v.GetStringLength() > kMaxStringBytes) {
      out.push_back({f.pointer, "is " + std::to_string(v.GetStringLength()) +
                                    " bytes long; a string may be at most 64 KiB (65,536 bytes)"});
    } else if (v.IsArray()) {
      if (check_sizes && v.Size() > kMaxArrayItems) {
        out.push_back({f.pointer, "has " + std::to_string(v.Size()) + " items; an array may have at most 1,000"});
        continue;  // one problem for the array, not one per excess item
      }
      for (rapidjson::SizeType i = v.Size(); i-- > 0;)
        stack.push_back({&v[i], child_pointer(f.pointer, i), f.depth + 1});
    } else if (v.IsObject()) {
      std::vector<Frame> children;
      for (const auto& m : v.GetObject()) {
        const std::string at = child_pointer(f.pointer, view(m.name));
        if (check_sizes && m.name.GetStringLength() > kMaxStringBytes)
          out.push_back({at, "field name is longer than 64 KiB"});
        children.push_back({&m.value, at, f.depth + 1});
      }
      for (auto it = children.rbegin(); it != children.rend(); ++it) stack.push_back(std::move(*it));
    }
  }
  return shallow_enough;
}

void remove_duplicates(std::vector<Problem>& problems) {
  std::set<std::pair<std::string, std::string>> seen;
  std::vector<Problem> unique;
  for (auto& p : problems)
    if (seen.insert({p.pointer, p.message}).second) unique.push_back(std::move(p));
  problems = std::move(unique);
}

bool has_text(const Value& record, const char* name) {
  const Value* v = member(record, name);
  if (!v || !v->IsString()) return false;
  std::string_view s = view(*v);
  return s.find_first_not_of(" \t\r\n") != std::string_view::npos;
}

// The rules of ARCHITECTURE.md §4 a schema cannot say.
void check_request_rules(const Value& record, const Target& target, std::vector<Problem>& out) {
  if (target.source == ApplicationSource::Applicant) {
    if (!has_text(record, "first_name") && !has_text(record, "last_name") && !has_text(record, "name"))
      out.push_back({"/first_name", "an applicant needs a name: give first_name, last_name or name"});
    const Value* emails = member(record, "emails");
    if (!emails || (emails->IsArray() && emails->Empty()))
      out.push_back({"/emails", "an applicant needs at least one e-mail address"});
  } else if (const Value* answers = member(record, "job_form_field_answers")) {
    if (!(answers->IsArray() && answers->Empty()))
      out.push_back({"/job_form_field_answers", "answers belong to applications; use --application-source applicant"});
  }
  if (const Value* attachments = member(record, "attachments"); attachments && attachments->IsArray()) {
    std::string first_resume;
    for (rapidjson::SizeType i = 0; i < attachments->Size(); ++i) {
      const Value& a = (*attachments)[i];
      if (!is_resume_type(string_member(a, "type"), string_member(a, "attachment_type"))) continue;
      const std::string at = child_pointer("/attachments", i);
      if (first_resume.empty())
        first_resume = at;
      else
        out.push_back({at, "only one attachment can be the resume (" + first_resume + " already is)"});
    }
  }
}

// Lever's fields (ARCHITECTURE.md §4): a date-time the pattern accepts may still name a day that does not
// exist (2024-02-30); Lever takes milliseconds, so it must convert.
void check_lever_rules(const Value& record, std::vector<Problem>& out) {
  const Value* lever = member(record, "lever");
  if (!lever || !lever->IsObject()) return;
  auto check_time = [&](const Value* v, const std::string& at) {
    if (!v || !v->IsString() || rfc3339_to_epoch_ms(view(*v)).has_value()) return;
    // A value the schema already refused (its pattern) gets that one message.
    if (std::any_of(out.begin(), out.end(), [&](const Problem& p) { return p.pointer == at; })) return;
    out.push_back({at, json_excerpt(*v) + " names a date or time that does not exist"});
  };
  check_time(member(*lever, "created_at"), "/lever/created_at");
  check_time(member(*lever, "archived_at"), "/lever/archived_at");
  // Lever ignores an archive date without a reason and refuses one without an earlier creation date.
  if (const Value* archived_at = member(*lever, "archived_at"); archived_at && archived_at->IsString()) {
    const Value* created_at = member(*lever, "created_at");
    if (!member(*lever, "archive_reason")) {
      out.push_back({"/lever/archived_at", "an archive date needs an archive_reason"});
    } else if (!created_at) {
      out.push_back(
          {"/lever/archived_at", "an archive date needs created_at (Lever wants the candidate created before)"});
    } else if (created_at->IsString()) {
      const auto created = rfc3339_to_epoch_ms(view(*created_at));
      const auto archived = rfc3339_to_epoch_ms(view(*archived_at));
      if (created && archived && *created >= *archived)
        out.push_back({"/lever/archived_at", "must be later than created_at"});
    }
  }
  if (const Value* notes = member(*lever, "notes"); notes && notes->IsArray() && notes->Size() <= kMaxArrayItems)
    for (rapidjson::SizeType i = 0; i < notes->Size(); ++i)
      check_time(member((*notes)[i], "created_at"), child_pointer("/lever/notes", i) + "/created_at");
}

// A lead nobody can recognise or reach (ARCHITECTURE.md §4); checked once the record is otherwise valid,
// so that it is the one message a record without a name and an e-mail gets.
void check_identifiable(const Value& record, std::vector<Problem>& out) {
  const Value* emails = member(record, "emails");
  const bool has_email = emails && emails->IsArray() && !emails->Empty();
  if (!has_text(record, "first_name") && !has_text(record, "last_name") && !has_text(record, "name") && !has_email)
    out.push_back({"",
                   "the record has neither a name (first_name, last_name, name) nor an e-mail (emails): "
                   "Lever would store a nameless lead"});
}

const std::vector<std::pair<std::string, std::string>>& schema_aliases() {
  static const std::vector<std::pair<std::string, std::string>> aliases = {{"request", kRequestSchema},
                                                                           {"query", kQuerySchema},
                                                                           {"candidate", kCandidateSchema},
                                                                           {"job-form-field", kJobFormFieldSchema}};
  return aliases;
}

}  // namespace

// ---------------------------------------------------------------------------------------------

struct Validator::Impl {
  bool regex_checked = (ensure_patterns_are_enforced(), true);
  std::unique_ptr<CompiledSchema> request = compile_bundled(kRequestSchema);
  std::unique_ptr<CompiledSchema> query = compile_bundled(kQuerySchema);
  std::unique_ptr<CompiledSchema> candidate = compile_bundled(kCandidateSchema);
  std::unique_ptr<CompiledSchema> job_form_field = compile_bundled(kJobFormFieldSchema);

  static std::vector<Problem> validate(const CompiledSchema& schema, const Value& value, bool check_sizes) {
    std::vector<Problem> problems;
    std::vector<Problem> limit_problems;
    if (check_limits(value, check_sizes, limit_problems)) SchemaWalk(schema, problems).check(schema.source, value, "");
    problems.insert(problems.end(), limit_problems.begin(), limit_problems.end());
    return problems;
  }
};

Validator::Validator() : impl_(std::make_unique<Impl>()) {}
Validator::~Validator() = default;

std::vector<Problem> Validator::validate_request(const Value& record, const Target& target) const {
  if (!record.IsObject())
    return {{"", std::string("expected a JSON object (one candidate), got ") + json_type_name(record)}};
  std::vector<Problem> problems = Impl::validate(*impl_->request, record, true);
  check_request_rules(record, target, problems);
  check_lever_rules(record, problems);
  if (problems.empty()) check_identifiable(record, problems);
  remove_duplicates(problems);
  return problems;
}

std::vector<Problem> Validator::validate_query(const Target& target) const {
  rapidjson::Document query(rapidjson::kObjectType);
  auto& alloc = query.GetAllocator();
  if (!target.integrated_account_id.empty())
    query.AddMember("integrated_account_id", Value(target.integrated_account_id.c_str(), alloc), alloc);
  if (!target.job_id.empty()) query.AddMember("job_id", Value(target.job_id.c_str(), alloc), alloc);
  query.AddMember("application_source", Value(to_string(target.source), alloc), alloc);
  std::vector<Problem> problems = Impl::validate(*impl_->query, query, true);
  for (auto& p : problems)
    if (p.pointer == "/job_id" && p.message == "required field is missing")
      p.message = "required field is missing: give the Lever posting id (--job-id)";
  if (target.via == Route::Truto && target.integrated_account_id.empty())
    problems.push_back({"/integrated_account_id",
                        "required on the truto route: give --integrated-account-id or TRUTO_INTEGRATED_ACCOUNT_ID"});
  if (target.send_confirmation_email && target.source != ApplicationSource::Applicant)
    problems.push_back({"/application_source", "--send-confirmation-email needs --application-source applicant"});
  remove_duplicates(problems);
  return problems;
}

std::vector<Problem> Validator::validate_candidate(const Value& candidate) const {
  auto problems = Impl::validate(*impl_->candidate, candidate, false);
  remove_duplicates(problems);
  return problems;
}

std::vector<Problem> Validator::validate_job_form_field(const Value& field) const {
  auto problems = Impl::validate(*impl_->job_form_field, field, false);
  remove_duplicates(problems);
  return problems;
}

const std::vector<std::string>& schema_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> n;
    for (const auto& a : schema_aliases()) n.push_back(a.first);
    return n;
  }();
  return names;
}

std::string schema_text(std::string_view name) {
  std::string bundled_name;
  for (const auto& [alias, file] : schema_aliases())
    if (name == alias || name == file) bundled_name = file;
  if (bundled_name.empty())
    throw Error(ErrorKind::Usage, "unknown schema \"" + std::string(name) + "\"",
                "valid names: " + join_phrases(schema_names(), ", "));
  for (const auto& b : bundled_schemas())
    if (b.name == bundled_name) return std::string(b.text);
  throw Error(ErrorKind::Internal, "bundled schema \"" + bundled_name + "\" is missing from the build");
}

}  // namespace tc
