#pragma once
// What the run reports for one record: its status, the candidate or plan, or the error with every problem
// (result lines, --rejects, the summary).
#include <rapidjson/document.h>

#include <optional>
#include <string>
#include <vector>

#include "core/util/error.hpp"

namespace tc {

// existing: a duplicate left as it is (--on-duplicate skip); merged: a duplicate added to; duplicate: a
// dry run or validate found one (nothing written); blank: an empty record, skipped ("skipped_blank");
// not_attempted: read, but the run stopped early before this record was tried (nothing sent for it).
enum class RecordStatus {
  Created,
  Skipped,
  Failed,
  Unknown,
  Valid,
  Planned,
  Existing,
  Merged,
  Duplicate,
  Blank,
  NotAttempted
};
const char* to_string(RecordStatus s);

struct RecordResult {
  size_t index = 0;
  size_t line = 0;
  RecordStatus status = RecordStatus::Failed;
  rapidjson::Document payload;  // the candidate (created/skipped) or the dry-run plan (planned)
  std::string id;
  // created without a duplicate check: the record has no e-mail to match on.
  bool unmatched = false;
  // duplicate (dry run, validate): the policy that would apply and the earlier record of this input
  // it repeats, if that is where it was found.
  std::optional<size_t> duplicate_of_record;
  // failed / unknown:
  ErrorKind error_kind = ErrorKind::Internal;
  std::string error_code;  // overrides the kind's code name ("duplicate")
  std::string message;
  std::string hint;
  std::vector<Problem> problems;
  // The record's text as read (InputRecord::raw), kept only for the statuses --rejects writes.
  std::string raw;
};

// Whether --rejects writes the record: everything not created or matched (failed, unknown,
// not_attempted); created, existing, merged, skipped and blank records are done.
bool is_rejected(RecordStatus status);

// "3 problems: /emails/0/email: required field is missing; …" for messages and NDJSON.
std::string describe_problems(const std::vector<Problem>& problems);

// The `error` member of a failed, unknown or not attempted result (result lines, --rejects):
// {"code","message","pointer","hint"?,"problems"?}.
rapidjson::Value error_json(const RecordResult& result, rapidjson::Document::AllocatorType& alloc);

}  // namespace tc
