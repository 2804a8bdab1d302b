#include "core/run/record_runner.hpp"

#include <fmt/format.h>

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "core/run/in_batch_duplicates.hpp"
#include "core/run/journal_resume.hpp"
#include "core/util/json_util.hpp"

namespace tc {

namespace {

// Errors that no other record can escape: stop the run.
bool run_wide(ErrorKind kind) {
  return kind == ErrorKind::Usage || kind == ErrorKind::Auth || kind == ErrorKind::Config ||
         kind == ErrorKind::Interrupted || kind == ErrorKind::Internal;
}

struct Job {
  InputRecord record;
  std::vector<std::string> emails;  // as entered into the in-batch duplicates
};

// A record's e-mails as in-batch duplicate keys: duplicates are per posting (ARCHITECTURE.md §5), so a record
// naming a posting other than the run's qualifies its e-mails with that posting.
// Taken on the reader thread, in input order, from the record as read (before it is prepared).
std::vector<std::string> in_batch_keys(const rapidjson::Value& record, const Target& run) {
  std::vector<std::string> keys = record_emails(record);
  const std::string posting = record_job_id(record);
  if (!posting.empty() && posting != run.job_id) {
    for (auto& key : keys) key = posting + '\n' + key;
  }
  return keys;
}

std::string policy_effect(OnDuplicate policy) {
  switch (policy) {
    case OnDuplicate::Skip: return "would be skipped";
    case OnDuplicate::Merge: return "would be merged into it";
    case OnDuplicate::Fail: return "would be refused";
    case OnDuplicate::Create: return "would be created again";
  }
  return "";
}

class Runner {
 public:
  Runner(const RecordPreparer& prepare, const RouteFactory& routes, const RunOptions& options)
      : prepare_(prepare),
        routes_(routes),
        options_(options),
        window_(std::max<size_t>(1, options.concurrency) * 4 + 16) {}

  RunSummary run(RecordReader& reader, ResultSink& sink);

 private:
  void worker();
  RecordResult process(InputRecord& input, const std::vector<std::string>& emails, CandidateRoute* route);
  // Creating a record, by step: the journal's word on it, the duplicate policy, the create.
  // `record`: input.doc typed, built once after validation; the routes read it.
  RecordResult create_one(InputRecord& input, const CandidateRecord& record, CandidateRoute& route,
                          const std::optional<InBatchDuplicates::Earlier>& earlier);
  // `earlier`: the record of this input that made the duplicate, if that is where it was found.
  RecordResult apply_duplicate_policy(InputRecord& input, const CandidateRecord& record, CandidateRoute& route,
                                      const std::string& key, CreateOutcome& existing,
                                      const InBatchDuplicates::Earlier* earlier);
  // The merged candidate; the journal holds what the merge wrote, also when it fails half-way.
  rapidjson::Document merge_into_duplicate(const InputRecord& input, const CandidateRecord& record,
                                           CandidateRoute& route, const std::string& key,
                                           const std::string& existing_id);
  RecordResult create_new(InputRecord& input, const CandidateRecord& record, CandidateRoute& route,
                          const std::string& key);
  // Dry run and validate: the duplicate the record would be, if any (nothing is written).
  std::optional<RecordResult> planned_duplicate(InputRecord& input, const CandidateRecord& record,
                                                CandidateRoute* route,
                                                const std::optional<InBatchDuplicates::Earlier>& earlier);
  bool stopping() const { return stop_.load() || (options_.cancel != nullptr && options_.cancel->load()); }
  void emit_ready(ResultSink& sink, std::unique_lock<std::mutex>& lock);
  // emit_ready once the input is done: a sink that fails (the --rejects file cannot be written) stops
  // the run with its error instead of leaving the workers unjoined.
  void emit_or_stop(ResultSink& sink, std::unique_lock<std::mutex>& lock);
  // The steps of run. Reports what is ready and waits while the window of records in flight is full;
  // false once the run stops.
  bool wait_for_room(ResultSink& sink, size_t read);
  // Reads records into the queue until the input ends (`input_ended`) or the run stops.
  void read_input(RecordReader& reader, ResultSink& sink, size_t& read, bool& input_ended);
  // `records_in_input`: known once the reader reached the end, for the routes' plans.
  void report_while_workers_run(ResultSink& sink, std::optional<size_t> records_in_input);
  void report_not_attempted(ResultSink& sink);

