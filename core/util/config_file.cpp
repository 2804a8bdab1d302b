#include "core/util/config_file.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/util/error.hpp"
#include "core/util/strings.hpp"

namespace tc {

const std::vector<ConfigSetting>& config_settings() {
  static const std::vector<ConfigSetting> all = {
      {"perform_as", "LEVER_PERFORM_AS", "--perform-as", false, "Lever user id or e-mail to act as"},
      {"lever_url", "LEVER_API_BASE", "--lever-url", false, "Lever API base URL"},
      {"truto_url", "TRUTO_API_BASE", "--truto-url", false, "Truto API base URL"},
      {"via", "TRUTO_CANDIDATES_VIA", "--via", false, "lever or truto"},
      {"integrated_account_id", "TRUTO_INTEGRATED_ACCOUNT_ID", "--integrated-account-id", false,
       "Truto integrated account"},
      {"output", nullptr, "--output", false, "table, json or ndjson"},
      {"color", nullptr, "--color", false, "auto, always or never"},
      {"rate", nullptr, "--rate", false, "requests per second"},
      {"concurrency", nullptr, "--concurrency", false, "records in flight at once"},
      {"on_duplicate", nullptr, "--on-duplicate", false, "skip, merge, create or fail"},
      {"retries", nullptr, "--retries", false, "retries of a failed request"},
      {"timeout", nullptr, "--timeout", false, "seconds per request"},
      {"connect_timeout", nullptr, "--connect-timeout", false, "seconds to connect"},
      {"retry_delay", nullptr, "--retry-delay", false, "base of the backoff between retries, seconds"},
      {"cacert", nullptr, "--cacert", false, "CA bundle to trust"},
      {"lever_api_key", "LEVER_API_KEY", "--api-key-file", true, "Lever API key (file must be mode 0600)"},
      {"lever_access_token", "LEVER_ACCESS_TOKEN", nullptr, true, "Lever OAuth token (file must be mode 0600)"},
      {"truto_api_token", "TRUTO_API_TOKEN", nullptr, true, "Truto API token (file must be mode 0600)"},
  };
  return all;
}

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
  for (const auto& s : config_settings()) known.push_back(s.key);
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
    const ConfigSetting* setting = nullptr;
    for (const auto& s : config_settings()) {
      if (s.key == key) setting = &s;
    }
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
