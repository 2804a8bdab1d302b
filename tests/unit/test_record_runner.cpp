// run_records (core/run/record_runner.hpp, ARCHITECTURE.md §5): order, failures, fail-fast, run-wide errors, the
// journal (skip and in-flight resolution) and the bounded memory window — with a fake route.
#include <doctest/doctest.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/input/record_reader.hpp"
#include "core/run/journal.hpp"
#include "core/run/record_runner.hpp"
#include "core/util/error.hpp"
#include "core/util/json_util.hpp"
#include "fakes.hpp"
#include "source_dir.hpp"
#include "typed_record.hpp"

using namespace tc;
using tc::test::FakeClock;
using tc::test::TypedRecord;

namespace {

// Shared instrumentation of every FakeRoute of a run.
struct RouteLog {
  std::atomic<long long> creates{0};
  std::atomic<long long> resolves{0};
  std::atomic<long long> completes{0};
  std::atomic<long long> emitted{0};  // set by the sink
  std::atomic<long long> max_held{0};
  int max_delay_us = 0;
};

// A record {"n": N, ...}: "fail": "invalid"|"auth" makes create throw; "exists": true makes
// resolve_in_flight find it; no "emails" means the lookup cannot tell.
class FakeRoute : public CandidateRoute {
 public:
  explicit FakeRoute(RouteLog& log) : log_(log), rng_(std::random_device{}()) {}

  // The controls ("n", "fail", "sleep_ms", "exists") are members of the record's document.
  CreateOutcome create(const CandidateRecord& typed) override {
    const rapidjson::Value& record = *typed.document;
    const long long n = record["n"].GetInt64();
    // Records read but not yet reported: the create of record n proves n+1 were read.
    const long long held = n + 1 - log_.emitted.load();
    long long seen = log_.max_held.load();
    while (held > seen && !log_.max_held.compare_exchange_weak(seen, held)) {
    }
    ++log_.creates;
    ++sent_;
    if (log_.max_delay_us > 0) {
      std::this_thread::sleep_for(
          std::chrono::microseconds(std::uniform_int_distribution<int>(0, log_.max_delay_us)(rng_)));
    }
    if (record.HasMember("sleep_ms"))
      std::this_thread::sleep_for(std::chrono::milliseconds(record["sleep_ms"].GetInt()));
    const std::string fail = get_string(record, "fail");
    if (fail == "invalid") throw Error(ErrorKind::InvalidInput, "bad record " + std::to_string(n));
    if (fail == "auth") throw Error(ErrorKind::Auth, "Lever refused the key");
    if (fail == "after_create") {
      Error e(ErrorKind::Unavailable, "created, then the read-back failed");
      throw e.mark_created("opp-" + std::to_string(n));
    }
    return outcome(n, false);
  }
  rapidjson::Document plan(const CandidateRecord&) override { return rapidjson::Document(rapidjson::kObjectType); }
  std::optional<CreateOutcome> resolve_in_flight(const CandidateRecord& typed, long long, bool& can_resend) override {
    const rapidjson::Value& record = *typed.document;
    ++log_.resolves;
    can_resend = !typed.emails.empty();
    if (record.HasMember("exists")) return outcome(record["n"].GetInt64(), true);
    return std::nullopt;
  }
  CreateOutcome complete(const std::string& id, const CandidateRecord& typed) override {
    const rapidjson::Value& record = *typed.document;
    ++log_.completes;
    CHECK(id == "opp-" + std::to_string(record["n"].GetInt64()));
    return outcome(record["n"].GetInt64(), true);
  }
  long long requests_sent() const override { return sent_; }

