// The unified candidate → Lever apply body mapping and its pre-flight checks
// (core/lever/apply_mapping.hpp, docs/lever-contract.md §3).
#include <doctest/doctest.h>

#include <rapidjson/document.h>

#include <map>
#include <string>

#include "core/input/field_flags.hpp"
#include "core/lever/apply_mapping.hpp"
#include "core/lever/job_form.hpp"
#include "core/util/error.hpp"
#include "core/util/json_util.hpp"
#include "fakes.hpp"
#include "tests/fixtures/sandbox_form.hpp"

namespace {

using tc::test::kSandboxForm;
const std::string kScreening = "c0ffee00-0000-4000-8000-000000000001";
const std::string kLogistics = "c0ffee00-0000-4000-8000-000000000002";
const std::string kHeard = "a1b2c3d4-0000-4000-8000-000000000011";
const std::string kYears = "a1b2c3d4-0000-4000-8000-000000000012";
const std::string kLanguages = "a1b2c3d4-0000-4000-8000-000000000013";
const std::string kCoverLetter = "a1b2c3d4-0000-4000-8000-000000000015";
const std::string kRelocate = "a1b2c3d4-0000-4000-8000-000000000021";

using tc::to_json;
using tc::test::parse_json;

tc::JobForm sandbox_form() {
  auto d = parse_json(kSandboxForm);
  return tc::JobForm::parse(d);
}

// A valid applicant with the minimum the sandbox form requires, plus `extra` members (JSON text
// without braces, e.g. R"("tags":["a"])").
std::string minimal_record(const std::string& extra = "", bool with_required_answers = true) {
  std::string r = R"({"first_name":"Ada","last_name":"Lovelace","emails":[{"email":"ada@example.com"}],)"
                  R"("locations":["London"])";
  if (with_required_answers) {
    r += R"(,"job_form_field_answers":[{"name":")" + kHeard + R"(","value":"Referral"},{"name":")" + kYears +
         R"(","value":"5"}])";
  }
  if (!extra.empty()) r += "," + extra;
  return r + "}";
}

std::string problems_text(const tc::ApplyPlan& plan) {
  std::string out;
  for (const auto& p : plan.problems) out += p.pointer + ": " + p.message + "\n";
  return out;
}

const tc::Problem* find_problem(const tc::ApplyPlan& plan, const std::string& pointer) {
  for (const auto& p : plan.problems) {
    if (p.pointer == pointer) return &p;
  }
  return nullptr;
}

