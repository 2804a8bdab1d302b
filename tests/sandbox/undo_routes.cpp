// The calls that take a write back, as Lever's documentation describes them:
//   POST /opportunities/:id/removeTags {tags}, /removeLinks {links}, /removeSources {sources}
//     → {"data": opportunity}; removing what the opportunity does not hold changes nothing
//   PUT  /opportunities/:id/archived {"reason": null} → unarchives ("if null is specified as the reason, it
//     will be unarchived"); a reason string is left to notes_routes.cpp
//   DELETE /opportunities/:id/notes/:noteId → 204; a note it does not hold is 404 (Lever's own text on this
//     endpoint is not public: the shape follows third-party connectors that call it)
#include "routes.hpp"

#include <algorithm>

namespace tc::sandbox {

namespace {

Reply missing(const std::string& collection, const std::string& id) {
  return lever_error(404, "ResourceNotFound", collection + " " + id + " was not found");
}

bool read_json_object(const httplib::Request& request, rapidjson::Document& body, Reply& refusal) {
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

Reply remove_items(const httplib::Request& request, State& state, const std::string& id, const std::string& what) {
  Reply refusal;
  rapidjson::Document body;
  if (!read_json_object(request, body, refusal)) return refusal;
  const std::string key = what == "removeTags" ? "tags" : what == "removeLinks" ? "links" : "sources";
  const auto list = body.FindMember(key.c_str());
  if (list == body.MemberEnd() || !list->value.IsArray())
    return lever_error(400, "BadRequestError", key + " must be an array of strings");
  std::vector<std::string> items;
  for (const auto& item : list->value.GetArray()) {
    if (!item.IsString()) return lever_error(400, "BadRequestError", key + " must be an array of strings");
    items.emplace_back(item.GetString(), item.GetStringLength());
  }
  const std::string perform_as = request.get_param_value("perform_as");
  std::lock_guard<std::mutex> lock(state.mutex);
  if (!perform_as.empty() && !state.find_user(perform_as)) return missing("users", perform_as);
  Opportunity* opportunity = state.find_opportunity(id);
  if (!opportunity) return missing("opportunities", id);
  auto& from = key == "tags" ? opportunity->tags : key == "links" ? opportunity->links : opportunity->sources;
  for (const auto& item : items) from.erase(std::remove(from.begin(), from.end(), item), from.end());
  opportunity->updated_at = now_ms();
  return {200, "{\"data\":" + state.opportunity_json(*opportunity, read_expand(request)) + "}"};
}

// Only {"reason": null}; nullopt for anything else (archiving with a reason is notes_routes.cpp's).
std::optional<Reply> unarchive(const httplib::Request& request, State& state, const std::string& id) {
  rapidjson::Document body;
  if (!parse_json(request.body, body) || !body.IsObject()) return std::nullopt;
  const auto reason = body.FindMember("reason");
  if (reason == body.MemberEnd() || !reason->value.IsNull()) return std::nullopt;
  std::lock_guard<std::mutex> lock(state.mutex);
  Opportunity* opportunity = state.find_opportunity(id);
  if (!opportunity) return missing("opportunities", id);
  opportunity->archived_json = "null";
  opportunity->updated_at = now_ms();
  return Reply{200, "{\"data\":" + state.opportunity_json(*opportunity, read_expand(request)) + "}"};
}

Reply delete_note(State& state, const std::string& id, const std::string& note_id) {
  std::lock_guard<std::mutex> lock(state.mutex);
  Opportunity* opportunity = state.find_opportunity(id);
  if (!opportunity) return missing("opportunities", id);
  auto& notes = opportunity->notes;
  const auto found = std::find_if(notes.begin(), notes.end(), [&](const Note& n) { return n.id == note_id; });
  if (found == notes.end()) return missing("notes", note_id);
  notes.erase(found);
  opportunity->updated_at = now_ms();
  return {204, ""};
}

}  // namespace

std::optional<Reply> handle_take_back(const httplib::Request& request, State& state,
                                      const std::vector<std::string>& path, bool writer) {
  const std::string& id = path[2];
  const std::string& what = path[3];
  const bool remove = what == "removeTags" || what == "removeLinks" || what == "removeSources";
  const bool is_delete = path.size() == 5 && what == "notes" && request.method == "DELETE";
  if (!(path.size() == 4 && remove && request.method == "POST") && !is_delete &&
      !(path.size() == 4 && what == "archived" && request.method == "PUT"))
    return std::nullopt;
  if (!writer)
    return lever_error(403, "ForbiddenError", "This API key does not have write permission for this endpoint");
  if (is_delete) return delete_note(state, id, path[4]);
  if (remove) return remove_items(request, state, id, what);
  return unarchive(request, state, id);
}

}  // namespace tc::sandbox
