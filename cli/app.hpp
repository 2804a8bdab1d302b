#pragma once
// The command tree: builds the CLI11 app from the subcommands' setup functions, parses, and runs the
// chosen subcommand. Returns the exit status of a normal outcome; throws tc::Error otherwise (main
// maps it to an exit code).
#include "cli/context.hpp"

namespace tc::cli {

int run_app(int argc, const char* const* argv, const Context& ctx);

}  // namespace tc::cli
