#include "cli/doctor_cmd.hpp"

#include <CLI/CLI.hpp>

#include <fmt/format.h>
#include <rapidjson/document.h>

#include <memory>

#include "core/http/url.hpp"
#include "core/lever/doctor.hpp"
#include "core/util/error.hpp"
#include "core/util/json_util.hpp"
#include "core/util/settings.hpp"

namespace tc::cli {

namespace {

// Which of two spellings set a value that CLI11 fills from a flag or its environment variable: the
// flag wins in CLI11, so an equal environment value means the flag was absent (or said the same).
std::string source_of(const std::string& value, const std::string& env_value, const char* flag, const char* env) {
  if (value.empty()) return {};
  return !env_value.empty() && env_value == value ? env : flag;
}

const char* status_word(const DoctorCheck& c) {
  if (c.skipped) return "skip";
  if (!c.ok) return "FAIL";
  return c.warning() ? "warn" : "ok";
}

// "ok   credentials  LEVER_API_KEY (API key)" and, when there is something to do, "     fix: …".
// On a colour terminal the status gets a coloured ✓/✗/!/- in front.
std::string render_lines(const std::vector<DoctorCheck>& checks, bool color) {
  std::string out;
  for (const auto& c : checks) {
    if (color) {
      const char* mark = c.skipped ? "\x1b[2m-" : !c.ok ? "\x1b[31;1m✗" : c.warning() ? "\x1b[33;1m!" : "\x1b[32;1m✓";
      out += fmt::format("{} {:<4}\x1b[0m {:<12} {}\n", mark, status_word(c), c.name, c.detail);
    } else {
      out += fmt::format("{:<4} {:<12} {}\n", status_word(c), c.name, c.detail);
    }
    if (!c.fix.empty()) out += fmt::format("{}fix: {}\n", color ? "       " : "     ", c.fix);
  }
  return out;
}

rapidjson::Document to_json_checks(const std::vector<DoctorCheck>& checks) {
  rapidjson::Document doc(rapidjson::kArrayType);
  auto& alloc = doc.GetAllocator();
  for (const auto& c : checks) {
    rapidjson::Value item(rapidjson::kObjectType);
    item.AddMember("name", make_string(c.name, alloc), alloc);
    item.AddMember("status",
                   make_string(c.skipped     ? "skipped"
                               : !c.ok       ? "fail"
                               : c.warning() ? "warn"
                                             : "ok",
                               alloc),
                   alloc);
    item.AddMember("ok", c.ok, alloc);
    item.AddMember("detail", make_string(c.detail, alloc), alloc);
    if (!c.fix.empty()) item.AddMember("fix", make_string(c.fix, alloc), alloc);
    if (c.failed()) {
      item.AddMember("error", make_string(error_code_name(c.kind), alloc), alloc);
      item.AddMember("exit_code", exit_code(c.kind), alloc);
    }
    doc.PushBack(item, alloc);
  }
  return doc;
}

}  // namespace

CLI::App* setup_doctor(CLI::App& app, DoctorOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "doctor", "Check credentials, base URL, perform_as and (with --job-id) the posting against Lever");
  cmd->add_option("--job-id", o.job_id, "also check this Lever posting and its application form");
  cmd->add_option("--application-source", o.application_source,
                  "lead (default) or applicant: what you will create; a closed posting fails only for applicants, "
                  "and applicants need perform_as only for files their form cannot take")
      ->check(CLI::IsMember({"lead", "applicant"}));
  add_connection_options(*cmd, o.bindings, o.connection);
  add_output_options(*cmd, o.bindings, o.output, false);
  return cmd;
}

int run_doctor(const DoctorOptions& o, const Context& ctx) {
  // Settings are gathered leniently (unlike resolve_lever_settings): a missing key or a refused URL is
  // a finding to report, not a reason to stop.
  DoctorConfig config;
  config.credentials = inspect_lever_credentials(
      CredentialSources{o.connection.api_key_file, ctx.env("LEVER_API_KEY"), ctx.env("LEVER_ACCESS_TOKEN")});
  config.job_id = o.job_id;
  config.source = o.application_source == "applicant" ? ApplicationSource::Applicant : ApplicationSource::Lead;
  config.perform_as_source =
      source_of(o.connection.perform_as, ctx.env("LEVER_PERFORM_AS"), "--perform-as", "LEVER_PERFORM_AS");

  LeverSettings settings;
  std::string base = o.connection.lever_url;
  if (!base.empty()) {
    config.base_url_source = source_of(base, ctx.env("LEVER_API_BASE"), "--lever-url", "LEVER_API_BASE");
    if (o.connection.sandbox) config.base_url_source += "; --sandbox is overridden";
  } else {
    base = o.connection.sandbox ? kLeverSandboxApiBase : kLeverApiBase;
    config.base_url_source = o.connection.sandbox ? "--sandbox" : "default";
  }
  settings.endpoint.base_url = trim_trailing_slash(base);
  if (config.credentials.credentials) settings.endpoint.credentials = *config.credentials.credentials;
  settings.perform_as = o.connection.perform_as;
  settings.retry.retries = o.connection.retries;
  settings.retry.base_delay = o.connection.retry_delay;

  LeverSession session(settings, make_transport_factory(o.connection, ctx), ctx.clock, ctx.cancel,
                       make_trace(o.output, ctx));
  const std::vector<DoctorCheck> checks = run_lever_doctor(config, session);

  const std::string& format = o.output.output;
  if (format == "json" || format == "ndjson") {
    const rapidjson::Document items = to_json_checks(checks);
    if (format == "json") {
      ctx.out << to_pretty_json(items) << "\n";
    } else {
      for (const auto& item : items.GetArray()) ctx.out << to_json(item) << "\n";
    }
  } else {  // the default, whatever stdout is: one line per check
    ctx.out << render_lines(checks, ctx.terminal.color_stdout);
  }
  ctx.out.flush();
  if (std::optional<Error> verdict = doctor_verdict(checks)) throw *verdict;
  return 0;
}

}  // namespace tc::cli
