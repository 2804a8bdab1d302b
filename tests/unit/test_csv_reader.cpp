// CSV input (ARCHITECTURE.md §5): header handling and column mapping, RFC 4180 quoting, ';' lists, resume
// attachments, the Lever-field columns, the broken files of tests/corpus/csv/ and the exports of tests/data/exports/.
#include "core/input/csv_reader.hpp"
#include "core/input/record_reader.hpp"
#include "core/util/json_util.hpp"
#include "source_dir.hpp"

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

Outcome read_stream(std::istream& in, const std::string& source, const tc::ColumnMapping& mapping = {}) {
  Outcome outcome;
  tc::RecordReader reader(in, tc::InputFormat::Csv, source);
  reader.set_column_mapping(mapping);
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

Outcome read_text(const std::string& text, const tc::ColumnMapping& mapping = {}) {
  std::istringstream in(text);
  return read_stream(in, "people.csv", mapping);
}

// A file of tests/data/exports (real-looking spreadsheet exports), read with `mapping`.
Outcome read_export(const std::string& name, const tc::ColumnMapping& mapping = {}) {
  std::ifstream in(source_dir() + "/tests/data/exports/" + name, std::ios::binary);
  REQUIRE(in.is_open());
  return read_stream(in, name, mapping);
}

Outcome read_corpus(const std::string& name) {
  std::ifstream in(source_dir() + "/tests/corpus/csv/" + name, std::ios::binary);
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

TEST_CASE("an unknown column is refused, naming it, a suggestion and the --map line that fixes it") {
  const Outcome outcome = read_corpus("unknown_column.csv");
  CHECK(outcome.records.empty());
  CHECK(outcome.thrown ==
        "unknown_column.csv line 1: unknown column 'nickname' (column 2): did you mean name? --map 'nickname=name' (or "
        "--map 'nickname=' to ignore it)");
  CHECK(contains(outcome.hint, "known fields: first_name, last_name, name, title, company, emails,"));
}

TEST_CASE("two columns of a list field (singular and plural) add up, in column order") {
  const Outcome outcome = read_text("first_name,emails,email\nAda,a@x.com,b@x.com\n");
  REQUIRE(outcome.records.size() == 1);
  CHECK(outcome.records[0] == R"({"first_name":"Ada","emails":[{"email":"a@x.com"},{"email":"b@x.com"}]})");
}

TEST_CASE("a single-valued field given by two columns is refused before any row is read") {
  const Outcome outcome = read_corpus("duplicate_column.csv");
  CHECK(outcome.records.empty());
  CHECK(outcome.thrown ==
        "duplicate_column.csv line 1: columns 'first_name' (column 1) and 'First Name' (column 3) both give "
        "first_name, which takes one value: --map 'First Name=' ignores the second");
}

TEST_CASE("--map lines rename and ignore columns; an `error` column (a rejects file) is ignored") {
  tc::ColumnMapping mapping;
  mapping.add("Nick=first_name", "--map", 1);
  mapping.add("Shoe size=", "--map", 1);
  const Outcome outcome = read_text("Nick,Shoe size,email,error\nAda,38,ada@x.com,\"invalid_input: bad\"\n", mapping);
  REQUIRE(outcome.records.size() == 1);
  CHECK(outcome.records[0] == R"({"first_name":"Ada","emails":[{"email":"ada@x.com"}]})");
}

TEST_CASE("a full name column is `name`, kept as written") {
  const Outcome outcome = read_text("Full Name,E-mail\n\"  Ada King, Countess of Lovelace  \",ada@x.com\n");
  REQUIRE(outcome.records.size() == 1);
  CHECK(outcome.records[0] == R"({"name":"Ada King, Countess of Lovelace","emails":[{"email":"ada@x.com"}]})");
}

TEST_CASE("Lever-field columns fill the record's lever object; a notes cell is one note, ';' kept") {
  const Outcome outcome = read_export("ats-migration.csv");
  REQUIRE(outcome.records.size() == 2);
  CHECK(outcome.records[0] ==
        R"({"name":"Ada Lovelace","emails":[{"email":"ada@example.com"}],"lever":{"owner":"riley@example.com",)"
        R"("followers":["sam@example.com","kim@example.com"],"stage":"Phone screen","sources":["Career fair 2026",)"
        R"("Referral"],"origin":"referred","created_at":"2024-03-01T09:00:00Z","notes":[{"text":"Met at the booth; )"
        R"(strong on maths.\nFollow up in March."},{"text":"Salary expectation 90k","secret":true}]}})");
  CHECK(outcome.records[1] ==
        R"({"name":"Charles Babbage","emails":[{"email":"charles@example.com"}],"lever":{"owner":"riley@example.com",)"
        R"("stage":"New lead","sources":["Sourced"],"origin":"sourced","created_at":"2024-03-02T10:30:00Z",)"
        R"("archive_reason":"Hired","archived_at":"2024-06-30T17:00:00Z"}})");
  tc::ColumnMapping spelled_out;
  spelled_out.add("Owner=lever.owner", "--map", 1);
  const Outcome with_map = read_text(
      "lever.note,lever.notes,Owner,lever.follower,lever.source\nfirst; one,second,r@x.com,a@x.com;b@x.com,x\n",
      spelled_out);
  REQUIRE(with_map.records.size() == 1);
  CHECK(with_map.records[0] ==
        R"({"lever":{"notes":[{"text":"first; one"},{"text":"second"}],"owner":"r@x.com","followers":["a@x.com",)"
        R"("b@x.com"],"sources":["x"]}})");
}

