// The executable: process set-up (curl, signals), the terminal, the real transport and clock the
// commands get through their Context, and the one place where an error becomes an exit status and a
// message on stderr.
#include <malloc.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>

#include "cli/app.hpp"
#include "cli/terminal.hpp"
#include "core/http/clock.hpp"
#include "core/http/curl_transport.hpp"
#include "core/util/error.hpp"

namespace {

std::atomic<bool> g_interrupted{false};

extern "C" void on_sigint(int) {
  if (g_interrupted.exchange(true)) std::_Exit(130);  // a second Ctrl-C: stop at once
}

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

// --color must be known before parsing (errors of the parse are coloured too): a light pre-scan.
std::string color_choice(int argc, char** argv) {
  std::string choice = "auto";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--color" && i + 1 < argc) choice = argv[i + 1];
    if (arg.rfind("--color=", 0) == 0) choice = arg.substr(8);
  }
  return choice;
}

void report(const tc::Error& e, const tc::cli::Terminal& terminal) {
  const bool color = terminal.color_stderr;
  const char* red = color ? "\x1b[31;1m" : "";
  const char* dim = color ? "\x1b[2m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  // The error first, then its details, then the hint that says what to do about them.
  std::cerr << red << "error:" << reset << " " << e.what() << "\n";
  const auto& problems = e.problems();
  const bool listed_in_message =
      problems.size() == 1 && std::string(e.what()).find(problems[0].message) != std::string::npos;
  if (!listed_in_message) {
    for (const auto& p : problems) {
      std::cerr << "  " << (p.pointer.empty() ? "(record)" : p.pointer) << ": " << p.message << "\n";
    }
  }
  if (!e.hint().empty()) std::cerr << dim << "hint: " << e.hint() << reset << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  // Records are parsed into short-lived documents: keep freed memory instead of returning it to the
  // kernel after every record (trimming cost more system time than the work itself).
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  mallopt(M_TOP_PAD, 16 << 20);
  mallopt(M_MMAP_THRESHOLD, 16 << 20);
  std::ios::sync_with_stdio(false);  // the record reader pulls stdin through rdbuf() byte by byte
  std::signal(SIGPIPE, SIG_IGN);
  struct sigaction action {};
  action.sa_handler = on_sigint;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);

  const tc::cli::Terminal terminal = tc::cli::detect_terminal(color_choice(argc, argv), env);
  try {
    tc::CurlGlobal curl;
    tc::SystemClock clock;
    const tc::cli::TransportMaker curl_transports = [](const tc::TransportOptions& options) {
      return std::make_unique<tc::CurlTransport>(options);
    };
    tc::cli::Context ctx{std::cin, std::cout, std::cerr, env, terminal, curl_transports, clock, &g_interrupted};
    const int status = tc::cli::run_app(argc, argv, ctx);
    std::cout.flush();
    return status;
  } catch (const tc::Error& e) {
    std::cout.flush();
    report(e, terminal);
    return tc::exit_code(e.kind());
  } catch (const std::bad_alloc&) {
    std::cerr << "error: out of memory\n";
    return tc::exit_code(tc::ErrorKind::Internal);
  } catch (const std::exception& e) {
    std::cerr << "error: internal error: " << e.what()
              << "\nhint: this is a bug; please report it with the command line (without secrets)\n";
    return tc::exit_code(tc::ErrorKind::Internal);
  }
}
