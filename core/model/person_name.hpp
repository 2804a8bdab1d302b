#pragma once
// The person's name as one string, the way Lever stores it (ARCHITECTURE.md §4, names): a record may
// give a full `name` (Truto's unified candidate has it; spreadsheets have "Full Name" columns) or
// first_name/last_name. Pure: no I/O.
#include <rapidjson/document.h>

#include <string>

namespace tc {

// `name` (trimmed) when it has text — it wins over first_name/last_name, which are then not part of
// Lever's name; else first_name and last_name (trimmed) joined by a space; "" when the record has none.
std::string full_name(const rapidjson::Value& record);

}  // namespace tc
