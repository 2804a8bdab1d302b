#pragma once
// Unified candidate → Lever POST /opportunities body, for application_source=lead (docs/lever-contract.md §2).
// Pure: no I/O. Attachments are described (where their bytes are), not read.
#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/input/attachment_to_send.hpp"
#include "core/model/candidate_record.hpp"
#include "core/model/target.hpp"

namespace tc {

struct LeadPlan {
  rapidjson::Document body;                // POST /opportunities JSON body (remote_data merged last, its keys win)
  std::optional<AttachmentToSend> resume;  // becomes the multipart file part "resumeFile" (at most one)
  std::vector<AttachmentToSend> files;     // become file parts "files[]"
  // True when there is any attachment: the body must then go as multipart/form-data
  // (multipart_fields(body) + the file parts), otherwise as JSON.
  bool multipart() const { return resume.has_value() || !files.empty(); }
};

// Maps a schema-valid unified record (read_candidate_record) onto a Lever lead (docs/lever-contract.md §2). Body keys,
// in this order, each left out when it would be empty: name, headline, location, emails, phones, links, tags, postings
// ([target.job_id]), then from the record's `lever` object: sources, origin (lever.origin, else "sourced"),
// owner, followers, stage, createdAt (created_at in ms), archived {reason, archivedAt (archived_at in ms)} —
// owner, followers, stage and archive_reason must already be ids (LeverNameResolver); notes are not
// part of the body; then remote_data's members (an existing key is replaced in
// place, a new one appended). Attachments whose type (or attachment_type) is "resume" become
// `resume`, the others `files`, in record order.
// Throws tc::Error(InvalidInput) listing every problem only the mapping can see: an attachment without
// a usable file_url (no bytes to send, unsupported scheme, http to a non-loopback host, bad file://
// URL), a second resume, and a non-empty job_form_field_answers (forms belong to applicants).
LeadPlan map_lead(const CandidateRecord& record, const Target& target);

// Lever phone type for a unified one, case-insensitive: mobile, cell → "mobile"; work, office → "work";
// home → "home"; skype → "skype"; anything else → "other"; "" (or blanks) → "" meaning leave type out.
std::string lever_phone_type(std::string_view unified_type);

}  // namespace tc
