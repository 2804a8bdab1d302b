// The command line of ARCHITECTURE.md §3: every flag of create/validate/form/schema lands in its options
// struct, environment fallbacks, repeatable flags taking one value per occurrence (bracketed --answer
// values stay one string), field_flags() reporting only the flags given, and rejected values.
#include <doctest/doctest.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "cli/create_cmd.hpp"
#include "cli/form_cmd.hpp"
#include "cli/schema_cmd.hpp"
#include "cli/validate_cmd.hpp"
#include "core/http/clock.hpp"

using tc::cli::CreateOptions;
using tc::cli::FormOptions;
using tc::cli::SchemaOptions;
using tc::cli::ValidateOptions;

namespace {

using Args = std::vector<std::string>;

// CLI11 consumes a reversed argument vector (program name excluded).
void parse(CLI::App& app, Args args) {
  std::reverse(args.begin(), args.end());
  app.parse(args);
}

// The environment variables the option groups read; cleared so the host's environment cannot leak in.
const char* const kEnvNames[] = {"TRUTO_INTEGRATED_ACCOUNT_ID", "TRUTO_CANDIDATES_VIA", "LEVER_PERFORM_AS",
                                 "LEVER_API_BASE", "TRUTO_API_BASE"};

struct CleanEnv {
  CleanEnv() {
    for (const char* name : kEnvNames) ::unsetenv(name);
  }
  ~CleanEnv() {
    for (const char* name : kEnvNames) ::unsetenv(name);
  }
};

// A parsed `create` command line.
struct Create {
  CLI::App app{"test", "truto-candidates"};
  CreateOptions o;
  Create() { tc::cli::setup_create(app, o); }
  explicit Create(Args args) : Create() {
    args.insert(args.begin(), "create");
    parse(app, std::move(args));
  }
};

struct Validate {
  CLI::App app{"test", "truto-candidates"};
  ValidateOptions o;
  explicit Validate(Args args) {
    tc::cli::setup_validate(app, o);
    args.insert(args.begin(), "validate");
    parse(app, std::move(args));
  }
};

void create_rejects(Args args) {
  CleanEnv env;
  Create c;
  args.insert(args.begin(), "create");
  CHECK_THROWS_AS(parse(c.app, args), CLI::ParseError);
}

}  // namespace

TEST_CASE("create: defaults when nothing is given") {
  CleanEnv env;
  Create c(Args{});
  CHECK(c.o.target.job_id == "");
  CHECK(c.o.target.application_source == "lead");
  CHECK(c.o.target.via == "lever");
  CHECK(c.o.target.integrated_account_id == "");
  CHECK_FALSE(c.o.target.send_confirmation_email);
  CHECK(c.o.payload.input == "");
  CHECK(c.o.payload.input_format == "auto");
  CHECK(c.o.output.output == "");
  CHECK(c.o.output.color == "auto");
  CHECK(c.o.bulk.concurrency == 4);
  CHECK(c.o.bulk.rate == 0);
  CHECK(c.o.connection.retries == 4);
  CHECK(c.o.connection.timeout == 30);
  CHECK(c.o.connection.connect_timeout == 10);
  CHECK(c.o.connection.retry_delay == doctest::Approx(0.5));
  CHECK_FALSE(c.o.dry_run);
  CHECK_FALSE(c.o.payload.field_flags().any());
}

TEST_CASE("create: target flags") {
  CleanEnv env;
  Create c({"--job-id", "post-1", "--application-source", "applicant", "--integrated-account-id", "ia-9", "--via",
            "truto", "--send-confirmation-email"});
  CHECK(c.o.target.job_id == "post-1");
  CHECK(c.o.target.application_source == "applicant");
  CHECK(c.o.target.integrated_account_id == "ia-9");
  CHECK(c.o.target.via == "truto");
  CHECK(c.o.target.send_confirmation_email);

  const tc::Target t = tc::cli::resolve_target(c.o.target);
  CHECK(t.job_id == "post-1");
  CHECK(t.source == tc::ApplicationSource::Applicant);
  CHECK(t.via == tc::Route::Truto);
  CHECK(t.integrated_account_id == "ia-9");
  CHECK(t.send_confirmation_email);

  Create lead({"--application-source", "lead", "--via=lever"});
  CHECK(lead.o.target.application_source == "lead");
  CHECK(lead.o.target.via == "lever");
  CHECK(tc::cli::resolve_target(lead.o.target).source == tc::ApplicationSource::Lead);
}

