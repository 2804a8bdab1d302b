// Values as exports write them (core/input/record_normalizer.hpp, core/model/person_name.hpp): names
// "Last, First", links without a scheme, padded e-mails, dates, share pages given as files; and the pass over
// a file before any write. Dates themselves: test_date_reader.cpp.
#include <doctest/doctest.h>

#include <sstream>

#include "core/input/record_normalizer.hpp"
#include "core/model/person_name.hpp"
#include "core/util/json_util.hpp"
#include "fakes.hpp"

using tc::Problem;
using tc::test::parse_json;

namespace {

struct Normalized {
  std::string record;
  std::vector<Problem> problems;
};

Normalized normalize(const char* json, const tc::RecordValueOptions& options = {}) {
  rapidjson::Document record = parse_json(json);
  Normalized out;
  out.problems = tc::normalize_record(record, options);
  out.record = tc::to_json(record);
  return out;
}

}  // namespace

TEST_CASE("\"Last, First [Middle]\" becomes \"First [Middle] Last\"; suffixes and other commas are left alone") {
  CHECK(tc::first_name_first("Lovelace, Ada") == "Ada Lovelace");
  CHECK(tc::first_name_first(" Lovelace ,  Ada King ") == "Ada King Lovelace");
  CHECK(tc::first_name_first("Ada Lovelace") == "Ada Lovelace");
  CHECK(tc::first_name_first("King, Martin Luther, Jr.") == "King, Martin Luther, Jr.");  // two commas
  for (const char* suffix : {"Ada Lovelace, Jr.", "Ada Lovelace, Sr", "Ada Lovelace, III", "Ada Lovelace, PhD",
                             "Ada Lovelace, M.D.", "Ada Lovelace, IV"}) {
    CAPTURE(suffix);
    CHECK(tc::first_name_first(suffix) == suffix);
  }
  CHECK(tc::first_name_first("Ada King, Countess of Lovelace") == "Ada King, Countess of Lovelace");
  CHECK(tc::first_name_first("Byron, Lord George") == "Byron, Lord George");
  CHECK(tc::first_name_first("García Márquez, Gabriel") == "Gabriel García Márquez");
  CHECK(tc::first_name_first("Lovelace,") == "Lovelace,");
  CHECK(tc::first_name_first(", Ada") == ", Ada");
  CHECK(normalize(R"({"name":"Lovelace, Ada"})").record == R"({"name":"Ada Lovelace"})");
}

TEST_CASE("a name and first/last names that disagree are a problem at /name; agreeing ones pass") {
  CHECK(normalize(R"({"name":"Lovelace, Ada","first_name":"Ada","last_name":"Lovelace"})").problems.empty());
  CHECK(normalize(R"({"name":"Ada King Lovelace","first_name":"ada","last_name":"LOVELACE"})").problems.empty());
  CHECK(normalize(R"({"name":"Ada  Lovelace","first_name":"Ada"})").problems.empty());
  const Normalized surname = normalize(R"({"name":"Müller","first_name":"Hans"})");
  REQUIRE(surname.problems.size() == 1);
  CHECK(surname.problems[0].pointer == "/name");
  CHECK(surname.problems[0].message ==
        "\"Müller\" and first_name/last_name \"Hans\" name different people; Lever keeps one name: give only one of "
        "them (a surname column maps to last_name)");
  CHECK(normalize(R"({"name":"Ada Byron","first_name":"Ada","last_name":"Lovelace"})").problems.size() == 1);
  CHECK(normalize(R"({"name":"Lovelace","last_name":"Lovelace"})").problems.empty());
  CHECK(tc::names_disagree("Ada", "Ada", "Ada"));  // one word cannot hold both
}

