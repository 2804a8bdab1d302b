#include "core/lever/route.hpp"

#include <fmt/format.h>

#include <utility>

#include "core/lever/candidate_mapping.hpp"
#include "core/lever/duplicate_matcher.hpp"
#include "core/model/duplicates.hpp"
#include "core/util/error.hpp"
#include "core/util/json_util.hpp"
#include "core/util/strings.hpp"

// The route's entry points and what every flow shares: the record's target, the create sent exactly
// once, the lookups, and the read-back of the printed candidate. The flows: lead_flow.cpp,
// applicant_flow.cpp, opportunity_updates.cpp (merge, complete, additions), dry_run_plans.cpp.

namespace tc {

namespace {

// Lever answered with plain ids: the printed candidate needs applications and stage as objects.
bool needs_expanded_read(const rapidjson::Value& opportunity) {
  if (const auto* stage = get_member(opportunity, "stage"); stage != nullptr && stage->IsString()) return true;
  if (const auto* apps = array_member(opportunity, "applications")) {
    for (const auto& a : apps->GetArray()) {
      if (!a.IsObject()) return true;
    }
  }
  return false;
}

// Lever's opportunity holds an archive reason's id only (it cannot expand reasons in the same GET): when
// the run has read the reasons already, the printed reject_reason is the reason's name, at no request
// (remote_data keeps the raw id; docs/lever-contract.md §4).
void show_reason_names(rapidjson::Document& candidate, const LeverNameResolver& names) {
  auto applications = candidate.FindMember("applications");
  if (applications == candidate.MemberEnd() || !applications->value.IsArray()) return;
  for (auto& application : applications->value.GetArray()) {
    auto reason = application.FindMember("reject_reason");
    if (reason == application.MemberEnd() || !reason->value.IsString()) continue;
    const std::string name = names.name_if_read(LeverListKind::ArchiveReasons, reason->value.GetString());
    if (!name.empty())
      reason->value.SetString(name.c_str(), static_cast<rapidjson::SizeType>(name.size()), candidate.GetAllocator());
  }
}

}  // namespace

LeverRoute::LeverRoute(LeverSession& session)
    : session_(session),
      transport_(session.new_transport()),
      executor_(session.executor(*transport_, session.settings().retry)),
      api_(session.settings().endpoint, executor_),
      target_(session.settings().target) {}

void LeverRoute::use_record_target(const CandidateRecord& record) {
  target_ = require_record_target(session_.settings().target, record.job_id);
}

LeverRoute::~LeverRoute() { leave_lane(); }

void LeverRoute::leave_lane() {
  if (lane_ == nullptr) return;
  PostingIndex* lane = lane_;
  lane_ = nullptr;
  lane->leave_lane();
}

CreateOutcome LeverRoute::create(const CandidateRecord& record) {
  struct LeaveLane {
    LeverRoute& route;
    ~LeaveLane() { route.leave_lane(); }
  } leave{*this};
  written_ = {};
  use_record_target(record);
  check_local_files(record);
  if (target_.source == ApplicationSource::Lead) return create_lead(record);
  refuse_what_an_application_cannot_set(record.lever);
  return create_applicant(record);
}

std::shared_ptr<const JobForm> LeverRoute::form() { return session_.posting_form(api_, target_.job_id); }

std::optional<rapidjson::Document> LeverRoute::find_opportunity(const std::string& email, long long since_ms,
                                                                const std::string& application_id) {
  const QueryParams query = opportunity_list_query(
      {{"email", email}, {"posting_id", target_.job_id}, {"created_at_start", std::to_string(since_ms)}});
  rapidjson::Document list = api_.get("/opportunities", query);
  if (!list.IsArray()) return std::nullopt;
  const rapidjson::Value* best = nullptr;
  long long best_created = -1;
  for (const auto& opportunity : list.GetArray()) {
    if (known_candidates_.count(get_string(opportunity, "id")) != 0) continue;
    if (!application_id.empty()) {
      bool holds = false;
      if (const auto* apps = array_member(opportunity, "applications")) {
        for (const auto& a : apps->GetArray()) {
          holds = holds || (a.IsString() && application_id == a.GetString()) ||
                  (a.IsObject() && get_string(a, "id") == application_id);
        }
      }
      if (!holds) continue;
    }
    const long long at = opportunity_created_at(opportunity);
    if (best == nullptr || at > best_created) {
      best = &opportunity;
      best_created = at;
    }
  }
  if (best == nullptr) return std::nullopt;
  rapidjson::Document out;
  out.CopyFrom(*best, out.GetAllocator());
  return out;
}

rapidjson::Document LeverRoute::create_exactly_once(const HttpRequest& request, const std::string& email, bool is_apply,
                                                    bool& found_existing) {
  const LeverSettings& settings = session_.settings();
  found_existing = false;
  for (int attempt = 0;; ++attempt) {
    const long long started_ms = session_.clock().epoch_ms();
    LeverApi::CreateAnswer answer = api_.create(request);
    if (!answer.unknown) return std::move(answer.data);

    const std::string what = is_apply ? "the application was sent" : "the candidate was sent";
    if (email.empty()) {
      throw unknown_outcome(what, answer.detail,
                            fmt::format("the record has no e-mail, so the tool cannot check; look in Lever for this "
                                        "candidate on posting {} before running it again",
                                        target_.job_id));
    }
    // Give a create still in flight time to land before looking (and before any re-send).
    if (!executor_.backoff(attempt, std::nullopt)) {
      throw unknown_outcome(what, answer.detail, "the retry time budget is spent; look up " + email + " in Lever");
    }
    std::optional<rapidjson::Document> found;
    try {
      found = find_opportunity(email, started_ms - settings.lookup_skew_ms, "");
    } catch (const Error& e) {
      throw unknown_outcome(what, answer.detail + "; the lookup failed too: " + e.what(),
                            "look up " + email + " in Lever before running this record again");
    }
    if (found) {
      found_existing = true;
      return std::move(*found);
    }
    if (attempt >= settings.retry.retries) {
      throw Error(ErrorKind::Unavailable,
                  fmt::format("Lever did not create the candidate after {} attempts (last: {}); a lookup by {} "
                              "confirmed nothing was created",
                              attempt + 1, answer.detail, email),
                  "try again later");
    }
    // Nothing was created: safe to send again.
  }
}

CreateOutcome LeverRoute::finish(rapidjson::Document opportunity, AttachmentReads reads, bool found_existing) {
  const std::string id = get_string(opportunity, "id");
  if (id.empty()) {
    throw Error(ErrorKind::Protocol, "Lever's answer holds no opportunity id", "run with -v to see the answer");
  }
  if (needs_expanded_read(opportunity)) {
    opportunity = api_.get("/opportunities/" + url_encode(id), kOpportunityExpand);
  }
  rapidjson::Document resumes, files;
  if (reads.resumes) resumes = api_.get("/opportunities/" + url_encode(id) + "/resumes", {});
  if (reads.files) files = api_.get("/opportunities/" + url_encode(id) + "/files", {});
  CreateOutcome outcome;
  outcome.candidate =
      candidate_from_opportunity(opportunity, reads.resumes ? &resumes : nullptr, reads.files ? &files : nullptr);
  show_reason_names(outcome.candidate, session_.names());
  outcome.id = id;
  outcome.found_existing = found_existing;
  written_.stage = opportunity_stage_id(opportunity);
  const auto* archived = get_member(opportunity, "archived");
  written_.archived = archived != nullptr && archived->IsObject();
  outcome.written = std::move(written_);
  written_ = {};
  return outcome;
}

std::optional<CreateOutcome> LeverRoute::resolve_in_flight(const CandidateRecord& record, long long since_ms,
                                                           bool& can_resend) {
  written_ = {};
  use_record_target(record);
  const std::string email = record.first_email();
  can_resend = !email.empty();
  if (email.empty()) return std::nullopt;
  std::optional<rapidjson::Document> found = find_opportunity(email, since_ms - session_.settings().lookup_skew_ms, "");
  if (!found) return std::nullopt;
  // The stopped run may have died before or during the steps after the create (notes among them).
  return complete_opportunity(std::move(*found), record);
}

bool LeverRoute::wait_to_settle(int ambiguous) {
  return ambiguous < session_.settings().retry.retries && executor_.backoff(ambiguous, std::nullopt);
}

std::string LeverRoute::optional_user() {
  return session_.settings().perform_as.empty() ? std::string() : session_.perform_as_user_id(api_);
}

// ---- duplicates: find and merge (docs/lever-contract.md §2) ----------------------------------

std::optional<CreateOutcome> LeverRoute::find_duplicate(const CandidateRecord& record) {
  const std::vector<std::string> emails = record_emails(record);
  leave_lane();  // the previous record of this worker is done
  use_record_target(record);
  if (emails.empty()) return std::nullopt;
  const std::string job_id = target_.job_id;
  PostingIndex& index = session_.posting_index(job_id);
  std::optional<rapidjson::Document> found;
  const PostingIndex::Use use =
      index.use(job_id, [&](const std::string& offset) { return read_posting_page(api_, job_id, offset); });
  if (use == PostingIndex::Use::LookupInLane) lane_ = &index;
  if (use == PostingIndex::Use::Index) {
    found = index.find(emails);
  } else {
    QueryParams filters;
    for (const auto& email : emails) filters.emplace_back("email", email);
    filters.emplace_back("posting_id", job_id);
    const rapidjson::Document list = api_.get("/opportunities", opportunity_list_query(std::move(filters)));
    if (const rapidjson::Value* match = find_duplicate_in(list, emails, job_id)) {
      found.emplace();
      found->CopyFrom(*match, found->GetAllocator());
    }
  }
  if (!found) return std::nullopt;
  return finish(std::move(*found), AttachmentReads{}, true);
}

}  // namespace tc
