#pragma once
// What a subcommand's run function gets from the outside world: streams, environment, terminal
// facts, the Ctrl-C flag, where HTTP transports come from and the clock. main.cpp fills it with the
// real ones (curl, the system clock); tests build one over string streams, a fake transport and a
// fake clock, so a command that talks to Lever runs without a network.
#include <atomic>
#include <functional>
#include <iostream>
#include <memory>

#include "cli/terminal.hpp"
#include "core/http/clock.hpp"
#include "core/http/curl_transport.hpp"  // TransportOptions only; main.cpp alone makes a CurlTransport
#include "core/http/http.hpp"

namespace tc::cli {

// A new transport with the run's connection options (one per worker: transports are not shared).
using TransportMaker = std::function<std::unique_ptr<HttpTransport>(const TransportOptions&)>;

struct Context {
  std::istream& in;
  std::ostream& out;
  std::ostream& err;
  GetEnv env;
  Terminal terminal;
  TransportMaker transports;
  Clock& clock;
  const std::atomic<bool>* cancel = nullptr;
};

}  // namespace tc::cli
