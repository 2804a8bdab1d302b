#include "cli/schema_cmd.hpp"

#include <CLI/CLI.hpp>

#include "core/validation/validation.hpp"

namespace tc::cli {

CLI::App* setup_schema(CLI::App& app, SchemaOptions& o) {
  CLI::App* cmd =
      app.add_subcommand("schema", "Print a bundled JSON schema: request, query, candidate or job-form-field");
  cmd->add_option("name", o.name, "request (default), query, candidate or job-form-field");
  return cmd;
}

int run_schema(const SchemaOptions& o, const Context& ctx) {
  ctx.out << schema_text(o.name);
  if (ctx.out.tellp() != 0) ctx.out << (schema_text(o.name).back() == '\n' ? "" : "\n");
  return 0;
}

}  // namespace tc::cli
