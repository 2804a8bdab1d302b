// The settings table (core/util/settings.hpp) and what comes from it: the flags' checks
// (cli/setting_options.hpp), the config file's values and checks (through each command's SettingBindings)
// and the defaults `config show` prints.
#include <doctest/doctest.h>
#include <CLI/CLI.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

#include "cli/create_cmd.hpp"
#include "cli/get_cmd.hpp"
#include "cli/options.hpp"
#include "cli/setting_options.hpp"
#include "cli/undo_cmd.hpp"
#include "cli/validate_cmd.hpp"
#include "core/util/error.hpp"
#include "core/util/settings.hpp"

using tc::Setting;
using tc::SettingType;

namespace {

// The message CLI11's parse gives for `FLAG VALUE` on a flag made by add_setting_option, "" when accepted.
std::string flag_error(std::string_view key, const std::string& value) {
  CLI::App app;
  std::string text;
  double number = 0;
  int whole = 0;
  tc::cli::SettingBindings bindings;
  const Setting& s = tc::setting(key);
  if (s.type == SettingType::Integer) tc::cli::add_setting_option(app, bindings, key, whole);
  if (s.type == SettingType::Number) tc::cli::add_setting_option(app, bindings, key, number);
  if (s.type == SettingType::Choice || s.type == SettingType::Text)
    tc::cli::add_setting_option(app, bindings, key, text);
  try {
    app.parse(std::vector<std::string>{value, tc::long_flag(s)});  // CLI11 takes argv reversed
  } catch (const CLI::ParseError& e) {
    return e.what();
  }
  return {};
}

// The message `create`'s setting bindings give for `key = value` in a config file, "" when accepted.
std::string config_error(const std::string& key, const std::string& value) {
  tc::ConfigFile config;
  config.path = "/home/riley/.config/truto-candidates/config.toml";
  config.values = {{key, value}};
  CLI::App app;
  tc::cli::CreateOptions create;
  tc::cli::setup_create(app, create);
  try {
    create.bindings.apply(config);
  } catch (const tc::Error& e) {
    CHECK(e.kind() == tc::ErrorKind::Config);
    return e.what();
  }
  return {};
}

}  // namespace

TEST_CASE("the table: one row per key and per flag, the defaults as config show prints them") {
  std::set<std::string> keys, flags;
  for (const Setting& s : tc::kSettings) {
    CHECK(keys.insert(std::string(s.key)).second);
    if (s.flag != nullptr) CHECK(flags.insert(tc::long_flag(s)).second);
    if (s.type == SettingType::Integer || s.type == SettingType::Number) CHECK(s.low <= s.high);
    if (s.type == SettingType::Choice) CHECK(s.choices[0] != nullptr);
  }
  CHECK(tc::long_flag(tc::setting("output")) == "--output");
  CHECK(tc::long_flag(tc::setting("retries")) == "--retries");
  CHECK(tc::long_flag(tc::setting("truto_api_token")).empty());
  CHECK(tc::find_setting("retry-delay") == nullptr);
  CHECK(tc::find_setting("retry_delay") == &tc::setting("retry_delay"));
  CHECK(tc::default_text(tc::setting("retries")) == "4");
  CHECK(tc::default_text(tc::setting("retry_delay")) == "0.5");
  CHECK(tc::default_text(tc::setting("timeout")) == "30");
  CHECK(tc::default_text(tc::setting("lever_url")) == "https://api.lever.co/v1");
  CHECK(tc::default_text(tc::setting("truto_url")) == "https://api.truto.one");
  CHECK(tc::default_text(tc::setting("rate")) ==
        fmt::format("{} (lever), {} (truto)", tc::kLeverDefaultRate, tc::kTrutoDefaultRate));
  CHECK(tc::help_text(tc::setting("rate"))
            .find(fmt::format("(default {} lever, {} truto)", tc::kLeverDefaultRate, tc::kTrutoDefaultRate)) !=
        std::string::npos);
  CHECK(tc::default_text(tc::setting("perform_as")) == "(not set)");
  CHECK(tc::help_text(tc::setting("retries")) == "retries of a failed request (default 4)");
  CHECK(tc::help_text(tc::setting("lever_url")) == "Lever API base URL (default https://api.lever.co/v1)");
  CHECK(tc::help_text(tc::setting("concurrency"), "opportunities in flight at once (default {default})") ==
        "opportunities in flight at once (default 4)");
}

TEST_CASE("the options' built-in values are the table's defaults") {
  const tc::cli::ConnectionOptions connection;
  CHECK(connection.retries == 4);
  CHECK(connection.timeout == 30);
  CHECK(connection.connect_timeout == 10);
  CHECK(connection.retry_delay == doctest::Approx(0.5));
  CHECK(tc::cli::BulkOptions().concurrency == 4);
  CHECK(tc::cli::TargetOptions().via == "lever");
  CHECK(tc::cli::OutputOptions().color == "auto");
}

