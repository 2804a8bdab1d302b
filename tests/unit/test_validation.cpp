// Bundled schemas and record validation (core/validation/validation.hpp, ARCHITECTURE.md §4).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <rapidjson/document.h>

#include "core/util/strings.hpp"
#include "core/validation/bundled_schemas.hpp"
#include "core/validation/validation.hpp"
#include "fakes.hpp"
#include "source_dir.hpp"

namespace fs = std::filesystem;
using tc::Problem;

namespace {

rapidjson::Document parse(const std::string& text) { return tc::test::parse_json(text); }

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot read " << p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const tc::Validator& validator() {
  static const tc::Validator v;  // compiled once for the whole test program
  return v;
}

tc::Target lead() {
  tc::Target t;
  t.job_id = "5f1e2a7c-0000-4000-8000-000000000001";
  return t;
}

tc::Target applicant() {
  tc::Target t = lead();
  t.source = tc::ApplicationSource::Applicant;
  return t;
}

std::vector<Problem> check(const std::string& json, const tc::Target& target = lead()) {
  auto d = parse(json);
  return validator().validate_request(d, target);
}

// For tests of other rules: a lead record given a name when it has neither a name nor an e-mail, so
// that the name-or-e-mail rule stays out of their way.
std::vector<Problem> check_named(const std::string& json) {
  auto d = parse(json);
  if (d.IsObject() && !d.HasMember("first_name") && !d.HasMember("last_name") && !d.HasMember("emails"))
    d.AddMember("first_name", "Named", d.GetAllocator());
  return validator().validate_request(d, lead());
}

std::set<std::string> pointers(const std::vector<Problem>& problems) {
  std::set<std::string> out;
  for (const auto& p : problems) out.insert(p.pointer);
  return out;
}

std::string message_at(const std::vector<Problem>& problems, const std::string& pointer) {
  for (const auto& p : problems)
    if (p.pointer == pointer) return p.message;
  return "<no problem at " + pointer + ">";
}

std::string dump(const std::vector<Problem>& problems) {
  std::string out;
  for (const auto& p : problems) out += "  [" + p.pointer + "] " + p.message + "\n";
  return out;
}

fs::path examples_dir() { return fs::path(source_dir()) / "schemas" / "examples"; }

std::vector<fs::path> json_files(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  return files;
}

bool starts_with(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

void collect_keys(const rapidjson::Value& v, std::set<std::string>& keys) {
  if (v.IsObject())
    for (const auto& m : v.GetObject()) {
      keys.insert(m.name.GetString());
      collect_keys(m.value, keys);
    }
  if (v.IsArray())
    for (const auto& e : v.GetArray()) collect_keys(e, keys);
}

void collect_patterns(const rapidjson::Value& v, std::set<std::string>& patterns) {
  if (v.IsObject())
    for (const auto& m : v.GetObject()) {
      if (std::string(m.name.GetString()) == "pattern" && m.value.IsString()) patterns.insert(m.value.GetString());
      collect_patterns(m.value, patterns);
    }
  if (v.IsArray())
    for (const auto& e : v.GetArray()) collect_patterns(e, patterns);
}

}  // namespace

TEST_CASE("every bundled schema is draft-04 JSON with a title and description, and compiles") {
  CHECK_NOTHROW(tc::Validator());
  REQUIRE(tc::bundled_schemas().size() == 4);
  // Keywords RapidJSON 1.1.0 would silently ignore: a schema must not rely on them.
  const std::set<std::string> newer = {
      "const",    "contains",          "propertyNames",        "if", "then", "else", "$id", "$defs",
      "examples", "dependentRequired", "unevaluatedProperties"};
  for (const auto& name : tc::schema_names()) {
    CAPTURE(name);
    auto doc = parse(tc::schema_text(name));
    REQUIRE(doc.IsObject());
    CHECK(std::string(doc["$schema"].GetString()) == "http://json-schema.org/draft-04/schema#");
    CHECK(doc.HasMember("title"));
    CHECK(doc.HasMember("description"));
    std::set<std::string> keys;
    collect_keys(doc, keys);
    for (const auto& k : newer) CHECK_MESSAGE(keys.count(k) == 0, "newer keyword " << k);
  }
}

