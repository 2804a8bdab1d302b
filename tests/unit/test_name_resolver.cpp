// Lever names → ids (core/lever/name_resolver.hpp, docs/lever-contract.md §2 "Names"): by e-mail, name
// (any case) or id; every unresolved name of a record at once with the known names; each list read at
// most once per run, lazily, shared by threads. Through the command line: test_cli_lever_fields.
#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/http/rate_limiter.hpp"
#include "core/http/request_executor.hpp"
#include "core/lever/name_resolver.hpp"
#include "core/lever/session.hpp"
#include "core/util/json_util.hpp"
#include "fakes.hpp"
#include "lever_lists.hpp"

using namespace tc;
using tc::test::data;
using tc::test::FakeClock;
using tc::test::FakeTransport;
using tc::test::ForwardingTransport;
using tc::test::kHired;
using tc::test::kKim;
using tc::test::kPhone;
using tc::test::kRiley;
using tc::test::kSam;
using tc::test::parse_json;
using tc::test::respond;
using tc::test::serve_lists;

namespace {

struct Rig {
  FakeTransport transport;
  FakeClock clock;
  LeverSettings settings;
  std::unique_ptr<LeverSession> session;
  Rig() {
    settings.endpoint.base_url = "https://lever.test/v1";
    settings.endpoint.credentials.secret = "k";
    settings.retry.retries = 0;
    settings.rate = 0;
    session = std::make_unique<LeverSession>(
        settings, [this] { return std::make_unique<ForwardingTransport>(transport); }, clock, nullptr, nullptr);
    serve_lists(transport);
  }
};

std::string pointers_of(const std::vector<Problem>& problems) {
  std::string out;
  for (const auto& p : problems) out += (out.empty() ? "" : ",") + p.pointer;
  return out;
}

}  // namespace

TEST_CASE("names become ids in place: e-mail (any case), id, stage and reason names (any case)") {
  Rig rig;
  rapidjson::Document record =
      parse_json(R"({"first_name":"Ada","lever":{"owner":"RILEY@example.com","followers":["sam@example.com",")" + kKim +
                 R"("],"stage":" phone SCREEN ","archive_reason":"hired","sources":["Fair"],"origin":"referred"}})");
  CHECK(LeverNameResolver::has_names(record));
  const auto problems = rig.session->names().resolve(record);
  CHECK(problems.empty());
  CHECK(to_json(record["lever"]) == R"({"owner":")" + kRiley + R"(","followers":[")" + kSam + R"(",")" + kKim +
                                        R"("],"stage":")" + kPhone + R"(","archive_reason":")" + kHired +
                                        R"(","sources":["Fair"],"origin":"referred"})");
  // Stage and reason ids are kept as they are.
  rapidjson::Document by_id = parse_json(R"({"lever":{"stage":"offer","archive_reason":"r-under"}})");
  CHECK(rig.session->names().resolve(by_id).empty());
  CHECK(to_json(by_id["lever"]) == R"({"stage":"offer","archive_reason":"r-under"})");
  // Users were read over both pages, the offset passed back as received.
  CHECK(rig.transport.count("GET", "/v1/users") == 2);
  CHECK(rig.transport.requests().at(1).url.find("offset=%255B1%252C2%255D") != std::string::npos);
}

