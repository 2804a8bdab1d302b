#include "cli/setting_options.hpp"

#include <CLI/CLI.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <optional>
#include <variant>
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

// A setting's flag, just added: its environment variable and its check.
CLI::Option* with_env_and_check(CLI::Option* option, const Setting& s) {
  if (s.env != nullptr && !s.secret) option->envname(s.env);  // a secret's variable holds the secret, not FILE
  add_setting_check(*option, s);
  return option;
}

template <typename T>
CLI::Option* add_bound_option(CLI::App& app, SettingBindings& bindings, std::string_view key, T& into,
                              const char* help) {
  const Setting& s = setting(key);
  bindings.bind(s, &into);
  return with_env_and_check(app.add_option(s.flag, into, help_text(s, help)), s);
}

// The config file's value of `s` once the table allows it; nullopt when the file does not set it.
std::optional<std::string> checked_config_value(const ConfigFile& config, const Setting& s) {
  std::optional<std::string> value = config.get(std::string(s.key));
  if (!value) return std::nullopt;
  if (std::optional<std::string> error = setting_value_error(s, *value)) {
    throw Error(ErrorKind::Config, fmt::format("config file {}: {}", config.path, *error));
  }
  return value;
}

// A checked value into its field; numbers as the table checked them (strtod: "1e1" is a whole 10).
void set_field(std::string* into, const std::string& value) { *into = value; }
template <typename Number>
void set_field(Number* into, const std::string& value) {
  *into = static_cast<Number>(std::strtod(value.c_str(), nullptr));
}

}  // namespace

void SettingBindings::bind(const Setting& s, Field field) {
  if (!s.secret) fields_.emplace_back(&s, field);
}

void SettingBindings::apply(const ConfigFile& config) const {
  for (const auto& [s, field] : fields_) {
    if (std::optional<std::string> value = checked_config_value(config, *s)) {
      std::visit([&value](auto* into) { set_field(into, *value); }, field);
    }
  }
}

CLI::Option* add_setting_option(CLI::App& app, SettingBindings& bindings, std::string_view key, std::string& into,
                                const char* help) {
  return add_bound_option(app, bindings, key, into, help);
}
CLI::Option* add_setting_option(CLI::App& app, SettingBindings& bindings, std::string_view key, int& into,
                                const char* help) {
  return add_bound_option(app, bindings, key, into, help);
}
CLI::Option* add_setting_option(CLI::App& app, SettingBindings& bindings, std::string_view key, size_t& into,
                                const char* help) {
  return add_bound_option(app, bindings, key, into, help);
}
CLI::Option* add_setting_option(CLI::App& app, SettingBindings& bindings, std::string_view key, double& into,
                                const char* help) {
  return add_bound_option(app, bindings, key, into, help);
}

CLI::Option* add_setting_flag(CLI::App& app, std::string_view key, std::string& into, const char* help) {
  const Setting& s = setting(key);
  return with_env_and_check(app.add_option(s.flag, into, help_text(s, help)), s);
}

}  // namespace tc::cli
