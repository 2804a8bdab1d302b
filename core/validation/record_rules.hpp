#pragma once
// The rules of ARCHITECTURE.md §4 that a JSON schema cannot say. Each appends its problems to `out`.
#include <vector>

#include <rapidjson/document.h>

#include "core/model/target.hpp"
#include "core/util/error.hpp"

namespace tc::validation {

// An applicant needs a name and an e-mail; answers only with applicant; at most one resume.
void check_request_rules(const rapidjson::Value& record, const Target& target, std::vector<Problem>& out);
// Lever's fields: dates that exist, an archive date with a reason and after created_at. Call after
// the schema: a time whose pattern already failed gets no second message.
void check_lever_rules(const rapidjson::Value& record, std::vector<Problem>& out);
// A lead nobody can recognise or reach: neither a name nor an e-mail. Call once the record is
// otherwise valid, so that it is the one message such a record gets.
void check_identifiable(const rapidjson::Value& record, std::vector<Problem>& out);

}  // namespace tc::validation