std::vector<std::string> ids_of(const std::vector<tc::AttachmentToSend>& attachments) {
  std::vector<std::string> ids;
  for (const auto& a : attachments) ids.push_back(a.attachment.id);
  return ids;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("happy path: exact body, uploads and leftovers") {
  const tc::JobForm form = sandbox_form();
  auto record = parse_json(R"({
    "first_name": "Ada", "last_name": "Lovelace", "company": "Analytical Engines",
    "locations": ["London", "Paris"],
    "emails": [{"email": "ada@example.com", "type": "personal"}, {"email": "ada@work.example"}],
    "phones": [{"number": "+44 20 1234", "type": "mobile"}],
    "links": ["https://www.linkedin.com/in/ada", {"url": "https://github.com/ada", "type": "github"},
              "https://ada.dev", "https://twitter.com/ada"],
    "tags": ["referral", "2024"],
    "attachments": [
      {"id": "cv.pdf", "file_name": "cv.pdf", "file_url": "file:///tmp/cv.pdf", "type": "resume"},
      {"id": "letter.pdf", "file_url": "https://files.example.com/letter.pdf"},
      {"id": "extra.txt", "file_url": "file:///tmp/extra%20notes.txt"}],
    "job_form_field_answers": [
      {"name": "a1b2c3d4-0000-4000-8000-000000000011", "value": "job BOARD", "group_id": "c0ffee00-0000-4000-8000-000000000001"},
      {"name": "Years of experience", "value": "12"},
      {"name": "Languages", "value": ["rust", "C++"]},
      {"name": "a1b2c3d4-0000-4000-8000-000000000015", "value": "letter.pdf"},
      {"name": "gender", "value": "female", "group_id": "eeoQuestions"},
      {"name": "additionalInformation", "value": "Available from May"}],
    "remote_data": {"source": "Careers site"}
  })");

  const tc::ApplyPlan plan = tc::plan_apply(tc::read_candidate_record(record), form);
  CHECK_MESSAGE(plan.problems.empty(), problems_text(plan));
  REQUIRE(plan.uploads.size() == 2);
  CHECK(plan.uploads[0].attachment.id == "cv.pdf");
  CHECK(plan.uploads[0].file_name == "cv.pdf");
  CHECK(plan.uploads[0].source == "/tmp/cv.pdf");
  CHECK(plan.uploads[0].attachment.pointer == "/attachments/0");
  CHECK(plan.uploads[1].attachment.id == "letter.pdf");
  CHECK(plan.uploads[1].file_name == "letter.pdf");
  CHECK(plan.uploads[1].source == "https://files.example.com/letter.pdf");
  CHECK(plan.leftover_tags == std::vector<std::string>{"referral", "2024"});
  CHECK(plan.leftover_links == std::vector<std::string>{"https://twitter.com/ada"});
  CHECK(ids_of(plan.leftover_attachments) == std::vector<std::string>{"extra.txt"});

  const std::map<std::string, std::string> uris = {{"cv.pdf", "https://api.lever.co/v1/uploads/u1-cv.pdf"},
                                                   {"letter.pdf", "https://api.lever.co/v1/uploads/u2-letter.pdf"}};
  const rapidjson::Document body = tc::build_apply_body(tc::read_candidate_record(record), form, uris);
  CHECK(to_json(body) ==
        R"({"personalInformation":[{"name":"fullName","value":"Ada Lovelace"},)"
        R"({"name":"email","value":"ada@example.com"},{"name":"currentCompany","value":"Analytical Engines"},)"
        R"({"name":"currentLocation","value":"London"},{"name":"phone","value":"+44 20 1234"},)"
        R"({"name":"resume","value":"https://api.lever.co/v1/uploads/u1-cv.pdf"},)"
        R"({"name":"additionalInformation","value":"Available from May"}],)"
        R"("urls":[{"name":"LinkedIn","value":"https://www.linkedin.com/in/ada"},)"
        R"({"name":"GitHub","value":"https://github.com/ada"},{"name":"Other Website","value":"https://ada.dev"}],)"
        R"("customQuestions":[{"id":"c0ffee00-0000-4000-8000-000000000001","fields":[{"value":"Job board"},)"
        R"({"value":"12"},{"value":["Rust","C++"]},{"value":null},)"
        R"({"value":"https://api.lever.co/v1/uploads/u2-letter.pdf"}]}],)"
        R"("eeoResponses":{"gender":"Female"},"source":"Careers site"})");
}

