#include "core/lever/undo.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <variant>

#include "core/http/http.hpp"
#include "core/lever/duplicate_matcher.hpp"
#include "core/lever/not_found.hpp"
#include "core/util/json_util.hpp"
#include "core/util/strings.hpp"

namespace tc {

namespace {

const rapidjson::Value* archived_now(const rapidjson::Value& opportunity) {
  const auto* archived = get_member(opportunity, "archived");
  return archived != nullptr && archived->IsObject() ? archived : nullptr;
}

bool holds(const rapidjson::Value& opportunity, const char* key, const std::string& value) {
  if (const auto* list = array_member(opportunity, key))
    for (const auto& v : list->GetArray())
      if (v.IsString() && lower(v.GetString()) == lower(value)) return true;
  return false;
}

// The ids of the notes Lever holds (deleted ones left out).
std::vector<std::string> held_note_ids(const rapidjson::Value* notes) {
  std::vector<std::string> ids;
  if (notes == nullptr || !notes->IsArray()) return ids;
  for (const auto& note : notes->GetArray()) {
    const auto* deleted = get_member(note, "deletedAt");
    if (deleted != nullptr && !deleted->IsNull()) continue;
    ids.push_back(get_string(note, "id"));
  }
  return ids;
}

UndoDecision leave(bool changed, std::string why) {
  UndoDecision d;
  d.action = UndoDecision::Action::Leave;
  d.changed = changed;
  d.why = std::move(why);
  return d;
}

UndoDecision decide_created(const UndoTarget& target, const rapidjson::Value& opportunity, bool resumed,
                            const std::string& reason_id) {
  if (const auto* archived = archived_now(opportunity)) {
    if (resumed && get_string(*archived, "reason") == reason_id) {
      UndoDecision done;
      done.action = UndoDecision::Action::Done;
      done.why = "archived by the undo that stopped";
      return done;
    }
    return leave(true, fmt::format("archived since the run (reason {})", get_string(*archived, "reason")));
  }
  const std::string stage = opportunity_stage_id(opportunity);
  if (!target.wrote.stage.empty() && stage != target.wrote.stage)
    return leave(true, fmt::format("moved from stage {} to {} since the run", target.wrote.stage, stage));
  UndoDecision d;
  d.action = UndoDecision::Action::Archive;
  return d;
}

UndoDecision decide_merged(const UndoTarget& target, const rapidjson::Value& opportunity, const rapidjson::Value* notes,
                           bool resumed) {
  const std::string stage = opportunity_stage_id(opportunity);
  if (!target.wrote.stage.empty() && stage != target.wrote.stage)
    return leave(true, fmt::format("moved from stage {} to {} since the run", target.wrote.stage, stage));
  if (archived_now(opportunity) != nullptr && !target.wrote.archived) return leave(true, "archived since the run");
  UndoDecision d;
  std::vector<std::string> gone;
  auto split = [&](const char* key, const std::vector<std::string>& added, std::vector<std::string>& present) {
    for (const auto& item : added) {
      if (holds(opportunity, key, item))
        present.push_back(item);
      else
        gone.push_back(fmt::format("{} \"{}\"", std::string(key).substr(0, std::string(key).size() - 1), item));
    }
  };
  split("tags", target.wrote.tags, d.remove_tags);
  split("links", target.wrote.links, d.remove_links);
  split("sources", target.wrote.sources, d.remove_sources);
  const std::vector<std::string> held = held_note_ids(notes);
  for (const auto& note : target.wrote.notes) {
    if (std::find(held.begin(), held.end(), note) != held.end())
      d.delete_notes.push_back(note);
    else
      gone.push_back("note " + note);
  }
  if (!gone.empty() && !resumed) {
    return leave(true, "what the run added was edited or removed since: " + join(gone, ", ") + " is gone");
  }
  const bool nothing_left =
      d.remove_tags.empty() && d.remove_links.empty() && d.remove_sources.empty() && d.delete_notes.empty();
  if (nothing_left && resumed) {
    d.action = UndoDecision::Action::Done;
    d.why = "reverted by the undo that stopped";
    return d;
  }
  if (nothing_left) return leave(false, "the merge added no tag, link, source or note");
  d.action = UndoDecision::Action::Revert;
  return d;
}

std::vector<std::string> revert_actions(const std::vector<std::string>& tags, const std::vector<std::string>& links,
                                        const std::vector<std::string>& sources,
                                        const std::vector<std::string>& notes) {
  std::vector<std::string> actions;
  if (!tags.empty()) actions.push_back("removeTags " + join(tags, ", "));
  if (!links.empty()) actions.push_back("removeLinks " + join(links, ", "));
  if (!sources.empty()) actions.push_back("removeSources " + join(sources, ", "));
  for (const auto& note : notes) actions.push_back("DELETE note " + note);
  return actions;
}

}  // namespace

UndoDecision decide_undo(const UndoTarget& target, const rapidjson::Value& opportunity, const rapidjson::Value* notes,
                         bool resumed, const std::string& reason_id) {
  switch (target.kind) {
    case UndoTarget::Kind::Matched: return leave(false, target.reason.empty() ? "matched only" : target.reason);
    case UndoTarget::Kind::Unknown: return leave(false, target.reason);
    case UndoTarget::Kind::Merged: return decide_merged(target, opportunity, notes, resumed);
    case UndoTarget::Kind::Created: break;
  }
  if (target.created_or_merged) {
    const auto* created = get_member(opportunity, "createdAt");
    const long long created_at = created != nullptr && created->IsInt64() ? created->GetInt64() : 0;
    if (created_at < target.started_ms - kUndoCreatedSkewMs) {
      return leave(false,
                   "an earlier version merged into it (it is older than the run) and did not journal what it "
                   "added: check it in Lever by hand");
    }
  }
  return decide_created(target, opportunity, resumed, reason_id);
}

UndoResult plan_undo(const UndoTarget& target, const std::string& reason_name) {
  UndoResult r;
  r.id = target.id;
  r.records = target.records;
  r.files_left = target.wrote.files;
  switch (target.kind) {
    case UndoTarget::Kind::Matched:
    case UndoTarget::Kind::Unknown:
      r.status = UndoStatus::Untouched;
      r.message = target.reason;
      return r;
    case UndoTarget::Kind::Created:
      r.status = UndoStatus::Planned;
      r.actions.push_back("PUT archived reason " + reason_name);
      r.message = target.created_or_merged
                      ? "archive it, if Lever says it was created by the run (else it was merged into: left)"
                      : "archive it unless it was changed since the run";
      return r;
    case UndoTarget::Kind::Merged: break;
  }
  r.actions = revert_actions(target.wrote.tags, target.wrote.links, target.wrote.sources, target.wrote.notes);
  if (r.actions.empty()) {
    r.status = UndoStatus::Untouched;
    r.message = "the merge added no tag, link, source or note";
  } else {
    r.status = UndoStatus::Planned;
    r.message = "take back what the merge added, unless it was changed since the run";
  }
  return r;
}

std::string resolve_archive_reason(LeverSession& session, const std::string& name_or_id) {
  rapidjson::Document record(rapidjson::kObjectType);
  auto& a = record.GetAllocator();
  rapidjson::Value lever(rapidjson::kObjectType);
  lever.AddMember("archive_reason", make_string(name_or_id, a), a);
  record.AddMember("lever", lever, a);
  std::vector<Problem> problems = session.names().resolve(record);
  if (!problems.empty()) {
    for (auto& p : problems) p.pointer.clear();
    throw Error(ErrorKind::InvalidInput, "--archive-reason " + name_or_id + ": " + problems.front().message,
                "give one of Lever's archive reasons (its name, any case, or its id); nothing was changed");
  }
  return get_string(record["lever"], "archive_reason");
}

LeverUndo::LeverUndo(LeverSession& session, std::string reason_id)
    : session_(session),
      transport_(session.new_transport()),
      executor_(session.executor(*transport_, session.settings().retry)),
      api_(session.settings().endpoint, executor_),
      reason_id_(std::move(reason_id)) {}

QueryParams LeverUndo::as_user() {
  QueryParams query;
  if (!session_.settings().perform_as.empty()) query.emplace_back("perform_as", session_.perform_as_user_id(api_));
  return query;
}

UndoResult LeverUndo::undo(const UndoTarget& target, bool resumed, const std::function<void()>& before_write) {
  UndoResult r;
  r.id = target.id;
  r.records = target.records;
  r.files_left = target.wrote.files;
  if (target.kind == UndoTarget::Kind::Matched || target.kind == UndoTarget::Kind::Unknown) {
    r.status = UndoStatus::Untouched;  // nothing to read: the run wrote nothing there that can be told apart
    r.message = target.reason;
    return r;
  }
  try {
    const std::string path = "/opportunities/" + url_encode(target.id);
    auto read = get_or_not_found(api_, path);
    if (std::holds_alternative<NotFound>(read)) {
      r.status = UndoStatus::Changed;
      r.message = "Lever no longer has this opportunity: " + std::get<NotFound>(read).said();
      return r;
    }
    const rapidjson::Document& opportunity = std::get<rapidjson::Document>(read);
    rapidjson::Document notes;
    const bool read_notes = target.kind == UndoTarget::Kind::Merged && !target.wrote.notes.empty();
    if (read_notes) notes = api_.get(path + "/notes", {});
    const UndoDecision decision = decide_undo(target, opportunity, read_notes ? &notes : nullptr, resumed, reason_id_);
    return apply(target, decision, before_write);
  } catch (const Error& e) {
    r.status = UndoStatus::Failed;
    r.error_kind = e.kind();
    r.message = e.what();
    return r;
  }
}

UndoResult LeverUndo::apply(const UndoTarget& target, const UndoDecision& d,
                            const std::function<void()>& before_write) {
  UndoResult r;
  r.id = target.id;
  r.records = target.records;
  r.files_left = target.wrote.files;
  r.message = d.why;
  const bool archive = d.action == UndoDecision::Action::Archive;
  switch (d.action) {
    case UndoDecision::Action::Leave: r.status = d.changed ? UndoStatus::Changed : UndoStatus::Untouched; return r;
    case UndoDecision::Action::Done:
      r.status = target.kind == UndoTarget::Kind::Merged ? UndoStatus::Reverted : UndoStatus::Archived;
      return r;
    case UndoDecision::Action::Archive:
    case UndoDecision::Action::Revert: break;
  }
  if (before_write) before_write();
  const std::string path = "/opportunities/" + url_encode(target.id);
  if (archive) {
    rapidjson::Document body(rapidjson::kObjectType);
    body.AddMember("reason", make_string(reason_id_, body.GetAllocator()), body.GetAllocator());
    api_.call(api_.json_request("PUT", path + "/archived", as_user(), body));  // sets a state: safe to repeat
    r.status = UndoStatus::Archived;
    r.actions.push_back("PUT archived reason " + reason_id_);
    return r;
  }
  post_list(target.id, "/removeTags", "tags", d.remove_tags);
  post_list(target.id, "/removeLinks", "links", d.remove_links);
  post_list(target.id, "/removeSources", "sources", d.remove_sources);
  for (const auto& note : d.delete_notes) delete_note(target.id, note);
  r.status = UndoStatus::Reverted;
  r.actions = revert_actions(d.remove_tags, d.remove_links, d.remove_sources, d.delete_notes);
  if (!r.files_left.empty() && r.message.empty()) r.message = "files it added stay: Lever's API cannot remove files";
  return r;
}

void LeverUndo::post_list(const std::string& id, const char* endpoint, const char* key,
                          const std::vector<std::string>& items) {
  if (items.empty()) return;
  rapidjson::Document body(rapidjson::kObjectType);
  auto& a = body.GetAllocator();
  rapidjson::Value list(rapidjson::kArrayType);
  for (const auto& item : items) list.PushBack(make_string(item, a), a);
  body.AddMember(rapidjson::StringRef(key), list, a);
  // Removing what is not there is a no-op in Lever: the call may be repeated after any fault.
  api_.call(api_.json_request("POST", "/opportunities/" + url_encode(id) + endpoint, as_user(), body));
}

void LeverUndo::delete_note(const std::string& id, const std::string& note_id) {
  const HttpRequest request =
      api_.request("DELETE", "/opportunities/" + url_encode(id) + "/notes/" + url_encode(note_id), as_user());
  RetryRules rules;
  rules.retry_response = [](const HttpResponse& response) {
    return response.status == 429 || response.status == 500 || response.status == 502 || response.status == 503 ||
           response.status == 504;
  };
  // A repeated delete of a note already deleted answers 404: the note is gone either way.
  rules.repeat_ambiguous = true;
  const SendResult sent = executor_.send(request, rules);
  if (sent.unknown) {
    throw Error(ErrorKind::Unavailable, fmt::format("deleting note {} of {}: {}", note_id, id, sent.detail),
                "run undo again with the same journal: it reads the notes and deletes what is left");
  }
  const int status = sent.response.status;
  if (status >= 200 && status < 300) return;
  if (status == 404) {
    // The note is gone (deleted by an earlier attempt whose answer was lost, or by someone) — unless the
    // server does not know the route at all: then notes cannot be deleted through this API.
    NotFound answer;
    rapidjson::Document body;
    if (parse_json(sent.response.body, body) && body.IsObject() &&
        (body.HasMember("code") || body.HasMember("message"))) {
      answer.lever_shaped = true;
      answer.code = get_string(body, "code");
      answer.message = get_string(body, "message");
    }
    if (!answer.says_unknown_path()) return;
    throw Error(ErrorKind::Protocol,
                fmt::format("Lever does not take DELETE /opportunities/{}/notes/{} ({})", id, note_id, answer.said()),
                "delete the note in Lever by hand; the rest of this opportunity was reverted");
  }
  lever_data_or_throw(sent.response, "DELETE /opportunities/" + id + "/notes/" + note_id, true);
}

}  // namespace tc
