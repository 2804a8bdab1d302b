#include "core/run/undo_sources.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <functional>

#include "core/util/error.hpp"
#include "core/util/json_util.hpp"
#include "core/util/string_list.hpp"

namespace tc {

namespace {

// Calls `on_line` with each JSON object line of `path` and its number. A last line that does not parse
// (a run killed mid-write) is left out; `bytes_good` gets the length of what parsed. Any other bad line
// is an InvalidInput error naming `what`.
void read_ndjson(const std::string& path, const char* what,
                 const std::function<void(const rapidjson::Document&, size_t)>& on_line, off_t* bytes_good = nullptr,
                 bool* missing_newline = nullptr) {
  std::ifstream in(path);
  if (!in) {
    throw Error(ErrorKind::NoInput, fmt::format("{} {}: {}", what, path, std::strerror(errno)), "check the path");
  }
  std::string line;
  size_t number = 0;
  off_t good = 0;
  while (std::getline(in, line)) {
    ++number;
    const bool terminated = !in.eof();
    if (line.find_first_not_of(" \t\r") == std::string::npos) {
      good += static_cast<off_t>(line.size()) + (terminated ? 1 : 0);
      continue;
    }
    rapidjson::Document doc;
    if (!parse_json(line, doc) || !doc.IsObject()) {
      if (in.peek() == EOF) break;  // torn last line
      throw Error(ErrorKind::InvalidInput, fmt::format("{} {}: line {} is not a JSON object", what, path, number),
                  "give the file the create run wrote");
    }
    on_line(doc, number);
    good += static_cast<off_t>(line.size()) + (terminated ? 1 : 0);
    if (missing_newline != nullptr) *missing_newline = !terminated;
  }
  if (bytes_good != nullptr) *bytes_good = good;
}

void add_unique(std::vector<std::string>& into, const std::vector<std::string>& items) {
  for (const auto& item : items)
    if (std::find(into.begin(), into.end(), item) == into.end()) into.push_back(item);
}

int kind_rank(UndoTarget::Kind kind) {
  switch (kind) {
    case UndoTarget::Kind::Created: return 3;
    case UndoTarget::Kind::Merged: return 2;
    case UndoTarget::Kind::Matched: return 1;
    case UndoTarget::Kind::Unknown: return 0;
  }
  return 0;
}

// Collects targets by opportunity id in first-seen order.
class Targets {
 public:
  void add(UndoTarget t) {
    if (t.id.empty()) {
      list_.push_back(std::move(t));
      return;
    }
    auto found = by_id_.find(t.id);
    if (found == by_id_.end()) {
      by_id_[t.id] = list_.size();
      list_.push_back(std::move(t));
      return;
    }
    UndoTarget& held = list_[found->second];
    held.records.insert(held.records.end(), t.records.begin(), t.records.end());
    add_unique(held.wrote.notes, t.wrote.notes);
    add_unique(held.wrote.files, t.wrote.files);
    add_unique(held.wrote.tags, t.wrote.tags);
    add_unique(held.wrote.links, t.wrote.links);
    add_unique(held.wrote.sources, t.wrote.sources);
    if (kind_rank(t.kind) > kind_rank(held.kind)) {
      // The creating record's stage and state are the ones to compare against.
      held.kind = t.kind;
      held.wrote.stage = t.wrote.stage;
      held.wrote.archived = t.wrote.archived;
      held.wrote_known = t.wrote_known;
      held.created_or_merged = t.created_or_merged;
      held.started_ms = t.started_ms;
      held.reason = t.reason;
    }
  }
  std::vector<UndoTarget> take() { return std::move(list_); }

