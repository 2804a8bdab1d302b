#pragma once
// `truto-candidates create`: options struct, setup (flags only), run (behaviour).
#include "cli/cli11_fwd.hpp"

#include "cli/context.hpp"
#include "cli/options.hpp"

namespace tc::cli {

struct CreateOptions {
  TargetOptions target;
  PayloadOptions payload;
  ConnectionOptions connection;
  OutputOptions output;
  BulkOptions bulk;
  TrutoOptions truto;
  bool dry_run = false;
  bool with_lever = false;   // --dry-run: also look the records up in Lever for duplicates (reads only)
  SettingBindings bindings;  // its setting flags' fields, where the config file's values land
};

CLI::App* setup_create(CLI::App& app, CreateOptions& options);
// Returns the exit status for outcomes that are not errors (0, or 1 when some records of a bulk run
// failed); throws tc::Error for everything else.
int run_create(const CreateOptions& options, const Context& ctx);

}  // namespace tc::cli
