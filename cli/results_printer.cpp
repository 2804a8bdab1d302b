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
  if (r.status == RecordStatus::Created || r.status == RecordStatus::Skipped) {
    doc.AddMember("candidate", rapidjson::Value(r.payload, a), a);
  } else if (r.status == RecordStatus::Planned) {
    doc.AddMember("plan", rapidjson::Value(r.payload, a), a);
  } else if (r.status == RecordStatus::Failed || r.status == RecordStatus::Unknown) {
    rapidjson::Value error(rapidjson::kObjectType);
    error.AddMember("code", rapidjson::StringRef(error_code_name(r.error_kind)), a);
    error.AddMember("message", make_string(r.message, a), a);
    error.AddMember("pointer", make_string(r.problems.empty() ? std::string() : r.problems.front().pointer, a), a);
    if (!r.hint.empty()) error.AddMember("hint", make_string(r.hint, a), a);
    if (r.problems.size() > 1 || (r.problems.size() == 1 && r.problems[0].message != r.message)) {
      rapidjson::Value problems(rapidjson::kArrayType);
      for (const auto& p : r.problems) {
        rapidjson::Value item(rapidjson::kObjectType);
        item.AddMember("pointer", make_string(p.pointer, a), a);
        item.AddMember("message", make_string(p.message, a), a);
        problems.PushBack(item, a);
      }
      error.AddMember("problems", problems, a);
    }
    doc.AddMember("error", error, a);
  }
  return to_json(doc);
}

ResultsPrinter::ResultsPrinter(const OutputOptions& output, const Context& ctx, const RecordReader& reader,
                               RunMode mode)
    : output_(output), ctx_(ctx), reader_(reader), mode_(mode), started_(ctx.clock.now_seconds()) {}

ResultsPrinter::~ResultsPrinter() = default;

bool ResultsPrinter::multi() const { return reader_.is_multi(); }

void ResultsPrinter::on_result(const RecordResult& result) {
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
  if (result_line && r.status != RecordStatus::Created && r.status != RecordStatus::Skipped) {
    ctx_.out << result_json(r) << "\n";
  }
  switch (r.status) {
    case RecordStatus::Failed:
    case RecordStatus::Unknown: single_error_ = error_of(r); return;
    case RecordStatus::Valid:
      if (!output_.quiet && !result_line) ctx_.err << "valid\n";
      return;
    case RecordStatus::Planned:
      if (!result_line) ctx_.out << to_pretty_json(r.payload) << "\n";
      return;
    case RecordStatus::Created:
    case RecordStatus::Skipped: break;
  }
  if (!output_.field.empty()) {
    if (auto value = field_value(r.payload, output_.field)) {
      ctx_.out << *value << "\n";
    } else {
      ctx_.err << "warning: the candidate has no value at " << output_.field << "\n";
    }
  } else if (format_ == "table") {
    ctx_.out << render_candidate_table(r.payload, TableStyle{ctx_.terminal.width, ctx_.terminal.color_stdout});
  } else if (format_ == "ndjson") {
    ctx_.out << result_json(r) << "\n";
  } else {
    ctx_.out << to_pretty_json(r.payload) << "\n";
  }
  if (ctx_.terminal.stderr_tty && !output_.quiet) {
    const char* verb = r.status == RecordStatus::Created ? "Created" : "Already created";
    ctx_.err << verb << " candidate " << candidate_name(r.payload) << " (" << r.id << ")\n";
  }
}

