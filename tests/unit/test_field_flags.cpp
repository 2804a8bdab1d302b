// Field flags laid over a record (core/input/field_flags.hpp, ARCHITECTURE.md §3).
#include <doctest/doctest.h>

#include <unistd.h>

#include <climits>
#include <cstdlib>
#include <fstream>
#include <string>

#include "core/input/field_flags.hpp"
#include "core/util/error.hpp"
#include "core/util/json_util.hpp"

using namespace tc;

namespace {

rapidjson::Document doc(const std::string& text) {
  rapidjson::Document d;
  REQUIRE(parse_json(text, d));
  return d;
}

std::string applied(const std::string& record, const FieldFlags& flags) {
  rapidjson::Document d = doc(record);
  apply_field_flags(d, flags);
  return to_json(d);
}

}  // namespace

TEST_CASE("split_typed_value: TYPE must match ^[a-z_]+$") {
  using P = std::pair<std::string, std::string>;
  CHECK(split_typed_value("work=a@b") == P{"work", "a@b"});
  CHECK(split_typed_value("Work=a@b") == P{"", "Work=a@b"});
  CHECK(split_typed_value("a=b@c") == P{"a", "b@c"});
  CHECK(split_typed_value("home_phone=+1 555") == P{"home_phone", "+1 555"});
  CHECK(split_typed_value("a@b") == P{"", "a@b"});
  CHECK(split_typed_value("=x") == P{"", "=x"});
  CHECK(split_typed_value("work2=x") == P{"", "work2=x"});
  CHECK(split_typed_value("https://x.com/?a=b") == P{"", "https://x.com/?a=b"});
  CHECK(split_typed_value("linkedin=https://x.com/?a=b") == P{"linkedin", "https://x.com/?a=b"});
}

TEST_CASE("flags replace the fields they give and leave the others alone") {
  FieldFlags f;
  f.first_name = "Grace";
  f.emails = {"work=g@navy.mil", "Grace@home.org"};
  f.phones = {"mobile=+1 555"};
  f.tags = {"a", "b"};
  f.links = {"github=https://github.com/g", "https://g.dev"};
  CHECK(applied(R"({"first_name":"Ada","last_name":"Lovelace","emails":[{"email":"ada@x"}],"tags":["old"]})", f) ==
        R"({"first_name":"Grace","last_name":"Lovelace","emails":[{"email":"g@navy.mil","type":"work"},)"
        R"({"email":"Grace@home.org"}],"tags":["a","b"],"phones":[{"number":"+1 555","type":"mobile"}],)"
        R"("links":[{"url":"https://github.com/g","type":"github"},"https://g.dev"]})");
  CHECK_FALSE(f.any() == false);
  CHECK_FALSE(FieldFlags{}.any());
  CHECK(applied(R"({"first_name":"Ada"})", FieldFlags{}) == R"({"first_name":"Ada"})");
}

TEST_CASE("--resume PATH becomes a file:/// URL of the absolute path, id = file name") {
  char dir_template[] = "/tmp/tc-flags-XXXXXX";
  REQUIRE(mkdtemp(dir_template) != nullptr);
  const std::string dir = dir_template;
  const std::string file = dir + "/my cv.pdf";
  std::ofstream(file) << "%PDF";
  char cwd[PATH_MAX];
  REQUIRE(getcwd(cwd, sizeof cwd) != nullptr);
  REQUIRE(chdir(dir.c_str()) == 0);

  FieldFlags f;
  f.resumes = {"my cv.pdf"};  // relative
  f.attachments = {"https://files.example.com/a/letter.pdf?sig=1"};
  rapidjson::Document d = doc("{}");
  apply_field_flags(d, f);
  REQUIRE(chdir(cwd) == 0);

  char real[PATH_MAX];
  REQUIRE(realpath(dir.c_str(), real) != nullptr);
  const auto& a = d["attachments"];
  REQUIRE(a.Size() == 2);
  CHECK(get_string(a[0], "id") == "my cv.pdf");
  CHECK(get_string(a[0], "file_name") == "my cv.pdf");
  CHECK(get_string(a[0], "type") == "resume");
  CHECK(get_string(a[0], "file_url") == "file://" + std::string(real) + "/my%20cv.pdf");
  CHECK(get_string(a[0], "file_url").rfind("file:///", 0) == 0);
  CHECK(get_string(a[1], "id") == "letter.pdf");
  CHECK(get_string(a[1], "file_url") == "https://files.example.com/a/letter.pdf?sig=1");
  CHECK_FALSE(a[1].HasMember("type"));
  std::remove(file.c_str());
  rmdir(dir.c_str());
}

TEST_CASE("--remote-data must be a JSON object") {
  FieldFlags f;
  f.remote_data = R"({"sources":["referral"]})";
  CHECK(applied("{}", f) == R"({"remote_data":{"sources":["referral"]}})");
  for (const char* bad : {"[1]", "{nope", "\"x\"", ""}) {
    FieldFlags b;
    b.remote_data = bad;
    rapidjson::Document d = doc("{}");
    CAPTURE(bad);
    try {
      apply_field_flags(d, b);
      FAIL("accepted");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::Usage);
    }
  }
}

