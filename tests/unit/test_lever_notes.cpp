// Notes and the `lever` additions after a create (core/lever/notes.hpp, LeverRoute): notes added exactly
// once — without reading on a fresh create, after reading whenever the outcome is uncertain (an ambiguous
// note POST, a found or resumed candidate, a merge) — the applicant's stage, sources, notes and archive
// after the application, and the read-back of owner, stage, sources and archive (docs/lever-contract.md §2–§5).
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>

#include <memory>
#include <string>

#include "core/lever/candidate_mapping.hpp"
#include "core/lever/notes.hpp"
#include "core/lever/route.hpp"
#include "core/lever/session.hpp"
#include "core/run/journal.hpp"
#include "core/run/output.hpp"
#include "core/util/error.hpp"
#include "core/util/json_util.hpp"
#include "fakes.hpp"
#include "typed_record.hpp"

using namespace tc;
using tc::test::ambiguous;
using tc::test::FakeClock;
using tc::test::FakeTransport;
using tc::test::ForwardingTransport;
using tc::test::respond;
using tc::test::TypedRecord;

namespace {

const std::string kBase = "https://api.lever.co/v1";
const std::string kOpportunity =
    R"({"id":"opp1","name":"Ada Lovelace","emails":["ada@example.com"],"createdAt":1700000000000,)"
    R"("stage":{"id":"lead-new","text":"New lead"},"sources":["Referral"],"archived":null,)"
    R"("owner":{"id":"u1","name":"Riley Recruiter","email":"riley@example.com"},)"
    R"("applications":[{"id":"app1","posting":"post1"}]})";

std::string data(const std::string& json) { return R"({"data":)" + json + "}"; }

// A held Lever note, as GET /opportunities/{id}/notes gives it.
std::string held(const std::string& text, bool secret = false) {
  return R"({"id":"n-)" + text + R"(","text":"Note","fields":[{"type":"note","text":"Note","value":")" + text +
         R"("}],"secret":)" + (secret ? "true" : "false") + R"(,"createdAt":1700000000000,"deletedAt":null})";
}

struct Rig {
  FakeTransport transport;
  FakeClock clock;
  std::unique_ptr<LeverSession> session;
  explicit Rig(ApplicationSource source = ApplicationSource::Lead, std::string perform_as = "u1") {
    LeverSettings s;
    s.target.job_id = "post1";
    s.target.source = source;
    s.endpoint.base_url = kBase;
    s.endpoint.credentials = {LeverCredentials::Kind::ApiKey, "secret-key"};
    s.perform_as = std::move(perform_as);
    s.rate = 0;
    session = std::make_unique<LeverSession>(
        s, [this] { return std::make_unique<ForwardingTransport>(transport); }, clock, nullptr, nullptr);
  }
  std::vector<std::string> note_bodies() const {
    std::vector<std::string> out;
    for (const auto& r : transport.requests())
      if (r.method == "POST" && tc::test::url_path(r.url) == "/v1/opportunities/opp1/notes") out.push_back(r.body);
    return out;
  }
};

rapidjson::Document doc(const std::string& text) {
  rapidjson::Document d;
  REQUIRE(parse_json(text, d));
  return d;
}

const std::string kAdaWithNotes =
    R"({"first_name":"Ada","last_name":"Lovelace","emails":[{"email":"ada@example.com"}],)"
    R"("lever":{"notes":[{"text":"Met at the booth"},)"
    R"({"text":"Salary 90k","secret":true,"created_at":"2024-03-01T10:00:00Z"}]}})";

}  // namespace

TEST_CASE("notes: record_notes, note_body, ISO dates") {
  const auto notes = record_notes(tc::read_candidate_record(doc(kAdaWithNotes)));
  REQUIRE(notes.size() == 2);
  CHECK(notes[0].text == "Met at the booth");
  CHECK_FALSE(notes[0].secret);
  CHECK_FALSE(notes[0].created_at_ms.has_value());
  CHECK(notes[1].secret);
  CHECK(notes[1].created_at_ms == 1709287200000LL);
  CHECK(to_json(note_body(notes[0])) == R"({"value":"Met at the booth","secret":false})");
  CHECK(to_json(note_body(notes[1])) == R"({"value":"Salary 90k","secret":true,"createdAt":1709287200000})");
  CHECK(record_notes(tc::read_candidate_record(doc(R"({"first_name":"A"})"))).empty());
}