TEST_CASE("minimal record: only fields with a value, no urls/eeo, local path file name") {
  const tc::JobForm form = sandbox_form();
  auto record = parse_json(
      minimal_record(R"("attachments":[{"id":"a","file_url":"file:///home/ada/My%20CV.pdf","type":"resume"}])"));
  const tc::ApplyPlan plan = tc::plan_apply(tc::read_candidate_record(record), form);
  CHECK_MESSAGE(plan.problems.empty(), problems_text(plan));
  REQUIRE(plan.uploads.size() == 1);
  CHECK(plan.uploads[0].source == "/home/ada/My CV.pdf");
  CHECK(plan.uploads[0].file_name == "My CV.pdf");
  CHECK(ids_of(plan.leftover_attachments).empty());
  CHECK(plan.leftover_tags.empty());
  const auto body = tc::build_apply_body(tc::read_candidate_record(record), form, {{"a", "https://u/a"}});
  CHECK(
      to_json(body) ==
      R"({"personalInformation":[{"name":"fullName","value":"Ada Lovelace"},{"name":"email","value":"ada@example.com"},)"
      R"({"name":"currentLocation","value":"London"},{"name":"resume","value":"https://u/a"}],)"
      R"("customQuestions":[{"id":"c0ffee00-0000-4000-8000-000000000001","fields":[{"value":"Referral"},)"
      R"({"value":"5"},{"value":null},{"value":null},{"value":null}]}]})");
}

TEST_CASE("resume: the one rule of candidate_record.hpp (type other, attachment_type resume)") {
  const tc::JobForm form = sandbox_form();
  auto record = parse_json(minimal_record(
      R"("attachments":[{"id":"cv","file_url":"https://e.com/cv.pdf","type":"other","attachment_type":"resume"}])"));
  const tc::ApplyPlan plan = tc::plan_apply(tc::read_candidate_record(record), form);
  CHECK_MESSAGE(plan.problems.empty(), problems_text(plan));
  REQUIRE(plan.uploads.size() == 1);
  CHECK(plan.uploads[0].attachment.id == "cv");
  CHECK(ids_of(plan.leftover_attachments).empty());
  CHECK(has(to_json(tc::build_apply_body(tc::read_candidate_record(record), form, {{"cv", "https://u/cv"}})),
            R"({"name":"resume","value":"https://u/cv"})"));
}

TEST_CASE("resume: no resume field or no resume attachment") {
  const tc::JobForm form = sandbox_form();
  SUBCASE("no resume attachment: nothing uploaded, no resume entry") {
    auto record = parse_json(minimal_record(R"("attachments":[{"id":"x.pdf","file_url":"https://e.com/x.pdf"}])"));
    const auto plan = tc::plan_apply(tc::read_candidate_record(record), form);
    CHECK(plan.uploads.empty());
    CHECK(ids_of(plan.leftover_attachments) == std::vector<std::string>{"x.pdf"});
    CHECK_FALSE(has(to_json(tc::build_apply_body(tc::read_candidate_record(record), form, {})), "resume"));
  }
  SUBCASE("a form without a resume field makes the resume a leftover file") {
    auto d = parse_json(
        R"({"id":"p","personalInformation":[{"name":"fullName","required":true},{"name":"email","required":true}]})");
    const tc::JobForm small = tc::JobForm::parse(d);
    auto record = parse_json(
        R"({"first_name":"A","emails":[{"email":"a@e.com"}],"attachments":[{"id":"cv","file_url":"https://e.com/cv.pdf","attachment_type":"resume"}]})");
    const auto plan = tc::plan_apply(tc::read_candidate_record(record), small);
    CHECK(plan.problems.empty());
    CHECK(plan.uploads.empty());
    CHECK(ids_of(plan.leftover_attachments) == std::vector<std::string>{"cv"});
  }
  SUBCASE("a resume answer with a URL overrides the attachment") {
    auto record = parse_json(
        minimal_record(R"("attachments":[{"id":"cv","file_url":"https://e.com/cv.pdf","type":"resume"}])").substr(0));
    record["job_form_field_answers"].PushBack(
        rapidjson::Value(rapidjson::kObjectType)
            .AddMember("name", "resume", record.GetAllocator())
            .AddMember("value", "https://api.lever.co/v1/uploads/old.pdf", record.GetAllocator()),
        record.GetAllocator());
    const auto plan = tc::plan_apply(tc::read_candidate_record(record), form);
    CHECK(plan.problems.empty());
    CHECK(plan.uploads.empty());
    CHECK(ids_of(plan.leftover_attachments) == std::vector<std::string>{"cv"});
    CHECK(has(to_json(tc::build_apply_body(tc::read_candidate_record(record), form, {})),
              R"({"name":"resume","value":"https://api.lever.co/v1/uploads/old.pdf"})"));
  }
  SUBCASE("missing upload uri is an internal error") {
    auto record =
        parse_json(minimal_record(R"("attachments":[{"id":"cv","file_url":"https://e.com/cv.pdf","type":"resume"}])"));
    try {
      tc::build_apply_body(tc::read_candidate_record(record), form, {});
      FAIL("expected an exception");
    } catch (const tc::Error& e) {
      CHECK(e.kind() == tc::ErrorKind::Internal);
    }
  }
}

TEST_CASE("positional nulls in a partly answered group; unanswered groups are left out") {
  const tc::JobForm form = sandbox_form();
  auto record = parse_json(minimal_record(R"("remote_data":{})", true));
  auto& a = record.GetAllocator();
  record["job_form_field_answers"].PushBack(rapidjson::Value(rapidjson::kObjectType)
                                                .AddMember("name", "willing to RELOCATE?", a)
                                                .AddMember("value", "yes", a),
                                            a);
  const auto body = tc::build_apply_body(tc::read_candidate_record(record), form, {});
  CHECK(to_json(body["customQuestions"]) ==
        R"([{"id":"c0ffee00-0000-4000-8000-000000000001","fields":[{"value":"Referral"},{"value":"5"},{"value":null},)"
        R"({"value":null},{"value":null}]},{"id":"c0ffee00-0000-4000-8000-000000000002","fields":[{"value":"Yes"}]}])");
}

TEST_CASE("options: case-insensitive, sent as the form's text; multiple-select arrays") {
  const tc::JobForm form = sandbox_form();
  auto record = parse_json(
      minimal_record(R"("job_form_field_answers":[{"name":"How did you hear about us?","value":"  conference "},)"
                     R"({"name":")" +
                         kYears +
                         R"(","value":"3"},{"name":"languages","value":"go"},)"
                         R"({"name":"race","value":"DECLINE TO SELF-IDENTIFY","group_id":"eeoQuestions"}])",
                     false));
  const auto plan = tc::plan_apply(tc::read_candidate_record(record), form);
  REQUIRE_MESSAGE(plan.problems.empty(), problems_text(plan));
  const auto body = tc::build_apply_body(tc::read_candidate_record(record), form, {});
  CHECK(to_json(body["customQuestions"][0]["fields"]) ==
        R"([{"value":"Conference"},{"value":"3"},{"value":["Go"]},{"value":null},{"value":null}])");
  CHECK(to_json(body["eeoResponses"]) == R"({"race":"Decline to self-identify"})");

  SUBCASE("multiple-select array with duplicates collapses, keeps the user's order") {
    auto r2 = parse_json(minimal_record(R"("job_form_field_answers":[{"name":")" + kHeard +
                                            R"(","value":"Referral"},)"
                                            R"({"name":")" +
                                            kYears +
                                            R"(","value":"3"},)"
                                            R"({"name":")" +
                                            kLanguages + R"(","value":["python","c++","Python"]}])",
                                        false));
    CHECK(to_json(tc::build_apply_body(tc::read_candidate_record(r2), form, {})["customQuestions"][0]["fields"][2]) ==
          R"({"value":["Python","C++"]})");
  }
}

TEST_CASE("option values not allowed list the allowed ones") {
  const tc::JobForm form = sandbox_form();
  auto record = parse_json(minimal_record(R"("job_form_field_answers":[{"name":")" + kHeard +
                                              R"(","value":"Newspaper"},)"
                                              R"({"name":")" +
                                              kYears + R"(","value":"3"},{"name":")" + kLanguages +
                                              R"(","value":["Rust","Haskell"]},)"
                                              R"({"name":")" +
                                              kRelocate + R"(","value":["Yes"]}])",
                                          false));
  const auto plan = tc::plan_apply(tc::read_candidate_record(record), form);
  CHECK(plan.problems.size() == 3);
  const tc::Problem* p = find_problem(plan, "/job_form_field_answers/0/value");
  REQUIRE(p);
  CHECK(has(p->message, "\"Newspaper\" is not an option"));
  CHECK(has(p->message, "(one of: Referral, Job board, Conference)"));
  p = find_problem(plan, "/job_form_field_answers/2/value/1");
  REQUIRE(p);
  CHECK(has(p->message, "\"Haskell\""));
  CHECK(has(p->message, "C++, Rust, Go, Python"));
  p = find_problem(plan, "/job_form_field_answers/3/value");
  REQUIRE(p);
  CHECK(has(p->message, "takes one value"));
  // and build refuses to produce a body
  try {
    tc::build_apply_body(tc::read_candidate_record(record), form, {});
    FAIL("expected an exception");
  } catch (const tc::Error& e) {
    CHECK(e.kind() == tc::ErrorKind::InvalidInput);
    CHECK(e.problems().size() == 3);
  }
}