TEST_CASE("--answer values, arrays included") {
  FieldFlags f;
  f.answers = {"c0ffee/langs=[\"C++\",\"Rust\"]", "fullName=Ada L", "/a/b=x"};
  rapidjson::Document d = doc("{}");
  apply_field_flags(d, f);
  const auto& answers = d["job_form_field_answers"];
  REQUIRE(answers.Size() == 3);
  CHECK(to_json(answers[0]) == R"({"name":"langs","value":["C++","Rust"],"group_id":"c0ffee"})");
  CHECK(get_string(answers[1], "name") == "fullName");
  CHECK(get_string(answers[1], "value") == "Ada L");
  CHECK_FALSE(answers[1].HasMember("group_id"));
  CHECK(get_string(answers[2], "name") == "a/b");
  FieldFlags bad;
  bad.answers = {"novalue"};
  rapidjson::Document d2 = doc("{}");
  CHECK_THROWS_AS(apply_field_flags(d2, bad), Error);
}

TEST_CASE("lever flags on one record: fill record[\"lever\"], replacing what the flags give") {
  FieldFlags flags;
  flags.owner = "riley@example.com";
  flags.followers = {"sam@example.com"};
  flags.stage = "Phone screen";
  flags.sources = {"Career fair 2026"};
  flags.origin = "referred";
  flags.created_at = "2024-03-01T09:00:00Z";
  flags.archive_reason = "Hired";
  flags.notes = {"Met at the booth", "Strong"};
  CHECK(flags.any_batch_wide());
  CHECK_FALSE(flags.any_person());
  CHECK(applied(R"({"first_name":"Ada"})", flags) ==
        R"({"first_name":"Ada","lever":{"owner":"riley@example.com","followers":["sam@example.com"],)"
        R"("stage":"Phone screen","sources":["Career fair 2026"],"origin":"referred",)"
        R"("created_at":"2024-03-01T09:00:00Z","archive_reason":"Hired",)"
        R"("notes":[{"text":"Met at the booth"},{"text":"Strong"}]}})");
  FieldFlags stage_only;
  stage_only.stage = "Offer";
  stage_only.followers = {"kim@example.com"};
  CHECK(applied(R"({"lever":{"stage":"On-site","followers":["sam@example.com"],"origin":"agency"}})", stage_only) ==
        R"({"lever":{"stage":"Offer","followers":["kim@example.com"],"origin":"agency"}})");
  // Something else than an object under "lever" is left for the validator to report.
  CHECK(applied(R"({"lever":5})", stage_only) == R"({"lever":5})");
}

TEST_CASE("batch-wide flags: lists gain what a record lacks, scalars fill only records without one") {
  FieldFlags flags;
  flags.tags = {"import-2026", "Referral"};
  flags.owner = "riley@example.com";
  flags.stage = "Phone screen";
  flags.followers = {"sam@example.com"};
  flags.sources = {"Career fair 2026"};
  flags.notes = {"Imported"};
  auto batch = [&](const std::string& record) {
    rapidjson::Document d = doc(record);
    apply_batch_wide_flags(d, flags);
    return to_json(d);
  };
  CHECK(batch(R"({"first_name":"Ada"})") ==
        R"({"first_name":"Ada","tags":["import-2026","Referral"],"lever":{"owner":"riley@example.com",)"
        R"("followers":["sam@example.com"],"stage":"Phone screen","sources":["Career fair 2026"],)"
        R"("notes":[{"text":"Imported"}]}})");
  // The record's own owner and stage win; its lists keep their items and gain the missing ones (case
  // ignored: "referral" is already there, as is the note "imported").
  CHECK(batch(R"({"first_name":"Bo","tags":["referral"],"lever":{"owner":"kim@example.com","stage":"Offer",)"
              R"("followers":["SAM@example.com"],"notes":[{"text":"imported","secret":true}]}})") ==
        R"({"first_name":"Bo","tags":["referral","import-2026"],"lever":{"owner":"kim@example.com","stage":"Offer",)"
        R"("followers":["SAM@example.com"],"notes":[{"text":"imported","secret":true}],)"
        R"("sources":["Career fair 2026"]}})");
  // A blank row stays blank: it is skipped, not made a record of batch-wide values alone.
  CHECK(batch(R"({"first_name":"","last_name":" "})") == R"({"first_name":"","last_name":" "})");
  FieldFlags person;
  person.first_name = "X";
  CHECK(person.any_person());
  CHECK_FALSE(person.any_batch_wide());
}