TEST_CASE("every name of a record that does not resolve is reported at once, with the known names") {
  Rig rig;
  rapidjson::Document record = parse_json(
      R"({"lever":{"owner":"riley@exmple.com","followers":["sam@example.com","nobody"],"stage":"Phone scren",)"
      R"("archive_reason":"Fired"}})");
  const auto problems = rig.session->names().resolve(record);
  CHECK(pointers_of(problems) == "/lever/owner,/lever/followers/1,/lever/stage,/lever/archive_reason");
  REQUIRE(problems.size() == 4);
  CHECK(problems[0].message ==
        "no Lever user has the e-mail, name or id \"riley@exmple.com\" (did you mean \"riley@example.com\"?); known "
        "users: "
        "\"riley@example.com\", \"Sam@Example.com\", \"kim@example.com\"");
  CHECK(problems[2].message ==
        "\"Phone scren\" is not a Lever stage (did you mean \"Phone screen\"?); known stages: \"New lead\", "
        "\"Phone screen\", \"Offer\", \"On-site\"");
  CHECK(problems[3].message.find("known archive reasons: \"Hired\", \"Withdrew\", \"Underqualified\"") !=
        std::string::npos);
  // The follower that did resolve became its id.
  CHECK(std::string(record["lever"]["followers"][0].GetString()) == kSam);
}

TEST_CASE("a name two stages share is ambiguous: the ids are listed") {
  FakeTransport transport;
  FakeClock clock;
  LeverSettings settings;
  settings.endpoint.credentials.secret = "k";
  settings.rate = 0;
  LeverSession session(
      settings, [&] { return std::make_unique<ForwardingTransport>(transport); }, clock, nullptr, nullptr);
  transport.on("GET", "/v1/stages", {respond(200, data(R"([{"id":"a","text":"Screen"},{"id":"b","text":"screen"}])"))});
  rapidjson::Document record = parse_json(R"({"lever":{"stage":"SCREEN"}})");
  const auto problems = session.names().resolve(record);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].message == "\"SCREEN\" names 2 Lever stages (a, b): give the id");
}

TEST_CASE("each list is read once, only when a record needs it, even from many threads") {
  Rig rig;
  rapidjson::Document none = parse_json(R"({"first_name":"Ada","lever":{"sources":["x"],"origin":"agency"}})");
  CHECK_FALSE(LeverNameResolver::has_names(none));
  CHECK(rig.session->names().resolve(none).empty());
  CHECK(rig.transport.size() == 0);
  rapidjson::Document stage_only = parse_json(R"({"lever":{"stage":"Offer"}})");
  CHECK(rig.session->names().resolve(stage_only).empty());
  CHECK(rig.transport.size() == 1);  // GET /stages only
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&rig, i] {
      for (int j = 0; j < 25; ++j) {
        rapidjson::Document r = parse_json(R"({"lever":{"owner":"kim@example.com","stage":"On-site",)"
                                           R"("archive_reason":"Withdrew","followers":["riley@example.com"]}})");
        const auto problems = rig.session->names().resolve(r);
        CHECK(problems.empty());
        CHECK(std::string(r["lever"]["owner"].GetString()) == kKim);
        (void)i;
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(rig.transport.count("GET", "/v1/stages") == 1);
  CHECK(rig.transport.count("GET", "/v1/archive_reasons") == 1);
  CHECK(rig.transport.count("GET", "/v1/users") == 2);  // one read of the list: its two pages
  CHECK(rig.session->names().lists_read() == 3);
  CHECK(rig.session->name_requests_sent() == 4);
}

TEST_CASE("without credentials a record that needs a list fails with a Config error naming the list") {
  FakeTransport transport;
  FakeClock clock;
  LeverSettings settings;
  settings.rate = 0;
  LeverSession session(
      settings, [&] { return std::make_unique<ForwardingTransport>(transport); }, clock, nullptr, nullptr);
  rapidjson::Document record = parse_json(R"({"lever":{"stage":"Offer"}})");
  try {
    session.names().resolve(record);
    FAIL("expected a Config error");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Config);
    CHECK(std::string(e.what()).find("GET /stages") != std::string::npos);
    CHECK(e.hint().find("LEVER_API_KEY") != std::string::npos);
  }
  CHECK(transport.size() == 0);
}

