// docs/lever-contract.md §2 (unified → Lever, lead) and its multipart flattening.
#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "core/http/multipart_fields.hpp"
#include "core/lever/lead_mapping.hpp"
#include "core/util/error.hpp"
#include "core/util/json_util.hpp"
#include "fakes.hpp"

namespace {

using tc::to_json;
using tc::test::parse_json;

tc::Target lead_target(std::string job_id = "post-1") {
  tc::Target target;
  target.job_id = std::move(job_id);
  target.source = tc::ApplicationSource::Lead;
  return target;
}

std::string body_of(const std::string& record_json, const tc::Target& target = lead_target()) {
  const auto record = parse_json(record_json);
  return to_json(tc::map_lead(tc::read_candidate_record(record), target).body);
}

std::vector<tc::Problem> problems_of(const std::string& record_json) {
  const auto record = parse_json(record_json);
  try {
    tc::map_lead(tc::read_candidate_record(record), lead_target());
  } catch (const tc::Error& error) {
    CHECK(error.kind() == tc::ErrorKind::InvalidInput);
    return error.problems();
  }
  FAIL("map_lead did not throw");
  return {};
}

std::string parts_text(const std::vector<tc::FormPart>& parts) {
  std::string text;
  for (const auto& part : parts) text += part.name + "=" + part.value + "\n";
  return text;
}

}  // namespace

TEST_CASE("every row of the lead body table (docs/lever-contract.md §2), in a stable key order") {
  const std::string record = R"({
    "first_name": "Ada", "last_name": "Lovelace", "title": "CTO", "company": "Analytical Engines",
    "locations": ["London", "Paris"],
    "emails": [{"email": "ada@example.com", "type": "work"}, {"email": "ada@home.example"}],
    "phones": [{"number": "+44 1", "type": "cell"}, {"number": "+44 2"}],
    "links": ["https://github.com/ada", {"url": "https://linkedin.com/in/ada", "type": "linkedin"}],
    "tags": ["math", "lead"]})";
  CHECK(body_of(record) ==
        R"({"name":"Ada Lovelace","headline":"CTO at Analytical Engines","location":"London; Paris",)"
        R"("emails":["ada@example.com","ada@home.example"],)"
        R"("phones":[{"value":"+44 1","type":"mobile"},{"value":"+44 2"}],)"
        R"("links":["https://github.com/ada","https://linkedin.com/in/ada"],"tags":["math","lead"],)"
        R"("postings":["post-1"],"origin":"sourced"})");
  const auto parsed = parse_json(record);
  const auto plan = tc::map_lead(tc::read_candidate_record(parsed), lead_target());
  CHECK_FALSE(plan.multipart());
  CHECK_FALSE(plan.resume.has_value());
  CHECK(plan.files.empty());
}

TEST_CASE("name: first + last, trimmed, either alone, omitted when empty") {
  CHECK(body_of(R"({"first_name": "  Ada ", "last_name": " Lovelace "})") ==
        R"({"name":"Ada Lovelace","postings":["post-1"],"origin":"sourced"})");
  CHECK(body_of(R"({"first_name": "Cher"})") == R"({"name":"Cher","postings":["post-1"],"origin":"sourced"})");
  CHECK(body_of(R"({"last_name": "Lovelace"})") == R"({"name":"Lovelace","postings":["post-1"],"origin":"sourced"})");
  CHECK(body_of(R"({"first_name": "", "last_name": "  "})") == R"({"postings":["post-1"],"origin":"sourced"})");
}

TEST_CASE("name: a full `name` is Lever's name as written, and wins over first_name/last_name") {
  CHECK(body_of(R"({"name": " Ada King, Countess of Lovelace "})") ==
        R"({"name":"Ada King, Countess of Lovelace","postings":["post-1"],"origin":"sourced"})");
  CHECK(body_of(R"({"name": "Grace Hopper", "first_name": "Grace", "last_name": "Brewster"})") ==
        R"({"name":"Grace Hopper","postings":["post-1"],"origin":"sourced"})");
  CHECK(body_of(R"({"name": "  ", "first_name": "Alan", "last_name": "Turing"})") ==
        R"({"name":"Alan Turing","postings":["post-1"],"origin":"sourced"})");
}

TEST_CASE("headline: TITLE at COMPANY, or whichever one is given") {
  CHECK(body_of(R"({"title": "CTO", "company": "Bank at Home"})") ==
        R"({"headline":"CTO at Bank at Home","postings":["post-1"],"origin":"sourced"})");
  CHECK(body_of(R"({"title": "CTO"})") == R"({"headline":"CTO","postings":["post-1"],"origin":"sourced"})");
  CHECK(body_of(R"({"company": "Acme", "title": ""})") ==
        R"({"headline":"Acme","postings":["post-1"],"origin":"sourced"})");
}

