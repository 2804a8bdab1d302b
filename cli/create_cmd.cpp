#include "cli/create_cmd.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <CLI/CLI.hpp>
#include <atomic>
#include <functional>
#include <memory>

#include "cli/results_printer.hpp"
#include "cli/run_support.hpp"
#include "core/lever/route.hpp"
#include "core/model/candidate_record.hpp"
#include "core/run/output.hpp"
#include "core/run/rejects_writer.hpp"
#include "core/truto/route.hpp"
#include "core/util/error.hpp"

namespace tc::cli {
namespace {

// The flag a pointer of the `lever` object comes from, for messages about batch-wide values.
std::string flag_of(const std::string& pointer) {
  if (pointer.rfind("/lever/followers", 0) == 0) return "--follower";
  if (pointer == "/lever/archive_reason") return "--archive-reason";
  return "--" + pointer.substr(pointer.rfind('/') + 1);
}

// "A typo in any name stops the run before any write" (docs/lever-contract.md §2, "Names"): the names
// the flags give are resolved first; then, when the input is a regular file that can be read twice, every
// record's names are (the pre-pass; a --dry-run writes nothing and skips it). Records read from stdin
// are resolved one by one as they come: a record whose name does not resolve fails, the run goes on.
// An applicant's owner and followers are refused before any of this (applicant_refusals): never looked up.
void check_lever_names_first(const PayloadOptions& payload, LeverSession& lever, const Context& ctx, bool pre_pass,
                             bool applicant) {
  const FieldFlags flags = payload.field_flags();
  FieldFlags names_only;
  if (!applicant) {
    names_only.owner = flags.owner;
    names_only.followers = flags.followers;
  }
  names_only.stage = flags.stage;
  names_only.archive_reason = flags.archive_reason;
  if (names_only.any()) {
    rapidjson::Document from_flags(rapidjson::kObjectType);
    apply_field_flags(from_flags, names_only);
    std::vector<Problem> problems = lever.names().resolve(from_flags);
    for (auto& p : problems) p.message = flag_of(p.pointer) + ": " + p.message;
    if (!problems.empty()) {
      const std::string message =
          fmt::format("{} Lever name(s) given by flags do not resolve; nothing was sent", problems.size());
      throw Error(ErrorKind::InvalidInput, message, std::move(problems), "give a name from the lists above, or the id");
    }
  }
  struct stat st {};
  if (!pre_pass || payload.input.empty() || payload.input == "-" || ::stat(payload.input.c_str(), &st) != 0 ||
      !S_ISREG(st.st_mode)) {
    return;
  }
  OpenInput again = open_input(payload, ctx, false);  // the run's own reading says the notices
  std::function<bool(const rapidjson::Value&)> refused;
  if (applicant)
    refused = [](const rapidjson::Value& record) { return !applicant_refusals(read_lever_fields(record)).empty(); };
  std::vector<Problem> problems = unresolved_names_in(*again.reader, lever.names(), refused);
  if (!problems.empty()) {
    throw Error(ErrorKind::InvalidInput,
                fmt::format("Lever names in {} do not resolve; nothing was sent", payload.input), std::move(problems),
                "fix those names (the known ones are listed) or give ids, then run again");
  }
}

bool is_regular_file(const std::string& path) {
  struct stat st {};
  return !path.empty() && path != "-" && ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// "A date that reads two ways stops the run before any write" (ARCHITECTURE.md §4, "Values as exports write
// them"): --created-at, then every date of an input file that can be read twice. Stdin's records are
// checked one by one as they come.
void check_dates_first(const PayloadOptions& payload, const DateOptions& dates, const Context& ctx) {
  if (!payload.created_at.empty() && payload.created_at_opt != nullptr && payload.created_at_opt->count() > 0) {
    const DateReading reading = read_date(payload.created_at, dates);
    if (reading.rfc3339.empty())
      throw Error(ErrorKind::InvalidInput, "--created-at \"" + payload.created_at + "\" " + reading.problem);
  }
  if (!is_regular_file(payload.input)) return;
  OpenInput again = open_input(payload, ctx, false);  // the run's own reading says the notices
  std::vector<Problem> problems = date_problems_in(*again.reader, dates);
  if (!problems.empty()) {
    throw Error(ErrorKind::InvalidInput, fmt::format("dates in {} do not read; nothing was sent", payload.input),
                std::move(problems),
                "pass --date-format with the file's date form (strptime, e.g. '%m/%d/%Y' for US dates), or fix "
                "those cells");
  }
}

// The preparer of the lever route: after the flags and validation, names become ids in place.
RecordPreparer resolving_names(RecordPreparer prepare, LeverNameResolver& names, bool applicant) {
  return [prepare = std::move(prepare), &names, applicant](rapidjson::Document& record) {
    std::vector<Problem> problems = prepare(record);
    if (problems.empty() && applicant) problems = applicant_refusals(read_lever_fields(record));
    if (problems.empty() && LeverNameResolver::has_names(record)) problems = names.resolve(record);
    return problems;
  };
}

}  // namespace

namespace {

// Each result to the printer, and the rejected ones to the --rejects file.
class PrintAndReject : public ResultSink {
 public:
  PrintAndReject(ResultsPrinter& printer, RejectsWriter* rejects) : printer_(printer), rejects_(rejects) {}
  void on_result(const RecordResult& result) override {
    if (rejects_ != nullptr) rejects_->write(result);
    printer_.on_result(result);
  }

