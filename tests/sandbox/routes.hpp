// Entry points of the route files; the dispatcher (server.cpp) calls them after rate limiting.
#pragma once
#include "json_util.hpp"
#include "state.hpp"

#include <httplib.h>

#include <optional>
#include <string>
#include <vector>

namespace tc::sandbox {

enum class AuthKind { none, basic, bearer };
struct Caller {
  AuthKind kind = AuthKind::none;
  std::string secret;  // API key (Basic user name) or bearer token; never logged
};
Caller read_caller(const httplib::Request& request);
const char* auth_kind_name(AuthKind kind);

Reply handle_lever(const httplib::Request& request, const Caller& caller, State& state);
Reply handle_truto(const httplib::Request& request, const Caller& caller, State& state);

// Apply-form validation (apply_form.cpp): every problem found, empty when the body fits the form.
std::vector<std::string> validate_application(const rapidjson::Value& form, const rapidjson::Value& body,
                                              const State& state);
// Copies the applicant's details from a validated body onto a create request.
void fill_from_application(const rapidjson::Value& form, const rapidjson::Value& body, const State& state,
                           NewOpportunity& into);

// /v1/opportunities/:id/{notes,stage,archived} and DELETE …/notes/:noteId (notes_routes.cpp); nullopt when
// the path is not one of them.
std::optional<Reply> handle_opportunity_state(const httplib::Request& request, State& state,
                                              const std::vector<std::string>& path);

// PUT /opportunities/:id/archived {"reason": null}, which unarchives (unarchive_route.cpp); nullopt for any
// other request.
std::optional<Reply> handle_unarchive(const httplib::Request& request, State& state,
                                      const std::vector<std::string>& path);

std::vector<std::string> split_path(const std::string& path);
std::vector<std::string> query_values(const httplib::Request& request, const std::string& key);
ExpandOptions read_expand(const httplib::Request& request);

}  // namespace tc::sandbox
