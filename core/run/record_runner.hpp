#pragma once
// Runs `create` (or `validate`, or a dry run) over a stream of records: `concurrency` workers, each with
// its own route, results handed to a sink in input order, memory bounded by a window of records in
// flight (ARCHITECTURE.md §5). Run-wide failures (auth, configuration) stop the run early.
#include <rapidjson/document.h>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/http/clock.hpp"
#include "core/input/record_reader.hpp"
#include "core/model/candidate_route.hpp"
#include "core/model/duplicates.hpp"
#include "core/run/journal.hpp"
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

class ResultSink {
 public:
  virtual ~ResultSink() = default;
  // Called on the runner's thread, in input order.
  virtual void on_result(const RecordResult& result) = 0;
};

enum class RunMode { Create, DryRun, Validate };

struct RunOptions {
  RunMode mode = RunMode::Create;
  size_t concurrency = 4;
  bool fail_fast = false;
  Journal* journal = nullptr;
  Target target;  // the run's target: journal keys, and the posting of records that name none
  const std::atomic<bool>* cancel = nullptr;
  Clock* clock = nullptr;  // required
  // A record an earlier run left in flight is looked up only once this long has passed since it was
  // sent (the request timeout): a create still on its way through Lever when the run died would be
  // missed by an earlier lookup, and sent again.
  double in_flight_settle_seconds = 0;
  OnDuplicate on_duplicate = OnDuplicate::Skip;
  // Dry run and validate: ask the route for duplicates (reads only). Create always checks unless the
  // policy is `create`.
  bool check_duplicates = false;
};

struct RunSummary {
  size_t records = 0, created = 0, skipped = 0, failed = 0, unknown = 0, valid = 0;
  size_t existing = 0, merged = 0, duplicates = 0, blank = 0, unmatched = 0, not_attempted = 0;
  // The run stopped before the reader reached the end of the input: the records after `records` were
  // never read.
  bool input_left_unread = false;
  long long requests = 0;
  double elapsed_seconds = 0;
  std::optional<Error> fatal;  // a run-wide error that stopped the run
  bool interrupted = false;
};

// Turns a record as read into the record to send (field flags laid over) and returns its problems.
using RecordPreparer = std::function<std::vector<Problem>(rapidjson::Document& record)>;
using RouteFactory = std::function<std::unique_ptr<CandidateRoute>()>;

RunSummary run_records(RecordReader& reader, const RecordPreparer& prepare, const RouteFactory& routes,
                       const RunOptions& options, ResultSink& sink);

// "3 problems: /emails/0/email: required field is missing; …" for messages and NDJSON.
std::string describe_problems(const std::vector<Problem>& problems);

// The `error` member of a failed, unknown or not attempted result (result lines, --rejects):
// {"code","message","pointer","hint"?,"problems"?}.
rapidjson::Value error_json(const RecordResult& result, rapidjson::Document::AllocatorType& alloc);

}  // namespace tc