TEST_CASE("file-upload answers") {
  const tc::JobForm form = sandbox_form();
  const std::string answers_prefix = R"("job_form_field_answers":[{"name":")" + kHeard +
                                     R"(","value":"Referral"},)"
                                     R"({"name":")" +
                                     kYears + R"(","value":"3"},)";
  SUBCASE("by attachment id: uploaded, sent as the uri, not a leftover") {
    auto record = parse_json(minimal_record(
        answers_prefix + R"({"name":"Cover letter","value":"cl"}],)"
                         R"("attachments":[{"id":"cl","file_name":"letter.pdf","file_url":"https://e.com/l"}])",
        false));
    const auto plan = tc::plan_apply(tc::read_candidate_record(record), form);
    REQUIRE(plan.problems.empty());
    REQUIRE(plan.uploads.size() == 1);
    CHECK(plan.uploads[0].attachment.id == "cl");
    CHECK(plan.uploads[0].file_name == "letter.pdf");
    CHECK(ids_of(plan.leftover_attachments).empty());
    CHECK(to_json(tc::build_apply_body(tc::read_candidate_record(record), form,
                                       {{"cl", "https://api/u/cl"}})["customQuestions"][0]["fields"][4]) ==
          R"({"value":"https://api/u/cl"})");
  }
  SUBCASE("a URL is sent as is") {
    auto record = parse_json(minimal_record(
        answers_prefix + R"({"name":")" + kCoverLetter + R"(","value":"https://api.lever.co/v1/uploads/x.pdf"}])",
        false));
    const auto plan = tc::plan_apply(tc::read_candidate_record(record), form);
    REQUIRE(plan.problems.empty());
    CHECK(plan.uploads.empty());
  }
  SUBCASE("neither an attachment id nor a URL") {
    auto record = parse_json(
        minimal_record(answers_prefix + R"({"name":")" + kCoverLetter + R"(","value":"letter.pdf"}])", false));
    const auto plan = tc::plan_apply(tc::read_candidate_record(record), form);
    REQUIRE(plan.problems.size() == 1);
    CHECK(plan.problems[0].pointer == "/job_form_field_answers/2/value");
    CHECK(has(plan.problems[0].message, "neither an attachment id of this record (none) nor an http(s) URL"));
  }
}