TEST_CASE("missing_notes: compared by text and secret flag, counted") {
  std::vector<LeverNote> wanted = {{"a", false, {}}, {"a", false, {}}, {"b", true, {}}, {"c", false, {}}};
  // One "a" held, "b" held but not secret (another note), "c" held as its text only, a deleted "c".
  const auto held_notes = doc("[" + held("a") + "," + held("b") + R"(,{"text":" c ","secret":false},)" +
                              R"({"fields":[{"value":"c"}],"secret":false,"deletedAt":5}])");
  const auto missing = missing_notes(wanted, held_notes);
  REQUIRE(missing.size() == 2);
  CHECK(missing[0].text == "a");
  CHECK(missing[1].text == "b");
  CHECK(missing[1].secret);
  CHECK(missing_notes(wanted, doc("[]")).size() == 4);
}

TEST_CASE("lead: a fresh create posts each note once, without reading the notes") {
  Rig rig;
  rig.transport.on("POST", "/v1/opportunities", {respond(201, data(kOpportunity))});
  rig.transport.on("POST", "/v1/opportunities/opp1/notes", {respond(201, data(R"({"noteId":"n1"})"))}).repeating();
  LeverRoute route(*rig.session);
  CreateOutcome out = route.create(TypedRecord(kAdaWithNotes));
  CHECK(out.id == "opp1");
  CHECK(rig.transport.count("GET", "/v1/opportunities/opp1/notes") == 0);
  const auto bodies = rig.note_bodies();
  REQUIRE(bodies.size() == 2);
  CHECK(bodies[0] == R"({"value":"Met at the booth","secret":false})");
  CHECK(bodies[1] == R"({"value":"Salary 90k","secret":true,"createdAt":1709287200000})");
  const auto requests = rig.transport.requests();
  REQUIRE(requests.size() == 3);  // the create and one request per note: no read-back, no GET
  CHECK(requests[1].url == kBase + "/opportunities/opp1/notes?perform_as=u1");
  CHECK(requests[1].fresh_connection);  // a note is not idempotent: libcurl must not repeat it on its own
}

TEST_CASE("lead: an ambiguous note POST is settled by reading the notes, never re-posted blindly") {
  SUBCASE("the note landed: not sent again") {
    Rig rig;
    rig.transport.on("POST", "/v1/opportunities", {respond(201, data(kOpportunity))});
    rig.transport.on("POST", "/v1/opportunities/opp1/notes",
                     {respond(500, R"({"code":"InternalError","message":"x"})"), respond(201, data("{}"))});
    rig.transport.on("GET", "/v1/opportunities/opp1/notes", {respond(200, data("[" + held("Met at the booth") + "]"))});
    LeverRoute route(*rig.session);
    route.create(TypedRecord(kAdaWithNotes));
    const auto bodies = rig.note_bodies();
    REQUIRE(bodies.size() == 2);  // the first note once (its 500 came after processing), the second once
    CHECK(bodies[0].find("Met at the booth") != std::string::npos);
    CHECK(bodies[1].find("Salary 90k") != std::string::npos);
    CHECK(rig.transport.count("GET", "/v1/opportunities/opp1/notes") == 1);
  }
  SUBCASE("the note did not land: sent again once") {
    Rig rig;
    rig.transport.on("POST", "/v1/opportunities", {respond(201, data(kOpportunity))});
    rig.transport.on("POST", "/v1/opportunities/opp1/notes",
                     {ambiguous(false), respond(201, data("{}")), respond(201, data("{}"))});  // note 1 twice, note 2
    rig.transport.on("GET", "/v1/opportunities/opp1/notes", {respond(200, data("[]"))});
    LeverRoute route(*rig.session);
    route.create(TypedRecord(kAdaWithNotes));
    const auto bodies = rig.note_bodies();
    REQUIRE(bodies.size() == 3);
    CHECK(bodies[0] == bodies[1]);
    CHECK(bodies[2].find("Salary 90k") != std::string::npos);
  }
}

TEST_CASE("lead: notes that keep failing → failed with the opportunity id (a re-run finishes them)") {
  Rig rig;
  rig.transport.on("POST", "/v1/opportunities", {respond(201, data(kOpportunity))});
  rig.transport.on("POST", "/v1/opportunities/opp1/notes", {respond(400, R"({"code":"BadRequest","message":"no"})")});
  LeverRoute route(*rig.session);
  try {
    route.create(TypedRecord(kAdaWithNotes));
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::InvalidInput);
    CHECK(e.created_id() == "opp1");
    CHECK_FALSE(e.outcome_unknown());
    CHECK(std::string(e.what()).find("opportunity opp1") != std::string::npos);
  }
}

