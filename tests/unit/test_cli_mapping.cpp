// --map and --mapping through the command line (ARCHITECTURE.md §4, spreadsheet exports): create --dry-run
// and validate read the same mapping; every unknown column is reported at once with exit 65 and nothing
// is sent; a bad mapping line is a usage error naming its file and line; `name` becomes Lever's name.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli_harness.hpp"

using tc::test::CliOutcome;
using tc::test::CliRig;

namespace {

const std::string kKeyEnv = "sk_test_SECRET123";

std::string write_file(const std::string& name, const std::string& text) {
  const std::string path = (std::filesystem::temp_directory_path() / ("tc_cli_mapping_" + name)).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

const char* kLinkedIn =
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Katherine,Johnson,https://www.linkedin.com/in/kj,katherine@example.com,NASA,Mathematician,12 Mar 2024\n";

}  // namespace

TEST_CASE("create: every unknown column at once, exit 65, nothing sent") {
  CliRig rig;
  rig.env["LEVER_API_KEY"] = kKeyEnv;
  const std::string csv = write_file("linkedin.csv", kLinkedIn);
  const CliOutcome o = rig.run({"create", "--job-id", "P", "--perform-as", "U", "--input", csv});
  CHECK(o.status == 65);
  CHECK(o.error == tc::ErrorKind::InvalidInput);
  CHECK(contains(o.message, "the header has 3 problems (3 unknown columns):"));
  CHECK(contains(o.message, "unknown column 'URL' (column 3)"));
  CHECK(contains(o.message, "ambiguous column 'Position' (column 6)"));
  CHECK(contains(o.message, "the person's own title: --map 'Position=title'"));
  CHECK(contains(o.message, "--map 'Connected On=' ignores it"));
  CHECK(rig.transport.count("POST", "/v1/opportunities") == 0);
  std::remove(csv.c_str());
}

TEST_CASE("create --dry-run and validate with --map lines: the export goes through") {
  CliRig rig;
  const std::string csv = write_file("linkedin_ok.csv", kLinkedIn);
  const std::vector<std::string> maps = {"--map", "URL=links", "--map", "Position=title", "--map", "Connected On="};
  std::vector<std::string> args = {"create", "--dry-run", "--job-id", "P", "--perform-as", "U", "--input", csv};
  args.insert(args.end(), maps.begin(), maps.end());
  const CliOutcome plan = rig.run(args);
  CHECK(plan.status == 0);
  CHECK(contains(plan.out, R"("name":"Katherine Johnson")"));
  CHECK(contains(plan.out, R"("headline":"Mathematician at NASA")"));
  CHECK(contains(plan.out, R"("links":["https://www.linkedin.com/in/kj"])"));

  args = {"validate", "--input", csv};
  args.insert(args.end(), maps.begin(), maps.end());
  const CliOutcome valid = rig.run(args);
  CHECK(valid.status == 0);
  args.pop_back();  // without "Connected On=" the column is unknown again
  args.pop_back();
  const CliOutcome invalid = rig.run(args);
  CHECK(invalid.status == 65);
  CHECK(contains(invalid.message, "unknown column 'Connected On' (column 7)"));
  CHECK(rig.transport.size() == 0);
  std::remove(csv.c_str());
}

TEST_CASE("--mapping FILE: the same lines; --map overrides it; a bad line names the file and line (64)") {
  CliRig rig;
  const std::string csv = write_file("linkedin_file.csv", kLinkedIn);
  const std::string map = write_file("linkedin.map", "# LinkedIn\nURL=links\nPosition=title\nConnected On=\n");
  const CliOutcome ok = rig.run({"validate", "--input", csv, "--mapping", map});
  CHECK(ok.status == 0);
  const CliOutcome overridden = rig.run({"validate", "--input", csv, "--mapping", map, "--map", "URL=emails"});
  CHECK(overridden.status == 65);  // the LinkedIn URL is no e-mail address

  const std::string bad = write_file("bad.map", "URL=links\n\nPosition=job\n");
  const CliOutcome refused = rig.run({"validate", "--input", csv, "--mapping", bad});
  CHECK(refused.status == 64);
  CHECK(contains(refused.message, bad + " line 3: unknown field 'job'"));
  const CliOutcome missing = rig.run({"validate", "--input", csv, "--mapping", "/nonexistent/x.map"});
  CHECK(missing.status == 66);
  const CliOutcome no_input = rig.run({"validate", "--first-name", "Ada", "--map", "A=name"});
  CHECK(no_input.status == 64);
  CHECK(contains(no_input.message, "--map and --mapping rename the columns of --input"));
  for (const auto& path : {csv, map, bad}) std::remove(path.c_str());
}

TEST_CASE("JSON input: --map renames and drops top-level keys; an `error` member is ignored") {
  CliRig rig;
  const std::string ndjson = write_file(
      "people.ndjson", R"({"full":"Ada Lovelace","mail":[{"email":"ada@example.com"}],"crm_id":7,"error":{"code":"x"}})"
                       "\n"
                       R"({"full":"Grace Hopper","mail":[{"email":"grace@example.com"}],"crm_id":8})"
                       "\n");
  const CliOutcome plan = rig.run({"create", "--dry-run", "--job-id", "P", "--perform-as", "U", "--input", ndjson,
                                   "--map", "full=name", "--map", "mail=emails", "--map", "crm_id="});
  CHECK(plan.status == 0);
  CHECK(contains(plan.out, R"("name":"Ada Lovelace")"));
  CHECK(contains(plan.out, R"("emails":["grace@example.com"])"));
  const CliOutcome unmapped = rig.run({"validate", "--input", ndjson});
  CHECK(unmapped.status == 65);  // every record is invalid: unknown keys
  CHECK(contains(unmapped.out, "/full"));
  std::remove(ndjson.c_str());
}

TEST_CASE(
    "name: Lever's name (\"Last, First\" turned round); first/last names must agree with it; it counts as a name") {
  CliRig rig;
  const std::string ndjson =
      write_file("names.ndjson", R"({"name":"Ada King, Countess of Lovelace"})"
                                 "\n"
                                 R"({"name":"Hopper, Grace Brewster","first_name":"Grace","last_name":"Hopper"})"
                                 "\n"
                                 R"({"first_name":"Alan","last_name":"Turing"})"
                                 "\n");
  const CliOutcome plan =
      rig.run({"create", "--dry-run", "--job-id", "P", "--perform-as", "U", "--input", ndjson, "-o", "ndjson"});
  CHECK(plan.status == 0);
  CHECK(contains(plan.out, R"("name":"Ada King, Countess of Lovelace")"));
  CHECK(contains(plan.out, R"("name":"Grace Brewster Hopper")"));
  CHECK(contains(plan.out, R"("name":"Alan Turing")"));
  // A surname mapped to `name` beside a first name: refused at /name, not sent as the surname alone.
  const std::string clash = write_file("clash.ndjson", R"({"name":"Brewster","first_name":"Grace"})"
                                                       "\n");
  const CliOutcome refused = rig.run({"validate", "--input", clash, "-o", "ndjson"});
  CHECK(refused.status == 65);
  CHECK(contains(refused.out, R"("pointer":"/name")"));
  const std::string one = write_file("one.json", R"({"name":"Ada","emails":[{"email":"ada@example.com"}]})");
  CHECK(rig.run({"validate", "--application-source", "applicant", "--input", one}).status == 0);
  for (const auto& path : {ndjson, clash, one}) std::remove(path.c_str());
}

TEST_CASE("--encoding, --delimiter and the auto format: a ';' Windows-1252 export named .txt; one note each") {
  CliRig rig;
  const std::string txt =
      write_file("european.txt", "Vorname;Nachname;E-Mail;;\r\nJ\xFCrgen;M\xFCller;j@example.de;;\r\n");
  const CliOutcome plan = rig.run({"create", "--dry-run", "--job-id", "P", "--perform-as", "U", "--input", txt});
  CHECK(plan.status == 0);
  CHECK(contains(plan.out, R"("name":"Jürgen Müller")"));
  CHECK(contains(plan.err, "note: " + txt + " is not UTF-8 and has no byte-order mark: read as Windows-1252"));
  CHECK(contains(plan.err, "note: " + txt + ": columns 4 and 5 of the header have no name and are ignored"));
  // Read as ISO-8859-2, the same bytes are the same letters here; --delimiter given: the same columns.
  const CliOutcome given =
      rig.run({"validate", "--input", txt, "--encoding", "ISO-8859-2", "--delimiter", ";", "-o", "ndjson"});
  CHECK(given.status == 0);
  CHECK_FALSE(contains(given.err, "Windows-1252"));
  // The wrong delimiter: the advice, no --map line, nothing sent.
  rig.env["LEVER_API_KEY"] = kKeyEnv;
  const CliOutcome wrong =
      rig.run({"create", "--job-id", "P", "--perform-as", "U", "--input", txt, "--delimiter", "|"});
  CHECK(wrong.status == 65);
  CHECK(contains(wrong.message, "this looks like a SEMICOLON-separated file: pass --delimiter ';'"));
  CHECK_FALSE(contains(wrong.message, "--map"));  // not even in the hint
  CHECK(rig.transport.size() == 0);
  // Usage errors: a delimiter of two characters, an unknown encoding, a delimiter for JSON.
  CHECK(rig.run({"validate", "--input", txt, "--delimiter", ";;"}).status == 64);
  const CliOutcome unknown = rig.run({"validate", "--input", txt, "--encoding", "klingon"});
  CHECK(unknown.status == 64);
  CHECK(contains(unknown.message, "--encoding klingon: not an encoding this system can read"));
  CHECK(rig.run({"validate", "--input", txt, "--input-format", "json", "--delimiter", ";"}).status == 64);
  std::remove(txt.c_str());
}
