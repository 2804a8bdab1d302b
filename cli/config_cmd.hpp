#pragma once
// `truto-candidates config show`: the effective settings and where each comes from, secrets redacted.
// It takes the settings' flags too, so that it shows what a command given the same flags would use.
#include "cli/cli11_fwd.hpp"

#include <map>
#include <string>

#include "cli/context.hpp"
#include "core/util/config_file.hpp"

namespace tc::cli {

struct ConfigOptions {
  std::string output;                        // table|json
  std::map<std::string, std::string> flags;  // setting key → the value its flag was given on `config show`
  const ConfigFile* config = nullptr;        // the loaded config file (set by the app before running)
  GetEnv environment;                        // the real environment, without the config file's secrets
};

CLI::App* setup_config(CLI::App& app, ConfigOptions& options);
int run_config(const ConfigOptions& options, const Context& ctx);

}  // namespace tc::cli
