#pragma once
// `truto-candidates schema [NAME]`: print a bundled schema.
#include "cli/cli11_fwd.hpp"

#include "cli/context.hpp"

namespace tc::cli {

struct SchemaOptions {
  std::string name = "request";
};

CLI::App* setup_schema(CLI::App& app, SchemaOptions& options);
int run_schema(const SchemaOptions& options, const Context& ctx);

}  // namespace tc::cli
