// PUT /opportunities/:id/archived {"reason": null}, as Lever's documentation describes it: "If an Opportunity
// is already archived, its archive reason can be changed or if null is specified as the reason, it will be
// unarchived" → {"data": opportunity}. A reason string is notes_routes.cpp's.
#include "routes.hpp"

namespace tc::sandbox {

std::optional<Reply> handle_unarchive(const httplib::Request& request, State& state,
                                      const std::vector<std::string>& path) {
  if (request.method != "PUT" || path[3] != "archived") return std::nullopt;
  rapidjson::Document body;
  if (!parse_json(request.body, body) || !body.IsObject()) return std::nullopt;
  const auto reason = body.FindMember("reason");
  if (reason == body.MemberEnd() || !reason->value.IsNull()) return std::nullopt;
  const std::string& id = path[2];
  std::lock_guard<std::mutex> lock(state.mutex);
  Opportunity* opportunity = state.find_opportunity(id);
  if (!opportunity) return lever_error(404, "ResourceNotFound", "opportunities " + id + " was not found");
  opportunity->archived_json = "null";
  opportunity->updated_at = now_ms();
  ++state.stats.writes["unarchive"];
  return Reply{200, "{\"data\":" + state.opportunity_json(*opportunity, read_expand(request)) + "}"};
}

}  // namespace tc::sandbox
