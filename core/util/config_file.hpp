#pragma once
// The config file ($XDG_CONFIG_HOME/truto-candidates/config.toml): defaults for settings a user would
// otherwise repeat on every command. A flat TOML subset — `key = "string" | number | true/false`,
// comments, blank lines — which is all these settings need. Precedence, applied by the CLI:
// flags > environment > config file > built-in defaults.
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tc {

// The keys the config file accepts are the settings table's (core/util/settings.hpp).
struct ConfigFile {
  std::string path;                           // "" when no file was found
  std::map<std::string, std::string> values;  // canonical key → value as text
  std::optional<std::string> get(const std::string& key) const;
};

// The default location: $XDG_CONFIG_HOME/truto-candidates/config.toml, else
// $HOME/.config/truto-candidates/config.toml; "" when neither variable is set.
std::string default_config_path(const std::string& xdg_config_home, const std::string& home);

// Reads `path`. A missing file gives an empty ConfigFile unless `must_exist` (then NoInput).
// Throws tc::Error(Config) naming the line for a syntax error, an unknown key (with a "did you mean"),
// or a secret in a file that others can read (the file must be mode 0600 or stricter).
ConfigFile load_config_file(const std::string& path, bool must_exist);

}  // namespace tc
