// run_app end to end without network (tests/unit/cli_harness.hpp: string streams, a fake environment, no
// terminal), and the shapes of NDJSON result lines (result_json).
#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <unistd.h>

#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "cli/results_printer.hpp"
#include "cli_harness.hpp"
#include "core/input/record_reader.hpp"
#include "core/run/output.hpp"
#include "core/run/record_runner.hpp"
#include "core/util/error.hpp"

namespace {

using Args = std::vector<std::string>;
using Env = std::map<std::string, std::string>;

using Outcome = tc::test::CliOutcome;

// No command here reaches Lever: a request would get the fake's 599 "Unscripted".
Outcome run(Args args, const std::string& stdin_text = "", const Env& env = {}) {
  tc::test::CliRig rig;
  rig.env = env;
  return rig.run(std::move(args), stdin_text);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream s(text);
  for (std::string line; std::getline(s, line);) lines.push_back(line);
  return lines;
}

using tc::test::parse_json;

const Env kSecretEnv = {{"LEVER_API_KEY", "sk_live_SECRET123"}};

}  // namespace

TEST_CASE("--version prints the version and succeeds") {
  const Outcome o = run({"--version"});
  CHECK(o.status == 0);
  CHECK_FALSE(o.error);
  CHECK(o.out.find(std::string("truto-candidates ") + TC_VERSION) != std::string::npos);
}

TEST_CASE("--help and help TOPIC") {
  const Outcome top = run({"--help"});
  CHECK(top.status == 0);
  CHECK(top.out.find("create") != std::string::npos);
  CHECK(top.out.find("validate") != std::string::npos);

  const Outcome help = run({"help", "create"});
  CHECK(help.status == 0);
  CHECK(help.out.find("--job-id") != std::string::npos);
  CHECK(help.out.find("--dry-run") != std::string::npos);
  CHECK(help.out.find("--concurrency") != std::string::npos);
  CHECK(help.out.find("--with-form") == std::string::npos);  // that is validate's

  const Outcome validate_help = run({"help", "validate"});
  CHECK(validate_help.out.find("--with-form") != std::string::npos);

  const Outcome sub_help = run({"create", "--help"});
  CHECK(sub_help.status == 0);
  CHECK(sub_help.out.find("--send-confirmation-email") != std::string::npos);

  const Outcome bad = run({"help", "nope"});
  CHECK(bad.error == tc::ErrorKind::Usage);

  // `help` alone is the general help, the same as --help (not the help of `help` itself).
  const Outcome alone = run({"help"});
  CHECK(alone.status == 0);
  CHECK(alone.out == top.out);
}

TEST_CASE("usage errors: missing --job-id, unknown flag, bad value") {
  SUBCASE("create without --job-id") {
    const Outcome o = run({"create", "--first-name", "Ada"}, "", kSecretEnv);
    CHECK(o.error == tc::ErrorKind::Usage);
    CHECK(o.status == 64);
  }
  SUBCASE("unknown flag") {
    const Outcome o = run({"create", "--job-id", "P", "--bogus"});
    CHECK(o.error == tc::ErrorKind::Usage);
    CHECK(o.status == 64);
    CHECK(o.message.find("--bogus") != std::string::npos);
  }
  SUBCASE("bad enum value") {
    const Outcome o = run({"create", "--job-id", "P", "-o", "yaml"});
    CHECK(o.error == tc::ErrorKind::Usage);
  }
  SUBCASE("unknown subcommand") {
    const Outcome o = run({"destroy"});
    CHECK(o.error == tc::ErrorKind::Usage);
  }
  SUBCASE("--field that is not a JSON pointer") {
    const Outcome o = run({"create", "--job-id", "P", "--field", "id", "--first-name", "Ada"}, "", kSecretEnv);
    CHECK(o.error == tc::ErrorKind::Usage);
  }
}

TEST_CASE("schema") {
  SUBCASE("candidate prints a JSON schema") {
    const Outcome o = run({"schema", "candidate"});
    CHECK(o.status == 0);
    const rapidjson::Document d = parse_json(o.out);
    REQUIRE(d.IsObject());
    CHECK(d.HasMember("$schema"));
    CHECK(d.HasMember("properties"));
    CHECK(o.out.back() == '\n');
  }
  SUBCASE("default is the request schema") {
    const Outcome o = run({"schema"});
    CHECK(o.status == 0);
    CHECK(parse_json(o.out).IsObject());
  }
  SUBCASE("every documented name") {
    for (const char* name : {"request", "query", "candidate", "job-form-field"}) {
      CAPTURE(name);
      const Outcome o = run({"schema", name});
      CHECK(o.status == 0);
      CHECK(parse_json(o.out).IsObject());
    }
  }
  SUBCASE("unknown name is a usage error listing the names") {
    const Outcome o = run({"schema", "nope"});
    CHECK(o.error == tc::ErrorKind::Usage);
    CHECK(o.out.empty());
    for (const char* name : {"request", "query", "candidate", "job-form-field"}) {
      CHECK_MESSAGE(o.message.find(name) != std::string::npos, name << " in: " << o.message);
    }
  }
}

