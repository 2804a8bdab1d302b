#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>

#include "core/input/attachment_loader.hpp"
#include "core/lever/apply_mapping.hpp"
#include "core/lever/route.hpp"
#include "core/util/error.hpp"
#include "core/util/json_util.hpp"

// The applicant flow (docs/lever-contract.md §3): the posting's form, uploads, POST /postings/{id}/apply,
// the opportunity it makes, then what the form could not carry.

namespace tc {

CreateOutcome LeverRoute::create_applicant(const CandidateRecord& record) {
  std::shared_ptr<const JobForm> form = this->form();
  const ApplyPlan plan = checked_apply_plan(record, *form);
  // Leftover files need perform_as: check before anything is sent.
  const std::string user = plan.leftover_attachments.empty() ? std::string() : session_.perform_as_user_id(api_);
  ApplicantFiles files = read_applicant_files(plan);

  const std::map<std::string, std::string> uris = upload_attachments(files.uploads);
  SentApplication sent = send_application(record, *form, uris);
  const bool found_existing = sent.existing.has_value();
  rapidjson::Document opportunity;
  if (found_existing) {
    opportunity = std::move(*sent.existing);
  } else {
    try {
      opportunity = await_opportunity(record, sent.application_id);
    } catch (Error& e) {
      if (e.outcome_unknown()) throw;
      // The application exists; only its opportunity was not found. Unknown, not failed: a re-run with
      // the journal looks it up instead of applying again.
      Error unknown(
          ErrorKind::TempFail,
          "the application " + sent.application_id + " was sent, but its opportunity was not found: " + e.what(),
          "check Lever before sending it again; a re-run with the same --journal looks it up");
      throw unknown.mark_outcome_unknown();
    }
  }
  return after_create(opportunity, [&] {
    add_leftovers(opportunity, {plan.leftover_tags, plan.leftover_links, std::move(files.leftovers), user});
    add_applicant_extras(opportunity, record, found_existing);
    return finish(std::move(opportunity), attachment_reads(record), found_existing);
  });
}

ApplyPlan LeverRoute::checked_apply_plan(const CandidateRecord& record, const JobForm& form) const {
  ApplyPlan plan = plan_apply(record, form);
  if (!plan.problems.empty()) {
    const std::string& job_id = target_.job_id;
    throw Error(ErrorKind::InvalidInput,
                fmt::format("the record does not fit the application form of posting {}", job_id), plan.problems,
                "run `truto-candidates form --job-id " + job_id + "` to see the questions");
  }
  return plan;
}

ApplicantFiles LeverRoute::read_applicant_files(const ApplyPlan& plan) {
  ApplicantFiles files;
  for (const auto& upload : plan.uploads) files.uploads.push_back(read_attachment_file(upload));
  for (const auto& leftover : plan.leftover_attachments) files.leftovers.push_back(read_attachment_file(leftover));
  return files;
}

AttachmentFile LeverRoute::read_attachment_file(const AttachmentToSend& a) {
  return {a.attachment.id, load_attachment(a.source, a.file_name, *transport_, a.attachment.pointer)};
}

std::map<std::string, std::string> LeverRoute::upload_attachments(const std::vector<AttachmentFile>& files) {
  std::map<std::string, std::string> uris;
  for (const auto& upload : files) uris[upload.attachment_id] = upload_once(upload.file);
  return uris;
}

std::string LeverRoute::upload_once(const LoadedFile& file) {
  HttpRequest request = api_.request("POST", "/uploads", {});
  request.form.push_back(file_part("file", file));
  for (int ambiguous = 0;; ++ambiguous) {
    const LeverApi::CreateAnswer answer = api_.create(request, "upload a file");
    if (!answer.unknown) {
      const std::string uri = get_string(answer.data, "uri");
      if (uri.empty()) throw Error(ErrorKind::Protocol, "Lever's answer to POST /uploads holds no uri");
      return uri;
    }
    // An upload belongs to no candidate until an application names its uri, and Lever lists no uploads
    // to look in: a new upload (a new uri) is sent instead; the unknown one, if stored, is never attached
    // (docs/lever-contract.md §5).
    if (!wait_to_settle(ambiguous)) {
      throw Error(
          ErrorKind::TempFail,
          fmt::format("uploading {} had an unknown outcome ({}); nothing was applied", file.file_name, answer.detail),
          "run the record again: the application was not sent");
    }
  }
}

SentApplication LeverRoute::send_application(const CandidateRecord& record, const JobForm& form,
                                             const std::map<std::string, std::string>& upload_uris) {
  const Target& target = target_;
  rapidjson::Document body = build_apply_body(record, form, upload_uris);
  QueryParams query;
  if (target.send_confirmation_email) query.emplace_back("send_confirmation_email", "true");
  HttpRequest request = api_.json_request("POST", "/postings/" + url_encode(target.job_id) + "/apply", query, body);
  bool found_existing = false;
  rapidjson::Document answer = create_exactly_once(request, record.first_email(), true, found_existing);
  SentApplication sent;
  if (found_existing) {
    sent.existing = std::move(answer);
    return sent;
  }
  sent.application_id = get_string(answer, "applicationId");
  if (sent.application_id.empty()) {
    throw Error(ErrorKind::Protocol, "Lever's answer to the apply holds no applicationId");
  }
  return sent;
}

rapidjson::Document LeverRoute::await_opportunity(const CandidateRecord& record, const std::string& application_id) {
  const std::string email = record.first_email();
  std::optional<rapidjson::Document> found;
  for (int attempt = 0; attempt < 4 && !found; ++attempt) {
    if (attempt > 0) session_.clock().sleep_for(0.5 * attempt, session_.cancel());
    found = find_opportunity(email, 0, application_id);
  }
  if (!found) {
    throw Error(ErrorKind::Protocol,
                fmt::format("{} applied (application {}), but no opportunity of {} holds that application",
                            display_name(record), application_id, email),
                "the candidate exists in Lever; look it up there instead of re-running the record");
  }
  return std::move(*found);
}

std::vector<Problem> applicant_refusals(const LeverFields& lever) {
  std::vector<Problem> problems;
  const std::pair<const char*, const char*> refused[] = {{"owner", "the owner"},
                                                         {"followers", "followers"},
                                                         {"origin", "the origin"},
                                                         {"created_at", "the creation date"}};
  for (const auto& [key, what] : refused) {
    if (!lever.was_given(key)) continue;
    problems.push_back({std::string("/lever/") + key,
                        fmt::format("an application cannot set {}, and Lever has no call to set it afterwards; "
                                    "it can be given with --application-source lead",
                                    what)});
  }
  return problems;
}

void refuse_what_an_application_cannot_set(const LeverFields& lever) {
  if (std::vector<Problem> refused = applicant_refusals(lever); !refused.empty()) {
    throw Error(ErrorKind::InvalidInput, "the record asks for what an application cannot set", std::move(refused),
                "remove these fields, or create the candidate as a lead (--application-source lead)");
  }
}

}  // namespace tc