 private:
  static CreateOutcome outcome(long long n, bool existing) {
    CreateOutcome o;
    o.id = "opp-" + std::to_string(n);
    o.candidate.SetObject();
    o.candidate.AddMember("id", make_string(o.id, o.candidate.GetAllocator()), o.candidate.GetAllocator());
    o.found_existing = existing;
    return o;
  }
  RouteLog& log_;
  std::mt19937 rng_;
  long long sent_ = 0;
};

struct Sink : ResultSink {
  RouteLog& log;
  std::vector<size_t> indexes;
  std::vector<RecordStatus> statuses;
  std::vector<std::string> ids;
  explicit Sink(RouteLog& l) : log(l) {}
  void on_result(const RecordResult& r) override {
    indexes.push_back(r.index);
    statuses.push_back(r.status);
    ids.push_back(r.id);
    ++log.emitted;
  }
};

std::string ndjson(size_t count, const std::function<std::string(size_t)>& extra = nullptr) {
  std::string out;
  for (size_t i = 0; i < count; ++i) {
    out += R"({"n":)" + std::to_string(i) + R"(,"emails":[{"email":"p)" + std::to_string(i) + R"(@x.com"}])";
    if (extra) out += extra(i);
    out += "}\n";
  }
  return out;
}

struct Run {
  RouteLog log;
  FakeClock clock;
  RunOptions options;
  Run() {
    options.clock = &clock;
    options.target.job_id = "post1";
  }
  std::pair<RunSummary, Sink> go(const std::string& input) {
    std::istringstream in(input);
    RecordReader reader(in, InputFormat::Ndjson, "test");
    Sink sink(log);
    RecordPreparer prepare = [](rapidjson::Document&) { return std::vector<Problem>{}; };
    RouteFactory routes = [this] { return std::make_unique<FakeRoute>(log); };
    RunSummary summary = run_records(reader, prepare, routes, options, sink);
    return {std::move(summary), std::move(sink)};
  }
};

}  // namespace

TEST_CASE("results come in input order with 4 workers and random delays; failures don't stop others") {
  Run run;
  run.options.concurrency = 4;
  run.log.max_delay_us = 2000;
  auto [summary, sink] = run.go(ndjson(200, [](size_t i) { return i % 10 == 3 ? R"(,"fail":"invalid")" : ""; }));
  REQUIRE(sink.indexes.size() == 200);
  for (size_t i = 0; i < 200; ++i) {
    CHECK(sink.indexes[i] == i);
    CHECK(sink.statuses[i] == (i % 10 == 3 ? RecordStatus::Failed : RecordStatus::Created));
    if (i % 10 != 3) CHECK(sink.ids[i] == "opp-" + std::to_string(i));
  }
  CHECK(summary.records == 200);
  CHECK(summary.created == 180);
  CHECK(summary.failed == 20);
  CHECK_FALSE(summary.fatal.has_value());
  CHECK(summary.requests == 200);
}

namespace {

// Every record read gets one result, in order: indexes 0 … records-1.
void check_one_result_per_record_read(const RunSummary& summary, const Sink& sink) {
  REQUIRE(sink.indexes.size() == summary.records);
  for (size_t i = 0; i < sink.indexes.size(); ++i) CHECK(sink.indexes[i] == i);
}

}  // namespace

TEST_CASE("--fail-fast stops after the first failure; the records read after it are not_attempted") {
  Run run;
  run.options.concurrency = 1;
  run.options.fail_fast = true;
  auto [summary, sink] = run.go(ndjson(100, [](size_t i) { return i == 2 ? R"(,"fail":"invalid")" : ""; }));
  CHECK(summary.created == 2);
  CHECK(summary.failed == 1);
  CHECK(run.log.creates.load() == 3);
  CHECK_FALSE(summary.fatal.has_value());
  check_one_result_per_record_read(summary, sink);
  CHECK(summary.not_attempted == summary.records - 3);
  for (size_t i = 3; i < sink.statuses.size(); ++i) CHECK(sink.statuses[i] == RecordStatus::NotAttempted);
  // The window bounds what was read: the rest of the 100 was never read.
  CHECK(summary.records < 100);
  CHECK(summary.input_left_unread);
}

