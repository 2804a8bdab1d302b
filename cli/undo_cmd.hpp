#pragma once
// `truto-candidates undo`: takes a create run back as far as Lever allows (ARCHITECTURE.md §5, "Undo";
// docs/lever-contract.md §8): archives what it created, takes back what it merged, leaves the rest.
#include "cli/cli11_fwd.hpp"

#include <string>

#include "cli/context.hpp"
#include "cli/options.hpp"

namespace tc::cli {

struct UndoOptions {
  std::string journal;         // the create run's --journal
  std::string results;         // or its NDJSON results
  std::string archive_reason;  // name (any case) or id
  bool dry_run = false;
  std::string via = setting("via").default_text;  // truto is refused: Truto's unified API has no archive call
  ConnectionOptions connection;
  OutputOptions output;
  BulkOptions bulk;          // --concurrency and --rate only
  SettingBindings bindings;  // its setting flags' fields, where the config file's values land
};

CLI::App* setup_undo(CLI::App& app, UndoOptions& options);
// 0 when every opportunity was undone or left untouched; 1 when some failed or were changed since the run;
// throws tc::Error for a usage, input or run-wide error.
int run_undo(const UndoOptions& options, const Context& ctx);

}  // namespace tc::cli