TEST_CASE("create: bad target values are rejected") {
  create_rejects({"--application-source", "referral"});
  create_rejects({"--application-source", "Lead"});
  create_rejects({"--via", "merge"});
  create_rejects({"--job-id"});  // missing value
}

TEST_CASE("environment fallbacks, overridden by the flags") {
  CleanEnv env;
  ::setenv("TRUTO_INTEGRATED_ACCOUNT_ID", "ia-env", 1);
  ::setenv("TRUTO_CANDIDATES_VIA", "truto", 1);
  ::setenv("LEVER_PERFORM_AS", "user-env", 1);
  ::setenv("LEVER_API_BASE", "http://127.0.0.1:9/v1", 1);
  ::setenv("TRUTO_API_BASE", "http://127.0.0.1:8", 1);
  SUBCASE("picked up when the flag is absent") {
    Create c(Args{});
    CHECK(c.o.target.integrated_account_id == "ia-env");
    CHECK(c.o.target.via == "truto");
    CHECK(c.o.connection.perform_as == "user-env");
    CHECK(c.o.connection.lever_url == "http://127.0.0.1:9/v1");
    CHECK(c.o.connection.truto_url == "http://127.0.0.1:8");
  }
  SUBCASE("the flag wins") {
    Create c({"--integrated-account-id", "ia-flag", "--via", "lever", "--perform-as", "user-flag", "--lever-url",
              "https://example.test/v1", "--truto-url", "https://truto.test"});
    CHECK(c.o.target.integrated_account_id == "ia-flag");
    CHECK(c.o.target.via == "lever");
    CHECK(c.o.connection.perform_as == "user-flag");
    CHECK(c.o.connection.lever_url == "https://example.test/v1");
    CHECK(c.o.connection.truto_url == "https://truto.test");
  }
  SUBCASE("a bad value from the environment is rejected like a bad flag") {
    ::setenv("TRUTO_CANDIDATES_VIA", "merge", 1);
    Create c;
    CHECK_THROWS_AS(parse(c.app, {"create"}), CLI::ParseError);
  }
}

TEST_CASE("repeatable flags take exactly one value per occurrence") {
  CleanEnv env;
  Create c(
      {"--email",    "a@x.test",  "--email",      "work=b@x.test",  "--phone",      "+1 555",
       "--phone",    "mobile=+2", "--link",       "https://a.test", "--link",       "github=https://github.com/ada",
       "--tag",      "red,blue",  "--tag",        "green",          "--location",   "London, UK",
       "--location", "Paris",     "--attachment", "a.pdf",          "--attachment", "https://x.test/b.pdf",
       "--resume",   "cv.pdf",    "--answer",     "q1=yes",         "--answer",     "g1/q2=no"});
  CHECK(c.o.payload.emails == std::vector<std::string>{"a@x.test", "work=b@x.test"});
  CHECK(c.o.payload.phones == std::vector<std::string>{"+1 555", "mobile=+2"});
  CHECK(c.o.payload.links == std::vector<std::string>{"https://a.test", "github=https://github.com/ada"});
  CHECK(c.o.payload.tags == std::vector<std::string>{"red,blue", "green"});
  CHECK(c.o.payload.locations == std::vector<std::string>{"London, UK", "Paris"});
  CHECK(c.o.payload.attachments == std::vector<std::string>{"a.pdf", "https://x.test/b.pdf"});
  CHECK(c.o.payload.resumes == std::vector<std::string>{"cv.pdf"});
  CHECK(c.o.payload.answers == std::vector<std::string>{"q1=yes", "g1/q2=no"});
  const tc::FieldFlags f = c.o.payload.field_flags();
  CHECK(f.emails.size() == 2);
  CHECK(f.tags == std::vector<std::string>{"red,blue", "green"});
  CHECK(f.answers.size() == 2);
}

