// `undo` (core/lever/undo, core/run/undo_sources, core/run/undo_runner): what a journal or a results file
// says the run did, the decision per opportunity against what Lever holds now (created → archive, merged →
// take back, changed since → leave), the Lever calls, and exactly once through the progress file.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "core/lever/route.hpp"
#include "core/lever/undo.hpp"
#include "core/run/journal.hpp"
#include "core/run/undo_runner.hpp"
#include "core/run/undo_sources.hpp"
#include "fakes.hpp"
#include "source_dir.hpp"
#include "typed_record.hpp"

using namespace tc;
using tc::test::FakeClock;
using tc::test::FakeTransport;
using tc::test::ForwardingTransport;
using tc::test::respond;
using tc::test::TypedRecord;

namespace {

const std::string kBase = "https://api.lever.co/v1";

std::string data(const std::string& json) { return R"({"data":)" + json + "}"; }

std::string opportunity(const std::string& stage, const std::string& archived = "null",
                        const std::string& tags = R"(["Old","Imported"])",
                        const std::string& links = R"(["https://x.example/ada"])",
                        const std::string& sources = R"(["Referral","Fair"])") {
  return R"({"id":"opp1","createdAt":1700000000000,"stage":")" + stage + R"(","archived":)" + archived + R"(,"tags":)" +
         tags + R"(,"links":)" + links + R"(,"sources":)" + sources + "}";
}

std::string note(const std::string& id) {
  return R"({"id":")" + id + R"(","text":"Note","fields":[{"type":"note","value":"x"}],"deletedAt":null})";
}

UndoTarget created_target(const std::string& stage = "lead-new") {
  UndoTarget t;
  t.id = "opp1";
  t.kind = UndoTarget::Kind::Created;
  t.records = {0};
  t.wrote.kind = "created";
  t.wrote.stage = stage;
  return t;
}

UndoTarget merged_target() {
  UndoTarget t;
  t.id = "opp1";
  t.kind = UndoTarget::Kind::Merged;
  t.records = {1};
  t.wrote.kind = "merged";
  t.wrote.stage = "lead-new";
  t.wrote.tags = {"Imported"};
  t.wrote.links = {"https://x.example/ada"};
  t.wrote.sources = {"Fair"};
  t.wrote.notes = {"n2"};
  t.wrote.files = {"f1"};
  return t;
}

std::string temp_path(const char* name) {
  return std::string("/tmp/tc-test-undo-") + std::to_string(::getpid()) + "-" + name;
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::trunc);
  out << text;
}

struct Rig {
  FakeTransport transport;
  FakeClock clock;
  std::unique_ptr<LeverSession> session;
  Rig() {
    LeverSettings s;
    s.target.job_id = "post1";
    s.endpoint.base_url = kBase;
    s.endpoint.credentials = {LeverCredentials::Kind::ApiKey, "secret-key"};
    s.rate = 0;
    s.retry.retries = 2;
    session = std::make_unique<LeverSession>(
        s, [this] { return std::make_unique<ForwardingTransport>(transport); }, clock, nullptr, nullptr);
  }
};

class Collect : public UndoSink {
 public:
  void on_result(const UndoResult& r) override { results.push_back(r); }
  std::vector<UndoResult> results;
};

}  // namespace

TEST_CASE("decide_undo: a created opportunity is archived unless it changed since the run") {
  const auto same = test::parse_json(opportunity("lead-new"));
  CHECK(decide_undo(created_target(), same, nullptr, false, "r1").action == UndoDecision::Action::Archive);

  const auto moved = test::parse_json(opportunity("phone-screen"));
  const UndoDecision d = decide_undo(created_target(), moved, nullptr, false, "r1");
  CHECK(d.action == UndoDecision::Action::Leave);
  CHECK(d.changed);
  CHECK(d.why == "moved from stage lead-new to phone-screen since the run");

  const auto archived = test::parse_json(opportunity("lead-new", R"({"reason":"r1","archivedAt":1})"));
  CHECK(decide_undo(created_target(), archived, nullptr, false, "r1").changed);  // someone else archived it
  // An undo that stopped after its archive: done, nothing to write.
  CHECK(decide_undo(created_target(), archived, nullptr, true, "r1").action == UndoDecision::Action::Done);
  // Resumed, but archived with another reason: someone changed it.
  CHECK(decide_undo(created_target(), archived, nullptr, true, "r2").changed);
  // Without a journaled stage (an incomplete record) only the archive state counts.
  CHECK(decide_undo(created_target(""), moved, nullptr, false, "r1").action == UndoDecision::Action::Archive);
}

