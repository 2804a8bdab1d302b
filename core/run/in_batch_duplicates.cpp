#include "core/run/in_batch_duplicates.hpp"

#include <algorithm>

namespace tc {

void InBatchDuplicates::enter(size_t index, const std::vector<std::string>& emails) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& e : emails) emails_[e].pending.push_back(index);
}

std::optional<InBatchDuplicates::Earlier> InBatchDuplicates::wait_for_earlier(size_t index,
                                                                              const std::vector<std::string>& emails) {
  std::unique_lock<std::mutex> lock(mutex_);
  // Earlier holders are being processed by other workers (records are taken in order), so this ends.
  finished_.wait(lock, [&] {
    return std::all_of(emails.begin(), emails.end(), [&](const std::string& e) {
      const auto& pending = emails_[e].pending;
      return pending.empty() || pending.front() >= index;
    });
  });
  std::optional<Earlier> earliest;
  for (const auto& e : emails) {
    const auto& first = emails_[e].first;
    if (first && first->index < index && (!earliest || first->index < earliest->index)) earliest = first;
  }
  return earliest;
}

void InBatchDuplicates::finish(size_t index, const std::vector<std::string>& emails, const std::string& id,
                               bool would_create) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& e : emails) {
      auto it = emails_.find(e);
      if (it == emails_.end()) continue;
      auto& state = it->second;
      state.pending.erase(std::remove(state.pending.begin(), state.pending.end(), index), state.pending.end());
      if (!state.first && (!id.empty() || would_create)) state.first = Earlier{index, id};
      if (state.pending.empty() && !state.first) emails_.erase(it);  // nothing to remember
    }
  }
  finished_.notify_all();
}

}  // namespace tc
