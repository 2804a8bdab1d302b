#pragma once
// What a subcommand's run function gets from the outside world: streams, environment, terminal
// facts, the Ctrl-C flag. Tests build one over string streams.
#include <atomic>
#include <iostream>

#include "cli/terminal.hpp"

namespace tc::cli {

struct Context {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  GetEnv env;
  Terminal terminal;
  const std::atomic<bool>* cancel = nullptr;
};

}  // namespace tc::cli
