#pragma once
// The unified candidate → Lever "apply to a posting" body (docs/lever-contract.md §3), with every
// pre-flight check, as pure functions (no I/O): the public entry over the steps of
// answer_resolver.hpp (attachments, answers, links, body). The caller:
//   1. plan_apply(record, form) — problems non-empty ⇒ send nothing (exit 65, all problems shown);
//   2. POSTs each plan.uploads entry to /uploads, collecting attachment id → uri;
//   3. build_apply_body(record, form, uris) → POST /postings/{id}/apply;
//   4. afterwards adds plan.leftover_tags / leftover_links (addTags/addLinks) and uploads
//      plan.leftover_attachments with POST /opportunities/{id}/files.
//
// Mapping rules:
// - personalInformation (only fields on the form, in form order, only with a value):
//   fullName ← first_name + " " + last_name, email ← emails[0].email, phone ← phones[0].number,
//   currentCompany ← company, currentLocation ← locations[0], resume ← upload uri of the first
//   attachment typed "resume" (`type` or `attachment_type`). Answers override these.
// - urls: answers first; then each link goes to the free URL field named after its host/type
//   (linkedin.com → "LinkedIn"), else — when the form has no field for that host — to the first
//   free "Other"/website-like field; anything else is a leftover link.
// - customQuestions: {"id": group id, "fields": [{"value": v|null}, …]} for every group with an
//   answered field, one entry per field in form order.
// - eeoResponses: {key: value} for answered EEO questions.
// - remote_data: merged last, shallow (its keys win).
// Answers ({name, value, group_id?}): group_id is "personalInformation", "urls", "eeoQuestions" or
// a custom group id (a group's text is accepted too, case-insensitively); name is the field's
// id/name (exact), or its id or text case-insensitively. Without group_id the whole form is
// searched. Choice values are matched case-insensitively and sent as the option's text;
// multiple-select takes an array (a string is a one-item array); a file-upload value is an
// attachment id of the record (sent as its upload uri) or an http(s) URL. A null value (or "" /
// []) is no answer.
// Attachments not placed in the body (including a resume the form has no field for) are leftovers.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "core/input/attachment_to_send.hpp"
#include "core/lever/job_form.hpp"
#include "core/model/candidate_record.hpp"
#include "core/util/error.hpp"

namespace tc {

struct ApplyPlan {
  std::vector<Problem> problems;                       // non-empty ⇒ nothing may be sent
  std::vector<AttachmentToSend> uploads;               // to POST /uploads, in order of first use in the body
  std::vector<std::string> leftover_tags;              // all tags: the apply body carries none
  std::vector<std::string> leftover_links;             // links no URL field took
  std::vector<AttachmentToSend> leftover_attachments;  // attachments the body does not carry, in record order
};

// Collects every pre-flight problem of `record` against `form` and decides uploads and leftovers.
ApplyPlan plan_apply(const CandidateRecord& record, const JobForm& form);

// The POST /postings/{id}/apply body. `upload_uris` maps attachment id → uri from POST /uploads
// (one for every plan.uploads entry). Throws tc::Error(InvalidInput) carrying the problems when
// plan_apply would report any, and tc::Error(Internal) when an upload uri is missing.
rapidjson::Document build_apply_body(const CandidateRecord& record, const JobForm& form,
                                     const std::map<std::string, std::string>& upload_uris);

}  // namespace tc
