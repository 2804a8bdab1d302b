#pragma once
// `truto-candidates validate`: offline validation; --with-form also checks answers against the form.
#include "cli/cli11_fwd.hpp"

#include "cli/context.hpp"
#include "cli/options.hpp"

namespace tc::cli {

struct ValidateOptions {
  TargetOptions target;
  PayloadOptions payload;
  ConnectionOptions connection;
  OutputOptions output;
  bool with_form = false;
  bool with_lever = false;   // also look each record up in Lever: would it be a duplicate?
  std::string on_duplicate;  // the policy the report names ("" = skip)
  SettingBindings bindings;  // its setting flags' fields, where the config file's values land
};

CLI::App* setup_validate(CLI::App& app, ValidateOptions& options);
int run_validate(const ValidateOptions& options, const Context& ctx);

}  // namespace tc::cli
