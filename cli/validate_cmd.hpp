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
};

CLI::App* setup_validate(CLI::App& app, ValidateOptions& options);
int run_validate(const ValidateOptions& options, const Context& ctx);

}  // namespace tc::cli
