// `truto-candidates undo` through run_app (cli/undo_cmd.cpp): the usage rules, the dry run (no request, no
// progress file), the reason resolved by name, and a second run that sends nothing.
#include <doctest/doctest.h>

#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "cli_harness.hpp"

using tc::test::CliRig;
using tc::test::respond;

namespace {

const std::string kBase = "http://127.0.0.1:9/v1";

std::string temp_journal() {
  const std::string path = "/tmp/tc-test-cli-undo-" + std::to_string(::getpid()) + ".journal";
  std::ofstream out(path, std::ios::trunc);
  out << R"({"key":"k0","state":"started","index":0,"at":100})"
         "\n"
      << R"({"key":"k0","state":"created","index":0,"at":200,"id":"opp1","wrote":{"kind":"created","stage":"lead-new"}})"
      << "\n";
  std::remove((path + ".undo").c_str());
  return path;
}

void use_lever(CliRig& rig) {
  rig.env["LEVER_API_KEY"] = "secret-key";
  rig.env["LEVER_API_BASE"] = kBase;
}

}  // namespace

TEST_CASE("undo: usage errors name what is missing") {
  const std::string journal = temp_journal();
  CliRig rig;
  use_lever(rig);
  auto o = rig.run({"undo", "--journal", journal, "--archive-reason", "Withdrew", "--via", "truto"});
  CHECK(o.status == 64);
  CHECK(o.message.find("no call to archive") != std::string::npos);
  o = rig.run({"undo", "--archive-reason", "Withdrew"});
  CHECK(o.status == 64);
  o = rig.run({"undo", "--journal", journal, "--results", journal, "--archive-reason", "Withdrew"});
  CHECK(o.status == 64);
  o = rig.run({"undo", "--journal", journal});
  CHECK(o.status == 64);
  CHECK(rig.transport.size() == 0);
  std::remove(journal.c_str());
}

TEST_CASE("undo --dry-run: the plan, no request, no progress file; then the undo, then nothing") {
  const std::string journal = temp_journal();
  CliRig rig;
  use_lever(rig);
  auto o = rig.run({"undo", "--journal", journal, "--archive-reason", "Withdrew", "--dry-run", "-o", "ndjson"});
  CHECK(o.status == 0);
  CHECK(o.out.find(R"("status":"planned")") != std::string::npos);
  CHECK(o.out.find("PUT archived reason Withdrew") != std::string::npos);
  CHECK(rig.transport.size() == 0);
  CHECK(::access((journal + ".undo").c_str(), F_OK) != 0);

  rig.transport
      .on("GET", "/v1/archive_reasons",
          {respond(200, R"({"data":[{"id":"r-1","text":"Withdrew","status":"active","type":"non-hired"}]})")})
      .repeating();  // read by each undo
  rig.transport.on("GET", "/v1/opportunities/opp1",
                   {respond(200, R"({"data":{"id":"opp1","stage":"lead-new","archived":null}})")});
  rig.transport.on("PUT", "/v1/opportunities/opp1/archived", {respond(200, R"({"data":{"id":"opp1"}})")});
  o = rig.run({"undo", "--journal", journal, "--archive-reason", "withdrew", "-o", "ndjson"});
  CHECK(o.status == 0);
  CHECK(o.out.find(R"("status":"archived")") != std::string::npos);
  CHECK(rig.transport.count("PUT", "/v1/opportunities/opp1/archived") == 1);
  for (const auto& r : rig.transport.requests())
    if (r.method == "PUT") CHECK(r.body == R"({"reason":"r-1"})");
  const size_t sent = rig.transport.size();
  o = rig.run({"undo", "--journal", journal, "--archive-reason", "withdrew", "-o", "ndjson"});
  CHECK(o.status == 0);
  CHECK(rig.transport.count("PUT", "/v1/opportunities/opp1/archived") == 1);
  CHECK(rig.transport.size() == sent + 1);  // the reasons list, read again; nothing else
  std::remove(journal.c_str());
  std::remove((journal + ".undo").c_str());
}
