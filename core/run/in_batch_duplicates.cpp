#include "core/run/in_batch_duplicates.hpp"

#include <algorithm>
#include <cstring>
#include <functional>

namespace tc {

namespace {

uint64_t fingerprint(const std::string& email) {
  // std::hash, then a finaliser (splitmix64) so that the low bits used for the slot are well mixed.
  uint64_t h = std::hash<std::string>{}(email);
  h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
  h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
  h ^= h >> 31;
  return h == 0 ? 1 : h;  // 0 marks an empty slot
}

uint64_t slot_hash(uint32_t high, uint32_t low) { return (static_cast<uint64_t>(high) << 32) | low; }

}  // namespace

void InBatchDuplicates::enter(size_t index, const std::vector<std::string>& emails) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& e : emails) pending_[e].push_back(index);
}

std::optional<InBatchDuplicates::Earlier> InBatchDuplicates::wait_for_earlier(size_t index,
                                                                              const std::vector<std::string>& emails) {
  std::unique_lock<std::mutex> lock(mutex_);
  // Earlier holders are being processed by other workers (records are taken in order), so this ends.
  finished_.wait(lock, [&] {
    return std::all_of(emails.begin(), emails.end(), [&](const std::string& e) {
      auto it = pending_.find(e);
      return it == pending_.end() || it->second.front() >= index;
    });
  });
  // Every record that finished holding one of these e-mails is earlier than this one: a later holder
  // waits for this one.
  std::optional<Earlier> earliest;
  std::set<std::string> ids;
  for (const auto& e : emails) {
    const uint64_t h = fingerprint(e);
    const std::vector<Slot>& slots = shards_[h >> (64 - kShardBits)].slots;
    if (slots.empty()) continue;
    const size_t mask = slots.size() - 1;
    for (size_t i = h & mask; slot_hash(slots[i].hash_high, slots[i].hash_low) != 0; i = (i + 1) & mask) {
      const Slot& s = slots[i];
      if (slot_hash(s.hash_high, s.hash_low) != h) continue;
      size_t at = 0;
      std::string id;
      if ((s.ref & kRecordRef) != 0) {
        at = s.ref & ~kRecordRef;
      } else {
        const Created& c = created_[s.ref];
        const char* text = text_.data() + c.text;
        if (e != text) continue;  // a fingerprint collision: another e-mail
        at = c.index;
        id = text + std::strlen(text) + 1;
        ids.insert(id);
      }
      if (!earliest || at < earliest->index) earliest = Earlier{at, id, {}};
    }
  }
  if (earliest) earliest->ids = std::move(ids);
  return earliest;
}

void InBatchDuplicates::finish(size_t index, const std::vector<std::string>& emails, const std::string& id,
                               bool would_create) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& e : emails) {
      auto it = pending_.find(e);
      if (it == pending_.end()) continue;
      auto& pending = it->second;
      pending.erase(std::remove(pending.begin(), pending.end(), index), pending.end());
      if (pending.empty()) pending_.erase(it);
      if (!id.empty() || would_create) remember(e, index, id);
    }
  }
  finished_.notify_all();
}

void InBatchDuplicates::remember(const std::string& email, size_t index, const std::string& id) {
  const uint64_t h = fingerprint(email);
  Shard& shard = shards_[h >> (64 - kShardBits)];
  if ((shard.used + 1) * 5 > shard.slots.size() * 4) grow(shard);  // load factor ≤ 0.8
  std::vector<Slot>& slots = shard.slots;
  const size_t mask = slots.size() - 1;
  size_t i = h & mask;
  for (; slot_hash(slots[i].hash_high, slots[i].hash_low) != 0; i = (i + 1) & mask) {
    const Slot& s = slots[i];
    if (slot_hash(s.hash_high, s.hash_low) != h) continue;
    // Already known: the earliest holder stays; a later one adds only a new opportunity (--on-duplicate create).
    if ((s.ref & kRecordRef) != 0) return;
    const char* text = text_.data() + created_[s.ref].text;
    if (email == text && id == text + std::strlen(text) + 1) return;
  }
  Slot& slot = slots[i];
  slot.hash_high = static_cast<uint32_t>(h >> 32);
  slot.hash_low = static_cast<uint32_t>(h);
  if (id.empty()) {
    // Past 2^31 records the index saturates: the message would name a wrong (still earlier) record.
    slot.ref = kRecordRef | static_cast<uint32_t>(std::min<size_t>(index, ~kRecordRef));
  } else {
    slot.ref = static_cast<uint32_t>(created_.size());
    created_.push_back(Created{index, static_cast<uint32_t>(text_.size())});
    text_ += email;
    text_ += '\0';
    text_ += id;
    text_ += '\0';
  }
  ++shard.used;
  ++used_;
}

void InBatchDuplicates::grow(Shard& shard) {
  std::vector<Slot> old = std::move(shard.slots);
  shard.slots.assign(std::max<size_t>(16, old.size() * 2), Slot{});
  const size_t mask = shard.slots.size() - 1;
  for (const Slot& s : old) {
    const uint64_t h = slot_hash(s.hash_high, s.hash_low);
    if (h == 0) continue;
    size_t i = h & mask;
    while (slot_hash(shard.slots[i].hash_high, shard.slots[i].hash_low) != 0) i = (i + 1) & mask;
    shard.slots[i] = s;
  }
}

size_t InBatchDuplicates::pending_emails() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return pending_.size();
}

size_t InBatchDuplicates::remembered_emails() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return used_;
}

}  // namespace tc
