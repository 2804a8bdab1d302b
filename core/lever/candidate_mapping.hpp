#pragma once
// Lever opportunity → the unified candidate printed on success (docs/lever-contract.md §4). Pure: no I/O, no clock.
// Tolerant of what Lever sends: any field may be missing, null or of another type; such a field is
// skipped, never an error.
#include <rapidjson/document.h>

#include <cstdint>
#include <string>
#include <string_view>

namespace tc {

// The unified candidate from a Lever opportunity expanded with applications and stage.
// `resumes` / `files` are the `data` arrays of GET /opportunities/{id}/resumes and /files (a
// {"data": [...]} envelope is accepted too), or nullptr when they were not read; when both are nullptr
// there is no "attachments" key. Keys, in this order, each left out when Lever's value is absent or
// empty: id, first_name, last_name, name, title, company, last_interaction_at, created_at,
// updated_at, is_private, can_email (always present), locations, phones, emails, urls, tags,
// applications, attachments, remote_data (a deep copy of `opportunity`, always present).
// Timestamps that are not positive epoch milliseconds are treated as absent.
rapidjson::Document candidate_from_opportunity(const rapidjson::Value& opportunity, const rapidjson::Value* resumes,
                                               const rapidjson::Value* files);

// Epoch milliseconds as ISO 8601 UTC with milliseconds: 1711572497188 → "2024-03-27T20:48:17.188Z".
std::string iso8601_utc_ms(int64_t epoch_ms);

// The unified url type of a link, from its host (case-insensitive, subdomains included; the scheme
// may be missing): linkedin, github, gitlab, twitter (also x.com), facebook, instagram, dribbble,
// behance, stackoverflow, medium; anything else (or no host) → "website".
std::string url_type_from_host(std::string_view url);

}  // namespace tc