TEST_CASE("URL matching by host and type; leftovers") {
  const tc::JobForm form = sandbox_form();
  SUBCASE("a second LinkedIn link does not take Other Website; websites fill it in order") {
    auto record = parse_json(minimal_record(
        R"("links":["linkedin.com/in/a","https://uk.linkedin.com/in/b","www.a.dev","https://blog.a.dev",{"url":"https://code.example/a","type":"GitHub"}])"));
    const auto plan = tc::plan_apply(tc::read_candidate_record(record), form);
    REQUIRE(plan.problems.empty());
    CHECK(plan.leftover_links == std::vector<std::string>{"https://uk.linkedin.com/in/b", "https://blog.a.dev"});
    CHECK(to_json(tc::build_apply_body(tc::read_candidate_record(record), form, {})["urls"]) ==
          R"([{"name":"LinkedIn","value":"linkedin.com/in/a"},{"name":"GitHub","value":"https://code.example/a"},)"
          R"({"name":"Other Website","value":"www.a.dev"}])");
  }
  SUBCASE("site names match whole words only") {
    auto record = parse_json(minimal_record(R"("links":["https://hub.com/a","https://github.com/b"])"));
    const auto plan = tc::plan_apply(tc::read_candidate_record(record), form);
    CHECK(plan.leftover_links.empty());
    CHECK(to_json(tc::build_apply_body(tc::read_candidate_record(record), form, {})["urls"]) ==
          R"([{"name":"GitHub","value":"https://github.com/b"},{"name":"Other Website","value":"https://hub.com/a"}])");
  }
  SUBCASE("answers in group urls win over links") {
    auto record = parse_json(minimal_record(R"("links":["https://github.com/a"])", true));
    auto& al = record.GetAllocator();
    record["job_form_field_answers"].PushBack(rapidjson::Value(rapidjson::kObjectType)
                                                  .AddMember("name", "GitHub", al)
                                                  .AddMember("value", "https://github.com/answer", al)
                                                  .AddMember("group_id", "urls", al),
                                              al);
    const auto plan = tc::plan_apply(tc::read_candidate_record(record), form);
    REQUIRE(plan.problems.empty());
    CHECK(plan.leftover_links == std::vector<std::string>{"https://github.com/a"});
    CHECK(to_json(tc::build_apply_body(tc::read_candidate_record(record), form, {})["urls"]) ==
          R"([{"name":"GitHub","value":"https://github.com/answer"}])");
  }
}

TEST_CASE("personal information answers override the record; remote_data wins last") {
  const tc::JobForm form = sandbox_form();
  auto record = parse_json(R"({"first_name":"Ada","last_name":"Lovelace","emails":[{"email":"ada@example.com"}],
    "job_form_field_answers":[{"name":"currentLocation","value":"Remote"},{"name":"Full name","value":"Augusta Ada King","group_id":"personalInformation"},
      {"name":")" + kHeard +
                           R"(","value":"Referral"},{"name":")" + kYears + R"(","value":"5"}],
    "remote_data":{"urls":[{"name":"LinkedIn","value":"x"}],"origin":"internal"}})");
  const auto plan = tc::plan_apply(tc::read_candidate_record(record), form);
  REQUIRE_MESSAGE(plan.problems.empty(), problems_text(plan));
  const auto body = tc::build_apply_body(tc::read_candidate_record(record), form, {});
  CHECK(to_json(body["personalInformation"]) ==
        R"([{"name":"fullName","value":"Augusta Ada King"},{"name":"email","value":"ada@example.com"},)"
        R"({"name":"currentLocation","value":"Remote"}])");
  CHECK(to_json(body["urls"]) == R"([{"name":"LinkedIn","value":"x"}])");
  CHECK(std::string(body["origin"].GetString()) == "internal");
}

TEST_CASE("pre-flight: required personal information points at the unified field") {
  const tc::JobForm form = sandbox_form();
  auto record = parse_json(R"({"first_name":"Ada","emails":[{"email":"a@e.com"}],"job_form_field_answers":[
      {"name":"a1b2c3d4-0000-4000-8000-000000000011","value":"Referral"},{"name":"a1b2c3d4-0000-4000-8000-000000000012","value":"1"}]})");
  const auto plan = tc::plan_apply(tc::read_candidate_record(record), form);
  REQUIRE(plan.problems.size() == 1);
  CHECK(plan.problems[0].pointer == "/locations");
  CHECK(has(plan.problems[0].message, "requires \"Current location\""));
  CHECK(has(plan.problems[0].message, "--location CITY"));
  CHECK(has(plan.problems[0].message, "--answer 'Current location=VALUE'"));
}

TEST_CASE("pre-flight: required custom questions") {
  const tc::JobForm form = sandbox_form();
  auto record = parse_json(minimal_record("", false));
  const auto plan = tc::plan_apply(tc::read_candidate_record(record), form);
  REQUIRE(plan.problems.size() == 2);
  CHECK(plan.problems[0].pointer == "/job_form_field_answers");
  CHECK(plan.problems[0].message ==
        "required question \"How did you hear about us?\" (group c0ffee00-0000-4000-8000-000000000001 \"Screening\", "
        "field a1b2c3d4-0000-4000-8000-000000000011) has no answer; add --answer "
        "'How did you hear about us?=VALUE' (one of: Referral, Job board, Conference)");
  CHECK(plan.problems[1].message ==
        "required question \"Years of experience\" (group c0ffee00-0000-4000-8000-000000000001 \"Screening\", "
        "field a1b2c3d4-0000-4000-8000-000000000012) has no answer; add --answer "
        "'Years of experience=VALUE'");

  SUBCASE("a null or empty answer is no answer") {
    auto r2 = parse_json(minimal_record(R"("job_form_field_answers":[{"name":")" + kHeard +
                                            R"(","value":null},)"
                                            R"({"name":")" +
                                            kYears + R"(","value":"  "}])",
                                        false));
    CHECK(tc::plan_apply(tc::read_candidate_record(r2), form).problems.size() == 2);
  }
}