TEST_CASE("a run-wide Auth error stops the run and is reported as fatal; the records read are not_attempted") {
  Run run;
  run.options.concurrency = 2;
  // Each 401 takes 50 ms, so the reader has filled its window by then whatever the machine's speed.
  auto [summary, sink] = run.go(ndjson(1000, [](size_t i) { return i >= 5 ? R"(,"fail":"auth","sleep_ms":50)" : ""; }));
  REQUIRE(summary.fatal.has_value());
  CHECK(summary.fatal->kind() == ErrorKind::Auth);
  CHECK(run.log.creates.load() < 20);
  CHECK(summary.created == 5);
  check_one_result_per_record_read(summary, sink);
  CHECK(summary.created + summary.failed + summary.not_attempted == summary.records);
  CHECK(summary.not_attempted > 0);
  CHECK(summary.input_left_unread);
}

TEST_CASE("Ctrl-C: the records read but not taken are not_attempted, with their text for --rejects") {
  Run run;
  run.options.concurrency = 1;
  std::atomic<bool> cancel{false};
  run.options.cancel = &cancel;
  // Each create takes 30 ms: the reader fills the window (20 records) long before the first result.
  std::istringstream in(ndjson(30, [](size_t) { return R"(,"sleep_ms":30)"; }));
  RecordReader reader(in, InputFormat::Ndjson, "test");
  struct CancellingSink : ResultSink {
    std::atomic<bool>& cancel;
    std::vector<RecordResult> results;
    explicit CancellingSink(std::atomic<bool>& c) : cancel(c) {}
    void on_result(const RecordResult& r) override {
      RecordResult copy;
      copy.index = r.index;
      copy.status = r.status;
      copy.message = r.message;
      copy.raw = r.raw;
      results.push_back(std::move(copy));
      cancel = true;  // Ctrl-C as soon as the first record is reported
    }
  } sink(cancel);
  RecordPreparer prepare = [](rapidjson::Document&) { return std::vector<Problem>{}; };
  RouteFactory routes = [&run] { return std::make_unique<FakeRoute>(run.log); };
  const RunSummary summary = run_records(reader, prepare, routes, run.options, sink);
  CHECK(summary.interrupted);
  REQUIRE(sink.results.size() == summary.records);
  CHECK(summary.records > 1);
  CHECK(sink.results[0].status == RecordStatus::Created);
  CHECK(sink.results[0].raw.empty());  // kept only for the records --rejects writes
  const RecordResult& last = sink.results.back();
  CHECK(last.status == RecordStatus::NotAttempted);
  CHECK(last.message.find("was not attempted: the run stopped early (interrupted)") != std::string::npos);
  CHECK(last.raw.rfind(R"({"n":)" + std::to_string(last.index) + ",", 0) == 0);
}

TEST_CASE("input damage ends the input, not the run: the records read before it are sent and reported") {
  Run run;
  run.options.concurrency = 2;
  run.log.max_delay_us = 2000;  // the reader hits the damage long before the workers are done
  // A JSON array missing the comma after its third element.
  std::istringstream in(R"([{"n":0,"emails":[{"email":"a@x.com"}]},{"n":1,"emails":[{"email":"b@x.com"}]},)"
                        R"({"n":2,"emails":[{"email":"c@x.com"}]} {"n":3,"emails":[{"email":"d@x.com"}]}])");
  RecordReader reader(in, InputFormat::Json, "test");
  Sink sink(run.log);
  RecordPreparer prepare = [](rapidjson::Document&) { return std::vector<Problem>{}; };
  RouteFactory routes = [&run] { return std::make_unique<FakeRoute>(run.log); };
  const RunSummary summary = run_records(reader, prepare, routes, run.options, sink);
  REQUIRE(summary.fatal.has_value());
  CHECK(summary.fatal->kind() == ErrorKind::InvalidInput);
  CHECK(run.log.creates.load() == 3);
  CHECK(sink.indexes == std::vector<size_t>{0, 1, 2});
  CHECK(summary.created == 3);
}

