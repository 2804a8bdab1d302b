// Lever's lookup lists (GET /users, GET /archive_reasons) and the create body's archive, as Lever's docs
// describe them: users paginated with limit/offset and filtered by e-mail; archived {reason, archivedAt}
// needing a known reason, archivedAt defaulting to now and needing an earlier createdAt.
#pragma once
#include "json_util.hpp"
#include "state.hpp"

#include <httplib.h>

#include <optional>
#include <string>

namespace tc::sandbox {

// The caller holds state.mutex.
Reply list_users(const httplib::Request& request, const State& state);
Reply list_archive_reasons(const State& state);

// One archived part of a multipart create ("archived[reason]", "archived[archivedAt]"); "" or a problem.
std::string read_archived_part(const std::string& name, const std::string& text, NewOpportunity& into);
// The JSON create body's "archived" object; "" or a problem.
std::string read_archived_json(const rapidjson::Value& value, NewOpportunity& into);
// After the body is read: Lever's rules for the archive (a reason is needed, else the archive is
// ignored; the reason must exist; archivedAt needs an earlier createdAt) and the stored archived JSON.
// nullopt when the create may go on. The caller holds state.mutex.
std::optional<Reply> check_archived(const State& state, NewOpportunity& create);

}  // namespace tc::sandbox
