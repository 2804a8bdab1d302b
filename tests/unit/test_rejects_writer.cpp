// --rejects (core/run/rejects_writer.hpp, ARCHITECTURE.md §5): rejected records written back in the input's own
// format — CSV rows byte for byte with an error cell, JSON records one per line with an `error` member — and the
// raw record text the readers hand over for it.
#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/input/csv_reader.hpp"
#include "core/input/record_reader.hpp"
#include "core/run/record_runner.hpp"
#include "core/run/rejects_writer.hpp"
#include "core/util/error.hpp"

using namespace tc;

namespace {

std::string temp_path() {
  char t[] = "/tmp/tc-rejects-XXXXXX";
  const int fd = ::mkstemp(t);
  REQUIRE(fd >= 0);
  ::close(fd);
  return t;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

bool exists(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0;
}

// Reads every record of `input` and rejects the ones whose 0-based index is in `rejected` (failed, with
// `message`), the way the runner hands results over: in order, with the record's raw text.
std::string reject(const std::string& input, InputFormat format, const std::vector<size_t>& rejected,
                   const std::string& message = "bad e-mail") {
  const std::string path = temp_path();
  std::istringstream in(input);
  RecordReader reader(in, format, "test");
  {
    RejectsWriter writer(path, reader);
    InputRecord record;
    while (reader.next(record)) {
      RecordResult r;
      r.index = record.index;
      r.line = record.line;
      bool is_rejected = false;
      for (size_t i : rejected) is_rejected = is_rejected || i == record.index;
      r.status = is_rejected ? RecordStatus::Failed : RecordStatus::Created;
      r.error_kind = ErrorKind::InvalidInput;
      r.message = message;
      r.raw = record.raw;
      writer.write(r);
    }
    CHECK(writer.written() == rejected.size());
  }
  const std::string text = exists(path) ? slurp(path) : std::string("<absent>");
  ::unlink(path.c_str());
  return text;
}

}  // namespace

TEST_CASE("CSV readers hand over each row's own text, without its line end") {
  std::istringstream in(
      "\xEF\xBB\xBF"
      "first_name,emails\r\n\"Ada, Countess\",ada@x.com\r\n\r\nBob,\"b@x.com\nc@x.com\"\r\n");
  RecordReader reader(in, InputFormat::Csv, "test");
  InputRecord r;
  REQUIRE(reader.next(r));
  CHECK(r.raw == "\"Ada, Countess\",ada@x.com");
  REQUIRE(reader.next(r));
  CHECK(r.raw == "Bob,\"b@x.com\nc@x.com\"");
  REQUIRE(reader.csv() != nullptr);
  CHECK(reader.csv()->header_text() == "first_name,emails\r\n");
  CHECK(reader.csv()->had_bom());
}

TEST_CASE("JSON readers hand over each record's own text") {
  std::istringstream in("[\n  {\"first_name\": \"Ada\"},\n  {\"first_name\": NaN}\n]\n");
  RecordReader reader(in, InputFormat::Auto, "test");
  InputRecord r;
  REQUIRE(reader.next(r));
  CHECK(r.raw == "{\"first_name\": \"Ada\"}");
  REQUIRE(reader.next(r));
  CHECK(r.error.has_value());
  CHECK(r.raw == "{\"first_name\": NaN}");
}

TEST_CASE("CSV rejects: the original header and rows byte for byte, plus an error column") {
  const std::string input =
      "First Name , emails,tags\n"
      "Ada,ada@x.com,a\n"
      "\"Bob \"\"the\"\" Builder\",  bob@x ,\"x;y\"\n"
      "Cy,\"cy@x.com\n(second line)\",z\n";
  const std::string out = reject(input, InputFormat::Csv, {1, 2}, "record 2 (line 3) is invalid: \"bob@x\"");
  CHECK(out ==
        "First Name , emails,tags,error\n"
        "\"Bob \"\"the\"\" Builder\",  bob@x ,\"x;y\",\"record 2 (line 3) is invalid: \"\"bob@x\"\"\"\n"
        "Cy,\"cy@x.com\n(second line)\",z,\"record 2 (line 3) is invalid: \"\"bob@x\"\"\"\n");
}

TEST_CASE("CSV rejects keep CRLF line ends and the byte-order mark") {
  const std::string out = reject(
      "\xEF\xBB\xBF"
      "first_name,emails\r\nAda,ada@x\r\nBob,bob@x.com\r\n",
      InputFormat::Csv, {0});
  CHECK(out ==
        "\xEF\xBB\xBF"
        "first_name,emails,error\r\nAda,ada@x,\"bad e-mail\"\r\n");
}

TEST_CASE("a rejects file fed back and rejected again: its error column is replaced, not repeated") {
  const std::string input = "first_name,error,emails\nAda,\"old, stale\",ada@x\n";
  const std::string out = reject(input, InputFormat::Csv, {0}, "still bad");
  CHECK(out == "first_name,error,emails\nAda,\"still bad\",ada@x\n");
}

TEST_CASE("CSV rejects: a ragged row keeps its text; the error goes last") {
  const std::string out = reject("first_name,emails\nAda\n", InputFormat::Csv, {0}, "1 field");
  CHECK(out == "first_name,emails,error\nAda,\"1 field\"\n");
}

TEST_CASE("nothing rejected: no rejects file, and a stale one from an earlier run is removed") {
  CHECK(reject("first_name\nAda\n", InputFormat::Csv, {}) == "<absent>");
  const std::string path = temp_path();
  std::ofstream(path) << "stale";
  std::istringstream in("{}");
  RecordReader reader(in, InputFormat::Auto, "test");
  { RejectsWriter writer(path, reader); }
  CHECK_FALSE(exists(path));
}

TEST_CASE("NDJSON rejects: the record as read, one per line, with an error member replacing any it had") {
  const std::string input =
      "{\"first_name\":\"Ada\",\"emails\":[{\"email\":\"ada@x\"}]}\n"
      "{\"first_name\":\"Bob\"}\n"
      "{\"last_name\":\"Cy\",\"error\":\"from an earlier run\"}\n";
  const std::string out = reject(input, InputFormat::Ndjson, {0, 2});
  CHECK(out ==
        "{\"first_name\":\"Ada\",\"emails\":[{\"email\":\"ada@x\"}],"
        "\"error\":{\"code\":\"invalid_input\",\"message\":\"bad e-mail\",\"pointer\":\"\"}}\n"
        "{\"last_name\":\"Cy\",\"error\":{\"code\":\"invalid_input\",\"message\":\"bad e-mail\",\"pointer\":\"\"}}\n");
}

TEST_CASE("JSON array rejects: a pretty-printed record becomes one line; an unreadable one keeps its text") {
  const std::string input = "[\n {\n  \"first_name\": \"Ada\"\n },\n {\"first_name\": NaN}\n]";
  const std::string out = reject(input, InputFormat::Auto, {0, 1});
  CHECK(out ==
        "{\"first_name\":\"Ada\",\"error\":{\"code\":\"invalid_input\",\"message\":\"bad e-mail\",\"pointer\":\"\"}}\n"
        "{\"record_text\":\"{\\\"first_name\\\": NaN}\","
        "\"error\":{\"code\":\"invalid_input\",\"message\":\"bad e-mail\",\"pointer\":\"\"}}\n");
}

TEST_CASE("rejection_text: the message, the problems it does not already say, the hint") {
  RecordResult r;
  r.status = RecordStatus::Failed;
  r.message = "record 3 (line 4) is invalid (2 problems)";
  r.problems = {{"/emails/0/email", "not an e-mail address"}, {"", "needs a name or an e-mail"}};
  r.hint = "fix the cells";
  CHECK(rejection_text(r) ==
        "record 3 (line 4) is invalid (2 problems); /emails/0/email: not an e-mail address; (record): needs a name or "
        "an e-mail (hint: fix the cells)");
  RecordResult one;
  one.message = "record 1 (line 2) is invalid: /emails/0/email: not an e-mail address";
  one.problems = {{"/emails/0/email", "not an e-mail address"}};
  CHECK(rejection_text(one) == one.message);
}

TEST_CASE("which statuses are rejected") {
  CHECK(is_rejected(RecordStatus::Failed));
  CHECK(is_rejected(RecordStatus::Unknown));
  CHECK(is_rejected(RecordStatus::NotAttempted));
  for (RecordStatus done : {RecordStatus::Created, RecordStatus::Existing, RecordStatus::Merged, RecordStatus::Skipped,
                            RecordStatus::Blank})
    CHECK_FALSE(is_rejected(done));
}