TEST_CASE("a second run with the same journal skips created records and sends nothing for them") {
  char t[] = "/tmp/tc-runner-journal-XXXXXX";
  const int fd = mkstemp(t);
  REQUIRE(fd >= 0);
  close(fd);
  const std::string input = ndjson(20, [](size_t i) { return i == 7 ? R"(,"fail":"invalid")" : ""; });
  {
    Journal journal(t);
    Run run;
    run.options.journal = &journal;
    auto [summary, sink] = run.go(input);
    CHECK(summary.created == 19);
    CHECK(summary.failed == 1);
  }
  Journal journal(t);
  Run second;
  second.options.journal = &journal;
  auto [summary, sink] = second.go(input);
  CHECK(second.log.creates.load() == 1);  // only the failed record is tried again
  CHECK(summary.skipped == 19);
  CHECK(summary.failed == 1);
  CHECK(summary.requests == 1);
  REQUIRE(sink.ids.size() == 20);
  CHECK(sink.statuses[0] == RecordStatus::Skipped);
  CHECK(sink.ids[0] == "opp-0");
  CHECK(sink.ids[19] == "opp-19");
  std::remove(t);
}

TEST_CASE(
    "a record created whose later step failed: reported failed with its id, journaled incomplete, finished by the next "
    "run") {
  char t[] = "/tmp/tc-runner-created-XXXXXX";
  const int fd = mkstemp(t);
  REQUIRE(fd >= 0);
  close(fd);
  const std::string input = ndjson(5, [](size_t i) { return i == 3 ? R"(,"fail":"after_create")" : ""; });
  {
    Journal journal(t);
    Run run;
    run.options.journal = &journal;
    auto [summary, sink] = run.go(input);
    CHECK(summary.created == 4);
    CHECK(summary.failed == 1);
    REQUIRE(sink.ids.size() == 5);
    CHECK(sink.statuses[3] == RecordStatus::Failed);
    CHECK(sink.ids[3] == "opp-3");
  }
  {
    Journal journal(t);
    Run second;
    second.options.journal = &journal;
    auto [summary, sink] = second.go(input);
    CHECK(second.log.creates.load() == 0);    // never created again
    CHECK(second.log.completes.load() == 1);  // record 3's later steps are finished instead
    CHECK(summary.skipped == 4);
    CHECK(summary.created == 1);
    REQUIRE(sink.ids.size() == 5);
    CHECK(sink.statuses[3] == RecordStatus::Created);
    CHECK(sink.ids[3] == "opp-3");
  }
  Journal journal(t);
  Run third;
  third.options.journal = &journal;
  auto [summary, sink] = third.go(input);
  CHECK(third.log.creates.load() == 0);
  CHECK(third.log.completes.load() == 0);
  CHECK(summary.skipped == 5);
  std::remove(t);
}

