#include <utility>

#include "core/http/request_description.hpp"
#include "core/input/attachment_to_send.hpp"
#include "core/input/file_url.hpp"
#include "core/lever/lead_mapping.hpp"
#include "core/lever/notes.hpp"
#include "core/lever/route.hpp"
#include "core/util/json_util.hpp"

// --dry-run: the requests a record would send (docs/lever-contract.md §2, §3), without a network call
// (the perform_as check aside).

namespace tc {

rapidjson::Document LeverRoute::plan(const CandidateRecord& record) {
  use_record_target(record);
  check_local_files(record);
  if (target_.source == ApplicationSource::Lead) return plan_lead(record);
  refuse_what_an_application_cannot_set(record.lever);
  return plan_applicant(record);
}

rapidjson::Document LeverRoute::plan_lead(const CandidateRecord& record) {
  LeadPlan plan = map_lead(record, target_);
  const std::string& perform_as = session_.settings().perform_as;
  if (perform_as.empty()) session_.perform_as_user_id(api_);  // throws the Config error
  std::vector<FormPart> file_parts;
  if (plan.resume) file_parts.push_back(planned_file_part("resumeFile", plan.resume->file_name, plan.resume->source));
  for (const auto& f : plan.files) file_parts.push_back(planned_file_part("files[]", f.file_name, f.source));
  DryRunPlan out;
  out.add(lead_request(plan, perform_as, std::move(file_parts)));
  for (const auto& note : record_notes(record)) {
    out.add(api_.json_request("POST", "/opportunities/{id}/notes", {{"perform_as", perform_as}}, note_body(note)));
  }
  if (perform_as.find('@') != std::string::npos) {
    out.note("perform_as " + perform_as + " is resolved to a user id with GET /users at run time");
  }
  return out.take();
}

rapidjson::Document LeverRoute::plan_applicant(const CandidateRecord& record) {
  const Target& target = target_;
  DryRunPlan out;
  out.add(api_.request("GET", "/postings/" + url_encode(target.job_id) + "/apply", {}));
  for (const Attachment& a : record.attachments) {
    const FileUrlReading reading = read_file_url(a.file_url, "");
    const std::string source = reading.problem ? a.file_url : reading.source.location;
    const std::string file_name = sent_file_name(a, reading.problem ? std::string() : reading.source.file_name);
    HttpRequest upload = api_.request("POST", "/uploads", {});
    upload.form.push_back(planned_file_part("file", file_name, source));
    out.add(upload);
  }
  QueryParams query;
  if (target.send_confirmation_email) query.emplace_back("send_confirmation_email", "true");
  HttpRequest apply = api_.request("POST", "/postings/" + url_encode(target.job_id) + "/apply", query);
  apply.headers.push_back({"Content-Type", "application/json"});
  out.add(apply, "built from the posting's form at run time (see `truto-candidates form`)");
  // After the application, on the opportunity it makes (docs/lever-contract.md §3).
  QueryParams as_user;
  if (!session_.settings().perform_as.empty()) as_user.emplace_back("perform_as", session_.settings().perform_as);
  auto planned = [&](const char* method, const char* path, const char* key, rapidjson::Value value) {
    rapidjson::Document body(rapidjson::kObjectType);
    rapidjson::Value copy(value, body.GetAllocator());
    body.AddMember(rapidjson::StringRef(key), copy, body.GetAllocator());
    out.add(api_.json_request(method, path, as_user, body));
  };
  rapidjson::Document scratch;
  if (const std::vector<std::string>& sources = record.lever.sources; !sources.empty())
    out.add(api_.json_request("POST", "/opportunities/{id}/addSources", as_user, list_body("sources", sources)));
  if (const std::string& stage = record.lever.stage; !stage.empty())
    planned("PUT", "/opportunities/{id}/stage", "stage", make_string(stage, scratch.GetAllocator()));
  for (const auto& note : record_notes(record))
    out.add(api_.json_request("POST", "/opportunities/{id}/notes", as_user, note_body(note)));
  if (const std::string& reason = record.lever.archive_reason; !reason.empty())
    planned("PUT", "/opportunities/{id}/archived", "reason", make_string(reason, scratch.GetAllocator()));
  out.note(
      "the apply body follows the posting's form, which a dry run does not fetch; "
      "`truto-candidates validate --application-source applicant --with-form` checks the answers against it");
  return out.take();
}

}  // namespace tc
