#pragma once
// Reading Lever's 404 by what it says (docs/lever-contract.md §1): Lever answers 404 both for an
// object it does not have ("users u1 was not found") and for a path it does not know ("Unknown
// route"); a server that is not Lever answers without Lever's {code, message}. Callers that must tell
// these apart (doctor, get) read with get_or_not_found instead of LeverApi::get.
#include <rapidjson/document.h>

#include <string>
#include <variant>

#include "core/http/http.hpp"
#include "core/lever/api.hpp"

namespace tc {

struct NotFound {
  std::string request;  // "GET /users/u1"
  std::string code, message;
  bool lever_shaped = false;  // the body was Lever's {code, message}

  // Lever's own words: "ResourceNotFound: users u1 was not found", or what the body was not.
  std::string said() const;
  // Lever says there is no object `id` (a "not found" message naming it).
  bool says_no_such(const std::string& id) const;
  // Whatever answered does not know the path (Lever's "Unknown route", or not Lever's error shape).
  bool says_unknown_path() const;
};

// The data of GET `path`, or its 404 answer for the caller to read; any other failure throws tc::Error
// as LeverApi::get does.
std::variant<rapidjson::Document, NotFound> get_or_not_found(LeverApi& api, const std::string& path,
                                                             const QueryParams& query = {});

}  // namespace tc
