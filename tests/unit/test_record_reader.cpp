// RecordReader: JSON array / NDJSON / pretty / concatenated input, the BOM, every hostile input of
// tests/corpus/json/ (plus generated giants), the caps, and streaming.
#include "core/input/csv_reader.hpp"
#include "core/input/record_reader.hpp"
#include "core/util/json_util.hpp"
#include "source_dir.hpp"

#include <doctest/doctest.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>
#include <sys/resource.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

// What a whole input reads as: each record as compact JSON or "ERROR: message", its line, and how
// reading ended ("" or the tc::Error message).
struct Outcome {
  std::vector<std::string> records;
  std::vector<std::size_t> lines;
  std::string thrown;
  bool multi_after_first = false;
  bool multi = false;
  bool ok(std::size_t i) const { return i < records.size() && records[i].rfind("ERROR: ", 0) != 0; }
};

Outcome read_stream(std::istream& in, tc::InputFormat format, const std::string& source) {
  Outcome outcome;
  tc::RecordReader reader(in, format, source);
  tc::InputRecord record;
  try {
    while (reader.next(record)) {
      CHECK(record.index == outcome.records.size());
      if (record.error) {
        CHECK(record.error->pointer.empty());
        CHECK(record.doc.IsNull());
        outcome.records.push_back("ERROR: " + record.error->message);
      } else {
        CHECK(record.doc.IsObject());
        outcome.records.push_back(tc::to_json(record.doc));
      }
      outcome.lines.push_back(record.line);
      if (outcome.records.size() == 1) outcome.multi_after_first = reader.is_multi();
    }
  } catch (const tc::Error& e) {  // anything else escaping fails the test case
    CHECK(e.kind() == tc::ErrorKind::InvalidInput);
    outcome.thrown = e.what();
  }
  outcome.multi = reader.is_multi();
  return outcome;
}

Outcome read_text(const std::string& text, tc::InputFormat format = tc::InputFormat::Auto) {
  std::istringstream in(text);
  return read_stream(in, format, "input.json");
}

Outcome read_corpus(const std::string& name, tc::InputFormat format = tc::InputFormat::Auto) {
  const std::string path = source_dir() + "/tests/corpus/json/" + name;
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.is_open());
  return read_stream(in, format, name);
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Generates `prefix`, `count` copies of `fill`, then `suffix`, without ever holding the whole input:
// the giant inputs of the tests must not be allocated by the tests either.
class GeneratedInput : public std::streambuf {
 public:
  GeneratedInput(std::string prefix, char fill, std::size_t count, std::string suffix)
      : prefix_(std::move(prefix)), fill_(fill), count_(count), suffix_(std::move(suffix)) {}
  std::size_t produced() const { return produced_; }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    std::size_t n = 0;
    while (n < sizeof chunk_) {
      if (position_ < prefix_.size()) {
        chunk_[n++] = prefix_[position_++];
      } else if (position_ < prefix_.size() + count_) {
        const std::size_t run = std::min(sizeof chunk_ - n, prefix_.size() + count_ - position_);
        std::memset(chunk_ + n, fill_, run);
        n += run;
        position_ += run;
      } else if (position_ < prefix_.size() + count_ + suffix_.size()) {
        chunk_[n++] = suffix_[position_ - prefix_.size() - count_];
        ++position_;
      } else {
        break;
      }
    }
    if (n == 0) return traits_type::eof();
    produced_ += n;
    setg(chunk_, chunk_, chunk_ + n);
    return traits_type::to_int_type(chunk_[0]);
  }

 private:
  std::string prefix_;
  char fill_;
  std::size_t count_;
  std::string suffix_;
  std::size_t position_ = 0;
  std::size_t produced_ = 0;
  char chunk_[64 * 1024];
};

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

}  // namespace