TEST_CASE("schema_text: known names, full names, and a usage error listing the valid ones") {
  CHECK(tc::schema_text("request").find("\"job_form_field_answers\"") != std::string::npos);
  CHECK(tc::schema_text("candidate.create.query").find("\"application_source\"") != std::string::npos);
  CHECK(tc::schema_text("job-form-field").find("\"group_id\"") != std::string::npos);
  try {
    tc::schema_text("requests");
    FAIL("expected a usage error");
  } catch (const tc::Error& e) {
    CHECK(e.kind() == tc::ErrorKind::Usage);
    CHECK(std::string(e.what()).find("requests") != std::string::npos);
    CHECK(e.hint() == "valid names: request, query, candidate, job-form-field");
  }
}

TEST_CASE("valid examples pass") {
  const auto files = json_files(examples_dir() / "valid");
  REQUIRE(files.size() >= 4);
  for (const auto& f : files) {
    const std::string name = f.filename().string();
    CAPTURE(name);
    auto d = parse(read_file(f));
    auto problems = validator().validate_request(d, starts_with(name, "applicant-") ? applicant() : lead());
    CHECK_MESSAGE(problems.empty(), dump(problems));
  }
}

TEST_CASE("each invalid example fails at the expected pointer") {
  // File name -> the pointer of the (first) problem. Every invalid example must be listed here.
  const std::map<std::string, std::string> expected = {
      {"unknown-field-firstname.json", "/firstname"},
      {"unknown-field-in-phone.json", "/phones/0/kind"},
      {"email-missing.json", "/emails/0/email"},
      {"email-not-an-address.json", "/emails/0/email"},
      {"email-not-a-string.json", "/emails/0/email"},
      {"emails-not-an-array.json", "/emails"},
      {"phone-number-missing.json", "/phones/0/number"},
      {"first-name-not-a-string.json", "/first_name"},
      {"locations-not-an-array.json", "/locations"},
      {"tag-not-a-string.json", "/tags/1"},
      {"tag-empty.json", "/tags/0"},
      {"link-not-a-url.json", "/links/0"},
      {"link-wrong-type.json", "/links/0"},
      {"link-object-url-missing.json", "/links/1/url"},
      {"link-object-url-not-a-string.json", "/links/0/url"},
      {"attachment-id-missing.json", "/attachments/0/id"},
      {"attachment-type-not-in-enum.json", "/attachments/0/attachment_type"},
      {"attachments-two-resumes.json", "/attachments/1"},
      {"answers-with-lead.json", "/job_form_field_answers"},
      {"applicant-answer-value-missing.json", "/job_form_field_answers/0/value"},
      {"applicant-answer-value-number.json", "/job_form_field_answers/0/value"},
      {"applicant-answer-value-array-of-numbers.json", "/job_form_field_answers/0/value/1"},
      {"applicant-name-missing.json", "/first_name"},
      {"applicant-email-missing.json", "/emails"},
      {"remote-data-not-an-object.json", "/remote_data"},
      {"record-not-an-object.json", ""},
      {"lever-note-text-empty.json", "/lever/notes/0/text"},
      {"lever-note-text-missing.json", "/lever/notes/0/text"},
      {"lever-note-secret-not-a-boolean.json", "/lever/notes/0/secret"},
      {"lever-origin-not-in-enum.json", "/lever/origin"},
      {"lever-created-at-not-a-date-time.json", "/lever/created_at"},
      {"lever-created-at-no-such-day.json", "/lever/created_at"},
      {"lever-unknown-field.json", "/lever/recruiter"},
      {"lever-followers-not-an-array.json", "/lever/followers"},
      {"lever-archived-before-created.json", "/lever/archived_at"},
  };
  const auto files = json_files(examples_dir() / "invalid");
  REQUIRE(files.size() == expected.size());
  for (const auto& f : files) {
    const std::string name = f.filename().string();
    CAPTURE(name);
    auto it = expected.find(name);
    REQUIRE_MESSAGE(it != expected.end(), "add an expectation for " << name);
    auto d = parse(read_file(f));
    auto problems = validator().validate_request(d, starts_with(name, "applicant-") ? applicant() : lead());
    REQUIRE_MESSAGE(problems.size() == 1, dump(problems));
    CHECK(problems[0].pointer == it->second);
    CHECK_FALSE(problems[0].message.empty());
  }
}

