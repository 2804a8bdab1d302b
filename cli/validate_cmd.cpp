#include "cli/validate_cmd.hpp"

#include <CLI/CLI.hpp>

#include "cli/results_printer.hpp"
#include "cli/run_support.hpp"
#include "core/lever/apply_mapping.hpp"
#include "core/lever/route.hpp"
#include "core/util/error.hpp"

namespace tc::cli {

CLI::App* setup_validate(CLI::App& app, ValidateOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "validate", "Check records against the bundled schemas; sends nothing (exit 0 valid, 65 invalid)");
  add_target_options(*cmd, o.target, true);
  cmd->get_option("--job-id")->description("Lever posting id (needed with --with-form)");
  add_payload_options(*cmd, o.payload);
  add_connection_options(*cmd, o.connection);
  add_output_options(*cmd, o.output, false);
  cmd->add_flag("--with-form", o.with_form,
                "applicant: also fetch the posting's form and check the answers (the only network it uses)");
  return cmd;
}

int run_validate(const ValidateOptions& o, const Context& ctx) {
  const Target target = resolve_target(o.target);
  const Validator validator;
  check_target(target, validator, "validate", o.with_form);
  OpenInput input = open_input(o.payload, ctx);
  RecordPreparer prepare = make_preparer(o.payload, input, target, validator);

  std::unique_ptr<LeverSession> session;
  std::shared_ptr<const JobForm> form;
  if (o.with_form) {
    if (target.source != ApplicationSource::Applicant) {
      throw Error(ErrorKind::Usage, "--with-form checks applications: it needs --application-source applicant",
                  "see truto-candidates validate --help");
    }
    const LeverSettings settings = resolve_lever_settings(o.target, o.connection, nullptr, ctx, true);
    session = std::make_unique<LeverSession>(settings, make_transport_factory(o.connection, ctx), ctx.clock, ctx.cancel,
                                             make_trace(o.output, ctx));
    form = LeverRoute(*session).form();
    prepare = [inner = std::move(prepare), form](rapidjson::Document& record) {
      std::vector<Problem> problems = inner(record);
      if (!problems.empty()) return problems;
      return plan_apply(record, *form).problems;
    };
  }

  RunOptions run;
  run.mode = RunMode::Validate;
  run.concurrency = 1;
  run.target = target;
  run.cancel = ctx.cancel;
  run.clock = &ctx.clock;
  ResultsPrinter printer(o.output, ctx, *input.reader, run.mode);
  const RunSummary summary = run_records(*input.reader, prepare, RouteFactory(), run, printer);
  printer.finish(summary);
  return conclude(summary, printer, o.payload.allow_empty, exit_code(ErrorKind::InvalidInput));
}

}  // namespace tc::cli
