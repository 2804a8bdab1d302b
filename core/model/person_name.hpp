#pragma once
// The person's name as one string, the way Lever stores it (ARCHITECTURE.md §4, names): a record may
// give a full `name` (Truto's unified candidate has it; spreadsheets have "Full Name" columns) or
// first_name/last_name. Pure: no I/O.
#include <string>
#include <string_view>

namespace tc {

// `name` (trimmed) when it has text, else first_name and last_name (trimmed) joined by a space; "" when the
// record has none (CandidateRecord::full_name). A record whose `name` and first/last names disagree is refused
// before this is asked (names_disagree), so `name` winning never drops a first name silently.
std::string full_name(std::string_view name, std::string_view first_name, std::string_view last_name);

// A full name written "Last, First [Middle]" (exactly one comma; the part after it is not a suffix such
// as Jr., Sr., II, III, IV, PhD, MD, nor a title such as "Countess of Lovelace") as "First [Middle] Last";
// any other text as it is (trimmed).
std::string first_name_first(std::string_view name);

// Whether `name` and first_name/last_name, all present, name different people: `name` (ignoring case
// and repeated spaces) must start with first_name and end with last_name (middle names may sit between).
bool names_disagree(std::string_view name, std::string_view first_name, std::string_view last_name);

}  // namespace tc
