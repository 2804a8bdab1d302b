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
#include "core/run/record_result.hpp"
#include "core/util/error.hpp"

namespace tc {

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

}  // namespace tc
