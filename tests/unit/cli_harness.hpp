#pragma once
// run_app as main.cpp runs it, but over string streams, a given environment (Context.env), no terminal,
// a FakeTransport and a FakeClock: a command that talks to Lever runs without a network or real time.
#include <doctest/doctest.h>

#include <atomic>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "cli/app.hpp"
#include "cli/context.hpp"
#include "core/util/error.hpp"
#include "fakes.hpp"

namespace tc::test {

// What one run of the command line produced.
struct CliOutcome {
  int status = -1;                 // run_app's return value, or the error's exit code (as main maps it)
  std::optional<ErrorKind> error;  // set when run_app threw tc::Error
  std::string message;             // the error's message and hint
  std::string out, err;
};

class CliRig {
 public:
  std::map<std::string, std::string> env;
  FakeTransport transport;  // every transport a command makes forwards here
  FakeClock clock;
  std::atomic<bool>* cancel = nullptr;  // the Ctrl-C flag the commands watch, when a test sets one

  // Runs `truto-candidates ARGS…` with `stdin_text` on stdin.
  CliOutcome run(std::vector<std::string> args, const std::string& stdin_text = "") {
    // CLI11 reads these from the real environment (envname); cleared so the host cannot leak in.
    for (const char* name : {"TRUTO_INTEGRATED_ACCOUNT_ID", "TRUTO_CANDIDATES_VIA", "LEVER_PERFORM_AS",
                             "LEVER_API_BASE", "TRUTO_API_BASE"}) {
      ::unsetenv(name);
    }
    args.insert(args.begin(), "truto-candidates");
    std::vector<const char*> argv;
    for (const auto& a : args) argv.push_back(a.c_str());
    std::istringstream in(stdin_text);
    std::ostringstream out, err;
    const cli::Terminal terminal;  // not a terminal: json output, no progress, no colour
    const cli::GetEnv get_env = [this](const char* name) {
      auto it = env.find(name);
      return it == env.end() ? std::string() : it->second;
    };
    const cli::TransportMaker transports = [this](const TransportOptions& options) {
      std::lock_guard<std::mutex> lock(mutex_);
      made_.push_back(options);
      return std::make_unique<ForwardingTransport>(transport);
    };
    cli::Context ctx{in, out, err, get_env, terminal, transports, clock, cancel};
    CliOutcome o;
    try {
      o.status = cli::run_app(static_cast<int>(argv.size()), argv.data(), ctx);
    } catch (const Error& e) {
      o.error = e.kind();
      o.status = exit_code(e.kind());
      o.message = std::string(e.what()) + "\nhint: " + e.hint();
    }
    o.out = out.str();
    o.err = err.str();
    return o;
  }

  // The options of every transport the commands made, in order.
  std::vector<TransportOptions> transports_made() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return made_;
  }

 private:
  mutable std::mutex mutex_;
  std::vector<TransportOptions> made_;
};

}  // namespace tc::test
