// An attachment's file_url (core/input/file_url.hpp): one reader, and the same answer on the lead route
// (core/lever/lead_mapping.hpp) and the applicant route (core/lever/apply_mapping.hpp) for every case.
#include <doctest/doctest.h>
#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <string>
#include <vector>

#include "core/http/http.hpp"
#include "core/input/file_url.hpp"
#include "core/lever/apply_mapping.hpp"
#include "core/lever/job_form.hpp"
#include "core/lever/lead_mapping.hpp"
#include "core/util/error.hpp"
#include "tests/fixtures/sandbox_form.hpp"

namespace {

// One row: a file_url and what both routes must make of it. `answer` is the source (a local path or the URL) when
// accepted, else a part of the problem's message.
struct Case {
  std::string file_url;
  bool accepted;
  std::string answer;
  std::string file_name;  // the default file name when accepted
  bool local = true;
};

const std::vector<Case> kCases = {
    // Local files: file:///, and the two other RFC 8089 spellings of this machine (accepted on both routes).
    {"file:///tmp/cv.pdf", true, "/tmp/cv.pdf", "cv.pdf", true},
    {"file:///tmp/My%20CV.pdf", true, "/tmp/My CV.pdf", "My CV.pdf", true},
    {"FILE:///tmp/cv.pdf", true, "/tmp/cv.pdf", "cv.pdf", true},
    {"file://localhost/tmp/cv.pdf", true, "/tmp/cv.pdf", "cv.pdf", true},
    {"file://LOCALHOST/tmp/cv.pdf", true, "/tmp/cv.pdf", "cv.pdf", true},
    {"file:/tmp/cv.pdf", true, "/tmp/cv.pdf", "cv.pdf", true},
    {"  file:///tmp/cv.pdf\t", true, "/tmp/cv.pdf", "cv.pdf", true},
    {"file:///tmp/caf%C3%A9.pdf", true, "/tmp/caf\xC3\xA9.pdf", "caf\xC3\xA9.pdf", true},
    {"file:///tmp/a%2Bb%3Fc%23d%25.pdf", true, "/tmp/a+b?c#d%.pdf", "a+b?c#d%.pdf", true},
    {"file:///tmp/port+folio.png", true, "/tmp/port+folio.png", "port+folio.png", true},
    // What core/input/csv_reader.cpp leaves unencoded in a resume path.
    {"file:///tmp/a!$&'()*+,;=:@b.pdf", true, "/tmp/a!$&'()*+,;=:@b.pdf", "a!$&'()*+,;=:@b.pdf", true},
    // Downloads: https, and http to loopback; the URL is kept as given, the file name decoded.
    {"https://cdn.example.com/docs/cover%20letter.pdf?sig=1", true,
     "https://cdn.example.com/docs/cover%20letter.pdf?sig=1", "cover letter.pdf", false},
    {"http://127.0.0.1:8080/f/notes.txt", true, "http://127.0.0.1:8080/f/notes.txt", "notes.txt", false},
    {"HTTPS://X.EXAMPLE/a.pdf#page=2", true, "HTTPS://X.EXAMPLE/a.pdf#page=2", "a.pdf", false},
    // Refused.
    {"", false, "no usable file_url", "", false},
    {"   ", false, "no usable file_url", "", false},
    {"file:///tmp/a%00b.pdf", false, "control byte", "", false},  // a decoded NUL would cut the path short
    {"file:///tmp/a%0Ab.pdf", false, "control byte", "", false},
    {std::string("file:///tmp/a\0b.pdf", 19), false, "not a local file URL", "", false},  // a raw NUL, too
    {"file:///tmp/a%zz.pdf", false, "malformed %-escape", "", false},
    {"file:///tmp/a%2", false, "malformed %-escape", "", false},
    {"file:///tmp/a%", false, "malformed %-escape", "", false},
    {"file:///tmp/cv.pdf?x=1", false, "query or fragment", "", false},
    {"file:///tmp/cv.pdf?", false, "query or fragment", "", false},
    {"file:///tmp/cv.pdf#page=2", false, "query or fragment", "", false},
    {"file:///tmp/cv.pdf#", false, "query or fragment", "", false},
    {"file:relative.pdf", false, "not a local file URL", "", false},
    {"file:", false, "not a local file URL", "", false},
    {"file://server/tmp/cv.pdf", false, "not a local file URL", "", false},
    {"file://127.0.0.1/tmp/cv.pdf", false, "not a local file URL", "", false},
    {"file://localhost", false, "not a local file URL", "", false},
    {"file:///tmp/", false, "names a directory", "", false},
    {"file:///", false, "names a directory", "", false},
    {"relative.pdf", false, "is not a URL", "", false},
    {"/tmp/cv.pdf", false, "is not a URL", "", false},  // a bare path is given with --resume / --attachment
    {"http://files.example.com/a.pdf", false, "plain http is refused for files.example.com", "", false},
    {"http://evil.example@127.0.0.1/a.pdf", false, "user information", "", false},
    {"https://user:pw@files.example.com/a.pdf", false, "user information", "", false},
    {"ftp://127.0.0.1/a.pdf", false, "unsupported scheme \"ftp\"", "", false},
    {"http:/127.0.0.1/a.pdf", false, "is not a URL", "", false},
};

rapidjson::Document parse_json(const std::string& text) {
  rapidjson::Document d;
  d.Parse<rapidjson::kParseValidateEncodingFlag>(text.c_str(), text.size());
  REQUIRE_FALSE(d.HasParseError());
  return d;
}

// A record with one resume attachment whose file_url is `file_url` (JSON-escaped here); with the answers the sandbox
// form requires when it is for the applicant route (a lead refuses answers).
std::string record_with(const std::string& file_url, bool for_applicant) {
  rapidjson::StringBuffer escaped;
  rapidjson::Writer<rapidjson::StringBuffer> writer(escaped);
  writer.String(file_url.data(), static_cast<rapidjson::SizeType>(file_url.size()));
  std::string record =
      R"({"first_name":"Ada","last_name":"Lovelace","emails":[{"email":"ada@example.com"}],"locations":["London"],)";
  if (for_applicant) {
    record += R"("job_form_field_answers":[{"name":"a1b2c3d4-0000-4000-8000-000000000011","value":"Referral"},)"
              R"({"name":"a1b2c3d4-0000-4000-8000-000000000012","value":"5"}],)";
  }
  return record + R"("attachments":[{"id":"cv","type":"resume","file_url":)" +
         std::string(escaped.GetString(), escaped.GetSize()) + "}]}";
}

// What one route made of the record: the source and file name, or the problem at /attachments/0/file_url.
struct Answer {
  bool accepted = false;
  std::string source;
  std::string file_name;
  std::string problem;
};

Answer lead_answer(const rapidjson::Value& record) {
  tc::Target target;
  target.job_id = "post-1";
  target.source = tc::ApplicationSource::Lead;
  Answer answer;
  try {
    const tc::LeadPlan plan = tc::map_lead(tc::read_candidate_record(record), target);
    REQUIRE(plan.resume.has_value());
    answer.accepted = true;
    answer.source = plan.resume->source;
    answer.file_name = plan.resume->file_name;
  } catch (const tc::Error& e) {
    REQUIRE(e.problems().size() == 1);
    CHECK(e.problems()[0].pointer == "/attachments/0/file_url");
    answer.problem = e.problems()[0].message;
  }
  return answer;
}

Answer applicant_answer(const rapidjson::Value& record) {
  auto form_json = parse_json(tc::test::kSandboxForm);
  const tc::JobForm form = tc::JobForm::parse(form_json);
  const tc::ApplyPlan plan = tc::plan_apply(tc::read_candidate_record(record), form);
  Answer answer;
  if (plan.problems.empty()) {
    REQUIRE(plan.uploads.size() == 1);
    answer.accepted = true;
    answer.source = plan.uploads[0].source;
    answer.file_name = plan.uploads[0].file_name;
  } else {
    REQUIRE(plan.problems.size() == 1);
    CHECK(plan.problems[0].pointer == "/attachments/0/file_url");
    answer.problem = plan.problems[0].message;
  }
  return answer;
}

}  // namespace