TEST_CASE("records left in flight are resolved before anything is sent again") {
  char t[] = "/tmp/tc-runner-inflight-XXXXXX";
  const int fd = mkstemp(t);
  REQUIRE(fd >= 0);
  close(fd);
  const std::string input = R"({"n":0,"emails":[{"email":"a@x.com"}],"exists":true})"
                            "\n"
                            R"({"n":1,"emails":[{"email":"b@x.com"}]})"
                            "\n"
                            R"({"n":2,"first_name":"NoMail"})"
                            "\n";
  Target target;
  target.job_id = "post1";
  {
    Journal journal(t);
    std::istringstream in(input);
    RecordReader reader(in, InputFormat::Ndjson, "test");
    InputRecord record;
    while (reader.next(record)) journal.record_started(journal_key(record.doc, target), record.index, 1000);
  }
  Journal journal(t);
  Run run;
  run.options.journal = &journal;
  run.options.concurrency = 2;
  auto [summary, sink] = run.go(input);
  REQUIRE(sink.statuses.size() == 3);
  CHECK(sink.statuses[0] == RecordStatus::Skipped);  // found by the lookup
  CHECK(sink.ids[0] == "opp-0");
  CHECK(sink.statuses[1] == RecordStatus::Created);  // not found, has an e-mail: sent again
  CHECK(sink.statuses[2] == RecordStatus::Unknown);  // no e-mail: cannot tell
  CHECK(run.log.resolves.load() == 3);
  CHECK(run.log.creates.load() == 1);
  CHECK(summary.unknown == 1);
  // The resolution is journaled: a third run skips 0 and 1 without any lookup.
  Journal reloaded(t);
  rapidjson::Document first;
  REQUIRE(parse_json(R"({"n":0,"emails":[{"email":"a@x.com"}],"exists":true})", first));
  REQUIRE(reloaded.find(journal_key(first, target)).has_value());
  CHECK(reloaded.find(journal_key(first, target))->state == JournalEntry::State::Created);
  CHECK(reloaded.find(journal_key(first, target))->id == "opp-0");
  std::remove(t);
}

TEST_CASE("a record left in flight moments ago is looked up only once its create has had the time to land") {
  char t[] = "/tmp/tc-runner-settle-XXXXXX";
  const int fd = mkstemp(t);
  REQUIRE(fd >= 0);
  close(fd);
  const std::string input = R"({"n":0,"emails":[{"email":"a@x.com"}],"exists":true})"
                            "\n";
  Target target;
  target.job_id = "post1";
  Run run;
  rapidjson::Document record;
  REQUIRE(parse_json(R"({"n":0,"emails":[{"email":"a@x.com"}],"exists":true})", record));
  {
    Journal journal(t);  // sent 4 s before "now" by a run that was killed
    journal.record_started(journal_key(record, target), 0, run.clock.epoch_ms() - 4000);
  }
  Journal journal(t);
  run.options.journal = &journal;
  run.options.in_flight_settle_seconds = 30;
  auto [summary, sink] = run.go(input);
  CHECK(run.clock.sleeps() == std::vector<double>{26.0});  // until 30 s after it was sent
  CHECK(run.log.resolves.load() == 1);
  CHECK(sink.statuses == std::vector<RecordStatus>{RecordStatus::Skipped});
  std::remove(t);
}

TEST_CASE("a journal written before SHA-256 resumes: created records skipped, started ones resolved") {
  // tests/fixtures/journal-v1.ndjson: written with FNV keys for these records and job post1 —
  // 0 created (opp-legacy-0), 1 and 2 left started, 3 failed.
  char t[] = "/tmp/tc-runner-legacy-XXXXXX";
  const int fd = mkstemp(t);
  REQUIRE(fd >= 0);
  close(fd);
  {
    std::ifstream in(source_dir() + "/tests/fixtures/journal-v1.ndjson");
    REQUIRE(in);
    std::ofstream out(t);
    out << in.rdbuf();
  }
  const std::string input = R"({"n":0,"emails":[{"email":"a@x.com"}]})"
                            "\n"
                            R"({"n":1,"emails":[{"email":"b@x.com"}],"exists":true})"
                            "\n"
                            R"({"n":2,"emails":[{"email":"c@x.com"}]})"
                            "\n"
                            R"({"n":3,"emails":[{"email":"d@x.com"}]})"
                            "\n";
  {
    Journal journal(t);
    Run run;
    run.options.journal = &journal;
    auto [summary, sink] = run.go(input);
    REQUIRE(sink.statuses.size() == 4);
    CHECK(sink.statuses[0] == RecordStatus::Skipped);  // created before the upgrade: nothing sent
    CHECK(sink.ids[0] == "opp-legacy-0");
    CHECK(sink.statuses[1] == RecordStatus::Skipped);  // in flight, found by the lookup
    CHECK(sink.ids[1] == "opp-1");
    CHECK(sink.statuses[2] == RecordStatus::Created);  // in flight, not found, has an e-mail: sent again
    CHECK(sink.statuses[3] == RecordStatus::Created);  // failed before: tried again
    CHECK(run.log.resolves.load() == 2);
    CHECK(run.log.creates.load() == 2);
  }
  // What this run wrote is under SHA-256 keys, and a third run sends and looks up nothing.
  size_t new_lines = 0;
  {
    std::ifstream in(t);
    size_t number = 0;
    for (std::string line; std::getline(in, line);) {
      if (++number <= 6) continue;  // the fixture's lines
      rapidjson::Document d;
      REQUIRE(parse_json(line, d));
      CHECK(get_string(d, "key").size() == 64);
      ++new_lines;
    }
  }
  CHECK(new_lines == 5);  // created 1; started + created 2 and 3
  Journal journal(t);
  Run third;
  third.options.journal = &journal;
  auto [summary, sink] = third.go(input);
  CHECK(summary.skipped == 4);
  CHECK(third.log.creates.load() == 0);
  CHECK(third.log.resolves.load() == 0);
  CHECK(sink.ids == std::vector<std::string>{"opp-legacy-0", "opp-1", "opp-2", "opp-3"});
  std::remove(t);
}