TEST_CASE("decide_undo: an earlier version's created-or-merged record is told apart by createdAt") {
  UndoTarget t = created_target("");
  t.created_or_merged = true;
  t.started_ms = 1700000000000 + 10 * 60 * 1000;  // the opportunity is 10 minutes older than the send
  const auto opp = test::parse_json(opportunity("lead-new"));
  const UndoDecision older = decide_undo(t, opp, nullptr, false, "r1");
  CHECK(older.action == UndoDecision::Action::Leave);
  CHECK_FALSE(older.changed);
  CHECK(older.why.find("merged into") != std::string::npos);
  t.started_ms = 1700000000000 + 5000;  // within the clock skew: the run's own
  CHECK(decide_undo(t, opp, nullptr, false, "r1").action == UndoDecision::Action::Archive);
}

TEST_CASE("decide_undo: a merged-into opportunity loses exactly what the run added") {
  const auto opp = test::parse_json(opportunity("lead-new"));
  const auto notes = test::parse_json("[" + note("n1") + "," + note("n2") + "]");
  const UndoDecision d = decide_undo(merged_target(), opp, &notes, false, "r1");
  REQUIRE(d.action == UndoDecision::Action::Revert);
  CHECK(d.remove_tags == std::vector<std::string>{"Imported"});
  CHECK(d.remove_links == std::vector<std::string>{"https://x.example/ada"});
  CHECK(d.remove_sources == std::vector<std::string>{"Fair"});
  CHECK(d.delete_notes == std::vector<std::string>{"n2"});

  // A tag the run added was removed by someone, a note deleted: changed since, left as it is.
  const auto edited = test::parse_json(opportunity("lead-new", "null", R"(["Old"])"));
  const auto fewer = test::parse_json("[" + note("n1") + "]");
  const UndoDecision left = decide_undo(merged_target(), edited, &fewer, false, "r1");
  CHECK(left.action == UndoDecision::Action::Leave);
  CHECK(left.changed);
  CHECK(left.why.find("tag \"Imported\"") != std::string::npos);
  CHECK(left.why.find("note n2") != std::string::npos);
  // The same after an undo that stopped half-way: what is missing is its doing; the rest goes.
  const UndoDecision resumed = decide_undo(merged_target(), edited, &fewer, true, "r1");
  CHECK(resumed.action == UndoDecision::Action::Revert);
  CHECK(resumed.remove_tags.empty());
  CHECK(resumed.remove_sources == std::vector<std::string>{"Fair"});
  CHECK(resumed.delete_notes.empty());
  // Everything gone after a stopped undo: done.
  const auto bare = test::parse_json(opportunity("lead-new", "null", R"(["Old"])", "[]", R"(["Referral"])"));
  const auto none = test::parse_json("[" + note("n1") + "]");
  CHECK(decide_undo(merged_target(), bare, &none, true, "r1").action == UndoDecision::Action::Done);
  // Archived since the merge: changed.
  const auto archived = test::parse_json(opportunity("lead-new", R"({"reason":"x"})"));
  CHECK(decide_undo(merged_target(), archived, &notes, false, "r1").changed);
}

TEST_CASE("undo targets from today's journal: created, merged, matched, in flight; one per opportunity") {
  const std::string path = temp_path("journal.ndjson");
  write_file(
      path,
      R"({"key":"k0","state":"started","index":0,"at":100})"
      "\n"
      R"({"key":"k0","state":"created","index":0,"at":200,"id":"A","wrote":{"kind":"created","stage":"s1","notes":["n0"]}})"
      "\n"
      R"({"key":"k1","state":"created","index":1,"at":210,"id":"B","wrote":{"kind":"existing"}})"
      "\n"
      R"({"key":"k2","state":"started","index":2,"at":220})"
      "\n"
      R"({"key":"k2","state":"created","index":2,"at":230,"id":"C","wrote":{"kind":"merged","stage":"s1","tags":["t"],"notes":["n1"],"files":["f1"]}})"
      "\n"
      R"({"key":"k3","state":"started","index":3,"at":240})"
      "\n"
      R"({"key":"k4","state":"started","index":4,"at":250})"
      "\n"
      R"({"key":"k4","state":"created","index":4,"at":260,"id":"A","wrote":{"kind":"merged","tags":["u"]}})"
      "\n"
      R"({"key":"k5","state":"started","index":5,"at":270})"
      "\n"
      R"({"key":"k5","state":"failed","index":5,"at":280})"
      "\n"
      R"({"key":"k6","state":"created","ind)");  // torn last line
  const std::vector<UndoTarget> targets = undo_targets_from_journal(path);
  REQUIRE(targets.size() == 4);
  CHECK(targets[0].id == "A");
  CHECK(targets[0].kind == UndoTarget::Kind::Created);  // created, then merged into by record 4: archive
  CHECK(targets[0].records == std::vector<size_t>{0, 4});
  CHECK(targets[0].wrote.stage == "s1");
  CHECK(targets[1].id == "B");
  CHECK(targets[1].kind == UndoTarget::Kind::Matched);
  CHECK(targets[2].id == "C");
  CHECK(targets[2].kind == UndoTarget::Kind::Merged);
  CHECK(targets[2].wrote.tags == std::vector<std::string>{"t"});
  CHECK(targets[2].wrote.notes == std::vector<std::string>{"n1"});
  CHECK(targets[2].wrote.files == std::vector<std::string>{"f1"});
  CHECK(targets[3].id.empty());
  CHECK(targets[3].kind == UndoTarget::Kind::Unknown);
  CHECK(targets[3].reason.find("record 4") != std::string::npos);
  std::remove(path.c_str());

  write_file(path, "{\"key\":\"k0\"}\nnot json\n{\"key\":\"k1\"}\n");
  CHECK_THROWS_AS(undo_targets_from_journal(path), Error);
  std::remove(path.c_str());
}

