// CSV input (ARCHITECTURE.md §5): header handling, RFC 4180 quoting, ';' lists, resume attachments, and the
// broken files of tests/corpus/csv/.
#include "core/input/csv_reader.hpp"
#include "core/input/record_reader.hpp"
#include "core/util/json_util.hpp"

#include <doctest/doctest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct Outcome {
  std::vector<std::string> records;  // compact JSON or "ERROR: message"
  std::vector<std::size_t> lines;
  std::string thrown;
  std::string hint;
};

Outcome read_stream(std::istream& in, const std::string& source) {
  Outcome outcome;
  tc::RecordReader reader(in, tc::InputFormat::Csv, source);
  tc::InputRecord record;
  try {
    while (reader.next(record)) {
      CHECK(record.index == outcome.records.size());
      outcome.records.push_back(record.error ? "ERROR: " + record.error->message : tc::to_json(record.doc));
      outcome.lines.push_back(record.line);
    }
  } catch (const tc::Error& e) {  // anything else escaping fails the test case
    CHECK(e.kind() == tc::ErrorKind::InvalidInput);
    outcome.thrown = e.what();
    outcome.hint = e.hint();
  }
  CHECK(reader.is_multi());
  return outcome;
}

Outcome read_text(const std::string& text) {
  std::istringstream in(text);
  return read_stream(in, "people.csv");
}

Outcome read_corpus(const std::string& name) {
  std::ifstream in(std::string(TC_SOURCE_DIR) + "/tests/corpus/csv/" + name, std::ios::binary);
  REQUIRE(in.is_open());
  return read_stream(in, name);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("quoting: embedded commas, \"\" escapes, ';' lists trimmed, empty cells left out") {
  const Outcome outcome = read_corpus("quoted.csv");
  REQUIRE(outcome.records.size() == 2);
  CHECK(outcome.records[0] ==
        R"({"first_name":"Ada","last_name":"Lovelace","company":"Analytical Engines, Ltd",)"
        R"("emails":[{"email":"ada@example.com"},{"email":"ada@lovelace.org"}],"tags":["math","history"]})");
  CHECK(outcome.records[1] ==
        R"({"first_name":"Bob \"The Builder\"","last_name":"Smith","emails":[{"email":"bob@example.com"}]})");
  CHECK(outcome.lines == std::vector<std::size_t>{2, 3});
}

TEST_CASE("multiline quoted fields, CRLF, blank lines; line = the row's first line") {
  const Outcome outcome = read_corpus("multiline.csv");
  REQUIRE(outcome.records.size() == 2);
  CHECK(outcome.records[0] ==
        R"({"first_name":"Ada","title":"Countess\r\nof Lovelace","locations":["London","Paris"]})");
  CHECK(outcome.records[1] == R"({"first_name":"Bob","title":"Engineer","locations":["Berlin"]})");
  CHECK(outcome.lines == std::vector<std::size_t>{2, 6});
}