TEST_CASE("validate a lead from flags") {
  const Outcome o = run({"validate", "--job-id", "X", "--first-name", "Ada"});
  CHECK(o.status == 0);
  CHECK_FALSE(o.error);
  CHECK(o.out.empty());  // a single valid record: "valid" on stderr, nothing on stdout
  CHECK(o.err.find("valid") != std::string::npos);

  const Outcome quiet = run({"validate", "--job-id", "X", "--first-name", "Ada", "-q"});
  CHECK(quiet.status == 0);
  CHECK(quiet.err.empty());
}

TEST_CASE("validate a single invalid record from flags") {
  const Outcome o = run({"validate", "--job-id", "X", "--email", "not-an-email"});
  CHECK(o.error == tc::ErrorKind::InvalidInput);
  CHECK(o.status == 65);
}

TEST_CASE("validate NDJSON from stdin: one result line per record, in order") {
  const std::string input =
      "{\"first_name\":\"Ada\"}\n"
      "{\"first_name\":\"Bob\",\"emails\":[{\"email\":42}]}\n"
      "{\"first_name\":\"Cy\"}\n";
  const Outcome o = run({"validate", "--job-id", "X", "--input", "-"}, input);
  CHECK(o.status == 65);
  CHECK_FALSE(o.error);  // a multi-record run reports per record and returns the status
  const auto lines = lines_of(o.out);
  REQUIRE(lines.size() == 3);
  const char* statuses[] = {"valid", "failed", "valid"};
  for (size_t i = 0; i < 3; ++i) {
    CAPTURE(lines[i]);
    const rapidjson::Document d = parse_json(lines[i]);
    CHECK(d["index"].GetUint64() == i);
    CHECK(d["line"].GetUint64() == i + 1);
    CHECK(std::string(d["status"].GetString()) == statuses[i]);
    CHECK(d.HasMember("error") == (i == 1));
  }
  const rapidjson::Document failed = parse_json(lines[1]);
  CHECK(std::string(failed["error"]["code"].GetString()) == tc::error_code_name(tc::ErrorKind::InvalidInput));
  CHECK(std::string(failed["error"]["pointer"].GetString()).rfind("/emails/0", 0) == 0);
  CHECK(o.err.find("3 records: 2 valid, 1 invalid") != std::string::npos);
}

TEST_CASE("create --dry-run prints the plan and never the secret") {
  const Outcome o = run({"create", "--dry-run", "--job-id", "P", "--perform-as", "U", "--first-name", "Ada", "--email",
                         "ada@example.com"},
                        "", kSecretEnv);
  CHECK(o.status == 0);
  CHECK_FALSE(o.error);
  const rapidjson::Document plan = parse_json(o.out);
  CHECK(plan.IsObject());
  CHECK(o.out.find("ada@example.com") != std::string::npos);
  CHECK(o.out.find("POST") != std::string::npos);
  CHECK(o.out.find("SECRET123") == std::string::npos);
  CHECK(o.err.find("SECRET123") == std::string::npos);
  // Nor its HTTP Basic form, base64("sk_live_SECRET123:").
  CHECK(o.out.find("c2tfbGl2ZV9TRUNSRVQxMjM6") == std::string::npos);
  REQUIRE(plan.HasMember("requests"));
  REQUIRE(plan["requests"].Size() == 1);
  const rapidjson::Value& request = plan["requests"][0];
  CHECK(std::string(request["method"].GetString()) == "POST");
  CHECK(std::string(request["url"].GetString()).find("perform_as=U") != std::string::npos);
  CHECK(std::string(request["headers"]["Authorization"].GetString()) == "Basic [redacted]");
  CHECK(std::string(request["body"]["name"].GetString()) == "Ada");

  SUBCASE("and with -v") {
    const Outcome v =
        run({"create", "--dry-run", "-v", "--job-id", "P", "--perform-as", "U", "--first-name", "Ada"}, "", kSecretEnv);
    CHECK(v.status == 0);
    CHECK(v.out.find("SECRET123") == std::string::npos);
    CHECK(v.err.find("SECRET123") == std::string::npos);
  }
}

TEST_CASE("create --dry-run needs no credentials") {
  const Outcome o = run({"create", "--dry-run", "--job-id", "P", "--perform-as", "U", "--first-name", "Ada"});
  CHECK(o.status == 0);
  CHECK(parse_json(o.out).IsObject());
}

TEST_CASE("create: configuration errors before anything is read or sent") {
  SUBCASE("no credentials") {
    const Outcome o = run({"create", "--job-id", "P", "--perform-as", "U", "--first-name", "Ada"});
    CHECK(o.error == tc::ErrorKind::Config);
    CHECK(o.status == 78);
    CHECK(o.out.empty());
  }
  SUBCASE("lead without perform_as") {
    const Outcome o = run({"create", "--job-id", "P", "--first-name", "Ada"}, "", kSecretEnv);
    CHECK(o.error == tc::ErrorKind::Config);
    CHECK(o.status == 78);
    CHECK(o.message.find("perform") != std::string::npos);
    CHECK(o.message.find("SECRET123") == std::string::npos);
  }
}