// Runs first (doctest keeps file order): the peak-RSS check is only meaningful before other cases grow it.
// (How fast is the benchmark's to say, not a unit test's: under ASan on a loaded machine this took 11 s.)
TEST_CASE("a 60 MB string is refused without buffering it, and reading goes on") {
  const std::size_t sixty_mb = 60u * 1024 * 1024;
  const long rss_before = peak_rss_kib();
  const auto started = std::chrono::steady_clock::now();
  GeneratedInput generated("{\"first_name\":\"Ada\"}\n{\"resume\":\"", 'a', sixty_mb, "\"}\n{\"first_name\":\"Cy\"}\n");
  std::istream in(&generated);
  const Outcome outcome = read_stream(in, tc::InputFormat::Auto, "big.ndjson");
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const long rss_growth_kib = peak_rss_kib() - rss_before;

  REQUIRE(outcome.records.size() == 3);
  CHECK(outcome.thrown.empty());
  CHECK(outcome.ok(0));
  CHECK(outcome.records[1] == "ERROR: record 2 (big.ndjson line 2) is larger than 1 MiB, the limit for one record");
  CHECK(outcome.records[2] == R"({"first_name":"Cy"})");
  CHECK(outcome.lines[2] == 3);
  CHECK(generated.produced() > sixty_mb);
  CHECK(rss_growth_kib < 16 * 1024);  // the cap (1 MiB) plus buffers, never the 60 MB
  MESSAGE("60 MB string: " << seconds << " s, peak RSS growth " << rss_growth_kib << " KiB");
}

TEST_CASE("a 60 MB string inside an array element or a single object") {
  const std::size_t sixty_mb = 60u * 1024 * 1024;
  SUBCASE("array: the element is an error record, the next element is read") {
    GeneratedInput generated("[{\"first_name\":\"", 'x', sixty_mb, "\"},\n{\"first_name\":\"Bob\"}]");
    std::istream in(&generated);
    const Outcome outcome = read_stream(in, tc::InputFormat::Auto, "big.json");
    REQUIRE(outcome.records.size() == 2);
    CHECK(contains(outcome.records[0], "record 1 (big.json line 1) is larger than 1 MiB"));
    CHECK(outcome.records[1] == R"({"first_name":"Bob"})");
    CHECK(outcome.lines[1] == 2);
    CHECK(outcome.thrown.empty());
  }
  SUBCASE("an unterminated giant string: too large, then the input ends") {
    GeneratedInput generated("{\"first_name\":\"", 'x', sixty_mb, "");
    std::istream in(&generated);
    const Outcome outcome = read_stream(in, tc::InputFormat::Auto, "big.json");
    REQUIRE(outcome.records.size() == 1);
    CHECK(contains(outcome.records[0], "larger than 1 MiB"));
  }
}

TEST_CASE("a record just under the cap is read; one byte more is refused") {
  const std::string head = "{\"resume\":\"", tail = "\"}";
  const std::string at_cap = head + std::string(tc::kMaxRecordBytes - head.size() - tail.size(), 'r') + tail;
  REQUIRE(at_cap.size() == tc::kMaxRecordBytes);
  const Outcome fits = read_text(at_cap + "\n");
  REQUIRE(fits.records.size() == 1);
  CHECK(fits.ok(0));
  const Outcome over = read_text(head + "r" + at_cap.substr(head.size()) + "\n");
  REQUIRE(over.records.size() == 1);
  CHECK(contains(over.records[0], "larger than 1 MiB"));
}

TEST_CASE("300,000-deep nesting is refused cleanly and fast, with no recursion") {
  const std::size_t depth = 300000;
  const auto started = std::chrono::steady_clock::now();
  SUBCASE("balanced arrays on an NDJSON line; the next line is still read") {
    const std::string deep = "{\"a\":" + std::string(depth, '[') + std::string(depth, ']') + "}";
    const Outcome outcome = read_text("{\"first_name\":\"Ada\"}\n" + deep + "\n{\"first_name\":\"Cy\"}\n");
    REQUIRE(outcome.records.size() == 3);
    CHECK(outcome.records[1] ==
          "ERROR: record 2 (input.json line 2, column 69) is nested more than 64 levels deep, the limit for one "
          "record");
    CHECK(outcome.ok(2));
  }
  SUBCASE("unbalanced objects, the input ends inside") {
    std::string deep;
    for (std::size_t i = 0; i < depth; ++i) deep += "{\"a\":";
    const Outcome outcome = read_text(deep);
    REQUIRE(outcome.records.size() == 1);
    CHECK(contains(outcome.records[0], "nested more than 64 levels deep"));
    CHECK(contains(outcome.records[0], "line 1, column 321"));
  }
  SUBCASE("inside an array, unbalanced: the element fails, then the unclosed array throws") {
    const Outcome outcome = read_text("[" + std::string(depth, '['));
    REQUIRE(outcome.records.size() == 1);
    CHECK(contains(outcome.records[0], "nested more than 64 levels deep"));
    CHECK(contains(outcome.thrown, "input.json line 1, column 1: the array starting here is never closed"));
  }
  SUBCASE("exactly 64 levels is fine, 65 is not") {
    std::string ok = "{\"a\":" + std::string(63, '[') + std::string(63, ']') + "}";
    std::string too_deep = "{\"a\":" + std::string(64, '[') + std::string(64, ']') + "}";
    const Outcome outcome = read_text(ok + "\n" + too_deep + "\n");
    REQUIRE(outcome.records.size() == 2);
    CHECK(outcome.ok(0));
    CHECK(contains(outcome.records[1], "nested more than 64 levels deep"));
  }
  CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() < 5.0);
}

