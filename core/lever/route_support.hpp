#pragma once
// Pieces the lever route's flows share (lead_flow.cpp, applicant_flow.cpp, opportunity_updates.cpp,
// dry_run_plans.cpp, route.cpp): reading the record, building file parts, and what follows a create.
#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "core/http/http.hpp"
#include "core/input/attachment_loader.hpp"
#include "core/model/candidate_record.hpp"
#include "core/util/error.hpp"
#include "core/util/json_util.hpp"

namespace tc {

// Which attachment lists to read back for the printed candidate (docs/lever-contract.md §4).
struct AttachmentReads {
  bool resumes = false;
  bool files = false;
};

// The record's name for messages, "(no name)" when it has none.
std::string display_name(const CandidateRecord& record);

// Which of the opportunity's resumes and files the printed candidate needs: only the kinds sent.
AttachmentReads attachment_reads(const CandidateRecord& record);

// Every local file of the record checked without reading it (missing, unreadable, over 30 MB, a résumé of a
// type Lever does not read) — before any request for the record, dry runs included (ARCHITECTURE.md §4). A
// file_url that is not usable is left to the mapping, which reports it with the record's other problems.
void check_local_files(const CandidateRecord& record);

FormPart file_part(const std::string& name, LoadedFile file);
// A file part for --dry-run: the source instead of the bytes.
FormPart planned_file_part(const std::string& name, const std::string& file_name, const std::string& source);

// {key: [items]}: the body of addTags, addLinks and addSources, sent or planned.
rapidjson::Document list_body(const char* key, const std::vector<std::string>& items);

// The names of the files in a GET …/files or …/resumes answer (a resume names its file in `file.name`).
std::vector<std::string> held_file_names(const rapidjson::Value& held);

// The items of `wanted` that the opportunity's list `key` (tags, links, sources) lacks, compared
// case-insensitively, each once, in `wanted`'s order.
std::vector<std::string> lacking(const rapidjson::Value& opportunity, const char* key,
                                 const std::vector<std::string>& wanted);

// Replaces (or adds) `key` of `opportunity` with the same member of Lever's answer `updated`.
void take_member(rapidjson::Document& opportunity, const rapidjson::Value& updated, const char* key);

Error unknown_outcome(const std::string& what, const std::string& detail, const std::string& hint);

// Runs what follows a create that succeeded (leftovers, reading back). A failure there must not make
// the record look not created: the error carries the opportunity id, the runner journals the record
// as created, and a re-run never sends it again (docs/lever-contract.md §5).
template <typename Steps>
auto after_create(const rapidjson::Value& opportunity, Steps&& steps) -> decltype(steps()) {
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

}  // namespace tc
