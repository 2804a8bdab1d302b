// The settings table (core/util/settings.hpp) and what comes from it: the flags' checks
// (cli/setting_options.hpp), the config file's checks (apply_config) and the defaults `config show` prints.
#include <doctest/doctest.h>
#include <CLI/CLI.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "cli/options.hpp"
#include "cli/setting_options.hpp"
#include "cli/undo_cmd.hpp"
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
  const Setting& s = tc::setting(key);
  if (s.type == SettingType::Integer) tc::cli::add_setting_option(app, key, whole);
  if (s.type == SettingType::Number) tc::cli::add_setting_option(app, key, number);
  if (s.type == SettingType::Choice || s.type == SettingType::Text) tc::cli::add_setting_option(app, key, text);
  try {
    app.parse(std::vector<std::string>{value, tc::long_flag(s)});  // CLI11 takes argv reversed
  } catch (const CLI::ParseError& e) {
    return e.what();
  }
  return {};
}

// The message apply_config gives for `key = value` in a config file, "" when accepted.
std::string config_error(const std::string& key, const std::string& value) {
  tc::ConfigFile config;
  config.path = "/home/riley/.config/truto-candidates/config.toml";
  config.values = {{key, value}};
  tc::cli::TargetOptions target;
  tc::cli::ConnectionOptions connection;
  tc::cli::OutputOptions output;
  tc::cli::BulkOptions bulk;
  try {
    tc::cli::apply_config(config, &target, &connection, &output, &bulk);
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

TEST_CASE("apply_config sets each struct's members from the file, checked") {
  tc::ConfigFile config;
  config.path = "config.toml";
  config.values = {{"retries", "7"},         {"concurrency", "1e1"}, {"rate", "2.5"},
                   {"via", "truto"},         {"output", "ndjson"},   {"lever_url", "https://lever.example/v1"},
                   {"on_duplicate", "merge"}};
  tc::cli::TargetOptions target;
  tc::cli::ConnectionOptions connection;
  tc::cli::OutputOptions output;
  tc::cli::BulkOptions bulk;
  tc::cli::apply_config(config, &target, &connection, &output, &bulk);
  CHECK(connection.retries == 7);
  CHECK(bulk.concurrency == 10);
  CHECK(bulk.rate == doctest::Approx(2.5));
  CHECK(target.via == "truto");
  CHECK(output.output == "ndjson");
  CHECK(connection.lever_url == "https://lever.example/v1");
  CHECK(bulk.on_duplicate == "merge");
  CHECK(connection.timeout == 30);  // not in the file: the table's default
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
