#include "cli/app.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <sstream>
#include <string>

#include "cli/completion_cmd.hpp"
#include "cli/config_cmd.hpp"
#include "cli/create_cmd.hpp"
#include "cli/doctor_cmd.hpp"
#include "cli/form_cmd.hpp"
#include "cli/get_cmd.hpp"
#include "cli/schema_cmd.hpp"
#include "cli/validate_cmd.hpp"
#include "core/util/error.hpp"

namespace tc::cli {

namespace {

const char* kDescription =
    "truto-candidates: create candidates in Lever through Truto's Unified ATS model.\n"
    "Validates every record against bundled JSON schemas, maps it onto Lever's API, creates the\n"
    "candidate, reads it back and prints the unified candidate.";

const char* kFooter =
    "Credentials come from the environment (LEVER_API_KEY or LEVER_ACCESS_TOKEN) or --api-key-file.\n"
    "Exit status: 0 ok, 1 some records failed, 64 usage, 65 invalid input, 66 no input, 69 unavailable,\n"
    "70 internal, 75 temporary/unknown outcome, 76 unexpected answer, 77 auth, 78 configuration, 130 interrupted.\n"
    "See truto-candidates(1) for details.";

// The value of `--NAME VALUE` / `--NAME=VALUE` in argv, read before parsing: the config file must be
// loaded before the parse so that its values sit under flags and environment variables.
std::optional<std::string> prescan(int argc, const char* const* argv, const std::string& name) {
  std::optional<std::string> value;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == name && i + 1 < argc) value = argv[i + 1];
    if (arg.rfind(name + "=", 0) == 0) value = arg.substr(name.size() + 1);
  }
  return value;
}

}  // namespace

int run_app(int argc, const char* const* argv, const Context& outer) {
  const std::optional<std::string> config_flag = prescan(argc, argv, "--config");
  const ConfigFile config = load_config_file(
      config_flag ? *config_flag : default_config_path(outer.env("XDG_CONFIG_HOME"), outer.env("HOME")),
      config_flag.has_value());
  Context ctx{outer.in,       outer.out,        outer.err,   environment_with_config(outer.env, config),
              outer.terminal, outer.transports, outer.clock, outer.cancel};
  if (config.get("color") && !prescan(argc, argv, "--color"))
    ctx.terminal = detect_terminal(*config.get("color"), ctx.env);

  CLI::App app(kDescription, "truto-candidates");
  app.footer(kFooter);
  app.set_version_flag("--version", std::string("truto-candidates ") + TC_VERSION);
  app.require_subcommand(0, 1);

  CreateOptions create;
  ValidateOptions validate;
  SchemaOptions schema;
  FormOptions form;
  GetOptions get;
  DoctorOptions doctor;
  CompletionOptions completion;
  ConfigOptions config_options;
  config_options.config = &config;
  config_options.environment = outer.env;
  CLI::App* create_cmd = setup_create(app, create);
  CLI::App* validate_cmd = setup_validate(app, validate);
  CLI::App* form_cmd = setup_form(app, form);
  CLI::App* get_cmd = setup_get(app, get);
  CLI::App* doctor_cmd = setup_doctor(app, doctor);
  CLI::App* schema_cmd = setup_schema(app, schema);
  CLI::App* completion_cmd = setup_completion(app, completion);
  CLI::App* config_cmd = setup_config(app, config_options);
  std::string config_path;
  app.add_option("--config", config_path,
                 "read settings from this file instead of "
                 "$XDG_CONFIG_HOME/truto-candidates/config.toml");
  // Config values become the options' defaults; the parse below lays environment and flags over them.
  apply_config(config, &create.target, &create.connection, &create.output, &create.bulk);
  apply_config(config, &validate.target, &validate.connection, &validate.output, nullptr);
  apply_config(config, nullptr, &form.connection, &form.output, nullptr);
  apply_config(config, nullptr, &get.connection, &get.output, nullptr);
  apply_config(config, nullptr, &doctor.connection, &doctor.output, nullptr);
  std::string help_topic;
  CLI::App* help_cmd = app.add_subcommand("help", "Show help for a subcommand: help create");
  help_cmd->add_option("topic", help_topic, "create, validate, form, get, doctor, schema, completion or config");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {  // --help, --version
      std::ostringstream out, err;
      app.exit(e, out, err);
      ctx.out << out.str() << err.str();
      return 0;
    }
    std::string message = e.what();
    throw Error(ErrorKind::Usage, message, "see truto-candidates --help");
  }

  if (*help_cmd) {
    if (help_topic.empty()) {
      ctx.out << app.help();
      return 0;
    }
    for (CLI::App* sub :
         {create_cmd, validate_cmd, form_cmd, get_cmd, doctor_cmd, schema_cmd, completion_cmd, config_cmd}) {
      if (sub->get_name() == help_topic) {
        ctx.out << sub->help();
        return 0;
      }
    }
    throw Error(ErrorKind::Usage, "no help topic \"" + help_topic + "\"",
                "topics: create, validate, form, get, doctor, schema, completion, config");
  }
  if (*create_cmd) return run_create(create, ctx);
  if (*validate_cmd) return run_validate(validate, ctx);
  if (*form_cmd) return run_form(form, ctx);
  if (*get_cmd) return run_get(get, ctx);
  if (*doctor_cmd) return run_doctor(doctor, ctx);
  if (*schema_cmd) return run_schema(schema, ctx);
  if (*completion_cmd) return run_completion(completion, ctx);
  if (*config_cmd) return run_config(config_options, ctx);
  ctx.out << app.help();
  return 0;
}

}  // namespace tc::cli
