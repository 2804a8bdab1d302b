#pragma once
// `truto-candidates completion bash|zsh|fish`: a shell completion script generated from the CLI11
// command tree at run time, so the script can never drift from the real flags.
#include "cli/cli11_fwd.hpp"

#include <string>

#include "cli/context.hpp"

namespace tc::cli {

struct CompletionOptions {
  std::string shell;
  const CLI::App* root = nullptr;  // the whole command tree; set by setup_completion
};

CLI::App* setup_completion(CLI::App& app, CompletionOptions& options);
// Throws tc::Error(Usage) for a shell other than bash, zsh or fish.
int run_completion(const CompletionOptions& options, const Context& ctx);

}  // namespace tc::cli
