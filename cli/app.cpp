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
#include "cli/undo_cmd.hpp"
#include "cli/validate_cmd.hpp"
#include "core/util/error.hpp"
#include "core/util/strings.hpp"

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

// The deepest command the parse entered: the app itself, `create`, `config show`, …
CLI::App* chosen_command(CLI::App& app) {
  CLI::App* command = &app;
  for (std::vector<CLI::App*> chosen = app.get_subcommands(); !chosen.empty(); chosen = command->get_subcommands()) {
    command = chosen.front();
  }
  return command;
}

// "truto-candidates config show" for `config show`.
std::string command_path(const CLI::App* command) {
  std::string path;
  for (; command != nullptr; command = command->get_parent()) {
    path = command->get_name() + (path.empty() ? "" : " " + path);
  }
  return path;
}

std::vector<std::string> option_names(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::Option* option : command.get_options()) {
    for (const auto& name : option->get_lnames()) names.push_back("--" + name);
  }
  return names;
}

// Every subcommand `command` offers (get_subcommands() without a filter gives the ones parsed).
std::vector<std::string> subcommand_names(const CLI::App& command) {
  std::vector<std::string> names;
  for (const CLI::App* sub : command.get_subcommands([](const CLI::App* s) { return !s->get_name().empty(); })) {
    names.push_back(sub->get_name());
  }
  return names;
}

std::string did_you_mean(const std::string& unknown, const std::vector<std::string>& known) {
  const std::string suggestion = closest_name(unknown, known);
  return suggestion.empty() ? std::string() : " (did you mean " + suggestion + "?)";
}

// The usage error for the arguments the parse could not place, or nullopt when there were none. CLI11
// lists every leftover (an unknown flag and its value too, in reverse); the user needs the one that
// is wrong: a word where a command was expected (an unknown command), else the first unknown flag,
// else the first stray word. The hint names the help of the command being typed.
std::optional<Error> unplaced_argument(CLI::App& app) {
  CLI::App* command = chosen_command(app);
  std::vector<std::string> leftovers;
  for (const CLI::App* c = command; c != nullptr; c = c->get_parent()) {
    for (const auto& item : c->remaining()) leftovers.push_back(item);
  }
  if (leftovers.empty()) return std::nullopt;
  const std::string path = command_path(command);
  const std::string hint = "see " + path + " --help";
  const std::string where = command == &app ? std::string() : path.substr(path.find(' ') + 1) + ": ";
  auto is_flag = [](const std::string& item) { return item.size() > 1 && item[0] == '-'; };
  const std::string& first = leftovers.front();
  if (!is_flag(first) && !subcommand_names(*command).empty()) {
    return Error(ErrorKind::Usage,
                 where + "unknown command \"" + first + "\"" + did_you_mean(first, subcommand_names(*command)), hint);
  }
  for (const auto& item : leftovers) {
    if (!is_flag(item)) continue;
    const std::string flag = item.substr(0, item.find('='));
    return Error(ErrorKind::Usage, where + "unknown option " + flag + did_you_mean(flag, option_names(*command)), hint);
  }
  return Error(ErrorKind::Usage, where + "unexpected argument \"" + first + "\"", hint);
}

// The usage error for a parse that failed (not --help or --version).
Error usage_error(CLI::App& app, const CLI::ParseError& e) {
  if (std::optional<Error> unplaced = unplaced_argument(app)) return *unplaced;
  const CLI::App* command = chosen_command(app);
  const std::string hint = "see " + command_path(command) + " --help";
  if (command != &app && command->get_require_subcommand_min() > 0 && command->get_subcommands().empty()) {
    return Error(ErrorKind::Usage, command->get_name() + ": give a command: " + join(subcommand_names(*command)), hint);
  }
  return Error(ErrorKind::Usage, e.what(), hint);
}

// `help [TOPIC]`: the general help, or a subcommand's.
int show_help(CLI::App& app, const std::vector<CLI::App*>& topics, const std::string& help_topic, const Context& ctx) {
  if (help_topic.empty()) {
    // app.help() would show the help of the command parsed, `help` itself: the general help is asked for.
    ctx.out << app.get_formatter()->make_help(&app, app.get_name(), CLI::AppFormatMode::Normal);
    return 0;
  }
  std::vector<std::string> topic_names;
  for (const CLI::App* sub : topics) {
    if (sub->get_name() == help_topic) {
      ctx.out << sub->help();
      return 0;
    }
    topic_names.push_back(sub->get_name());
  }
  throw Error(ErrorKind::Usage, "no help topic \"" + help_topic + "\"" + did_you_mean(help_topic, topic_names),
              "topics: " + join(topic_names));
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
  UndoOptions undo;
  ConfigOptions config_options;
  config_options.config = &config;
  config_options.environment = outer.env;
  CLI::App* create_cmd = setup_create(app, create);
  CLI::App* validate_cmd = setup_validate(app, validate);
  CLI::App* form_cmd = setup_form(app, form);
  CLI::App* get_cmd = setup_get(app, get);
  CLI::App* doctor_cmd = setup_doctor(app, doctor);
  CLI::App* undo_cmd = setup_undo(app, undo);
  CLI::App* schema_cmd = setup_schema(app, schema);
  CLI::App* completion_cmd = setup_completion(app, completion);
  CLI::App* config_cmd = setup_config(app, config_options);
  std::string config_path;
  app.add_option("--config", config_path,
                 "read settings from this file instead of "
                 "$XDG_CONFIG_HOME/truto-candidates/config.toml");
  // The config file's values become the defaults of the flags each command bound them to; the parse lays
  // the environment and the flags over them.
  for (const SettingBindings* bindings :
       {&create.bindings, &validate.bindings, &form.bindings, &get.bindings, &doctor.bindings, &undo.bindings}) {
    bindings->apply(config);
  }
  // The help topics are the subcommands, named once here for the option text, the lookup and the hint.
  const std::vector<CLI::App*> topics = {create_cmd, validate_cmd, form_cmd,       get_cmd,   doctor_cmd,
                                         undo_cmd,   schema_cmd,   completion_cmd, config_cmd};
  std::vector<std::string> topic_names;
  for (const CLI::App* topic : topics) topic_names.push_back(topic->get_name());
  std::string help_topic;
  CLI::App* help_cmd = app.add_subcommand("help", "Show help for a subcommand: help create");
  help_cmd->add_option("topic", help_topic, join_phrases(topic_names, " or "));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) {  // --help, --version
      std::ostringstream out, err;
      app.exit(e, out, err);
      ctx.out << out.str() << err.str();
      return 0;
    }
    throw usage_error(app, e);
  }

  if (*help_cmd) return show_help(app, topics, help_topic, ctx);
  if (*create_cmd) return run_create(create, ctx);
  if (*validate_cmd) return run_validate(validate, ctx);
  if (*form_cmd) return run_form(form, ctx);
  if (*get_cmd) return run_get(get, ctx);
  if (*doctor_cmd) return run_doctor(doctor, ctx);
  if (*undo_cmd) return run_undo(undo, ctx);
  if (*schema_cmd) return run_schema(schema, ctx);
  if (*completion_cmd) return run_completion(completion, ctx);
  if (*config_cmd) return run_config(config_options, ctx);
  ctx.out << app.help();
  return 0;
}

}  // namespace tc::cli