TEST_CASE("a truto record left in flight before the upgrade is not re-sent under a new Idempotency-Key") {
  char t[] = "/tmp/tc-runner-legacy-truto-XXXXXX";
  const int fd = mkstemp(t);
  REQUIRE(fd >= 0);
  close(fd);
  const std::string input = R"({"n":0,"emails":[{"email":"a@x.com"}]})"
                            "\n"
                            R"({"n":1,"emails":[{"email":"b@x.com"}]})"
                            "\n";
  Run run;
  run.options.target.via = Route::Truto;
  run.options.target.integrated_account_id = "ia1";
  {
    Journal journal(t);
    rapidjson::Document first;
    REQUIRE(parse_json(R"({"n":0,"emails":[{"email":"a@x.com"}]})", first));
    journal.record_started(legacy_fnv_journal_key(first, run.options.target), 0, 1000);
  }
  Journal journal(t);
  run.options.journal = &journal;
  auto [summary, sink] = run.go(input);
  REQUIRE(sink.statuses.size() == 2);
  CHECK(sink.statuses[0] == RecordStatus::Unknown);
  CHECK(sink.statuses[1] == RecordStatus::Created);
  CHECK(run.log.creates.load() == 1);
  CHECK(run.log.resolves.load() == 0);
  std::remove(t);
}

TEST_CASE("memory stays bounded: 10,000 records, a slow route, at most the window (concurrency * 4 + 16) held") {
  Run run;
  run.options.concurrency = 4;
  run.log.max_delay_us = 50;
  auto [summary, sink] = run.go(ndjson(10'000));
  CHECK(summary.created == 10'000);
  CHECK(sink.indexes.size() == 10'000);
  // The reader emits results itself before reading on, so records read minus records reported never
  // exceeds the window (ARCHITECTURE.md §5).
  CHECK(run.log.max_held.load() <= 4 * 4 + 16);
  CHECK(run.log.max_held.load() > 4);  // more than one per worker: the window is used at all
}

TEST_CASE("unreadable records fail alone; validate mode sends nothing") {
  Run run;
  auto [summary, sink] = run.go("{\"n\":0}\n{broken\n{\"n\":2}\n");
  REQUIRE(sink.statuses.size() == 3);
  CHECK(sink.statuses[1] == RecordStatus::Failed);
  CHECK(summary.created == 2);

  Run validate;
  validate.options.mode = RunMode::Validate;
  auto [vsummary, vsink] = validate.go(ndjson(5));
  CHECK(vsummary.valid == 5);
  CHECK(validate.log.creates.load() == 0);
}
