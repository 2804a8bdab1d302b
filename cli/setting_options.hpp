#pragma once
// The settings table (core/util/settings.hpp) on the command line and in the config file: a setting's
// flag with its help, environment variable and check, bound to an options field once; the config file's
// value reaches the same field through that binding.
#include "cli/cli11_fwd.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/util/config_file.hpp"
#include "core/util/settings.hpp"

namespace tc::cli {

// The options fields one command's setting flags are bound to, recorded by add_setting_option as it
// registers each flag. apply() lays the config file's values in those fields before the parse, as their
// defaults: the parse then lays the environment (CLI11's envname, read only for a flag not given) and the
// flags over them, so flag > environment > config file > default. (CLI11's own config file support would
// put the file above the environment.) Owned by the command's options struct, whose fields it points to:
// neither is copied.
class SettingBindings {
 public:
  using Field = std::variant<std::string*, int*, size_t*, double*>;

  SettingBindings() = default;
  SettingBindings(const SettingBindings&) = delete;
  SettingBindings& operator=(const SettingBindings&) = delete;

  // Records that `s`'s flag writes `field`. A secret is not recorded: its config value is the secret
  // itself, which reaches the command as its environment variable (environment_with_config), while its
  // flag, if any, names a file.
  void bind(const Setting& s, Field field);
  // Sets each bound field the config file gives a value for. Throws tc::Error(Config), naming the file,
  // the key and the allowed values, for a value the table does not allow.
  void apply(const ConfigFile& config) const;

 private:
  std::vector<std::pair<const Setting*, Field>> fields_;
};

// Registers the flag of setting `key` on `app`, bound to `into`: its names, help (`help` in place of the
// table's, "{default}" filled in either way), environment variable, and its choices or range, which CLI11
// checks (a usage error, exit 64); and records the binding in `bindings`, so that the config file's value
// of `key` lands in `into` too.
CLI::Option* add_setting_option(CLI::App& app, SettingBindings& bindings, std::string_view key, std::string& into,
                                const char* help = nullptr);
CLI::Option* add_setting_option(CLI::App& app, SettingBindings& bindings, std::string_view key, int& into,
                                const char* help = nullptr);
CLI::Option* add_setting_option(CLI::App& app, SettingBindings& bindings, std::string_view key, size_t& into,
                                const char* help = nullptr);
CLI::Option* add_setting_option(CLI::App& app, SettingBindings& bindings, std::string_view key, double& into,
                                const char* help = nullptr);

// The flag of setting `key` as add_setting_option registers it, environment variable included, but not
// bound to the config file: get and undo only read Lever and take --via to refuse truto, and a config file
// that sends create through Truto must not make them refuse.
CLI::Option* add_setting_flag(CLI::App& app, std::string_view key, std::string& into, const char* help = nullptr);

// The table's check (choices or range) of a setting's flag, for a flag bound otherwise (`config show`
// takes them as text, without their environment variables).
void add_setting_check(CLI::Option& option, const Setting& s);

}  // namespace tc::cli