TEST_CASE("pre-flight: unknown names and groups, ambiguity, answered twice") {
  const tc::JobForm form = sandbox_form();
  SUBCASE("unknown name") {
    auto record =
        parse_json(minimal_record(R"("job_form_field_answers":[{"name":")" + kHeard +
                                      R"(","value":"Referral"},)"
                                      R"({"name":")" +
                                      kYears + R"(","value":"3"},{"name":"Favourite colour","value":"blue"}])",
                                  false));
    const auto plan = tc::plan_apply(tc::read_candidate_record(record), form);
    REQUIRE(plan.problems.size() == 1);
    CHECK(plan.problems[0].pointer == "/job_form_field_answers/2/name");
    CHECK(has(plan.problems[0].message, "no field \"Favourite colour\""));
    CHECK(has(plan.problems[0].message, "truto-candidates form --job-id 5f1e0000-0000-4000-8000-00000000a001"));
  }
  SUBCASE("name exists but not in the given group; unknown group") {
    auto record = parse_json(minimal_record(R"("job_form_field_answers":[{"name":")" + kHeard +
                                                R"(","value":"Referral","group_id":")" + kLogistics +
                                                R"("},)"
                                                R"({"name":")" +
                                                kYears + R"(","value":"3","group_id":"nope"}])",
                                            false));
    const auto plan = tc::plan_apply(tc::read_candidate_record(record), form);
    const tc::Problem* p = find_problem(plan, "/job_form_field_answers/0/name");
    REQUIRE(p);
    CHECK(has(p->message, "in group \"c0ffee00-0000-4000-8000-000000000002\""));
    p = find_problem(plan, "/job_form_field_answers/1/group_id");
    REQUIRE(p);
    CHECK(has(p->message, "no group \"nope\""));
    CHECK(has(p->message, "c0ffee00-0000-4000-8000-000000000001 (\"Screening\")"));
    CHECK(has(p->message, "eeoQuestions"));
    CHECK(plan.problems.size() == 4);  // plus the two required questions left unanswered
  }
  SUBCASE("a group's text is accepted as its group_id") {
    auto record = parse_json(minimal_record(
        R"("job_form_field_answers":[{"name":"how did you hear about us?","value":"Referral","group_id":"screening"},)"
        R"({"name":")" +
            kYears + R"(","value":"3"}])",
        false));
    CHECK(tc::plan_apply(tc::read_candidate_record(record), form).problems.empty());
  }
  SUBCASE("answered twice") {
    auto record = parse_json(
        minimal_record(R"("job_form_field_answers":[{"name":")" + kHeard +
                           R"(","value":"Referral"},)"
                           R"({"name":")" +
                           kYears + R"(","value":"3"},{"name":"HOW DID YOU HEAR ABOUT US?","value":"Conference"}])",
                       false));
    const auto plan = tc::plan_apply(tc::read_candidate_record(record), form);
    REQUIRE(plan.problems.size() == 1);
    CHECK(plan.problems[0].pointer == "/job_form_field_answers/2");
    CHECK(has(plan.problems[0].message, "answered twice (also at /job_form_field_answers/0)"));
  }
  SUBCASE("ambiguous name lists the fields; exact id match wins; group_id resolves") {
    auto d = parse_json(
        R"({"id":"p","personalInformation":[{"name":"fullName"},{"name":"email"},{"name":"phone","text":"Phone"}],
      "customQuestions":[{"id":"g1","text":"One","fields":[{"id":"q1","text":"Phone","type":"text"},{"id":"q2","text":"Notes","type":"text"}]},
                         {"id":"g2","text":"Two","fields":[{"id":"q3","text":"notes","type":"text"}]}]})");
    const tc::JobForm small = tc::JobForm::parse(d);
    auto record = parse_json(R"({"first_name":"A","emails":[{"email":"a@e.com"}],"job_form_field_answers":[
        {"name":"Notes","value":"x"},{"name":"Phone","value":"y"},{"name":"phone","value":"123"},{"name":"notes","value":"z","group_id":"g2"}]})");
    const auto plan = tc::plan_apply(tc::read_candidate_record(record), small);
    REQUIRE_MESSAGE(plan.problems.size() == 2, problems_text(plan));
    CHECK(plan.problems[0].pointer == "/job_form_field_answers/0/name");
    CHECK(plan.problems[0].message ==
          "\"Notes\" fits several fields: \"Notes\" (group g1 \"One\", field q2); \"notes\" (group g2 \"Two\", field "
          "q3); "
          "name the field by its id, or add its group_id (--answer 'GROUP_ID/NAME=VALUE')");
    CHECK(plan.problems[1].pointer == "/job_form_field_answers/1/name");
    CHECK(has(plan.problems[1].message, "(personalInformation/phone)"));
  }
}