TEST_CASE("messages a user understands") {
  CHECK(message_at(check(R"({"emails":[{"email":"ada@"}]})"), "/emails/0/email") ==
        "\"ada@\" is not an e-mail address");
  CHECK(message_at(check(R"({"emails":[{}]})"), "/emails/0/email") == "required field is missing");
  CHECK(message_at(check(R"({"first_name":7})"), "/first_name") == "expected a string, got a number");
  CHECK(message_at(check(R"({"links":[42]})"), "/links/0") == "expected a string or an object, got a number");
  CHECK(message_at(check(R"({"links":["ftp://x"]})"), "/links/0") ==
        "\"ftp://x\" is not a URL (it must start with http:// or https://)");
  CHECK(message_at(check(R"({"attachments":[{"id":"a","attachment_type":"photo"}]})"),
                   "/attachments/0/attachment_type") ==
        "\"photo\" is not one of \"resume\", \"cover_letter\", \"other\"");
  CHECK(message_at(check(R"({"job_form_field_answers":[{"name":"q","value":true}]})", applicant()),
                   "/job_form_field_answers/0/value") == "expected a string, an array or null, got a boolean");
  CHECK(message_at(check(R"({"tags":[""]})"), "/tags/0") == "must not be empty");
  CHECK(message_at(check(R"({"job_form_field_answers":[]})"), "/job_form_field_answers") ==
        "<no problem at /job_form_field_answers>");  // an empty list is harmless with lead
  // A long value is cut in the message.
  std::string long_email(500, 'x');
  auto problems = check(R"({"emails":[{"email":")" + long_email + R"("}]})");
  CHECK(message_at(problems, "/emails/0/email").size() < 120);
}

TEST_CASE("the lever object: messages, and every problem of it at once") {
  CHECK(message_at(check(R"({"first_name":"A","lever":{"origin":"fair"}})"), "/lever/origin") ==
        "\"fair\" is not one of \"agency\", \"applied\", \"internal\", \"referred\", \"sourced\", \"university\"");
  CHECK(message_at(check(R"({"first_name":"A","lever":{"created_at":"yesterday"}})"), "/lever/created_at") ==
        "\"yesterday\" is not an RFC 3339 date and time such as 2024-03-01T09:00:00Z");
  CHECK(message_at(check(R"({"first_name":"A","lever":{"created_at":"2023-02-29T00:00:00Z"}})"), "/lever/created_at") ==
        "\"2023-02-29T00:00:00Z\" names a date or time that does not exist");
  CHECK(message_at(check(R"({"first_name":"A","lever":{"notes":[{"text":"   "}]}})"), "/lever/notes/0/text") ==
        "\"   \" is not valid: expected text with at least one character that is not a space");
  CHECK(check(R"({"first_name":"A","lever":{"created_at":"2024-03-01T09:00:00.5-05:30","notes":[]}})").empty());
  auto problems = check(R"({"first_name":"A","lever":{"owner":"","followers":[""],"stage":7,"sources":[1],
      "origin":"x","created_at":"2024-13-01T00:00:00Z","archive_reason":"","notes":[{"text":"a","x":1},{}],"y":0}})");
  const std::set<std::string> want = {
      "/lever/owner",      "/lever/followers/0",    "/lever/stage",     "/lever/sources/0",    "/lever/origin",
      "/lever/created_at", "/lever/archive_reason", "/lever/notes/0/x", "/lever/notes/1/text", "/lever/y"};
  CHECK_MESSAGE(pointers(problems) == want, dump(problems));
}

TEST_CASE("a record with many errors reports all of them in one go") {
  auto problems = check(R"({
    "firstname": "Ada",
    "emails": [{"type": "work"}, {"email": "ada@"}, {"email": "ok@example.com", "primary": true}],
    "phones": [{}, {"number": 5}],
    "tags": [1, "fine", null],
    "links": ["nope", {"type": "x"}],
    "attachments": [{"type": "resume"}, {"id": "b", "type": "Resume"}],
    "job_form_field_answers": [{"value": "x"}],
    "remote_data": []
  })");
  const std::set<std::string> want = {"/firstname",
                                      "/emails/0/email",
                                      "/emails/1/email",
                                      "/emails/2/primary",
                                      "/phones/0/number",
                                      "/phones/1/number",
                                      "/tags/0",
                                      "/tags/2",
                                      "/links/0",
                                      "/links/1/url",
                                      "/attachments/0/id",
                                      "/attachments/1",
                                      "/job_form_field_answers/0/name",
                                      "/job_form_field_answers",
                                      "/remote_data"};
  CHECK_MESSAGE(pointers(problems) == want, dump(problems));
  CHECK(problems.size() == want.size());  // no duplicates
  // Schema problems come in document order.
  CHECK(problems.front().pointer == "/firstname");
}