 private:
  std::vector<UndoTarget> list_;
  std::map<std::string, size_t> by_id_;
};

// What the journal says about one record key, line after line.
struct KeyHistory {
  size_t index = 0;
  size_t order = 0;  // first line's position: targets keep the journal's order
  long long started_ms = 0;
  std::string state, id;
  bool has_wrote = false;
  Written wrote;
};

UndoTarget target_of(const KeyHistory& h) {
  UndoTarget t;
  t.id = h.id;
  t.records = {h.index};
  t.started_ms = h.started_ms;
  if (h.state == "started" && !h.has_wrote) {
    t.kind = UndoTarget::Kind::Unknown;
    t.reason = fmt::format(
        "record {}: the run stopped with it in flight; run create again with the same --journal to settle it, "
        "then undo",
        h.index + 1);
    return t;
  }
  if (h.state == "incomplete") {  // created, then a later step failed: what it wrote is not known
    t.kind = UndoTarget::Kind::Created;
    t.wrote_known = false;
    return t;
  }
  if (h.has_wrote) {
    t.wrote = h.wrote;
    t.kind = h.wrote.kind == "merged"    ? UndoTarget::Kind::Merged
             : h.wrote.kind == "created" ? UndoTarget::Kind::Created
                                         : UndoTarget::Kind::Matched;
    if (t.kind == UndoTarget::Kind::Matched) t.reason = "matched only: the run wrote nothing to it";
    return t;
  }
  // An earlier version's line: created and merged look alike (a send was journaled first); a record matched
  // by --on-duplicate skip was journaled created without a send.
  t.wrote_known = false;
  if (h.started_ms == 0) {
    t.kind = UndoTarget::Kind::Matched;
    t.reason = "matched only (an earlier version's journal: no create was sent for it)";
  } else {
    t.kind = UndoTarget::Kind::Created;
    t.created_or_merged = true;
  }
  return t;
}

}  // namespace

std::vector<UndoTarget> undo_targets_from_journal(const std::string& path) {
  std::map<std::string, KeyHistory> keys;
  size_t lines = 0;
  read_ndjson(path, "--journal", [&](const rapidjson::Document& line, size_t number) {
    const std::string key = get_string(line, "key");
    if (key.empty()) {
      throw Error(ErrorKind::InvalidInput, fmt::format("--journal {}: line {} is not a journal line", path, number),
                  "give the --journal file of a create run");
    }
    auto [it, fresh] = keys.try_emplace(key);
    KeyHistory& h = it->second;
    if (fresh) h.order = lines++;
    if (const auto* index = get_member(line, "index"); index != nullptr && index->IsUint64())
      h.index = static_cast<size_t>(index->GetUint64());
    const std::string state = get_string(line, "state");
    if (h.state == "created") return;  // final
    if (state == "started" && h.started_ms == 0) {
      if (const auto* at = get_member(line, "at"); at != nullptr && at->IsInt64()) h.started_ms = at->GetInt64();
    }
    h.state = state;
    if (const std::string id = get_string(line, "id"); !id.empty()) h.id = id;
    if (const auto* wrote = get_member(line, "wrote"); wrote != nullptr && wrote->IsObject()) {
      // A merge that failed half-way, then succeeded on a re-run: both lines' additions are the run's.
      if (!h.has_wrote || h.wrote.stage.empty()) {
        h.wrote.stage = get_string(*wrote, "stage");
        const auto* archived = get_member(*wrote, "archived");
        h.wrote.archived = archived != nullptr && archived->IsBool() && archived->GetBool();
      }
      h.has_wrote = true;
      h.wrote.kind = get_string(*wrote, "kind");
      add_unique(h.wrote.notes, string_list(*wrote, "notes"));
      add_unique(h.wrote.files, string_list(*wrote, "files"));
      add_unique(h.wrote.tags, string_list(*wrote, "tags"));
      add_unique(h.wrote.links, string_list(*wrote, "links"));
      add_unique(h.wrote.sources, string_list(*wrote, "sources"));
    }
  });
  std::vector<const KeyHistory*> ordered;
  for (const auto& [key, h] : keys)
    if (h.state == "created" || h.state == "incomplete" || h.state == "started" ||
        (h.state == "failed" && h.has_wrote && !h.id.empty()))
      ordered.push_back(&h);
  std::sort(ordered.begin(), ordered.end(),
            [](const KeyHistory* a, const KeyHistory* b) { return a->order < b->order; });
  Targets targets;
  for (const KeyHistory* h : ordered) targets.add(target_of(*h));
  return targets.take();
}

std::vector<UndoTarget> undo_targets_from_results(const std::string& path) {
  Targets targets;
  size_t results = 0;
  read_ndjson(path, "--results", [&](const rapidjson::Document& line, size_t number) {
    const auto* index = get_member(line, "index");
    const std::string status = get_string(line, "status");
    if (index == nullptr || !index->IsUint64() || status.empty()) {
      throw Error(ErrorKind::InvalidInput,
                  fmt::format("--results {}: line {} is not a result line (no index or status)", path, number),
                  "give the NDJSON results of a create run (create -o ndjson > results.ndjson)");
    }
    ++results;
    const std::string id = get_string(line, "id");
    if (id.empty()) return;
    UndoTarget t;
    t.id = id;
    t.records = {static_cast<size_t>(index->GetUint64())};
    t.wrote_known = false;
    if (status == "created") {
      t.kind = UndoTarget::Kind::Created;
    } else if (status == "merged") {
      t.kind = UndoTarget::Kind::Unknown;
      t.reason =
          "merged into by the run: a results file does not say what the merge added; undo from the run's "
          "--journal instead";
    } else if (status == "existing") {
      t.kind = UndoTarget::Kind::Matched;
      t.reason = "matched only: the run wrote nothing to it";
    } else if (status == "skipped") {
      t.kind = UndoTarget::Kind::Matched;
      t.reason = "created by an earlier run, not by this one";
    } else {
      return;
    }
    targets.add(std::move(t));
  });
  if (results == 0) {
    throw Error(ErrorKind::InvalidInput, "--results " + path + ": no result lines",
                "give the NDJSON results of a create run (create -o ndjson > results.ndjson)");
  }
  return targets.take();
}

namespace {

const char* progress_name(UndoProgress::State s) {
  switch (s) {
    case UndoProgress::State::Started: return "started";
    case UndoProgress::State::Archived: return "archived";
    case UndoProgress::State::Reverted: return "reverted";
  }
  return "started";
}

}  // namespace

UndoProgress::UndoProgress(const std::string& path, bool writable) : path_(path) {
  off_t good = 0;
  bool missing_newline = false;
  if (::access(path.c_str(), F_OK) == 0) {
    read_ndjson(
        path, "undo progress file",
        [&](const rapidjson::Document& line, size_t) {
          const std::string id = get_string(line, "id"), state = get_string(line, "state");
          if (id.empty()) return;
          auto& held = states_[id];
          if (state == "archived")
            held = State::Archived;
          else if (state == "reverted")
            held = State::Reverted;
          else if (held != State::Archived && held != State::Reverted)
            held = State::Started;
        },
        &good, &missing_newline);
  }
  if (!writable) return;
  fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    throw Error(ErrorKind::NoInput, fmt::format("undo progress file {}: {}", path, std::strerror(errno)),
                "undo writes its progress next to the journal: make that folder writable");
  }
  // A torn last line is cut off, so that the next line appended is not glued to it.
  struct stat st {};
  if (::fstat(fd_, &st) == 0 && st.st_size > good && ::ftruncate(fd_, good) != 0) {
    throw Error(ErrorKind::Unavailable, fmt::format("undo progress file {}: {}", path, std::strerror(errno)));
  }
  if (missing_newline && ::write(fd_, "\n", 1) != 1) {
    throw Error(ErrorKind::Unavailable, fmt::format("undo progress file {}: {}", path, std::strerror(errno)));
  }
}

UndoProgress::~UndoProgress() {
  if (fd_ >= 0) ::close(fd_);
}

std::optional<UndoProgress::State> UndoProgress::find(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = states_.find(id);
  if (it == states_.end()) return std::nullopt;
  return it->second;
}

void UndoProgress::record(const std::string& id, State state, long long now_ms) {
  rapidjson::Document line(rapidjson::kObjectType);
  auto& a = line.GetAllocator();
  line.AddMember("id", make_string(id, a), a);
  line.AddMember("state", rapidjson::StringRef(progress_name(state)), a);
  line.AddMember("at", static_cast<int64_t>(now_ms), a);
  const std::string text = to_json(line) + "\n";
  std::lock_guard<std::mutex> lock(mutex_);
  if (fd_ < 0) return;
  size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd_, text.data() + written, text.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(ErrorKind::Unavailable, fmt::format("undo progress file {}: {}", path_, std::strerror(errno)));
    }
    written += static_cast<size_t>(n);
  }
  if (::fsync(fd_) != 0)
    throw Error(ErrorKind::Unavailable, fmt::format("undo progress file {}: {}", path_, std::strerror(errno)));
  states_[id] = state;
}

}  // namespace tc