TEST_CASE("pre-flight: no name, no e-mail, and several problems at once") {
  const tc::JobForm form = sandbox_form();
  auto record = parse_json(
      R"({"emails":[],"attachments":[{"id":"x"},{"id":"x","file_url":"https://e.com/x"},{"id":"r1","file_url":"https://e/1","type":"resume"},{"id":"r2","file_url":"https://e/2","type":"resume"}],
      "job_form_field_answers":[{"name":"Languages","value":"Cobol"},{"value":"orphan"},{"name":"gender","value":3,"group_id":"eeoQuestions"}]})");
  const auto plan = tc::plan_apply(tc::read_candidate_record(record), form);
  std::string pointers;
  for (const auto& p : plan.problems) pointers += p.pointer + " ";
  CHECK(pointers ==
        "/attachments/0/file_url /attachments/1/id /attachments/3/type /job_form_field_answers/0/value "
        "/job_form_field_answers/1/name /job_form_field_answers/2/value /first_name /emails /locations "
        "/job_form_field_answers /job_form_field_answers ");
  CHECK(has(find_problem(plan, "/first_name")->message, "--first-name"));
  CHECK(has(find_problem(plan, "/emails")->message, "--email ADDRESS"));
  CHECK(has(find_problem(plan, "/attachments/0/file_url")->message, "no usable file_url"));
  CHECK(has(find_problem(plan, "/attachments/1/id")->message, "used twice"));
  CHECK(has(find_problem(plan, "/attachments/3/type")->message, "only one attachment can be the resume"));
}

TEST_CASE("tags are all leftovers (strings or {name})") {
  const tc::JobForm form = sandbox_form();
  auto record = parse_json(minimal_record(R"("tags":["a",{"name":"b"}," "])"));
  CHECK(tc::plan_apply(tc::read_candidate_record(record), form).leftover_tags == std::vector<std::string>{"a", "b"});
  CHECK_FALSE(has(to_json(tc::build_apply_body(tc::read_candidate_record(record), form, {})), "tags"));
}