TEST_CASE("all missing required fields of one item are listed") {
  auto d = parse(R"({"label":"Q","options":[{"id":"1"}]})");
  auto problems = validator().validate_job_form_field(d);
  CHECK_MESSAGE((pointers(problems) ==
                 std::set<std::string>{"/name", "/type", "/required", "/options/0/label", "/options/0/value"}),
                dump(problems));
}

TEST_CASE("did you mean: unknown top-level keys get the closest field") {
  const std::map<std::string, std::string> cases = {{"firstname", "first_name"},
                                                    {"FirstName", "first_name"},
                                                    {"first-name", "first_name"},
                                                    {"lastName", "last_name"},
                                                    {"email", "emails"},
                                                    {"phone", "phones"},
                                                    {"location", "locations"},
                                                    {"link", "links"},
                                                    {"tag", "tags"},
                                                    {"emial", "emails"},
                                                    {"titel", "title"},
                                                    {"url", "links"},
                                                    {"resume", "attachments"},
                                                    {"answers", "job_form_field_answers"}};
  for (const auto& [typo, field] : cases) {
    CAPTURE(typo);
    auto problems = check("{\"" + typo + "\": 1}");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].pointer == "/" + typo);
    CHECK(problems[0].message == "unknown field \"" + typo + "\" (did you mean \"" + field + "\"?)");
  }
  // Nothing close: the known fields are listed instead of a wild guess.
  auto problems = check(R"({"zzzzzz": 1})");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].message.find("did you mean") == std::string::npos);
  CHECK(problems[0].message.find("known fields: first_name, last_name") != std::string::npos);
  // Inside items too.
  CHECK(message_at(check(R"({"emails":[{"emial":"a@b.c"}]})"), "/emails/0/emial") ==
        "unknown field \"emial\" (did you mean \"email\"?)");
  CHECK(tc::closest_name("xyz", {"first_name", "tags"}).empty());
  // A key with '/' or '~' is escaped in the pointer (RFC 6901).
  CHECK((pointers(check(R"({"a/b~c": 1})")) == std::set<std::string>{"/a~1b~0c"}));
}

TEST_CASE("code rules: applicant needs a name and an e-mail; answers only with applicant; one resume") {
  SUBCASE("applicant without anything") {
    auto problems = check("{}", applicant());
    CHECK_MESSAGE((pointers(problems) == std::set<std::string>{"/first_name", "/emails"}), dump(problems));
  }
  SUBCASE("a blank name does not count") {
    auto problems = check(R"({"first_name":"  ","emails":[{"email":"a@b.co"}]})", applicant());
    CHECK((pointers(problems) == std::set<std::string>{"/first_name"}));
  }
  SUBCASE("last name alone is a name") {
    CHECK(check(R"({"last_name":"Lovelace","emails":[{"email":"a@b.co"}]})", applicant()).empty());
  }
  SUBCASE("an empty e-mail list is no e-mail") {
    CHECK((pointers(check(R"({"first_name":"A","emails":[]})", applicant())) == std::set<std::string>{"/emails"}));
  }
  SUBCASE("lead needs a name or an e-mail, and says so once the record is otherwise valid") {
    auto problems = check(R"({"title":"CTO"})", lead());
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].pointer == "");
    CHECK(problems[0].message.find("neither a name") != std::string::npos);
    CHECK(check(R"({"last_name":"Lovelace"})", lead()).empty());
    CHECK(check(R"({"emails":[{"email":"a@b.co"}]})", lead()).empty());
    CHECK_FALSE(check(R"({"first_name":"  "})", lead()).empty());  // a blank name does not count
  }
  SUBCASE("answers with lead") {
    auto problems = check(R"({"job_form_field_answers":[{"name":"q","value":"x"}]})", lead());
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].message == "answers belong to applications; use --application-source applicant");
  }
  SUBCASE("two resumes, the second named") {
    auto problems = check(R"({"attachments":[{"id":"a","type":"other"},{"id":"b","type":"resume"},
                                             {"id":"c","attachment_type":"resume"}]})");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].pointer == "/attachments/2");
    CHECK(problems[0].message.find("/attachments/1") != std::string::npos);
  }
  SUBCASE("type other with attachment_type resume is a resume too (candidate_record.hpp's one rule)") {
    auto problems = check(R"({"attachments":[{"id":"a","type":"other","attachment_type":"resume"},
                                             {"id":"b","type":" Resume "}]})");
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].pointer == "/attachments/1");
  }
}

