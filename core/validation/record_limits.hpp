#pragma once
// The size and nesting limits of ARCHITECTURE.md §4, checked before the schema (whose walk recurses).
#include <cstddef>
#include <vector>

#include <rapidjson/document.h>

#include "core/util/error.hpp"

namespace tc {

// Limits of ARCHITECTURE.md §4 (the 1 MiB record cap is enforced by the reader).
inline constexpr std::size_t kMaxStringBytes = 64 * 1024;
inline constexpr std::size_t kMaxArrayItems = 1000;
// Deeper values are refused before schema validation, whose recursion must not overflow the stack.
inline constexpr std::size_t kMaxNestingDepth = 64;

namespace validation {

// Appends a problem per string over kMaxStringBytes and per array over kMaxArrayItems (when
// check_sizes), and per value nested deeper than kMaxNestingDepth. Returns false when the value nests
// too deeply for schema validation. Walks without recursion: the value was parsed iteratively.
bool check_limits(const rapidjson::Value& value, bool check_sizes, std::vector<Problem>& out);

}  // namespace validation
}  // namespace tc
