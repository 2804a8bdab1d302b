// `truto-candidates get ID` through run_app over a fake Lever (tests/unit/cli_harness.hpp): the reads it
// sends, the candidate it prints (json, table, --field) and its exit statuses.
#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "cli_harness.hpp"
#include "core/lever/candidate_mapping.hpp"
#include "core/util/json_util.hpp"
#include "fakes.hpp"

using tc::HttpRequest;
using tc::to_json;
using tc::test::CliOutcome;
using tc::test::CliRig;
using tc::test::parse_json;
using tc::test::respond;

namespace {

const std::string kSecret = "sk_test_SECRET123";
const std::string kOpportunity =
    R"({"id":"opp1","name":"Ada Lovelace","emails":["ada@example.com"],"createdAt":1700000000000,)"
    R"("stage":{"id":"lead-new","text":"New lead"},"applications":[{"id":"app1","posting":"post1"}],)"
    R"("urls":{"list":"https://hire.lever.co/candidates","show":"https://hire.lever.co/candidates/opp1"}})";
const std::string kResumes =
    R"([{"id":"res1","createdAt":1700000000001,"file":{"name":"cv.pdf","downloadUrl":"https://lever.test/cv"}}])";
const std::string kFiles = R"([{"id":"file1","name":"letter.txt","uploadedAt":1700000000002}])";

std::string data(const std::string& json) { return R"({"data":)" + json + "}"; }

std::vector<std::string> urls(const std::vector<HttpRequest>& requests) {
  std::vector<std::string> out;
  for (const auto& r : requests) out.push_back(r.method + " " + r.url);
  return out;
}

// Lever holding opportunity opp1 with one resume and one file.
void serve_opportunity(CliRig& rig) {
  rig.env = {{"LEVER_API_KEY", kSecret}};
  rig.transport.on("GET", "/v1/opportunities/opp1", {respond(200, data(kOpportunity))});
  rig.transport.on("GET", "/v1/opportunities/opp1/resumes", {respond(200, data(kResumes))});
  rig.transport.on("GET", "/v1/opportunities/opp1/files", {respond(200, data(kFiles))});
}

bool leaks(const CliOutcome& o) { return (o.out + o.err + o.message).find(kSecret) != std::string::npos; }

}  // namespace

TEST_CASE("get: the expanded opportunity, its resumes and files, printed as the unified candidate") {
  CliRig rig;
  serve_opportunity(rig);

  const CliOutcome o = rig.run({"get", "opp1"});

  INFO(o.message);
  CHECK(o.status == 0);
  CHECK_FALSE(o.error);
  CHECK(urls(rig.transport.requests()) ==
        std::vector<std::string>{
            "GET https://api.lever.co/v1/opportunities/opp1?expand=applications&expand=stage&expand=owner",
            "GET https://api.lever.co/v1/opportunities/opp1/resumes",
            "GET https://api.lever.co/v1/opportunities/opp1/files"});
  const rapidjson::Document resumes = parse_json(kResumes);
  const rapidjson::Document files = parse_json(kFiles);
  CHECK(to_json(parse_json(o.out)) ==
        to_json(tc::candidate_from_opportunity(parse_json(kOpportunity), &resumes, &files)));
  CHECK(tc::get_string(parse_json(o.out), "id") == "opp1");
  CHECK(o.err.empty());
  CHECK_FALSE(leaks(o));
}

TEST_CASE("get: --field prints one value; -o table shows the Lever profile link; -o ndjson one line") {
  CliRig rig;
  serve_opportunity(rig);
  SUBCASE("--field") {
    const CliOutcome o = rig.run({"get", "opp1", "--field", "/applications/0/job/id"});
    CHECK(o.status == 0);
    CHECK(o.out == "post1\n");
  }
  SUBCASE("--field with no value: a warning, nothing printed") {
    const CliOutcome o = rig.run({"get", "opp1", "--field", "/title"});
    CHECK(o.status == 0);
    CHECK(o.out.empty());
    CHECK(o.err == "warning: the candidate has no value at /title\n");
  }
  SUBCASE("table") {
    const CliOutcome o = rig.run({"get", "opp1", "-o", "table"});
    CHECK(o.status == 0);
    CHECK(o.out.rfind("ID           opp1\n", 0) == 0);
    CHECK(o.out.find("\nLever        https://hire.lever.co/candidates/opp1\n") != std::string::npos);
    CHECK(o.out.find("\nAttachment   cv.pdf (resume)\n") != std::string::npos);
  }
  SUBCASE("ndjson") {
    const CliOutcome o = rig.run({"get", "opp1", "-o", "ndjson"});
    CHECK(o.status == 0);
    CHECK(o.out.find('\n') == o.out.size() - 1);
    CHECK(tc::get_string(parse_json(o.out), "name") == "Ada Lovelace");
  }
}

TEST_CASE("get: an id Lever does not have → 65 naming it; nothing else is read") {
  CliRig rig;
  rig.env = {{"LEVER_API_KEY", kSecret}};
  rig.transport.on("GET", "/v1/opportunities/nope",
                   {respond(404, R"({"code":"ResourceNotFound","message":"opportunities nope was not found"})")});

  const CliOutcome o = rig.run({"get", "nope"});

  CHECK(o.status == 65);
  REQUIRE(o.error);
  CHECK(*o.error == tc::ErrorKind::InvalidInput);
  CHECK(o.message.rfind("Lever has no opportunity nope (ResourceNotFound: opportunities nope was not found)\n", 0) ==
        0);
  CHECK(o.out.empty());
  CHECK(rig.transport.size() == 1);
}

TEST_CASE("get: a path the base URL does not serve is a configuration error (78), not an unknown id") {
  CliRig rig;
  rig.env = {{"LEVER_API_KEY", kSecret}};
  rig.transport.on("GET", "/v1/opportunities/opp1", {respond(404, "<html>Not Found</html>")});

  const CliOutcome o = rig.run({"get", "opp1"});

  CHECK(o.status == 78);
  CHECK(o.message.rfind("the base URL does not serve GET /opportunities/opp1 (HTTP 404 without Lever's {code, "
                        "message})",
                        0) == 0);
}

TEST_CASE("get: 401 and 403 → 77, not retried") {
  for (const int status : {401, 403}) {
    CAPTURE(status);
    CliRig rig;
    rig.env = {{"LEVER_API_KEY", kSecret}};
    rig.transport.on("GET", "/v1/opportunities/opp1",
                     {respond(status, R"({"code":"UnauthorizedError","message":"Invalid API key"})")});
    const CliOutcome o = rig.run({"get", "opp1"});
    CHECK(o.status == 77);
    CHECK(rig.transport.size() == 1);
    CHECK(o.out.empty());
    CHECK_FALSE(leaks(o));
  }
}

TEST_CASE("get: --via truto is refused (64) and no credentials is 78; nothing is sent") {
  CliRig rig;
  SUBCASE("--via truto") {
    rig.env = {{"LEVER_API_KEY", kSecret}, {"TRUTO_API_TOKEN", "t"}};
    const CliOutcome o = rig.run({"get", "opp1", "--via", "truto"});
    CHECK(o.status == 64);
    CHECK(o.message.rfind("get reads candidates from Lever only; --via truto is not supported\n", 0) == 0);
  }
  SUBCASE("no credentials") {
    const CliOutcome o = rig.run({"get", "opp1"});
    CHECK(o.status == 78);
  }
  SUBCASE("no id") {
    rig.env = {{"LEVER_API_KEY", kSecret}};
    const CliOutcome o = rig.run({"get"});
    CHECK(o.status == 64);
  }
  CHECK(rig.transport.size() == 0);
}
