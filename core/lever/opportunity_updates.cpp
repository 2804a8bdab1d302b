#include <fmt/format.h>

#include <algorithm>
#include <utility>

#include "core/input/attachment_loader.hpp"
#include "core/lever/duplicate_matcher.hpp"
#include "core/lever/lead_mapping.hpp"
#include "core/lever/notes.hpp"
#include "core/lever/route.hpp"
#include "core/util/error.hpp"
#include "core/util/json_util.hpp"
#include "core/util/string_list.hpp"

// What the route adds to an opportunity that exists (docs/lever-contract.md §2, §3, §5): after an
// application, on merge into a duplicate, and when an earlier run's create is completed. Additive
// calls only; notes and files never twice.

namespace tc {

CreateOutcome LeverRoute::complete(const std::string& id, const CandidateRecord& record) {
  written_ = {};
  use_record_target(record);
  check_local_files(record);
  rapidjson::Document opportunity = api_.get("/opportunities/" + url_encode(id), kOpportunityExpand);
  if (get_string(opportunity, "id").empty() && opportunity.IsObject())
    opportunity.AddMember("id", make_string(id, opportunity.GetAllocator()), opportunity.GetAllocator());
  return complete_opportunity(std::move(opportunity), record);
}

CreateOutcome LeverRoute::complete_opportunity(rapidjson::Document opportunity, const CandidateRecord& record) {
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

void LeverRoute::add_applicant_extras(rapidjson::Document& opportunity, const CandidateRecord& record, bool uncertain) {
  const std::string id = get_string(opportunity, "id");
  const std::string base = "/opportunities/" + url_encode(id);
  const std::string user = optional_user();
  QueryParams expanded;
  if (!user.empty()) expanded.emplace_back("perform_as", user);
  expanded.insert(expanded.end(), kOpportunityExpand.begin(), kOpportunityExpand.end());
  // Sources the opportunity lacks (the apply gives it Lever's own source).
  add_to_list(opportunity, "/addSources", "sources", lacking(opportunity, "sources", record.lever.sources), user);
  // PUT …/stage and …/archived set a state: repeating them is harmless, and they are skipped when it holds.
  if (const std::string& stage = record.lever.stage; !stage.empty() && opportunity_stage_id(opportunity) != stage) {
    rapidjson::Document payload(rapidjson::kObjectType);
    payload.AddMember("stage", make_string(stage, payload.GetAllocator()), payload.GetAllocator());
    const rapidjson::Document updated = api_.call(api_.json_request("PUT", base + "/stage", expanded, payload));
    take_member(opportunity, updated, "stage");
    take_member(opportunity, updated, "stageChanges");
  }
  add_notes(id, record_notes(record), uncertain);
  const std::string& reason = record.lever.archive_reason;
  const auto* archived = get_member(opportunity, "archived");
  const bool archived_so = archived != nullptr && archived->IsObject() && get_string(*archived, "reason") == reason;
  if (!reason.empty() && !archived_so) {
    rapidjson::Document payload(rapidjson::kObjectType);
    payload.AddMember("reason", make_string(reason, payload.GetAllocator()), payload.GetAllocator());
    take_member(opportunity, api_.call(api_.json_request("PUT", base + "/archived", expanded, payload)), "archived");
  }
}

CreateOutcome LeverRoute::merge_into(const std::string& id, const CandidateRecord& record) {
  written_ = {};
  use_record_target(record);
  check_local_files(record);
  rapidjson::Document opportunity = api_.get("/opportunities/" + url_encode(id), kOpportunityExpand);
  add_what_lacks(opportunity, record);
  add_notes(id, record_notes(record), true);
  return finish(std::move(opportunity), attachment_reads(record), true);
}

void LeverRoute::add_what_lacks(rapidjson::Document& opportunity, const CandidateRecord& record) {
  const std::string path = "/opportunities/" + url_encode(get_string(opportunity, "id"));
  // What the record would send as a lead: its tags, links and sources (answers belong to the form).
  CandidateRecord as_lead = record;
  as_lead.answers.clear();
  LeadPlan plan = map_lead(as_lead, target_);
  auto lacked = [&](const char* key) { return lacking(opportunity, key, string_list(plan.body, key)); };
  const std::vector<std::string> sources = lacked("sources");
  // Files the opportunity already holds (by name) are not added again: a re-run stays a no-op.
  std::vector<AttachmentToSend> new_files;
  if (plan.resume) new_files.push_back(*plan.resume);
  new_files.insert(new_files.end(), plan.files.begin(), plan.files.end());
  if (!new_files.empty()) {
    std::vector<std::string> names;
    for (const char* kind : {"/files", "/resumes"}) {
      const std::vector<std::string> held = held_file_names(api_.get(path + kind, {}));
      names.insert(names.end(), held.begin(), held.end());
    }
    new_files.erase(std::remove_if(new_files.begin(), new_files.end(),
                                   [&](const AttachmentToSend& f) {
                                     return std::find(names.begin(), names.end(), f.file_name) != names.end();
                                   }),
                    new_files.end());
  }
  ApplicantLeftovers additions{lacked("tags"), lacked("links"), {}, {}};
  for (const auto& f : new_files) {
    additions.files.push_back(read_attachment_file(f));
  }
  if (!additions.files.empty() || !session_.settings().perform_as.empty()) {
    additions.perform_as = session_.perform_as_user_id(api_);
  }
  const std::string perform_as = additions.perform_as;
  add_leftovers(opportunity, std::move(additions));
  add_to_list(opportunity, "/addSources", "sources", sources, perform_as);
  written_.sources.insert(written_.sources.end(), sources.begin(), sources.end());
}

void LeverRoute::add_leftovers(rapidjson::Document& opportunity, ApplicantLeftovers leftovers) {
  add_to_list(opportunity, "/addTags", "tags", leftovers.tags, leftovers.perform_as);
  written_.tags.insert(written_.tags.end(), leftovers.tags.begin(), leftovers.tags.end());
  add_to_list(opportunity, "/addLinks", "links", leftovers.links, leftovers.perform_as);
  written_.links.insert(written_.links.end(), leftovers.links.begin(), leftovers.links.end());
  const std::string id = get_string(opportunity, "id");
  for (auto& leftover : leftovers.files) add_file_once(id, leftovers.perform_as, std::move(leftover.file));
}

void LeverRoute::add_to_list(rapidjson::Document& opportunity, const char* endpoint, const char* key,
                             const std::vector<std::string>& items, const std::string& perform_as) {
  if (items.empty()) return;
  const rapidjson::Document payload = list_body(key, items);
  QueryParams query;
  if (!perform_as.empty()) query.emplace_back("perform_as", perform_as);
  const std::string path = "/opportunities/" + url_encode(get_string(opportunity, "id")) + endpoint;
  const rapidjson::Document updated = api_.call(api_.json_request("POST", path, query, payload));
  if (array_member(updated, key) != nullptr) take_member(opportunity, updated, key);
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

}  // namespace tc
