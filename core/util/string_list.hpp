#pragma once
// The strings of an object's list member, for the readers of Lever's answers and journal lines that want
// them as plain strings (kept out of json_util.hpp, which nearly every file includes).
#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "core/util/json_util.hpp"

namespace tc {

// The string items of the array `key` of `object`, in order; other items and a missing or non-array
// member give nothing.
inline std::vector<std::string> string_list(const rapidjson::Value& object, const char* key) {
  std::vector<std::string> out;
  if (const auto* list = array_member(object, key))
    for (const auto& v : list->GetArray())
      if (v.IsString()) out.emplace_back(v.GetString());
  return out;
}

}  // namespace tc
