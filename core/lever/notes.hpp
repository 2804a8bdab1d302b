#pragma once
// The record's notes (`lever.notes`) as Lever notes, and which of them an opportunity still lacks
// (docs/lever-contract.md §2, §5): a note is added once, so after any doubt the opportunity's notes are
// read and only the missing ones are sent. Pure: no I/O.
#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <vector>

#include "core/model/candidate_record.hpp"

namespace tc {

struct LeverNote {
  std::string text;
  bool secret = false;
  std::optional<long long> created_at_ms;  // the note's original date, when the record gives one
};

// `lever.notes` of the record, in order; notes without text are left out (validation refuses them).
std::vector<LeverNote> record_notes(const CandidateRecord& record);

// The body of POST /opportunities/{id}/notes: {"value", "secret", "createdAt"?}.
rapidjson::Document note_body(const LeverNote& note);

// The notes of `wanted` that `held` (the `data` of GET /opportunities/{id}/notes) does not hold, in
// `wanted`'s order. Notes are the same when text (trimmed) and secret flag match; counted, so a record
// giving one note twice gets it twice. A held note's text is its `fields[].value`, else its `text`.
std::vector<LeverNote> missing_notes(const std::vector<LeverNote>& wanted, const rapidjson::Value& held);

}  // namespace tc
