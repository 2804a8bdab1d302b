#pragma once
// Forward declarations of the CLI11 types the subcommand headers name, so that only the files that
// really build the command tree include the heavy <CLI/CLI.hpp>.
namespace CLI {
class App;
class Option;
}  // namespace CLI
