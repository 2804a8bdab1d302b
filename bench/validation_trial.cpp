// bench-validation-trial: the hand-written schema walk (core/validation/) against valijson 1.0 on the
// bundled request schema (ARCHITECTURE.md "Schema validation: the walk, not valijson").
//
//   bench-validation-trial table            every error of a table of bad records, both ways
//   bench-validation-trial bench FILE.ndjson records/s of both, each record validated once
//
// Built only with -DTC_BENCH_VALIJSON=ON (bench/CMakeLists.txt), with VALIJSON_USE_EXCEPTIONS=1: else
// valijson 1.0 abort()s where it would throw. The product does not use valijson.
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

// valijson's adapter must come before any RapidJSON header (it defines RAPIDJSON_ASSERT).
#include <valijson/adapters/rapidjson_adapter.hpp>

#include <rapidjson/document.h>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include "core/model/target.hpp"
#include "core/validation/bundled_schemas.hpp"
#include "core/validation/validation.hpp"

namespace {

// valijson's context is {"<root>", "[emails]", "[0]", "[email]"}: a property name or an array index in
// brackets. Which one it is comes from the document, so the pointer is built by walking it.
std::string context_to_pointer(const std::vector<std::string>& context) {
  std::string pointer;
  for (std::size_t i = 1; i < context.size(); ++i) {
    std::string token = context[i].substr(1, context[i].size() - 2);
    std::string escaped;
    for (char c : token) escaped += c == '~' ? std::string("~0") : c == '/' ? std::string("~1") : std::string(1, c);
    pointer += "/" + escaped;
  }
  return pointer;
}

struct ValijsonRequest {
  rapidjson::Document source;
  valijson::Schema schema;

  // keep_format=false drops every "format" (valijson 1.0 casts any value with a "format" to a string, and
  // throws on an object: the {url} branch of "links"); the patterns next to them still judge the text.
  explicit ValijsonRequest(bool keep_format) {
    for (const auto& b : tc::bundled_schemas())
      if (b.name == "candidate.create.request") source.Parse(b.text.data(), b.text.size());
    if (!keep_format) drop_format(source);
    valijson::SchemaParser parser(valijson::SchemaParser::kDraft4);
    valijson::adapters::RapidJsonAdapter adapter(source);
    parser.populateSchema(adapter, schema);
  }

  static void drop_format(rapidjson::Value& node) {
    if (node.IsObject()) {
      node.RemoveMember("format");
      for (auto& m : node.GetObject()) drop_format(m.value);
    } else if (node.IsArray()) {
      for (auto& e : node.GetArray()) drop_format(e);
    }
  }

  std::vector<tc::Problem> validate(valijson::Validator& validator, const rapidjson::Value& record) const {
    valijson::ValidationResults results;
    std::vector<tc::Problem> out;
    try {
      if (validator.validate(schema, valijson::adapters::RapidJsonAdapter(record), &results)) return out;
    } catch (const std::exception& e) {
      return {{"", std::string("EXCEPTION: ") + e.what()}};
    }
    valijson::ValidationResults::Error e;
    while (results.popError(e)) out.push_back({context_to_pointer(e.context), e.description});
    return out;
  }
};

const char* const kBadRecords[] = {
    R"({"first_name":42,"emails":[{"email":"a@example.com"}]})",
    R"({"first_name":"Ada","emails":[{"type":"work"}]})",
    R"({"first_name":"Ada","emails":[{"email":"not-an-address"}]})",
    R"({"first_name":"Ada","emails":"ada@example.com"})",
    R"({"first_name":"Ada","links":["ftp://example.com/x"]})",
    R"({"first_name":"Ada","links":[{"url":"example.com"}]})",
    R"({"first_name":"Ada","links":[42]})",
    R"({"first_name":"Ada","lever":{"created_at":"yesterday"}})",
    R"({"first_name":"Ada","lever":{"created_at":"2024-02-30T10:00:00Z"}})",
    R"({"first_name":"Ada","lever":{"origin":"web"}})",
    R"({"first_name":"Ada","lever":{"notes":[{"text":"   "}]}})",
    R"({"first_name":"Ada","phone":"+1 555"})",
    R"({"first_name":"Ada","mail":"a@example.com","websites":["https://x.org"]})",
    R"({"first_name":"Ada","tags":[""]})",
    R"({"first_name":"Ada","attachments":[{"id":"r.pdf","attachment_type":"cv"}]})",
    R"({"first_name":"Ada","job_form_field_answers":[{"name":"q1","value":7}]})",
    R"({"first_name":"Ada","phones":[{"number":""},{"type":"home"}]})",
    R"({"first_name":"Ada","job_id":"a b/c"})",
    R"({"first_name":"Ada","lever":{"notes":[{"text":"hi","secret":"yes","when":1}]}})",
    R"({"first_name":"Ada","emails":[{"email":"a@example.com"},{"email":"b@"},{"email":7}]})",
};

int table() {
  tc::Validator walk;
  ValijsonRequest valijson_request(true), without_format(false);
  valijson::Validator validator;
  tc::Target lead;
  int n = 0;
  for (const char* text : kBadRecords) {
    rapidjson::Document record;
    record.Parse(text);
    std::cout << "#" << ++n << " " << text << "\n  walk:\n";
    for (const auto& p : walk.validate_request(record, lead))
      std::cout << "    " << (p.pointer.empty() ? "(root)" : p.pointer) << ": " << p.message << "\n";
    std::cout << "  valijson:\n";
    for (const auto& p : valijson_request.validate(validator, record))
      std::cout << "    " << (p.pointer.empty() ? "(root)" : p.pointer) << ": " << p.message << "\n";
    std::cout << "  valijson, \"format\" removed:\n";
    for (const auto& p : without_format.validate(validator, record))
      std::cout << "    " << (p.pointer.empty() ? "(root)" : p.pointer) << ": " << p.message << "\n";
  }
  return 0;
}

int bench(const char* path) {
  std::ifstream in(path);
  std::vector<rapidjson::Document> records;
  for (std::string line; std::getline(in, line);) {
    records.emplace_back();
    records.back().Parse(line.c_str());
  }
  tc::Validator walk;
  ValijsonRequest valijson_request(true), without_format(false);
  valijson::Validator validator;
  tc::Target lead;
  auto time = [&](const char* name, auto&& one) {
    std::size_t problems = 0;
    // CPU time of this single-threaded process: the machine is shared.
    const std::clock_t start = std::clock();
    for (const auto& r : records) problems += one(r);
    const double s = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
    std::printf("%-24s %zu records in %.3f CPU s: %.0f records/s (%zu problems)\n", name, records.size(), s,
                records.size() / s, problems);
  };
  time("walk", [&](const rapidjson::Value& r) { return walk.validate_request(r, lead).size(); });
  time("valijson", [&](const rapidjson::Value& r) { return valijson_request.validate(validator, r).size(); });
  time("valijson without format",
       [&](const rapidjson::Value& r) { return without_format.validate(validator, r).size(); });
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::string mode = argc > 1 ? argv[1] : "";
  if (mode == "table") return table();
  if (mode == "bench" && argc > 2) return bench(argv[2]);
  std::cerr << "usage: bench-validation-trial table | bench FILE.ndjson\n";
  return 64;
}