  const RecordPreparer& prepare_;
  const RouteFactory& routes_;
  const RunOptions& options_;

  std::mutex mutex_;
  std::condition_variable work_cv_;  // workers wait here for records
  std::condition_variable done_cv_;  // the reader thread waits here for results
  std::deque<Job> queue_;
  std::map<size_t, RecordResult> done_;
  bool input_finished_ = false;
  std::optional<size_t> records_in_input_;  // once the reader reached the end: for the routes' plans
  std::atomic<bool> stop_{false};
  size_t next_emit_ = 0;
  std::atomic<long long> requests_{0};
  std::optional<Error> fatal_;
  RunSummary summary_;
  InBatchDuplicates in_batch_;
  // Records read but not yet reported: bounds memory (window × the 1 MiB record cap at worst).
  const size_t window_;
  bool reader_waiting_ = false;
  std::string stop_reason_;  // why the run stopped early, for the records it leaves not attempted
  size_t workers_running_ = 0;
  bool sink_failed_ = false;
};

// The record's number and line, the start of every result.
RecordResult result_for(const InputRecord& input) {
  RecordResult r;
  r.index = input.index;
  r.line = input.line;
  return r;
}

RecordResult failure(const InputRecord& input, const Error& e) {
  RecordResult r = result_for(input);
  r.status = e.outcome_unknown() ? RecordStatus::Unknown : RecordStatus::Failed;
  r.error_kind = e.kind();
  r.message = e.what();
  r.hint = e.hint();
  r.problems = e.problems();
  r.id = e.created_id();  // created, then a later step failed: the user needs the id
  return r;
}

// A record an earlier run's journal lines settle: created then (skipped now), or finished by this run.
RecordResult settled_by_journal(const InputRecord& input, JournalResume& resume) {
  RecordResult r = result_for(input);
  r.status = resume.outcome == JournalResume::Outcome::Completed ? RecordStatus::Created : RecordStatus::Skipped;
  r.id = resume.candidate.id;
  r.payload = std::move(resume.candidate.candidate);
  return r;
}

// --on-duplicate fail: the record fails, naming the opportunity that already holds its e-mail.
RecordResult refused_duplicate(const InputRecord& input, const std::string& posting, const std::string& existing_id,
                               const InBatchDuplicates::Earlier* earlier) {
  RecordResult r = result_for(input);
  r.id = existing_id;
  const std::string where =
      earlier != nullptr ? fmt::format(" (made for record {} of this input)", earlier->index + 1) : std::string();
  r.status = RecordStatus::Failed;
  r.error_kind = ErrorKind::InvalidInput;
  r.error_code = "duplicate";
  r.message = fmt::format(
      "record {} (line {}) is a duplicate: opportunity {}{} already holds its e-mail on posting {}; "
      "--on-duplicate fail refuses it",
      input.index + 1, input.line, existing_id, where, posting);
  r.hint = "--on-duplicate skip leaves it, merge adds to it, create makes another opportunity";
  return r;
}

RecordResult Runner::create_one(InputRecord& input, const CandidateRecord& record, CandidateRoute& route,
                                const std::optional<InBatchDuplicates::Earlier>& earlier) {
  const bool after_earlier = earlier && !earlier->id.empty();
  // An ambiguous create's lookup must never adopt an earlier record's candidate as this one's.
  route.set_known_candidates(after_earlier ? earlier->ids : std::set<std::string>{});
  std::string key;
  if (options_.journal != nullptr) {
    const JournalResumeSettings settings{*options_.journal, options_.target, *options_.clock,
                                         options_.in_flight_settle_seconds, options_.cancel};
    JournalResume resume = resume_from_journal(record, input.index, route, settings);
    if (resume.outcome != JournalResume::Outcome::Send) return settled_by_journal(input, resume);
    key = std::move(resume.key);
  }
  // Duplicates (ARCHITECTURE.md §5): an earlier record of this input, else the route's lookup.
  const OnDuplicate policy = options_.on_duplicate;
  std::optional<CreateOutcome> existing;
  if (after_earlier) {
    existing = known_by_id(earlier->id);
  } else if (policy != OnDuplicate::Create) {
    existing = route.find_duplicate(record);
  }
  if (existing && policy != OnDuplicate::Create)
    return apply_duplicate_policy(input, record, route, key, *existing, after_earlier ? &*earlier : nullptr);
  if (existing) {
    std::set<std::string> known = {existing->id};
    if (after_earlier) known.insert(earlier->ids.begin(), earlier->ids.end());
    route.set_known_candidates(std::move(known));
  }
  return create_new(input, record, route, key);
}

RecordResult Runner::apply_duplicate_policy(InputRecord& input, const CandidateRecord& record, CandidateRoute& route,
                                            const std::string& key, CreateOutcome& existing,
                                            const InBatchDuplicates::Earlier* earlier) {
  const OnDuplicate policy = options_.on_duplicate;
  if (policy == OnDuplicate::Fail)
    return refused_duplicate(input, record_target(options_.target, record.job_id).job_id, existing.id, earlier);
  RecordResult r = result_for(input);
  r.id = existing.id;
  if (policy == OnDuplicate::Skip) {
    const Written matched{"existing", {}, false, {}, {}, {}, {}, {}};
    if (options_.journal != nullptr)
      options_.journal->record_created(key, input.index, existing.id, options_.clock->epoch_ms(), &matched);
    r.status = RecordStatus::Existing;
    r.payload = std::move(existing.candidate);
    return r;
  }
  r.status = RecordStatus::Merged;
  r.payload = merge_into_duplicate(input, record, route, key, existing.id);
  return r;
}

rapidjson::Document Runner::merge_into_duplicate(const InputRecord& input, const CandidateRecord& record,
                                                 CandidateRoute& route, const std::string& key,
                                                 const std::string& existing_id) {
  Clock& clock = *options_.clock;
  if (options_.journal != nullptr) options_.journal->record_started(key, input.index, clock.epoch_ms());
  CreateOutcome merged;
  try {
    merged = route.merge_into(existing_id, record);
  } catch (const Error& e) {
    // What the merge added before it failed is journaled, so that `undo` can take it back.
    Written partial = route.take_written();
    partial.kind = "merged";
    const bool wrote_some = !partial.tags.empty() || !partial.links.empty() || !partial.sources.empty() ||
                            !partial.notes.empty() || !partial.files.empty();
    if (options_.journal != nullptr && e.kind() != ErrorKind::Interrupted)
      options_.journal->record_failed(key, input.index, clock.epoch_ms(), wrote_some ? existing_id : "",
                                      wrote_some ? &partial : nullptr);
    throw;
  }
  merged.written.kind = "merged";
  if (options_.journal != nullptr)
    options_.journal->record_created(key, input.index, merged.id, clock.epoch_ms(), &merged.written);
  return std::move(merged.candidate);
}

RecordResult Runner::create_new(InputRecord& input, const CandidateRecord& record, CandidateRoute& route,
                                const std::string& key) {
  Clock& clock = *options_.clock;
  if (options_.journal != nullptr) options_.journal->record_started(key, input.index, clock.epoch_ms());
  CreateOutcome outcome;
  try {
    outcome = route.create(record);
  } catch (const Error& e) {
    if (options_.journal != nullptr) {
      if (!e.created_id().empty()) {
        options_.journal->record_incomplete(key, input.index, e.created_id(), clock.epoch_ms());
      } else if (!e.outcome_unknown() && e.kind() != ErrorKind::Interrupted) {
        options_.journal->record_failed(key, input.index, clock.epoch_ms());
      }
    }
    throw;
  }
  outcome.written.kind = "created";
  if (options_.journal != nullptr)
    options_.journal->record_created(key, input.index, outcome.id, clock.epoch_ms(), &outcome.written);
  // Found by the lookup after this run's own ambiguous attempt: still created by this run.
  RecordResult r = result_for(input);
  r.status = RecordStatus::Created;
  r.id = outcome.id;
  r.payload = std::move(outcome.candidate);
  r.unmatched = record_emails(record).empty();
  return r;
}

std::optional<RecordResult> Runner::planned_duplicate(InputRecord& input, const CandidateRecord& record,
                                                      CandidateRoute* route,
                                                      const std::optional<InBatchDuplicates::Earlier>& earlier) {
  const OnDuplicate policy = options_.on_duplicate;
  if (policy == OnDuplicate::Create) return std::nullopt;
  RecordResult r = result_for(input);
  r.status = RecordStatus::Duplicate;
  if (earlier) {
    r.id = earlier->id;
    r.duplicate_of_record = earlier->index;
    r.message = fmt::format("record {} repeats an e-mail of record {} of this input: it {}", input.index + 1,
                            earlier->index + 1, policy_effect(policy));
    return r;
  }
  if (!options_.check_duplicates || route == nullptr) return std::nullopt;
  std::optional<CreateOutcome> existing = route->find_duplicate(record);
  if (!existing) return std::nullopt;
  r.id = existing->id;
  r.payload = std::move(existing->candidate);
  r.message = fmt::format("opportunity {} already holds its e-mail on posting {}: it {}", r.id,
                          record_target(options_.target, record.job_id).job_id, policy_effect(policy));
  return r;
}

RecordResult Runner::process(InputRecord& input, const std::vector<std::string>& emails, CandidateRoute* route) {
  RecordResult r = result_for(input);
  if (input.error) {
    r.status = RecordStatus::Failed;
    r.error_kind = ErrorKind::InvalidInput;
    r.message = input.error->message;
    r.problems.push_back(*input.error);
    return r;
  }
  try {
    // A record that holds nothing (a spreadsheet's empty row, `{}`) and that no field flag filled.
    const bool blank_as_read = is_blank_record(input.doc);
    std::vector<Problem> problems = prepare_(input.doc);
    if (blank_as_read && is_blank_record(input.doc)) {
      r.status = RecordStatus::Blank;
      return r;
    }
    if (!problems.empty()) {
      r.status = RecordStatus::Failed;
      r.error_kind = ErrorKind::InvalidInput;
      // People count records from 1 (as the reader's messages do); the "index" field counts from 0.
      r.message = problems.size() == 1 ? fmt::format("record {} (line {}) is invalid: {}", input.index + 1, input.line,
                                                     describe_problems(problems))
                                       : fmt::format("record {} (line {}) is invalid ({} problems)", input.index + 1,
                                                     input.line, problems.size());
      r.problems = std::move(problems);
      return r;
    }
    // Read once, after validation: everything from here on reads the typed record.
    const CandidateRecord record = read_candidate_record(input.doc);
    // A record naming no posting, in a run without --job-id, fails alone (pointer /job_id).
    if (options_.mode != RunMode::Validate) require_record_target(options_.target, record.job_id);
    std::optional<InBatchDuplicates::Earlier> earlier;
    if (!emails.empty()) earlier = in_batch_.wait_for_earlier(input.index, emails);
    if (options_.mode != RunMode::Create) {
      if (auto duplicate = planned_duplicate(input, record, route, earlier)) return std::move(*duplicate);
    }
    switch (options_.mode) {
      case RunMode::Validate: r.status = RecordStatus::Valid; return r;
      case RunMode::DryRun:
        r.status = RecordStatus::Planned;
        r.payload = route->plan(record);
        return r;
      case RunMode::Create: return create_one(input, record, *route, earlier);
    }
  } catch (const Error& e) {
    return failure(input, e);
  } catch (const std::bad_alloc&) {
    return failure(input, Error(ErrorKind::Internal, "out of memory"));
  } catch (const std::exception& e) {
    return failure(input, Error(ErrorKind::Internal, std::string("internal error: ") + e.what()));
  }
  return r;
}

void Runner::worker() {
  // However the worker ends, the reader thread (reporting results while workers run) hears of it.
  struct Finished {
    Runner& runner;
    ~Finished() {
      std::lock_guard<std::mutex> lock(runner.mutex_);
      --runner.workers_running_;
      runner.done_cv_.notify_one();
    }
  } finished{*this};
  std::unique_ptr<CandidateRoute> route;
  struct CountRequests {
    std::unique_ptr<CandidateRoute>& route;
    std::atomic<long long>& total;
    ~CountRequests() {
      if (route) total += route->requests_sent();
    }
  } count{route, requests_};
  try {
    if (options_.mode != RunMode::Validate || options_.check_duplicates) route = routes_();
  } catch (const Error& e) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!fatal_) fatal_ = e;
    stop_ = true;
    work_cv_.notify_all();
    done_cv_.notify_one();
    return;
  }
  std::optional<size_t> records_in_input;
  for (;;) {
    Job job;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      // Timed, so a Ctrl-C (a flag nobody notifies about) is noticed.
      while (!work_cv_.wait_for(lock, std::chrono::milliseconds(200),
                                [&] { return !queue_.empty() || input_finished_ || stopping(); })) {
      }
      if (queue_.empty() || stopping()) return;
      job = std::move(queue_.front());
      queue_.pop_front();
      records_in_input = records_in_input_;
    }
    if (route && records_in_input) route->input_counted(*records_in_input);
    RecordResult result = process(job.record, job.emails, route.get());
    if (is_rejected(result.status)) result.raw = std::move(job.record.raw);
    if (!job.emails.empty()) {
      const bool would_create = result.status == RecordStatus::Planned || result.status == RecordStatus::Valid;
      in_batch_.finish(result.index, job.emails, result.id, would_create);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    const bool bad = result.status == RecordStatus::Failed || result.status == RecordStatus::Unknown;
    if (bad && run_wide(result.error_kind)) {
      if (!fatal_) fatal_ = Error(result.error_kind, result.message, result.problems, result.hint);
      if (stop_reason_.empty()) stop_reason_ = result.message;
      stop_ = true;
    } else if (bad && options_.fail_fast) {
      if (stop_reason_.empty())
        stop_reason_ = fmt::format("--fail-fast: record {} (line {}) {}", result.index + 1, result.line,
                                   result.status == RecordStatus::Failed ? "failed" : "ended unknown");
      stop_ = true;
    }
    done_.emplace(result.index, std::move(result));
    if (stop_) work_cv_.notify_all();
    // Wake the reader thread in batches (half a window of results, or an empty queue), not per record.
    if (reader_waiting_ && (stop_ || queue_.empty() || done_.size() >= window_ / 2)) done_cv_.notify_one();
  }
}

