#include <fmt/format.h>

#include <utility>

#include "core/http/multipart_fields.hpp"
#include "core/lever/lead_mapping.hpp"
#include "core/lever/route.hpp"
#include "core/util/json_util.hpp"

// The lead flow (docs/lever-contract.md §2): one POST /opportunities carrying the files, then the notes.

namespace tc {

HttpRequest LeverRoute::lead_request(const LeadPlan& plan, const std::string& perform_as,
                                     std::vector<FormPart> file_parts) const {
  QueryParams query = {{"perform_as", perform_as}};
  query.insert(query.end(), kOpportunityExpand.begin(), kOpportunityExpand.end());
  if (!plan.multipart()) return api_.json_request("POST", "/opportunities", query, plan.body);
  HttpRequest request = api_.request("POST", "/opportunities", query);
  request.form = multipart_fields(plan.body);
  for (auto& part : file_parts) request.form.push_back(std::move(part));
  return request;
}

CreateOutcome LeverRoute::create_lead(const CandidateRecord& record) {
  LeadPlan plan = map_lead(record, target_);
  // Every attachment is read before anything is sent: a missing file must not leave half a candidate.
  std::vector<FormPart> file_parts;
  if (plan.resume) {
    file_parts.push_back(file_part("resumeFile", read_attachment_file(*plan.resume).file));
  }
  for (const auto& f : plan.files) {
    file_parts.push_back(file_part("files[]", read_attachment_file(f).file));
  }
  HttpRequest request = lead_request(plan, session_.perform_as_user_id(api_), std::move(file_parts));
  bool found_existing = false;
  rapidjson::Document opportunity = create_exactly_once(request, record.first_email(), false, found_existing);
  const AttachmentReads reads{plan.resume.has_value(), !plan.files.empty()};
  return after_create(opportunity, [&] {
    // A fresh create holds no note: each is sent without reading. After an ambiguous create, look first.
    add_notes(get_string(opportunity, "id"), record_notes(record), found_existing);
    return finish(std::move(opportunity), reads, found_existing);
  });
}

}  // namespace tc