TEST_CASE("complete (journal 'incomplete') and an in-flight record found: only the missing notes are added") {
  Rig rig;
  rig.transport.on("GET", "/v1/opportunities", {respond(200, data("[" + kOpportunity + "]"))});  // the lookup
  rig.transport.on("GET", "/v1/opportunities/opp1", {respond(200, data(kOpportunity))});
  rig.transport.on("GET", "/v1/opportunities/opp1/notes", {respond(200, data("[" + held("Met at the booth") + "]"))})
      .repeating();
  rig.transport.on("POST", "/v1/opportunities/opp1/notes", {respond(201, data("{}"))}).repeating();
  LeverRoute route(*rig.session);
  CreateOutcome done = route.complete("opp1", TypedRecord(kAdaWithNotes));
  CHECK(done.id == "opp1");
  auto bodies = rig.note_bodies();
  REQUIRE(bodies.size() == 1);
  CHECK(bodies[0].find("Salary 90k") != std::string::npos);
  CHECK(rig.transport.count("POST", "/v1/opportunities") == 1);  // that note only: never a create

  bool can_resend = false;
  auto found = route.resolve_in_flight(TypedRecord(kAdaWithNotes), 1700000000000, can_resend);
  REQUIRE(found.has_value());
  CHECK(found->id == "opp1");
  CHECK(rig.note_bodies().size() == 2);  // the same one note missing in the fake's answer: one more POST
  CHECK(rig.transport.count("GET", "/v1/opportunities/opp1/notes") == 2);
}

TEST_CASE("a journal line 'incomplete' keeps the id and is superseded only by 'created'") {
  char t[] = "/tmp/tc-journal-incomplete-XXXXXX";
  const int fd = mkstemp(t);
  REQUIRE(fd >= 0);
  close(fd);
  {
    Journal journal(t);
    journal.record_started("k", 0, 1000);
    journal.record_incomplete("k", 0, "opp1", 2000);
  }
  {
    Journal journal(t);
    auto entry = journal.find("k");
    REQUIRE(entry.has_value());
    CHECK(entry->state == JournalEntry::State::Incomplete);
    CHECK(entry->id == "opp1");
    journal.record_created("k", 0, "opp1", 3000);
  }
  Journal journal(t);
  CHECK(journal.find("k")->state == JournalEntry::State::Created);
  std::remove(t);
}

TEST_CASE("merge adds the notes and sources the existing opportunity lacks, nothing else") {
  Rig rig;
  rig.transport.on("GET", "/v1/opportunities/opp1", {respond(200, data(kOpportunity))});
  rig.transport.on("GET", "/v1/opportunities/opp1/notes", {respond(200, data("[" + held("Salary 90k", true) + "]"))});
  rig.transport.on("POST", "/v1/opportunities/opp1/notes", {respond(201, data("{}"))});
  rig.transport.on("POST", "/v1/opportunities/opp1/addSources",
                   {respond(200, data(R"({"id":"opp1","sources":["Referral","Career fair"]})"))});
  LeverRoute route(*rig.session);
  const std::string record =
      R"({"first_name":"Ada","emails":[{"email":"ada@example.com"}],"lever":{"sources":["referral","Career fair"],)"
      R"("notes":[{"text":"Met at the booth"},{"text":"Salary 90k","secret":true}]}})";
  CreateOutcome out = route.merge_into("opp1", TypedRecord(record));
  const auto bodies = rig.note_bodies();
  REQUIRE(bodies.size() == 1);
  CHECK(bodies[0] == R"({"value":"Met at the booth","secret":false})");
  const auto requests = rig.transport.requests();
  size_t add_sources = 0;
  for (const auto& r : requests) {
    if (tc::test::url_path(r.url) != "/v1/opportunities/opp1/addSources") continue;
    ++add_sources;
    CHECK(r.body == R"({"sources":["Career fair"]})");  // "referral" is held as "Referral"
  }
  CHECK(add_sources == 1);
  for (const auto& r : requests) CHECK(r.method != "PUT");  // never a stage or archive change
  const auto* app = &out.candidate["applications"][0];
  CHECK(get_string((*app)["source"], "name") == "Referral");
}

TEST_CASE("applicant: owner, followers, origin, created_at refused before anything is sent") {
  Rig rig(ApplicationSource::Applicant);
  LeverRoute route(*rig.session);
  const TypedRecord record(
      R"({"first_name":"Ada","emails":[{"email":"a@b.c"}],"lever":{"owner":"u1","followers":["u2"],"origin":"referred",)"
      R"("created_at":"2024-01-01T00:00:00Z","stage":"s1"}})");
  for (int dry = 0; dry < 2; ++dry) {
    try {
      if (dry == 0)
        route.create(record);
      else
        route.plan(record);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::InvalidInput);
      REQUIRE(e.problems().size() == 4);
      CHECK(e.problems()[0].pointer == "/lever/owner");
      CHECK(e.problems()[1].pointer == "/lever/followers");
      CHECK(e.problems()[2].pointer == "/lever/origin");
      CHECK(e.problems()[3].pointer == "/lever/created_at");
      CHECK(e.problems()[0].message.find("--application-source lead") != std::string::npos);
    }
  }
  CHECK(rig.transport.size() == 0);
}

