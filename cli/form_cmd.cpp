#include "cli/form_cmd.hpp"

#include <CLI/CLI.hpp>

#include "core/lever/job_form.hpp"
#include "core/lever/route.hpp"
#include "core/run/output.hpp"
#include "core/util/error.hpp"
#include "core/util/json_util.hpp"

namespace tc::cli {

CLI::App* setup_form(CLI::App& app, FormOptions& o) {
  CLI::App* cmd = app.add_subcommand("form", "Show a posting's application form as unified job form fields");
  cmd->add_option("--job-id", o.target.job_id, "Lever posting id (required)")->required();
  add_connection_options(*cmd, o.bindings, o.connection);
  add_output_options(*cmd, o.bindings, o.output, false);
  return cmd;
}

int run_form(const FormOptions& o, const Context& ctx) {
  TargetOptions target = o.target;
  target.application_source = "applicant";
  const LeverSettings settings = resolve_lever_settings(target, o.connection, nullptr, ctx, true);
  LeverSession session(settings, make_transport_factory(o.connection, ctx), ctx.clock, ctx.cancel,
                       make_trace(o.output, ctx));
  const rapidjson::Document fields = unified_job_form_fields(*LeverRoute(session).form());

  std::string format = o.output.output;
  if (format.empty()) format = ctx.terminal.stdout_tty ? "table" : "json";
  if (format == "json") {
    ctx.out << to_pretty_json(fields) << "\n";
  } else if (format == "ndjson") {
    for (const auto& f : fields.GetArray()) ctx.out << to_json(f) << "\n";
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& f : fields.GetArray()) {
      std::string options;
      if (const auto* list = get_member(f, "options"); list != nullptr && list->IsArray()) {
        for (const auto& option : list->GetArray()) {
          options += (options.empty() ? "" : ", ") + get_string(option, "label");
        }
      }
      const auto* required = get_member(f, "required");
      rows.push_back({get_string(f, "group_id"), get_string(f, "name"), get_string(f, "label"), get_string(f, "type"),
                      required != nullptr && required->IsBool() && required->GetBool() ? "yes" : "", options});
    }
    // GROUP and NAME are what --answer takes back: they are the last to be cut on a terminal.
    ctx.out << render_table({"GROUP", "NAME", "LABEL", "TYPE", "REQUIRED", "OPTIONS"}, rows, table_style(ctx.terminal),
                            {0, 1});
  }
  return 0;
}

}  // namespace tc::cli
