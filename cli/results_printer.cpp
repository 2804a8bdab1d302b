#include "cli/results_printer.hpp"

#include <fmt/format.h>

#include "core/run/output.hpp"
#include "core/util/json_util.hpp"

namespace tc::cli {

namespace {

Error error_of(const RecordResult& r) {
  Error e(r.error_kind, r.message, r.problems, r.hint);
  if (r.status == RecordStatus::Unknown) e.mark_outcome_unknown();
  return e;
}

bool has_candidate(RecordStatus s) {
  return s == RecordStatus::Created || s == RecordStatus::Skipped || s == RecordStatus::Existing ||
         s == RecordStatus::Merged;
}

std::string candidate_name(const rapidjson::Value& c) {
  std::string name = get_string(c, "name");
  return name.empty() ? get_string(c, "id") : name;
}

}  // namespace

std::string result_json(const RecordResult& r) {
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  doc.AddMember("index", static_cast<uint64_t>(r.index), a);
  doc.AddMember("line", static_cast<uint64_t>(r.line), a);
  doc.AddMember("status", rapidjson::StringRef(to_string(r.status)), a);
  if (!r.id.empty()) doc.AddMember("id", make_string(r.id, a), a);
  if (r.unmatched) doc.AddMember("unmatched", true, a);
  if (has_candidate(r.status)) {
    doc.AddMember("candidate", rapidjson::Value(r.payload, a), a);
  } else if (r.status == RecordStatus::Duplicate) {
    if (r.duplicate_of_record) doc.AddMember("duplicate_of_index", static_cast<uint64_t>(*r.duplicate_of_record), a);
    doc.AddMember("message", make_string(r.message, a), a);
    if (r.payload.IsObject()) doc.AddMember("candidate", rapidjson::Value(r.payload, a), a);
  } else if (r.status == RecordStatus::Planned) {
    doc.AddMember("plan", rapidjson::Value(r.payload, a), a);
  } else if (is_rejected(r.status)) {
    doc.AddMember("error", error_json(r, a), a);
  }
  return to_json(doc);
}

ResultsPrinter::ResultsPrinter(const OutputOptions& output, const Context& ctx, const RecordReader& reader,
                               RunMode mode)
    : output_(output), ctx_(ctx), reader_(reader), mode_(mode), started_(ctx.clock.now_seconds()) {}

ResultsPrinter::~ResultsPrinter() { stop_progress(); }

void ResultsPrinter::start_progress() {
  if (!ctx_.terminal.stderr_tty || output_.quiet || ticker_.joinable()) return;
  ticker_ = std::thread([this] {
    run_ticks(ctx_.clock, kProgressInterval, stop_ticks_, [this] {
      std::lock_guard<std::mutex> lock(mutex_);
      if (multi()) draw_progress(ctx_.clock.now_seconds());
    });
  });
}

void ResultsPrinter::stop_progress() {
  stop_ticks_ = true;
  if (ticker_.joinable()) ticker_.join();
}

bool ResultsPrinter::multi() const { return reader_.is_multi(); }

void ResultsPrinter::on_result(const RecordResult& result) {
  std::lock_guard<std::mutex> lock(mutex_);
  switch (result.status) {
    case RecordStatus::Created: ++counts_.created; break;
    case RecordStatus::Existing:
    case RecordStatus::Merged: ++counts_.existing; break;
    case RecordStatus::Skipped: ++counts_.skipped; break;
    case RecordStatus::Failed:
    case RecordStatus::Unknown:
    case RecordStatus::NotAttempted: ++counts_.failed; break;
    case RecordStatus::Valid:
    case RecordStatus::Planned:
    case RecordStatus::Duplicate: ++counts_.valid; break;
    case RecordStatus::Blank: break;
  }
  if (format_.empty()) {
    format_ = output_.output;
    if (format_.empty()) format_ = ctx_.terminal.stdout_tty ? "table" : (multi() ? "ndjson" : "json");
  }
  ++seen_;
  if (!multi()) {
    print_single(result);
    return;
  }
  // Rows on a terminal and the progress line share the screen: clear the line, print, redraw.
  const bool shared_screen = progress_shown_ && ctx_.terminal.stdout_tty;
  if (shared_screen) {
    ctx_.err << "\r\x1b[K";
    ctx_.err.flush();
    last_progress_ = 0;  // redraw now
  }
  print_row(result);
  progress();
}

void ResultsPrinter::print_single(const RecordResult& r) {
  // -o ndjson promises one result line per input record (ARCHITECTURE.md §3), a single record included.
  const bool result_line = format_ == "ndjson" && output_.field.empty();
  if (result_line && !has_candidate(r.status)) {
    ctx_.out << result_json(r) << "\n";
  }
  switch (r.status) {
    case RecordStatus::Failed:
    case RecordStatus::Unknown:
    case RecordStatus::NotAttempted: single_error_ = error_of(r); return;
    case RecordStatus::Valid:
      if (!output_.quiet && !result_line) ctx_.err << "valid\n";
      return;
    case RecordStatus::Planned:
      if (!result_line) ctx_.out << to_pretty_json(r.payload) << "\n";
      return;
    case RecordStatus::Duplicate:
      if (!result_line) ctx_.out << result_json(r) << "\n";
      if (!output_.quiet) ctx_.err << "duplicate: " << r.message << "\n";
      return;
    case RecordStatus::Blank:
      if (!output_.quiet) ctx_.err << "skipped: the record is blank (every field empty); nothing was sent\n";
      return;
    case RecordStatus::Created:
    case RecordStatus::Skipped:
    case RecordStatus::Existing:
    case RecordStatus::Merged: break;
  }
  if (!output_.field.empty()) {
    if (auto value = field_value(r.payload, output_.field)) {
      ctx_.out << *value << "\n";
    } else {
      ctx_.err << "warning: the candidate has no value at " << output_.field << "\n";
    }
  } else if (format_ == "table") {
    ctx_.out << render_candidate_table(r.payload, table_style(ctx_.terminal));
  } else if (format_ == "ndjson") {
    ctx_.out << result_json(r) << "\n";
  } else {
    ctx_.out << to_pretty_json(r.payload) << "\n";
  }
  if (ctx_.terminal.stderr_tty && !output_.quiet) {
    const char* verb = r.status == RecordStatus::Created    ? "Created"
                       : r.status == RecordStatus::Existing ? "Already in Lever (not changed):"
                       : r.status == RecordStatus::Merged   ? "Already in Lever, added to:"
                                                            : "Already created";
    ctx_.err << verb << " candidate " << candidate_name(r.payload) << " (" << r.id << ")"
             << (r.unmatched ? " — no e-mail, so not checked for duplicates" : "") << "\n";
  }
}

void ResultsPrinter::print_row(const RecordResult& r) {
  if (!output_.field.empty()) {
    // One line per record, in input order: the value, or an empty line when there is none.
    std::optional<std::string> value;
    if (has_candidate(r.status) || r.status == RecordStatus::Planned) value = field_value(r.payload, output_.field);
    ctx_.out << value.value_or("") << "\n";
  } else if (format_ == "ndjson") {
    ctx_.out << result_json(r) << "\n";
  } else if (format_ == "json") {
    ctx_.out << (array_open_ ? ",\n" : "[\n") << result_json(r);
    array_open_ = true;
  } else {
    std::string detail;
    if (has_candidate(r.status)) {
      detail = candidate_name(r.payload) + (r.unmatched ? " (unmatched: no e-mail)" : "");
    } else if (is_rejected(r.status) || r.status == RecordStatus::Duplicate) {
      detail = r.message;
    }
    print_table_row({std::to_string(r.index), std::to_string(r.line), to_string(r.status), r.id, detail});
  }
  // Results stream to whoever reads them, without a write per record: flush a few times a second.
  const double now = ctx_.clock.now_seconds();
  if (ctx_.terminal.stdout_tty || now - last_flush_ >= 0.1) {
    ctx_.out.flush();
    last_flush_ = now;
  }
}

void ResultsPrinter::print_table_row(std::vector<std::string> cells) {
  // Fixed column widths, so rows can be printed as they come and still line up. Validation and dry runs
  // create nothing: their ID column would always be empty, so it is left out.
  std::vector<std::string> header = {"INDEX", "LINE", "STATUS", "ID", "DETAIL"};
  std::vector<size_t> widths = {5, 5, 7, 36};
  if (mode_ == RunMode::Validate || mode_ == RunMode::DryRun) {
    header.erase(header.begin() + 3);
    cells.erase(cells.begin() + 3);
    widths.erase(widths.begin() + 3);
  }
  const TableStyle style = table_style(ctx_.terminal);
  if (!table_header_shown_) {
    std::string line = render_table_row(header, widths, style);
    if (style.color) line = "\x1b[1m" + line.substr(0, line.size() - 1) + "\x1b[0m\n";
    ctx_.out << line;
    table_header_shown_ = true;
  }
  ctx_.out << render_table_row(cells, widths, style);
}

void ResultsPrinter::progress() {
  if (!ctx_.terminal.stderr_tty || output_.quiet) return;
  const double now = ctx_.clock.now_seconds();
  if (now - last_progress_ < 0.1 && !(expected_total_ && seen_ == *expected_total_)) return;
  draw_progress(now);
}

void ResultsPrinter::draw_progress(double now) {
  last_progress_ = now;
  counts_.creating = mode_ == RunMode::Create;
  counts_.done = seen_;
  counts_.total = expected_total_;
  counts_.elapsed_seconds = now - started_;
  ctx_.err << "\r\x1b[K" << render_progress(counts_);
  ctx_.err.flush();
  progress_shown_ = true;
}

void ResultsPrinter::finish(const RunSummary& s) {
  stop_progress();
  std::lock_guard<std::mutex> lock(mutex_);
  if (array_open_) ctx_.out << "\n]\n";
  ctx_.out.flush();
  if (progress_shown_) ctx_.err << "\r\x1b[K";
  if (output_.quiet || !multi()) return;
  // Counts that are usually zero are shown only when they are not.
  std::string extra;
  if (s.duplicates > 0) extra += fmt::format(", {} duplicates", s.duplicates);
  if (s.blank > 0) extra += fmt::format(", {} blank skipped", s.blank);
  // Every record read counts, the ones an early stop left unattempted too.
  if (s.not_attempted > 0) extra += fmt::format(", {} not attempted", s.not_attempted);
  const size_t read = s.valid + s.failed + s.duplicates + s.blank + s.not_attempted;
  if (mode_ == RunMode::Validate) {
    ctx_.err << fmt::format("{} records: {} valid, {} invalid{}\n", read, s.valid, s.failed, extra);
  } else if (mode_ == RunMode::DryRun) {
    ctx_.err << fmt::format("{} records: {} planned, {} invalid{} (dry run, nothing sent)\n", read, s.valid, s.failed,
                            extra);
  } else {
    std::string created = std::to_string(s.created);
    if (s.unmatched > 0) created += fmt::format(" ({} unmatched: no e-mail)", s.unmatched);
    std::string matched;
    if (s.existing > 0) matched += fmt::format(", existing {}", s.existing);
    if (s.merged > 0) matched += fmt::format(", merged {}", s.merged);
    if (s.blank > 0) matched += fmt::format(", blank {}", s.blank);
    std::string not_attempted;
    if (s.not_attempted > 0) not_attempted = fmt::format(", not attempted {}", s.not_attempted);
    ctx_.err << fmt::format("created {}{}, skipped {}, failed {}, unknown {}{} in {:.1f} s; {} requests ({:.1f}/s)",
                            created, matched, s.skipped, s.failed, s.unknown, not_attempted, s.elapsed_seconds,
                            s.requests,
                            s.elapsed_seconds > 0 ? static_cast<double>(s.requests) / s.elapsed_seconds : 0.0);
    if (settled_rate_) ctx_.err << fmt::format("; rate {:.1f}/s of {:g}", settled_rate_->first, settled_rate_->second);
    ctx_.err << "\n";
  }
  // An early stop (ARCHITECTURE.md §5): what happened to the records after the one that stopped it.
  if (s.not_attempted > 0 || s.input_left_unread) {
    std::string unread = "every record was read";
    if (s.input_left_unread) {
      unread = expected_total_ && *expected_total_ >= s.records
                   ? fmt::format("{} never read", *expected_total_ - s.records)
                   : std::string("the rest of the input was never read");
    }
    // The records never read are in no rejects file: the advice is the whole input again.
    const std::string advice =
        mode_ != RunMode::Create ? std::string()
        : journal_used_ ? " (run the same command again on the whole input, with the same --journal, to finish)"
                        : " (run the same command again on the whole input to finish)";
    ctx_.err << fmt::format("stopped early: {} read but not attempted, {}; nothing was sent for them{}\n",
                            s.not_attempted, unread, advice);
  }
}

}  // namespace tc::cli