TEST_CASE("undo targets from an earlier version's journal: created records only, told apart later") {
  const auto targets = undo_targets_from_journal(source_dir() + "/tests/fixtures/journal-v1.ndjson");
  REQUIRE(targets.size() == 3);
  CHECK(targets[0].id == "opp-legacy-0");
  CHECK(targets[0].kind == UndoTarget::Kind::Created);
  CHECK(targets[0].created_or_merged);
  CHECK_FALSE(targets[0].wrote_known);
  CHECK(targets[0].started_ms == 1700000000000);
  CHECK(targets[1].kind == UndoTarget::Kind::Unknown);  // in flight when that run stopped: no id
  CHECK(targets[2].kind == UndoTarget::Kind::Unknown);
}

TEST_CASE("undo targets from a results file") {
  const std::string path = temp_path("results.ndjson");
  write_file(path, R"({"index":0,"line":2,"status":"created","id":"A","candidate":{"id":"A"}})"
                   "\n"
                   R"({"index":1,"line":3,"status":"merged","id":"B"})"
                   "\n"
                   R"({"index":2,"line":4,"status":"existing","id":"C"})"
                   "\n"
                   R"({"index":3,"line":5,"status":"failed","error":{"code":"invalid_input"}})"
                   "\n");
  const auto targets = undo_targets_from_results(path);
  REQUIRE(targets.size() == 3);
  CHECK(targets[0].kind == UndoTarget::Kind::Created);
  CHECK(targets[1].kind == UndoTarget::Kind::Unknown);
  CHECK(targets[1].reason.find("--journal") != std::string::npos);
  CHECK(targets[2].kind == UndoTarget::Kind::Matched);
  write_file(path, R"({"id":"A"})"
                   "\n");
  CHECK_THROWS_AS(undo_targets_from_results(path), Error);
  std::remove(path.c_str());
}

TEST_CASE("LeverUndo: archive with the reason id; revert with remove calls and note deletes") {
  Rig rig;
  rig.transport.on("GET", "/v1/opportunities/opp1", {respond(200, data(opportunity("lead-new")))});
  rig.transport.on("PUT", "/v1/opportunities/opp1/archived", {respond(200, data(opportunity("lead-new")))});
  LeverUndo undo(*rig.session, "reason-1");
  int writes = 0;
  UndoResult r = undo.undo(created_target(), false, [&] { ++writes; });
  CHECK(r.status == UndoStatus::Archived);
  CHECK(writes == 1);
  const auto requests = rig.transport.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[1].method == "PUT");
  CHECK(requests[1].body == R"({"reason":"reason-1"})");

  Rig merged;
  merged.transport.on("GET", "/v1/opportunities/opp1", {respond(200, data(opportunity("lead-new")))});
  merged.transport.on("GET", "/v1/opportunities/opp1/notes",
                      {respond(200, data("[" + note("n1") + "," + note("n2") + "]"))});
  for (const char* call : {"/removeTags", "/removeLinks", "/removeSources"})
    merged.transport.on("POST", std::string("/v1/opportunities/opp1") + call, {respond(200, data(opportunity("x")))});
  // The first delete is processed but its answer lost (500); the repeat finds the note gone (404): done.
  merged.transport.on("DELETE", "/v1/opportunities/opp1/notes/n2",
                      {respond(500, R"({"code":"InternalServerError"})"),
                       respond(404, R"({"code":"ResourceNotFound","message":"notes n2 was not found"})")});
  LeverUndo revert(*merged.session, "reason-1");
  r = revert.undo(merged_target(), false, {});
  CHECK(r.status == UndoStatus::Reverted);
  CHECK(r.files_left == std::vector<std::string>{"f1"});
  CHECK(merged.transport.count("POST", "/v1/opportunities/opp1/removeTags") == 1);
  CHECK(merged.transport.count("DELETE", "/v1/opportunities/opp1/notes/n2") == 2);
  CHECK(merged.transport.count("PUT", "/v1/opportunities/opp1/archived") == 0);  // never archived
  for (const auto& req : merged.transport.requests())
    if (tc::test::url_path(req.url) == "/v1/opportunities/opp1/removeTags")
      CHECK(req.body == R"({"tags":["Imported"]})");
}

