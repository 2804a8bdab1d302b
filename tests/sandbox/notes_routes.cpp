// Lever's notes, stage and archive calls on an opportunity, as Lever's documentation describes them:
//   POST /opportunities/:id/notes {value, secret?, score?, notifyFollowers?, createdAt?} (perform_as optional)
//     → {"data": {"noteId": …}}
//   DELETE /opportunities/:id/notes/:noteId → 204 (which notes Lever lets an API key delete is not
//     documented; the sandbox deletes any)
//   GET  /opportunities/:id/notes → {"data": [note…], "hasNext": false}, a note being
//     {id, text, fields: [{type: "note", text, value}], user, secret, completedAt, createdAt, deletedAt}
//   PUT  /opportunities/:id/stage {stage} → {"data": opportunity}; an unknown stage is 404
//   PUT  /opportunities/:id/archived {reason} → {"data": opportunity}
#include "routes.hpp"

#include <algorithm>

namespace tc::sandbox {

namespace {

std::string envelope(const std::string& json) { return "{\"data\":" + json + "}"; }

Reply missing(const std::string& collection, const std::string& id) {
  return lever_error(404, "ResourceNotFound", collection + " " + id + " was not found");
}

bool json_body(const httplib::Request& request, rapidjson::Document& body, Reply& refusal) {
  if (lower(request.get_header_value("Content-Type")).rfind("application/json", 0) != 0) {
    refusal = lever_error(400, "BadRequestError", "Content-Type must be application/json");
    return false;
  }
  if (!parse_json(request.body, body) || !body.IsObject()) {
    refusal = lever_error(400, "BadRequestError", "Request body must be a JSON object");
    return false;
  }
  return true;
}

void write_note(JsonWriter& out, const Note& note) {
  out.StartObject();
  out.Key("id");
  out.String(note.id);
  out.Key("text");
  out.String("Note");
  out.Key("fields");
  out.StartArray();
  out.StartObject();
  out.Key("type");
  out.String("note");
  out.Key("text");
  out.String("Note");
  out.Key("value");
  out.String(note.value);
  out.EndObject();
  out.EndArray();
  out.Key("user");
  if (note.user.empty())
    out.Null();
  else
    out.String(note.user);
  out.Key("secret");
  out.Bool(note.secret);
  out.Key("completedAt");
  out.Int64(note.created_at);
  out.Key("createdAt");
  out.Int64(note.created_at);
  out.Key("deletedAt");
  out.Null();
  out.EndObject();
}

Reply add_note(const httplib::Request& request, State& state, const std::string& id) {
  Reply refusal;
  rapidjson::Document body;
  if (!json_body(request, body, refusal)) return refusal;
  const auto value = body.FindMember("value");
  if (value == body.MemberEnd() || !value->value.IsString() || value->value.GetStringLength() == 0)
    return lever_error(400, "BadRequestError", "value must be a non-empty string");
  Note note;
  note.value = value->value.GetString();
  if (const auto secret = body.FindMember("secret"); secret != body.MemberEnd()) {
    if (!secret->value.IsBool()) return lever_error(400, "BadRequestError", "secret must be a boolean");
    note.secret = secret->value.GetBool();
  }
  note.created_at = now_ms();
  if (const auto created = body.FindMember("createdAt"); created != body.MemberEnd()) {
    if (!created->value.IsInt64() || created->value.GetInt64() <= 0)
      return lever_error(400, "BadRequestError", "createdAt must be a timestamp in milliseconds");
    note.created_at = created->value.GetInt64();
  }
  note.user = request.get_param_value("perform_as");
  std::lock_guard<std::mutex> lock(state.mutex);
  if (!note.user.empty() && !state.find_user(note.user)) return missing("users", note.user);
  Opportunity* opportunity = state.find_opportunity(id);
  if (!opportunity) return missing("opportunities", id);
  note.id = state.new_uuid();
  opportunity->notes.push_back(note);
  opportunity->updated_at = now_ms();
  ++state.stats.notes;
  ++state.stats.writes["note"];
  return {201, envelope("{\"noteId\":" + json_quote(note.id) + "}")};
}

Reply list_notes(State& state, const std::string& id) {
  std::lock_guard<std::mutex> lock(state.mutex);
  Opportunity* opportunity = state.find_opportunity(id);
  if (!opportunity) return missing("opportunities", id);
  rapidjson::StringBuffer buffer;
  JsonWriter out(buffer);
  out.StartObject();
  out.Key("data");
  out.StartArray();
  for (const auto& note : opportunity->notes) write_note(out, note);
  out.EndArray();
  out.Key("hasNext");
  out.Bool(false);
  out.EndObject();
  return {200, buffer.GetString()};
}

Reply delete_note(State& state, const std::string& id, const std::string& note_id) {
  std::lock_guard<std::mutex> lock(state.mutex);
  Opportunity* opportunity = state.find_opportunity(id);
  if (!opportunity) return missing("opportunities", id);
  auto& notes = opportunity->notes;
  auto found = std::find_if(notes.begin(), notes.end(), [&](const Note& note) { return note.id == note_id; });
  if (found == notes.end()) return missing("notes", note_id);
  notes.erase(found);
  opportunity->updated_at = now_ms();
  ++state.stats.writes["deleteNote"];
  return {204, ""};
}

Reply put_stage_or_archived(const httplib::Request& request, State& state, const std::string& id,
                            const std::string& what) {
  Reply refusal;
  rapidjson::Document body;
  if (!json_body(request, body, refusal)) return refusal;
  const char* key = what == "stage" ? "stage" : "reason";
  const auto value = body.FindMember(key);
  if (value == body.MemberEnd() || !value->value.IsString() || value->value.GetStringLength() == 0)
    return lever_error(400, "BadRequestError", std::string(key) + " must be a non-empty string");
  const std::string given = value->value.GetString();
  const std::string perform_as = request.get_param_value("perform_as");
  std::lock_guard<std::mutex> lock(state.mutex);
  if (!perform_as.empty() && !state.find_user(perform_as)) return missing("users", perform_as);
  Opportunity* opportunity = state.find_opportunity(id);
  if (!opportunity) return missing("opportunities", id);
  if (what == "stage") {
    if (!state.find_stage(given)) return missing("stages", given);
    opportunity->stage = given;
  } else {
    opportunity->archived_json =
        "{\"reason\":" + json_quote(given) + ",\"archivedAt\":" + std::to_string(now_ms()) + "}";
  }
  opportunity->updated_at = now_ms();
  ++state.stats.writes[what];
  return {200, envelope(state.opportunity_json(*opportunity, read_expand(request)))};
}

}  // namespace

std::optional<Reply> handle_opportunity_state(const httplib::Request& request, State& state,
                                              const std::vector<std::string>& path) {
  const std::string& id = path[2];
  const std::string& what = path[3];
  if (path.size() == 5)
    return what == "notes" && request.method == "DELETE" ? std::optional<Reply>(delete_note(state, id, path[4]))
                                                         : std::nullopt;
  if (what == "notes" && request.method == "POST") return add_note(request, state, id);
  if (what == "notes" && request.method == "GET") return list_notes(state, id);
  if ((what == "stage" || what == "archived") && request.method == "PUT")
    return put_stage_or_archived(request, state, id, what);
  return std::nullopt;
}

}  // namespace tc::sandbox
