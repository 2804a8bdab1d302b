#include "core/lever/route.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>

#include "core/http/multipart_fields.hpp"
#include "core/http/request_description.hpp"
#include "core/input/attachment_loader.hpp"
#include "core/input/file_url.hpp"
#include "core/lever/apply_mapping.hpp"
#include "core/lever/candidate_mapping.hpp"
#include "core/lever/duplicate_matcher.hpp"
#include "core/lever/lead_mapping.hpp"
#include "core/model/duplicates.hpp"
#include "core/model/person_name.hpp"
#include "core/util/error.hpp"
#include "core/util/json_util.hpp"
#include "core/util/strings.hpp"

namespace tc {

namespace {

std::string first_email(const rapidjson::Value& record) {
  const rapidjson::Value* emails = array_member(record, "emails");
  if (emails == nullptr || emails->Empty()) return {};
  return get_string((*emails)[0], "email");
}

std::string display_name(const rapidjson::Value& record) {
  const std::string name = full_name(record);
  return name.empty() ? std::string("(no name)") : name;
}

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

bool is_resume(const rapidjson::Value& attachment) {
  for (const char* key : {"type", "attachment_type"}) {
    if (lower(string_member(attachment, key)) == "resume") return true;
  }
  return false;
}

// Which of the opportunity's resumes and files the printed candidate needs: only the kinds sent.
AttachmentReads attachment_reads(const rapidjson::Value& record) {
  AttachmentReads reads;
  if (const auto* attachments = array_member(record, "attachments")) {
    for (const auto& a : attachments->GetArray()) {
      if (is_resume(a))
        reads.resumes = true;
      else
        reads.files = true;
    }
  }
  return reads;
}

// Every local file of the record checked without reading it (missing, unreadable, over 30 MB, a résumé of a
// type Lever does not read) — before any request for the record, dry runs included (ARCHITECTURE.md §4). A
// file_url that is not usable is left to the mapping, which reports it with the record's other problems.
void check_local_files(const rapidjson::Value& record) {
  const rapidjson::Value* attachments = array_member(record, "attachments");
  if (attachments == nullptr) return;
  for (rapidjson::SizeType i = 0; i < attachments->Size(); ++i) {
    const rapidjson::Value& attachment = (*attachments)[i];
    const std::string pointer = fmt::format("/attachments/{}", i);
    const FileUrlReading reading = read_file_url(get_string(attachment, "file_url"), pointer);
    if (reading.problem || !reading.source.is_local_file) continue;
    check_local_attachment(reading.source.location, std::string(trim(get_string(attachment, "file_name"))),
                           is_resume(attachment), pointer);
  }
}

FormPart file_part(const std::string& name, LoadedFile file) {
  FormPart part;
  part.name = name;
  part.is_file = true;
  part.file_name = std::move(file.file_name);
  part.content_type = std::move(file.content_type);
  part.value = std::move(file.bytes);
  return part;
}

// A file part for --dry-run: the source instead of the bytes.
FormPart planned_file_part(const std::string& name, const std::string& file_name, const std::string& source) {
  FormPart part;
  part.name = name;
  part.is_file = true;
  part.file_name = file_name;
  part.content_type = content_type_for_file_name(file_name);
  part.value = source;
  return part;
}

// The names of the files in a GET …/files or …/resumes answer (a resume names its file in `file.name`).
std::vector<std::string> held_file_names(const rapidjson::Value& held) {
  std::vector<std::string> names;
  if (!held.IsArray()) return names;
  for (const auto& f : held.GetArray()) {
    std::string name = get_string(f, "name");
    if (const auto* file = get_member(f, "file"); file != nullptr && file->IsObject()) name = get_string(*file, "name");
    if (!name.empty()) names.push_back(std::move(name));
  }
  return names;
}

// The record's `lever` object (ids already resolved, docs/lever-contract.md §2), or nullptr.
const rapidjson::Value* lever_object(const rapidjson::Value& record) {
  const auto* lever = get_member(record, "lever");
  return lever != nullptr && lever->IsObject() ? lever : nullptr;
}

std::string lever_string(const rapidjson::Value& record, const char* key) {
  const auto* lever = lever_object(record);
  return lever == nullptr ? std::string() : get_string(*lever, key);
}

std::vector<std::string> lever_strings(const rapidjson::Value& record, const char* key) {
  std::vector<std::string> out;
  const auto* lever = lever_object(record);
  if (lever == nullptr) return out;
  if (const auto* list = array_member(*lever, key))
    for (const auto& v : list->GetArray())
      if (v.IsString() && v.GetStringLength() > 0) out.emplace_back(v.GetString());
  return out;
}

// Replaces (or adds) `key` of `opportunity` with the same member of Lever's answer `updated`.
void take_member(rapidjson::Document& opportunity, const rapidjson::Value& updated, const char* key) {
  const auto* value = get_member(updated, key);
  if (value == nullptr || !opportunity.IsObject()) return;
  rapidjson::Value copy(*value, opportunity.GetAllocator());
  if (opportunity.HasMember(key))
    opportunity[key] = copy;
  else
    opportunity.AddMember(rapidjson::StringRef(key), copy, opportunity.GetAllocator());
}

Error unknown_outcome(const std::string& what, const std::string& detail, const std::string& hint) {
  Error e(ErrorKind::TempFail, fmt::format("outcome unknown: {} ({})", what, detail), hint);
  e.mark_outcome_unknown();
  return e;
}

// Runs what follows a create that succeeded (leftovers, reading back). A failure there must not make
// the record look not created: the error carries the opportunity id, the runner journals the record
// as created, and a re-run never sends it again (docs/lever-contract.md §5).
template <typename Steps>
CreateOutcome after_create(const rapidjson::Value& opportunity, Steps&& steps) {
  const std::string id = get_string(opportunity, "id");
  if (id.empty()) {
    Error unknown(ErrorKind::Protocol, "Lever accepted the create but its answer holds no opportunity id",
                  "check in Lever whether the candidate exists; a re-run with the same --journal looks it up");
    throw unknown.mark_outcome_unknown();
  }
  try {
    return steps();
  } catch (Error& e) {
    if (e.outcome_unknown() || !e.created_id().empty()) throw;
    Error created(e.kind(), "the candidate was created (opportunity " + id + "), but then: " + e.what(), e.problems(),
                  "it exists in Lever: a re-run with the same --journal finishes it without creating it again");
    created.with_http_status(e.http_status());
    throw created.mark_created(id);
  }
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

void LeverRoute::use_record_target(const rapidjson::Value& record) {
  target_ = require_record_target(session_.settings().target, record);
}

LeverRoute::~LeverRoute() { leave_lane(); }

void LeverRoute::leave_lane() {
  if (lane_ == nullptr) return;
  PostingIndex* lane = lane_;
  lane_ = nullptr;
  lane->leave_lane();
}

CreateOutcome LeverRoute::create(const rapidjson::Value& record) {
  struct LeaveLane {
    LeverRoute& route;
    ~LeaveLane() { route.leave_lane(); }
  } leave{*this};
  written_ = {};
  use_record_target(record);
  check_local_files(record);
  return target_.source == ApplicationSource::Lead ? create_lead(record) : create_applicant(record);
}

rapidjson::Document LeverRoute::plan(const rapidjson::Value& record) {
  use_record_target(record);
  check_local_files(record);
  return target_.source == ApplicationSource::Lead ? plan_lead(record) : plan_applicant(record);
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

std::optional<CreateOutcome> LeverRoute::resolve_in_flight(const rapidjson::Value& record, long long since_ms,
                                                           bool& can_resend) {
  written_ = {};
  use_record_target(record);
  const std::string email = first_email(record);
  can_resend = !email.empty();
  if (email.empty()) return std::nullopt;
  std::optional<rapidjson::Document> found = find_opportunity(email, since_ms - session_.settings().lookup_skew_ms, "");
  if (!found) return std::nullopt;
  // The stopped run may have died before or during the steps after the create (notes among them).
  return complete_opportunity(std::move(*found), record);
}

CreateOutcome LeverRoute::complete(const std::string& id, const rapidjson::Value& record) {
  written_ = {};
  use_record_target(record);
  check_local_files(record);
  rapidjson::Document opportunity = api_.get("/opportunities/" + url_encode(id), kOpportunityExpand);
  if (get_string(opportunity, "id").empty() && opportunity.IsObject())
    opportunity.AddMember("id", make_string(id, opportunity.GetAllocator()), opportunity.GetAllocator());
  return complete_opportunity(std::move(opportunity), record);
}

CreateOutcome LeverRoute::complete_opportunity(rapidjson::Document opportunity, const rapidjson::Value& record) {
  return after_create(opportunity, [&] {
    add_what_lacks(opportunity, record);
    if (target_.source == ApplicationSource::Applicant) {
      add_applicant_extras(opportunity, record, true);
    } else {
      add_notes(get_string(opportunity, "id"), record_notes(record), true);
    }
    return finish(std::move(opportunity), attachment_reads(record), true);
  });
}

bool LeverRoute::wait_to_settle(int ambiguous) {
  return ambiguous < session_.settings().retry.retries && executor_.backoff(ambiguous, std::nullopt);
}

std::string LeverRoute::optional_user() {
  return session_.settings().perform_as.empty() ? std::string() : session_.perform_as_user_id(api_);
}

void LeverRoute::add_notes(const std::string& id, const std::vector<LeverNote>& notes, bool uncertain) {
  if (notes.empty()) return;
  const std::string path = "/opportunities/" + url_encode(id) + "/notes";
  auto held_now = [&] { return api_.get(path, {}); };
  std::vector<LeverNote> pending = uncertain ? missing_notes(notes, held_now()) : notes;
  QueryParams query;
  if (const std::string user = optional_user(); !user.empty()) query.emplace_back("perform_as", user);
  int ambiguous = 0;
  for (size_t i = 0; i < pending.size();) {
    LeverApi::CreateAnswer answer =
        api_.create(api_.json_request("POST", path, query, note_body(pending[i])), "add a note");
    if (!answer.unknown) {
      // Lever's answer names the note (noteId; some readings of the docs: id): journaled for `undo`.
      std::string note_id = get_string(answer.data, "noteId");
      if (note_id.empty()) note_id = get_string(answer.data, "id");
      if (!note_id.empty()) written_.notes.push_back(std::move(note_id));
      ++i;
      continue;
    }
    // The note may or may not have been added: what the opportunity holds decides, never a blind re-send.
    if (!wait_to_settle(ambiguous)) {
      throw Error(ErrorKind::TempFail,
                  fmt::format("adding a note to opportunity {} had an unknown outcome ({})", id, answer.detail),
                  "a re-run with the same --journal reads its notes and adds only the missing ones");
    }
    ++ambiguous;
    pending = missing_notes(notes, held_now());
    i = 0;
  }
}

void LeverRoute::add_applicant_extras(rapidjson::Document& opportunity, const rapidjson::Value& record,
                                      bool uncertain) {
  const std::string id = get_string(opportunity, "id");
  const std::string base = "/opportunities/" + url_encode(id);
  QueryParams query;
  if (const std::string user = optional_user(); !user.empty()) query.emplace_back("perform_as", user);
  QueryParams expanded = query;
  expanded.insert(expanded.end(), kOpportunityExpand.begin(), kOpportunityExpand.end());
  // Sources the opportunity lacks (the apply gives it Lever's own source).
  std::vector<std::string> have, sources;
  if (const auto* list = array_member(opportunity, "sources"))
    for (const auto& v : list->GetArray())
      if (v.IsString()) have.push_back(lower(v.GetString()));
  for (const auto& source : lever_strings(record, "sources")) {
    if (std::find(have.begin(), have.end(), lower(source)) != have.end()) continue;
    have.push_back(lower(source));
    sources.push_back(source);
  }
  if (!sources.empty()) {
    rapidjson::Document payload(rapidjson::kObjectType);
    rapidjson::Value list(rapidjson::kArrayType);
    for (const auto& item : sources) list.PushBack(make_string(item, payload.GetAllocator()), payload.GetAllocator());
    payload.AddMember("sources", list, payload.GetAllocator());
    take_member(opportunity, api_.call(api_.json_request("POST", base + "/addSources", query, payload)), "sources");
  }
  // PUT …/stage and …/archived set a state: repeating them is harmless, and they are skipped when it holds.
  if (const std::string stage = lever_string(record, "stage");
      !stage.empty() && opportunity_stage_id(opportunity) != stage) {
    rapidjson::Document payload(rapidjson::kObjectType);
    payload.AddMember("stage", make_string(stage, payload.GetAllocator()), payload.GetAllocator());
    const rapidjson::Document updated = api_.call(api_.json_request("PUT", base + "/stage", expanded, payload));
    take_member(opportunity, updated, "stage");
    take_member(opportunity, updated, "stageChanges");
  }
  add_notes(id, record_notes(record), uncertain);
  const std::string reason = lever_string(record, "archive_reason");
  const auto* archived = get_member(opportunity, "archived");
  const bool archived_so = archived != nullptr && archived->IsObject() && get_string(*archived, "reason") == reason;
  if (!reason.empty() && !archived_so) {
    rapidjson::Document payload(rapidjson::kObjectType);
    payload.AddMember("reason", make_string(reason, payload.GetAllocator()), payload.GetAllocator());
    take_member(opportunity, api_.call(api_.json_request("PUT", base + "/archived", expanded, payload)), "archived");
  }
}

// ---- duplicates: find and merge (docs/lever-contract.md §2) ----------------------------------

std::optional<CreateOutcome> LeverRoute::find_duplicate(const rapidjson::Value& record) {
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

CreateOutcome LeverRoute::merge_into(const std::string& id, const rapidjson::Value& record) {
  written_ = {};
  use_record_target(record);
  check_local_files(record);
  rapidjson::Document opportunity = api_.get("/opportunities/" + url_encode(id), kOpportunityExpand);
  add_what_lacks(opportunity, record);
  add_notes(id, record_notes(record), true);
  return finish(std::move(opportunity), attachment_reads(record), true);
}

void LeverRoute::add_what_lacks(rapidjson::Document& opportunity, const rapidjson::Value& record) {
  const std::string path = "/opportunities/" + url_encode(get_string(opportunity, "id"));
  // What the record would send as a lead: its tags, links and sources (answers belong to the form).
  rapidjson::Document as_lead;
  as_lead.CopyFrom(record, as_lead.GetAllocator());
  if (as_lead.IsObject()) as_lead.RemoveMember("job_form_field_answers");
  LeadPlan plan = map_lead(as_lead, target_);
  auto lacking = [&](const char* key) {
    std::vector<std::string> have, out;
    if (const auto* list = array_member(opportunity, key))
      for (const auto& v : list->GetArray())
        if (v.IsString()) have.push_back(lower(v.GetString()));
    if (const auto* list = array_member(plan.body, key))
      for (const auto& v : list->GetArray())
        if (v.IsString() && std::find(have.begin(), have.end(), lower(v.GetString())) == have.end()) {
          have.push_back(lower(v.GetString()));
          out.push_back(v.GetString());
        }
    return out;
  };
  const std::vector<std::string> tags = lacking("tags"), links = lacking("links"), sources = lacking("sources");
  // Files the opportunity already holds (by name) are not added again: a re-run stays a no-op.
  std::vector<AttachmentRef> new_files;
  if (plan.resume) new_files.push_back(*plan.resume);
  new_files.insert(new_files.end(), plan.files.begin(), plan.files.end());
  if (!new_files.empty()) {
    std::vector<std::string> names;
    for (const char* kind : {"/files", "/resumes"}) {
      const std::vector<std::string> held = held_file_names(api_.get(path + kind, {}));
      names.insert(names.end(), held.begin(), held.end());
    }
    new_files.erase(std::remove_if(new_files.begin(), new_files.end(),
                                   [&](const AttachmentRef& f) {
                                     return std::find(names.begin(), names.end(), f.file_name) != names.end();
                                   }),
                    new_files.end());
  }
  ApplicantLeftovers additions{tags, links, {}, {}};
  for (const auto& f : new_files) {
    additions.files.push_back({f.id, load_attachment(f.source, f.file_name, *transport_, f.pointer)});
  }
  if (!additions.files.empty() || !session_.settings().perform_as.empty()) {
    additions.perform_as = session_.perform_as_user_id(api_);
  }
  add_leftovers(opportunity, std::move(additions));
  if (!sources.empty()) {
    rapidjson::Document payload(rapidjson::kObjectType);
    rapidjson::Value list(rapidjson::kArrayType);
    for (const auto& s : sources) list.PushBack(make_string(s, payload.GetAllocator()), payload.GetAllocator());
    payload.AddMember("sources", list, payload.GetAllocator());
    QueryParams q;
    if (!session_.settings().perform_as.empty()) q.emplace_back("perform_as", session_.perform_as_user_id(api_));
    rapidjson::Document updated = api_.call(api_.json_request("POST", path + "/addSources", q, payload));
    written_.sources.insert(written_.sources.end(), sources.begin(), sources.end());
    if (const auto* value = array_member(updated, "sources")) {
      rapidjson::Value copy(*value, opportunity.GetAllocator());
      if (opportunity.HasMember("sources"))
        opportunity["sources"] = copy;
      else
        opportunity.AddMember("sources", copy, opportunity.GetAllocator());
    }
  }
}

// ---- lead: POST /opportunities -------------------------------------------------------------

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

CreateOutcome LeverRoute::create_lead(const rapidjson::Value& record) {
  LeadPlan plan = map_lead(record, target_);
  // Every attachment is read before anything is sent: a missing file must not leave half a candidate.
  std::vector<FormPart> file_parts;
  if (plan.resume) {
    file_parts.push_back(file_part(
        "resumeFile", load_attachment(plan.resume->source, plan.resume->file_name, *transport_, plan.resume->pointer)));
  }
  for (const auto& f : plan.files) {
    file_parts.push_back(file_part("files[]", load_attachment(f.source, f.file_name, *transport_, f.pointer)));
  }
  HttpRequest request = lead_request(plan, session_.perform_as_user_id(api_), std::move(file_parts));
  bool found_existing = false;
  rapidjson::Document opportunity = create_exactly_once(request, first_email(record), false, found_existing);
  const AttachmentReads reads{plan.resume.has_value(), !plan.files.empty()};
  return after_create(opportunity, [&] {
    // A fresh create holds no note: each is sent without reading. After an ambiguous create, look first.
    add_notes(get_string(opportunity, "id"), record_notes(record), found_existing);
    return finish(std::move(opportunity), reads, found_existing);
  });
}

rapidjson::Document LeverRoute::plan_lead(const rapidjson::Value& record) {
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

// ---- applicant: POST /postings/{id}/apply -----------------------------------------------------

CreateOutcome LeverRoute::create_applicant(const rapidjson::Value& record) {
  if (std::vector<Problem> refused = applicant_refusals(record); !refused.empty()) {
    throw Error(ErrorKind::InvalidInput, "the record asks for what an application cannot set", std::move(refused),
                "remove these fields, or create the candidate as a lead (--application-source lead)");
  }
  std::shared_ptr<const JobForm> form = this->form();
  const ApplyPlan plan = checked_apply_plan(record, *form);
  // Leftover files need perform_as: check before anything is sent.
  const std::string user = plan.leftover_attachment_ids.empty() ? std::string() : session_.perform_as_user_id(api_);
  ApplicantFiles files = read_applicant_files(record, plan);

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

ApplyPlan LeverRoute::checked_apply_plan(const rapidjson::Value& record, const JobForm& form) const {
  ApplyPlan plan = plan_apply(record, form);
  if (!plan.problems.empty()) {
    const std::string& job_id = target_.job_id;
    throw Error(ErrorKind::InvalidInput,
                fmt::format("the record does not fit the application form of posting {}", job_id), plan.problems,
                "run `truto-candidates form --job-id " + job_id + "` to see the questions");
  }
  return plan;
}

ApplicantFiles LeverRoute::read_applicant_files(const rapidjson::Value& record, const ApplyPlan& plan) {
  ApplicantFiles files;
  for (const auto& upload : plan.uploads) {
    files.uploads.push_back(
        {upload.attachment_id, load_attachment(upload.source, upload.file_name, *transport_, upload.pointer)});
  }
  if (const auto* attachments = array_member(record, "attachments")) {
    for (rapidjson::SizeType i = 0; i < attachments->Size(); ++i) {
      const auto& a = (*attachments)[i];
      const std::string id = get_string(a, "id");
      const auto& leftover_ids = plan.leftover_attachment_ids;
      if (std::find(leftover_ids.begin(), leftover_ids.end(), id) == leftover_ids.end()) continue;
      const std::string pointer = fmt::format("/attachments/{}", i);
      const FileUrlReading reading = read_file_url(get_string(a, "file_url"), pointer);
      if (reading.problem) {
        throw Error(ErrorKind::InvalidInput, reading.problem->pointer + ": " + reading.problem->message);
      }
      files.leftovers.push_back(
          {id, load_attachment(reading.source.location, get_string(a, "file_name"), *transport_, pointer)});
    }
  }
  return files;
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

SentApplication LeverRoute::send_application(const rapidjson::Value& record, const JobForm& form,
                                             const std::map<std::string, std::string>& upload_uris) {
  const Target& target = target_;
  rapidjson::Document body = build_apply_body(record, form, upload_uris);
  QueryParams query;
  if (target.send_confirmation_email) query.emplace_back("send_confirmation_email", "true");
  HttpRequest request = api_.json_request("POST", "/postings/" + url_encode(target.job_id) + "/apply", query, body);
  bool found_existing = false;
  rapidjson::Document answer = create_exactly_once(request, first_email(record), true, found_existing);
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

rapidjson::Document LeverRoute::await_opportunity(const rapidjson::Value& record, const std::string& application_id) {
  const std::string email = first_email(record);
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

void LeverRoute::add_leftovers(rapidjson::Document& opportunity, ApplicantLeftovers leftovers) {
  const std::string id = get_string(opportunity, "id");
  auto& alloc = opportunity.GetAllocator();
  auto add_list = [&](const char* endpoint, const char* key, const std::vector<std::string>& items) {
    if (items.empty()) return;
    rapidjson::Document payload(rapidjson::kObjectType);
    rapidjson::Value list(rapidjson::kArrayType);
    for (const auto& item : items) list.PushBack(make_string(item, payload.GetAllocator()), payload.GetAllocator());
    payload.AddMember(rapidjson::StringRef(key), list, payload.GetAllocator());
    QueryParams q;
    if (!leftovers.perform_as.empty()) q.emplace_back("perform_as", leftovers.perform_as);
    rapidjson::Document updated =
        api_.call(api_.json_request("POST", "/opportunities/" + url_encode(id) + endpoint, q, payload));
    std::vector<std::string>& added = std::string(key) == "tags" ? written_.tags : written_.links;
    added.insert(added.end(), items.begin(), items.end());
    if (const auto* value = array_member(updated, key)) {
      rapidjson::Value copy(*value, alloc);
      if (opportunity.HasMember(key))
        opportunity[key] = copy;
      else
        opportunity.AddMember(rapidjson::StringRef(key), copy, alloc);
    }
  };
  add_list("/addTags", "tags", leftovers.tags);
  add_list("/addLinks", "links", leftovers.links);
  for (auto& leftover : leftovers.files) add_file_once(id, leftovers.perform_as, std::move(leftover.file));
}

void LeverRoute::add_file_once(const std::string& id, const std::string& perform_as, LoadedFile file) {
  const std::string path = "/opportunities/" + url_encode(id) + "/files";
  const std::string name = file.file_name;
  HttpRequest request = api_.request("POST", path, {{"perform_as", perform_as}});
  request.form.push_back(file_part("file", std::move(file)));
  for (int ambiguous = 0;; ++ambiguous) {
    const LeverApi::CreateAnswer answer = api_.create(request, "add a file");
    if (!answer.unknown) {
      if (std::string file_id = get_string(answer.data, "id"); !file_id.empty())
        written_.files.push_back(std::move(file_id));  // journaled for `undo`, which lists them
      return;
    }
    // The file may or may not have been stored: the opportunity's files decide, never a blind re-send.
    if (!wait_to_settle(ambiguous)) {
      throw Error(
          ErrorKind::TempFail,
          fmt::format("adding the file {} to opportunity {} had an unknown outcome ({})", name, id, answer.detail),
          "a re-run with the same --journal reads its files and adds only the missing ones");
    }
    const std::vector<std::string> held = held_file_names(api_.get(path, {}));
    if (std::find(held.begin(), held.end(), name) != held.end()) return;
  }
}

rapidjson::Document LeverRoute::plan_applicant(const rapidjson::Value& record) {
  const Target& target = target_;
  if (std::vector<Problem> refused = applicant_refusals(record); !refused.empty()) {
    throw Error(ErrorKind::InvalidInput, "the record asks for what an application cannot set", std::move(refused),
                "remove these fields, or create the candidate as a lead (--application-source lead)");
  }
  DryRunPlan out;
  out.add(api_.request("GET", "/postings/" + url_encode(target.job_id) + "/apply", {}));
  if (const auto* attachments = array_member(record, "attachments")) {
    for (const auto& a : attachments->GetArray()) {
      const FileUrlReading reading = read_file_url(get_string(a, "file_url"), "");
      const std::string source = reading.problem ? get_string(a, "file_url") : reading.source.location;
      HttpRequest upload = api_.request("POST", "/uploads", {});
      upload.form.push_back(planned_file_part(
          "file", get_string(a, "file_name").empty() ? get_string(a, "id") : get_string(a, "file_name"), source));
      out.add(upload);
    }
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
  if (const std::vector<std::string> sources = lever_strings(record, "sources"); !sources.empty()) {
    rapidjson::Value list(rapidjson::kArrayType);
    for (const auto& source : sources)
      list.PushBack(make_string(source, scratch.GetAllocator()), scratch.GetAllocator());
    planned("POST", "/opportunities/{id}/addSources", "sources", std::move(list));
  }
  if (const std::string stage = lever_string(record, "stage"); !stage.empty())
    planned("PUT", "/opportunities/{id}/stage", "stage", make_string(stage, scratch.GetAllocator()));
  for (const auto& note : record_notes(record))
    out.add(api_.json_request("POST", "/opportunities/{id}/notes", as_user, note_body(note)));
  if (const std::string reason = lever_string(record, "archive_reason"); !reason.empty())
    planned("PUT", "/opportunities/{id}/archived", "reason", make_string(reason, scratch.GetAllocator()));
  out.note(
      "the apply body follows the posting's form, which a dry run does not fetch; "
      "`truto-candidates validate --application-source applicant --with-form` checks the answers against it");
  return out.take();
}

std::vector<Problem> applicant_refusals(const rapidjson::Value& record) {
  std::vector<Problem> problems;
  const auto* lever = lever_object(record);
  if (lever == nullptr) return problems;
  const std::pair<const char*, const char*> refused[] = {{"owner", "the owner"},
                                                         {"followers", "followers"},
                                                         {"origin", "the origin"},
                                                         {"created_at", "the creation date"}};
  for (const auto& [key, what] : refused) {
    const auto* value = get_member(*lever, key);
    if (value == nullptr || value->IsNull() || (value->IsArray() && value->Empty()) ||
        (value->IsString() && value->GetStringLength() == 0))
      continue;
    problems.push_back({std::string("/lever/") + key,
                        fmt::format("an application cannot set {}, and Lever has no call to set it afterwards; "
                                    "it can be given with --application-source lead",
                                    what)});
  }
  return problems;
}

}  // namespace tc
