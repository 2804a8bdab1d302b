#pragma once
// `truto-candidates get ID`: reads an existing opportunity back from Lever and prints it as the unified
// candidate create prints (table, json, ndjson or one --field), with create's exit codes.
#include "cli/cli11_fwd.hpp"

#include <string>

#include "cli/context.hpp"
#include "cli/options.hpp"

namespace tc::cli {

struct GetOptions {
  std::string id;                                 // the opportunity (candidate) id create printed
  std::string via = setting("via").default_text;  // only lever: Truto's route is refused with a Usage error
  ConnectionOptions connection;
  OutputOptions output;
  SettingBindings bindings;  // its setting flags' fields, where the config file's values land
};

CLI::App* setup_get(CLI::App& app, GetOptions& options);
// Returns 0 after printing the candidate; throws tc::Error (InvalidInput for an unknown id, Auth, …).
int run_get(const GetOptions& options, const Context& ctx);

}  // namespace tc::cli