TEST_CASE("a list already read answers without a request: reason names and the perform_as e-mail") {
  Rig rig;
  RateLimiter limiter(0, rig.clock);
  RetryPolicy policy;
  RequestExecutor executor(rig.transport, limiter, rig.clock, policy, nullptr, nullptr);
  LeverApi api(rig.settings.endpoint, executor);
  // Nothing read yet: no answer, and no request either.
  CHECK(rig.session->names().name_if_read(LeverListKind::ArchiveReasons, kHired).empty());
  CHECK(rig.session->names().user_id_if_read("riley@example.com").empty());
  CHECK(rig.transport.size() == 0);
  rapidjson::Document record = parse_json(R"({"lever":{"owner":"sam@example.com","archive_reason":"Withdrew"}})");
  REQUIRE(rig.session->names().resolve(record).empty());
  const size_t after_lists = rig.transport.size();
  CHECK(rig.session->names().name_if_read(LeverListKind::ArchiveReasons, kHired) == "Hired");
  CHECK(rig.session->names().name_if_read(LeverListKind::ArchiveReasons, "r-unknown").empty());
  CHECK(rig.session->names().name_if_read(LeverListKind::Stages, kPhone).empty());  // stages were not read
  CHECK(rig.session->names().user_id_if_read("SAM@example.COM") == kSam);
  rig.settings.perform_as = "Riley@Example.com";
  LeverSession session_with_user(
      rig.settings, [&rig] { return std::make_unique<ForwardingTransport>(rig.transport); }, rig.clock, nullptr,
      nullptr);
  rapidjson::Document same = parse_json(R"({"lever":{"owner":"kim@example.com"}})");
  REQUIRE(session_with_user.names().resolve(same).empty());
  const size_t before_perform_as = rig.transport.size();
  CHECK(session_with_user.perform_as_user_id(api) == kRiley);
  CHECK(rig.transport.size() == before_perform_as);  // no GET /users?email=
  CHECK(after_lists == 3);                           // the users list's two pages and the archive reasons
}

TEST_CASE("a user by display name (any case) when the name is unique; a shared name lists the candidates") {
  FakeTransport transport;
  FakeClock clock;
  LeverSettings settings;
  settings.endpoint.credentials.secret = "k";
  settings.rate = 0;
  LeverSession session(
      settings, [&] { return std::make_unique<ForwardingTransport>(transport); }, clock, nullptr, nullptr);
  transport.on("GET", "/v1/users",
               {respond(200, data(R"([{"id":"u-riley","name":"Riley Recruiter","email":"riley@example.com"},)"
                                  R"({"id":"u-sam1","name":"Sam Smith","email":"sam1@example.com"},)"
                                  R"({"id":"u-sam2","name":"sam smith","email":"sam2@example.com"}])"))});
  rapidjson::Document record =
      parse_json(R"({"lever":{"owner":" riley RECRUITER ","followers":["Riley Recruiter","Sam Smith"]}})");
  const auto problems = session.names().resolve(record);
  CHECK(std::string(record["lever"]["owner"].GetString()) == "u-riley");
  CHECK(std::string(record["lever"]["followers"][0].GetString()) == "u-riley");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].pointer == "/lever/followers/1");
  CHECK(problems[0].message ==
        "\"Sam Smith\" names 2 Lever users (sam1@example.com (u-sam1), sam2@example.com (u-sam2)): give the e-mail "
        "or id");
  // A mistyped display name gets the nearest one.
  rapidjson::Document typo = parse_json(R"({"lever":{"owner":"Riley Recrutier"}})");
  const auto typo_problems = session.names().resolve(typo);
  REQUIRE(typo_problems.size() == 1);
  CHECK(typo_problems[0].message.find("(did you mean \"Riley Recruiter\"?)") != std::string::npos);
  // An e-mail wins over a display name that happens to be the same text.
  rapidjson::Document by_email = parse_json(R"({"lever":{"owner":"SAM1@example.com"}})");
  CHECK(session.names().resolve(by_email).empty());
  CHECK(std::string(by_email["lever"]["owner"].GetString()) == "u-sam1");
}
