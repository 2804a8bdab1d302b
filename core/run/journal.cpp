#include "core/run/journal.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <vector>

#include "core/util/error.hpp"
#include "core/util/json_util.hpp"

namespace tc {

namespace {

const char* state_name(JournalEntry::State s) {
  switch (s) {
    case JournalEntry::State::Started: return "started";
    case JournalEntry::State::Created: return "created";
    case JournalEntry::State::Failed: return "failed";
    case JournalEntry::State::Incomplete: return "incomplete";
  }
  return "started";
}

// {"kind","stage"?,"archived"?,"notes"?,…}: only what is there.
std::string written_json(const Written& w) {
  rapidjson::Document out(rapidjson::kObjectType);
  auto& a = out.GetAllocator();
  out.AddMember("kind", make_string(w.kind, a), a);
  if (!w.stage.empty()) out.AddMember("stage", make_string(w.stage, a), a);
  if (w.archived) out.AddMember("archived", true, a);
  const std::pair<const char*, const std::vector<std::string>*> lists[] = {
      {"notes", &w.notes}, {"files", &w.files}, {"tags", &w.tags}, {"links", &w.links}, {"sources", &w.sources}};
  for (const auto& [name, list] : lists) {
    if (list->empty()) continue;
    rapidjson::Value items(rapidjson::kArrayType);
    for (const auto& item : *list) items.PushBack(make_string(item, a), a);
    out.AddMember(rapidjson::StringRef(name), items, a);
  }
  return to_json(out);
}

}  // namespace

Journal::Journal(const std::string& path) : path_(path) {
  off_t good_bytes = 0;          // length of the complete lines read
  bool torn_tail = false;        // the last line is a fragment: cut it off
  bool missing_newline = false;  // the last line is whole but lacks its '\n'
  {
    std::ifstream in(path);
    std::string line;
    size_t number = 0;
    while (in && std::getline(in, line)) {
      ++number;
      const bool terminated = !in.eof();  // getline stopped at a '\n'
      if (line.empty()) {
        good_bytes += terminated ? 1 : 0;
        continue;
      }
      rapidjson::Document doc;
      if (!parse_json(line, doc) || !doc.IsObject() || get_string(doc, "key").empty()) {
        // A torn last line (killed mid-write) is expected; anything else is not ours. It is cut off
        // below, or the next line appended would be glued to it and lost on the next load.
        if (in.peek() == EOF) {
          torn_tail = true;
          break;
        }
        throw Error(ErrorKind::InvalidInput, fmt::format("--journal {}: line {} is not a journal line", path, number),
                    "give a journal written by truto-candidates, or a new file");
      }
      JournalEntry& entry = entries_[get_string(doc, "key")];
      const std::string state = get_string(doc, "state");
      if (state == "created") {
        entry.state = JournalEntry::State::Created;
        entry.id = get_string(doc, "id");
      } else if (state == "incomplete") {
        if (entry.state != JournalEntry::State::Created) {
          entry.state = JournalEntry::State::Incomplete;
          entry.id = get_string(doc, "id");
        }
      } else if (state == "failed") {
        if (entry.state != JournalEntry::State::Created) entry.state = JournalEntry::State::Failed;
      } else if (entry.state != JournalEntry::State::Created) {
        entry.state = JournalEntry::State::Started;
        const auto* at = get_member(doc, "at");
        if (at != nullptr && at->IsInt64() && entry.started_ms == 0) entry.started_ms = at->GetInt64();
      }
      good_bytes += static_cast<off_t>(line.size()) + (terminated ? 1 : 0);
      missing_newline = !terminated;
    }
  }
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    throw Error(ErrorKind::NoInput, fmt::format("--journal {}: {}", path, std::strerror(errno)),
                "give a writable path for the journal");
  }
  if (torn_tail && ::ftruncate(fd_, good_bytes) != 0) {
    throw Error(ErrorKind::Unavailable,
                fmt::format("--journal {}: cannot cut a torn last line: {}", path, std::strerror(errno)));
  }
  if (missing_newline && ::write(fd_, "\n", 1) != 1) {
    throw Error(ErrorKind::Unavailable, fmt::format("--journal {}: write failed: {}", path, std::strerror(errno)));
  }
}

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);
}

std::optional<JournalEntry> Journal::find(const std::string& key) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

JournalLookup Journal::find_record(const rapidjson::Value& record, const Target& target) const {
  JournalLookup found;
  found.key = journal_key(record, target);
  found.entry = find(found.key);
  if (!found.entry) {
    found.entry = find(legacy_fnv_journal_key(record, target));
    found.under_legacy_key = found.entry.has_value();
  }
  return found;
}

void Journal::append(const std::string& key, const JournalEntry& entry, size_t index, long long now_ms,
                     const Written* wrote) {
  std::string line =
      fmt::format(R"({{"key":"{}","state":"{}","index":{},"at":{})", key, state_name(entry.state), index, now_ms);
  if (!entry.id.empty())
    line += fmt::format(R"(,"id":{})", to_json(rapidjson::Value(rapidjson::StringRef(entry.id.c_str()))));
  if (wrote != nullptr) line += ",\"wrote\":" + written_json(*wrote);
  line += "}\n";
  std::lock_guard<std::mutex> lock(mutex_);
  size_t written = 0;
  while (written < line.size()) {
    const ssize_t n = ::write(fd_, line.data() + written, line.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(ErrorKind::Unavailable, fmt::format("--journal {}: write failed: {}", path_, std::strerror(errno)));
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd_) != 0) {
    throw Error(ErrorKind::Unavailable, fmt::format("--journal {}: fsync failed: {}", path_, std::strerror(errno)));
  }
  JournalEntry& stored = entries_[key];
  if (stored.state == JournalEntry::State::Created) return;
  if (entry.state == JournalEntry::State::Started &&
      (stored.state != JournalEntry::State::Started || stored.started_ms == 0)) {
    stored.started_ms = now_ms;
  }
  stored.state = entry.state;
  if (!entry.id.empty()) stored.id = entry.id;
}

void Journal::record_started(const std::string& key, size_t index, long long now_ms) {
  append(key, JournalEntry{JournalEntry::State::Started, {}, now_ms}, index, now_ms);
}

void Journal::record_created(const std::string& key, size_t index, const std::string& id, long long now_ms,
                             const Written* wrote) {
  append(key, JournalEntry{JournalEntry::State::Created, id, 0}, index, now_ms, wrote);
}

void Journal::record_incomplete(const std::string& key, size_t index, const std::string& id, long long now_ms) {
  append(key, JournalEntry{JournalEntry::State::Incomplete, id, 0}, index, now_ms);
}

void Journal::record_failed(const std::string& key, size_t index, long long now_ms, const std::string& id,
                            const Written* wrote) {
  append(key, JournalEntry{JournalEntry::State::Failed, id, 0}, index, now_ms, wrote);
}

}  // namespace tc
