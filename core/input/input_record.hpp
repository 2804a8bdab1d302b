#pragma once
// One record as an input reader hands it over (JSON, NDJSON or CSV), and the limits every reader
// enforces before RapidJSON sees a byte.
#include <rapidjson/document.h>

#include <cstddef>
#include <optional>
#include <string>

#include "core/util/error.hpp"

namespace tc {

inline constexpr std::size_t kMaxRecordBytes = 1024 * 1024;  // 1 MiB of JSON per record
inline constexpr std::size_t kMaxDepth = 64;                 // nesting levels per record

struct InputRecord {
  std::size_t index = 0;         // 0-based position among records (error records included)
  std::size_t line = 0;          // 1-based line where the record starts
  rapidjson::Document doc;       // the record (an object) when `error` is empty
  std::optional<Problem> error;  // set when the record is unreadable; pointer ""
  // The record's text as read, for --rejects (ARCHITECTURE.md §5): a CSV row without its line end, or
  // a JSON value's bytes. Empty when the record is larger than kMaxRecordBytes.
  std::string raw;
};

}  // namespace tc
