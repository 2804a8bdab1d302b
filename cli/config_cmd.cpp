#include "cli/config_cmd.hpp"

#include <CLI/CLI.hpp>

#include "cli/options.hpp"
#include "core/run/output.hpp"
#include "core/util/json_util.hpp"

namespace tc::cli {

namespace {

// Built-in defaults, as a person reads them.
std::string default_text(const std::string& key) {
  if (key == "lever_url") return "https://api.lever.co/v1";
  if (key == "truto_url") return "https://api.truto.one";
  if (key == "via") return "lever";
  if (key == "output") return "table on a terminal, else json/ndjson";
  if (key == "color") return "auto";
  if (key == "rate") return "10 (lever), 5 (truto)";
  if (key == "concurrency") return "4";
  if (key == "retries") return "4";
  if (key == "timeout") return "30";
  if (key == "connect_timeout") return "10";
  if (key == "retry_delay") return "0.5";
  if (key == "cacert") return "the system's CA store";
  return "(not set)";
}

}  // namespace

CLI::App* setup_config(CLI::App& app, ConfigOptions& o) {
  CLI::App* cmd = app.add_subcommand("config", "Show the effective settings and where each comes from");
  CLI::App* show = cmd->add_subcommand("show", "Print every setting, its value (secrets redacted) and its source");
  show->add_option("-o,--output", o.output, "table (default on a terminal) or json")
      ->check(CLI::IsMember({"table", "json"}));
  // The flags of the settings, checked as the other commands check them; --output above is the
  // format of this listing.
  for (const auto& s : config_settings()) {
    if (s.flag == nullptr || std::string(s.flag) == "--output") continue;
    CLI::Option* flag = show->add_option_function<std::string>(
        s.flag, [&o, key = s.key](const std::string& value) { o.flags[key] = value; },
        std::string("show ") + s.key + " as if this flag were given");
    if (s.key == "via") flag->check(CLI::IsMember({"lever", "truto"}));
    if (s.key == "color") flag->check(CLI::IsMember({"auto", "always", "never"}));
    if (s.key == "rate") flag->check(CLI::Range(0.1, 1000.0));
    if (s.key == "concurrency") flag->check(CLI::Range(1, 64));
    if (s.key == "retries") flag->check(CLI::Range(0, 20));
    if (s.key == "timeout") flag->check(CLI::Range(kMinTimeout, 3600.0));
    if (s.key == "connect_timeout") flag->check(CLI::Range(kMinTimeout, 600.0));
    if (s.key == "retry_delay") flag->check(CLI::Range(0.0, 60.0));
  }
  cmd->require_subcommand(1);
  return cmd;
}

int run_config(const ConfigOptions& o, const Context& ctx) {
  rapidjson::Document settings(rapidjson::kArrayType);
  auto& alloc = settings.GetAllocator();
  std::vector<std::vector<std::string>> rows;
  const std::string file = o.config != nullptr && !o.config->path.empty() ? o.config->path : std::string();
  for (const auto& s : config_settings()) {
    std::string value, source;
    const GetEnv& real_env = o.environment ? o.environment : ctx.env;
    const std::string env = s.env != nullptr ? real_env(s.env) : std::string();
    std::optional<std::string> configured = o.config != nullptr ? o.config->get(s.key) : std::nullopt;
    if (const auto flag = o.flags.find(s.key); flag != o.flags.end()) {
      value = flag->second;
      source = "flag";
    } else if (!env.empty()) {
      value = env;
      source = std::string("environment (") + s.env + ")";
    } else if (configured) {
      value = *configured;
      source = "config file (" + file + ")";
    } else {
      value = default_text(s.key);
      source = "default";
    }
    if (s.secret && source != "default") value = "[redacted]";
    rows.push_back({s.key, value, source});
    rapidjson::Value item(rapidjson::kObjectType);
    item.AddMember("setting", make_string(s.key, alloc), alloc);
    item.AddMember("value", make_string(value, alloc), alloc);
    item.AddMember("source", make_string(source, alloc), alloc);
    if (s.flag != nullptr) item.AddMember("flag", rapidjson::StringRef(s.flag), alloc);
    settings.PushBack(item, alloc);
  }
  const std::string format = o.output.empty() ? (ctx.terminal.stdout_tty ? "table" : "json") : o.output;
  if (format == "json") {
    ctx.out << to_pretty_json(settings) << "\n";
  } else {
    ctx.out << render_table({"SETTING", "VALUE", "SOURCE"}, rows, table_style(ctx.terminal), {0});
    ctx.out << "\nconfig file: " << (file.empty() ? "none found" : file)
            << "\nprecedence: flags > environment > config file > defaults\n";
  }
  return 0;
}

}  // namespace tc::cli