TEST_CASE("a repeatable flag does not swallow the next word") {
  CleanEnv env;
  // "b@x.test" is not an option: it becomes an extra positional, which create rejects.
  create_rejects({"--email", "a@x.test", "b@x.test"});
  create_rejects({"--tag", "one", "two"});
}

TEST_CASE("--answer values with brackets stay one string") {
  CleanEnv env;
  SUBCASE("NAME=[...]") {
    Create c({"--answer", R"(a1b2=["C++","Rust"])"});
    REQUIRE(c.o.payload.answers.size() == 1);
    CHECK(c.o.payload.answers[0] == R"(a1b2=["C++","Rust"])");
  }
  SUBCASE("a value that is all brackets") {
    Create c({"--answer", R"(["x"])", "--answer", "[a,b]"});
    CHECK(c.o.payload.answers == std::vector<std::string>{R"(["x"])", "[a,b]"});
  }
  SUBCASE("--answer=VALUE spelling") {
    Create c({R"(--answer=["x","y"])"});
    CHECK(c.o.payload.answers == std::vector<std::string>{R"(["x","y"])"});
  }
  SUBCASE("other repeatable flags too") {
    Create c({"--tag", "[a,b]", "--location", "[HQ]", "--email", "[x]"});
    CHECK(c.o.payload.tags == std::vector<std::string>{"[a,b]"});
    CHECK(c.o.payload.locations == std::vector<std::string>{"[HQ]"});
    CHECK(c.o.payload.emails == std::vector<std::string>{"[x]"});
  }
}

TEST_CASE("field_flags reports only the flags given") {
  CleanEnv env;
  SUBCASE("none") {
    Create c({"--job-id", "p"});
    const tc::FieldFlags f = c.o.payload.field_flags();
    CHECK_FALSE(f.first_name.has_value());
    CHECK_FALSE(f.last_name.has_value());
    CHECK_FALSE(f.title.has_value());
    CHECK_FALSE(f.company.has_value());
    CHECK_FALSE(f.remote_data.has_value());
    CHECK_FALSE(f.any());
  }
  SUBCASE("set, including set to the empty string") {
    Create c({"--first-name", "", "--last-name", "Lovelace", "--title", "Engineer", "--company", "Analytical",
              "--remote-data", R"({"origin":"referral"})"});
    const tc::FieldFlags f = c.o.payload.field_flags();
    REQUIRE(f.first_name.has_value());
    CHECK(*f.first_name == "");
    CHECK(f.last_name == std::optional<std::string>("Lovelace"));
    CHECK(f.title == std::optional<std::string>("Engineer"));
    CHECK(f.company == std::optional<std::string>("Analytical"));
    CHECK(f.remote_data == std::optional<std::string>(R"({"origin":"referral"})"));
    CHECK(f.any());
  }
  SUBCASE("a repeatable flag alone counts") {
    Create c({"--tag", "t"});
    CHECK(c.o.payload.field_flags().any());
    CHECK_FALSE(c.o.payload.field_flags().first_name.has_value());
  }
}

