// Duplicates (ARCHITECTURE.md §5, docs/lever-contract.md §2): the matching rule, the posting index,
// the lever route's lookup and merge, and the runner's policy and in-batch duplicates.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/input/record_reader.hpp"
#include "core/lever/duplicate_matcher.hpp"
#include "core/lever/route.hpp"
#include "core/model/duplicates.hpp"
#include "core/run/in_batch_duplicates.hpp"
#include "core/run/record_runner.hpp"
#include "core/util/json_util.hpp"
#include "fakes.hpp"
#include "typed_record.hpp"

using namespace tc;
using tc::test::FakeClock;
using tc::test::FakeTransport;
using tc::test::ForwardingTransport;
using tc::test::respond;
using tc::test::TypedRecord;

namespace {

rapidjson::Document doc(const std::string& text) {
  rapidjson::Document d;
  REQUIRE(parse_json(text, d));
  return d;
}

std::string data(const std::string& json) { return R"({"data":)" + json + "}"; }

}  // namespace

// ---- the matching rule ------------------------------------------------------------------------

TEST_CASE("e-mails are compared trimmed and case-insensitive; repeats and blanks are dropped") {
  CHECK(normalize_email("  Ada@Example.COM \t") == "ada@example.com");
  const auto emails = record_emails(doc(
      R"({"emails":[{"email":" ADA@example.com "},{"email":"ada@example.com"},{"email":"  "},{"email":"b@x.io"}]})"));
  REQUIRE(emails.size() == 2);
  CHECK(emails[0] == "ada@example.com");
  CHECK(emails[1] == "b@x.io");
  CHECK(record_emails(doc(R"({"first_name":"Ada"})")).empty());
}

TEST_CASE("a duplicate is an opportunity on the same posting holding one of the record's e-mails") {
  const auto ada = doc(R"({"id":"o1","emails":["Ada@Example.com "],"applications":[{"id":"a","posting":"post1"}]})");
  CHECK(is_duplicate_of(ada, {"ada@example.com"}, "post1"));
  // Several e-mails: any one of them matches.
  CHECK(is_duplicate_of(ada, {"other@x.io", "ada@example.com"}, "post1"));
  CHECK_FALSE(is_duplicate_of(ada, {"other@x.io"}, "post1"));
  // The same person on another posting is not a duplicate.
  CHECK_FALSE(is_duplicate_of(ada, {"ada@example.com"}, "post2"));
  // Plain application ids cannot say: the posting filter of the read decides.
  CHECK(is_duplicate_of(doc(R"({"id":"o2","emails":["ada@example.com"],"applications":["a"]})"), {"ada@example.com"},
                        "post1"));
  CHECK_FALSE(is_duplicate_of(ada, {}, "post1"));
}

TEST_CASE("of several duplicates the earliest created is the one") {
  const auto list = doc(R"([{"id":"late","emails":["a@x.io"],"createdAt":20},)"
                        R"({"id":"other","emails":["b@x.io"],"createdAt":1},)"
                        R"({"id":"early","emails":["A@X.IO"],"createdAt":10}])");
  const rapidjson::Value* found = find_duplicate_in(list, {"a@x.io"}, "post1");
  REQUIRE(found != nullptr);
  CHECK(get_string(*found, "id") == "early");
  CHECK(find_duplicate_in(list, {"c@x.io"}, "post1") == nullptr);
}

TEST_CASE("blank records: every member empty") {
  CHECK(is_blank_record(doc("{}")));
  CHECK(is_blank_record(doc(R"({"first_name":"  ","last_name":""})")));
  // Other types are for the schema to judge, not blank.
  CHECK_FALSE(is_blank_record(doc(R"({"emails":null})")));
  CHECK_FALSE(is_blank_record(doc(R"({"remote_data":[]})")));
  CHECK_FALSE(is_blank_record(doc(R"({"title":"CTO"})")));
  CHECK_FALSE(is_blank_record(doc("[]")));
}

TEST_CASE("--on-duplicate values") {
  CHECK(parse_on_duplicate("merge") == OnDuplicate::Merge);
  CHECK_FALSE(parse_on_duplicate("Skip").has_value());
  CHECK(std::string(to_string(OnDuplicate::Fail)) == "fail");
}

// ---- the posting index ------------------------------------------------------------------------

TEST_CASE("the index plan: one record looks up, a known count reads R/10 pages, a stream looks up 10 first") {
  CHECK(posting_index_plan(1).budget_pages == 0);
  CHECK(posting_index_plan(1000).budget_pages == 100);
  CHECK(posting_index_plan(1000).lookups_first == 0);
  CHECK(posting_index_plan(5).budget_pages == 1);
  CHECK(posting_index_plan(std::nullopt).budget_pages == 100);
  CHECK(posting_index_plan(std::nullopt).lookups_first == 10);
}