TEST_CASE("applicant: sources, stage, notes and archive after the application") {
  Rig rig(ApplicationSource::Applicant);
  const std::string form =
      R"({"personalInformation":[{"name":"fullName","text":"Full name","type":"text","required":true},)"
      R"({"name":"email","text":"Email","type":"text","required":true}],"urls":[],"customQuestions":[]})";
  rig.transport.on("GET", "/v1/postings/post1/apply", {respond(200, data(form))});
  rig.transport.on("POST", "/v1/postings/post1/apply", {respond(200, data(R"({"applicationId":"app1"})"))});
  rig.transport.on("GET", "/v1/opportunities", {respond(200, data("[" + kOpportunity + "]"))});
  rig.transport.on("POST", "/v1/opportunities/opp1/addSources",
                   {respond(200, data(R"({"id":"opp1","sources":["Referral","Career fair"]})"))});
  rig.transport.on("PUT", "/v1/opportunities/opp1/stage",
                   {respond(200, data(R"({"id":"opp1","stage":{"id":"s-phone","text":"Phone screen"}})"))});
  rig.transport.on("POST", "/v1/opportunities/opp1/notes", {respond(201, data("{}"))});
  rig.transport.on("PUT", "/v1/opportunities/opp1/archived",
                   {respond(200, data(R"({"id":"opp1","archived":{"reason":"r-hired","archivedAt":1710000000000}})"))});
  LeverRoute route(*rig.session);
  CreateOutcome out = route.create(TypedRecord(
      R"({"first_name":"Ada","emails":[{"email":"ada@example.com"}],"lever":{"stage":"s-phone",)"
      R"("sources":["Career fair"],"archive_reason":"r-hired","notes":[{"text":"Applied at the fair"}]}})"));
  std::vector<std::string> seen;
  for (const auto& r : rig.transport.requests()) seen.push_back(r.method + " " + tc::test::url_path(r.url));
  const std::vector<std::string> expected = {
      "GET /v1/postings/post1/apply",           "POST /v1/postings/post1/apply",    "GET /v1/opportunities",
      "POST /v1/opportunities/opp1/addSources", "PUT /v1/opportunities/opp1/stage", "POST /v1/opportunities/opp1/notes",
      "PUT /v1/opportunities/opp1/archived"};
  CHECK(seen == expected);
  const auto requests = rig.transport.requests();
  CHECK(requests[3].body == R"({"sources":["Career fair"]})");
  CHECK(requests[4].body == R"({"stage":"s-phone"})");
  CHECK(requests[4].url.find("perform_as=u1") != std::string::npos);
  CHECK(requests[5].body == R"({"value":"Applied at the fair","secret":false})");
  CHECK(requests[6].body == R"({"reason":"r-hired"})");
  const auto& app = out.candidate["applications"][0];
  CHECK(get_string(app["current_stage"], "name") == "Phone screen");
  CHECK(get_string(app, "reject_reason") == "r-hired");
  CHECK(get_string(app, "rejected_at") == "2024-03-09T16:00:00.000Z");
}

TEST_CASE("read-back: owner → credited_to, first source → source, archive; the table shows them") {
  const auto opportunity = doc(
      R"({"id":"opp1","name":"Ada","stage":{"id":"s1","text":"Phone screen"},"sources":["Career fair","Referral"],)"
      R"("owner":{"id":"u1","name":"Riley Recruiter","email":"riley@example.com"},)"
      R"("archived":{"reason":"r-hired","archivedAt":1710000000000},"applications":[{"id":"app1","posting":"p1"}]})");
  const auto candidate = candidate_from_opportunity(opportunity, nullptr, nullptr);
  const auto& app = candidate["applications"][0];
  CHECK(to_json(app["source"]) == R"({"name":"Career fair"})");
  CHECK(to_json(app["credited_to"]) ==
        R"({"id":"u1","first_name":"Riley","last_name":"Recruiter","emails":[{"email":"riley@example.com"}]})");
  CHECK(to_json(app["current_stage"]) == R"({"id":"s1","name":"Phone screen"})");
  CHECK(get_string(app, "reject_reason") == "r-hired");
  const std::string table = render_candidate_table(candidate, TableStyle{120, false, true});
  CHECK(table.find("Owner        Riley Recruiter <riley@example.com>") != std::string::npos);
  CHECK(table.find("Stage        Phone screen") != std::string::npos);
  CHECK(table.find("Sources      Career fair, Referral") != std::string::npos);
  CHECK(table.find("Archived     reason r-hired, 2024-03-09T16:00:00.000Z") != std::string::npos);

  // An unexpanded owner is still credited, by id.
  const auto plain =
      candidate_from_opportunity(doc(R"({"id":"o","owner":"u9","applications":[{"id":"a"}]})"), nullptr, nullptr);
  CHECK(to_json(plain["applications"][0]["credited_to"]) == R"({"id":"u9"})");
}
