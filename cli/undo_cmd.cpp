#include "cli/undo_cmd.hpp"

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include <memory>
#include <mutex>

#include "cli/setting_options.hpp"
#include "cli/terminal.hpp"
#include "core/lever/undo.hpp"
#include "core/run/output.hpp"
#include "core/run/undo_runner.hpp"
#include "core/run/undo_sources.hpp"
#include "core/util/error.hpp"
#include "core/util/json_util.hpp"
#include "core/util/strings.hpp"

namespace tc::cli {

namespace {

std::string records_text(const std::vector<size_t>& records) {
  std::vector<std::string> numbers;
  for (size_t r : records) numbers.push_back(std::to_string(r));
  return join(numbers, ",");
}

rapidjson::Document result_json(const UndoResult& r) {
  rapidjson::Document out(rapidjson::kObjectType);
  auto& a = out.GetAllocator();
  out.AddMember("id", make_string(r.id, a), a);
  rapidjson::Value records(rapidjson::kArrayType);
  for (size_t i : r.records) records.PushBack(static_cast<uint64_t>(i), a);
  out.AddMember("records", records, a);
  out.AddMember("status", rapidjson::StringRef(to_string(r.status)), a);
  if (!r.message.empty()) out.AddMember("message", make_string(r.message, a), a);
  auto add_list = [&](const char* key, const std::vector<std::string>& items) {
    if (items.empty()) return;
    rapidjson::Value list(rapidjson::kArrayType);
    for (const auto& item : items) list.PushBack(make_string(item, a), a);
    out.AddMember(rapidjson::StringRef(key), list, a);
  };
  add_list("actions", r.actions);
  add_list("files_left", r.files_left);
  if (r.status == UndoStatus::Failed) {
    rapidjson::Value error(rapidjson::kObjectType);
    error.AddMember("code", rapidjson::StringRef(error_code_name(r.error_kind)), a);
    error.AddMember("message", make_string(r.message, a), a);
    out.AddMember("error", error, a);
  }
  return out;
}

// Prints each result as it comes (ndjson), or collects them (json, table) until the end; on a terminal a
// progress line on stderr, redrawn at each result.
class UndoPrinter : public UndoSink {
 public:
  UndoPrinter(std::string format, const Context& ctx, size_t total, bool progress)
      : format_(std::move(format)), ctx_(ctx), total_(total), progress_(progress) {}
  void on_result(const UndoResult& r) override {
    ++counts_[static_cast<size_t>(r.status)];
    ++done_;
    if (progress_) {
      ctx_.err << fmt::format("\r\x1b[Kundo {}/{} | archived {}, reverted {}, untouched {}, changed {}, failed {}",
                              done_, total_, counts_[0], counts_[1], counts_[2], counts_[3], counts_[4]);
      ctx_.err.flush();
    }
    if (format_ == "ndjson") {
      ctx_.out << to_json(result_json(r)) << "\n";
      ctx_.out.flush();
    } else if (format_ == "json") {
      results_.push_back(to_pretty_json(result_json(r)));
    } else {
      std::string detail = r.message;
      if (!r.actions.empty()) detail = join(r.actions, "; ") + (detail.empty() ? "" : "; " + detail);
      if (!r.files_left.empty()) detail += (detail.empty() ? "" : "; ") + ("files left: " + join(r.files_left, ", "));
      rows_.push_back({r.id, records_text(r.records), to_string(r.status), detail});
    }
  }
  void finish() {
    if (progress_ && done_ > 0) ctx_.err << "\r\x1b[K";
    if (format_ == "json") {
      ctx_.out << "[" << join(results_, ",\n") << "]\n";
    } else if (format_ == "table" && !rows_.empty()) {
      const TableStyle style = table_style(ctx_.terminal);
      ctx_.out << render_table({"ID", "RECORDS", "STATUS", "DETAIL"}, rows_, style, {0});
    }
  }