TEST_CASE("a setting's value is checked against its range or choices, naming the key and value") {
  const Setting& retries = tc::setting("retries");
  CHECK_FALSE(tc::setting_value_error(retries, "0"));
  CHECK_FALSE(tc::setting_value_error(retries, "20"));
  CHECK(tc::setting_value_error(retries, "21") == std::string("retries = 21 is not a whole number from 0 to 20"));
  CHECK(tc::setting_value_error(retries, "-1") == std::string("retries = -1 is not a whole number from 0 to 20"));
  CHECK(tc::setting_value_error(retries, "2.5") == std::string("retries = 2.5 is not a whole number from 0 to 20"));
  CHECK(tc::setting_value_error(retries, "four") == std::string("retries = four is not a whole number from 0 to 20"));
  const Setting& timeout = tc::setting("timeout");
  CHECK_FALSE(tc::setting_value_error(timeout, "0.05"));
  CHECK_FALSE(tc::setting_value_error(timeout, "1.5"));
  CHECK(tc::setting_value_error(timeout, "0.01") == std::string("timeout = 0.01 is not a number from 0.05 to 3600"));
  CHECK(tc::setting_value_error(timeout, "inf") == std::string("timeout = inf is not a number from 0.05 to 3600"));
  CHECK(tc::setting_value_error(tc::setting("via"), "lever ") ==
        std::string("via = \"lever \" is not one of lever, truto"));
  CHECK(tc::setting_value_error(tc::setting("on_duplicate"), "keep") ==
        std::string("on_duplicate = \"keep\" is not one of skip, merge, create, fail"));
  CHECK_FALSE(tc::setting_value_error(tc::setting("perform_as"), "anything at all"));
}

TEST_CASE("every ranged or chosen setting: its flag and its config file value accept its bounds and refuse beyond") {
  for (const Setting& s : tc::kSettings) {
    const std::string key(s.key);
    CAPTURE(key);
    if (s.type == SettingType::Integer || s.type == SettingType::Number) {
      const std::string low = fmt::format("{}", s.low), high = fmt::format("{}", s.high);
      const std::string above = fmt::format("{}", s.high + 1), below = fmt::format("{}", s.low - 0.01);
      CHECK(flag_error(key, low).empty());
      CHECK(flag_error(key, high).empty());
      CHECK(flag_error(key, above).find(tc::long_flag(s) + ": Value " + above + " not in range") == 0);
      CHECK(flag_error(key, below).find(tc::long_flag(s) + ": Value " + below + " not in range") == 0);
      CHECK(config_error(key, low).empty());
      CHECK(config_error(key, high).empty());
      const std::string kind = s.type == SettingType::Integer ? "whole number" : "number";
      CHECK(config_error(key, above) == fmt::format("config file /home/riley/.config/truto-candidates/config.toml: "
                                                    "{} = {} is not a {} from {} to {}",
                                                    key, above, kind, low, high));
    }
    if (s.type == SettingType::Choice) {
      for (const char* choice : s.choices) {
        if (choice != nullptr) CHECK(flag_error(key, choice).empty());
      }
      CHECK(flag_error(key, "bogus").find(tc::long_flag(s) + ": bogus not in {") == 0);
      CHECK(config_error(key, s.choices[0]).empty());
      CHECK(config_error(key, "bogus").find(key + " = \"bogus\" is not one of ") != std::string::npos);
    }
  }
}

TEST_CASE("the exact messages users see for --retries, by flag and by config file") {
  CHECK(flag_error("retries", "21") == "--retries: Value 21 not in range 0 to 20");
  CHECK(flag_error("retries", "2.5") == "--retries: Value 2.5 not in range 0 to 20");
  CHECK(flag_error("via", "x") == "--via: x not in {lever,truto}");
  CHECK(config_error("retries", "21") ==
        "config file /home/riley/.config/truto-candidates/config.toml: retries = 21 "
        "is not a whole number from 0 to 20");
  CHECK(config_error("via", "x") ==
        "config file /home/riley/.config/truto-candidates/config.toml: via = \"x\" is not one of lever, truto");
}

TEST_CASE("the config file sets the members of create's option groups, checked") {
  tc::ConfigFile config;
  config.path = "config.toml";
  config.values = {{"retries", "7"},         {"concurrency", "1e1"}, {"rate", "2.5"},
                   {"via", "truto"},         {"output", "ndjson"},   {"lever_url", "https://lever.example/v1"},
                   {"on_duplicate", "merge"}};
  CLI::App app;
  tc::cli::CreateOptions create;
  tc::cli::setup_create(app, create);
  create.bindings.apply(config);
  CHECK(create.connection.retries == 7);
  CHECK(create.bulk.concurrency == 10);
  CHECK(create.bulk.rate == doctest::Approx(2.5));
  CHECK(create.target.via == "truto");
  CHECK(create.output.output == "ndjson");
  CHECK(create.connection.lever_url == "https://lever.example/v1");
  CHECK(create.bulk.on_duplicate == "merge");
  CHECK(create.connection.timeout == 30);  // not in the file: the table's default
}

