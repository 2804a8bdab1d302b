// Runs that stop early or leave records behind, through run_app (tests/unit/cli_harness.hpp): every record read
// gets a result line (not_attempted after a bad key or --fail-fast), --rejects collects what was not created,
// --field prints one line per record, and the progress line (its text and its redraw timer).
#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "cli/progress.hpp"
#include "cli_harness.hpp"
#include "core/util/json_util.hpp"
#include "fakes.hpp"

using tc::test::CliOutcome;
using tc::test::CliRig;
using tc::test::parse_json;
using tc::test::respond;

namespace {

const std::string kOpportunity =
    R"({"id":"opp1","name":"Ada Lovelace","emails":["ada@example.com"],"createdAt":1700000000000,)"
    R"("stage":{"id":"lead-new","text":"New lead"},"applications":[{"id":"app1","posting":"post1"}]})";

std::string data(const std::string& json) { return R"({"data":)" + json + "}"; }

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream s(text);
  for (std::string line; std::getline(s, line);) lines.push_back(line);
  return lines;
}

std::string ndjson_people(int count) {
  std::string out;
  for (int i = 0; i < count; ++i)
    out += R"({"first_name":"P)" + std::to_string(i) + R"(","emails":[{"email":"p)" + std::to_string(i) +
           R"(@example.com"}]})" + "\n";
  return out;
}

std::string temp_file(const std::string& text, const char* suffix) {
  std::string path = std::string("/tmp/tc-cli-rejects-") + std::to_string(::getpid()) + "-" +
                     std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + suffix;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// Lever answering slowly enough that the reader has read every record of a small input before the first
// answer stops the run.
tc::test::FakeTransport::Handler slow(tc::TransportResult answer) {
  return [answer](const tc::HttpRequest&) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return answer;
  };
}

}  // namespace

TEST_CASE("a bad key: every record read gets a result line, the first failed (auth), the rest not_attempted") {
  CliRig rig;
  rig.env = {{"LEVER_API_KEY", "sk_bad"}};
  rig.transport.on("GET", "/", slow(respond(401, R"({"code":"Unauthorized","message":"Invalid API key"})")));
  rig.transport.on("POST", "/", slow(respond(401, R"({"code":"Unauthorized","message":"Invalid API key"})")))
      .optional();  // the first read fails: no record gets as far as a create
  const CliOutcome o = rig.run(
      {"create", "--job-id", "post1", "--perform-as", "u1", "--input", "-", "--concurrency", "1", "-o", "ndjson"},
      ndjson_people(10));
  CHECK(o.status == 77);
  const auto lines = lines_of(o.out);
  REQUIRE(lines.size() == 10);
  for (size_t i = 0; i < lines.size(); ++i) {
    const rapidjson::Document d = parse_json(lines[i]);
    CHECK(d["index"].GetUint64() == i);
    if (i == 0) {
      CHECK(std::string(d["status"].GetString()) == "failed");
      CHECK(std::string(d["error"]["code"].GetString()) == "auth");
    } else {
      CHECK(std::string(d["status"].GetString()) == "not_attempted");
      CHECK(std::string(d["error"]["code"].GetString()) == "not_attempted");
      CHECK(std::string(d["error"]["message"].GetString()).find("was not attempted: the run stopped early") !=
            std::string::npos);
    }
  }
  CHECK(o.err.find("not attempted 9") != std::string::npos);
  CHECK(o.err.find("stopped early: 9 read but not attempted, every record was read") != std::string::npos);
  CHECK(rig.transport.requests().size() == 1);
  CHECK(o.err.find("\x1b[K") == std::string::npos);  // stderr is no terminal: no progress line
}

TEST_CASE("--fail-fast: exactly one failure, the records read after it not_attempted, exit 1") {
  CliRig rig;
  rig.env = {{"LEVER_API_KEY", "sk_test"}};
  rig.transport.on("GET", "/v1/opportunities", slow(respond(200, data("[]"))));
  rig.transport.on("POST", "/v1/opportunities",
                   slow(respond(422, R"({"code":"UnprocessableEntity","message":"bad email"})")));
  const CliOutcome o = rig.run({"create", "--job-id", "post1", "--perform-as", "u1", "--input", "-", "--concurrency",
                                "1", "--fail-fast", "-o", "ndjson"},
                               ndjson_people(6));
  CHECK(o.status == 1);
  const auto lines = lines_of(o.out);
  REQUIRE(lines.size() == 6);
  size_t failed = 0, not_attempted = 0;
  for (const auto& line : lines) {
    const std::string status = parse_json(line)["status"].GetString();
    failed += status == "failed";
    not_attempted += status == "not_attempted";
  }
  CHECK(failed == 1);
  CHECK(not_attempted == 5);
  CHECK(parse_json(lines[1])["error"]["message"].GetString() ==
        std::string(
            "record 2 (line 2) was not attempted: the run stopped early (--fail-fast: record 1 (line 1) failed)"));
}