void Runner::emit_ready(ResultSink& sink, std::unique_lock<std::mutex>& lock) {
  for (;;) {
    auto it = done_.find(next_emit_);
    if (it == done_.end()) return;
    RecordResult result = std::move(it->second);
    done_.erase(it);
    ++next_emit_;
    lock.unlock();
    switch (result.status) {
      case RecordStatus::Created:
        ++summary_.created;
        if (result.unmatched) ++summary_.unmatched;
        break;
      case RecordStatus::Existing: ++summary_.existing; break;
      case RecordStatus::Merged: ++summary_.merged; break;
      case RecordStatus::Duplicate: ++summary_.duplicates; break;
      case RecordStatus::Blank: ++summary_.blank; break;
      case RecordStatus::Skipped: ++summary_.skipped; break;
      case RecordStatus::Failed: ++summary_.failed; break;
      case RecordStatus::Unknown: ++summary_.unknown; break;
      case RecordStatus::Valid:
      case RecordStatus::Planned: ++summary_.valid; break;
      case RecordStatus::NotAttempted: ++summary_.not_attempted; break;
    }
    sink.on_result(result);
    lock.lock();
  }
}

void Runner::emit_or_stop(ResultSink& sink, std::unique_lock<std::mutex>& lock) {
  if (sink_failed_) return;
  try {
    emit_ready(sink, lock);
  } catch (const Error& e) {
    if (!lock.owns_lock()) lock.lock();
    if (!fatal_) fatal_ = e;
    sink_failed_ = true;
    stop_ = true;
    work_cv_.notify_all();
  }
}

