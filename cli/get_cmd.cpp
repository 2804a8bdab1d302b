#include "cli/get_cmd.hpp"

#include <CLI/CLI.hpp>

#include <memory>
#include <optional>

#include "cli/setting_options.hpp"
#include "core/lever/candidate_reader.hpp"
#include "core/run/output.hpp"
#include "core/util/error.hpp"
#include "core/util/json_util.hpp"

namespace tc::cli {

CLI::App* setup_get(CLI::App& app, GetOptions& o) {
  CLI::App* cmd = app.add_subcommand("get", "Print an existing candidate (a Lever opportunity) as a unified candidate");
  cmd->add_option("id", o.id, "the candidate's id, as create printed it (Lever's opportunity id)")->required();
  add_setting_flag(*cmd, "via", o.via, "lever (default); get reads from Lever directly, truto is refused");
  add_connection_options(*cmd, o.bindings, o.connection);
  add_output_options(*cmd, o.bindings, o.output, true);
  return cmd;
}

int run_get(const GetOptions& o, const Context& ctx) {
  if (o.via == "truto") {
    throw Error(ErrorKind::Usage, "get reads candidates from Lever only; --via truto is not supported",
                "run get with --via lever and Lever credentials (LEVER_API_KEY or LEVER_ACCESS_TOKEN)");
  }
  const LeverSettings settings = resolve_lever_settings(TargetOptions{}, o.connection, nullptr, ctx, true);
  LeverSession session(settings, make_transport_factory(o.connection, ctx), ctx.clock, ctx.cancel,
                       make_trace(o.output, ctx));
  const std::unique_ptr<HttpTransport> transport = session.new_transport();
  RequestExecutor executor = session.executor(*transport, settings.retry);
  LeverApi api(settings.endpoint, executor);
  const rapidjson::Document candidate = read_lever_candidate(api, o.id);

  std::string format = o.output.output;
  if (format.empty()) format = ctx.terminal.stdout_tty ? "table" : "json";
  if (!o.output.field.empty()) {
    if (const std::optional<std::string> value = field_value(candidate, o.output.field)) {
      ctx.out << *value << "\n";
    } else {
      ctx.err << "warning: the candidate has no value at " << o.output.field << "\n";
    }
  } else if (format == "table") {
    ctx.out << render_candidate_table(candidate, TableStyle{ctx.terminal.width, ctx.terminal.color_stdout});
  } else if (format == "ndjson") {
    ctx.out << to_json(candidate) << "\n";
  } else {
    ctx.out << to_pretty_json(candidate) << "\n";
  }
  return 0;
}

}  // namespace tc::cli
