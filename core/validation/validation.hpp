#pragma once
// Validation of unified records against the bundled JSON schemas (ARCHITECTURE.md §4), plus the rules a
// schema cannot say and the size limits (record_limits.hpp). Every problem of a record is reported in
// one go, each with a JSON pointer into the record and a message a user can act on.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "core/model/target.hpp"
#include "core/util/error.hpp"

namespace tc {

// Compiles the bundled schemas once (throws tc::Error Internal if a bundled schema is missing or
// broken). Immutable after construction: validate_* may be called from several threads at once.
class Validator {
 public:
  Validator();
  ~Validator();
  Validator(const Validator&) = delete;
  Validator& operator=(const Validator&) = delete;

  // The unified request body: schema, code rules (applicant needs a name and an e-mail, answers only
  // with applicant, at most one resume) and size limits. Empty result = valid.
  std::vector<Problem> validate_request(const rapidjson::Value& record, const Target& target) const;
  // The target as query parameters (job_id required; integrated_account_id required on the truto
  // route; --send-confirmation-email only with applicant). Pointers name the query parameter.
  std::vector<Problem> validate_query(const Target& target) const;
  // The unified candidate the tool prints (schemas/candidate.schema.json).
  std::vector<Problem> validate_candidate(const rapidjson::Value& candidate) const;
  // One unified job form field as printed by `form`.
  std::vector<Problem> validate_job_form_field(const rapidjson::Value& field) const;

 private:
  struct Impl;  // keeps the schema checkers (schema_walk.hpp) out of this header
  std::unique_ptr<Impl> impl_;
};

// The text of a bundled schema for `truto-candidates schema NAME`. NAME is one of
// schema_names() (or a bundled file name without ".schema.json"); anything else throws
// tc::Error Usage listing the valid names.
std::string schema_text(std::string_view name);
// "request", "query", "candidate", "job-form-field".
const std::vector<std::string>& schema_names();

}  // namespace tc