bool Runner::wait_for_room(ResultSink& sink, size_t read) {
  std::unique_lock<std::mutex> lock(mutex_);
  for (;;) {
    emit_ready(sink, lock);
    if (stopping() || read - next_emit_ < window_) break;
    reader_waiting_ = true;
    done_cv_.wait_for(lock, std::chrono::milliseconds(200));
    reader_waiting_ = false;
  }
  return !stopping();
}

void Runner::read_input(RecordReader& reader, ResultSink& sink, size_t& read, bool& input_ended) {
  try {
    while (wait_for_room(sink, read)) {
      InputRecord record;
      try {
        if (!reader.next(record)) {
          input_ended = true;
          break;
        }
      } catch (const Error& e) {
        // Damage the reader cannot get past ends the input, not the run: the records read before it are
        // whole, so they are still sent and reported; nothing after it is read (ARCHITECTURE.md §5).
        std::lock_guard<std::mutex> lock(mutex_);
        if (!fatal_) fatal_ = e;
        input_ended = true;  // nothing after the damage can be read: not an early stop
        break;
      }
      std::vector<std::string> emails;
      if (!record.error) emails = in_batch_keys(record.doc, options_.target);
      std::lock_guard<std::mutex> lock(mutex_);
      in_batch_.enter(record.index, emails);  // in input order
      queue_.push_back(Job{std::move(record), std::move(emails)});
      ++read;
      work_cv_.notify_one();
    }
  } catch (const Error& e) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!fatal_) fatal_ = e;
    stop_ = true;
  }
}