TEST_CASE("--rejects: the invalid record in the input's format; fed back, the error member is ignored") {
  CliRig rig;
  rig.env = {{"LEVER_API_KEY", "sk_test"}};
  rig.transport.on("GET", "/v1/opportunities", {respond(200, data("[]"))});
  rig.transport.on("POST", "/v1/opportunities", {respond(201, data(kOpportunity))});
  const std::string input = temp_file(
      "{\"first_name\":\"Ada\",\"emails\":[{\"email\":\"ada@example.com\"}]}\n"
      "{\"first_name\":\"Bob\",\"emails\":[{\"email\":\"bob-at-example.com\"}]}\n",
      ".ndjson");
  const std::string rejects = input + ".rejects.ndjson";
  const CliOutcome o = rig.run({"create", "--job-id", "post1", "--perform-as", "u1", "--input", input, "--rejects",
                                rejects, "--concurrency", "1"});
  CHECK(o.status == 1);
  const auto written = lines_of(slurp(rejects));
  REQUIRE(written.size() == 1);
  const rapidjson::Document d = parse_json(written[0]);
  CHECK(std::string(d["first_name"].GetString()) == "Bob");
  CHECK(std::string(d["error"]["code"].GetString()) == "invalid_input");
  CHECK(std::string(d["error"]["pointer"].GetString()) == "/emails/0/email");
  CHECK(o.err.find("1 record not created written to " + rejects) != std::string::npos);

  // Fixed and fed back as it is: the error member is no field.
  std::string fixed = slurp(rejects);
  fixed.replace(fixed.find("bob-at-example.com"), 18, "bob@example.com");
  std::ofstream(rejects, std::ios::binary) << fixed;
  const CliOutcome again = rig.run({"validate", "--input", rejects});
  CHECK(again.status == 0);

  SUBCASE("--rejects naming the input is refused before anything is read") {
    const CliOutcome same =
        rig.run({"create", "--job-id", "post1", "--perform-as", "u1", "--input", input, "--rejects", input});
    CHECK(same.status == 64);
    CHECK(slurp(input).find("Ada") != std::string::npos);
  }
  ::unlink(input.c_str());
  ::unlink(rejects.c_str());
}

TEST_CASE("--field on multi-record input: one line per record, empty for a record without the value") {
  CliRig rig;
  rig.env = {{"LEVER_API_KEY", "sk_test"}};
  const std::string input =
      "{\"first_name\":\"Ada\",\"emails\":[{\"email\":\"ada@example.com\"}]}\n"
      "{\"first_name\":\"Bob\",\"emails\":[{\"email\":\"nope\"}]}\n"
      "{\"first_name\":\"Cy\"}\n";
  const CliOutcome o = rig.run({"create", "--dry-run", "--job-id", "post1", "--perform-as", "u1", "--input", "-",
                                "--field", "/requests/0/method"},
                               input);
  CHECK(o.status == 65);  // a dry run with an invalid record: 65, as validate says
  CHECK(o.out == "POST\n\nPOST\n");
}

TEST_CASE("render_progress: the counts, the rate and the ETA") {
  tc::cli::ProgressCounts c;
  c.done = 120;
  c.created = 100;
  c.existing = 5;
  c.failed = 3;
  c.elapsed_seconds = 12;
  CHECK(tc::cli::render_progress(c) == "120 records | created 100, existing 5, failed 3 | 10.0/s | 12 s");
  c.total = 240;
  c.skipped = 2;
  CHECK(tc::cli::render_progress(c) ==
        "[############------------] 120/240 50% | created 100, existing 5, skipped 2, failed 3 | 10.0/s ETA 0:12");
  tc::cli::ProgressCounts v;
  v.creating = false;
  v.done = 3;
  v.valid = 2;
  v.failed = 1;
  v.elapsed_seconds = 0;
  CHECK(tc::cli::render_progress(v) == "3 records | valid 2, invalid 1 | 0.0/s | 0 s");
}

TEST_CASE("the progress timer redraws every kProgressInterval seconds (at least twice a second) until stopped") {
  tc::test::FakeClock clock(100.0);
  std::atomic<bool> stop{false};
  std::vector<double> drawn_at;
  tc::cli::run_ticks(clock, tc::cli::kProgressInterval, stop, [&] {
    drawn_at.push_back(clock.now_seconds());
    if (drawn_at.size() == 8) stop = true;
  });
  REQUIRE(drawn_at.size() == 8);
  CHECK(tc::cli::kProgressInterval <= 0.5);
  for (size_t i = 0; i < drawn_at.size(); ++i) CHECK(drawn_at[i] == doctest::Approx(100.0 + 0.25 * (i + 1)));
  // Stopped before it starts: no draw at all.
  std::atomic<bool> stopped{true};
  int draws = 0;
  tc::cli::run_ticks(clock, tc::cli::kProgressInterval, stopped, [&] { ++draws; });
  CHECK(draws == 0);
}

TEST_CASE("after Ctrl-C the advice is the whole input again, not the rejects file (it lacks the records never read)") {
  CliRig rig;
  std::atomic<bool> interrupted{false};
  rig.cancel = &interrupted;
  rig.env = {{"LEVER_API_KEY", "sk_test"}};
  rig.transport.on("GET", "/v1/opportunities", slow(respond(200, data("[]"))));
  rig.transport.on("POST", "/v1/opportunities", [&interrupted](const tc::HttpRequest&) {
    interrupted = true;  // Ctrl-C while the first create is in flight
    return respond(200, data(kOpportunity));
  });
  rig.transport.on("GET", "/v1/opportunities/opp1", {respond(200, data(kOpportunity))}).optional();
  const std::string input = temp_file(ndjson_people(5), ".ndjson");
  const std::string rejects = temp_file("", ".rejects.ndjson");
  const std::string journal = temp_file("", ".journal");
  const CliOutcome o = rig.run({"create", "--job-id", "post1", "--perform-as", "u1", "--input", input, "--concurrency",
                                "1", "--rejects", rejects, "--journal", journal, "-o", "ndjson"});
  CHECK(o.status == 130);
  CHECK(o.err.find("fix them there and run again with --input") == std::string::npos);
  const std::string advice =
      "the run was interrupted, so run the same command again on the whole input with the same --journal " + journal;
  CHECK(o.err.find(advice) != std::string::npos);
  CHECK(o.message.find("run the same command again on the whole input") != std::string::npos);
  ::unlink(input.c_str());
  ::unlink(rejects.c_str());
  ::unlink(journal.c_str());
}
