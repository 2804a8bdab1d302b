// The commands that talk to Lever (create, form, doctor) run whole through run_app, with the Context's
// transport maker and clock replaced by fakes (tests/unit/cli_harness.hpp): what Lever receives, in
// which order, what is printed and the exit status.
#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <string>
#include <vector>

#include "cli_harness.hpp"
#include "core/lever/api.hpp"
#include "core/lever/apply_mapping.hpp"
#include "core/lever/candidate_mapping.hpp"
#include "core/lever/job_form.hpp"
#include "core/util/json_util.hpp"
#include "fakes.hpp"

using tc::HttpRequest;
using tc::to_json;
using tc::test::CliOutcome;
using tc::test::CliRig;
using tc::test::parse_json;
using tc::test::respond;
using tc::test::url_path;

namespace {

const std::string kBase = "https://api.lever.co/v1";  // the default base URL
const std::string kSecret = "sk_test_SECRET123";
const std::string kOpportunity =
    R"({"id":"opp1","name":"Ada Lovelace","emails":["ada@example.com"],"createdAt":1700000000000,)"
    R"("stage":{"id":"lead-new","text":"New lead"},"applications":[{"id":"app1","posting":"post1"}]})";
const std::string kForm = R"({"id":"post1","text":"Engineer",
  "personalInformation":[{"name":"fullName","text":"Full name","type":"text","required":true},
                         {"name":"email","text":"Email","type":"text","required":true}],
  "urls":[],
  "customQuestions":[{"id":"g1","text":"Screening","fields":[
     {"id":"q1","text":"Years of experience","type":"text","required":true}]}]})";

std::string data(const std::string& json) { return R"({"data":)" + json + "}"; }

std::string header(const HttpRequest& r, const std::string& name) {
  for (const auto& h : r.headers) {
    if (h.name == name) return h.value;
  }
  return "<absent>";
}

// "GET /v1/postings/post1/apply" for each request, in order.
std::vector<std::string> sequence(const std::vector<HttpRequest>& requests) {
  std::vector<std::string> out;
  for (const auto& r : requests) out.push_back(r.method + " " + url_path(r.url));
  return out;
}

// The unified candidate the CLI should print for a Lever opportunity (nothing else read back).
std::string candidate_of(const std::string& opportunity) {
  return to_json(tc::candidate_from_opportunity(parse_json(opportunity), nullptr, nullptr));
}

bool leaks(const CliOutcome& o) { return (o.out + o.err + o.message).find(kSecret) != std::string::npos; }

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t end; (end = text.find('\n', start)) != std::string::npos; start = end + 1) {
    lines.push_back(text.substr(start, end - start));
  }
  return lines;
}

}  // namespace

TEST_CASE("create a lead: the duplicate check, one POST /opportunities with perform_as, the candidate printed") {
  CliRig rig;
  rig.env = {{"LEVER_API_KEY", kSecret}};
  rig.transport.on("GET", "/v1/opportunities", {respond(200, data("[]"))});
  rig.transport.on("POST", "/v1/opportunities", {respond(201, data(kOpportunity))});

  const CliOutcome o = rig.run({"create", "--job-id", "post1", "--perform-as", "u1", "--first-name", "Ada",
                                "--last-name", "Lovelace", "--email", "ada@example.com", "--timeout", "12"});

  INFO(o.message);
  CHECK(o.status == 0);
  CHECK_FALSE(o.error);
  const std::vector<HttpRequest> requests = rig.transport.requests();
  REQUIRE(requests.size() == 2);
  // A single record spends one GET on the duplicate check (--on-duplicate skip, the default).
  CHECK(requests[0].url ==
        kBase +
            "/opportunities?email=ada%40example.com&posting_id=post1&confidentiality=all&limit=100&expand=applications&"
            "expand=stage&expand=owner");
  const HttpRequest& r = requests[1];
  CHECK(r.method == "POST");
  CHECK(r.url == kBase + "/opportunities?perform_as=u1&expand=applications&expand=stage&expand=owner");
  CHECK(r.auth.kind == tc::HttpAuth::Kind::Basic);  // libcurl builds the header from these
  CHECK(r.auth.user == kSecret);
  CHECK(r.auth.secret.empty());
  CHECK(header(r, "Authorization") == "<absent>");
  CHECK(header(r, "Content-Type") == "application/json");
  CHECK(header(r, "Accept") == "application/json");
  CHECK(r.body == R"({"name":"Ada Lovelace","emails":["ada@example.com"],"postings":["post1"],"origin":"sourced"})");
  CHECK(r.fresh_connection);
  // The transport was made with the command's connection options.
  const auto made = rig.transports_made();
  REQUIRE_FALSE(made.empty());
  CHECK(made[0].timeout_ms == 12000);

  const rapidjson::Document printed = parse_json(o.out);
  CHECK(tc::get_string(printed, "id") == "opp1");
  CHECK(to_json(printed) == candidate_of(kOpportunity));
  CHECK_FALSE(leaks(o));
}