TEST_CASE("an array of 200,000 small objects streams one record at a time") {
  const std::size_t count = 200000;
  std::string text = "[\n";
  for (std::size_t i = 0; i < count; ++i) text += "{\"first_name\":\"P" + std::to_string(i) + "\"},\n";
  text.resize(text.size() - 2);
  text += "\n]\n";
  std::istringstream in(text);
  tc::RecordReader reader(in, tc::InputFormat::Auto, "many.json");
  tc::InputRecord record;
  std::size_t seen = 0, errors = 0, last_line = 0;
  std::string last_name;
  while (reader.next(record)) {
    errors += record.error ? 1 : 0;
    CHECK_EQ(record.index, seen);
    ++seen;
    last_line = record.line;
    if (seen == count) last_name = record.doc["first_name"].GetString();
  }
  CHECK(seen == count);
  CHECK(errors == 0);
  CHECK(last_line == count + 1);
  CHECK(last_name == "P199999");
  CHECK(reader.is_multi());
}

TEST_CASE("layouts: array, NDJSON, pretty single object, concatenated objects") {
  SUBCASE("array with a BOM") {
    const Outcome outcome = read_corpus("bom_array.json");
    REQUIRE(outcome.records.size() == 2);
    CHECK(outcome.records[1] == R"({"first_name":"Bob"})");
    CHECK(outcome.multi_after_first);
  }
  SUBCASE("NDJSON with a BOM, CRLF and blank lines") {
    const Outcome outcome = read_corpus("bom_crlf.ndjson");
    REQUIRE(outcome.records.size() == 2);
    CHECK(outcome.records[0] == R"({"first_name":"Ada"})");
    CHECK(outcome.records[1] == R"({"first_name":"Bob"})");
    CHECK(outcome.lines == std::vector<std::size_t>{1, 3});
    CHECK(outcome.multi_after_first);
  }
  SUBCASE("one pretty-printed object is a single record") {
    const Outcome outcome = read_corpus("pretty.json");
    REQUIRE(outcome.records.size() == 1);
    CHECK(outcome.records[0] == R"({"first_name":"Ada","emails":[{"email":"ada@example.com"}]})");
    CHECK_FALSE(outcome.multi_after_first);
    CHECK_FALSE(outcome.multi);
  }
  SUBCASE("one-line object with a trailing newline is a single record") {
    const Outcome outcome = read_text("{\"first_name\":\"Ada\"}\r\n\r\n");
    REQUIRE(outcome.records.size() == 1);
    CHECK_FALSE(outcome.multi);
  }
  SUBCASE("concatenated pretty and one-line objects") {
    const Outcome outcome = read_corpus("concatenated.json");
    REQUIRE(outcome.records.size() == 4);
    CHECK(outcome.records[3] == R"({"first_name":"Dee"})");
    CHECK(outcome.lines == std::vector<std::size_t>{1, 4, 6, 6});
    CHECK(outcome.multi_after_first);
  }
  SUBCASE("escapes survive, including \\u0000") {
    const Outcome outcome = read_corpus("escapes.ndjson");
    REQUIRE(outcome.records.size() == 1);
    CHECK(outcome.records[0] == R"({"first_name":"A\u0000da","note":"\"quoted\" \\ back"})");
  }
  SUBCASE("a pipe delivering one byte at a time") {
    std::stringstream pipe;
    pipe << "[{\"a\":1},\n {\"b\":2}]";
    CHECK(read_stream(pipe, tc::InputFormat::Auto, "stdin").records.size() == 2);
  }
}

