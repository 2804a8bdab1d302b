// Lever's fields through the command line (run_app over FakeTransport): names resolved to ids in the
// create body, one GET per list and one create per lead, the pass over an input file before any write,
// batch-wide flags, --dry-run showing the ids, stdin records failing one by one (docs/lever-contract.md
// §2 "Names").
#include <doctest/doctest.h>
#include <rapidjson/document.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "cli_harness.hpp"
#include "core/util/json_util.hpp"
#include "fakes.hpp"
#include "lever_lists.hpp"

using namespace tc;
using tc::test::CliOutcome;
using tc::test::CliRig;
using tc::test::data;
using tc::test::FakeTransport;
using tc::test::kKim;
using tc::test::kPhone;
using tc::test::kRiley;
using tc::test::kSam;
using tc::test::parse_json;
using tc::test::respond;
using tc::test::serve_lists;

namespace {

const std::string kOpportunity = R"({"id":"opp1","name":"Ada","emails":["ada@example.com"],"createdAt":1700000000000,)"
                                 R"("stage":{"id":"lead-new","text":"New lead"},"applications":[]})";

std::string body_of_post(const CliRig& rig) {
  for (const auto& r : rig.transport.requests())
    if (r.method == "POST") return r.body;
  return "<no POST>";
}

std::string temp_file(const std::string& suffix, const std::string& text) {
  char path[] = "/tmp/tc-names-XXXXXX";
  const int fd = ::mkstemp(path);
  REQUIRE(fd >= 0);
  ::close(fd);
  const std::string named = std::string(path) + suffix;
  std::rename(path, named.c_str());
  std::ofstream(named) << text;
  return named;
}

}  // namespace

TEST_CASE("create a lead with names: one GET per list it needs, then exactly one create carrying the ids") {
  CliRig rig;
  rig.env = {{"LEVER_API_KEY", "k"}};
  serve_lists(rig.transport);
  rig.transport.on("POST", "/v1/opportunities", {respond(201, data(kOpportunity))});
  const CliOutcome o = rig.run({"create",
                                "--job-id",
                                "post1",
                                "--perform-as",
                                kRiley,
                                "--on-duplicate",
                                "create",
                                "--first-name",
                                "Ada",
                                "--email",
                                "ada@example.com",
                                "--owner",
                                "kim@example.com",
                                "--follower",
                                "sam@example.com",
                                "--stage",
                                "phone screen",
                                "--source",
                                "Fair",
                                "--origin",
                                "referred",
                                "--created-at",
                                "2024-03-01T09:00:00Z"});
  INFO(o.message << o.err);
  CHECK(o.status == 0);
  CHECK(rig.transport.count("POST", "/v1/opportunities") == 1);
  CHECK(rig.transport.count("GET", "/v1/stages") == 1);
  CHECK(rig.transport.count("GET", "/v1/users") == 2);            // the list's two pages
  CHECK(rig.transport.count("GET", "/v1/archive_reasons") == 0);  // no record needed it
  CHECK(rig.transport.size() == 4);
  const auto body = parse_json(body_of_post(rig));
  CHECK(to_json(body["owner"]) == "\"" + kKim + "\"");
  CHECK(to_json(body["followers"]) == "[\"" + kSam + "\"]");
  CHECK(to_json(body["stage"]) == "\"" + kPhone + "\"");
  CHECK(to_json(body["sources"]) == R"(["Fair"])");
  CHECK(to_json(body["origin"]) == R"("referred")");
  CHECK(body["createdAt"].GetInt64() == 1709283600000LL);
  CHECK_FALSE(body.HasMember("archived"));
}

TEST_CASE("a typo in a file's names stops the run before any write, listing every bad name with its record") {
  CliRig rig;
  rig.env = {{"LEVER_API_KEY", "k"}};
  serve_lists(rig.transport);  // no create is scripted: one would fail the test
  const std::string path =
      temp_file(".ndjson", R"({"first_name":"A","lever":{"stage":"Offer"}})"
                           "\n"
                           R"({"first_name":"B","lever":{"stage":"Ofer","owner":"nobody@example.com"}})"
                           "\n"
                           R"({"first_name":"C","lever":{"archive_reason":"Hired"}})"
                           "\n");
  const CliOutcome o =
      rig.run({"create", "--job-id", "post1", "--perform-as", kRiley, "--on-duplicate", "create", "--input", path});
  CHECK(o.status == 65);
  CHECK(o.message.rfind("Lever names in " + path + " do not resolve; nothing was sent", 0) == 0);
  CHECK(rig.transport.count("POST", "/v1/opportunities") == 0);
  CHECK(rig.transport.count("GET", "/v1/stages") == 1);
  std::remove(path.c_str());
}

TEST_CASE("batch-wide flags: a bad name stops before any record; a good one reaches every record") {
  CliRig rig;
  rig.env = {{"LEVER_API_KEY", "k"}};
  serve_lists(rig.transport);  // no create is scripted: one would fail the test
  const std::string input = "{\"first_name\":\"A\",\"lever\":{\"stage\":\"Offer\"}}\n{\"first_name\":\"B\"}\n";
  SUBCASE("a typo") {
    const CliOutcome o = rig.run({"create", "--job-id", "post1", "--perform-as", kRiley, "--on-duplicate", "create",
                                  "--input", "-", "--stage", "Phone scren", "--tag", "import"},
                                 input);
    INFO(o.message);
    CHECK(o.status == 65);
    CHECK(o.message.find("1 Lever name(s) given by flags do not resolve; nothing was sent") != std::string::npos);
    CHECK(rig.transport.count("POST", "/v1/opportunities") == 0);
  }
  SUBCASE("dry run: the planned requests show the ids; the record's own stage wins") {
    const CliOutcome o = rig.run({"create", "--dry-run", "--job-id", "post1", "--perform-as", kRiley, "--input", "-",
                                  "--stage", "Phone screen", "--tag", "import", "-o", "ndjson"},
                                 input);
    INFO(o.message << o.err);
    CHECK(o.status == 0);
    CHECK(rig.transport.count("POST", "/v1/opportunities") == 0);
    CHECK(o.out.find(R"("stage":"offer")") != std::string::npos);
    CHECK(o.out.find(R"("stage":")" + kPhone + R"(")") != std::string::npos);
    CHECK(o.out.find(R"("tags":["import"])") != std::string::npos);
  }
  SUBCASE("a person's flag stays a usage error") {
    const CliOutcome o = rig.run({"create", "--dry-run", "--job-id", "post1", "--perform-as", kRiley, "--input", "-",
                                  "--stage", "Offer", "--first-name", "X"},
                                 input);
    CHECK(o.status == 64);
  }
}

TEST_CASE("stdin: a record whose name does not resolve fails, the others go on") {
  CliRig rig;
  rig.env = {{"LEVER_API_KEY", "k"}};
  serve_lists(rig.transport);
  rig.transport.on("POST", "/v1/opportunities", {respond(201, data(kOpportunity))});
  const std::string input =
      "{\"first_name\":\"A\",\"lever\":{\"stage\":\"Ofer\"}}\n{\"first_name\":\"B\",\"lever\":{\"stage\":\"Offer\"}}\n";
  const CliOutcome o = rig.run({"create", "--job-id", "post1", "--perform-as", kRiley, "--on-duplicate", "create",
                                "--input", "-", "-o", "ndjson"},
                               input);
  CHECK(o.status == 1);
  CHECK(rig.transport.count("POST", "/v1/opportunities") == 1);
  CHECK(o.out.find(R"("pointer":"/lever/stage")") != std::string::npos);
}
