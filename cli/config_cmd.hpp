#pragma once
// `truto-candidates config show`: the effective settings and where each comes from, secrets redacted.
#include "cli/cli11_fwd.hpp"

#include "cli/context.hpp"
#include "core/util/config_file.hpp"

namespace tc::cli {

struct ConfigOptions {
  std::string output;                  // table|json
  const ConfigFile* config = nullptr;  // the loaded config file (set by the app before running)
  GetEnv environment;                  // the real environment, without the config file's secrets
};

CLI::App* setup_config(CLI::App& app, ConfigOptions& options);
int run_config(const ConfigOptions& options, const Context& ctx);

}  // namespace tc::cli