TEST_CASE("create an applicant: the form, the apply, then the lookup of its opportunity") {
  CliRig rig;
  rig.env = {{"LEVER_API_KEY", kSecret}};
  rig.transport.on("GET", "/v1/postings/post1/apply", {respond(200, data(kForm))});
  rig.transport.on("POST", "/v1/postings/post1/apply", {respond(200, data(R"({"applicationId":"app1"})"))});
  // The duplicate check finds nobody; Lever's index lags: the first lookup after the apply finds
  // nothing yet, the second finds the opportunity.
  rig.transport.on("GET", "/v1/opportunities",
                   {respond(200, data("[]")), respond(200, data("[]")), respond(200, data("[" + kOpportunity + "]"))});
  const std::string record = R"({"first_name":"Ada","last_name":"Lovelace","emails":[{"email":"ada@example.com"}],)"
                             R"("job_form_field_answers":[{"group_id":"g1","name":"q1","value":"5"}]})";

  const CliOutcome o =
      rig.run({"create", "--job-id", "post1", "--application-source", "applicant", "--input", "-"}, record);

  INFO(o.message);
  CHECK(o.status == 0);
  CHECK_FALSE(o.error);
  const std::vector<HttpRequest> requests = rig.transport.requests();
  CHECK(sequence(requests) == std::vector<std::string>{"GET /v1/opportunities", "GET /v1/postings/post1/apply",
                                                       "POST /v1/postings/post1/apply", "GET /v1/opportunities",
                                                       "GET /v1/opportunities"});
  REQUIRE(requests.size() == 5);
  const tc::JobForm form = tc::JobForm::parse(parse_json(kForm));
  CHECK(requests[2].body == to_json(tc::build_apply_body(tc::read_candidate_record(parse_json(record)), form, {})));
  CHECK(requests[2].url == kBase + "/postings/post1/apply");
  CHECK(requests[3].url == kBase +
                               "/opportunities?email=ada%40example.com&posting_id=post1&created_at_start=0"
                               "&confidentiality=all&limit=100&expand=applications&expand=stage&expand=owner");
  // The wait between the lookups passed on the fake clock, not in real time.
  const std::vector<double> sleeps = rig.clock.sleeps();
  CHECK(std::count(sleeps.begin(), sleeps.end(), 0.5) == 1);

  const rapidjson::Document printed = parse_json(o.out);
  CHECK(tc::get_string(printed, "id") == "opp1");
  CHECK(to_json(printed) == candidate_of(kOpportunity));
  CHECK_FALSE(leaks(o));
}

TEST_CASE("create: a refused record's hint names --perform-as only when the request carried it") {
  CliRig rig;
  rig.env = {{"LEVER_API_KEY", kSecret}};
  const std::string refusal = R"({"code":"BadRequestError","message":"Invalid email"})";
  SUBCASE("an applicant's apply carries no perform_as") {
    rig.transport.on("GET", "/v1/postings/post1/apply", {respond(200, data(kForm))});
    rig.transport.on("GET", "/v1/opportunities", {respond(200, data("[]"))});  // the duplicate check
    rig.transport.on("POST", "/v1/postings/post1/apply", {respond(400, refusal)});
    const CliOutcome o = rig.run({"create", "--job-id", "post1", "--application-source", "applicant", "--first-name",
                                  "Ada", "--email", "ada@example.com", "--answer", "Years of experience=5"});
    CHECK(o.status == 65);
    CHECK(o.message ==
          "Lever refused to create the candidate (HTTP 400: BadRequestError: Invalid email)\n"
          "hint: check the record and --job-id against Lever");
  }
  SUBCASE("a lead is created as the perform_as user") {
    rig.transport.on("GET", "/v1/opportunities", {respond(200, data("[]"))});  // the duplicate check
    rig.transport.on("POST", "/v1/opportunities", {respond(400, refusal)});
    const CliOutcome o =
        rig.run({"create", "--job-id", "post1", "--perform-as", "u1", "--first-name", "Ada", "--email", "a@x.test"});
    CHECK(o.status == 65);
    CHECK(o.message ==
          "Lever refused to create the candidate (HTTP 400: BadRequestError: Invalid email)\n"
          "hint: check the record, --job-id and --perform-as against Lever");
  }
}