TEST_CASE("empty inputs yield no records") {
  for (const char* name : {"whitespace_only.json", "bom_only.json", "empty_array.json"}) {
    CAPTURE(name);
    const Outcome outcome = read_corpus(name);
    CHECK(outcome.records.empty());
    CHECK(outcome.thrown.empty());
  }
  CHECK(read_text("").records.empty());
}

TEST_CASE("hostile NDJSON lines become error records with line, column and the problem") {
  SUBCASE("NaN") {
    const Outcome outcome = read_corpus("nan.ndjson");
    REQUIRE(outcome.records.size() == 3);
    CHECK(outcome.records[1] ==
          "ERROR: record 2 (nan.ndjson line 2, column 29): invalid value (NaN, Infinity and a leading '+' are not "
          "JSON)");
    CHECK(outcome.ok(0));
    CHECK(outcome.ok(2));
  }
  SUBCASE("-Infinity in a single object") {
    const Outcome outcome = read_corpus("infinity.json");
    REQUIRE(outcome.records.size() == 1);
    CHECK(contains(outcome.records[0], "infinity.json line 1, column 30"));
    CHECK(contains(outcome.records[0], "NaN, Infinity"));
  }
  SUBCASE("1e999") {
    const Outcome outcome = read_corpus("huge_exponent.ndjson");
    REQUIRE(outcome.records.size() == 3);
    CHECK(contains(outcome.records[1], "record 2 (huge_exponent.ndjson line 2, column"));
    CHECK(contains(outcome.records[1], "number too big"));
    CHECK(outcome.ok(2));
  }
  SUBCASE("invalid UTF-8: a stray byte, an overlong form, an encoded surrogate") {
    const Outcome outcome = read_corpus("invalid_utf8.ndjson");
    REQUIRE(outcome.records.size() == 5);
    for (std::size_t i : {1, 2, 3}) {
      CAPTURE(outcome.records[i]);
      CHECK(contains(outcome.records[i], "line " + std::to_string(i + 1) + ", column"));
      CHECK(contains(outcome.records[i], "invalid UTF-8"));
    }
    CHECK(outcome.ok(4));
  }
  SUBCASE("lone surrogates, high and low; a real pair is fine") {
    const Outcome outcome = read_corpus("lone_surrogate.ndjson");
    REQUIRE(outcome.records.size() == 3);
    CHECK(contains(outcome.records[0], "line 1, column"));
    CHECK(contains(outcome.records[0], "surrogate"));
    CHECK(outcome.records[1] ==
          "ERROR: record 2 (lone_surrogate.ndjson line 2, column 16): lone UTF-16 surrogate escape in a string (a "
          "\\udc00-\\udfff without a preceding \\ud800-\\udbff)");
    CHECK(outcome.records[2] == "{\"first_name\":\"\xF0\x9F\x98\x80\"}");
  }
  SUBCASE("a raw control character in a string") {
    const Outcome outcome = read_corpus("control_char.ndjson");
    REQUIRE(outcome.records.size() == 2);
    CHECK(contains(outcome.records[0], "line 1, column 19): control character U+0009 inside a string"));
    CHECK(outcome.ok(1));
  }
  SUBCASE("top-level values that are not objects") {
    const Outcome outcome = read_corpus("not_object.ndjson");
    REQUIRE(outcome.records.size() == 6);
    CHECK(outcome.records[1] == "ERROR: record 2 (not_object.ndjson line 2) is an array, expected an object");
    CHECK(outcome.records[2] == "ERROR: record 3 (not_object.ndjson line 3) is a string, expected an object");
    CHECK(outcome.records[3] == "ERROR: record 4 (not_object.ndjson line 4) is a number, expected an object");
    CHECK(outcome.records[4] == "ERROR: record 5 (not_object.ndjson line 5) is null, expected an object");
    CHECK(outcome.records[5] == R"({"first_name":"Eve"})");
  }
  SUBCASE("a truncated last line") {
    const Outcome outcome = read_corpus("truncated_last_line.ndjson");
    REQUIRE(outcome.records.size() == 3);
    CHECK(outcome.records[2] ==
          "ERROR: record 3 (truncated_last_line.ndjson line 3, column 18): the input ends inside a string "
          "(truncated JSON)");
  }
  SUBCASE("a line cut short in the middle; the next lines are read") {
    const Outcome outcome = read_text("{\"first_name\":\"Ada\"}\n{\"first_name\":\"Bob\",\n{\"first_name\":\"Cy\"}\n");
    REQUIRE(outcome.records.size() == 3);
    CHECK(contains(outcome.records[1], "record 2 (input.json line 2, column 21): the line ends before the value"));
    CHECK(outcome.records[2] == R"({"first_name":"Cy"})");
  }
  SUBCASE("garbage on a line is one error record; reading goes on at the next line") {
    const Outcome outcome = read_text("{\"a\":1}\nhello world, \"x\n{\"b\":2}\n");
    REQUIRE(outcome.records.size() == 3);
    CHECK(contains(outcome.records[1], "record 2 (input.json line 2, column 1): invalid value"));
    CHECK(outcome.records[2] == R"({"b":2})");
  }
  SUBCASE("Ndjson format: a first line that is an array is an error record") {
    const Outcome outcome = read_text("[{\"a\":1}]\n{\"b\":2}\n", tc::InputFormat::Ndjson);
    REQUIRE(outcome.records.size() == 2);
    CHECK(contains(outcome.records[0], "is an array, expected an object"));
  }
}