 private:
  ResultsPrinter& printer_;
  RejectsWriter* rejects_;
};

bool same_file(const std::string& a, const std::string& b) {
  struct stat sa {
  }, sb{};
  return ::stat(a.c_str(), &sa) == 0 && ::stat(b.c_str(), &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

// --rejects is written while the input and the journal are read: it must be neither.
void check_rejects_path(const CreateOptions& o) {
  const std::string& rejects = o.bulk.rejects;
  if (rejects.empty()) return;
  if (o.payload.input.empty())
    throw Error(ErrorKind::Usage, "--rejects needs --input: it writes the rejected records in the input's format");
  if (same_file(rejects, o.payload.input))
    throw Error(ErrorKind::Usage, "--rejects " + rejects + " is the input file; it would be replaced while read",
                "write the rejects to another file (e.g. rejects2.csv) and feed that one back next");
  if (!o.bulk.journal.empty() && (rejects == o.bulk.journal || same_file(rejects, o.bulk.journal)))
    throw Error(ErrorKind::Usage, "--rejects and --journal name the same file");
}

// The session the run sends through (Lever's or Truto's) and the routes the workers make from it.
struct CreateSessions {
  std::unique_ptr<LeverSession> lever;
  std::unique_ptr<TrutoSession> truto;
  bool can_read_names = false;  // a Lever key is set: names can become ids
  RouteFactory routes;
};

CreateSessions open_sessions(const CreateOptions& o, const Target& target, const TransportFactory& transports,
                             std::optional<size_t> expected_records, const Context& ctx) {
  CreateSessions sessions;
  if (target.via == Route::Truto) {
    sessions.truto =
        std::make_unique<TrutoSession>(resolve_truto_settings(o.target, o.connection, o.truto, o.bulk, ctx, !o.dry_run),
                                       transports, ctx.clock, ctx.cancel, make_trace(o.output, ctx));
    sessions.routes = [session = sessions.truto.get()] { return std::make_unique<TrutoRoute>(*session); };
    return sessions;
  }
  LeverSettings settings = resolve_lever_settings(o.target, o.connection, &o.bulk, ctx, !o.dry_run || o.with_lever);
  settings.expected_records = expected_records;
  sessions.can_read_names = !settings.endpoint.credentials.secret.empty();
  if (!o.dry_run && target.source == ApplicationSource::Lead && settings.perform_as.empty()) {
    throw Error(ErrorKind::Config, "no Lever user to act as (perform_as)",
                "set --perform-as USER_ID_OR_EMAIL or LEVER_PERFORM_AS; Lever needs it to create leads");
  }
  sessions.lever =
      std::make_unique<LeverSession>(std::move(settings), transports, ctx.clock, ctx.cancel, make_trace(o.output, ctx));
  sessions.routes = [session = sessions.lever.get()] { return std::make_unique<LeverRoute>(*session); };
  return sessions;
}

RunOptions create_run_options(const CreateOptions& o, const Target& target, OnDuplicate on_duplicate, Journal* journal,
                              const Context& ctx) {
  RunOptions run;
  run.mode = o.dry_run ? RunMode::DryRun : RunMode::Create;
  run.concurrency = o.bulk.concurrency;
  run.fail_fast = o.bulk.fail_fast;
  run.journal = journal;
  run.target = target;
  run.cancel = ctx.cancel;
  run.clock = &ctx.clock;
  run.in_flight_settle_seconds = o.connection.timeout;
  run.on_duplicate = on_duplicate;
  run.check_duplicates = o.dry_run && o.with_lever;
  return run;
}

// Lever names (owner, stage, …) become ids before the record is sent. A dry run without a key plans with
// the names as given (nothing can look them up) and sets `names_left_as_given`, to say so after.
RecordPreparer with_lever_names(RecordPreparer prepare, const CreateOptions& o, const CreateSessions& sessions,
                                const Target& target, const std::shared_ptr<std::atomic<bool>>& names_left_as_given,
                                const Context& ctx) {
  if (!sessions.lever) return prepare;
  if (sessions.can_read_names || !o.dry_run) {
    const bool applicant = target.source == ApplicationSource::Applicant;
    check_lever_names_first(o.payload, *sessions.lever, ctx, !o.dry_run, applicant);
    return resolving_names(std::move(prepare), sessions.lever->names(), applicant);
  }
  return [inner = std::move(prepare), names_left_as_given](rapidjson::Document& record) {
    std::vector<Problem> problems = inner(record);
    if (problems.empty() && LeverNameResolver::has_names(record)) *names_left_as_given = true;
    return problems;
  };
}

// After the summary: where the records not created went, and how to send them again.
void tell_rejects_written(const CreateOptions& o, const RejectsWriter& rejects, bool interrupted, const Context& ctx) {
  ctx.err << rejects.written() << (rejects.written() == 1 ? " record" : " records") << " not created written to "
          << rejects.path();
  // An interrupted run never read the records after the last one: the rejects file lacks them.
  if (interrupted)
    ctx.err << "; the run was interrupted, so run the same command again on the whole input"
            << (o.bulk.journal.empty() ? "" : " with the same --journal " + o.bulk.journal) << "\n";
  else
    ctx.err << ": fix them there and run again with --input " << rejects.path() << " (and the same --journal)\n";
}

}  // namespace

CLI::App* setup_create(CLI::App& app, CreateOptions& o) {
  CLI::App* cmd =
      app.add_subcommand("create", "Create candidates in Lever (one from flags or a file; many from a stream)");
  add_target_options(*cmd, o.bindings, o.target, true);
  add_payload_options(*cmd, o.payload);
  add_connection_options(*cmd, o.bindings, o.connection);
  add_output_options(*cmd, o.bindings, o.output, true);
  add_bulk_options(*cmd, o.bindings, o.bulk);
  add_truto_options(*cmd, o.truto);
  cmd->add_flag("--dry-run", o.dry_run, "validate, map and print the request(s) as JSON; send nothing");
  cmd->add_flag("--with-lever", o.with_lever,
                "with --dry-run: also report the records that would be duplicates (reads Lever, writes nothing)");
  return cmd;
}

int run_create(const CreateOptions& o, const Context& ctx) {
  const Target target = resolve_target(o.target);
  const Validator validator;
  // With --input, records may name their own posting (job_id): one without fails alone (ARCHITECTURE.md §5).
  check_target(target, validator, "create", o.payload.input.empty());
  if (!o.output.field.empty() && !is_json_pointer(o.output.field)) {
    throw Error(ErrorKind::Usage, "--field \"" + o.output.field + "\" is not a JSON pointer", "example: --field /id");
  }
  const OnDuplicate on_duplicate = resolve_on_duplicate(o.bulk.on_duplicate, target);
  check_rejects_path(o);
  const TransportFactory transports = make_transport_factory(o.connection, ctx);
  // Without --input the record comes from the field flags: one record.
  const std::optional<size_t> expected_records =
      o.payload.input.empty() ? std::optional<size_t>(1) : count_records_hint(o.payload);
  if (o.with_lever && !o.dry_run) {
    throw Error(ErrorKind::Usage, "--with-lever belongs to --dry-run (create always checks for duplicates)");
  }
  if (o.with_lever && target.via == Route::Truto) {
    throw Error(ErrorKind::Usage, "--with-lever looks records up in Lever: it needs --via lever");
  }
  CreateSessions sessions = open_sessions(o, target, transports, expected_records, ctx);
  LeverSession* lever = sessions.lever.get();
  OpenInput input = open_input(o.payload, ctx);
  std::unique_ptr<Journal> journal;
  if (!o.bulk.journal.empty() && !o.dry_run) journal = std::make_unique<Journal>(o.bulk.journal);

  const RunOptions run = create_run_options(o, target, on_duplicate, journal.get(), ctx);

  ResultsPrinter printer(o.output, ctx, *input.reader, run.mode);
  printer.set_expected_total(expected_records);
  std::unique_ptr<RejectsWriter> rejects;
  if (!o.bulk.rejects.empty()) rejects = std::make_unique<RejectsWriter>(o.bulk.rejects, *input.reader);
  PrintAndReject sink(printer, rejects.get());
  const RecordValueOptions values = resolve_value_options(o.payload, ctx);
  RecordPreparer prepare = make_preparer(o.payload, input, target, validator, values);
  if (!o.dry_run) check_dates_first(o.payload, values.dates, ctx);
  auto names_left_as_given = std::make_shared<std::atomic<bool>>(false);
  prepare = with_lever_names(std::move(prepare), o, sessions, target, names_left_as_given, ctx);
  printer.set_journal_used(journal != nullptr);
  printer.start_progress();
  RunSummary summary = run_records(*input.reader, prepare, sessions.routes, run, sink);
  if (lever) summary.requests += lever->name_requests_sent();
  RouteEnvironment& environment = lever ? static_cast<RouteEnvironment&>(*lever) : *sessions.truto;
  if (!o.dry_run && environment.limiter().ceiling() > 0)
    printer.set_settled_rate(environment.limiter().current_rate(), environment.limiter().ceiling());
  printer.finish(summary);
  if (*names_left_as_given && !o.output.quiet) {
    ctx.err << "note: no Lever key, so owner, follower, stage and archive reason names are planned as given, not "
               "resolved to ids (set LEVER_API_KEY to see the ids)\n";
  }
  if (rejects && rejects->written() > 0 && !o.output.quiet) tell_rejects_written(o, *rejects, summary.interrupted, ctx);
  // A dry run's failed records are invalid ones: 65, as `validate` says.
  return conclude(summary, printer, o.payload.allow_empty, o.dry_run ? exit_code(ErrorKind::InvalidInput) : 1);
}

}  // namespace tc::cli
