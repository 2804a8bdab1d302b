// Replays every minimised fuzzer finding (tests/corpus/fuzz-regressions/*) through the fuzz target's
// own code path (tests/fuzz/fuzz_records.cpp is compiled in): each must complete with at most a
// tc::Error, which the pipeline handles itself — so nothing may escape. In build-fuzz (scripts/fuzz.sh)
// the core is built with ASan/UBSan, so memory errors fail this test there too.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "source_dir.hpp"
#include "tests/fuzz/fuzz_records.cpp"

namespace {

std::vector<std::filesystem::path> regression_inputs() {
  const std::filesystem::path dir = std::filesystem::path(source_dir()) / "tests/corpus/fuzz-regressions";
  std::vector<std::filesystem::path> files;
  if (!std::filesystem::is_directory(dir)) return files;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.is_regular_file()) files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE(in.good());
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

TEST_CASE("every fuzz regression input runs through the pipeline without an exception escaping") {
  const auto files = regression_inputs();
  REQUIRE_FALSE(files.empty());
  for (const auto& path : files) {
    CAPTURE(path.string());
    const std::string bytes = read_bytes(path);
    CHECK_NOTHROW(LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  }
}

TEST_CASE("the replay reaches the mappings: a valid applicant passes validation and the form, then runs through") {
  // Without this, a pipeline that stopped early (say, every record rejected by validation) would make the
  // replay above pass while checking nothing.
  CHECK_NOTHROW(LLVMFuzzerTestOneInput(nullptr, 0));
  const std::string record =
      R"({"first_name":"Ada","last_name":"Lovelace","emails":[{"email":"ada@example.com"}],"locations":["London"],)"
      R"("job_form_field_answers":[{"name":"a1b2c3d4-0000-4000-8000-000000000011","value":"Referral"},)"
      R"({"name":"a1b2c3d4-0000-4000-8000-000000000012","value":"5"}]})";
  rapidjson::Document doc;
  doc.Parse(record.c_str());
  REQUIRE_FALSE(doc.HasParseError());
  tc::Target applicant;
  applicant.job_id = "5f1e0000-0000-4000-8000-00000000a001";
  applicant.source = tc::ApplicationSource::Applicant;
  CHECK(tc_fuzz::validator().validate_request(doc, applicant).empty());
  const tc::ApplyPlan plan = tc::plan_apply(tc::read_candidate_record(doc), tc_fuzz::sandbox_form());
  CHECK(plan.problems.empty());
  const std::string input = "0" + record;  // '0': the reader guesses the format
  CHECK_NOTHROW(LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size()));
}
