#include "lever_lookups.hpp"

#include <string>

namespace tc::sandbox {

namespace {

// Our opaque page token: "sbx-users.<index>".
constexpr const char* kUserToken = "sbx-users.";

}  // namespace

Reply list_users(const httplib::Request& request, const State& state) {
  size_t limit = 100, offset = 0;
  try {
    if (request.has_param("limit")) {
      const long value = std::stol(request.get_param_value("limit"));
      if (value < 1 || value > 100) return lever_error(400, "BadRequestError", "limit must be between 1 and 100");
      limit = static_cast<size_t>(value);
    }
    if (request.has_param("offset")) {
      const std::string token = request.get_param_value("offset");
      if (token.rfind(kUserToken, 0) != 0) return lever_error(400, "BadRequestError", "Invalid offset token");
      offset = std::stoul(token.substr(std::string(kUserToken).size()));
    }
  } catch (const std::exception&) {
    return lever_error(400, "BadRequestError", "Invalid numeric query parameter");
  }
  // "Provided email must exactly match the canonicalized version": compared lower-cased here.
  std::vector<const User*> matching;
  const bool filtered = request.has_param("email");
  const std::string email = lower(request.get_param_value("email"));
  for (const auto& user : state.users)
    if (!filtered || lower(user.email) == email) matching.push_back(&user);
  rapidjson::StringBuffer buffer;
  JsonWriter out(buffer);
  out.StartObject();
  out.Key("data");
  out.StartArray();
  for (size_t i = offset; i < matching.size() && i < offset + limit; ++i) state.write_user(out, *matching[i]);
  out.EndArray();
  const bool has_next = offset + limit < matching.size();
  out.Key("hasNext");
  out.Bool(has_next);
  if (has_next) {
    out.Key("next");
    out.String(kUserToken + std::to_string(offset + limit));
  }
  out.EndObject();
  return {200, buffer.GetString()};
}

Reply list_archive_reasons(const State& state) {
  // Shown without hasNext, as Lever's docs show this small list.
  rapidjson::StringBuffer buffer;
  JsonWriter out(buffer);
  out.StartObject();
  out.Key("data");
  out.StartArray();
  for (const auto& reason : state.archive_reasons) {
    out.StartObject();
    out.Key("id");
    out.String(reason.id);
    out.Key("text");
    out.String(reason.text);
    out.Key("status");
    out.String(reason.status);
    out.Key("type");
    out.String(reason.type);
    out.EndObject();
  }
  out.EndArray();
  out.EndObject();
  return {200, buffer.GetString()};
}

std::string read_archived_part(const std::string& name, const std::string& text, NewOpportunity& into) {
  if (name == "archived[reason]") {
    into.archived_reason = text;
    return "";
  }
  if (name == "archived[archivedAt]") {
    try {
      size_t used = 0;
      into.archived_at = std::stoll(text, &used);
      if (used != text.size()) return "archived[archivedAt] must be a timestamp in milliseconds";
    } catch (const std::exception&) {
      return "archived[archivedAt] must be a timestamp in milliseconds";
    }
    return "";
  }
  return "Unknown field " + name;
}

std::string read_archived_json(const rapidjson::Value& value, NewOpportunity& into) {
  if (value.IsNull()) return "";
  if (!value.IsObject()) return "archived must be an object";
  for (const auto& member : value.GetObject()) {
    const std::string key = member.name.GetString();
    if (key == "reason") {
      if (!member.value.IsString()) return "archived.reason must be a string";
      into.archived_reason = member.value.GetString();
    } else if (key == "archivedAt") {
      if (!member.value.IsInt64()) return "archived.archivedAt must be a timestamp in milliseconds";
      into.archived_at = member.value.GetInt64();
    } else {
      return "Unknown field archived." + key;
    }
  }
  return "";
}

std::optional<Reply> check_archived(const State& state, NewOpportunity& create) {
  // "if you just set the archivedAt we will ignore it"
  if (!create.archived_reason) return std::nullopt;
  const std::string& reason = *create.archived_reason;
  bool known = false;
  for (const auto& r : state.archive_reasons) known = known || r.id == reason;
  if (!known) return lever_error(404, "ResourceNotFound", "archive_reasons " + reason + " was not found");
  const int64_t now = now_ms();
  if (create.archived_at) {
    if (create.created_at == 0)
      return lever_error(400, "BadRequestError", "You must specify a createdAt when specifying archivedAt");
    if (create.created_at >= *create.archived_at)
      return lever_error(400, "BadRequestError", "createdAt must be before archivedAt");
    if (*create.archived_at > now) return lever_error(400, "BadRequestError", "archivedAt cannot be in the future");
  }
  rapidjson::StringBuffer buffer;
  JsonWriter out(buffer);
  out.StartObject();
  out.Key("reason");
  out.String(reason);
  out.Key("archivedAt");
  out.Int64(create.archived_at ? *create.archived_at : now);
  out.EndObject();
  create.archived_json = buffer.GetString();
  return std::nullopt;
}

}  // namespace tc::sandbox