TEST_CASE("file_url: the reader itself") {
  for (const Case& c : kCases) {
    CAPTURE(c.file_url);
    const tc::FileUrlReading reading = tc::read_file_url(c.file_url, "/attachments/3");
    REQUIRE(reading.problem.has_value() != c.accepted);
    if (c.accepted) {
      CHECK(reading.source.location == c.answer);
      CHECK(reading.source.file_name == c.file_name);
      CHECK(reading.source.is_local_file == c.local);
    } else {
      CHECK(reading.problem->pointer == "/attachments/3/file_url");
      CHECK_MESSAGE(reading.problem->message.find(c.answer) != std::string::npos, reading.problem->message);
    }
  }
}

TEST_CASE("file_url: the same answer on the lead and the applicant route") {
  for (const Case& c : kCases) {
    CAPTURE(c.file_url);
    const Answer lead = lead_answer(parse_json(record_with(c.file_url, false)));
    const Answer applicant = applicant_answer(parse_json(record_with(c.file_url, true)));
    CHECK(lead.accepted == c.accepted);
    CHECK(applicant.accepted == c.accepted);
    CHECK(lead.source == applicant.source);
    CHECK(lead.file_name == applicant.file_name);
    CHECK(lead.problem == applicant.problem);
    if (c.accepted) {
      CHECK(lead.source == c.answer);
      CHECK(lead.file_name == c.file_name);
    } else {
      CHECK_MESSAGE(lead.problem.find(c.answer) != std::string::npos, lead.problem);
      CHECK(lead.source.empty());
    }
  }
}

TEST_CASE("file_url: a path encoded as --resume / --attachment encode it reads back unchanged") {
  for (const std::string path : {"/tmp/My CV.pdf", "/tmp/a?b#c%d.pdf", "/tmp/caf\xC3\xA9 (1).pdf", "/tmp/x+y@z:w;v"}) {
    CAPTURE(path);
    const tc::FileUrlReading reading = tc::read_file_url("file://" + tc::url_encode(path, "/"), "/attachments/0");
    REQUIRE_FALSE(reading.problem.has_value());
    CHECK(reading.source.location == path);
    CHECK(reading.source.is_local_file);
  }
}

TEST_CASE("file_url: the problem quotes the URL and says how to write it") {
  const tc::FileUrlReading reading = tc::read_file_url("file:///tmp/cv.pdf?x=1", "/attachments/0");
  REQUIRE(reading.problem.has_value());
  CHECK(reading.problem->message ==
        "\"file:///tmp/cv.pdf?x=1\" has a query or fragment, which a local file has not; write a '?' or '#' of the "
        "file name as %3F or %23");
}
