// The --journal file (core/run/journal.hpp, ARCHITECTURE.md §5, docs/lever-contract.md §5): line format, reload, torn last lines, keys.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/run/journal.hpp"
#include "core/util/error.hpp"
#include "core/util/json_util.hpp"

using namespace tc;

namespace {

struct TempPath {
  std::string path;
  TempPath() {
    char t[] = "/tmp/tc-journal-XXXXXX";
    const int fd = mkstemp(t);
    REQUIRE(fd >= 0);
    close(fd);
    std::remove(t);  // the journal creates it
    path = t;
  }
  ~TempPath() { std::remove(path.c_str()); }
};

std::vector<std::string> lines_of(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

rapidjson::Document doc(const std::string& text) {
  rapidjson::Document d;
  REQUIRE(parse_json(text, d));
  return d;
}

Target target(const std::string& job = "post1") {
  Target t;
  t.job_id = job;
  return t;
}

}  // namespace

TEST_CASE("each state change is one JSON line with key/state/index/at[/id]") {
  TempPath tmp;
  {
    Journal j(tmp.path);
    j.record_started("k1", 3, 1000);
    j.record_created("k1", 3, "opp-\"1\"", 2000);
    j.record_started("k2", 4, 3000);
    j.record_failed("k2", 4, 4000);
  }
  const auto lines = lines_of(tmp.path);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == R"({"key":"k1","state":"started","index":3,"at":1000})");
  CHECK(lines[1] == R"({"key":"k1","state":"created","index":3,"at":2000,"id":"opp-\"1\""})");
  CHECK(lines[2] == R"({"key":"k2","state":"started","index":4,"at":3000})");
  CHECK(lines[3] == R"({"key":"k2","state":"failed","index":4,"at":4000})");
  for (const auto& line : lines) {
    rapidjson::Document d = doc(line);
    CHECK(d.MemberCount() >= 4);
    for (const auto& m : d.GetObject()) {
      const std::string name = m.name.GetString();
      CHECK((name == "key" || name == "state" || name == "index" || name == "at" || name == "id"));
    }
  }
}

TEST_CASE("reload restores the latest state of each key") {
  TempPath tmp;
  {
    Journal j(tmp.path);
    j.record_started("a", 0, 1000);
    j.record_created("a", 0, "opp-a", 1500);
    j.record_started("b", 1, 2000);
    j.record_started("c", 2, 3000);
    j.record_failed("c", 2, 3500);
    CHECK(j.find("a")->state == JournalEntry::State::Created);
  }
  Journal j(tmp.path);
  REQUIRE(j.find("a").has_value());
  CHECK(j.find("a")->state == JournalEntry::State::Created);
  CHECK(j.find("a")->id == "opp-a");
  CHECK(j.find("b")->state == JournalEntry::State::Started);
  CHECK(j.find("b")->started_ms == 2000);
  CHECK(j.find("c")->state == JournalEntry::State::Failed);
  CHECK_FALSE(j.find("zzz").has_value());
  // A created record stays created whatever comes later.
  j.record_failed("a", 0, 9000);
  CHECK(j.find("a")->state == JournalEntry::State::Created);
}

TEST_CASE("a torn last line is ignored, and appending after it keeps the journal readable") {
  TempPath tmp;
  {
    Journal j(tmp.path);
    j.record_created("a", 0, "opp-a", 1000);
  }
  {
    std::ofstream out(tmp.path, std::ios::app);
    out << R"({"key":"b","state":"crea)";  // killed mid-write
  }
  {
    Journal j(tmp.path);
    CHECK(j.find("a")->id == "opp-a");
    CHECK_FALSE(j.find("b").has_value());
    j.record_created("c", 2, "opp-c", 3000);
  }
  Journal again(tmp.path);  // must not throw on a damaged middle line
  CHECK(again.find("a")->id == "opp-a");
  CHECK(again.find("c")->id == "opp-c");
  for (const auto& line : lines_of(tmp.path)) {
    rapidjson::Document d;
    CHECK(parse_json(line, d));
  }
}

TEST_CASE("a damaged line in the middle is refused") {
  TempPath tmp;
  {
    std::ofstream out(tmp.path);
    out << "not json\n"
        << R"({"key":"a","state":"created","index":0,"at":1,"id":"x"})"
        << "\n";
  }
  CHECK_THROWS_AS(Journal{tmp.path}, Error);
}

TEST_CASE("journal_key: stable under member reordering, different per record and target") {
  const auto a = doc(R"({"first_name":"Ada","emails":[{"email":"a@x","type":"work"}],"tags":["x","y"]})");
  const auto b = doc(R"({"tags":["x","y"],"emails":[{"type":"work","email":"a@x"}],"first_name":"Ada"})");
  const auto c = doc(R"({"tags":["y","x"],"emails":[{"type":"work","email":"a@x"}],"first_name":"Ada"})");
  CHECK(journal_key(a, target()) == journal_key(b, target()));
  CHECK(journal_key(a, target()).size() == 32);
  CHECK(journal_key(a, target()) != journal_key(c, target()));  // array order matters
  CHECK(journal_key(a, target()) != journal_key(a, target("post2")));
  Target applicant = target();
  applicant.source = ApplicationSource::Applicant;
  CHECK(journal_key(a, target()) != journal_key(a, applicant));
  Target truto = target();
  truto.via = Route::Truto;
  truto.integrated_account_id = "ia1";
  CHECK(journal_key(a, target()) != journal_key(a, truto));
}

TEST_CASE("an unwritable journal path is NoInput") {
  try {
    Journal j("/nonexistent-dir-tc/journal.ndjson");
    FAIL("opened");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::NoInput);
  }
}