TEST_CASE("hostile single objects and arrays") {
  SUBCASE("a trailing comma in an object") {
    const Outcome outcome = read_corpus("trailing_comma_object.json");
    REQUIRE(outcome.records.size() == 1);
    CHECK(contains(outcome.records[0], "record 1 (trailing_comma_object.json line 4, column 1)"));
    CHECK(contains(outcome.records[0], "trailing comma"));
  }
  SUBCASE("a trailing comma in an array element") {
    const Outcome outcome = read_text("{\"tags\":[\"a\",]}");
    REQUIRE(outcome.records.size() == 1);
    CHECK(contains(outcome.records[0], "line 1, column 14"));
    CHECK(contains(outcome.records[0], "trailing comma before ']'"));
  }
  SUBCASE("a trailing comma in the top-level array throws after the good records") {
    const Outcome outcome = read_corpus("trailing_comma_array.json");
    CHECK(outcome.records.size() == 2);
    CHECK(outcome.thrown == "trailing_comma_array.json line 4, column 1: a trailing comma before ']' is not allowed");
  }
  SUBCASE("a missing comma between array elements throws") {
    const Outcome outcome = read_corpus("array_missing_comma.json");
    CHECK(outcome.records.size() == 1);
    CHECK(outcome.thrown == "array_missing_comma.json line 3, column 3: expected ',' or ']' after record 1, found '{'");
  }
  SUBCASE("a truncated pretty object throws, naming where it started and ended") {
    const Outcome outcome = read_corpus("truncated.json");
    CHECK(outcome.records.empty());
    CHECK(contains(outcome.thrown, "truncated.json line 1, column 1: the value starting here is never closed"));
    CHECK(contains(outcome.thrown, "ends at line 4"));
  }
  SUBCASE("array elements that are not objects") {
    const Outcome outcome = read_corpus("array_non_object.json");
    REQUIRE(outcome.records.size() == 4);
    CHECK(outcome.records[1] == "ERROR: record 2 (array_non_object.json line 1) is a string, expected an object");
    CHECK(outcome.records[2] == "ERROR: record 3 (array_non_object.json line 1) is a number, expected an object");
    CHECK(outcome.records[3] == R"({"first_name":"Dee"})");
    CHECK(outcome.thrown.empty());
  }
  SUBCASE("an unclosed array") {
    const Outcome outcome = read_text("[{\"a\":1},\n{\"b\":2}\n");
    CHECK(outcome.records.size() == 2);
    CHECK(contains(outcome.thrown, "input.json line 1, column 1: the array starting here is never closed"));
  }
  SUBCASE("after a throw, next() returns false") {
    std::istringstream in("[{\"a\":1} {\"b\":2}]");
    tc::RecordReader reader(in, tc::InputFormat::Auto, "input.json");
    tc::InputRecord record;
    CHECK(reader.next(record));
    CHECK_THROWS_AS(reader.next(record), tc::Error);
    CHECK_FALSE(reader.next(record));
  }
  SUBCASE("data after the array") {
    const Outcome outcome = read_text("[{\"a\":1}] {\"b\":2}");
    CHECK(outcome.records.size() == 1);
    CHECK(outcome.thrown == "input.json line 1, column 11: unexpected '{' after the array's closing ']'");
  }
  SUBCASE("delimited text given as --input-format json is refused with a hint") {
    std::istringstream in("first_name,email\nAda,ada@example.com\n");
    tc::RecordReader reader(in, tc::InputFormat::Json, "people.txt");
    tc::InputRecord record;
    try {
      reader.next(record);
      FAIL("no error");
    } catch (const tc::Error& e) {
      CHECK(std::string(e.what()) ==
            "people.txt line 1, column 1: the input is not JSON: expected '{' or '[', found 'f'");
      CHECK(contains(e.hint(), "leave out --input-format json"));
    }
  }
  SUBCASE("a bad byte-order mark") {
    CHECK(contains(read_text("\xEF\xBB{}", tc::InputFormat::Json).thrown, "invalid UTF-8 at the start"));
  }
}

