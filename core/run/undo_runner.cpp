#include "core/run/undo_runner.hpp"

#include <algorithm>
#include <map>
#include <mutex>
#include <thread>

#include "core/lever/undo.hpp"

namespace tc {

namespace {

bool run_wide(ErrorKind kind) {
  return kind == ErrorKind::Usage || kind == ErrorKind::Auth || kind == ErrorKind::Config ||
         kind == ErrorKind::Interrupted || kind == ErrorKind::Internal;
}

class UndoRun {
 public:
  UndoRun(const std::vector<UndoTarget>& targets, const UndoerFactory& undoers, const UndoRunOptions& options,
          UndoSink& sink)
      : targets_(targets), undoers_(undoers), options_(options), sink_(sink) {}

  UndoSummary run();

 private:
  void worker();
  UndoResult undo_one(const UndoTarget& target, Undoer* undoer);
  void finish(size_t i, UndoResult result);
  bool stopping() const { return stop_.load() || (options_.cancel != nullptr && options_.cancel->load()); }

  const std::vector<UndoTarget>& targets_;
  const UndoerFactory& undoers_;
  const UndoRunOptions& options_;
  UndoSink& sink_;
  std::atomic<size_t> next_{0};
  std::atomic<bool> stop_{false};
  std::atomic<long long> requests_{0};
  std::mutex mutex_;
  std::map<size_t, UndoResult> done_;
  size_t next_emit_ = 0;
  UndoSummary summary_;
};

UndoResult UndoRun::undo_one(const UndoTarget& target, Undoer* undoer) {
  std::optional<UndoProgress::State> before;
  if (options_.progress != nullptr && !target.id.empty()) before = options_.progress->find(target.id);
  if (before && *before != UndoProgress::State::Started) {
    UndoResult r;
    r.id = target.id;
    r.records = target.records;
    r.files_left = target.wrote.files;
    r.status = *before == UndoProgress::State::Archived ? UndoStatus::Archived : UndoStatus::Reverted;
    r.message = "undone by an earlier undo of this run; nothing sent";
    return r;
  }
  if (options_.dry_run || undoer == nullptr) return plan_undo(target, options_.reason_name);
  Clock& clock = *options_.clock;
  UndoProgress* progress = options_.progress;
  const bool resumed = before.has_value();
  UndoResult r = undoer->undo(target, resumed, [&] {
    if (progress != nullptr && !resumed) progress->record(target.id, UndoProgress::State::Started, clock.epoch_ms());
  });
  if (progress != nullptr && r.status == UndoStatus::Archived)
    progress->record(target.id, UndoProgress::State::Archived, clock.epoch_ms());
  if (progress != nullptr && r.status == UndoStatus::Reverted)
    progress->record(target.id, UndoProgress::State::Reverted, clock.epoch_ms());
  return r;
}

void UndoRun::finish(size_t i, UndoResult result) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (result.status == UndoStatus::Failed && run_wide(result.error_kind)) {
    if (!summary_.fatal) summary_.fatal = Error(result.error_kind, result.message);
    stop_ = true;
  }
  done_.emplace(i, std::move(result));
  for (auto it = done_.find(next_emit_); it != done_.end(); it = done_.find(next_emit_)) {
    const UndoResult& r = it->second;
    switch (r.status) {
      case UndoStatus::Archived: ++summary_.archived; break;
      case UndoStatus::Reverted: ++summary_.reverted; break;
      case UndoStatus::Untouched: ++summary_.untouched; break;
      case UndoStatus::Changed: ++summary_.changed; break;
      case UndoStatus::Failed: ++summary_.failed; break;
      case UndoStatus::Planned: ++summary_.planned; break;
    }
    sink_.on_result(r);
    done_.erase(it);
    ++next_emit_;
  }
}

void UndoRun::worker() {
  std::unique_ptr<Undoer> undoer;
  try {
    if (!options_.dry_run) undoer = undoers_();
  } catch (const Error& e) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!summary_.fatal) summary_.fatal = e;
    stop_ = true;
    return;
  }
  for (;;) {
    if (stopping()) break;
    const size_t i = next_++;
    if (i >= targets_.size()) break;
    UndoResult r;
    try {
      r = undo_one(targets_[i], undoer.get());
    } catch (const Error& e) {  // the progress file could not be written
      r.id = targets_[i].id;
      r.records = targets_[i].records;
      r.status = UndoStatus::Failed;
      r.error_kind = e.kind();
      r.message = e.what();
    }
    finish(i, std::move(r));
  }
  if (undoer) requests_ += undoer->requests_sent();
}

UndoSummary UndoRun::run() {
  const double started = options_.clock->now_seconds();
  const size_t workers = std::max<size_t>(1, std::min(options_.concurrency, std::max<size_t>(1, targets_.size())));
  std::vector<std::thread> threads;
  for (size_t i = 0; i < workers; ++i) threads.emplace_back([this] { worker(); });
  for (auto& t : threads) t.join();
  // Targets never taken (the run stopped): each gets its line, so the output names every one.
  const std::string why = summary_.fatal ? summary_.fatal->what() : std::string("interrupted");
  for (size_t i = next_emit_; i < targets_.size(); ++i) {
    std::unique_lock<std::mutex> lock(mutex_);
    if (done_.count(i) != 0) continue;
    lock.unlock();
    UndoResult r;
    r.id = targets_[i].id;
    r.records = targets_[i].records;
    r.status = UndoStatus::Failed;
    r.error_kind = ErrorKind::Interrupted;
    r.message = "not attempted: the undo stopped early (" + why + "); run it again to finish";
    finish(i, std::move(r));
  }
  summary_.targets = targets_.size();
  summary_.requests = requests_.load();
  summary_.elapsed_seconds = options_.clock->now_seconds() - started;
  if (!summary_.fatal && options_.cancel != nullptr && options_.cancel->load())
    summary_.fatal = Error(ErrorKind::Interrupted, "interrupted");
  return summary_;
}

}  // namespace

UndoSummary run_undo(const std::vector<UndoTarget>& targets, const UndoerFactory& undoers,
                     const UndoRunOptions& options, UndoSink& sink) {
  UndoRun run(targets, undoers, options, sink);
  return run.run();
}

}  // namespace tc
