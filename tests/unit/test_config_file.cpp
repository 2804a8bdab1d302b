// The config file: syntax, keys, secrets only in private files, the default location.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "core/util/config_file.hpp"
#include "core/util/error.hpp"

namespace {

struct TempFile {
  std::string path;
  TempFile(const std::string& text, mode_t mode) {
    char name[] = "/tmp/tc-config-XXXXXX";
    const int fd = ::mkstemp(name);
    REQUIRE(fd >= 0);
    ::close(fd);
    path = name;
    std::ofstream(path) << text;
    ::chmod(path.c_str(), mode);
  }
  ~TempFile() { std::remove(path.c_str()); }
};

tc::ErrorKind error_kind(const std::string& text, mode_t mode, std::string* message = nullptr) {
  TempFile file(text, mode);
  try {
    tc::load_config_file(file.path, true);
  } catch (const tc::Error& e) {
    if (message != nullptr) *message = e.what();
    return e.kind();
  }
  return tc::ErrorKind::Internal;  // no error: callers check for a specific kind
}

}  // namespace

TEST_CASE("values of every form, comments, dashes in keys") {
  TempFile file(
      "# defaults for our importer\n"
      "perform_as = \"riley@example.com\"  # the bot user\n"
      "lever-url = 'https://api.sandbox.lever.co/v1'\n"
      "\n"
      "rate = 8.5\n"
      "concurrency = 2\n"
      "output = \"ndjson\"\n"
      "via = \"lev\\\"er\"\n",
      0644);
  const tc::ConfigFile config = tc::load_config_file(file.path, true);
  CHECK(config.path == file.path);
  CHECK(config.get("perform_as") == std::optional<std::string>("riley@example.com"));
  CHECK(config.get("lever_url") == std::optional<std::string>("https://api.sandbox.lever.co/v1"));
  CHECK(config.get("rate") == std::optional<std::string>("8.5"));
  CHECK(config.get("concurrency") == std::optional<std::string>("2"));
  CHECK(config.get("via") == std::optional<std::string>("lev\"er"));
  CHECK_FALSE(config.get("retries").has_value());
}

TEST_CASE("a missing file is empty unless it must exist") {
  CHECK(tc::load_config_file("/nonexistent/config.toml", false).values.empty());
  CHECK(tc::load_config_file("/nonexistent/config.toml", false).path.empty());
  CHECK_THROWS_AS(tc::load_config_file("/nonexistent/config.toml", true), tc::Error);
}

TEST_CASE("syntax errors name the line") {
  std::string message;
  CHECK(error_kind("rate = 10\nperform_as = riley\n", 0600, &message) == tc::ErrorKind::Config);
  CHECK(message.find("line 2") != std::string::npos);
  CHECK(error_kind("perform_as = \"open\n", 0600, &message) == tc::ErrorKind::Config);
  CHECK(message.find("unterminated") != std::string::npos);
  CHECK(error_kind("[lever]\nrate = 1\n", 0600, &message) == tc::ErrorKind::Config);
  CHECK(error_kind("rate\n", 0600, &message) == tc::ErrorKind::Config);
  CHECK(error_kind("rate =\n", 0600, &message) == tc::ErrorKind::Config);
}

TEST_CASE("an unknown key is refused with a suggestion") {
  std::string message;
  CHECK(error_kind("perfom_as = \"x\"\n", 0600, &message) == tc::ErrorKind::Config);
  CHECK(message.find("did you mean \"perform_as\"") != std::string::npos);
}

TEST_CASE("a secret is accepted only in a private file") {
  std::string message;
  CHECK(error_kind("lever_api_key = \"sk_live_123\"\n", 0644, &message) == tc::ErrorKind::Config);
  CHECK(message.find("chmod") == std::string::npos);        // the fix is in the hint, not the message
  CHECK(message.find("sk_live_123") == std::string::npos);  // the secret is never echoed
  CHECK(error_kind("truto_api_token = \"t\"\n", 0640, &message) == tc::ErrorKind::Config);
  TempFile file("lever_api_key = \"sk_live_123\"\n", 0600);
  CHECK(tc::load_config_file(file.path, true).get("lever_api_key") == std::optional<std::string>("sk_live_123"));
}

TEST_CASE("default location follows XDG") {
  CHECK(tc::default_config_path("/x", "/home/u") == "/x/truto-candidates/config.toml");
  CHECK(tc::default_config_path("", "/home/u") == "/home/u/.config/truto-candidates/config.toml");
  CHECK(tc::default_config_path("", "").empty());
}
