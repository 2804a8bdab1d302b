#pragma once
// Records of one input that share an e-mail (on the run's one posting): the later one is a duplicate of
// the earlier one (ARCHITECTURE.md §5). Records register in input order as workers take them; a record
// then waits until every earlier holder of one of its e-mails has finished, and learns the opportunity
// the first of them ended with. Thread-safe; one per run.
#include <condition_variable>
#include <cstddef>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace tc {

class InBatchDuplicates {
 public:
  struct Earlier {
    size_t index = 0;  // the earlier record
    std::string id;    // its opportunity; "" when it has none yet (a dry run, validate)
  };

  // Called in input order (under the runner's queue lock), before the record is processed.
  void enter(size_t index, const std::vector<std::string>& emails);
  // Waits until every earlier record holding one of `emails` has finished; the earliest of them that
  // ended with an opportunity (or, in a dry run, would have), if any.
  std::optional<Earlier> wait_for_earlier(size_t index, const std::vector<std::string>& emails);
  // The record's outcome: `id` its opportunity ("" if none); `would_create` for dry runs and validate.
  // Must be called once for every entered record, whatever happened to it.
  void finish(size_t index, const std::vector<std::string>& emails, const std::string& id, bool would_create);

 private:
  struct EmailState {
    std::vector<size_t> pending;   // entered, not finished, in input order
    std::optional<Earlier> first;  // the first finished record that has (or would have) an opportunity
  };
  std::mutex mutex_;
  std::condition_variable finished_;
  std::map<std::string, EmailState> emails_;
};

}  // namespace tc
