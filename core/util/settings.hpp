#pragma once
// The settings table: every setting a user can give by flag, environment variable or config file, once,
// with its config key, flag, environment variable, default, allowed values and help. The CLI builds its
// flags and their checks from it and binds the config file's values to the same fields
// (cli/setting_options.hpp), the config file is checked against it (core/util/config_file.hpp), and
// `config show` lists it (ARCHITECTURE.md).
// Adding a setting is one row here (CONTRIBUTING.md).
#include <array>
#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tc {

// The services' base URLs, named once: the settings' defaults, and what messages and hints point to.
inline constexpr const char* kLeverApiBase = "https://api.lever.co/v1";
inline constexpr const char* kLeverSandboxApiBase = "https://api.sandbox.lever.co/v1";
inline constexpr const char* kTrutoApiBase = "https://api.truto.one";
// Each route's requests per second when --rate is not given; the `rate` row's texts and undo's --rate help
// say them in words (test_cli_settings checks that they agree).
inline constexpr double kLeverDefaultRate = 10;
inline constexpr double kTrutoDefaultRate = 5;  // Truto allows 50 requests per 10 s per integrated account

enum class SettingType {
  Text,     // any string
  Choice,   // one of `choices`
  Integer,  // a whole number from `low` to `high`
  Number,   // a number from `low` to `high`, fractions allowed
};

struct Setting {
  std::string_view key;  // the config file's name, e.g. "perform_as" (a '-' in the file is read as '_')
  const char* flag;      // CLI11 names, e.g. "-o,--output"; nullptr when no flag sets it
  const char* env;       // the environment variable that sets it, or nullptr
  SettingType type;
  bool secret;                         // redacted by `config show`; only in a private config file
  double low, high;                    // Integer and Number: the allowed range, inclusive
  std::array<const char*, 4> choices;  // Choice: the allowed values (unused entries nullptr)
  double number;                       // Integer and Number: the default (rate: 0, the route's own)
  const char* default_text;            // the default as `config show` prints it; nullptr: `number` for
                                       // Integer and Number, "(not set)" for the others
  const char* help;                    // the flag's help; "{default}" stands for the default
};

inline constexpr double kNoLimit = 0;
inline constexpr std::array<const char*, 4> kNoChoices{};

// clang-format off
inline constexpr Setting kSettings[] = {
    {"perform_as", "--perform-as", "LEVER_PERFORM_AS", SettingType::Text, false, kNoLimit, kNoLimit, kNoChoices, 0,
     nullptr, "Lever user id or e-mail to act as (required for leads)"},
    {"lever_url", "--lever-url", "LEVER_API_BASE", SettingType::Text, false, kNoLimit, kNoLimit, kNoChoices, 0,
     kLeverApiBase, "Lever API base URL (default {default})"},
    {"truto_url", "--truto-url", "TRUTO_API_BASE", SettingType::Text, false, kNoLimit, kNoLimit, kNoChoices, 0,
     kTrutoApiBase, "Truto API base URL (default {default})"},
    {"via", "--via", "TRUTO_CANDIDATES_VIA", SettingType::Choice, false, kNoLimit, kNoLimit, {"lever", "truto"}, 0,
     "lever", "lever (default: call Lever directly) or truto (Truto's unified API)"},
    {"integrated_account_id", "--integrated-account-id", "TRUTO_INTEGRATED_ACCOUNT_ID", SettingType::Text, false,
     kNoLimit, kNoLimit, kNoChoices, 0, nullptr, "Truto integrated account (required with --via truto)"},
    {"output", "-o,--output", nullptr, SettingType::Choice, false, kNoLimit, kNoLimit, {"table", "json", "ndjson"}, 0,
     "table on a terminal, else json/ndjson", "table, json or ndjson (default: {default})"},
    {"color", "--color", nullptr, SettingType::Choice, false, kNoLimit, kNoLimit, {"auto", "always", "never"}, 0,
     "auto", "auto (default), always or never; NO_COLOR is honoured"},
    {"rate", "--rate", nullptr, SettingType::Number, false, 0.1, 1000, kNoChoices, 0, "10 (lever), 5 (truto)",
     "starting and highest requests/s, all workers together; lowered on 429s, then climbs back "
     "(default 10 lever, 5 truto)"},
    {"concurrency", "--concurrency", nullptr, SettingType::Integer, false, 1, 64, kNoChoices, 4, nullptr,
     "records in flight at once (default {default})"},
    {"on_duplicate", "--on-duplicate", nullptr, SettingType::Choice, false, kNoLimit, kNoLimit,
     {"skip", "merge", "create", "fail"}, 0, nullptr,
     "when the person already has an opportunity on the posting (same e-mail): skip (the default), "
     "merge (add tags, links, sources, files), create (another opportunity) or fail; the truto route "
     "takes only create"},
    {"retries", "--retries", nullptr, SettingType::Integer, false, 0, 20, kNoChoices, 4, nullptr,
     "retries of a failed request (default {default})"},
    {"timeout", "--timeout", nullptr, SettingType::Number, false, 0.05, 3600, kNoChoices, 30, nullptr,
     "seconds per request, fractions allowed (default {default})"},
    {"connect_timeout", "--connect-timeout", nullptr, SettingType::Number, false, 0.05, 600, kNoChoices, 10, nullptr,
     "seconds to connect, fractions allowed (default {default})"},
    {"retry_delay", "--retry-delay", nullptr, SettingType::Number, false, 0, 60, kNoChoices, 0.5, nullptr,
     "seconds: base of the exponential backoff between retries (full jitter; default {default})"},
    {"cacert", "--cacert", nullptr, SettingType::Text, false, kNoLimit, kNoLimit, kNoChoices, 0,
     "the system's CA store", "trust this CA bundle (a private CA); verification stays on"},
    {"lever_api_key", "--api-key-file", "LEVER_API_KEY", SettingType::Text, true, kNoLimit, kNoLimit, kNoChoices, 0,
     nullptr, "read the Lever API key from the first line of FILE"},
    {"lever_access_token", nullptr, "LEVER_ACCESS_TOKEN", SettingType::Text, true, kNoLimit, kNoLimit, kNoChoices, 0,
     nullptr, "Lever OAuth token"},
    {"truto_api_token", nullptr, "TRUTO_API_TOKEN", SettingType::Text, true, kNoLimit, kNoLimit, kNoChoices, 0,
     nullptr, "Truto API token"},
};
// clang-format on

// The row of a config key, or nullptr for an unknown one.
constexpr const Setting* find_setting(std::string_view key) {
  for (const Setting& s : kSettings) {
    if (s.key == key) return &s;
  }
  return nullptr;
}

// The row of `key`; a key not in the table fails to compile where evaluated at compile time, and throws
// std::out_of_range otherwise.
constexpr const Setting& setting(std::string_view key) {
  if (const Setting* s = find_setting(key)) return *s;
  throw std::out_of_range("no setting named " + std::string(key));
}

// The long flag name ("--output" of "-o,--output"), or "" without a flag.
std::string long_flag(const Setting& s);

// The default as a person reads it: "4", "0.5", "https://api.lever.co/v1", "(not set)".
std::string default_text(const Setting& s);

// The help with its "{default}" filled in.
std::string help_text(const Setting& s, const char* help = nullptr);

// Whether `text` is an allowed value of `s`; the reason it is not, naming the key and value, e.g.
// `retries = 21 is not a whole number from 0 to 20` or `via = "x" is not one of lever, truto`.
std::optional<std::string> setting_value_error(const Setting& s, const std::string& text);

}  // namespace tc
