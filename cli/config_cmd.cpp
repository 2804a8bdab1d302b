#include "cli/config_cmd.hpp"

#include <CLI/CLI.hpp>

#include "cli/setting_options.hpp"
#include "core/run/output.hpp"
#include "core/util/json_util.hpp"

namespace tc::cli {

CLI::App* setup_config(CLI::App& app, ConfigOptions& o) {
  CLI::App* cmd = app.add_subcommand("config", "Show the effective settings and where each comes from");
  CLI::App* show = cmd->add_subcommand("show", "Print every setting, its value (secrets redacted) and its source");
  show->add_option("-o,--output", o.output, "table (default on a terminal) or json")
      ->check(CLI::IsMember({"table", "json"}));
  // The flags of the settings, checked as the other commands check them; --output above is the
  // format of this listing.
  for (const Setting& s : kSettings) {
    const std::string flag = long_flag(s);
    if (flag.empty() || flag == "--output") continue;
    const std::string key(s.key);
    CLI::Option* option = show->add_option_function<std::string>(
        flag, [&o, key](const std::string& value) { o.flags[key] = value; },
        "show " + key + " as if this flag were given");
    add_setting_check(*option, s);
  }
  cmd->require_subcommand(1);
  return cmd;
}

int run_config(const ConfigOptions& o, const Context& ctx) {
  rapidjson::Document settings(rapidjson::kArrayType);
  auto& alloc = settings.GetAllocator();
  std::vector<std::vector<std::string>> rows;
  const std::string file = o.config != nullptr && !o.config->path.empty() ? o.config->path : std::string();
  for (const Setting& s : kSettings) {
    const std::string key(s.key);
    std::string value, source;
    const GetEnv& real_env = o.environment ? o.environment : ctx.env;
    const std::string env = s.env != nullptr ? real_env(s.env) : std::string();
    std::optional<std::string> configured = o.config != nullptr ? o.config->get(key) : std::nullopt;
    if (const auto flag = o.flags.find(key); flag != o.flags.end()) {
      value = flag->second;
      source = "flag";
    } else if (!env.empty()) {
      value = env;
      source = std::string("environment (") + s.env + ")";
    } else if (configured) {
      value = *configured;
      source = "config file (" + file + ")";
    } else {
      value = default_text(s);
      source = "default";
    }
    if (s.secret && source != "default") value = "[redacted]";
    rows.push_back({key, value, source});
    rapidjson::Value item(rapidjson::kObjectType);
    item.AddMember("setting", make_string(key, alloc), alloc);
    item.AddMember("value", make_string(value, alloc), alloc);
    item.AddMember("source", make_string(source, alloc), alloc);
    if (s.flag != nullptr) item.AddMember("flag", make_string(long_flag(s), alloc), alloc);
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