TEST_CASE("every corpus file reads without any exception but tc::Error, and errors name a line") {
  const std::filesystem::path corpus = std::filesystem::path(source_dir()) / "tests/corpus/json";
  std::size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(corpus)) {
    for (auto format : {tc::InputFormat::Auto, tc::InputFormat::Json, tc::InputFormat::Ndjson}) {
      std::ifstream in(entry.path(), std::ios::binary);
      const Outcome outcome = read_stream(in, format, entry.path().filename().string());
      for (const auto& record : outcome.records)
        if (record.rfind("ERROR: ", 0) == 0) CHECK_MESSAGE(contains(record, " line "), record);
      if (!outcome.thrown.empty()) CHECK_MESSAGE(contains(outcome.thrown, " line "), outcome.thrown);
    }
    ++files;
  }
  CHECK(files >= 20);
}

TEST_CASE("auto: what does not start with '{' or '[' is delimited text, whatever the name") {
  SUBCASE("a TSV named .txt, after a byte-order mark and blank lines") {
    std::istringstream in("\xEF\xBB\xBF\n\nFirst Name\tEmail\nAda\tada@example.com\n");
    tc::RecordReader reader(in, tc::InputFormat::Auto, "people.txt");
    tc::InputRecord record;
    REQUIRE(reader.next(record));
    REQUIRE_FALSE(record.error);
    CHECK(tc::to_json(record.doc) == R"({"first_name":"Ada","emails":[{"email":"ada@example.com"}]})");
    CHECK(record.line == 4);  // the lines skipped before the header count
    CHECK(reader.csv() != nullptr);
    CHECK(reader.csv()->delimiter() == '\t');
    CHECK(reader.csv()->had_bom());
  }
  SUBCASE("a header starting with a quote is CSV too, not a JSON string") {
    std::istringstream in("\"First Name\",email\nAda,ada@example.com\n");
    tc::RecordReader reader(in, tc::InputFormat::Auto, "export");
    tc::InputRecord record;
    REQUIRE(reader.next(record));
    CHECK(tc::to_json(record.doc) == R"({"first_name":"Ada","emails":[{"email":"ada@example.com"}]})");
  }
  SUBCASE("UTF-16 JSON with a byte-order mark is JSON") {
    const std::u16string json = u"{\"first_name\":\"Zoë\"}";
    std::string bytes = "\xFF\xFE";
    for (char16_t unit : json) {
      bytes.push_back(static_cast<char>(unit & 0xFF));
      bytes.push_back(static_cast<char>(unit >> 8));
    }
    std::istringstream in(bytes);
    tc::RecordReader reader(in, tc::InputFormat::Auto, "people.json");
    tc::InputRecord record;
    REQUIRE(reader.next(record));
    CHECK(tc::to_json(record.doc) == R"({"first_name":"Zoë"})");
  }
  SUBCASE("JSON that is not UTF-8 stays an error record (no Windows-1252 guess)") {
    const Outcome outcome = read_text("{\"first_name\":\"Zo\xEB\"}\n{\"first_name\":\"Bo\"}\n");
    REQUIRE(outcome.records.size() == 2);
    CHECK(contains(outcome.records[0], "invalid UTF-8"));
    CHECK(outcome.records[1] == R"({"first_name":"Bo"})");
  }
}