void Runner::report_while_workers_run(ResultSink& sink, std::optional<size_t> records_in_input) {
  // Report results as the workers finish what they hold (a progress line and the result stream
  // keep moving to the last record), stopping at a gap a stopped run leaves behind.
  std::unique_lock<std::mutex> lock(mutex_);
  input_finished_ = true;
  records_in_input_ = records_in_input;
  work_cv_.notify_all();
  for (;;) {
    emit_or_stop(sink, lock);
    if (workers_running_ == 0) break;
    reader_waiting_ = true;
    done_cv_.wait_for(lock, std::chrono::milliseconds(200));
    reader_waiting_ = false;
  }
}

void Runner::report_not_attempted(ResultSink& sink) {
  std::unique_lock<std::mutex> lock(mutex_);
  // A stopped run leaves records read but never taken by a worker: each still gets its result line.
  std::string why = stop_reason_;
  if (why.empty()) why = options_.cancel != nullptr && options_.cancel->load() ? "interrupted" : "stopped";
  if (why == "stopped" && fatal_) why = fatal_->what();
  for (Job& job : queue_) {
    RecordResult r = result_for(job.record);
    r.status = RecordStatus::NotAttempted;
    r.error_kind = ErrorKind::Interrupted;
    r.error_code = "not_attempted";
    r.message = fmt::format("record {} (line {}) was not attempted: the run stopped early ({})", job.record.index + 1,
                            job.record.line, why);
    r.raw = std::move(job.record.raw);
    done_.emplace(r.index, std::move(r));
  }
  queue_.clear();
  emit_or_stop(sink, lock);
}

