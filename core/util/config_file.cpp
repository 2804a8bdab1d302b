#include "core/util/config_file.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/util/error.hpp"
#include "core/util/settings.hpp"
#include "core/util/strings.hpp"

namespace tc {

std::optional<std::string> ConfigFile::get(const std::string& key) const {
  auto it = values.find(key);
  if (it == values.end()) return std::nullopt;
  return it->second;
}

std::string default_config_path(const std::string& xdg_config_home, const std::string& home) {
  if (!xdg_config_home.empty()) return xdg_config_home + "/truto-candidates/config.toml";
  if (!home.empty()) return home + "/.config/truto-candidates/config.toml";
  return {};
}

namespace {

// The value part of `key = value`, comments stripped; throws with `where` on a malformed value.
std::string parse_value(const std::string& raw, const std::string& where) {
  const std::string text = std::string(trim(raw));
  if (text.empty()) throw Error(ErrorKind::Config, where + ": a value is missing after '='");
  if (text[0] == '"' || text[0] == '\'') {
    const char quote = text[0];
    std::string out;
    size_t i = 1;
    for (; i < text.size() && text[i] != quote; ++i) {
      if (quote == '"' && text[i] == '\\' && i + 1 < text.size()) {
        const char e = text[++i];
        switch (e) {
          case 'n': out += '\n'; break;
          case 't': out += '\t'; break;
          case '"': out += '"'; break;
          case '\\': out += '\\'; break;
          default: throw Error(ErrorKind::Config, fmt::format("{}: unsupported escape \\{}", where, e));
        }
      } else {
        out += text[i];
      }
    }
    if (i >= text.size()) throw Error(ErrorKind::Config, where + ": unterminated string");
    const std::string rest = std::string(trim(text.substr(i + 1)));
    if (!rest.empty() && rest[0] != '#') throw Error(ErrorKind::Config, where + ": unexpected text after the string");
    return out;
  }
  std::string bare = std::string(trim(text.substr(0, text.find('#'))));
  if (bare == "true" || bare == "false") return bare;
  char* end = nullptr;
  std::strtod(bare.c_str(), &end);
  if (bare.empty() || *end != '\0') {
    throw Error(ErrorKind::Config, fmt::format("{}: \"{}\" is not a string, number or boolean", where, bare),
                "quote text values: key = \"value\"");
  }
  return bare;
}

}  // namespace

ConfigFile load_config_file(const std::string& path, bool must_exist) {
  ConfigFile config;
  struct stat st {};
  if (path.empty() || ::stat(path.c_str(), &st) != 0) {
    if (must_exist) {
      throw Error(ErrorKind::NoInput, fmt::format("config file {}: {}", path, std::strerror(errno)));
    }
    return config;
  }
  std::ifstream in(path);
  if (!in) throw Error(ErrorKind::NoInput, fmt::format("config file {}: cannot be read", path));
  config.path = path;
  std::vector<std::string> known;
  for (const Setting& s : kSettings) known.emplace_back(s.key);
  std::string line;
  size_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    const std::string where = fmt::format("{} line {}", path, number);
    const std::string text = std::string(trim(line));
    if (text.empty() || text[0] == '#') continue;
    if (text[0] == '[') {
      throw Error(ErrorKind::Config, where + ": tables ([section]) are not used; write plain key = value lines");
    }
    const auto eq = text.find('=');
    if (eq == std::string::npos) throw Error(ErrorKind::Config, where + ": expected key = value");
    std::string key = std::string(trim(text.substr(0, eq)));
    for (char& c : key) {
      if (c == '-') c = '_';
    }
    const Setting* setting = find_setting(key);
    if (setting == nullptr) {
      const std::string suggestion = closest_name(key, known);
      throw Error(ErrorKind::Config,
                  fmt::format("{}: unknown setting \"{}\"{}", where, key,
                              suggestion.empty() ? "" : " (did you mean \"" + suggestion + "\"?)"),
                  "`truto-candidates config show` lists the settings");
    }
    if (setting->secret && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
      throw Error(ErrorKind::Config, fmt::format("{}: {} is a secret, but others can read {}", where, key, path),
                  fmt::format("run: chmod 600 {}", path));
    }
    config.values[key] = parse_value(text.substr(eq + 1), where);
  }
  return config;
}

}  // namespace tc