TEST_CASE("size limits: strings at most 64 KiB, arrays at most 1,000 items, bounded nesting") {
  const std::string at_limit(64 * 1024, 'a');
  const std::string over_limit(65 * 1024, 'a');
  CHECK(check_named(R"({"title":")" + at_limit + R"("})").empty());
  auto problems = check(R"({"title":")" + over_limit + R"("})");
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].pointer == "/title");
  CHECK(problems[0].message.find("64 KiB") != std::string::npos);
  // Anywhere in the record, remote_data included.
  CHECK((pointers(check(R"({"remote_data":{"x":[")" + over_limit + R"("]}})")) ==
         std::set<std::string>{"/remote_data/x/0"}));

  auto tags = [](int n) {
    std::string json = R"({"tags":[)";
    for (int i = 0; i < n; ++i) json += (i ? ",\"t" : "\"t") + std::to_string(i) + "\"";
    return json + "]}";
  };
  CHECK(check_named(tags(1000)).empty());
  problems = check(tags(1001));
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].pointer == "/tags");
  CHECK(problems[0].message == "has 1001 items; an array may have at most 1,000");
  // Too many wrong items: the limit and the first wrong item, not a problem per item.
  std::string numbers = R"({"tags":[)";
  for (int i = 0; i < 5000; ++i) numbers += i ? ",1" : "1";
  problems = check(numbers + "]}");
  CHECK_MESSAGE((pointers(problems) == std::set<std::string>{"/tags", "/tags/0"}), dump(problems));

  // Deep nesting (parsed iteratively) is refused without overflowing the stack.
  const int depth = 200000;
  std::string deep = R"({"remote_data":)" + std::string(depth, '[') + std::string(depth, ']') + "}";
  problems = check(deep);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].message.find("nested too deeply") != std::string::npos);
  CHECK(starts_with(problems[0].pointer, "/remote_data/0/0/0"));
  // Reasonable nesting is fine.
  problems = check_named(R"({"remote_data":{"a":)" + std::string(20, '[') + std::string(20, ']') + "}}");
  CHECK_MESSAGE(problems.empty(), dump(problems));
}