TEST_CASE("LeverUndo: a server that does not know DELETE notes is a failure, not a deleted note") {
  Rig rig;
  rig.transport.on("GET", "/v1/opportunities/opp1", {respond(200, data(opportunity("lead-new")))});
  rig.transport.on("GET", "/v1/opportunities/opp1/notes", {respond(200, data("[" + note("n2") + "]"))});
  rig.transport.on("POST", "/v1/opportunities/opp1", {respond(200, data(opportunity("x")))}).repeating();
  rig.transport.on("DELETE", "/v1/opportunities/opp1/notes/n2",
                   {respond(404, R"({"code":"ResourceNotFound","message":"Unknown route DELETE"})")});
  LeverUndo undo(*rig.session, "r");
  const UndoResult r = undo.undo(merged_target(), false, {});
  CHECK(r.status == UndoStatus::Failed);
  CHECK(r.error_kind == ErrorKind::Protocol);
}

TEST_CASE("run_undo: exactly once through the progress file; a dry run sends and writes nothing") {
  const std::string progress_path = temp_path("progress.undo");
  std::remove(progress_path.c_str());
  Rig rig;
  rig.transport.on("GET", "/v1/opportunities/opp1", {respond(200, data(opportunity("lead-new")))});
  rig.transport.on("PUT", "/v1/opportunities/opp1/archived", {respond(200, data(opportunity("lead-new")))});
  UndoTarget matched;
  matched.id = "opp9";
  matched.kind = UndoTarget::Kind::Matched;
  matched.reason = "matched only";
  const std::vector<UndoTarget> targets = {created_target(), matched};
  const UndoerFactory undoers = [&] { return std::make_unique<LeverUndo>(*rig.session, "r1"); };
  {
    UndoProgress dry(progress_path, false);
    UndoRunOptions options;
    options.dry_run = true;
    options.reason_name = "Imported by mistake";
    options.progress = &dry;
    options.clock = &rig.clock;
    Collect sink;
    const UndoSummary s = run_undo(targets, undoers, options, sink);
    CHECK(s.planned == 1);
    CHECK(s.untouched == 1);
    REQUIRE(sink.results.size() == 2);
    CHECK(sink.results[0].actions == std::vector<std::string>{"PUT archived reason Imported by mistake"});
    CHECK(rig.transport.size() == 0);
    CHECK(::access(progress_path.c_str(), F_OK) != 0);  // nothing written
  }
  {
    UndoProgress progress(progress_path, true);
    UndoRunOptions options;
    options.progress = &progress;
    options.clock = &rig.clock;
    Collect sink;
    const UndoSummary s = run_undo(targets, undoers, options, sink);
    CHECK(s.archived == 1);
    CHECK(s.untouched == 1);
    CHECK(rig.transport.count("PUT", "/v1/opportunities/opp1/archived") == 1);
    CHECK(rig.transport.count("GET", "/v1/opportunities/opp9") == 0);  // matched: not even read
  }
  const size_t before = rig.transport.size();
  {
    UndoProgress progress(progress_path, true);
    UndoRunOptions options;
    options.progress = &progress;
    options.clock = &rig.clock;
    Collect sink;
    const UndoSummary s = run_undo(targets, undoers, options, sink);
    CHECK(s.archived == 1);
    CHECK(rig.transport.size() == before);  // the second undo sends nothing at all
  }
  std::remove(progress_path.c_str());
}