 private:
  std::string format_;
  const Context& ctx_;
  size_t total_ = 0;
  bool progress_ = false;
  size_t done_ = 0;
  size_t counts_[6] = {};  // by UndoStatus
  std::vector<std::string> results_;
  std::vector<std::vector<std::string>> rows_;
};

void check_options(const UndoOptions& o) {
  if (o.via == "truto") {
    throw Error(ErrorKind::Usage,
                "undo calls Lever directly: Truto's unified API has no call to archive a candidate or to take "
                "tags, links, sources and notes back",
                "run undo with --via lever (the default) and Lever credentials (LEVER_API_KEY or LEVER_ACCESS_TOKEN)");
  }
  if (o.journal.empty() == o.results.empty()) {
    throw Error(ErrorKind::Usage, "undo needs one of --journal FILE (the create run's journal) or --results FILE",
                "--journal is better: it records what each record added; --results only says what was created");
  }
  if (o.archive_reason.empty()) {
    throw Error(ErrorKind::Usage, "undo needs --archive-reason NAME: Lever archives with a reason",
                "e.g. --archive-reason Withdrew: the name of one of Lever's archive reasons (any case), or its id");
  }
}

}  // namespace

CLI::App* setup_undo(CLI::App& app, UndoOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "undo",
      "Take a create run back: archive what it created, remove what it merged in (tags, links, sources, notes)");
  const char* g = "Undo";
  cmd->add_option("--journal", o.journal, "the --journal FILE of the create run to take back")->group(g);
  cmd->add_option("--results", o.results,
                  "or the run's NDJSON results FILE (create -o ndjson), for runs without a journal")
      ->group(g);
  cmd->add_option("--archive-reason", o.archive_reason,
                  "archive created opportunities with this reason: its name (any case) or id")
      ->group(g);
  cmd->add_flag("--dry-run", o.dry_run, "print the plan, one line per opportunity; send and write nothing")->group(g);
  add_setting_flag(*cmd, "via", o.via, "lever (default); undo calls Lever directly, truto is refused")->group(g);
  add_connection_options(*cmd, o.bindings, o.connection);
  add_output_options(*cmd, o.bindings, o.output, false);
  add_setting_option(*cmd, o.bindings, "concurrency", o.bulk.concurrency,
                     "opportunities in flight at once (default {default})")
      ->group("Bulk");
  add_setting_option(*cmd, o.bindings, "rate", o.bulk.rate, "highest requests/s, all workers together (default 10)")
      ->group("Bulk");
  return cmd;
}

int run_undo(const UndoOptions& o, const Context& ctx) {
  check_options(o);
  const std::string source = o.journal.empty() ? o.results : o.journal;
  const std::vector<UndoTarget> targets =
      o.journal.empty() ? undo_targets_from_results(o.results) : undo_targets_from_journal(o.journal);
  LeverSettings settings = resolve_lever_settings(TargetOptions{}, o.connection, &o.bulk, ctx, !o.dry_run);
  LeverSession session(std::move(settings), make_transport_factory(o.connection, ctx), ctx.clock, ctx.cancel,
                       make_trace(o.output, ctx));
  std::string reason_id;
  if (!o.dry_run) reason_id = resolve_archive_reason(session, o.archive_reason);
  UndoProgress progress(source + ".undo", !o.dry_run);

  UndoRunOptions run;
  run.concurrency = o.bulk.concurrency;
  run.dry_run = o.dry_run;
  run.reason_name = o.archive_reason;
  run.progress = &progress;
  run.cancel = ctx.cancel;
  run.clock = &ctx.clock;
  std::string format = o.output.output;
  if (format.empty()) format = ctx.terminal.stdout_tty ? "table" : "ndjson";
  UndoPrinter printer(format, ctx, targets.size(), ctx.terminal.stderr_tty && !o.output.quiet);
  const UndoerFactory undoers = [&session, &reason_id] { return std::make_unique<LeverUndo>(session, reason_id); };
  UndoSummary summary = tc::run_undo(targets, undoers, run, printer);
  summary.requests += session.name_requests_sent();
  printer.finish();
  if (!o.output.quiet) {
    ctx.err << fmt::format(
        "undo{}: {} opportunities: {} archived, {} reverted, {} untouched, {} changed since the run, {} failed{} "
        "({} requests, {:.1f} s{})\n",
        o.dry_run ? " --dry-run" : "", summary.targets, summary.archived, summary.reverted, summary.untouched,
        summary.changed, summary.failed, o.dry_run ? fmt::format(", {} planned", summary.planned) : "",
        summary.requests, summary.elapsed_seconds, o.dry_run ? "; nothing sent" : "; progress in " + progress.path());
  }
  if (summary.fatal) throw *summary.fatal;
  return summary.failed > 0 || summary.changed > 0 ? 1 : 0;
}

}  // namespace tc::cli