TEST_CASE("singular, mixed-case, padded headers and a BOM; phones, links, a resume URL") {
  const Outcome outcome = read_corpus("singular.csv");
  REQUIRE(outcome.records.size() == 1);
  CHECK(outcome.records[0] ==
        R"({"first_name":"Ada","last_name":"Lovelace","emails":[{"email":"ada@example.com"}],)"
        R"("phones":[{"number":"+44 20 7946 0000"},{"number":"+44 7700 900000"}],"locations":["London"],)"
        R"("links":["https://github.com/ada"],"tags":["math"],"attachments":[{"id":"ada.pdf","file_name":"ada.pdf",)"
        R"("file_url":"https://example.com/cv/ada.pdf?sig=1","type":"resume"}]})");
}

TEST_CASE("resume paths are made absolute file:/// URLs, percent-encoded") {
  const Outcome outcome = read_corpus("resume_paths.csv");
  REQUIRE(outcome.records.size() == 2);
  std::string cwd = std::filesystem::current_path().string();
  std::string encoded_cwd;
  for (char c : cwd) encoded_cwd += c == ' ' ? std::string("%20") : std::string(1, c);
  CHECK(outcome.records[0] ==
        R"({"first_name":"Ada","attachments":[{"id":"ada lovelace.pdf","file_name":"ada lovelace.pdf",)"
        R"("file_url":"file://)" +
            encoded_cwd + R"(/cv/ada%20lovelace.pdf","type":"resume"}]})");
  CHECK(contains(outcome.records[1], R"("file_url":"file:///abs/bob.pdf")"));
}

TEST_CASE("relative file paths are the input's: taken from its folder, not from the current directory") {
  std::istringstream in(
      "first_name,resume,attachments,job_id\n"
      "Ada,cv/ada.pdf,notes.txt; /abs/x.pdf ;https://h.example/a/b.txt;../other/c v.txt,posting-2\n"
      "Bob,,,\n");
  tc::RecordReader reader(in, tc::InputFormat::Csv, "people.csv");
  reader.set_files_folder("/data/exports");
  tc::InputRecord record;
  REQUIRE(reader.next(record));
  REQUIRE_FALSE(record.error);
  CHECK(tc::to_json(record.doc) ==
        R"({"first_name":"Ada","attachments":[)"
        R"({"id":"ada.pdf","file_name":"ada.pdf","file_url":"file:///data/exports/cv/ada.pdf","type":"resume"},)"
        R"({"id":"notes.txt","file_name":"notes.txt","file_url":"file:///data/exports/notes.txt"},)"
        R"({"id":"x.pdf","file_name":"x.pdf","file_url":"file:///abs/x.pdf"},)"
        R"({"id":"b.txt","file_name":"b.txt","file_url":"https://h.example/a/b.txt"},)"
        R"({"id":"c v.txt","file_name":"c v.txt","file_url":"file:///data/other/c%20v.txt"}],"job_id":"posting-2"})");
  REQUIRE(reader.next(record));
  CHECK(tc::to_json(record.doc) == R"({"first_name":"Bob"})");  // empty file and job_id cells: no keys
}

TEST_CASE("an attachments cell naming a folder is that record's error; reading goes on") {
  const Outcome outcome = read_text("first_name,attachments\nAda,a.txt;docs/\nBob,b.txt\n");
  REQUIRE(outcome.records.size() == 2);
  CHECK(outcome.records[0] ==
        "ERROR: record 1 (people.csv line 2): column 'attachments': the file path 'docs/' names a directory");
  CHECK(contains(outcome.records[1], R"("file_name":"b.txt")"));
}

TEST_CASE("an unknown column is refused, naming it and the allowed ones") {
  const Outcome outcome = read_corpus("unknown_column.csv");
  CHECK(outcome.records.empty());
  CHECK(outcome.thrown ==
        "unknown_column.csv line 1: unknown column 'nickname' (column 2); allowed: first_name, last_name, title, "
        "company, emails (or email), phones (or phone), locations (or location), links (or link), tags (or tag), "
        "resume, attachments (or attachment), job_id");
}

TEST_CASE("a duplicated column (singular and plural) is refused") {
  const Outcome outcome = read_corpus("duplicate_column.csv");
  CHECK(outcome.thrown == "duplicate_column.csv line 1: column 'email' (column 3) repeats column 2 ('emails')");
}

TEST_CASE("an empty header name is refused") {
  CHECK(read_text("first_name,,last_name\nA,B,C\n").thrown == "people.csv line 1: column 2 of the header has no name");
}

TEST_CASE("an unterminated quote throws with the line where the field started") {
  const Outcome outcome = read_corpus("unterminated.csv");
  CHECK(outcome.records.size() == 1);
  CHECK(outcome.thrown ==
        "unterminated.csv line 3: a quoted field starting on this line is never closed (unterminated quote)");
}

TEST_CASE("ragged rows become error records; reading goes on") {
  const Outcome outcome = read_corpus("ragged.csv");
  REQUIRE(outcome.records.size() == 4);
  CHECK(outcome.records[0] == R"({"first_name":"Ada","last_name":"Lovelace"})");
  CHECK(outcome.records[1] == "ERROR: record 2 (ragged.csv line 3) has 1 field but the header has 2 columns");
  CHECK(outcome.records[2] == "ERROR: record 3 (ragged.csv line 4) has 3 fields but the header has 2 columns");
  CHECK(outcome.records[3] == R"({"first_name":"Dee","last_name":"Dee"})");
}

TEST_CASE("text after a closing quote and invalid UTF-8 are error records") {
  const Outcome outcome = read_corpus("bad_rows.csv");
  REQUIRE(outcome.records.size() == 2);
  CHECK(contains(outcome.records[0],
                 "record 1 (bad_rows.csv line 2): unexpected text after the closing quote of field 2"));
  CHECK(outcome.records[1] ==
        "ERROR: record 2 (bad_rows.csv line 3): invalid UTF-8 in column 'first_name' (byte 2 of the field); save the "
        "file as UTF-8");
}

TEST_CASE("empty inputs yield no records") {
  CHECK(read_corpus("header_only.csv").records.empty());
  CHECK(read_text("").records.empty());
  CHECK(read_text("\xEF\xBB\xBF").records.empty());
  CHECK(read_text("\n\r\n\n").records.empty());
  const Outcome blank_rows = read_text("first_name\n\n  \nAda\n");
  REQUIRE(blank_rows.records.size() == 1);
  CHECK(blank_rows.lines[0] == 4);
}

TEST_CASE("a row without a final newline, a quoted empty cell, a cell of only ';'") {
  const Outcome outcome = read_text("first_name,tags,company\nAda,\" ; ;\",\"\"");
  REQUIRE(outcome.records.size() == 1);
  CHECK(outcome.records[0] == R"({"first_name":"Ada"})");
}

TEST_CASE("a huge row is an error record, not a huge allocation; the next row is read") {
  std::string text = "first_name,tags\n";
  text += "Ada," + std::string(2 * tc::kMaxRecordBytes, ';') + "\n";  // commas-free but huge
  text += "Bob," + std::string(2 * tc::kMaxRecordBytes, ',') + "\n";  // millions of fields
  text += "Cy,x\n";
  const Outcome outcome = read_text(text);
  REQUIRE(outcome.records.size() == 3);
  CHECK(outcome.records[0] == "ERROR: record 1 (people.csv line 2) is larger than 1 MiB, the limit for one record");
  CHECK(outcome.records[1] == "ERROR: record 2 (people.csv line 3) is larger than 1 MiB, the limit for one record");
  CHECK(outcome.records[2] == R"({"first_name":"Cy","tags":["x"]})");
}

TEST_CASE("the columns are reported in file order, canonical names") {
  std::istringstream in("Email,first name\na@x.com,Ada\n");
  tc::CsvReader reader(in, "people.csv");
  tc::InputRecord record;
  REQUIRE(reader.next(record));
  CHECK(reader.columns() == std::vector<std::string>{"emails", "first_name"});
}
