// --resume-dir (core/input/resume_folder): résumés found by the record's first e-mail, case-insensitively;
// several candidates are a problem of the record; a record with its own résumé keeps it.
#include "core/input/resume_folder.hpp"

#include <doctest/doctest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "core/util/json_util.hpp"

using namespace tc;

namespace {

struct TempFolder {
  std::string path;
  TempFolder() {
    char name[] = "/tmp/tc-resumes-XXXXXX";
    REQUIRE(::mkdtemp(name) != nullptr);
    path = name;
  }
  ~TempFolder() { std::filesystem::remove_all(path); }
  void write(const std::string& name) const { std::ofstream(path + "/" + name) << name; }
};

rapidjson::Document record_of(const std::string& json) {
  rapidjson::Document doc;
  REQUIRE(parse_json(json, doc));
  return doc;
}

}  // namespace

TEST_CASE("a record gets DIR/<first e-mail>.<ext>, matched case-insensitively, as its résumé") {
  TempFolder folder;
  folder.write("Ada@Example.com.pdf");
  folder.write("notes.txt");
  std::filesystem::create_directory(folder.path + "/grace@example.com.d");  // a folder is not a résumé
  const ResumeFolder resumes(folder.path);
  rapidjson::Document ada =
      record_of(R"({"first_name":"Ada","emails":[{"email":" ada@EXAMPLE.com "},{"email":"x@y.z"}]})");
  CHECK_FALSE(resumes.attach(ada).has_value());
  CHECK(to_json(ada) ==
        R"({"first_name":"Ada","emails":[{"email":" ada@EXAMPLE.com "},{"email":"x@y.z"}],)"
        R"("attachments":[{"id":"Ada@Example.com.pdf","file_name":"Ada@Example.com.pdf","file_url":"file://)" +
            folder.path + R"(/Ada%40Example.com.pdf","type":"resume"}]})");  // percent-encoded

  rapidjson::Document grace = record_of(R"({"emails":[{"email":"grace@example.com"}]})");
  CHECK_FALSE(resumes.attach(grace).has_value());
  CHECK(to_json(grace) == R"({"emails":[{"email":"grace@example.com"}]})");  // nothing found: left as it is

  rapidjson::Document second_only = record_of(R"({"emails":[{"email":"x@y.z"},{"email":"ada@example.com"}]})");
  CHECK_FALSE(resumes.attach(second_only).has_value());
  CHECK_FALSE(second_only.HasMember("attachments"));  // only the first e-mail names the file
}

TEST_CASE("a record with its own résumé keeps it; other attachments do not count") {
  TempFolder folder;
  folder.write("ada@example.com.pdf");
  const ResumeFolder resumes(folder.path);
  rapidjson::Document own = record_of(
      R"({"emails":[{"email":"ada@example.com"}],"attachments":[{"id":"cv","file_url":"https://h/cv.pdf","type":"resume"}]})");
  CHECK_FALSE(resumes.attach(own).has_value());
  CHECK(own["attachments"].Size() == 1);

  rapidjson::Document with_file =
      record_of(R"({"emails":[{"email":"ada@example.com"}],"attachments":[{"id":"n","file_url":"https://h/n.txt"}]})");
  CHECK_FALSE(resumes.attach(with_file).has_value());
  REQUIRE(with_file["attachments"].Size() == 2);
  CHECK(get_string(with_file["attachments"][1], "id") == "ada@example.com.pdf");
}

TEST_CASE("several résumés for one e-mail: the record's problem lists them; a missing folder is NoInput") {
  TempFolder folder;
  folder.write("ada@example.com.pdf");
  folder.write("ADA@example.com.docx");
  const ResumeFolder resumes(folder.path);
  rapidjson::Document ada = record_of(R"({"emails":[{"email":"ada@example.com"}]})");
  const std::optional<Problem> problem = resumes.attach(ada);
  REQUIRE(problem.has_value());
  CHECK(problem->pointer == "/emails/0/email");
  CHECK(problem->message == "--resume-dir " + folder.path +
                                " holds 2 résumés for ada@example.com: ADA@example.com.docx, ada@example.com.pdf; "
                                "keep one, or name it in a resume column");
  CHECK_FALSE(ada.HasMember("attachments"));

  try {
    ResumeFolder missing(folder.path + "/nope");
    FAIL("listed a missing folder");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::NoInput);
    CHECK(std::string(e.what()) == "--resume-dir " + folder.path + "/nope: not a folder");
  }
}