RunSummary Runner::run(RecordReader& reader, ResultSink& sink) {
  const double started = options_.clock->now_seconds();
  const size_t workers = std::max<size_t>(1, options_.concurrency);
  std::vector<std::thread> threads;
  threads.reserve(workers);
  workers_running_ = workers;
  for (size_t i = 0; i < workers; ++i) threads.emplace_back([this] { worker(); });

  size_t read = 0;
  bool input_ended = false;  // the reader reached the end, or damage it cannot read past
  read_input(reader, sink, read, input_ended);
  report_while_workers_run(sink, input_ended ? std::optional<size_t>(read) : std::nullopt);
  for (auto& t : threads) t.join();
  report_not_attempted(sink);
  summary_.records = read;
  summary_.input_left_unread = !input_ended;
  summary_.elapsed_seconds = options_.clock->now_seconds() - started;
  summary_.fatal = fatal_;
  summary_.requests = requests_.load();
  summary_.interrupted = options_.cancel != nullptr && options_.cancel->load();
  return summary_;
}

}  // namespace

RunSummary run_records(RecordReader& reader, const RecordPreparer& prepare, const RouteFactory& routes,
                       const RunOptions& options, ResultSink& sink) {
  Runner runner(prepare, routes, options);
  return runner.run(reader, sink);
}

}  // namespace tc
