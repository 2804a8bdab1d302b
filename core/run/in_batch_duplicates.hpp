#pragma once
// Records of one input that share an e-mail (on the run's one posting): the later one is a duplicate of
// the earlier one (ARCHITECTURE.md §5). Records register in input order as workers take them; a record
// then waits until every earlier holder of one of its e-mails has finished, and learns the opportunity
// the first of them ended with. Thread-safe; one per run.
//
// Memory: e-mails of records still waiting or in flight are held whole (at most the runner's window);
// a finished record is remembered compactly, for the rest of the run — a 12-byte slot per e-mail (in a
// table at most 80% full), plus,
// when it has an opportunity, the e-mail and the id (matched exactly). A record that only would be
// created (dry run, validate) is remembered by its e-mail's 64-bit fingerprint: a collision of two
// different e-mails is possible (about one in 10^9 for 200,000 e-mails) and would report a false
// duplicate; nothing is written in those modes.
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

namespace tc {

class InBatchDuplicates {
 public:
  struct Earlier {
    size_t index = 0;           // the earliest earlier record
    std::string id;             // its opportunity; "" when it has none (a dry run, validate)
    std::set<std::string> ids;  // every opportunity earlier records made for one of the e-mails
  };

  // Called in input order (under the runner's queue lock), before the record is processed.
  void enter(size_t index, const std::vector<std::string>& emails);
  // Waits until every earlier record holding one of `emails` has finished; the earliest of them that
  // ended with an opportunity (or, in a dry run, would have), if any.
  std::optional<Earlier> wait_for_earlier(size_t index, const std::vector<std::string>& emails);
  // The record's outcome: `id` its opportunity ("" if none); `would_create` for dry runs and validate.
  // Must be called once for every entered record, whatever happened to it.
  void finish(size_t index, const std::vector<std::string>& emails, const std::string& id, bool would_create);

  // E-mails held whole (of waiting and in-flight records): bounded by the runner's window.
  size_t pending_emails() const;
  // Finished e-mails remembered (compactly).
  size_t remembered_emails() const;

 private:
  // One finished e-mail: its fingerprint and either the record index (kRecordRef set: a dry run's
  // would-be create) or the number of its entry in created_.
  struct Slot {
    uint32_t hash_high = 0, hash_low = 0;  // 0/0: empty
    uint32_t ref = 0;
  };
  static constexpr uint32_t kRecordRef = 0x80000000u;
  struct Created {
    size_t index = 0;
    uint32_t text = 0;  // offset in text_: "email\0id\0"
  };
  // Open addressing, split by the fingerprint's top bits into shards that grow (double) one at a
  // time, so that growing holds only one shard twice, not the whole table.
  static constexpr size_t kShardBits = 4;
  struct Shard {
    std::vector<Slot> slots;  // a power of two in size
    size_t used = 0;
  };
  void remember(const std::string& email, size_t index, const std::string& id);
  static void grow(Shard& shard);

  mutable std::mutex mutex_;
  std::condition_variable finished_;
  std::unordered_map<std::string, std::vector<size_t>> pending_;  // entered, not finished, in input order
  std::vector<Shard> shards_ = std::vector<Shard>(size_t{1} << kShardBits);
  size_t used_ = 0;
  std::vector<Created> created_;
  std::string text_;
};

}  // namespace tc