TEST_CASE("create: field flags with multi-record input are a usage error") {
  const std::string input = "{\"first_name\":\"A\"}\n{\"first_name\":\"B\"}\n";
  const Outcome o =
      run({"create", "--dry-run", "--job-id", "P", "--perform-as", "U", "--input", "-", "--last-name", "Lovelace"},
          input, kSecretEnv);
  CHECK(o.error == tc::ErrorKind::Usage);
  CHECK(o.status == 64);
}

TEST_CASE("create: a single record from stdin with flags on top") {
  const Outcome o =
      run({"create", "--dry-run", "--job-id", "P", "--perform-as", "U", "--input", "-", "--last-name", "Lovelace"},
          "{\"first_name\":\"Ada\"}", kSecretEnv);
  CHECK(o.status == 0);
  CHECK(o.out.find("Ada Lovelace") != std::string::npos);
}

TEST_CASE("create: nothing to create") {
  SUBCASE("no input and no field flags") {
    const Outcome o = run({"create", "--dry-run", "--job-id", "P", "--perform-as", "U"}, "", kSecretEnv);
    CHECK(o.error == tc::ErrorKind::Usage);
    CHECK(o.status == 64);
  }
  SUBCASE("empty input") {
    const Outcome o =
        run({"create", "--dry-run", "--job-id", "P", "--perform-as", "U", "--input", "-"}, "", kSecretEnv);
    CHECK(o.error == tc::ErrorKind::InvalidInput);
    CHECK(o.status == 65);
    CHECK(o.message.find("no records") != std::string::npos);
  }
  SUBCASE("empty input with --allow-empty") {
    const Outcome o = run(
        {"create", "--dry-run", "--job-id", "P", "--perform-as", "U", "--input", "-", "--allow-empty"}, "", kSecretEnv);
    CHECK(o.status == 0);
    CHECK_FALSE(o.error);
  }
  SUBCASE("an empty JSON array") {
    const Outcome o = run({"validate", "--job-id", "P", "--input", "-"}, "[]");
    CHECK(o.error == tc::ErrorKind::InvalidInput);
  }
}

TEST_CASE("create: input file not found") {
  const Outcome o = run({"create", "--dry-run", "--job-id", "P", "--perform-as", "U", "--input", "/nonexistent/x.json"},
                        "", kSecretEnv);
  CHECK(o.error == tc::ErrorKind::NoInput);
  CHECK(o.status == 66);
}

TEST_CASE("create --dry-run over several records: NDJSON plan lines") {
  const std::string input = "[{\"first_name\":\"A\"},{\"emails\":[{\"email\":1}]},{\"first_name\":\"C\"}]";
  const Outcome o =
      run({"create", "--dry-run", "--job-id", "P", "--perform-as", "U", "--input", "-"}, input, kSecretEnv);
  CHECK(o.status == 65);  // some records are invalid: 65, as validate says
  const auto lines = lines_of(o.out);
  REQUIRE(lines.size() == 3);
  CHECK(std::string(parse_json(lines[0])["status"].GetString()) == "planned");
  CHECK(parse_json(lines[0]).HasMember("plan"));
  CHECK(std::string(parse_json(lines[1])["status"].GetString()) == "failed");
  CHECK(std::string(parse_json(lines[2])["status"].GetString()) == "planned");
  CHECK(o.out.find("SECRET123") == std::string::npos);

  SUBCASE("-o json makes one JSON array") {
    const Outcome j = run({"create", "--dry-run", "--job-id", "P", "--perform-as", "U", "--input", "-", "-o", "json"},
                          input, kSecretEnv);
    const rapidjson::Document d = parse_json(j.out);
    REQUIRE(d.IsArray());
    CHECK(d.Size() == 3);
    CHECK(std::string(d[1]["status"].GetString()) == "failed");
  }
}

// ---- result_json ---------------------------------------------------------------------------------

TEST_CASE("result_json: created") {
  tc::RecordResult r;
  r.index = 2;
  r.line = 3;
  r.status = tc::RecordStatus::Created;
  r.id = "opp-1";
  r.payload.Parse(R"({"id":"opp-1","name":"Ada"})");
  CHECK(tc::cli::result_json(r) ==
        R"({"index":2,"line":3,"status":"created","id":"opp-1","candidate":{"id":"opp-1","name":"Ada"}})");
}

TEST_CASE("result_json: skipped carries the candidate too") {
  tc::RecordResult r;
  r.status = tc::RecordStatus::Skipped;
  r.id = "opp-2";
  r.payload.Parse(R"({"id":"opp-2"})");
  CHECK(tc::cli::result_json(r) ==
        R"({"index":0,"line":0,"status":"skipped","id":"opp-2","candidate":{"id":"opp-2"}})");
}