TEST_CASE("empty strings and empty lists leave their key out") {
  CHECK(body_of(R"({"locations": ["", " "], "emails": [], "phones": [{"number": ""}], "links": [""], "tags": []})") ==
        R"({"postings":["post-1"],"origin":"sourced"})");
  CHECK(body_of(R"({"locations": ["Oslo", "", "Bergen"]})") ==
        R"({"location":"Oslo; Bergen","postings":["post-1"],"origin":"sourced"})");
}

TEST_CASE("postings carries the job id; none without one") {
  CHECK(body_of(R"({"first_name": "Ada"})", lead_target("")) == R"({"name":"Ada","origin":"sourced"})");
  CHECK(body_of(R"({})", lead_target("5f1e")) == R"({"postings":["5f1e"],"origin":"sourced"})");
}

TEST_CASE("Lever phone type table") {
  CHECK(tc::lever_phone_type("mobile") == "mobile");
  CHECK(tc::lever_phone_type("cell") == "mobile");
  CHECK(tc::lever_phone_type("Cell") == "mobile");
  CHECK(tc::lever_phone_type("work") == "work");
  CHECK(tc::lever_phone_type("office") == "work");
  CHECK(tc::lever_phone_type("home") == "home");
  CHECK(tc::lever_phone_type("skype") == "skype");
  CHECK(tc::lever_phone_type("other") == "other");
  CHECK(tc::lever_phone_type("fax") == "other");
  CHECK(tc::lever_phone_type(" HOME ") == "home");
  CHECK(tc::lever_phone_type("") == "");
  CHECK(tc::lever_phone_type("  ") == "");
  CHECK(body_of(R"({"phones": [{"number": "1", "type": "office"}, {"number": "2", "type": ""},
                               {"number": "3", "type": "pager"}, {"number": "4", "type": "skype"}]})") ==
        R"({"phones":[{"value":"1","type":"work"},{"value":"2"},{"value":"3","type":"other"},)"
        R"({"value":"4","type":"skype"}],"postings":["post-1"],"origin":"sourced"})");
}

TEST_CASE("remote_data is merged last: its keys win in place, new keys are appended") {
  CHECK(body_of(R"({"first_name": "Ada", "remote_data": {"origin": "referred", "sources": ["x"],
                    "archived": {"reason": "r1", "archivedAt": 1407460080914}, "name": "Override"}})") ==
        R"({"name":"Override","postings":["post-1"],"origin":"referred","sources":["x"],)"
        R"("archived":{"reason":"r1","archivedAt":1407460080914}})");
}

TEST_CASE("attachments: one resume, other files, local paths decoded") {
  const auto record = parse_json(R"({"first_name": "Ada", "attachments": [
      {"id": "a1", "file_url": "https://cdn.example.com/docs/cover%20letter.pdf?sig=1"},
      {"id": "a2", "type": "resume", "file_name": "Ada CV.pdf", "file_url": "file:///tmp/My%20CV.pdf"},
      {"id": "a3", "attachment_type": "other", "file_url": "file://localhost/home/ada/port%2Bfolio.png"},
      {"id": "a4", "file_url": "http://127.0.0.1:8080/f/notes.txt"}]})");
  const auto plan = tc::map_lead(tc::read_candidate_record(record), lead_target());
  CHECK(plan.multipart());
  REQUIRE(plan.resume.has_value());
  CHECK(plan.resume->attachment.id == "a2");
  CHECK(plan.resume->attachment.is_resume());
  CHECK(plan.resume->is_local_file);
  CHECK(plan.resume->source == "/tmp/My CV.pdf");
  CHECK(plan.resume->file_name == "Ada CV.pdf");
  CHECK(plan.resume->attachment.pointer == "/attachments/1");
  REQUIRE(plan.files.size() == 3);
  CHECK(plan.files[0].attachment.id == "a1");
  CHECK_FALSE(plan.files[0].attachment.is_resume());
  CHECK_FALSE(plan.files[0].is_local_file);
  CHECK(plan.files[0].source == "https://cdn.example.com/docs/cover%20letter.pdf?sig=1");
  CHECK(plan.files[0].file_name == "cover letter.pdf");
  CHECK(plan.files[0].attachment.pointer == "/attachments/0");
  CHECK(plan.files[1].source == "/home/ada/port+folio.png");
  CHECK(plan.files[1].file_name == "port+folio.png");
  CHECK(plan.files[1].is_local_file);
  CHECK(plan.files[2].source == "http://127.0.0.1:8080/f/notes.txt");
  CHECK(plan.files[2].file_name == "notes.txt");
  // The body itself carries no attachment.
  CHECK(to_json(plan.body) == R"({"name":"Ada","postings":["post-1"],"origin":"sourced"})");
}