TEST_CASE("links without a scheme get https://; what still is not an http(s) URL is a problem") {
  const Normalized links = normalize(
      R"({"links":["linkedin.com/in/ada","www.github.com/ada",{"url":"ada.dev","type":"website"},"https://x.org/a",)"
      R"("HTTP://X.ORG"]})");
  CHECK(links.problems.empty());
  CHECK(links.record ==
        R"({"links":["https://linkedin.com/in/ada","https://www.github.com/ada",{"url":"https://ada.dev","type":)"
        R"("website"},"https://x.org/a","HTTP://X.ORG"]})");
  const Normalized bad = normalize(R"({"links":["not a link","ftp://x.org/f",{"url":"ada@example.com"}]})");
  REQUIRE(bad.problems.size() == 3);
  CHECK(bad.problems[0].pointer == "/links/0");
  CHECK(bad.problems[0].message == "\"not a link\" is not an http(s) URL (e.g. https://www.linkedin.com/in/NAME)");
  CHECK(bad.problems[1].pointer == "/links/1");
  CHECK(bad.problems[2].pointer == "/links/2/url");
  CHECK(bad.record == R"({"links":["not a link","ftp://x.org/f",{"url":"ada@example.com"}]})");
}

TEST_CASE("e-mails are trimmed, wherever they come from") {
  CHECK(normalize(R"({"emails":[{"email":" TWIN@Example.com "},{"email":"a@b.c\t","type":"work"}]})").record ==
        R"({"emails":[{"email":"TWIN@Example.com"},{"email":"a@b.c","type":"work"}]})");
}

TEST_CASE("dates of the lever object become RFC 3339; one that reads two ways is a problem at its pointer") {
  tc::RecordValueOptions options;
  const Normalized read = normalize(
      R"({"lever":{"created_at":"7 Dec 2026","archived_at":"2026-12-08 10:00","notes":[{"text":"x","created_at":"Dec 7, 2026"}]}})",
      options);
  CHECK(read.problems.empty());
  CHECK(read.record ==
        R"({"lever":{"created_at":"2026-12-07T00:00:00Z","archived_at":"2026-12-08T10:00:00Z","notes":[{"text":"x",)"
        R"("created_at":"2026-12-07T00:00:00Z"}]}})");
  const Normalized two_ways = normalize(R"({"lever":{"created_at":"12/07/2026","notes":[{"created_at":"x"}]}})");
  REQUIRE(two_ways.problems.size() == 2);
  CHECK(two_ways.problems[0].pointer == "/lever/created_at");
  CHECK(two_ways.problems[0].message ==
        "\"12/07/2026\" reads two ways (day/month or month/day): pass --date-format '%d/%m/%Y' or '%m/%d/%Y'");
  CHECK(two_ways.problems[1].pointer == "/lever/notes/0/created_at");
  options.dates.format = "%m/%d/%Y";
  CHECK(normalize(R"({"lever":{"created_at":"12/07/2026"}})", options).record ==
        R"({"lever":{"created_at":"2026-12-07T00:00:00Z"}})");
}

TEST_CASE("a share page given as a file is a problem at its file_url") {
  const Normalized drive = normalize(
      R"({"attachments":[{"file_url":"https://drive.google.com/file/d/1AbC/view?usp=sharing","type":"resume"},)"
      R"({"file_url":"https://www.dropbox.com/s/xyz/cv.pdf?dl=0"},{"file_url":"https://www.dropbox.com/s/xyz/cv.pdf?dl=1"},)"
      R"({"file_url":"https://drive.google.com/uc?export=download&id=1AbC"},{"file_url":"https://files.example.com/cv.pdf"}]})");
  REQUIRE(drive.problems.size() == 2);
  CHECK(drive.problems[0].pointer == "/attachments/0/file_url");
  CHECK(drive.problems[0].message.find("is a Google Drive share page, a web page rather than the file") !=
        std::string::npos);
  CHECK(drive.problems[0].message.find("https://drive.google.com/uc?export=download&id=1AbC") != std::string::npos);
  CHECK(drive.problems[1].pointer == "/attachments/1/file_url");
  CHECK(drive.problems[1].message.find("a Dropbox share page") != std::string::npos);
}

TEST_CASE("merge_problems: one message per value, the normaliser's") {
  std::vector<Problem> validation = {{"/links/0", "matches none of the allowed forms"},
                                     {"/lever/created_at", "is not an ISO 8601 UTC time"},
                                     {"/emails/0/email", "is not an e-mail address"},
                                     {"", "the record has neither a name nor an e-mail"}};
  tc::merge_problems(validation, {{"/links/0", "is not an http(s) URL"}, {"/lever/created_at", "reads two ways"}});
  REQUIRE(validation.size() == 4);
  CHECK(validation[0].pointer == "/emails/0/email");
  CHECK(validation[1].pointer == "");
  CHECK(validation[2].message == "is not an http(s) URL");
  CHECK(validation[3].message == "reads two ways");
}

TEST_CASE("the pass over a file: dates that read two ways once per field, with how many more; others each") {
  std::istringstream csv(
      "Name,Email,Date Added\n"
      "Ada Lovelace,ada@example.com,12/07/2026\n"
      "Alan Turing,alan@example.com,11/05/2026\n"
      "Grace Hopper,grace@example.com,banana\n"
      "Edith Clarke,edith@example.com,13/07/2026\n");
  tc::RecordReader reader(csv, tc::InputFormat::Csv, "people.csv");
  const std::vector<Problem> problems = tc::date_problems_in(reader, {});
  REQUIRE(problems.size() == 2);
  CHECK(problems[0].pointer == "/lever/created_at");
  CHECK(problems[0].message ==
        "record 1 (line 2): \"12/07/2026\" reads two ways (day/month or month/day): pass --date-format '%d/%m/%Y' or "
        "'%m/%d/%Y' (1 more date of this field read two ways; one --date-format settles them)");
  CHECK(problems[1].message.rfind("record 3 (line 4): \"banana\" is not a date", 0) == 0);
  std::istringstream again("Name,Date Added\nAda Lovelace,12/07/2026\n");
  tc::RecordReader us(again, tc::InputFormat::Csv, "people.csv");
  tc::DateOptions dates;
  dates.format = "%m/%d/%Y";
  CHECK(tc::date_problems_in(us, dates).empty());
}