TEST_CASE("create: Lever refuses the key (401) → auth error, exit 77, nothing printed, no retry") {
  CliRig rig;
  rig.env = {{"LEVER_API_KEY", kSecret}};
  // The first request (the duplicate check) is refused: nothing else is tried.
  rig.transport.on("GET", "/v1/opportunities",
                   {respond(401, R"({"code":"UnauthorizedError","message":"Invalid API key"})")});

  const CliOutcome o = rig.run(
      {"create", "--job-id", "post1", "--perform-as", "u1", "--first-name", "Ada", "--email", "ada@example.com"});

  INFO(o.message);
  CHECK(o.status == 77);
  REQUIRE(o.error);
  CHECK(*o.error == tc::ErrorKind::Auth);
  CHECK(o.message.find("Invalid API key") != std::string::npos);
  CHECK(o.out.empty());
  CHECK(rig.transport.size() == 1);
  CHECK_FALSE(leaks(o));
}

TEST_CASE("form: GET the posting's form, print the unified job form fields") {
  CliRig rig;
  rig.env = {{"LEVER_API_KEY", kSecret}};
  rig.transport.on("GET", "/v1/postings/post1/apply", {respond(200, data(kForm))});

  const CliOutcome o = rig.run({"form", "--job-id", "post1", "-o", "json"});

  CHECK(o.status == 0);
  CHECK(sequence(rig.transport.requests()) == std::vector<std::string>{"GET /v1/postings/post1/apply"});
  const rapidjson::Document printed = parse_json(o.out);
  const tc::JobForm form = tc::JobForm::parse(parse_json(kForm));
  CHECK(to_json(printed) == to_json(tc::unified_job_form_fields(form)));
  REQUIRE(printed.IsArray());
  CHECK(printed.Size() == 3);
}

TEST_CASE("form -o table off a terminal: ids and names whole, empty columns left out") {
  CliRig rig;
  rig.env = {{"LEVER_API_KEY", kSecret}};
  const std::string form = R"({"id":"post1","text":"Engineer",
    "personalInformation":[{"name":"fullName","text":"Full name","type":"text","required":true}],
    "urls":[],
    "customQuestions":[{"id":"a1b2c3d4-0000-4000-8000-000000000001","text":"Screening","fields":[
       {"id":"a1b2c3d4-0000-4000-8000-00000000000a","text":"Years of experience with distributed systems",
        "type":"text","required":false}]}]})";
  rig.transport.on("GET", "/v1/postings/post1/apply", {respond(200, data(form))});

  const CliOutcome o = rig.run({"form", "--job-id", "post1", "-o", "table"});  // 100 columns, not a terminal

  CHECK(o.status == 0);
  // 136 columns wide: nothing is cut. No field has options, so there is no OPTIONS column.
  CHECK(o.out ==
        "GROUP                                 NAME                                  LABEL                       "
        "                  TYPE  REQUIRED\n"
        "personalInformation                   fullName                              Full name                   "
        "                  text  yes\n"
        "a1b2c3d4-0000-4000-8000-000000000001  a1b2c3d4-0000-4000-8000-00000000000a  Years of experience with "
        "distributed systems  text\n");
}

