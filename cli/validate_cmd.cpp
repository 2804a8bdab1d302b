#include "cli/validate_cmd.hpp"

#include <CLI/CLI.hpp>

#include "cli/results_printer.hpp"
#include "cli/run_support.hpp"
#include "core/lever/apply_mapping.hpp"
#include "core/lever/route.hpp"
#include "core/model/candidate_record.hpp"
#include "core/util/error.hpp"

namespace tc::cli {

CLI::App* setup_validate(CLI::App& app, ValidateOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "validate", "Check records against the bundled schemas; sends nothing (exit 0 valid, 65 invalid)");
  add_target_options(*cmd, o.bindings, o.target, true);
  cmd->get_option("--job-id")->description("Lever posting id (needed with --with-form)");
  add_payload_options(*cmd, o.payload);
  add_connection_options(*cmd, o.bindings, o.connection);
  add_output_options(*cmd, o.bindings, o.output, false);
  cmd->add_flag("--with-form", o.with_form,
                "applicant: also fetch the posting's form and check the answers (reads Lever)");
  cmd->add_flag("--with-lever", o.with_lever,
                "also report the records that would be duplicates: an opportunity on the posting already holds "
                "their e-mail (reads Lever, writes nothing)");
  add_on_duplicate_option(*cmd, o.bindings, o.on_duplicate);
  return cmd;
}

int run_validate(const ValidateOptions& o, const Context& ctx) {
  const Target target = resolve_target(o.target);
  const Validator validator;
  check_target(target, validator, "validate", o.with_form);
  OpenInput input = open_input(o.payload, ctx);
  RecordPreparer prepare = make_preparer(o.payload, input, target, validator, resolve_value_options(o.payload, ctx));

  const OnDuplicate on_duplicate = resolve_on_duplicate(o.on_duplicate, target);
  if (o.with_lever && target.via == Route::Truto) {
    throw Error(ErrorKind::Usage, "--with-lever looks records up in Lever: it needs --via lever");
  }
  std::unique_ptr<LeverSession> session;
  if (o.with_form && target.source != ApplicationSource::Applicant) {
    throw Error(ErrorKind::Usage, "--with-form checks applications: it needs --application-source applicant",
                "see truto-candidates validate --help");
  }
  if (o.with_form || o.with_lever) {
    LeverSettings settings = resolve_lever_settings(o.target, o.connection, nullptr, ctx, true);
    settings.expected_records = o.payload.input.empty() ? std::optional<size_t>(1) : count_records_hint(o.payload);
    session = std::make_unique<LeverSession>(settings, make_transport_factory(o.connection, ctx), ctx.clock, ctx.cancel,
                                             make_trace(o.output, ctx));
  }
  if (o.with_form) {
    // Each record is checked against its own posting's form (a job_id column), each form read once.
    auto forms = std::make_shared<LeverRoute>(*session);
    forms->form();  // the run's posting first: a wrong --job-id stops here, before any record
    prepare = [inner = std::move(prepare), forms](rapidjson::Document& record) {
      std::vector<Problem> problems = inner(record);
      if (!problems.empty()) return problems;
      const CandidateRecord typed = read_candidate_record(record);
      problems = applicant_refusals(typed.lever);
      for (auto& p : plan_apply(typed, *forms->form_for(typed)).problems) problems.push_back(std::move(p));
      return problems;
    };
  }

  RunOptions run;
  run.mode = RunMode::Validate;
  run.concurrency = 1;
  run.target = target;
  run.cancel = ctx.cancel;
  run.clock = &ctx.clock;
  run.on_duplicate = on_duplicate;
  run.check_duplicates = o.with_lever;
  RouteFactory routes;
  if (o.with_lever) routes = [s = session.get()] { return std::make_unique<LeverRoute>(*s); };
  ResultsPrinter printer(o.output, ctx, *input.reader, run.mode);
  const RunSummary summary = run_records(*input.reader, prepare, routes, run, printer);
  printer.finish(summary);
  return conclude(summary, printer, o.payload.allow_empty, exit_code(ErrorKind::InvalidInput));
}

}  // namespace tc::cli