namespace {

// Pages of `per_page` opportunities p<i>@x.io, `total` in all.
PostingIndex::PageReader pages(size_t total, size_t per_page, std::atomic<int>& reads) {
  return [=, &reads](const std::string& offset) {
    ++reads;
    const size_t start = offset.empty() ? 0 : std::stoul(offset);
    std::string items;
    for (size_t i = start; i < std::min(total, start + per_page); ++i) {
      if (!items.empty()) items += ",";
      items += R"({"id":"o)" + std::to_string(i) + R"(","emails":["P)" + std::to_string(i) + R"(@x.io"],"createdAt":)" +
               std::to_string(i) + "}";
    }
    OpportunityPage page;
    page.data.Parse(("[" + items + "]").c_str());
    if (start + per_page < total) page.next = std::to_string(start + per_page);
    return page;
  };
}

}  // namespace

TEST_CASE("a posting within the budget is read once and matched locally") {
  std::atomic<int> reads{0};
  PostingIndex index(IndexPlan{5, 0});
  const auto reader = pages(450, 100, reads);
  CHECK(index.use("post1", reader) == PostingIndex::Use::Index);
  CHECK(index.use("post1", reader) == PostingIndex::Use::Index);  // read once
  CHECK(reads.load() == 5);
  auto found = index.find({"p449@x.io"});
  REQUIRE(found.has_value());
  CHECK(get_string(*found, "id") == "o449");
  CHECK_FALSE(index.find({"nobody@x.io"}).has_value());
}

TEST_CASE("a posting larger than the budget is not indexed: records are looked up instead") {
  std::atomic<int> reads{0};
  PostingIndex index(IndexPlan{3, 0});
  CHECK(index.use("post1", pages(1000, 100, reads)) == PostingIndex::Use::Lookup);
  CHECK(reads.load() == 3);
  CHECK(index.use("post1", pages(1000, 100, reads)) == PostingIndex::Use::Lookup);
  CHECK(reads.load() == 3);  // not tried again
}

TEST_CASE("a stream looks its first records up before reading the posting") {
  std::atomic<int> reads{0};
  PostingIndex index(IndexPlan{100, 2});
  const auto reader = pages(10, 100, reads);
  CHECK(index.use("post1", reader) == PostingIndex::Use::Lookup);
  CHECK(index.use("post1", reader) == PostingIndex::Use::Lookup);
  CHECK(reads.load() == 0);
  CHECK(index.use("post1", reader) == PostingIndex::Use::Index);
  CHECK(reads.load() == 1);
}