TEST_CASE("every pattern in the schemas rejects what it should (std::regex through RapidJSON)") {
  struct PatternCase {
    std::string json_prefix, json_suffix;  // the value goes in between
    std::string pointer;
    std::vector<std::string> good, bad;
  };
  const std::string iso = R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$)";
  const std::map<std::string, PatternCase> request_cases = {
      {R"(^[^\s@]+@[^\s@]+\.[^\s@]+$)",
       {R"({"emails":[{"email":)",
        "}]}",
        "/emails/0/email",
        {"ada@example.com", "a.b+c@sub.example.co.uk", "o'neil@x.io"},
        {"ada@", "ada", "@example.com", "ada@example", "ada lovelace@example.com", "ada@exa mple.com",
         " ada@example.com", "ada@@example.com", "ada@example.com\\n", ""}}},
      {R"(^[Hh][Tt][Tt][Pp][Ss]?://[^\s/?#]+[^\s]*$)",
       {R"({"links":[)",
        "]}",
        "/links/0",
        {"https://example.com", "http://example.com/a?b=c#d", "HTTPS://EXAMPLE.COM"},
        {"example.com", "ftp://example.com", "https://", "https:///path", "https://exa mple.com", "javascript:alert(1)",
         "https://example.com\\n"}}},
      {R"(^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$)",
       {R"({"lever":{"created_at":)",
        "}}",
        "/lever/created_at",
        {"2024-03-01T09:00:00Z", "2024-03-01t09:00:00.123+05:30", "1999-12-31T23:59:59.5-08:00"},
        {"2024-03-01T09:00:00", "2024-03-01 09:00:00Z", "abcd-03-01T09:00:00Z", "2024-03-01T09:00:00+0100",
         "2024-03-01T09:00:00.Z", "2024-03-01T09:00:00Z\\n", ""}}},
      {R"(\S)",
       {R"({"lever":{"notes":[{"text":)", "}]}}", "/lever/notes/0/text", {"a", " x "}, {" ", "   ", "\\t\\n", ""}}},
  };
  const std::map<std::string, PatternCase> query_cases = {
      {R"(^[^\s/?#&=%]+$)",
       {"",
        "",
        "",
        {"5f1e2a7c-0000-4000-8000-000000000001", "abc"},
        {"a/b", "a b", "a?b", "a#b", "a&b=c", "%2e%2e", "..\\t"}}},
  };
  // Which patterns exist: each must be covered by a case here.
  std::set<std::string> in_schemas;
  for (const auto& name : tc::schema_names()) collect_patterns(parse(tc::schema_text(name)), in_schemas);
  for (const auto& p : in_schemas) {
    CAPTURE(p);
    CHECK((request_cases.count(p) || query_cases.count(p) || p == iso));
  }

  for (const auto& [pattern, c] : request_cases) {
    CAPTURE(pattern);
    for (const auto& v : c.good) {
      CAPTURE(v);
      CHECK(check_named(c.json_prefix + "\"" + v + "\"" + c.json_suffix).empty());
    }
    for (const auto& v : c.bad) {
      CAPTURE(v);
      CHECK((pointers(check(c.json_prefix + "\"" + v + "\"" + c.json_suffix)) == std::set<std::string>{c.pointer}));
    }
  }
  for (const auto& [pattern, c] : query_cases) {
    CAPTURE(pattern);
    for (const auto& v : c.good) {
      tc::Target t = lead();
      t.job_id = v;
      t.integrated_account_id = v;
      CHECK(validator().validate_query(t).empty());
    }
    for (const auto& v : c.bad) {
      CAPTURE(v);
      tc::Target t = lead();
      t.job_id = v == "..\\t" ? "..\t" : v;
      t.integrated_account_id = t.job_id;
      CHECK((pointers(validator().validate_query(t)) == std::set<std::string>{"/job_id", "/integrated_account_id"}));
    }
  }
  // ISO 8601 with milliseconds (candidate times): \d must reject letters.
  for (const std::string bad : {"2024-01-31T12:00:00Z", "2024-01-31 12:00:00.000Z", "abcd-01-31T12:00:00.000Z",
                                "2024-01-31T12:00:00.000+00:00", "2024-1-31T12:00:00.000Z", "x2024-01-31T12:00:00.000Z",
                                "2024-01-31T12:00:00.000Zx", "2024-01-31T12:00:00,000Z", "2024-01-3aT12:00:00.000Z"}) {
    CAPTURE(bad);
    auto d = parse(R"({"id":"x","created_at":")" + bad + R"("})");
    auto problems = validator().validate_candidate(d);
    REQUIRE(problems.size() == 1);
    CHECK(problems[0].pointer == "/created_at");
    CHECK(problems[0].message == "\"" + bad + "\" is not an ISO 8601 UTC time such as 2024-01-31T12:00:00.000Z");
  }
  auto good = parse(R"({"id":"x","created_at":"2024-01-31T12:00:00.000Z"})");
  CHECK(validator().validate_candidate(good).empty());
}

TEST_CASE("validate_query: job_id required, integrated account on the truto route") {
  tc::Target t;
  auto problems = validator().validate_query(t);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].pointer == "/job_id");
  CHECK(problems[0].message.find("--job-id") != std::string::npos);

  CHECK(validator().validate_query(lead()).empty());
  CHECK(validator().validate_query(applicant()).empty());

  t = lead();
  t.via = tc::Route::Truto;
  CHECK((pointers(validator().validate_query(t)) == std::set<std::string>{"/integrated_account_id"}));
  t.integrated_account_id = "62f44730-dd91-461e-bd6a-aedd9e0ad79d";
  CHECK(validator().validate_query(t).empty());

  t = lead();
  t.send_confirmation_email = true;
  CHECK((pointers(validator().validate_query(t)) == std::set<std::string>{"/application_source"}));
  t.source = tc::ApplicationSource::Applicant;
  CHECK(validator().validate_query(t).empty());
}