TEST_CASE("create: input, output and bulk flags") {
  CleanEnv env;
  Create c({"-i",
            "people.ndjson",
            "--input-format",
            "ndjson",
            "--allow-empty",
            "-o",
            "ndjson",
            "--field",
            "/id",
            "-q",
            "-v",
            "--color",
            "never",
            "--concurrency",
            "8",
            "--rate",
            "2.5",
            "--journal",
            "run.journal",
            "--fail-fast",
            "--retries",
            "0",
            "--timeout",
            "12",
            "--connect-timeout",
            "3",
            "--cacert",
            "ca.pem",
            "--api-key-file",
            "key.txt",
            "--sandbox",
            "--dry-run"});
  CHECK(c.o.payload.input == "people.ndjson");
  CHECK(c.o.payload.input_format == "ndjson");
  CHECK(c.o.payload.allow_empty);
  CHECK(c.o.output.output == "ndjson");
  CHECK(c.o.output.field == "/id");
  CHECK(c.o.output.quiet);
  CHECK(c.o.output.verbose);
  CHECK(c.o.output.color == "never");
  CHECK(c.o.bulk.concurrency == 8);
  CHECK(c.o.bulk.rate == doctest::Approx(2.5));
  CHECK(c.o.bulk.journal == "run.journal");
  CHECK(c.o.bulk.fail_fast);
  CHECK(c.o.connection.retries == 0);
  CHECK(c.o.connection.timeout == 12);
  CHECK(c.o.connection.connect_timeout == 3);
  CHECK(c.o.connection.cacert == "ca.pem");
  CHECK(c.o.connection.api_key_file == "key.txt");
  CHECK(c.o.connection.sandbox);
  CHECK(c.o.dry_run);

  const tc::TransportOptions t = tc::cli::resolve_transport_options(c.o.connection);
  CHECK(t.timeout_ms == 12000);
  CHECK(t.connect_timeout_ms == 3000);
  CHECK(t.ca_file == "ca.pem");

  Create longs({"--input", "-", "--output", "table", "--quiet", "--verbose", "--color=always"});
  CHECK(longs.o.payload.input == "-");
  CHECK(longs.o.output.output == "table");
  CHECK(longs.o.output.quiet);
  CHECK(longs.o.output.verbose);
  CHECK(longs.o.output.color == "always");
}

TEST_CASE("create: out-of-range and malformed values are rejected") {
  create_rejects({"-o", "yaml"});
  create_rejects({"--output", "csv"});
  create_rejects({"--input-format", "xml"});
  create_rejects({"--color", "sometimes"});
  create_rejects({"--concurrency", "0"});
  create_rejects({"--concurrency", "65"});
  create_rejects({"--concurrency", "four"});
  create_rejects({"--concurrency", "-1"});
  create_rejects({"--rate", "0"});
  create_rejects({"--rate", "fast"});
  create_rejects({"--retries", "21"});
  create_rejects({"--retries", "-1"});
  create_rejects({"--timeout", "0"});
  create_rejects({"--timeout", "0.01"});
  create_rejects({"--timeout", "3601"});
  create_rejects({"--connect-timeout", "0.04"});
  create_rejects({"--retry-delay", "-1"});
  create_rejects({"--retry-delay", "61"});
  create_rejects({"--nope"});
  create_rejects({"--with-form"});      // validate only
  create_rejects({"--api-key", "sk"});  // no flag takes a secret
  create_rejects({"extra-positional"});
}

TEST_CASE("create: range limits are inclusive") {
  CleanEnv env;
  Create low({"--concurrency", "1", "--retries", "20", "--timeout", "0.05", "--connect-timeout", "0.05",
              "--retry-delay", "0"});
  CHECK(low.o.bulk.concurrency == 1);
  CHECK(low.o.connection.retries == 20);
  CHECK(low.o.connection.timeout == doctest::Approx(0.05));
  CHECK(low.o.connection.retry_delay == 0);
  Create high({"--concurrency", "64"});
  CHECK(high.o.bulk.concurrency == 64);
}

TEST_CASE("validate: its flags, and no create-only flags") {
  CleanEnv env;
  Validate v({"--job-id", "p", "--application-source", "applicant", "--with-form", "--first-name", "Ada", "--email",
              "a@x.test", "--answer", R"(q=["a","b"])", "-o", "json"});
  CHECK(v.o.target.job_id == "p");
  CHECK(v.o.target.application_source == "applicant");
  CHECK(v.o.with_form);
  CHECK(v.o.payload.first_name == "Ada");
  CHECK(v.o.payload.emails == std::vector<std::string>{"a@x.test"});
  CHECK(v.o.payload.answers == std::vector<std::string>{R"(q=["a","b"])"});
  CHECK(v.o.output.output == "json");

  for (const char* create_only : {"--dry-run", "--field", "--journal", "--concurrency"}) {
    CAPTURE(create_only);
    CLI::App app{"test"};
    ValidateOptions o;
    tc::cli::setup_validate(app, o);
    CHECK_THROWS_AS(parse(app, {"validate", create_only, "x"}), CLI::ParseError);
  }
}