TEST_CASE("exports: Excel (BOM, CRLF, stray spaces), Google Sheets (';' lists, an empty row, no final newline)") {
  tc::ColumnMapping job_title;  // ambiguous (the job applied to, or the person's title): the user says which
  job_title.add("Job Title=title", "--map", 1);
  CHECK(contains(read_export("excel.csv").thrown, "ambiguous column 'Job Title' (column 7)"));
  const Outcome excel = read_export("excel.csv", job_title);
  REQUIRE(excel.records.size() == 2);
  CHECK(excel.records[0] ==
        R"({"first_name":"Zoë","last_name":"Ångström","emails":[{"email":"zoe.angstrom@example.com"}],)"
        R"("phones":[{"number":"+46 8 123 456"}],"links":["https://www.linkedin.com/in/zoe-angstrom"],)"
        R"("company":"Analytical Engines, Ltd","title":"Data Engineer","locations":["Uppsala, Sweden"],)"
        R"("tags":["excel-export"]})");
  CHECK(excel.records[1] ==
        R"({"first_name":"Mateo","last_name":"García","emails":[{"email":"mateo.garcia@example.com"}],)"
        R"("phones":[{"number":"+34 600 000 001"}],"company":"Acme","locations":["Madrid"],)"
        R"("tags":["excel-export","spanish-speaker"]})");
  const Outcome sheets = read_export("google-sheets.csv");
  REQUIRE(sheets.records.size() == 3);
  CHECK(sheets.records[0] ==
        R"({"name":"Grace Hopper","emails":[{"email":"grace.hopper@example.com"},{"email":"g.hopper@example.org"}],)"
        R"("phones":[{"number":"+1 202 555 0101"},{"number":"+1 202 555 0102"}],"locations":["Arlington, VA"],)"
        R"("tags":["navy","compilers"],"links":["https://www.linkedin.com/in/grace-hopper"]})");
  CHECK(sheets.records[1] == "{}");  // the empty row: the runner skips it as blank
  CHECK(sheets.records[2] ==
        R"({"name":"Alan Turing","emails":[{"email":"alan.turing@example.com"}],"locations":["Manchester"],)"
        R"("tags":["sheets-import"]})");
}

TEST_CASE("exports: LinkedIn connections need --map lines; a form export's extra columns go through a mapping file") {
  const Outcome unmapped = read_export("linkedin-connections.csv");
  CHECK(unmapped.records.empty());
  CHECK(contains(unmapped.thrown, "the header has 3 problems (3 unknown columns):"));
  CHECK(contains(unmapped.thrown, "unknown column 'URL' (column 3)"));
  CHECK(contains(unmapped.thrown, "--map 'Connected On=' ignores it"));

  tc::ColumnMapping linkedin;
  for (const char* line : {"URL=links", "Position=title", "Connected On="}) linkedin.add(line, "--map", 1);
  const Outcome mapped = read_export("linkedin-connections.csv", linkedin);
  REQUIRE(mapped.records.size() == 2);
  CHECK(mapped.records[1] ==
        R"({"first_name":"Dorothy","last_name":"Vaughan","links":["https://www.linkedin.com/in/dorothy-vaughan"],)"
        R"("emails":[{"email":"dorothy.vaughan@example.com"}],"company":"NASA","title":"Supervisor, West Area )"
        R"(Computing"})");

  tc::ColumnMapping form;
  form.add_file(source_dir() + "/tests/data/exports/form-responses.map", 0);
  const Outcome responses = read_export("form-responses.csv", form);
  REQUIRE(responses.records.size() == 2);
  CHECK(responses.records[0] ==
        R"({"name":"Hedy Lamarr","emails":[{"email":"hedy.lamarr@example.com"}],"phones":[{"number":"+1 310 555 )"
        R"(0199"}]})");
  CHECK(responses.records[1] == R"({"name":"Edith Clarke","emails":[{"email":"edith.clarke@example.com"}]})");
  CHECK(responses.lines == std::vector<std::size_t>{2, 5});  // the quoted answer spans three lines
}
TEST_CASE("unnamed columns are ignored with one notice; a row with data in one is that row's error") {
  std::istringstream in("first_name,,last_name,,\nAda,,Lovelace,,\nBob, x ,Smith,,\nCy,,Young\nDee,,Dee,,,\n");
  tc::RecordReader reader(in, tc::InputFormat::Csv, "people.csv");
  std::vector<std::string> notices;
  reader.set_notice_sink([&](std::string_view notice) { notices.emplace_back(notice); });
  std::vector<std::string> records;
  tc::InputRecord record;
  while (reader.next(record))
    records.push_back(record.error ? "ERROR: " + record.error->message : tc::to_json(record.doc));
  REQUIRE(records.size() == 4);
  CHECK(records[0] == R"({"first_name":"Ada","last_name":"Lovelace"})");
  CHECK(records[1] ==
        "ERROR: record 2 (people.csv line 3): column 2 has no name in the header but holds 'x': name the column in "
        "the header (or delete its cells)");
  CHECK(records[2] == R"({"first_name":"Cy","last_name":"Young"})");  // trailing unnamed columns left out: fine
  CHECK(records[3] == "ERROR: record 4 (people.csv line 5) has 6 fields but the header has 5 columns");
  REQUIRE(notices.size() == 1);
  CHECK(notices[0] ==
        "people.csv: columns 2, 4 and 5 of the header have no name and are ignored (a row with data there is "
        "refused: name the column to read it)");
  CHECK(read_text("\"\",\nA,B\n").thrown == "people.csv line 1: the header row names no column");
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

TEST_CASE("text after a closing quote is an error record; so is invalid UTF-8 in a file seen to be UTF-8") {
  const Outcome outcome = read_corpus("bad_rows.csv");
  REQUIRE(outcome.records.size() == 2);
  CHECK(contains(outcome.records[0],
                 "record 1 (bad_rows.csv line 2): unexpected text after the closing quote of field 2"));
  // A byte that is not UTF-8 in an otherwise ASCII file: the file is Windows-1252 (core/input/text_decoder.hpp).
  CHECK(outcome.records[1] == R"({"first_name":"Bÿob","last_name":"Smith"})");
  // In a file already seen to be UTF-8, it is damage: that record's error.
  const Outcome utf8 = read_text("first_name\nZoë\nB\xFFob\n");
  REQUIRE(utf8.records.size() == 2);
  CHECK(utf8.records[1] ==
        "ERROR: record 2 (people.csv line 3): invalid UTF-8 in column 'first_name' (byte 2 of the field); save the "
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

TEST_CASE("the header is resolved once, in file order") {
  std::istringstream in("Email,first name,Connected On\na@x.com,Ada,today\n");
  tc::ColumnMapping mapping;
  mapping.add("Connected On=", "--map", 1);
  tc::CsvReader reader(in, "people.csv", mapping);
  tc::InputRecord record;
  REQUIRE(reader.next(record));
  CHECK(reader.fields() == std::vector<tc::Field>{tc::Field::Emails, tc::Field::FirstName, tc::Field::Ignore});
}

TEST_CASE("list cells split on ';' ',' '|' and line breaks; phones, locations and files keep their commas") {
  const Outcome outcome = read_text(
      "emails,phones,tags,links,lever.sources,lever.followers,locations,attachments\n"
      "\"a@x.com, b@x.com\nc@x.com\",\"+1 (555) 010-0199, ext. 2 | +44 20 7946 0000\",\"rust, compilers|c++\","
      "https://a.example;https://b.example,Referral | Career fair,r@x.com,\"Uppsala, Sweden; Paris\","
      "\"https://h.example/Lovelace, Ada.pdf\"\n");
  REQUIRE(outcome.records.size() == 1);
  CHECK(outcome.records[0] == R"({"emails":[{"email":"a@x.com"},{"email":"b@x.com"},{"email":"c@x.com"}],)"
                              R"("phones":[{"number":"+1 (555) 010-0199, ext. 2"},{"number":"+44 20 7946 0000"}],)"
                              R"("tags":["rust","compilers","c++"],"links":["https://a.example","https://b.example"],)"
                              R"("locations":["Uppsala, Sweden","Paris"],"attachments":[{"id":"Lovelace, Ada.pdf",)"
                              R"("file_name":"Lovelace, Ada.pdf","file_url":"https://h.example/Lovelace, Ada.pdf"}],)"
                              R"("lever":{"sources":["Referral","Career fair"],"followers":["r@x.com"]}})");
}

TEST_CASE("the delimiter is sniffed from the header line, or given; quoted delimiters stay in their cell") {
  Outcome semicolons = read_text("Vorname;Nachname;Firma\r\nJürgen;Müller;\"Müller; Söhne\"\r\n");
  REQUIRE(semicolons.records.size() == 1);
  CHECK(semicolons.records[0] == R"({"first_name":"Jürgen","last_name":"Müller","company":"Müller; Söhne"})");
  Outcome pipes = read_text("first_name|last_name|tags\nAda|Lovelace|\"a|b\"\n");
  REQUIRE(pipes.records.size() == 1);
  CHECK(pipes.records[0] == R"({"first_name":"Ada","last_name":"Lovelace","tags":["a","b"]})");
  // Given: the header is split with it, even where another character is more frequent.
  std::istringstream in("first_name;nick,name;x\nAda;A,L;y\n");
  tc::RecordReader reader(in, tc::InputFormat::Csv, "people.csv");
  tc::ColumnMapping mapping;
  mapping.add("first_name;nick=first_name", "--map", 1);
  mapping.add("name;x=", "--map", 1);
  reader.set_column_mapping(mapping);
  reader.set_delimiter(',');
  tc::InputRecord record;
  REQUIRE(reader.next(record));
  CHECK(tc::to_json(record.doc) == R"({"first_name":"Ada;A"})");
  // A TSV read with ',' (given): the --delimiter advice, not a --map line for the whole line.
  std::istringstream tsv("First Name\tLast Name\tEmail\nAda\tLovelace\tada@x.com\n");
  tc::RecordReader comma(tsv, tc::InputFormat::Csv, "people.tsv");
  comma.set_delimiter(',');
  try {
    comma.next(record);
    FAIL("nothing thrown");
  } catch (const tc::Error& e) {
    CHECK(contains(e.what(), "this looks like a TAB-separated file: pass --delimiter tab"));
    CHECK_FALSE(contains(e.what(), "--map"));
  }
}

TEST_CASE("exports as they come: a European Excel save (Windows-1252, ';', German headers, trailing empty columns)") {
  std::ifstream in(source_dir() + "/tests/data/exports/excel-european.csv", std::ios::binary);
  REQUIRE(in.is_open());
  tc::RecordReader reader(in, tc::InputFormat::Auto, "excel-european.csv");
  std::vector<std::string> notices;
  reader.set_notice_sink([&](std::string_view notice) { notices.emplace_back(notice); });
  std::vector<std::string> records;
  tc::InputRecord record;
  while (reader.next(record))
    records.push_back(record.error ? "ERROR: " + record.error->message : tc::to_json(record.doc));
  REQUIRE(records.size() == 3);
  CHECK(records[0] ==
        R"({"first_name":"Jürgen","last_name":"Müller","emails":[{"email":"juergen.mueller@example.de"}],)"
        R"("phones":[{"number":"+49 30 1234567"}],"company":"Bäckerei Müller GmbH","locations":["München"],)"
        R"("tags":["excel-eu","deutsch"],"lever":{"notes":[{"text":"Gehaltsvorstellung 60.000 € – verhandelbar"}]}})");
  CHECK(records[1] ==
        R"({"first_name":"Zoë","last_name":"Dupré","emails":[{"email":"zoe.dupre@example.fr"}],)"
        R"("phones":[{"number":"+33 1 23 45 67 89"},{"number":"+33 6 12 34 56 78"}],"company":"Société Générale; )"
        R"(Paris","locations":["Paris"],"tags":["excel-eu"]})");
  CHECK(records[2] ==
        R"({"first_name":"Renée","last_name":"Østergård","emails":[{"email":"renee.ostergard@example.dk"}],)"
        R"("locations":["Århus"],"tags":["excel-eu"]})");
  REQUIRE(notices.size() == 2);
  CHECK(contains(notices[0], "columns 9 and 10 of the header have no name and are ignored"));
  CHECK(contains(notices[1], "excel-european.csv is not UTF-8 and has no byte-order mark: read as Windows-1252"));
  REQUIRE(reader.csv() != nullptr);
  CHECK(reader.csv()->delimiter() == ';');
}

TEST_CASE("exports as they come: Excel's Unicode text (UTF-16 LE, TAB), a TSV, an ATS export with Job title") {
  std::ifstream unicode(source_dir() + "/tests/data/exports/unicode-text.txt", std::ios::binary);
  REQUIRE(unicode.is_open());
  tc::RecordReader reader(unicode, tc::InputFormat::Auto, "unicode-text.txt");
  std::vector<std::string> records;
  tc::InputRecord record;
  while (reader.next(record))
    records.push_back(record.error ? "ERROR: " + record.error->message : tc::to_json(record.doc));
  REQUIRE(records.size() == 3);
  CHECK(records[0] == R"({"first_name":"Łukasz","last_name":"Nowak","emails":[{"email":"lukasz.nowak@example.pl"}],)"
                      R"("phones":[{"number":"+48 12 345 67 89"}],"company":"Fabryka Łodzi","locations":["Kraków"],)"
                      R"("tags":["unicode-text","polish"]})");
  CHECK(contains(records[1], R"("company":"Škoda, a.s.")"));
  CHECK(contains(records[2], R"("last_name":"山田")"));
  CHECK(contains(records[2], R"("tags":["unicode-text","🎮"])"));
  CHECK(reader.csv()->delimiter() == '\t');

  const Outcome tsv = read_export("people.tsv");
  REQUIRE(tsv.records.size() == 2);
  CHECK(tsv.records[0] == R"({"first_name":"Alan","last_name":"Turing","emails":[{"email":"alan.turing@example.org"},)"
                          R"({"email":"alan@bletchley.example"}],"phones":[{"number":"+44 161 555 0100, ext. 7"}],)"
                          R"("links":["https://www.linkedin.com/in/alan-turing"],"tags":["rust","compilers","tsv"]})");
  CHECK(contains(tsv.records[1], R"("phones":[{"number":"+1 650 555 0100"},{"number":"+1 650 555 0101"}])"));

  const Outcome ats = read_export("ats-export.csv");
  CHECK(ats.records.empty());
  CHECK(contains(ats.thrown, "ambiguous column 'Job title' (column 4)"));
  tc::ColumnMapping ignore_job;
  ignore_job.add("Job title=", "--map", 1);
  const Outcome mapped = read_export("ats-export.csv", ignore_job);
  REQUIRE(mapped.records.size() == 2);
  CHECK(mapped.records[0] ==
        R"({"name":"Grace Hopper","emails":[{"email":"grace.hopper@ats.example"}],"phones":[{"number":"+1 202 555 )"
        R"(0142"}],"tags":["ats-export"],"lever":{"sources":["Referral"]}})");
}

TEST_CASE("messages name the decoded header: a Windows-1252 header's --map line works when pasted") {
  const Outcome outcome = read_text("Pr\xE9nom;Soci\xE9t\xE9 m\xE8re\nZo\xEB;X\n");
  CHECK(outcome.thrown ==
        "people.csv line 1: unknown column 'Société mère' (column 2): did you mean company? --map 'Société "
        "mère=company' (or --map 'Société mère=' to ignore it)");
  tc::ColumnMapping pasted;
  pasted.add("--map 'Société mère=company'", "--map", 1);
  const Outcome fixed = read_text("Pr\xE9nom;Soci\xE9t\xE9 m\xE8re\nZo\xEB;X\n", pasted);
  REQUIRE(fixed.records.size() == 1);
  CHECK(fixed.records[0] == R"({"first_name":"Zoë","company":"X"})");
}
