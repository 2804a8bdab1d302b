#pragma once
// Prints what a run produced, as the output options ask: one candidate (json, table, --field) for a
// single record; NDJSON lines, a JSON array or table rows for many; progress and a summary on stderr.
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "cli/context.hpp"
#include "cli/options.hpp"
#include "cli/progress.hpp"
#include "core/run/record_runner.hpp"

namespace tc::cli {

class ResultsPrinter : public ResultSink {
 public:
  // `reader` tells single from multi once the first record is read.
  ResultsPrinter(const OutputOptions& output, const Context& ctx, const RecordReader& reader, RunMode mode);
  ~ResultsPrinter() override;

  void on_result(const RecordResult& result) override;
  // Closes the output (JSON array bracket, progress line) and prints the summary line.
  void finish(const RunSummary& summary);
  // A single record's failure, to be raised as the command's error once the output is closed.
  const std::optional<Error>& single_error() const { return single_error_; }
  bool multi() const;
  // The number of records the input holds, when known in advance (a counted file): enables an ETA and
  // says how many records an early stop left unread.
  void set_expected_total(std::optional<size_t> total) { expected_total_ = total; }
  // Whether the run keeps a --journal (the advice after an early stop names it only then).
  void set_journal_used(bool used) { journal_used_ = used; }
  // Redraws the progress line every kProgressInterval seconds of the context's clock until finish(),
  // when stderr is a terminal and -q is not given.
  void start_progress();
  // The pace the run's rate limiter settled at and its ceiling (--rate), for the summary line.
  void set_settled_rate(double rate, double ceiling) { settled_rate_ = std::make_pair(rate, ceiling); }

 private:
  void print_single(const RecordResult& result);
  void print_row(const RecordResult& result);
  void print_table_row(std::vector<std::string> cells);
  void progress();  // on a result: redraws unless drawn within the last 0.1 s
  void draw_progress(double now);
  void stop_progress();

  const OutputOptions& output_;
  const Context& ctx_;
  const RecordReader& reader_;
  RunMode mode_;
  std::string format_;  // resolved output format
  size_t seen_ = 0;
  bool array_open_ = false;
  bool progress_shown_ = false;
  double started_ = 0;
  bool table_header_shown_ = false;
  double last_flush_ = 0;
  double last_progress_ = 0;
  std::optional<size_t> expected_total_;  // for the progress bar's ETA, when the input can be counted
  bool journal_used_ = false;
  std::optional<std::pair<double, double>> settled_rate_;
  std::optional<Error> single_error_;
  ProgressCounts counts_;
  // The timer thread draws the progress line while results are printed: both under `mutex_`.
  std::mutex mutex_;
  std::atomic<bool> stop_ticks_{false};
  std::thread ticker_;
};

// NDJSON line of one result: {"index","line","status","id"?,"candidate"|"plan"?,"error"?}.
std::string result_json(const RecordResult& result);

}  // namespace tc::cli
