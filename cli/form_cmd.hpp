#pragma once
// `truto-candidates form --job-id ID`: the posting's application form as unified job form fields.
#include "cli/cli11_fwd.hpp"

#include "cli/context.hpp"
#include "cli/options.hpp"

namespace tc::cli {

struct FormOptions {
  TargetOptions target;
  ConnectionOptions connection;
  OutputOptions output;
  SettingBindings bindings;  // its setting flags' fields, where the config file's values land
};

CLI::App* setup_form(CLI::App& app, FormOptions& options);
int run_form(const FormOptions& options, const Context& ctx);

}  // namespace tc::cli
