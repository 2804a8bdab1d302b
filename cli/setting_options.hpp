#pragma once
// The settings table (core/util/settings.hpp) on the command line and in the config file: a setting's
// flag with its help, environment variable and check, and a config file value with the same check.
#include "cli/cli11_fwd.hpp"

#include <cstddef>
#include <string>
#include <string_view>

#include "core/util/config_file.hpp"
#include "core/util/settings.hpp"

namespace tc::cli {

// Registers the flag of setting `key` on `app`, bound to `into`: its names, help (`help` in place of the
// table's, "{default}" filled in either way), environment variable, and its choices or range, which CLI11
// checks (a usage error, exit 64).
CLI::Option* add_setting_option(CLI::App& app, std::string_view key, std::string& into, const char* help = nullptr);
CLI::Option* add_setting_option(CLI::App& app, std::string_view key, int& into, const char* help = nullptr);
CLI::Option* add_setting_option(CLI::App& app, std::string_view key, size_t& into, const char* help = nullptr);
CLI::Option* add_setting_option(CLI::App& app, std::string_view key, double& into, const char* help = nullptr);

// The table's check (choices or range) of a setting's flag, for a flag bound otherwise (`config show`
// takes them as text, without their environment variables).
void add_setting_check(CLI::Option& option, const Setting& s);

// Sets `into` to the config file's value of `key`, when the file has one. Throws tc::Error(Config),
// naming the file, the key and the allowed values, for a value the table does not allow.
void take_config_value(const ConfigFile& config, std::string_view key, std::string& into);
void take_config_value(const ConfigFile& config, std::string_view key, int& into);
void take_config_value(const ConfigFile& config, std::string_view key, size_t& into);
void take_config_value(const ConfigFile& config, std::string_view key, double& into);

}  // namespace tc::cli
