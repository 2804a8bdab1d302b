#include "cli/terminal.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>

#include "core/run/output.hpp"

namespace tc::cli {

Terminal detect_terminal(const std::string& color, const GetEnv& env) {
  Terminal t;
  t.stdout_tty = ::isatty(STDOUT_FILENO) == 1;
  t.stderr_tty = ::isatty(STDERR_FILENO) == 1;
  struct winsize ws {};
  if (t.stdout_tty && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
    t.width = ws.ws_col;
  } else if (const std::string columns = env("COLUMNS"); !columns.empty()) {
    const long n = std::strtol(columns.c_str(), nullptr, 10);
    if (n >= 20 && n <= 1000) t.width = static_cast<size_t>(n);
  }
  const bool allowed = env("NO_COLOR").empty() && env("TERM") != "dumb";
  if (color == "always") {
    t.color_stdout = t.color_stderr = true;
  } else if (color == "auto") {
    t.color_stdout = allowed && t.stdout_tty;
    t.color_stderr = allowed && t.stderr_tty;
  }
  return t;
}

TableStyle table_style(const Terminal& terminal) {
  return TableStyle{terminal.width, terminal.color_stdout, terminal.stdout_tty};
}

}  // namespace tc::cli
