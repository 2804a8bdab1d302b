// Confidential data as Lever's documentation describes it: list endpoints (GET /opportunities,
// GET /postings) leave confidential items out unless the query asks for them ("If unspecified, defaults
// to non-confidential. To get both confidential and non-confidential opportunities you must specify
// all"); items read by id are returned either way; a key created without confidential access gets an
// access error (403) on confidential postings and opportunities.
#pragma once
#include "json_util.hpp"
#include "state.hpp"

#include <httplib.h>

#include <optional>
#include <string>
#include <vector>

namespace tc::sandbox {

enum class ConfidentialityFilter { non_confidential, confidential, all };

// The `confidentiality` query parameter of a list; nullopt when its value is not one Lever knows.
std::optional<ConfidentialityFilter> read_confidentiality(const httplib::Request& request);
bool filter_shows(ConfidentialityFilter filter, bool confidential);
Reply bad_confidentiality();
Reply no_confidential_access();

// With --no-confidential-access: a 403 when the request reaches a confidential posting or opportunity
// by its id, or asks a list for confidential items. nullopt when it may go on. Locks state.mutex.
std::optional<Reply> refuse_confidential(const httplib::Request& request, State& state,
                                         const std::vector<std::string>& path);

}  // namespace tc::sandbox
