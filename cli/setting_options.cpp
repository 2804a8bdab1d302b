#include "cli/setting_options.hpp"

#include <CLI/CLI.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <optional>
#include <vector>

#include "core/util/error.hpp"

namespace tc::cli {

void add_setting_check(CLI::Option& option, const Setting& s) {
  switch (s.type) {
    case SettingType::Choice: {
      std::vector<std::string> choices;
      for (const char* choice : s.choices) {
        if (choice != nullptr) choices.emplace_back(choice);
      }
      option.check(CLI::IsMember(choices));
      break;
    }
    case SettingType::Integer:  // CLI11 names the type in --help ("INT in [0 - 20]") and reads it as such
      option.check(CLI::Range(static_cast<int>(s.low), static_cast<int>(s.high)));
      break;
    case SettingType::Number: option.check(CLI::Range(s.low, s.high)); break;
    case SettingType::Text: break;
  }
}

namespace {

template <typename T>
CLI::Option* add_bound_option(CLI::App& app, std::string_view key, T& into, const char* help) {
  const Setting& s = setting(key);
  CLI::Option* option = app.add_option(s.flag, into, help_text(s, help));
  if (s.env != nullptr && !s.secret) option->envname(s.env);  // a secret's variable holds the secret, not FILE
  add_setting_check(*option, s);
  return option;
}

// The config file's value of `key` once the table allows it; nullopt when the file does not set it.
std::optional<std::string> checked_config_value(const ConfigFile& config, std::string_view key) {
  std::optional<std::string> value = config.get(std::string(key));
  if (!value) return std::nullopt;
  if (std::optional<std::string> error = setting_value_error(setting(key), *value)) {
    throw Error(ErrorKind::Config, fmt::format("config file {}: {}", config.path, *error));
  }
  return value;
}

}  // namespace

CLI::Option* add_setting_option(CLI::App& app, std::string_view key, std::string& into, const char* help) {
  return add_bound_option(app, key, into, help);
}
CLI::Option* add_setting_option(CLI::App& app, std::string_view key, int& into, const char* help) {
  return add_bound_option(app, key, into, help);
}
CLI::Option* add_setting_option(CLI::App& app, std::string_view key, size_t& into, const char* help) {
  return add_bound_option(app, key, into, help);
}
CLI::Option* add_setting_option(CLI::App& app, std::string_view key, double& into, const char* help) {
  return add_bound_option(app, key, into, help);
}

void take_config_value(const ConfigFile& config, std::string_view key, std::string& into) {
  if (std::optional<std::string> value = checked_config_value(config, key)) into = *value;
}
void take_config_value(const ConfigFile& config, std::string_view key, int& into) {
  if (std::optional<std::string> value = checked_config_value(config, key))
    into = static_cast<int>(std::strtod(value->c_str(), nullptr));
}
void take_config_value(const ConfigFile& config, std::string_view key, size_t& into) {
  if (std::optional<std::string> value = checked_config_value(config, key))
    into = static_cast<size_t>(std::strtod(value->c_str(), nullptr));
}
void take_config_value(const ConfigFile& config, std::string_view key, double& into) {
  if (std::optional<std::string> value = checked_config_value(config, key)) into = std::strtod(value->c_str(), nullptr);
}

}  // namespace tc::cli
