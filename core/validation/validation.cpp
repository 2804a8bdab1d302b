// Validation of records and query parameters (core/validation/validation.hpp): the size limits
// (record_limits.cpp), the bundled schema (schema_walk.cpp) and the rules a schema cannot say
// (record_rules.cpp), in that order; every problem is reported once.
#include "core/validation/validation.hpp"

#include <algorithm>
#include <set>
#include <utility>

#include "core/util/strings.hpp"
#include "core/validation/bundled_schemas.hpp"
#include "core/validation/problem_text.hpp"
#include "core/validation/record_limits.hpp"
#include "core/validation/record_rules.hpp"
#include "core/validation/schema_walk.hpp"

namespace tc {
namespace {

using rapidjson::Value;
using namespace tc::validation;

constexpr const char* kRequestSchema = "candidate.create.request";
constexpr const char* kQuerySchema = "candidate.create.query";
constexpr const char* kCandidateSchema = "candidate";
constexpr const char* kJobFormFieldSchema = "job-form-field";

void remove_duplicates(std::vector<Problem>& problems) {
  std::set<std::pair<std::string, std::string>> seen;
  std::vector<Problem> unique;
  for (auto& p : problems)
    if (seen.insert({p.pointer, p.message}).second) unique.push_back(std::move(p));
  problems = std::move(unique);
}

const std::vector<std::pair<std::string, std::string>>& schema_aliases() {
  static const std::vector<std::pair<std::string, std::string>> aliases = {{"request", kRequestSchema},
                                                                           {"query", kQuerySchema},
                                                                           {"candidate", kCandidateSchema},
                                                                           {"job-form-field", kJobFormFieldSchema}};
  return aliases;
}

}  // namespace

struct Validator::Impl {
  bool regex_checked = (ensure_patterns_are_enforced(), true);
  SchemaChecker request{kRequestSchema};
  SchemaChecker query{kQuerySchema};
  SchemaChecker candidate{kCandidateSchema};
  SchemaChecker job_form_field{kJobFormFieldSchema};

  static std::vector<Problem> validate(const SchemaChecker& schema, const Value& value, bool check_sizes) {
    std::vector<Problem> problems;
    std::vector<Problem> limit_problems;
    if (check_limits(value, check_sizes, limit_problems)) schema.check(value, problems);
    problems.insert(problems.end(), limit_problems.begin(), limit_problems.end());
    return problems;
  }
};

Validator::Validator() : impl_(std::make_unique<Impl>()) {}
Validator::~Validator() = default;

std::vector<Problem> Validator::validate_request(const Value& record, const Target& target) const {
  if (!record.IsObject())
    return {{"", std::string("expected a JSON object (one candidate), got ") + json_type_name(record)}};
  std::vector<Problem> problems = Impl::validate(impl_->request, record, true);
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
  std::vector<Problem> problems = Impl::validate(impl_->query, query, true);
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
  auto problems = Impl::validate(impl_->candidate, candidate, false);
  remove_duplicates(problems);
  return problems;
}

std::vector<Problem> Validator::validate_job_form_field(const Value& field) const {
  auto problems = Impl::validate(impl_->job_form_field, field, false);
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
