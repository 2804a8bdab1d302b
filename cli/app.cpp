#include "cli/app.hpp"

#include <CLI/CLI.hpp>

#include <sstream>

#include "cli/completion_cmd.hpp"
#include "cli/create_cmd.hpp"
#include "cli/doctor_cmd.hpp"
#include "cli/form_cmd.hpp"
#include "cli/schema_cmd.hpp"
#include "cli/validate_cmd.hpp"
#include "core/error.hpp"

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

}  // namespace

int run_app(int argc, const char* const* argv, const Context& ctx) {
  CLI::App app(kDescription, "truto-candidates");
  app.footer(kFooter);
  app.set_version_flag("--version", std::string("truto-candidates ") + TC_VERSION);
  app.require_subcommand(0, 1);

  CreateOptions create;
  ValidateOptions validate;
  SchemaOptions schema;
  FormOptions form;
  DoctorOptions doctor;
  CompletionOptions completion;
  CLI::App* create_cmd = setup_create(app, create);
  CLI::App* validate_cmd = setup_validate(app, validate);
  CLI::App* form_cmd = setup_form(app, form);
  CLI::App* doctor_cmd = setup_doctor(app, doctor);
  CLI::App* schema_cmd = setup_schema(app, schema);
  CLI::App* completion_cmd = setup_completion(app, completion);
  std::string help_topic;
  CLI::App* help_cmd = app.add_subcommand("help", "Show help for a subcommand: help create");
  help_cmd->add_option("topic", help_topic, "create, validate, form, doctor or schema");

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
    for (CLI::App* sub : {create_cmd, validate_cmd, form_cmd, doctor_cmd, schema_cmd, completion_cmd}) {
      if (sub->get_name() == help_topic) {
        ctx.out << sub->help();
        return 0;
      }
    }
    throw Error(ErrorKind::Usage, "no help topic \"" + help_topic + "\"", "topics: create, validate, form, doctor, schema");
  }
  if (*create_cmd) return run_create(create, ctx);
  if (*validate_cmd) return run_validate(validate, ctx);
  if (*form_cmd) return run_form(form, ctx);
  if (*doctor_cmd) return run_doctor(doctor, ctx);
  if (*schema_cmd) return run_schema(schema, ctx);
  if (*completion_cmd) return run_completion(completion, ctx);
  ctx.out << app.help();
  return 0;
}

}  // namespace tc::cli