TEST_CASE("attachment_type resume counts, case-insensitively; a lone file is not a resume") {
  const auto record =
      parse_json(R"({"attachments": [{"id": "r", "attachment_type": "Resume", "file_url": "file:///r.pdf"}]})");
  const auto plan = tc::map_lead(tc::read_candidate_record(record), lead_target());
  REQUIRE(plan.resume.has_value());
  CHECK(plan.resume->source == "/r.pdf");
  CHECK(plan.files.empty());
  const auto only_file = parse_json(R"({"attachments": [{"id": "f", "file_url": "https://x.example/f"}]})");
  const auto file_plan = tc::map_lead(tc::read_candidate_record(only_file), lead_target());
  CHECK_FALSE(file_plan.resume.has_value());
  CHECK(file_plan.files.size() == 1);
  CHECK(file_plan.multipart());
}

TEST_CASE("problems only the mapping can see are reported together") {
  const auto problems = problems_of(R"({
      "attachments": [
        {"id": "r1", "type": "resume", "file_url": "https://x.example/r1.pdf"},
        {"id": "nobytes"},
        {"id": "r2", "type": "resume", "file_url": "https://x.example/r2.pdf"},
        {"id": "plain", "file_url": "http://files.example.com/a.pdf"},
        {"id": "ftp", "file_url": "ftp://files.example.com/a.pdf"},
        {"id": "remote", "file_url": "file://otherhost/a.pdf"},
        {"id": "bad", "file_url": "file:///a%zz.pdf"}],
      "job_form_field_answers": [{"name": "q", "value": "a"}]})");
  REQUIRE(problems.size() == 7);
  CHECK(problems[0].pointer == "/job_form_field_answers");
  CHECK(problems[1].pointer == "/attachments/1/file_url");
  CHECK(problems[1].message.find("no usable file_url") != std::string::npos);
  CHECK(problems[2].pointer == "/attachments/2/type");
  CHECK(problems[2].message.find("\"r1\"") != std::string::npos);
  CHECK(problems[3].pointer == "/attachments/3/file_url");
  CHECK(problems[3].message.find("plain http") != std::string::npos);
  CHECK(problems[4].pointer == "/attachments/4/file_url");
  CHECK(problems[4].message.find("ftp") != std::string::npos);
  CHECK(problems[5].pointer == "/attachments/5/file_url");
  CHECK(problems[6].pointer == "/attachments/6/file_url");
}

TEST_CASE("a second resume is refused even when the first one has its own problem") {
  const auto problems = problems_of(R"({"attachments": [
      {"id": "r1", "type": "resume"}, {"id": "r2", "attachment_type": "resume", "file_url": "https://x.example/r"}]})");
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].pointer == "/attachments/0/file_url");
  CHECK(problems[1].pointer == "/attachments/1/attachment_type");
}

TEST_CASE("an empty job_form_field_answers list is no error") {
  CHECK(body_of(R"({"job_form_field_answers": []})") == R"({"postings":["post-1"],"origin":"sourced"})");
}

TEST_CASE("multipart flattening of a mapped body: phones, emails, links, tags, postings") {
  const auto record = parse_json(R"({"first_name": "Ada", "last_name": "Lovelace",
      "emails": [{"email": "a@x.example"}, {"email": "b@x.example"}],
      "phones": [{"number": "(123) 456-7891", "type": "mobile"}, {"number": "555"}],
      "links": ["https://linkedin.com/in/ada"], "tags": ["t1", "t2"],
      "attachments": [{"id": "r", "type": "resume", "file_url": "file:///cv.pdf"}]})");
  const auto plan = tc::map_lead(tc::read_candidate_record(record), lead_target("f2f0"));
  REQUIRE(plan.multipart());
  const auto parts = tc::multipart_fields(plan.body);
  CHECK(parts_text(parts) ==
        "name=Ada Lovelace\n"
        "emails[]=a@x.example\n"
        "emails[]=b@x.example\n"
        "phones[0][value]=(123) 456-7891\n"
        "phones[0][type]=mobile\n"
        "phones[1][value]=555\n"
        "links[]=https://linkedin.com/in/ada\n"
        "tags[]=t1\n"
        "tags[]=t2\n"
        "postings[]=f2f0\n"
        "origin=sourced\n");
  for (const auto& part : parts) {
    CHECK_FALSE(part.is_file);
    CHECK(part.file_name.empty());
  }
}