TEST_CASE("result_json: failed with one problem") {
  tc::RecordResult r;
  r.index = 1;
  r.line = 2;
  r.status = tc::RecordStatus::Failed;
  r.error_kind = tc::ErrorKind::InvalidInput;
  r.message = "record 1 (line 2) is invalid: /emails/0/email: not an e-mail";
  r.problems = {{"/emails/0/email", "not an e-mail"}};
  CHECK(
      tc::cli::result_json(r) ==
      R"({"index":1,"line":2,"status":"failed","error":{"code":"invalid_input","message":"record 1 (line 2) is invalid: /emails/0/email: not an e-mail","pointer":"/emails/0/email","problems":[{"pointer":"/emails/0/email","message":"not an e-mail"}]}})");
}

TEST_CASE("result_json: failed without problems, with a hint") {
  tc::RecordResult r;
  r.status = tc::RecordStatus::Failed;
  r.error_kind = tc::ErrorKind::Unavailable;
  r.message = "Lever answered 503";
  r.hint = "try again later";
  CHECK(
      tc::cli::result_json(r) ==
      R"({"index":0,"line":0,"status":"failed","error":{"code":"unavailable","message":"Lever answered 503","pointer":"","hint":"try again later"}})");
}

TEST_CASE("result_json: unknown") {
  tc::RecordResult r;
  r.index = 4;
  r.line = 5;
  r.status = tc::RecordStatus::Unknown;
  r.error_kind = tc::ErrorKind::TempFail;
  r.message = "timed out";
  r.problems = {{"", "timed out"}};
  CHECK(
      tc::cli::result_json(r) ==
      R"({"index":4,"line":5,"status":"unknown","error":{"code":"temporary_failure","message":"timed out","pointer":""}})");
}