TEST_CASE("validate_candidate: the printed unified candidate") {
  const std::string realistic = R"({
    "id": "250d8f03-738a-4bba-a671-8a3d73477145",
    "first_name": "Ada", "last_name": "Lovelace", "name": "Ada Lovelace",
    "title": "Analyst", "company": "Analytical Engines Ltd",
    "last_interaction_at": "2024-05-01T09:30:12.345Z",
    "created_at": "2024-05-01T09:30:12.345Z", "updated_at": "2024-05-01T09:31:00.000Z",
    "is_private": false, "can_email": true,
    "locations": ["London, UK"],
    "phones": [{"number": "+44 20 7946 0000", "type": "mobile"}],
    "emails": [{"email": "ada@example.com"}],
    "urls": [{"url": "https://www.linkedin.com/in/ada", "type": "linkedin"}, {"url": "https://ada.dev", "type": "website"}],
    "tags": ["referral"],
    "applications": [{
      "id": "7a1b1b1e-7f2f-4c3b-9d3b-53d1c0a0b1a2",
      "candidate": {"id": "250d8f03-738a-4bba-a671-8a3d73477145"},
      "job": {"id": "5f1e2a7c-0000-4000-8000-000000000001"},
      "applied_at": "2024-05-01T09:30:12.345Z",
      "current_stage": {"id": "lead-new", "name": "New lead"},
      "created_at": "2024-05-01T09:30:12.345Z", "updated_at": "2024-05-01T09:30:12.345Z"
    }],
    "attachments": [{"id": "f1", "file_name": "cv.pdf", "file_url": "https://api.lever.co/v1/opportunities/x/resumes/f1/download",
                     "attachment_type": "resume", "created_at": "2024-05-01T09:30:12.345Z"}],
    "remote_data": {"id": "250d8f03-738a-4bba-a671-8a3d73477145", "name": "Ada Lovelace", "stage": {"id": "lead-new"}}
  })";
  auto d = parse(realistic);
  auto problems = validator().validate_candidate(d);
  CHECK_MESSAGE(problems.empty(), dump(problems));

  // Documented by Truto as a string; this tool prints a boolean.
  d["is_private"].SetString("false");
  problems = validator().validate_candidate(d);
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].pointer == "/is_private");
  CHECK(problems[0].message == "expected a boolean, got a string");

  auto wrong = parse(R"({"name":"x","emails":[{"email":1}],"attachments":[{"id":"a","attachment_type":"cover_letter"}],
                         "applications":[{"id":"a","job":{}}],"extra":1})");
  problems = validator().validate_candidate(wrong);
  CHECK_MESSAGE((pointers(problems) == std::set<std::string>{"/id", "/emails/0/email", "/attachments/0/attachment_type",
                                                             "/applications/0/job/id", "/extra"}),
                dump(problems));
}

TEST_CASE("validate_job_form_field") {
  auto ok = parse(R"({"id":"f1","name":"field0","label":"Are you authorised to work in the UK?","type":"dropdown",
                      "required":true,"options":[{"label":"Yes","value":"Yes"},{"id":"o2","label":"No","value":"No"}],
                      "group_id":"a2f1b7b4","group_name":"Eligibility","description":"","index":0})");
  CHECK(validator().validate_job_form_field(ok).empty());
  auto bad = parse(R"({"name":"field0","label":"Q","type":"text","required":"yes","index":-1})");
  auto problems = validator().validate_job_form_field(bad);
  CHECK_MESSAGE((pointers(problems) == std::set<std::string>{"/required", "/index"}), dump(problems));
  CHECK(message_at(problems, "/index") == "-1 is less than the minimum 0");
}

TEST_CASE("a validator is shared by several threads") {
  const std::string record = R"({"firstname":"Ada","emails":[{"email":"ada@"}],"tags":[1]})";
  auto d = parse(record);
  const auto expected = validator().validate_request(d, lead());
  REQUIRE(expected.size() == 3);
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        auto got = validator().validate_request(d, lead());
        bool same = got.size() == expected.size();
        for (std::size_t k = 0; same && k < got.size(); ++k)
          same = got[k].pointer == expected[k].pointer && got[k].message == expected[k].message;
        if (!same) ++mismatches[t];
      }
    });
  for (auto& th : threads) th.join();
  CHECK(mismatches == std::vector<int>(4, 0));
}