TEST_CASE("multipart flattening: nested objects, numbers, booleans, nulls, empty containers") {
  const auto body = parse_json(R"({"archived": {"reason": "r", "archivedAt": 1407460080914}, "createdAt": 1407460071043,
      "ratio": 1.5, "flag": true, "off": false, "gone": null, "none": [], "empty": {},
      "grid": [[1, 2], {"a": [3]}], "mixed": ["s", null, 4]})");
  CHECK(parts_text(tc::multipart_fields(body)) ==
        "archived[reason]=r\n"
        "archived[archivedAt]=1407460080914\n"
        "createdAt=1407460071043\n"
        "ratio=1.5\n"
        "flag=true\n"
        "off=false\n"
        "grid[0][]=1\n"
        "grid[0][]=2\n"
        "grid[1][a][]=3\n"
        "mixed[]=s\n"
        "mixed[]=4\n");
  CHECK(tc::multipart_fields(parse_json("[1,2]")).empty());
  CHECK(tc::multipart_fields(parse_json("{}")).empty());
}

TEST_CASE("content type of a file part from its name") {
  CHECK(tc::content_type_for_file_name("cv.pdf") == "application/pdf");
  CHECK(tc::content_type_for_file_name("CV.PDF") == "application/pdf");
  CHECK(tc::content_type_for_file_name("a.docx") ==
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  CHECK(tc::content_type_for_file_name("photo.JPG") == "image/jpeg");
  CHECK(tc::content_type_for_file_name("notes.txt") == "text/plain");
  CHECK(tc::content_type_for_file_name("archive.tar.gz") == "application/octet-stream");
  CHECK(tc::content_type_for_file_name("README") == "application/octet-stream");
}

TEST_CASE("tolerant of odd shapes the schema would normally stop") {
  CHECK(body_of(R"({"first_name": 5, "emails": "x", "phones": [null, {"number": 7}], "links": [{"href": "h"}],
                    "tags": [{"id": "1", "name": "vip"}, 3], "remote_data": "not an object"})") ==
        R"({"tags":["vip"],"postings":["post-1"],"origin":"sourced"})");
  CHECK(body_of("[]") == R"({"postings":["post-1"],"origin":"sourced"})");
}

TEST_CASE("the lever object: ids, createdAt and archivedAt in ms, archived {reason}; notes stay out") {
  const std::string record = R"({"first_name": "Ada", "lever": {
      "owner": "u-riley", "followers": ["u-sam", "u-kim"], "stage": "st-phone", "sources": ["Career fair 2026", " "],
      "origin": "referred", "created_at": "2024-03-01T10:00:00+01:00", "archive_reason": "ar-hired",
      "archived_at": "2024-06-01T00:00:00.5Z", "notes": [{"text": "Met at the booth"}]}})";
  CHECK(body_of(record) ==
        R"({"name":"Ada","postings":["post-1"],"sources":["Career fair 2026"],"origin":"referred","owner":"u-riley",)"
        R"("followers":["u-sam","u-kim"],"stage":"st-phone","createdAt":1709283600000,)"
        R"("archived":{"reason":"ar-hired","archivedAt":1717200000500}})");
  // An archive reason without a date: Lever archives it now.
  CHECK(body_of(R"({"first_name": "Ada", "lever": {"archive_reason": "ar-hired"}})") ==
        R"({"name":"Ada","postings":["post-1"],"origin":"sourced","archived":{"reason":"ar-hired"}})");
  // remote_data still wins over the mapped fields.
  CHECK(body_of(R"({"first_name": "Ada", "lever": {"origin": "agency"}, "remote_data": {"origin": "internal"}})") ==
        R"({"name":"Ada","postings":["post-1"],"origin":"internal"})");
  // Multipart: archived as archived[reason], the ms as text.
  const auto plan = tc::map_lead(tc::read_candidate_record(parse_json(record)), lead_target());
  const std::string parts = parts_text(tc::multipart_fields(plan.body));
  CHECK(parts.find("archived[reason]=ar-hired\n") != std::string::npos);
  CHECK(parts.find("createdAt=1709283600000\n") != std::string::npos);
  CHECK(parts.find("followers[]=u-kim\n") != std::string::npos);
}