TEST_CASE("while one worker reads the posting, others look records up in lanes, paced by the pages read") {
  PostingIndex index(IndexPlan{5, 0});
  std::mutex gate_mutex;
  std::condition_variable gate;
  int pages_allowed = 0;
  std::atomic<int> reads{0};
  const auto slow_reader = [&](const std::string& offset) {
    const int page_number = ++reads;
    std::unique_lock<std::mutex> lock(gate_mutex);
    gate.wait(lock, [&] { return pages_allowed >= page_number; });
    OpportunityPage page;
    page.data.Parse(
        (R"([{"id":"o)" + std::to_string(page_number) + R"(","emails":["a)" + offset + R"(@x.io"]}])").c_str());
    if (page_number < 3) page.next = std::to_string(page_number);
    return page;
  };
  const auto allow_pages = [&](int n) {
    {
      std::lock_guard<std::mutex> lock(gate_mutex);
      pages_allowed = n;
    }
    gate.notify_all();
  };
  std::thread loader([&] { CHECK(index.use("post1", slow_reader) == PostingIndex::Use::Index); });
  while (reads.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  // Before any page: kLaneLookupsFirst (2) lanes, at most kMaxLanes (2) at once.
  CHECK(index.use("post1", slow_reader) == PostingIndex::Use::LookupInLane);
  CHECK(index.use("post1", slow_reader) == PostingIndex::Use::LookupInLane);
  std::atomic<bool> third_done{false};
  PostingIndex::Use third_use = PostingIndex::Use::Lookup;
  std::thread third([&] {
    third_use = index.use("post1", slow_reader);
    third_done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK_FALSE(third_done.load());  // both lanes taken
  index.leave_lane();
  index.leave_lane();
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK_FALSE(third_done.load());  // lanes free, but no page read yet: the lookups are spent
  allow_pages(1);
  third.join();
  CHECK(third_use == PostingIndex::Use::LookupInLane);  // one page read: 2.5 lookups allowed
  index.leave_lane();
  allow_pages(3);
  loader.join();
  CHECK(index.use("post1", slow_reader) == PostingIndex::Use::Index);
  CHECK(reads.load() == 3);
  CHECK(index.find({"a1@x.io"}).has_value());
}

TEST_CASE("a small batch's read (two pages at most) opens no lanes: the others wait for the index") {
  PostingIndex index(posting_index_plan(20));
  REQUIRE(posting_index_plan(20).budget_pages == PostingIndex::kNoLanesUpToPages);
  std::mutex gate_mutex;
  std::condition_variable gate;
  bool page_allowed = false;
  std::atomic<int> reads{0};
  const auto gated_reader = [&](const std::string&) {
    ++reads;
    std::unique_lock<std::mutex> lock(gate_mutex);
    gate.wait(lock, [&] { return page_allowed; });
    OpportunityPage page;
    page.data.Parse(R"([{"id":"o1","emails":["a@x.io"]}])");
    return page;
  };
  std::thread loader([&] { CHECK(index.use("post1", gated_reader) == PostingIndex::Use::Index); });
  while (reads.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::atomic<bool> second_done{false};
  PostingIndex::Use second_use = PostingIndex::Use::LookupInLane;
  std::thread second([&] {
    second_use = index.use("post1", gated_reader);
    second_done = true;
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  CHECK_FALSE(second_done.load());  // no lane: it waits for the page rather than look up
  {
    std::lock_guard<std::mutex> lock(gate_mutex);
    page_allowed = true;
  }
  gate.notify_all();
  loader.join();
  second.join();
  CHECK(second_use == PostingIndex::Use::Index);
  CHECK(reads.load() == 1);
}

TEST_CASE("a stream's end, reached before the posting is read, turns its plan into a known count's") {
  std::atomic<int> reads{0};
  PostingIndex index(posting_index_plan(std::nullopt));
  const auto endless = pages(1'000'000, 100, reads);
  for (int i = 0; i < 3; ++i) CHECK(index.use("post1", endless) == PostingIndex::Use::Lookup);
  CHECK(reads.load() == 0);
  index.input_counted(20);  // 20 records in all: 2 pages at most, read at once
  CHECK(index.use("post1", endless) == PostingIndex::Use::Lookup);
  CHECK(reads.load() == 2);
  index.input_counted(5000);  // the read is over: no second one
  CHECK(index.use("post1", endless) == PostingIndex::Use::Lookup);
  CHECK(reads.load() == 2);
}

TEST_CASE("a stream's end, reached while the posting is read, stops the read at the new budget") {
  PostingIndex index(posting_index_plan(std::nullopt));
  for (int i = 0; i < 10; ++i) index.use("post1", [](const std::string&) { return OpportunityPage{}; });
  std::mutex gate_mutex;
  std::condition_variable gate;
  int pages_allowed = 1;
  std::atomic<int> reads{0};
  const auto gated_endless = [&](const std::string&) {
    const int page_number = ++reads;
    std::unique_lock<std::mutex> lock(gate_mutex);
    gate.wait(lock, [&] { return pages_allowed >= page_number; });
    OpportunityPage page;
    page.data.Parse(R"([{"id":"o","emails":["o@x.io"]}])");
    page.next = std::to_string(page_number);
    return page;
  };
  PostingIndex::Use loader_use = PostingIndex::Use::Index;
  std::thread loader([&] { loader_use = index.use("post1", gated_endless); });
  while (reads.load() < 2) std::this_thread::sleep_for(std::chrono::milliseconds(1));  // page 2 in flight
  index.input_counted(20);
  {
    std::lock_guard<std::mutex> lock(gate_mutex);
    pages_allowed = 1000;
  }
  gate.notify_all();
  loader.join();
  CHECK(loader_use == PostingIndex::Use::Lookup);  // not the whole posting: records look themselves up
  CHECK(reads.load() == 2);                        // not the stream's 100
  CHECK(index.pages_read() == 2);
}

// ---- the lever route --------------------------------------------------------------------------

namespace {

const std::string kExisting =
    R"({"id":"old1","name":"Ada Lovelace","emails":["ada@example.com"],"createdAt":1,"tags":["keep"],)"
    R"("links":[],"sources":["Referral"],"stage":{"id":"lead-new","text":"New lead"},)"
    R"("applications":[{"id":"app0","posting":"post1","type":"user"}]})";

struct Rig {
  FakeTransport transport;
  FakeClock clock;
  std::unique_ptr<LeverSession> session;
  explicit Rig(std::optional<size_t> expected = 1) {
    LeverSettings s;
    s.target.job_id = "post1";
    s.endpoint.base_url = "https://api.lever.co/v1";
    s.endpoint.credentials = {LeverCredentials::Kind::ApiKey, "secret-key"};
    s.perform_as = "u1";
    s.rate = 0;
    s.expected_records = expected;
    session = std::make_unique<LeverSession>(
        s, [this] { return std::make_unique<ForwardingTransport>(transport); }, clock, nullptr, nullptr);
  }
};

}  // namespace

TEST_CASE("a single record's check is one GET by e-mail and posting") {
  Rig rig;
  rig.transport.on("GET", "/v1/opportunities", {respond(200, data("[" + kExisting + "]"))});
  LeverRoute route(*rig.session);
  auto found = route.find_duplicate(TypedRecord(R"({"emails":[{"email":" ADA@example.com"}]})"));
  REQUIRE(found.has_value());
  CHECK(found->id == "old1");
  CHECK(get_string(found->candidate, "id") == "old1");
  const auto requests = rig.transport.requests();
  REQUIRE(requests.size() == 1);
  CHECK(requests[0].url.find("email=ada%40example.com") != std::string::npos);
  CHECK(requests[0].url.find("posting_id=post1") != std::string::npos);
  // No e-mail: nothing to match on, nothing sent.
  CHECK_FALSE(route.find_duplicate(TypedRecord(R"({"first_name":"Ada"})")).has_value());
  CHECK(rig.transport.size() == 1);
}

TEST_CASE("a bulk run reads the posting once (paginated) and matches locally") {
  Rig rig(1000);
  rig.transport.on("GET", "/v1/opportunities", [](const HttpRequest& r) {
    if (r.url.find("offset=") == std::string::npos)
      return respond(200, R"({"data":[{"id":"x","emails":["x@x.io"]}],"hasNext":true,"next":"tok2"})");
    return respond(200, R"({"data":[)" + kExisting + R"(],"hasNext":false})");
  });
  LeverRoute first(*rig.session), second(*rig.session);
  CHECK(first.find_duplicate(TypedRecord(R"({"emails":[{"email":"ada@example.com"}]})"))->id == "old1");
  CHECK(second.find_duplicate(TypedRecord(R"({"emails":[{"email":"x@x.io"}]})"))->id == "x");
  CHECK_FALSE(second.find_duplicate(TypedRecord(R"({"emails":[{"email":"new@x.io"}]})")).has_value());
  CHECK(rig.transport.count("GET", "/v1/opportunities") == 2);  // two pages, no per-record lookups
  CHECK(rig.transport.requests()[1].url.find("offset=tok2") != std::string::npos);
}

TEST_CASE("merge only adds what the opportunity lacks, through the additive calls") {
  Rig rig;
  rig.transport.on("GET", "/v1/opportunities/old1", {respond(200, data(kExisting))});
  rig.transport.on("POST", "/v1/opportunities/old1/addTags",
                   {respond(200, data(R"({"id":"old1","tags":["keep","new"]})"))});
  rig.transport.on("POST", "/v1/opportunities/old1/addLinks",
                   {respond(200, data(R"({"id":"old1","links":["https://ada.dev"]})"))});
  LeverRoute route(*rig.session);
  CreateOutcome merged =
      route.merge_into("old1", TypedRecord(R"({"first_name":"Someone Else","emails":[{"email":"ada@example.com"}],)"
                                           R"("tags":["KEEP","new"],"links":[{"url":"https://ada.dev"}]})"));
  CHECK(merged.id == "old1");
  const auto requests = rig.transport.requests();
  for (const auto& r : requests) {
    CHECK(r.method != "PUT");
    CHECK(r.url.find("/opportunities?") == std::string::npos);  // no create
  }
  CHECK(rig.transport.count("POST", "/v1/opportunities/old1/addTags") == 1);
  CHECK(rig.transport.count("POST", "/v1/opportunities/old1/addSources") == 0);  // nothing new
  const HttpRequest* tags = nullptr;
  for (const auto& r : requests)
    if (r.url.find("addTags") != std::string::npos) tags = &r;
  REQUIRE(tags != nullptr);
  CHECK(tags->body == R"({"tags":["new"]})");  // "keep" is there already (case-insensitively)
  // The name is never overwritten: the printed candidate is Lever's.
  CHECK(get_string(merged.candidate, "name") == "Ada Lovelace");
}

TEST_CASE("an ambiguous create's lookup never adopts a known (earlier record's) candidate") {
  Rig rig;
  // The first POST is ambiguous; the lookup sees only the earlier record's opportunity; the re-send works.
  rig.transport.on(
      "POST", "/v1/opportunities",
      {tc::test::ambiguous(), respond(201, data(R"({"id":"mine","name":"Ada","emails":["ada@example.com"],)"
                                                R"("stage":{"id":"s"},"applications":[]})"))});
  rig.transport.on("GET", "/v1/opportunities",
                   {respond(200, data(R"([{"id":"earlier","emails":["ada@example.com"],"createdAt":5}])"))});
  LeverRoute route(*rig.session);
  route.set_known_candidates({"earlier"});
  CreateOutcome outcome = route.create(TypedRecord(R"({"first_name":"Ada","emails":[{"email":"ada@example.com"}]})"));
  CHECK(outcome.id == "mine");
  CHECK(rig.transport.count("POST", "/v1/opportunities") == 2);
}

// ---- the runner: policy and in-batch duplicates -----------------------------------------------

namespace {

// Lever holds `existing` e-mails (opportunity "lever-<email>"); creates make "new-<n>".
struct DupLog {
  std::mutex mutex;
  std::set<std::string> existing;
  std::vector<std::string> created, merged;
  std::atomic<int> lookups{0};
  std::vector<std::set<std::string>> known_at_create;
};

class DupRoute : public CandidateRoute {
 public:
  explicit DupRoute(DupLog& log) : log_(log) {}
  CreateOutcome create(const CandidateRecord& record) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // let other workers race
    std::lock_guard<std::mutex> lock(log_.mutex);
    const std::string id = "new-" + std::to_string((*record.document)["n"].GetInt());
    log_.created.push_back(id);
    log_.known_at_create.push_back(known_);
    return outcome(id);
  }
  rapidjson::Document plan(const CandidateRecord&) override { return rapidjson::Document(rapidjson::kObjectType); }
  std::optional<CreateOutcome> resolve_in_flight(const CandidateRecord&, long long, bool&) override {
    return std::nullopt;
  }
  long long requests_sent() const override { return 0; }
  std::optional<CreateOutcome> find_duplicate(const CandidateRecord& record) override {
    ++log_.lookups;
    std::lock_guard<std::mutex> lock(log_.mutex);
    for (const auto& e : record_emails(record))
      if (log_.existing.count(e)) return outcome("lever-" + e);
    return std::nullopt;
  }
  CreateOutcome merge_into(const std::string& id, const CandidateRecord&) override {
    std::lock_guard<std::mutex> lock(log_.mutex);
    log_.merged.push_back(id);
    return outcome(id);
  }
  void set_known_candidates(std::set<std::string> ids) override { known_ = std::move(ids); }

 private:
  static CreateOutcome outcome(const std::string& id) {
    CreateOutcome o;
    o.id = id;
    o.candidate.SetObject();
    o.candidate.AddMember("id", make_string(id, o.candidate.GetAllocator()), o.candidate.GetAllocator());
    return o;
  }
  DupLog& log_;
  std::set<std::string> known_;
};

struct Results : ResultSink {
  std::vector<RecordResult> all;
  void on_result(const RecordResult& r) override {
    RecordResult copy;
    copy.index = r.index;
    copy.status = r.status;
    copy.id = r.id;
    copy.unmatched = r.unmatched;
    copy.error_code = r.error_code;
    copy.error_kind = r.error_kind;
    copy.message = r.message;
    copy.duplicate_of_record = r.duplicate_of_record;
    all.push_back(std::move(copy));
  }
};

struct DupRun {
  DupLog log;
  FakeClock clock;
  RunOptions options;
  DupRun() {
    options.clock = &clock;
    options.concurrency = 4;
    options.target.job_id = "post1";
  }
  std::pair<RunSummary, Results> go(const std::string& ndjson) {
    std::istringstream in(ndjson);
    RecordReader reader(in, InputFormat::Ndjson, "test");
    Results sink;
    RecordPreparer prepare = [](rapidjson::Document&) { return std::vector<Problem>{}; };
    RouteFactory routes = [this] { return std::make_unique<DupRoute>(log); };
    RunSummary summary = run_records(reader, prepare, routes, options, sink);
    return {std::move(summary), std::move(sink)};
  }
};

std::string person(int n, const std::string& email) {
  return R"({"n":)" + std::to_string(n) + R"(,"first_name":"P","emails":[{"email":")" + email + R"("}]})" + "\n";
}

}  // namespace

TEST_CASE("skip (the default): a person already in Lever is `existing`, nothing is created for them") {
  DupRun run;
  run.log.existing = {"old@x.io"};
  auto [summary, sink] = run.go(person(0, "new@x.io") + person(1, " OLD@x.io "));
  REQUIRE(sink.all.size() == 2);
  CHECK(sink.all[0].status == RecordStatus::Created);
  CHECK(sink.all[1].status == RecordStatus::Existing);
  CHECK(sink.all[1].id == "lever-old@x.io");
  CHECK(run.log.created == std::vector<std::string>{"new-0"});
  CHECK(summary.existing == 1);
  CHECK(summary.created == 1);
}

TEST_CASE("fail: a duplicate is failed with code `duplicate` naming the existing id; merge adds; create creates") {
  {
    DupRun run;
    run.options.on_duplicate = OnDuplicate::Fail;
    run.log.existing = {"old@x.io"};
    auto [summary, sink] = run.go(person(0, "old@x.io"));
    REQUIRE(sink.all.size() == 1);
    CHECK(sink.all[0].status == RecordStatus::Failed);
    CHECK(sink.all[0].error_code == "duplicate");
    CHECK(sink.all[0].error_kind == ErrorKind::InvalidInput);
    CHECK(sink.all[0].message.find("lever-old@x.io") != std::string::npos);
    CHECK(run.log.created.empty());
  }
  {
    DupRun run;
    run.options.on_duplicate = OnDuplicate::Merge;
    run.log.existing = {"old@x.io"};
    auto [summary, sink] = run.go(person(0, "old@x.io"));
    CHECK(sink.all[0].status == RecordStatus::Merged);
    CHECK(run.log.merged == std::vector<std::string>{"lever-old@x.io"});
    CHECK(summary.merged == 1);
  }
  {
    DupRun run;
    run.options.on_duplicate = OnDuplicate::Create;
    run.log.existing = {"old@x.io"};
    auto [summary, sink] = run.go(person(0, "old@x.io"));
    CHECK(sink.all[0].status == RecordStatus::Created);
    CHECK(run.log.lookups.load() == 0);  // create does not spend a lookup
  }
}

TEST_CASE(
    "in-batch duplicates: the later record of the same e-mail is a duplicate of the earlier, without asking Lever") {
  for (int round = 0; round < 20; ++round) {  // four workers race; the outcome must not depend on timing
    DupRun run;
    std::string input;
    for (int i = 0; i < 12; ++i) input += person(i, i % 3 == 0 ? "Same@x.io" : "p" + std::to_string(i) + "@x.io");
    auto [summary, sink] = run.go(input);
    REQUIRE(sink.all.size() == 12);
    CHECK(sink.all[0].status == RecordStatus::Created);
    for (int i : {3, 6, 9}) {
      CHECK(sink.all[i].status == RecordStatus::Existing);
      CHECK(sink.all[i].id == "new-0");
    }
    CHECK(run.log.created.size() == 9);
    CHECK(run.log.lookups.load() == 9);  // the three in-batch duplicates did not look up
  }
}

TEST_CASE("in-batch with --on-duplicate create: the later create knows the earlier id, so its lookup cannot adopt it") {
  DupRun run;
  run.options.on_duplicate = OnDuplicate::Create;
  auto [summary, sink] = run.go(person(0, "a@x.io") + person(1, "A@x.io"));
  REQUIRE(run.log.created.size() == 2);
  CHECK(summary.created == 2);
  std::lock_guard<std::mutex> lock(run.log.mutex);
  const auto& known = run.log.known_at_create;
  CHECK(std::count_if(known.begin(), known.end(), [](const auto& k) { return k.count("new-0") == 1; }) == 1);
}

TEST_CASE("a record without e-mail is created and marked unmatched; blank records are skipped and counted") {
  DupRun run;
  auto [summary, sink] = run.go(std::string(R"({"n":0,"first_name":"NoMail"})") + "\n{}\n" +
                                R"({"first_name":" ","last_name":""})" + "\n" + person(3, "a@x.io"));
  REQUIRE(sink.all.size() == 4);
  CHECK(sink.all[0].status == RecordStatus::Created);
  CHECK(sink.all[0].unmatched);
  CHECK(sink.all[1].status == RecordStatus::Blank);
  CHECK(sink.all[2].status == RecordStatus::Blank);
  CHECK_FALSE(sink.all[3].unmatched);
  CHECK(summary.unmatched == 1);
  CHECK(summary.blank == 2);
  CHECK(summary.created == 2);
}

TEST_CASE("dry run and validate report duplicates, in Lever and in the batch, and write nothing") {
  DupRun run;
  run.options.mode = RunMode::DryRun;
  run.options.check_duplicates = true;
  run.log.existing = {"old@x.io"};
  auto [summary, sink] = run.go(person(0, "old@x.io") + person(1, "new@x.io") + person(2, "NEW@x.io"));
  REQUIRE(sink.all.size() == 3);
  CHECK(sink.all[0].status == RecordStatus::Duplicate);
  CHECK(sink.all[0].id == "lever-old@x.io");
  CHECK(sink.all[1].status == RecordStatus::Planned);
  CHECK(sink.all[2].status == RecordStatus::Duplicate);
  REQUIRE(sink.all[2].duplicate_of_record.has_value());
  CHECK(*sink.all[2].duplicate_of_record == 1);
  CHECK(summary.duplicates == 2);
  CHECK(run.log.created.empty());
  CHECK(run.log.merged.empty());
}

TEST_CASE("in-batch duplicates far apart (beyond the runner's window) are still caught without asking Lever") {
  // The runner holds about 4 × concurrency + 16 records at once; the earlier record finished long ago.
  for (OnDuplicate policy : {OnDuplicate::Skip, OnDuplicate::Fail}) {
    DupRun run;
    run.options.on_duplicate = policy;
    std::string input;
    for (int i = 0; i < 300; ++i) input += person(i, i == 250 ? "FIRST@x.io " : "p" + std::to_string(i) + "@x.io");
    input += person(300, "p0@x.io");
    auto [summary, sink] = run.go(input);
    REQUIRE(sink.all.size() == 301);
    CHECK(sink.all[250].status == RecordStatus::Created);
    CHECK(sink.all[300].status == (policy == OnDuplicate::Skip ? RecordStatus::Existing : RecordStatus::Failed));
    CHECK(sink.all[300].id == "new-0");
    CHECK(sink.all[300].message.find(policy == OnDuplicate::Skip ? "" : "record 1 of this input") != std::string::npos);
    CHECK(run.log.created.size() == 300);
    CHECK(run.log.lookups.load() == 300);  // record 300 did not look up
  }
}

TEST_CASE("in-batch, dry run: a repeat far from the earlier record names it; distinct e-mails are not duplicates") {
  DupRun run;
  run.options.mode = RunMode::DryRun;
  std::string input;
  for (int i = 0; i < 500; ++i) input += person(i, "d" + std::to_string(i) + "@x.io");
  input += person(500, "D7@X.IO") + person(501, "d77@x.io ") + person(502, "d500@x.io");
  auto [summary, sink] = run.go(input);
  REQUIRE(sink.all.size() == 503);
  CHECK(summary.duplicates == 2);
  CHECK(sink.all[500].status == RecordStatus::Duplicate);
  REQUIRE(sink.all[500].duplicate_of_record.has_value());
  CHECK(*sink.all[500].duplicate_of_record == 7);
  CHECK(*sink.all[501].duplicate_of_record == 77);
  CHECK(sink.all[502].status == RecordStatus::Planned);
}

TEST_CASE("in-batch with --on-duplicate create: each later create knows every earlier id of its e-mail") {
  DupRun run;
  run.options.on_duplicate = OnDuplicate::Create;
  std::string input = person(0, "a@x.io");
  for (int i = 1; i < 60; ++i) input += person(i, "f" + std::to_string(i) + "@x.io");
  input += person(60, "A@x.io") + person(61, "a@x.io");
  auto [summary, sink] = run.go(input);
  REQUIRE(run.log.created.size() == 62);
  std::lock_guard<std::mutex> lock(run.log.mutex);
  std::set<std::string> known_by_last;
  for (size_t i = 0; i < run.log.created.size(); ++i)
    if (run.log.created[i] == "new-61") known_by_last = run.log.known_at_create[i];
  CHECK(known_by_last == std::set<std::string>{"new-0", "new-60"});
}

TEST_CASE("InBatchDuplicates: memory held whole only for records in flight; the finished ones compactly") {
  InBatchDuplicates table;
  for (size_t i = 0; i < 20000; ++i) {
    const std::vector<std::string> emails = {"m" + std::to_string(i) + "@x.io"};
    table.enter(i, emails);
    CHECK_FALSE(table.wait_for_earlier(i, emails).has_value());
    table.finish(i, emails, i % 2 == 0 ? "opp-" + std::to_string(i) : std::string(), false);
  }
  CHECK(table.pending_emails() == 0);
  CHECK(table.remembered_emails() == 10000);  // only the records that ended with an opportunity
  const std::vector<std::string> again = {"m9998@x.io", "other@x.io"};
  table.enter(20000, again);
  const auto earlier = table.wait_for_earlier(20000, again);
  REQUIRE(earlier.has_value());
  CHECK(earlier->index == 9998);
  CHECK(earlier->id == "opp-9998");
  CHECK(earlier->ids == std::set<std::string>{"opp-9998"});
  CHECK_FALSE(table.wait_for_earlier(20001, {"m9999@x.io"}).has_value());  // it failed: no opportunity
  table.finish(20000, again, "opp-9998", false);
  CHECK(table.pending_emails() == 0);
  CHECK(table.remembered_emails() == 10001);  // other@x.io now; m9998 already held with that id
}

namespace {

std::string person_on(int n, const std::string& email, const std::string& job_id) {
  return R"({"n":)" + std::to_string(n) + R"(,"first_name":"P","emails":[{"email":")" + email + R"("}],"job_id":")" +
         job_id + "\"}\n";
}

}  // namespace

TEST_CASE("in-batch duplicates are per posting: the same person on two postings is two candidates") {
  for (int round = 0; round < 10; ++round) {
    DupRun run;  // the run's posting is post1
    auto [summary, sink] = run.go(person(0, "same@x.io") + person_on(1, "same@x.io", "post2") +
                                  person_on(2, "SAME@x.io", "post1") + person_on(3, "same@x.io ", "post2"));
    REQUIRE(sink.all.size() == 4);
    CHECK(sink.all[0].status == RecordStatus::Created);
    CHECK(sink.all[1].status == RecordStatus::Created);   // another posting: not a duplicate
    CHECK(sink.all[2].status == RecordStatus::Existing);  // job_id = the run's posting: record 0's
    CHECK(sink.all[2].id == "new-0");
    CHECK(sink.all[3].status == RecordStatus::Existing);
    CHECK(sink.all[3].id == "new-1");
    CHECK(summary.created == 2);
  }
}

TEST_CASE("a duplicate's message names the record's posting") {
  DupRun run;
  run.options.on_duplicate = OnDuplicate::Fail;
  auto [summary, sink] = run.go(person_on(0, "a@x.io", "post2") + person_on(1, "a@x.io", "post2"));
  REQUIRE(sink.all.size() == 2);
  CHECK(sink.all[1].status == RecordStatus::Failed);
  CHECK(sink.all[1].message ==
        "record 2 (line 2) is a duplicate: opportunity new-0 (made for record 1 of this input) already holds its "
        "e-mail on posting post2; --on-duplicate fail refuses it");
}

TEST_CASE("without --job-id, a record naming no posting fails alone (pointer /job_id); the others go on") {
  DupRun run;
  run.options.target.job_id.clear();
  auto [summary, sink] = run.go(person_on(0, "a@x.io", "post2") + person(1, "b@x.io") + person_on(2, "c@x.io", "p3"));
  REQUIRE(sink.all.size() == 3);
  CHECK(sink.all[0].status == RecordStatus::Created);
  CHECK(sink.all[1].status == RecordStatus::Failed);
  CHECK(sink.all[1].error_kind == ErrorKind::InvalidInput);
  CHECK(sink.all[1].message == "the record names no posting: it has no job_id and no --job-id was given");
  CHECK(sink.all[2].status == RecordStatus::Created);
  CHECK(run.log.lookups.load() == 2);  // nothing asked for the record without a posting
  CHECK_FALSE(summary.fatal.has_value());
}

TEST_CASE("a short stream (count unknown) into a big posting costs at most 2.1 requests per created lead") {
  Rig rig(std::nullopt);  // stdin: the count is unknown until the reader reaches the end
  std::atomic<int> pages_read{0}, lookups{0}, creates{0};
  rig.transport.on("GET", "/v1/opportunities", [&](const HttpRequest& r) {
    if (r.url.find("email=") != std::string::npos) {
      ++lookups;
      return respond(200, data("[]"));
    }
    const int page = ++pages_read;  // a posting that never ends: far more than 10 opportunities a record
    return respond(200, R"({"data":[{"id":"f)" + std::to_string(page) +
                            R"(","emails":["filler@x.io"]}],"hasNext":true,"next":"p)" + std::to_string(page) +
                            R"("})");
  });
  rig.transport.on("POST", "/v1/opportunities", [&](const HttpRequest&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));  // let the reader reach the end first
    const int n = ++creates;
    return respond(201, data(R"({"id":"new)" + std::to_string(n) +
                             R"(","name":"P","emails":[],)"
                             R"("stage":{"id":"s"},"applications":[]})"));
  });
  std::string ndjson;
  for (int i = 0; i < 20; ++i) ndjson += person(i, "p" + std::to_string(i) + "@x.io");
  std::istringstream in(ndjson);
  RecordReader reader(in, InputFormat::Ndjson, "-");
  RunOptions options;
  options.clock = &rig.clock;
  options.concurrency = 4;
  options.target.job_id = "post1";
  Results sink;
  const RunSummary summary = run_records(
      reader, [](rapidjson::Document&) { return std::vector<Problem>{}; },
      [&] { return std::make_unique<LeverRoute>(*rig.session); }, options, sink);
  REQUIRE(summary.created == 20);
  CHECK(creates.load() == 20);
  CHECK(pages_read.load() <= 2);  // R / 10, not the unknown count's 100
  CHECK(lookups.load() == 20);    // the posting is too large to hold: every record looks itself up
  CHECK(static_cast<double>(rig.transport.size()) / summary.created <= 2.1);
  CHECK(summary.requests == static_cast<long long>(rig.transport.size()));
}
