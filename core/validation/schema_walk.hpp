#pragma once
// One bundled JSON schema, judged by RapidJSON and walked together with a value so that every problem
// of the value is reported, each with its JSON pointer (the walk is explained in schema_walk.cpp).
#include <memory>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "core/util/error.hpp"

namespace tc::validation {

struct CompiledSchema;

class SchemaChecker {
 public:
  // Compiles schemas/<bundled_name>.schema.json (throws tc::Error Internal if missing or broken).
  explicit SchemaChecker(const std::string& bundled_name);
  ~SchemaChecker();
  SchemaChecker(const SchemaChecker&) = delete;
  SchemaChecker& operator=(const SchemaChecker&) = delete;

  // Appends every problem of `value` to `out`. Immutable: may be called from several threads at once.
  // `value` must nest at most kMaxNestingDepth levels (check_limits): the walk recurses.
  void check(const rapidjson::Value& value, std::vector<Problem>& out) const;

 private:
  std::unique_ptr<CompiledSchema> schema_;
};

// Throws tc::Error Internal when RapidJSON does not enforce "pattern" in this build (it drops patterns
// silently when its regex engine is misconfigured).
void ensure_patterns_are_enforced();

}  // namespace tc::validation
