// The --journal file (core/run/journal.hpp, ARCHITECTURE.md §5, docs/lever-contract.md §5): line format, reload, torn
// last lines, keys (SHA-256, and the FNV keys of journals written before it).
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "core/run/journal.hpp"
#include "core/util/error.hpp"
#include "core/util/json_util.hpp"
#include "source_dir.hpp"

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
  CHECK(std::regex_match(journal_key(a, target()), std::regex("[0-9a-f]{64}")));
  CHECK(legacy_fnv_journal_key(a, target()) == legacy_fnv_journal_key(b, target()));
  CHECK(legacy_fnv_journal_key(a, target()) != legacy_fnv_journal_key(c, target()));
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

TEST_CASE("journal_key: a record naming its own posting is keyed on it, whatever --job-id the run has") {
  const auto on_post2 = doc(R"({"first_name":"Ada","job_id":"post2"})");
  const auto on_post3 = doc(R"({"first_name":"Ada","job_id":"post3"})");
  CHECK(journal_key(on_post2, target("post1")) == journal_key(on_post2, target("post9")));
  CHECK(journal_key(on_post2, target("post1")) == journal_key(on_post2, target("")));
  CHECK(journal_key(on_post2, target("post1")) != journal_key(on_post3, target("post1")));
  CHECK(legacy_fnv_journal_key(on_post2, target("post1")) == legacy_fnv_journal_key(on_post2, target("post9")));
  // printf 'lever\npost2\nlead\n\n{"first_name":"Ada","job_id":"post2"}' | sha256sum
  CHECK(journal_key(on_post2, target("post1")) == "bd2885f27d8f6c9f3c55baa88e79a5db0d6344ca4a0c960ee1bbac8c51cd368c");
}

TEST_CASE("journal_key is the SHA-256 of the target and the canonical record (known answer)") {
  // printf 'lever\npost1\nlead\n\n{"emails":[{"email":"a@x","type":"work"}],"first_name":"Ada","tags":["x","y"]}'
  //   | sha256sum
  const auto a = doc(R"({"tags":["x","y"],"first_name":"Ada","emails":[{"type":"work","email":"a@x"}]})");
  CHECK(journal_key(a, target()) == "3c185a94a2cab780e270a3919d0657e343cc760699cb9f02800ece6c781d4e48");
}

namespace {

// tests/fixtures/journal-v1.ndjson was written by the journal of the FNV era for these records and
// target(): 0 created (opp-legacy-0), 1 and 2 left started, 3 failed.
const char* const kLegacyRecords[] = {
    R"({"n":0,"emails":[{"email":"a@x.com"}]})",
    R"({"n":1,"emails":[{"email":"b@x.com"}],"exists":true})",
    R"({"n":2,"emails":[{"email":"c@x.com"}]})",
    R"({"n":3,"emails":[{"email":"d@x.com"}]})",
};

void copy_legacy_fixture(const std::string& to) {
  std::ifstream in(source_dir() + "/tests/fixtures/journal-v1.ndjson");
  REQUIRE(in);
  std::ofstream out(to);
  out << in.rdbuf();
}

}  // namespace

TEST_CASE("legacy_fnv_journal_key reproduces the keys of journals written before SHA-256") {
  const auto lines = lines_of(source_dir() + "/tests/fixtures/journal-v1.ndjson");
  REQUIRE(lines.size() == 6);
  for (size_t i = 0; i < 4; ++i) {
    CAPTURE(i);
    const std::string key = legacy_fnv_journal_key(doc(kLegacyRecords[i]), target());
    CHECK(std::regex_match(key, std::regex("[0-9a-f]{32}")));
    CHECK(get_string(doc(lines[i]), "key") == key);  // the first four lines start records 0..3
  }
  CHECK(legacy_fnv_journal_key(doc(kLegacyRecords[0]), target()) == "42cdc1d66321f909e63d48da0a8a50d0");
}

TEST_CASE("a journal written before SHA-256 is read: records are found under their legacy key") {
  TempPath tmp;
  copy_legacy_fixture(tmp.path);
  Journal j(tmp.path);

  const JournalLookup created = j.find_record(doc(kLegacyRecords[0]), target());
  CHECK(created.key == journal_key(doc(kLegacyRecords[0]), target()));  // new lines go under the SHA-256 key
  CHECK(created.key.size() == 64);
  CHECK(created.under_legacy_key);
  REQUIRE(created.entry.has_value());
  CHECK(created.entry->state == JournalEntry::State::Created);
  CHECK(created.entry->id == "opp-legacy-0");

  const JournalLookup started = j.find_record(doc(kLegacyRecords[1]), target());
  REQUIRE(started.entry.has_value());
  CHECK(started.entry->state == JournalEntry::State::Started);
  CHECK(started.entry->started_ms == 1700000000100);
  CHECK(j.find_record(doc(kLegacyRecords[3]), target()).entry->state == JournalEntry::State::Failed);

  // Another target is another record: nothing under either key.
  const JournalLookup elsewhere = j.find_record(doc(kLegacyRecords[0]), target("post2"));
  CHECK_FALSE(elsewhere.entry.has_value());
  CHECK_FALSE(elsewhere.under_legacy_key);

  // Once a line is written under the SHA-256 key, it is the one found, also after a reload.
  j.record_created(started.key, 1, "opp-1", 1700000005000);
  const JournalLookup after = j.find_record(doc(kLegacyRecords[1]), target());
  CHECK_FALSE(after.under_legacy_key);
  CHECK(after.entry->state == JournalEntry::State::Created);
  Journal reloaded(tmp.path);
  const JournalLookup again = reloaded.find_record(doc(kLegacyRecords[1]), target());
  CHECK_FALSE(again.under_legacy_key);
  REQUIRE(again.entry.has_value());
  CHECK(again.entry->id == "opp-1");
  const auto lines = lines_of(tmp.path);
  REQUIRE(lines.size() == 7);
  CHECK(get_string(doc(lines[6]), "key") == started.key);
}

TEST_CASE("an unwritable journal path is NoInput") {
  try {
    Journal j("/nonexistent-dir-tc/journal.ndjson");
    FAIL("opened");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::NoInput);
  }
}