void ResultsPrinter::print_row(const RecordResult& r) {
  if (format_ == "ndjson") {
    ctx_.out << result_json(r) << "\n";
  } else if (format_ == "json") {
    ctx_.out << (array_open_ ? ",\n" : "[\n") << result_json(r);
    array_open_ = true;
  } else {
    std::string detail;
    if (r.status == RecordStatus::Created || r.status == RecordStatus::Skipped) {
      detail = candidate_name(r.payload);
    } else if (r.status == RecordStatus::Failed || r.status == RecordStatus::Unknown) {
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

void ResultsPrinter::print_table_row(const std::vector<std::string>& cells) {
  // Fixed column widths, so rows can be printed as they come and still line up.
  static const std::vector<std::string> header = {"INDEX", "LINE", "STATUS", "ID", "DETAIL"};
  const size_t fixed = 7 + 7 + 9 + 38;
  const size_t detail = ctx_.terminal.width > fixed + 10 ? ctx_.terminal.width - fixed : 10;
  const std::vector<size_t> widths = {7, 7, 9, 38, detail};
  auto line = [&](const std::vector<std::string>& row, bool bold) {
    std::string out;
    for (size_t i = 0; i < row.size(); ++i) {
      std::string cell = truncate_to_width(row[i], i + 1 < row.size() ? widths[i] - 2 : widths[i]);
      if (i + 1 < row.size()) cell += std::string(widths[i] - display_width(cell), ' ');
      out += cell;
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (bold && ctx_.terminal.color_stdout) out = "\x1b[1m" + out + "\x1b[0m";
    return out + "\n";
  };
  if (!table_header_shown_) {
    ctx_.out << line(header, true);
    table_header_shown_ = true;
  }
  ctx_.out << line(cells, false);
}

void ResultsPrinter::progress() {
  if (!ctx_.terminal.stderr_tty || output_.quiet) return;
  const double now = ctx_.clock.now_seconds();
  if (now - last_progress_ < 0.1 && !(expected_total_ && seen_ == *expected_total_)) return;
  last_progress_ = now;
  const double elapsed = now - started_;
  const double rate = elapsed > 0 ? static_cast<double>(seen_) / elapsed : 0;
  std::string text;
  if (expected_total_ && *expected_total_ >= seen_) {
    const size_t total = *expected_total_;
    const size_t width = 24;
    const size_t filled = total == 0 ? width : width * seen_ / total;
    const double eta = rate > 0 ? static_cast<double>(total - seen_) / rate : 0;
    text = fmt::format("[{}{}] {}/{} {:.0f}% {:.1f}/s ETA {}:{:02}", std::string(filled, '#'),
                       std::string(width - filled, '-'), seen_, total, total ? 100.0 * seen_ / total : 100.0, rate,
                       static_cast<int>(eta) / 60, static_cast<int>(eta) % 60);
  } else {
    text = fmt::format("{} records, {:.1f}/s, {:.0f} s", seen_, rate, elapsed);
  }
  ctx_.err << "\r\x1b[K" << text;
  ctx_.err.flush();
  progress_shown_ = true;
}

void ResultsPrinter::finish(const RunSummary& s) {
  if (array_open_) ctx_.out << "\n]\n";
  ctx_.out.flush();
  if (progress_shown_) ctx_.err << "\r\x1b[K";
  if (output_.quiet || !multi()) return;
  if (mode_ == RunMode::Validate) {
    ctx_.err << fmt::format("{} records: {} valid, {} invalid\n", s.valid + s.failed, s.valid, s.failed);
  } else if (mode_ == RunMode::DryRun) {
    ctx_.err << fmt::format("{} records: {} planned, {} invalid (dry run, nothing sent)\n", s.valid + s.failed, s.valid,
                            s.failed);
  } else {
    ctx_.err << fmt::format("created {}, skipped {}, failed {}, unknown {} in {:.1f} s; {} requests ({:.1f}/s)",
                            s.created, s.skipped, s.failed, s.unknown, s.elapsed_seconds, s.requests,
                            s.elapsed_seconds > 0 ? static_cast<double>(s.requests) / s.elapsed_seconds : 0.0);
    if (settled_rate_) ctx_.err << fmt::format("; rate {:.1f}/s of {:g}", settled_rate_->first, settled_rate_->second);
    ctx_.err << "\n";
  }
}

}  // namespace tc::cli