TEST_CASE("result_json: planned and valid") {
  tc::RecordResult planned;
  planned.status = tc::RecordStatus::Planned;
  planned.payload.Parse(R"({"method":"POST","url":"https://api.lever.co/v1/opportunities"})");
  CHECK(
      tc::cli::result_json(planned) ==
      R"({"index":0,"line":0,"status":"planned","plan":{"method":"POST","url":"https://api.lever.co/v1/opportunities"}})");

  tc::RecordResult valid;
  valid.index = 7;
  valid.line = 8;
  valid.status = tc::RecordStatus::Valid;
  CHECK(tc::cli::result_json(valid) == R"({"index":7,"line":8,"status":"valid"})");
}

TEST_CASE("result_json escapes text") {
  tc::RecordResult r;
  r.status = tc::RecordStatus::Failed;
  r.error_kind = tc::ErrorKind::Protocol;
  r.message = "bad \"body\"\n";
  const rapidjson::Document d = parse_json(tc::cli::result_json(r));
  CHECK(std::string(d["error"]["message"].GetString()) == "bad \"body\"\n");
}

// ---- -o ndjson with a single record --------------------------------------------------------------

TEST_CASE("-o ndjson prints a result line for a single record too") {
  SUBCASE("valid") {
    const Outcome o = run({"validate", "--job-id", "X", "--first-name", "Ada", "-o", "ndjson"});
    CHECK(o.status == 0);
    CHECK(o.out == "{\"index\":0,\"line\":1,\"status\":\"valid\"}\n");
  }
  SUBCASE("invalid: the line, and the command still fails") {
    const Outcome o = run({"validate", "--job-id", "X", "--email", "nope", "-o", "ndjson"});
    CHECK(o.error == tc::ErrorKind::InvalidInput);
    const auto lines = lines_of(o.out);
    REQUIRE(lines.size() == 1);
    const rapidjson::Document d = parse_json(lines[0]);
    CHECK(std::string(d["status"].GetString()) == "failed");
    CHECK(std::string(d["error"]["pointer"].GetString()) == "/emails/0/email");
  }
  SUBCASE("planned") {
    const Outcome o =
        run({"create", "--dry-run", "--job-id", "P", "--perform-as", "U", "--first-name", "Ada", "-o", "ndjson"}, "",
            kSecretEnv);
    CHECK(o.status == 0);
    const auto lines = lines_of(o.out);
    REQUIRE(lines.size() == 1);
    const rapidjson::Document d = parse_json(lines[0]);
    CHECK(std::string(d["status"].GetString()) == "planned");
    CHECK(d["plan"].HasMember("requests"));
  }
}

// ---- ResultsPrinter with a created candidate (no network: results are made up) -------------------

namespace {

struct Printed {
  std::string out, err;
};

// Prints `results` through a ResultsPrinter over an input holding `input` (one object = single).
Printed print(const std::string& input, const tc::cli::OutputOptions& output, std::vector<tc::RecordResult> results,
              tc::cli::Terminal terminal = {}, tc::RunMode mode = tc::RunMode::Create) {
  std::istringstream source(input);
  tc::RecordReader reader(source, tc::InputFormat::Auto, "test");
  tc::InputRecord first;
  REQUIRE(reader.next(first));
  std::istringstream in;
  std::ostringstream out, err;
  tc::test::FakeClock clock;
  const tc::cli::TransportMaker no_transports;  // printing sends nothing
  tc::cli::Context ctx{in,       out,           err,   [](const char*) { return std::string(); },
                       terminal, no_transports, clock, nullptr};
  tc::cli::ResultsPrinter printer(output, ctx, reader, mode);
  tc::RunSummary summary;
  for (auto& r : results) {
    printer.on_result(r);
    if (r.status == tc::RecordStatus::Created) ++summary.created;
    if (r.status == tc::RecordStatus::Failed) ++summary.failed;
  }
  summary.records = results.size();
  printer.finish(summary);
  return {out.str(), err.str()};
}

tc::RecordResult created(size_t index, const char* id, const char* name) {
  tc::RecordResult r;
  r.index = index;
  r.line = index + 1;
  r.status = tc::RecordStatus::Created;
  r.id = id;
  r.payload.SetObject();
  auto& a = r.payload.GetAllocator();
  r.payload.AddMember("id", rapidjson::Value(id, a), a);
  r.payload.AddMember("name", rapidjson::Value(name, a), a);
  return r;
}

std::vector<tc::RecordResult> one(tc::RecordResult r) {
  std::vector<tc::RecordResult> v;
  v.push_back(std::move(r));
  return v;
}

}  // namespace

TEST_CASE("single created candidate: json, table, --field, ndjson") {
  tc::cli::OutputOptions output;
  SUBCASE("default off a terminal: the candidate, pretty JSON") {
    const Printed p = print("{}", output, one(created(0, "opp-1", "Ada")));
    CHECK(p.out == "{\n  \"id\": \"opp-1\",\n  \"name\": \"Ada\"\n}\n");
    CHECK(p.err.empty());
  }
  SUBCASE("default on a terminal: the table") {
    tc::cli::Terminal tty;
    tty.stdout_tty = true;
    tty.stderr_tty = true;
    const Printed p = print("{}", output, one(created(0, "opp-1", "Ada")), tty);
    CHECK(p.out == "ID    opp-1\nName  Ada\n");
    CHECK(p.err == "Created candidate Ada (opp-1)\n");
  }
  SUBCASE("--field /id prints the raw value") {
    output.field = "/id";
    const Printed p = print("{}", output, one(created(0, "opp-1", "Ada")));
    CHECK(p.out == "opp-1\n");
  }
  SUBCASE("--field that is absent warns") {
    output.field = "/title";
    const Printed p = print("{}", output, one(created(0, "opp-1", "Ada")));
    CHECK(p.out.empty());
    CHECK(p.err.find("/title") != std::string::npos);
  }
  SUBCASE("-o ndjson") {
    output.output = "ndjson";
    const Printed p = print("{}", output, one(created(0, "opp-1", "Ada")));
    CHECK(p.out == R"({"index":0,"line":1,"status":"created","id":"opp-1","candidate":{"id":"opp-1","name":"Ada"}})"
                   "\n");
  }
}

TEST_CASE("several records: ndjson by default, json array, table rows, summary") {
  const std::string input = "[{},{}]";
  auto results = [] {
    std::vector<tc::RecordResult> v;
    v.push_back(created(0, "opp-1", "Ada"));
    tc::RecordResult failed;
    failed.index = 1;
    failed.line = 1;
    failed.status = tc::RecordStatus::Failed;
    failed.error_kind = tc::ErrorKind::InvalidInput;
    failed.message = "bad";
    v.push_back(std::move(failed));
    return v;
  };
  tc::cli::OutputOptions output;
  SUBCASE("ndjson") {
    const Printed p = print(input, output, results());
    const auto lines = lines_of(p.out);
    REQUIRE(lines.size() == 2);
    CHECK(lines[0].rfind(R"({"index":0,"line":1,"status":"created")", 0) == 0);
    CHECK(lines[1] ==
          R"({"index":1,"line":1,"status":"failed","error":{"code":"invalid_input","message":"bad","pointer":""}})");
    CHECK(p.err.find("created 1, skipped 0, failed 1, unknown 0") != std::string::npos);
  }
  SUBCASE("-q: no summary") {
    output.quiet = true;
    CHECK(print(input, output, results()).err.empty());
  }
  SUBCASE("json array") {
    output.output = "json";
    const rapidjson::Document d = parse_json(print(input, output, results()).out);
    REQUIRE(d.IsArray());
    CHECK(d.Size() == 2);
    CHECK(std::string(d[0]["candidate"]["name"].GetString()) == "Ada");
  }
  SUBCASE("table") {
    output.output = "table";
    const Printed p = print(input, output, results());
    // Rows stream as they come, so the columns have fixed widths (7, 7, 9, 38, the rest).
    CHECK(p.out ==
          "INDEX  LINE   STATUS   ID                                    DETAIL\n"
          "0      1      created  opp-1                                 Ada\n"
          "1      1      failed                                         bad\n");
  }
}

TEST_CASE("table rows: wide and joined names are cut by display columns, at cluster boundaries") {
  const std::string family =
      "\xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7";  // 👨‍👩‍👧
  const std::string yamada = "\xE5\xB1\xB1\xE7\x94\xB0\xE5\xA4\xAA\xE9\x83\x8E";   // 山田太郎
  const std::string rocket = "\xF0\x9F\x9A\x80";                                   // 🚀
  const std::string ellipsis = "\xE2\x80\xA6";
  std::vector<tc::RecordResult> results;
  results.push_back(created(0, "opp-1", (family + " Smith-Jones").c_str()));
  results.push_back(created(1, "opp-2", (yamada + yamada).c_str()));
  results.push_back(created(2, "opp-3", (rocket + " Ada").c_str()));
  tc::cli::OutputOptions output;
  output.output = "table";
  tc::cli::Terminal terminal;
  terminal.stdout_tty = true;  // only a terminal cuts cells
  terminal.width = 71;         // the fixed columns take 61, DETAIL gets 10
  const auto lines = lines_of(print("[{},{},{}]", output, std::move(results), terminal).out);
  REQUIRE(lines.size() == 4);
  // The fixed columns of row `index`, up to where DETAIL starts (display column 61).
  auto fixed = [](int index) {
    return std::to_string(index) + "      " + std::to_string(index + 1) + "      created  opp-" +
           std::to_string(index + 1) + std::string(33, ' ');
  };
  CHECK(lines[1] == fixed(0) + family + " Smith-" + ellipsis);  // 14 columns cut to 9 + "…"
  CHECK(lines[2] == fixed(1) + yamada + ellipsis);              // 16 columns: a fifth wide character won't fit
  CHECK(lines[3] == fixed(2) + rocket + " Ada");
  CHECK(tc::display_width(lines[1]) == 71);
  CHECK(tc::display_width(lines[2]) == 70);
  CHECK(tc::display_width(lines[3]) == 67);
}

// ---- the command line a careful user expects ------------------------------------------------------

TEST_CASE("an unknown flag or command: named once, the nearest valid name, the command's own help") {
  SUBCASE("a misspelt flag and its value") {
    const Outcome o = run({"create", "--job-id", "P", "--frist-name", "Ada"});
    CHECK(o.status == 64);
    CHECK(o.error == tc::ErrorKind::Usage);
    CHECK(o.message ==
          "create: unknown option --frist-name (did you mean --first-name?)\n"
          "hint: see truto-candidates create --help");
  }
  SUBCASE("--flag=value") {
    const Outcome o = run({"validate", "--frist-name=Ada"});
    CHECK(o.status == 64);
    CHECK(o.message ==
          "validate: unknown option --frist-name (did you mean --first-name?)\n"
          "hint: see truto-candidates validate --help");
  }
  SUBCASE("nothing close enough: no suggestion") {
    const Outcome o = run({"form", "--job-id", "P", "--bogus"});
    CHECK(o.status == 64);
    CHECK(o.message == "form: unknown option --bogus\nhint: see truto-candidates form --help");
  }
  SUBCASE("an unknown flag is reported before a missing required one") {
    const Outcome o = run({"form", "--jbo-id", "P"});
    CHECK(o.status == 64);
    CHECK(o.message ==
          "form: unknown option --jbo-id (did you mean --job-id?)\nhint: see truto-candidates form --help");
  }
  SUBCASE("a misspelt command") {
    const Outcome o = run({"crate", "--job-id", "P"});
    CHECK(o.status == 64);
    CHECK(o.message == "unknown command \"crate\" (did you mean create?)\nhint: see truto-candidates --help");
  }
  SUBCASE("a misspelt subcommand of config") {
    const Outcome o = run({"config", "shwo"});
    CHECK(o.status == 64);
    CHECK(o.message ==
          "config: unknown command \"shwo\" (did you mean show?)\nhint: see truto-candidates config --help");
  }
  SUBCASE("a command without its subcommand") {
    const Outcome o = run({"config"});
    CHECK(o.status == 64);
    CHECK(o.message == "config: give a command: show\nhint: see truto-candidates config --help");
  }
  SUBCASE("a stray word after a command") {
    const Outcome o = run({"create", "Ada"});
    CHECK(o.status == 64);
    CHECK(o.message == "create: unexpected argument \"Ada\"\nhint: see truto-candidates create --help");
  }
  SUBCASE("a bad value: CLI11's message, the command's help") {
    const Outcome o = run({"validate", "-o", "yaml"});
    CHECK(o.status == 64);
    CHECK(o.message == "--output: yaml not in {table,json,ndjson}\nhint: see truto-candidates validate --help");
  }
  SUBCASE("help with a misspelt topic") {
    const Outcome o = run({"help", "valdate"});
    CHECK(o.status == 64);
    CHECK(o.message ==
          "no help topic \"valdate\" (did you mean validate?)\n"
          "hint: topics: create, validate, form, get, doctor, undo, schema, completion, config");
  }
}

TEST_CASE("validate: a lead needs no --job-id; --with-form does; hints name validate's help") {
  SUBCASE("a lead, no --job-id") {
    const Outcome o = run({"validate", "--first-name", "Ada", "--email", "ada@example.com"});
    CHECK(o.status == 0);
    CHECK_FALSE(o.error);
    CHECK(o.err == "valid\n");
  }
  SUBCASE("an invalid lead, no --job-id: the record's problem, not the job id") {
    const Outcome o = run({"validate", "--email", "not-an-email"});
    CHECK(o.status == 65);
    CHECK(o.message.find("job") == std::string::npos);
  }
  SUBCASE("--with-form without --job-id") {
    const Outcome o =
        run({"validate", "--application-source", "applicant", "--with-form", "--first-name", "Ada"}, "", kSecretEnv);
    CHECK(o.status == 64);
    CHECK(o.message ==
          "required field is missing: give the Lever posting id (--job-id)\n"
          "hint: see truto-candidates validate --help");
  }
  SUBCASE("--with-form for a lead") {
    const Outcome o = run({"validate", "--job-id", "P", "--with-form", "--first-name", "Ada"}, "", kSecretEnv);
    CHECK(o.status == 64);
    CHECK(o.message ==
          "--with-form checks applications: it needs --application-source applicant\n"
          "hint: see truto-candidates validate --help");
  }
  SUBCASE("a target problem") {
    const Outcome o = run({"validate", "--send-confirmation-email", "--first-name", "Ada"});
    CHECK(o.status == 64);
    CHECK(o.message ==
          "--send-confirmation-email needs --application-source applicant\n"
          "hint: see truto-candidates validate --help");
  }
  SUBCASE("create still needs --job-id, and its hint names create's help") {
    const Outcome o = run({"create", "--perform-as", "U", "--first-name", "Ada"}, "", kSecretEnv);
    CHECK(o.status == 64);
    CHECK(o.message ==
          "required field is missing: give the Lever posting id (--job-id)\n"
          "hint: see truto-candidates create --help");
  }
}

namespace {

// "value (source)" of one setting in `config show -o json` output.
std::string setting(const std::string& json, const std::string& key) {
  const rapidjson::Document d = parse_json(json);
  if (!d.IsArray()) return "<not an array>";
  for (const auto& item : d.GetArray()) {
    if (std::string(item["setting"].GetString()) == key) {
      return std::string(item["value"].GetString()) + " (" + item["source"].GetString() + ")";
    }
  }
  return "<absent>";
}

}  // namespace

TEST_CASE("config show takes the flags it shows: flags > environment > config file > defaults") {
  const std::string file = "/tmp/tc-test-config-show-" + std::to_string(::getpid()) + ".toml";
  {
    std::ofstream out(file);
    out << "perform_as = \"from-file\"\nrate = 7\nvia = \"truto\"\n";
  }
  const Env env = {{"LEVER_PERFORM_AS", "from-env"}};
  SUBCASE("without flags") {
    const Outcome o = run({"--config", file, "config", "show", "-o", "json"}, "", env);
    CHECK(o.status == 0);
    CHECK(setting(o.out, "perform_as") == "from-env (environment (LEVER_PERFORM_AS))");
    CHECK(setting(o.out, "rate") == "7 (config file (" + file + "))");
    CHECK(setting(o.out, "via") == "truto (config file (" + file + "))");
    CHECK(setting(o.out, "concurrency") == "4 (default)");
  }
  SUBCASE("a flag wins over the environment and the file") {
    const Outcome o = run({"--config", file, "config", "show", "-o", "json", "--perform-as", "x", "--rate", "9",
                           "--via", "lever", "--concurrency", "2", "--api-key-file", "/nowhere"},
                          "", env);
    CHECK(o.status == 0);
    CHECK(setting(o.out, "perform_as") == "x (flag)");
    CHECK(setting(o.out, "rate") == "9 (flag)");
    CHECK(setting(o.out, "via") == "lever (flag)");
    CHECK(setting(o.out, "concurrency") == "2 (flag)");
    CHECK(setting(o.out, "lever_api_key") == "[redacted] (flag)");
    CHECK(setting(o.out, "timeout") == "30 (default)");
  }
  SUBCASE("a flag's value is checked as the other commands check it") {
    const Outcome o = run({"config", "show", "--rate", "0"});
    CHECK(o.status == 64);
    CHECK(o.message.find("--rate") != std::string::npos);
    CHECK(o.message.substr(o.message.find("\nhint: ")) == "\nhint: see truto-candidates config show --help");
    const Outcome choice = run({"config", "show", "--on-duplicate", "keep"});
    CHECK(choice.status == 64);
    CHECK(choice.message.rfind("--on-duplicate: keep not in {skip,merge,create,fail}\n", 0) == 0);
  }
  SUBCASE("a config file value the settings table does not allow stops every command (78)") {
    std::ofstream(file) << "retries = 2.5\n";
    const Outcome o = run({"--config", file, "config", "show"});
    CHECK(o.status == 78);
    CHECK(o.message.rfind("config file " + file + ": retries = 2.5 is not a whole number from 0 to 20\n", 0) == 0);
  }
  ::unlink(file.c_str());
}

TEST_CASE("schema descriptions speak of the product only") {
  for (const char* name : {"request", "query", "candidate", "job-form-field"}) {
    CAPTURE(name);
    const Outcome o = run({"schema", name});
    REQUIRE(o.status == 0);
    CHECK(o.out.find(".md") == std::string::npos);
    CHECK(o.out.find("\xC2\xA7") == std::string::npos);  // §
    CHECK(o.out.find("in code") == std::string::npos);
  }
  const Outcome query = run({"schema", "query"});
  CHECK(std::string(parse_json(query.out)["description"].GetString()) ==
        "The query parameters of Truto's POST /unified/ats/candidates for Lever: the target of a create (--job-id, "
        "--application-source, --integrated-account-id). integrated_account_id is also required on the truto route "
        "(--via truto).");
}

namespace {

tc::RecordResult failed_result(size_t index, const std::string& message) {
  tc::RecordResult r;
  r.index = index;
  r.line = index + 1;
  r.status = tc::RecordStatus::Failed;
  r.error_kind = tc::ErrorKind::InvalidInput;
  r.message = message;
  return r;
}

const std::string kLongId = "0f1e2d3c-aaaa-4bbb-8ccc-0123456789ab-and-then-some";  // wider than its column
const std::string kLongError =
    "record 1 (line 2) is invalid (4 problems): /emails/0/email: expected a string, got a number; /phones: expected "
    "an array, got a string";

}  // namespace

TEST_CASE("table rows off a terminal: ids and error text are printed whole") {
  tc::cli::OutputOptions output;
  output.output = "table";
  std::vector<tc::RecordResult> results;
  results.push_back(created(0, kLongId.c_str(), "Ada"));
  results.push_back(failed_result(1, kLongError + "\nsecond line"));
  const Printed p = print("[{},{}]", output, std::move(results));  // not a terminal, 100 columns
  CHECK(p.out ==
        "INDEX  LINE   STATUS   ID                                    DETAIL\n"
        "0      1      created  " +
            kLongId +
            "  Ada\n"
            "1      2      failed                                         " +
            kLongError + " second line\n");
}

TEST_CASE("table rows on a terminal: cut to the width, ids kept") {
  tc::cli::OutputOptions output;
  output.output = "table";
  tc::cli::Terminal terminal;
  terminal.stdout_tty = true;
  terminal.width = 80;
  std::vector<tc::RecordResult> results;
  results.push_back(created(0, "0f1e2d3c-aaaa-4bbb-8ccc-0123456789ab", "Ada"));
  results.push_back(failed_result(1, kLongError));
  const Printed p = print("[{},{}]", output, std::move(results), terminal);
  CHECK(p.out ==
        "INDEX  LINE   STATUS   ID                                    DETAIL\n"
        "0      1      created  0f1e2d3c-aaaa-4bbb-8ccc-0123456789ab  Ada\n"
        "1      2      failed                                         record 1 (line 2) \xE2\x80\xA6\n");
}

TEST_CASE("validation and dry-run tables have no ID column") {
  tc::cli::OutputOptions output;
  output.output = "table";
  auto results = [] {
    std::vector<tc::RecordResult> v;
    tc::RecordResult valid;
    valid.status = tc::RecordStatus::Valid;
    valid.line = 1;
    v.push_back(std::move(valid));
    v.push_back(failed_result(1, kLongError));
    return v;
  };
  const std::string expected =
      "INDEX  LINE   STATUS   DETAIL\n"
      "0      1      valid\n"
      "1      2      failed   " +
      kLongError + "\n";
  CHECK(print("[{},{}]", output, results(), {}, tc::RunMode::Validate).out == expected);
  tc::cli::Terminal terminal;
  terminal.stdout_tty = true;
  terminal.width = 60;
  CHECK(print("[{},{}]", output, results(), terminal, tc::RunMode::DryRun).out ==
        "INDEX  LINE   STATUS   DETAIL\n"
        "0      1      valid\n"
        "1      2      failed   record 1 (line 2) is invalid (4 prob\xE2\x80\xA6\n");
}

TEST_CASE("validate -o table through the command: no ID column, the whole message") {
  const std::string input =
      "{\"first_name\":\"Ada\"}\n"
      "{\"first_name\":\"Bob\",\"emails\":[{\"email\":42}],\"phones\":\"555\",\"tags\":\"x\"}\n";
  const Outcome o = run({"validate", "--input", "-", "-o", "table"}, input);
  CHECK(o.status == 65);
  const auto lines = lines_of(o.out);
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "INDEX  LINE   STATUS   DETAIL");
  CHECK(lines[1] == "0      1      valid");
  CHECK(lines[2] == "1      2      failed   record 2 (line 2) is invalid (3 problems)");
}
