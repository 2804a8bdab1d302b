#pragma once
// What makes two candidates the same person on one posting (ARCHITECTURE.md §5, duplicates): the
// --on-duplicate policy, e-mail normalisation, and the blank-record test. Pure: no I/O.
#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/model/candidate_record.hpp"

namespace tc {

// What to do with a record whose person already has an opportunity on the posting.
enum class OnDuplicate { Skip, Merge, Create, Fail };
const char* to_string(OnDuplicate policy);                          // "skip" | "merge" | "create" | "fail"
std::optional<OnDuplicate> parse_on_duplicate(std::string_view s);  // nullopt for anything else

// An e-mail as it is compared: surrounding whitespace removed, ASCII lower case.
std::string normalize_email(std::string_view email);

// The record's e-mails (unified `emails[].email`), normalised, without repeats or blanks, in order: what
// the duplicate checks compare.
std::vector<std::string> record_emails(const CandidateRecord& record);
// The same of a record as read, before it is prepared and validated: the in-batch duplicate keys, which
// the reader thread takes in input order before any worker builds the typed record.
std::vector<std::string> record_emails(const rapidjson::Value& as_read);

// True when the record holds nothing: an object with no members, or only blank strings (a spreadsheet
// row whose cells are all empty reads as `{}`). Members of other types are left to the schema.
bool is_blank_record(const rapidjson::Value& record);

}  // namespace tc
