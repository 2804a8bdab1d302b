#pragma once
// Small readers shared by the schema walk, the record rules and the limits (core/validation/ only).
#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "core/util/json_util.hpp"

namespace tc::validation {

inline std::string child_pointer(const std::string& parent, std::string_view key) {
  return parent + "/" + escape_pointer_token(key);
}

inline std::string child_pointer(const std::string& parent, std::size_t index) {
  return parent + "/" + std::to_string(index);
}

inline std::string_view view(const rapidjson::Value& s) { return {s.GetString(), s.GetStringLength()}; }

}  // namespace tc::validation