namespace {

// A value the table allows for `s`: its first choice or lowest number (`which` 0), or its last choice or
// highest number (1); any text for a Text setting.
std::string allowed_value(const Setting& s, int which) {
  if (s.type == SettingType::Integer || s.type == SettingType::Number) return fmt::format("{}", which ? s.high : s.low);
  if (s.type == SettingType::Text) return which ? "from-the-file" : "from-elsewhere";
  size_t last = 0;
  while (last + 1 < s.choices.size() && s.choices[last + 1] != nullptr) ++last;
  return s.choices[which ? last : 0];
}

// `create` parsed with `args` after the config file `key = value` was applied, and `env_value` (if any) in
// the setting's environment variable: the value of the field its flag is bound to, read through CLI11's
// own binding of the flag (not through SettingBindings).
std::string create_field(const Setting& s, const std::string& value, std::vector<std::string> args,
                         const char* env_value = nullptr) {
  for (const Setting& other : tc::kSettings) {
    if (other.env != nullptr) ::unsetenv(other.env);
  }
  if (env_value != nullptr) ::setenv(s.env, env_value, 1);
  tc::ConfigFile config;
  config.path = "config.toml";
  config.values = {{std::string(s.key), value}};
  CLI::App app;
  tc::cli::CreateOptions create;
  CLI::App* command = tc::cli::setup_create(app, create);
  create.bindings.apply(config);
  args.push_back("create");  // CLI11 takes argv reversed
  app.parse(args);
  if (s.env != nullptr) ::unsetenv(s.env);
  CLI::Option* option = command->get_option(tc::long_flag(s));
  option->capture_default_str();  // the bound field's value as text
  return option->get_default_str();
}

// Whether two values of `s` are the same: numbers as numbers ("0.05" and "0.050000").
bool same_value(const Setting& s, const std::string& a, const std::string& b) {
  if (s.type == SettingType::Integer || s.type == SettingType::Number)
    return std::strtod(a.c_str(), nullptr) == std::strtod(b.c_str(), nullptr);
  return a == b;
}

}  // namespace

TEST_CASE("every setting's flag on create takes the config file's value, under the environment and the flag") {
  for (const Setting& s : tc::kSettings) {
    if (s.flag == nullptr || s.secret) continue;  // a secret's value reaches the command as its variable
    const std::string key(s.key), flag = tc::long_flag(s);
    const std::string in_file = allowed_value(s, 1), elsewhere = allowed_value(s, 0);
    CAPTURE(key);
    REQUIRE(!same_value(s, in_file, elsewhere));
    REQUIRE(!same_value(s, in_file, tc::default_text(s)));
    CHECK(same_value(s, create_field(s, in_file, {}), in_file));
    CHECK(same_value(s, create_field(s, in_file, {elsewhere, flag}), elsewhere));
    if (s.env == nullptr) continue;
    CHECK(same_value(s, create_field(s, in_file, {}, elsewhere.c_str()), elsewhere));
    CHECK(same_value(s, create_field(s, in_file, {in_file, flag}, elsewhere.c_str()), in_file));
  }
}

TEST_CASE("a secret's flag does not take the file's value: the file holds the secret, the flag names a file") {
  CLI::App app;
  tc::cli::CreateOptions create;
  tc::cli::setup_create(app, create);
  tc::ConfigFile config;
  config.values = {{"lever_api_key", "the-key-itself"}};
  create.bindings.apply(config);
  CHECK(create.connection.api_key_file.empty());
}

TEST_CASE("validate takes on_duplicate from the file as create does; get and undo do not take via from it") {
  tc::ConfigFile config;
  config.values = {{"on_duplicate", "merge"}, {"via", "truto"}, {"retries", "9"}};
  CLI::App app;
  tc::cli::ValidateOptions validate;
  tc::cli::GetOptions get;
  tc::cli::UndoOptions undo;
  tc::cli::setup_validate(app, validate);
  tc::cli::setup_get(app, get);
  tc::cli::setup_undo(app, undo);
  for (const tc::cli::SettingBindings* bindings : {&validate.bindings, &get.bindings, &undo.bindings})
    bindings->apply(config);
  CHECK(validate.on_duplicate == "merge");  // its report then names the policy create would follow
  CHECK(validate.target.via == "truto");
  CHECK(get.via == "lever");  // they read Lever only: a file that routes create through Truto leaves them be
  CHECK(undo.via == "lever");
  CHECK(get.connection.retries == 9);
  CHECK(undo.connection.retries == 9);
}

TEST_CASE("undo's own help for --rate and --concurrency keeps the table's defaults and checks") {
  CLI::App app;
  tc::cli::UndoOptions o;
  tc::cli::setup_undo(app, o);
  CLI::App* undo = app.get_subcommand("undo");
  CHECK(undo->get_option("--rate")->get_description() ==
        fmt::format("highest requests/s, all workers together (default {})", tc::kLeverDefaultRate));
  CHECK(undo->get_option("--concurrency")->get_description() == "opportunities in flight at once (default 4)");
  CHECK(o.bulk.concurrency == 4);
  CHECK_THROWS_AS(app.parse(std::vector<std::string>{"65", "--concurrency", "undo"}), CLI::ValidationError);
}
