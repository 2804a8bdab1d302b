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

#include "tests/fuzz/fuzz_records.cpp"

namespace {

std::vector<std::filesystem::path> regression_inputs() {
  const std::filesystem::path dir = std::filesystem::path(TC_SOURCE_DIR) / "tests/corpus/fuzz-regressions";
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

TEST_CASE("every fuzz regression input completes with at most a tc::Error") {
  const auto files = regression_inputs();
  REQUIRE_FALSE(files.empty());
  for (const auto& path : files) {
    CAPTURE(path.string());
    const std::string bytes = read_bytes(path);
    CHECK_NOTHROW(LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()));
  }
}

TEST_CASE("the pipeline lets a non-tc::Error escape: a finding is visible") {
  // An empty input is a no-op; a valid applicant goes all the way to build_apply_body without throwing.
  CHECK_NOTHROW(LLVMFuzzerTestOneInput(nullptr, 0));
  const std::string valid =
      R"(0{"first_name":"Ada","last_name":"Lovelace","emails":[{"email":"ada@example.com"}],"locations":["London"],)"
      R"("job_form_field_answers":[{"name":"a1b2c3d4-0000-4000-8000-000000000011","value":"Referral"},)"
      R"({"name":"a1b2c3d4-0000-4000-8000-000000000012","value":"5"}]})";
  CHECK_NOTHROW(LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(valid.data()), valid.size()));
}
