// doctest's main, with one addition: a run whose filters select no test case fails. ctest runs each unit
// test file as `unit_tests --source-file=*/test_NAME.cpp` (tests/CMakeLists.txt); doctest alone would
// pass such a run when the pattern matches nothing (a renamed file, a typo), so the entry would pass
// without testing anything.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>

namespace {

// How many test cases the run's filters selected; stays unset for queries (--count, --list-test-cases).
bool g_run_ended = false;
unsigned g_selected = 0;

// A listener (doctest reports every event to it beside the chosen reporter) that only keeps the count.
struct SelectedCount : doctest::IReporter {
  explicit SelectedCount(const doctest::ContextOptions&) {}
  void report_query(const doctest::QueryData&) override {}
  void test_run_start() override {}
  void test_run_end(const doctest::TestRunStats& stats) override {
    g_run_ended = true;
    g_selected = stats.numTestCasesPassingFilters;
  }
  void test_case_start(const doctest::TestCaseData&) override {}
  void test_case_reenter(const doctest::TestCaseData&) override {}
  void test_case_end(const doctest::CurrentTestCaseStats&) override {}
  void test_case_exception(const doctest::TestCaseException&) override {}
  void subcase_start(const doctest::SubcaseSignature&) override {}
  void subcase_end() override {}
  void log_assert(const doctest::AssertData&) override {}
  void log_message(const doctest::MessageData&) override {}
  void test_case_skipped(const doctest::TestCaseData&) override {}
};

}  // namespace

REGISTER_LISTENER("selected_count", 1, SelectedCount);

int main(int argc, char** argv) {
  doctest::Context context(argc, argv);
  const int result = context.run();
  if (g_run_ended && g_selected == 0) {
    std::fputs("[doctest] no test case matches the filters: nothing was tested\n", stderr);
    return EXIT_FAILURE;
  }
  return result;
}