TEST_CASE("parse_answer_flag") {
  rapidjson::Document doc;
  auto& a = doc.GetAllocator();
  CHECK(to_json(tc::parse_answer_flag("a1b2=Referral", a)) == R"({"name":"a1b2","value":"Referral"})");
  CHECK(to_json(tc::parse_answer_flag("c0ffee/a1b2=x=y", a)) == R"({"name":"a1b2","value":"x=y","group_id":"c0ffee"})");
  CHECK(to_json(tc::parse_answer_flag("personalInformation/currentLocation=Berlin, DE", a)) ==
        R"({"name":"currentLocation","value":"Berlin, DE","group_id":"personalInformation"})");
  CHECK(to_json(tc::parse_answer_flag(R"(Languages=["C++", "Rust"])", a)) ==
        R"({"name":"Languages","value":["C++","Rust"]})");
  CHECK(to_json(tc::parse_answer_flag("Languages=[]", a)) == R"({"name":"Languages","value":[]})");
  // a prefix with a space is part of the name; a leading '/' means "no group"
  CHECK(to_json(tc::parse_answer_flag("Work in the US/Canada?=Yes", a)) ==
        R"({"name":"Work in the US/Canada?","value":"Yes"})");
  CHECK(to_json(tc::parse_answer_flag("/Race/Ethnicity=x", a)) == R"({"name":"Race/Ethnicity","value":"x"})");

  auto usage_message = [&a](const char* spec) -> std::string {
    try {
      tc::parse_answer_flag(spec, a);
    } catch (const tc::Error& e) {
      if (e.kind() == tc::ErrorKind::Usage) return e.what();
      return "wrong kind";
    }
    return "no error";
  };
  CHECK(has(usage_message("Referral"), "no '='; expected [GROUP_ID/]NAME=VALUE"));
  CHECK(has(usage_message("=x"), "NAME is empty"));
  CHECK(has(usage_message("g/=x"), "NAME is empty"));
  CHECK(has(usage_message("name="), "VALUE is empty"));
  CHECK(has(usage_message("n=[1,2]"), "must be a JSON array of strings"));
  CHECK(has(usage_message(R"(n=["a")"), "must be a JSON array of strings"));
  CHECK(has(usage_message(R"(n=[draft] notes)"), "e.g. --answer 'n=[\"C++\", \"Rust\"]'"));
}

TEST_CASE("an --answer round-trips through plan_apply") {
  const tc::JobForm form = sandbox_form();
  auto record = parse_json(minimal_record());
  auto& a = record.GetAllocator();
  record["job_form_field_answers"].PushBack(tc::parse_answer_flag(kLanguages + R"(=["rust","go"])", a), a);
  record["job_form_field_answers"].PushBack(
      tc::parse_answer_flag("eeoQuestions/veteran=i am not a protected veteran", a), a);
  const auto plan = tc::plan_apply(tc::read_candidate_record(record), form);
  REQUIRE_MESSAGE(plan.problems.empty(), problems_text(plan));
  const auto body = tc::build_apply_body(tc::read_candidate_record(record), form, {});
  CHECK(to_json(body["customQuestions"][0]["fields"][2]) == R"({"value":["Rust","Go"]})");
  CHECK(to_json(body["eeoResponses"]) == R"({"veteran":"I am not a protected veteran"})");
}

TEST_CASE("pre-flight: a misspelt question is suggested, and the question it meant is named by its text") {
  const tc::JobForm form = sandbox_form();
  auto record =
      parse_json(minimal_record(R"("job_form_field_answers":[{"name":"How did you hear about us?","value":"Referral"},)"
                                R"({"name":"Years of experince","value":"5"}])",
                                false));
  const auto plan = tc::plan_apply(tc::read_candidate_record(record), form);
  REQUIRE_MESSAGE(plan.problems.size() == 2, problems_text(plan));
  CHECK(plan.problems[0].pointer == "/job_form_field_answers/1/name");
  CHECK(plan.problems[0].message ==
        "no field \"Years of experince\" on this posting's form; did you mean \"Years of experience\"? (list the "
        "fields with 'truto-candidates form --job-id 5f1e0000-0000-4000-8000-00000000a001')");
  CHECK(plan.problems[1].pointer == "/job_form_field_answers");
  CHECK(plan.problems[1].message ==
        "required question \"Years of experience\" (group c0ffee00-0000-4000-8000-000000000001 \"Screening\", field "
        "a1b2c3d4-0000-4000-8000-000000000012) has no answer; add --answer 'Years of experience=VALUE'");
}