namespace {

const std::string kUserId = "8d49b010-cc6a-4f40-ace5-e86061c677ed";
const std::string kUser = R"({"id":"8d49b010-cc6a-4f40-ace5-e86061c677ed","name":"Riley Recruiter",)"
                          R"("email":"riley@example.com","accessRole":"admin","deactivatedAt":null})";

// Lever with the user and posting post1 in `state`: a whole server, so each route may go unused.
void serve_doctor(CliRig& rig, const std::string& state) {
  rig.env = {{"LEVER_API_KEY", kSecret}};
  rig.transport.on("GET", "/v1/stages", {respond(200, data(R"([{"id":"lead-new","text":"New lead"}])"))}).optional();
  rig.transport
      .on("GET", "/v1/postings/post1",
          {respond(200, data(R"({"id":"post1","text":"Engineer","state":")" + state + R"("})"))})
      .optional();
  rig.transport.on("GET", "/v1/postings/post1/apply", {respond(200, data(kForm))}).optional();
  rig.transport.on("GET", "/v1/users", {respond(200, data("[" + kUser + "]"))}).optional();
  rig.transport.on("GET", "/v1/users/" + kUserId, {respond(200, data(kUser))}).optional();  // more specific, so last
  rig.transport.on("GET", "/v1/archive_reasons", {respond(200, data(R"([{"id":"r1","text":"Hired"}])"))}).optional();
}

}  // namespace

TEST_CASE("doctor: every check passes against a healthy Lever") {
  CliRig rig;
  serve_doctor(rig, "published");

  const CliOutcome o = rig.run({"doctor", "--perform-as", kUserId, "--job-id", "post1"});

  INFO(o.message);
  CHECK(o.status == 0);
  CHECK_FALSE(o.error);
  CHECK(sequence(rig.transport.requests()) ==
        std::vector<std::string>{"GET /v1/stages", "GET /v1/users/" + kUserId, "GET /v1/postings/post1",
                                 "GET /v1/postings/post1/apply", "GET /v1/users", "GET /v1/archive_reasons"});
  const std::vector<std::string> lines = lines_of(o.out);
  std::vector<std::string> names;
  for (const auto& line : lines) {
    CHECK_MESSAGE(line.rfind("ok   ", 0) == 0, line);
    names.push_back(line.substr(5, line.find(' ', 5) - 5));
  }
  CHECK(names ==
        std::vector<std::string>{"credentials", "base_url", "connection", "perform_as", "posting", "form", "lookups"});
  CHECK_FALSE(leaks(o));
}

TEST_CASE("doctor: a closed posting is a warning for leads, with its fix, and exit 0") {
  CliRig rig;
  serve_doctor(rig, "closed");

  const CliOutcome o = rig.run({"doctor", "--perform-as", kUserId, "--job-id", "post1"});

  INFO(o.message);
  CHECK(o.status == 0);
  CHECK_FALSE(o.error);
  const std::vector<std::string> lines = lines_of(o.out);
  const auto posting =
      std::find_if(lines.begin(), lines.end(), [](const std::string& l) { return l.rfind("warn posting ", 0) == 0; });
  REQUIRE(posting != lines.end());
  CHECK(*posting ==
        "warn posting      \"Engineer\" (post1) is closed: leads can still be added to it; it takes no "
        "applicants");
  REQUIRE(posting + 1 != lines.end());
  CHECK(*(posting + 1) == "     fix: publish the posting in Lever (or make it internal) before creating applicants");
  CHECK(std::count_if(lines.begin(), lines.end(), [](const std::string& l) { return l.rfind("ok   ", 0) == 0; }) == 6);
}

TEST_CASE("doctor: a failing check is reported with its fix, and sets the exit status") {
  CliRig rig;
  serve_doctor(rig, "closed");

  const CliOutcome o =
      rig.run({"doctor", "--perform-as", kUserId, "--job-id", "post1", "--application-source", "applicant"});

  CHECK(o.status == 65);  // the posting's failure is InvalidInput
  REQUIRE(o.error);
  CHECK(*o.error == tc::ErrorKind::InvalidInput);
  CHECK(o.message.find("1 of 7 checks failed") != std::string::npos);
  const std::vector<std::string> lines = lines_of(o.out);
  const auto posting =
      std::find_if(lines.begin(), lines.end(), [](const std::string& l) { return l.rfind("FAIL posting ", 0) == 0; });
  REQUIRE(posting != lines.end());
  CHECK(posting->find("\"Engineer\" (post1) is closed") != std::string::npos);
  REQUIRE(posting + 1 != lines.end());
  CHECK((posting + 1)->rfind("     fix: publish the posting in Lever", 0) == 0);
  // The other checks still pass, the form included (read even for a closed posting).
  CHECK(std::count_if(lines.begin(), lines.end(), [](const std::string& l) { return l.rfind("ok   ", 0) == 0; }) == 6);
  CHECK_FALSE(leaks(o));
}
