#pragma once
// `truto-candidates doctor [--job-id ID] [--application-source lead|applicant]`: checks the lever-route configuration
// against Lever and prints one line per check with how to fix what failed; exits 0 only when every check passed.
#include "cli/cli11_fwd.hpp"

#include <string>

#include "cli/context.hpp"
#include "cli/options.hpp"

namespace tc::cli {

struct DoctorOptions {
  std::string job_id;                       // optional: also check the posting and its form
  std::string application_source = "lead";  // what would be created: judges a closed posting and perform_as
  ConnectionOptions connection;
  OutputOptions output;
  SettingBindings bindings;  // its setting flags' fields, where the config file's values land
};

CLI::App* setup_doctor(CLI::App& app, DoctorOptions& options);
// Returns 0 when every check passed; throws tc::Error("N of M checks failed") otherwise, after printing.
int run_doctor(const DoctorOptions& options, const Context& ctx);

}  // namespace tc::cli