TEST_CASE("the route reports what it wrote: on a merge only what the opportunity lacked, with note ids") {
  Rig rig;
  const std::string held =
      R"({"id":"opp1","name":"Ada","emails":["ada@example.com"],"stage":{"id":"lead-new","text":"New lead"},)"
      R"("archived":null,"tags":["Old"],"links":[],"sources":["Referral"],"applications":[]})";
  rig.transport.on("GET", "/v1/opportunities/opp1", {respond(200, data(held))});
  rig.transport.on("POST", "/v1/opportunities/opp1/addTags", {respond(200, data(held))});
  rig.transport.on("POST", "/v1/opportunities/opp1/addSources", {respond(200, data(held))});
  rig.transport.on("GET", "/v1/opportunities/opp1/notes", {respond(200, data("[]"))});
  rig.transport.on("POST", "/v1/opportunities/opp1/notes", {respond(201, data(R"({"noteId":"note-7"})"))});
  LeverRoute route(*rig.session);
  const TypedRecord record(R"({"first_name":"Ada","emails":[{"email":"ada@example.com"}],"tags":["old","New"],)"
                           R"("lever":{"sources":["Referral","Fair"],"notes":[{"text":"Met again"}]}})");
  const CreateOutcome out = route.merge_into("opp1", record);
  CHECK(out.written.tags == std::vector<std::string>{"New"});  // "old" is held as "Old"
  CHECK(out.written.sources == std::vector<std::string>{"Fair"});
  CHECK(out.written.notes == std::vector<std::string>{"note-7"});
  CHECK(out.written.stage == "lead-new");
  CHECK_FALSE(out.written.archived);
  CHECK(out.written.links.empty());
}

TEST_CASE("the journal writes what a record wrote, create's loader still reads it, undo reads it back") {
  const std::string path = temp_path("roundtrip.ndjson");
  std::remove(path.c_str());
  {
    Journal journal(path);
    journal.record_started("k1", 0, 1000);
    Written wrote;
    wrote.kind = "merged";
    wrote.stage = "lead-new";
    wrote.tags = {"a \"quoted\" tag"};
    wrote.notes = {"n1"};
    journal.record_created("k1", 0, "opp1", 2000, &wrote);
    journal.record_created("k2", 1, "opp2", 2100);  // no "wrote": an earlier version's line, matched
  }
  Journal again(path);
  REQUIRE(again.find("k1").has_value());
  CHECK(again.find("k1")->state == JournalEntry::State::Created);
  CHECK(again.find("k1")->id == "opp1");
  const auto targets = undo_targets_from_journal(path);
  REQUIRE(targets.size() == 2);
  CHECK(targets[0].kind == UndoTarget::Kind::Merged);
  CHECK(targets[0].wrote.tags == std::vector<std::string>{"a \"quoted\" tag"});
  CHECK(targets[0].wrote.notes == std::vector<std::string>{"n1"});
  CHECK(targets[0].wrote.stage == "lead-new");
  CHECK(targets[1].kind == UndoTarget::Kind::Matched);  // created without a send: --on-duplicate skip
  std::remove(path.c_str());
}

TEST_CASE("a merge that failed half-way, then succeeded on a re-run: undo takes back both lines' additions") {
  const std::string path = temp_path("failed-merge.ndjson");
  write_file(
      path,
      R"({"key":"k","state":"started","index":0,"at":100})"
      "\n"
      R"({"key":"k","state":"failed","index":0,"at":110,"id":"M","wrote":{"kind":"merged","stage":"s1","tags":["t1"]}})"
      "\n"
      R"({"key":"k","state":"started","index":0,"at":200})"
      "\n"
      R"({"key":"k","state":"created","index":0,"at":210,"id":"M","wrote":{"kind":"merged","stage":"s1","sources":["x"]}})"
      "\n"
      R"({"key":"j","state":"started","index":1,"at":300})"
      "\n"
      R"({"key":"j","state":"failed","index":1,"at":310,"id":"N","wrote":{"kind":"merged","links":["https://l"]}})"
      "\n");
  const auto targets = undo_targets_from_journal(path);
  REQUIRE(targets.size() == 2);
  CHECK(targets[0].id == "M");
  CHECK(targets[0].kind == UndoTarget::Kind::Merged);
  CHECK(targets[0].wrote.tags == std::vector<std::string>{"t1"});
  CHECK(targets[0].wrote.sources == std::vector<std::string>{"x"});
  CHECK(targets[1].id == "N");
  CHECK(targets[1].kind == UndoTarget::Kind::Merged);
  CHECK(targets[1].wrote.links == std::vector<std::string>{"https://l"});
  std::remove(path.c_str());
}
