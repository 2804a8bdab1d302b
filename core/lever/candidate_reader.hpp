#pragma once
// Reading an existing candidate back from Lever (docs/lever-contract.md §4), for `truto-candidates get`:
// the opportunity expanded with its applications and stage, its resumes and its files, mapped by
// candidate_from_opportunity into the unified candidate a create prints.
#include <rapidjson/document.h>

#include <string>

#include "core/lever/api.hpp"

namespace tc {

// GET /opportunities/{id}?expand=applications&expand=stage, then GET …/resumes and …/files; returns the
// unified candidate. Throws tc::Error: InvalidInput "Lever has no opportunity ID" when Lever says so
// (404), Auth for 401/403, and whatever LeverApi throws otherwise (an unknown path is a Config error:
// the base URL is wrong, not the id).
rapidjson::Document read_lever_candidate(LeverApi& api, const std::string& opportunity_id);

}  // namespace tc
