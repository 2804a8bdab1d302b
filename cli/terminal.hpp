#pragma once
// Terminal facts the CLI decides once and hands to the core as plain values.
#include <cstdio>
#include <functional>
#include <string>

namespace tc {
struct TableStyle;  // core/run/output.hpp
}  // namespace tc

namespace tc::cli {

using GetEnv = std::function<std::string(const char* name)>;  // "" when unset

struct Terminal {
  bool stdout_tty = false;
  bool stderr_tty = false;
  size_t width = 100;
  bool color_stdout = false;
  bool color_stderr = false;
};

// `color` is --color: auto|always|never. NO_COLOR (non-empty) and TERM=dumb turn auto off.
Terminal detect_terminal(const std::string& color, const GetEnv& env);

// How tables print to stdout: fitted to the terminal's width, or, when stdout is a pipe or a file,
// with every cell whole (ids and names are copied from there; a cut one is useless).
TableStyle table_style(const Terminal& terminal);

}  // namespace tc::cli
