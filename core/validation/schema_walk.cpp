// The only translation unit that includes rapidjson/schema.h (RapidJSON 1.1.0, draft-04).
//
// RapidJSON 1.1.0 stops at the first violation and says only "keyword K failed at pointer P". To report
// every problem of a record in one go, validation walks the schema and the record together: objects
// (type, missing required keys, unknown keys) and arrays (size, each item) are checked here, and each
// property / item is validated separately against its own subschema, compiled on its own. RapidJSON
// stays the judge of every subschema; when it rejects a value the walk found nothing wrong with, its
// first error is reported as is, so nothing it rejects is ever accepted. valijson 1.0 was tried in its
// place and kept neither every pointer nor the messages (ARCHITECTURE.md §4, "the walk, not valijson").
#include "core/validation/schema_walk.hpp"

#include <algorithm>
#include <map>
#include <regex>

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

#include "core/validation/bundled_schemas.hpp"
#include "core/validation/json_access.hpp"
#include "core/validation/problem_text.hpp"
#include "core/validation/record_limits.hpp"

namespace tc::validation {

using rapidjson::Value;

// ---------------------------------------------------------------------------------------------
// One bundled schema: its source document (messages read limits, patterns and descriptions from it)
// and every subschema compiled on its own, so that each property and item can be judged separately.

struct CompiledSchema {
  std::string name;
  rapidjson::Document source;
  std::map<const Value*, std::unique_ptr<rapidjson::SchemaDocument>> compiled;  // by source node

  const rapidjson::SchemaDocument& at(const Value& node) const { return *compiled.at(&node); }
};

namespace {

[[noreturn]] void broken_schema(const std::string& name, const std::string& why) {
  throw Error(ErrorKind::Internal, "bundled schema \"" + name + "\" is broken: " + why);
}

void compile_node(CompiledSchema& s, const Value& node, const std::string& where) {
  if (!node.IsObject()) broken_schema(s.name, "subschema at " + where + " is not an object");
  if (get_member(node, "$ref")) broken_schema(s.name, "$ref at " + where + " (not supported by the walk)");
  if (const Value* pattern = get_member(node, "pattern")) {
    // RapidJSON silently drops a pattern std::regex cannot compile; make that a build-time bug instead.
    if (!pattern->IsString()) broken_schema(s.name, "pattern at " + where + " is not a string");
    try {
      std::regex re(pattern->GetString(), std::regex_constants::ECMAScript);
    } catch (const std::regex_error& e) {
      broken_schema(s.name, "pattern at " + where + " does not compile: " + e.what());
    }
  }
  s.compiled.emplace(&node, std::make_unique<rapidjson::SchemaDocument>(node));
  if (const Value* props = get_member(node, "properties")) {
    if (!props->IsObject()) broken_schema(s.name, "properties at " + where + " is not an object");
    for (const auto& m : props->GetObject())
      compile_node(s, m.value, child_pointer(child_pointer(where, "properties"), view(m.name)));
  }
  if (const Value* items = get_member(node, "items")) {
    if (items->IsObject())
      compile_node(s, *items, child_pointer(where, "items"));
    else
      broken_schema(s.name, "items at " + where + " must be one schema (tuples are not walked)");
  }
  if (const Value* extra = get_member(node, "additionalProperties"); extra && extra->IsObject())
    compile_node(s, *extra, child_pointer(where, "additionalProperties"));
  for (const char* combiner : {"oneOf", "anyOf", "allOf"}) {
    if (const Value* branches = get_member(node, combiner)) {
      if (!branches->IsArray()) broken_schema(s.name, std::string(combiner) + " at " + where + " is not an array");
      for (rapidjson::SizeType i = 0; i < branches->Size(); ++i)
        compile_node(s, (*branches)[i], child_pointer(child_pointer(where, combiner), i));
    }
  }
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
      if (const Value* branches = get_member(node, combiner)) {
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
    const Value* props = get_member(node, "properties");
    if (const Value* required = get_member(node, "required"); required && required->IsArray()) {
      for (const auto& name : required->GetArray())
        if (name.IsString() && !value.HasMember(name))
          out_.push_back({child_pointer(pointer, view(name)), "required field is missing"});
    }
    const Value* extra = get_member(node, "additionalProperties");
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
    const Value* min_items = get_member(node, "minItems");
    const Value* max_items = get_member(node, "maxItems");
    if (min_items && min_items->IsUint() && value.Size() < min_items->GetUint())
      out_.push_back({pointer, "needs at least " + std::to_string(min_items->GetUint()) + " item(s)"});
    if (max_items && max_items->IsUint() && value.Size() > max_items->GetUint())
      out_.push_back({pointer, "has " + std::to_string(value.Size()) + " items; at most " +
                                   std::to_string(max_items->GetUint()) + " are allowed"});
    // Past the array limit (reported by check_limits) items are not walked one by one: a 1 MiB array
    // of wrong items would otherwise give half a million problems. RapidJSON's first error still shows.
    const rapidjson::SizeType walked = value.Size() > kMaxArrayItems ? 0 : value.Size();
    if (const Value* items = get_member(node, "items"); items && items->IsObject())
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

  const CompiledSchema& schema_;
  std::vector<Problem>& out_;
};

}  // namespace

SchemaChecker::SchemaChecker(const std::string& bundled_name) : schema_(compile_bundled(bundled_name)) {}
SchemaChecker::~SchemaChecker() = default;

void SchemaChecker::check(const Value& value, std::vector<Problem>& out) const {
  SchemaWalk(*schema_, out).check(schema_->source, value, "");
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

}  // namespace tc::validation