TEST_CASE("form: --job-id is required; connection and output flags") {
  CleanEnv env;
  {
    CLI::App app{"test"};
    FormOptions o;
    tc::cli::setup_form(app, o);
    parse(app, {"form", "--job-id", "post-2", "--perform-as", "u", "-o", "table", "--timeout", "5"});
    CHECK(o.target.job_id == "post-2");
    CHECK(o.connection.perform_as == "u");
    CHECK(o.output.output == "table");
    CHECK(o.connection.timeout == 5);
  }
  {
    CLI::App app{"test"};
    FormOptions o;
    tc::cli::setup_form(app, o);
    CHECK_THROWS_AS(parse(app, {"form"}), CLI::ParseError);
  }
  {
    CLI::App app{"test"};
    FormOptions o;
    tc::cli::setup_form(app, o);
    CHECK_THROWS_AS(parse(app, {"form", "--job-id", "p", "--first-name", "Ada"}), CLI::ParseError);
  }
}

TEST_CASE("schema: optional name, default request") {
  {
    CLI::App app{"test"};
    SchemaOptions o;
    tc::cli::setup_schema(app, o);
    parse(app, {"schema"});
    CHECK(o.name == "request");
  }
  {
    CLI::App app{"test"};
    SchemaOptions o;
    tc::cli::setup_schema(app, o);
    parse(app, {"schema", "candidate"});
    CHECK(o.name == "candidate");
  }
  {
    CLI::App app{"test"};
    SchemaOptions o;
    tc::cli::setup_schema(app, o);
    CHECK_THROWS_AS(parse(app, {"schema", "candidate", "query"}), CLI::ParseError);
  }
}

TEST_CASE("--timeout and --connect-timeout keep their fractions: 1.5 s reaches the transport as 1500 ms") {
  CleanEnv env;
  Create c({"--timeout", "1.5", "--connect-timeout", "0.3"});
  const tc::TransportOptions t = tc::cli::resolve_transport_options(c.o.connection);
  CHECK(t.timeout_ms == 1500);
  CHECK(t.connect_timeout_ms == 300);
}

TEST_CASE("the config file's timeout, connect_timeout and retry_delay take fractions too") {
  tc::ConfigFile config;
  config.path = "config.toml";
  config.values = {{"timeout", "1.5"}, {"connect_timeout", "0.25"}, {"retry_delay", "0.01"}};
  Create c;
  c.o.bindings.apply(config);
  const tc::cli::ConnectionOptions& connection = c.o.connection;
  CHECK(tc::cli::resolve_transport_options(connection).timeout_ms == 1500);
  CHECK(tc::cli::resolve_transport_options(connection).connect_timeout_ms == 250);
  CHECK(connection.retry_delay == doctest::Approx(0.01));
  config.values = {{"timeout", "0.01"}};
  CHECK_THROWS_WITH(c.o.bindings.apply(config), doctest::Contains("timeout = 0.01 is not a number from 0.05 to 3600"));
}

TEST_CASE("--retry-delay is the base of the backoff of every route") {
  CleanEnv env;
  Create c({"--retry-delay", "0.02", "--job-id", "p", "--perform-as", "u"});
  std::ostringstream out, err;
  std::istringstream in;
  tc::SystemClock clock;
  const tc::cli::GetEnv env_with_key = [](const char* name) {
    return std::string(name) == "LEVER_API_KEY" ? std::string("k") : std::string();
  };
  tc::cli::Context ctx{in, out, err, env_with_key, {}, {}, clock};
  const tc::LeverSettings lever = tc::cli::resolve_lever_settings(c.o.target, c.o.connection, &c.o.bulk, ctx, true);
  CHECK(lever.retry.base_delay == doctest::Approx(0.02));
}
