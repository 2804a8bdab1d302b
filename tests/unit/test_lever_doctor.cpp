// `doctor`'s checks over a scripted transport: which requests each configuration sends, what each
// check reports, which checks are skipped, the exit kind, and that the secret never appears.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <memory>
#include <string>

#include "core/lever/doctor.hpp"
#include "core/util/error.hpp"
#include "fakes.hpp"

using namespace tc;
using tc::test::FakeClock;
using tc::test::FakeTransport;
using tc::test::ForwardingTransport;
using tc::test::not_sent;
using tc::test::respond;

namespace {

const std::string kSecret = "secret-key-123";
const std::string kUserId = "8d49b010-cc6a-4f40-ace5-e86061c677ed";
const std::string kPosting = "post1";
const std::string kUser =
    R"({"id":"8d49b010-cc6a-4f40-ace5-e86061c677ed","name":"Riley Recruiter","email":"riley@example.com",)"
    R"("accessRole":"admin","deactivatedAt":null})";
const std::string kForm = R"({"id":"post1","text":"Engineer","personalInformation":[)"
                          R"({"text":"Full name","name":"fullName","type":"text","required":true},)"
                          R"({"text":"Email","name":"email","type":"text","required":true},)"
                          R"({"text":"Phone","name":"phone","type":"text","required":false}],"urls":[],)"
                          R"("customQuestions":[{"id":"g1","text":"Screening","fields":[)"
                          R"({"id":"q1","text":"Years of experience","type":"text","required":true}]}]})";

std::string data(const std::string& json) { return R"({"data":)" + json + "}"; }
std::string posting(const std::string& state) {
  return data(R"({"id":"post1","text":"Engineer","state":")" + state + R"("})");
}

// A session over the fake, and the config doctor gets from the CLI.
struct Rig {
  FakeTransport transport;
  FakeClock clock;
  DoctorConfig config;
  LeverSettings settings;

  Rig(std::string perform_as, std::string job_id, std::string secret = kSecret) {
    config.credentials = inspect_lever_credentials(CredentialSources{"", secret, ""});
    config.base_url_source = "--lever-url";
    config.job_id = std::move(job_id);
    settings.endpoint.base_url = "https://lever.test/v1";
    if (config.credentials.credentials) settings.endpoint.credentials = *config.credentials.credentials;
    settings.perform_as = std::move(perform_as);
    settings.retry.retries = 0;
    settings.rate = 0;
  }
  std::vector<DoctorCheck> run() {
    LeverSession session(
        settings, [this] { return std::make_unique<ForwardingTransport>(transport); }, clock, nullptr, nullptr);
    return run_lever_doctor(config, session);
  }
  // Lever with the seeded user and a posting in `state`: a whole server, so each route may go unused.
  void serve_lever(const std::string& state = "published") {
    transport.on("GET", "/v1/stages", {respond(200, data(R"([{"id":"lead-new","text":"New lead"}])"))}).optional();
    transport.on("GET", "/v1/users", {respond(200, data("[" + kUser + "]"))}).optional();
    transport.on("GET", "/v1/users/" + kUserId, {respond(200, data(kUser))}).optional();
    transport.on("GET", "/v1/postings/" + kPosting, {respond(200, posting(state))}).optional();
    transport.on("GET", "/v1/postings/" + kPosting + "/apply", {respond(200, data(kForm))}).optional();
    transport
        .on("GET", "/v1/archive_reasons",
            {respond(200, data(R"([{"id":"r1","text":"Hired","status":"active","type":"hired"}])"))})
        .optional();
  }
};

const DoctorCheck& named(const std::vector<DoctorCheck>& checks, const std::string& name) {
  for (const auto& c : checks) {
    if (c.name == name) return c;
  }
  FAIL("no check named " << name);
  return checks.front();
}

std::string names(const std::vector<DoctorCheck>& checks) {
  std::string out;
  for (const auto& c : checks) out += (out.empty() ? "" : ",") + c.name;
  return out;
}

void expect_no_secret(const std::vector<DoctorCheck>& checks) {
  for (const auto& c : checks) {
    CHECK(c.detail.find(kSecret) == std::string::npos);
    CHECK(c.fix.find(kSecret) == std::string::npos);
  }
}

}  // namespace

TEST_CASE("all well with a perform_as e-mail: one GET /users settles connection, perform_as and users' lookup") {
  Rig rig("riley@example.com", kPosting);
  rig.serve_lever();
  const auto checks = rig.run();
  CHECK(names(checks) == "credentials,base_url,connection,perform_as,posting,form,lookups");
  for (const auto& c : checks) {
    CHECK_MESSAGE(c.ok, c.name << ": " << c.detail);
    CHECK_MESSAGE(c.fix.empty(), c.name << ": " << c.fix);
  }
  CHECK(named(checks, "credentials").detail == "LEVER_API_KEY (API key)");
  CHECK(named(checks, "base_url").detail == "https://lever.test/v1 (--lever-url)");
  CHECK(named(checks, "connection").detail.find("GET /users?email=") != std::string::npos);
  CHECK(named(checks, "perform_as").detail.find(kUserId) != std::string::npos);
  CHECK(named(checks, "posting").detail.find("is published") != std::string::npos);
  CHECK(named(checks, "form").detail.rfind("4 questions, 3 required: Full name, Email, Years of experience", 0) == 0);
  CHECK(named(checks, "lookups").detail ==
        "the credentials may read users, stages and archive reasons (1 stages, 1 archive reasons)");
  CHECK(rig.transport.count("GET", "/v1/stages") == 1);
  CHECK(rig.transport.count("GET", "/v1/users") == 1);
  const auto requests = rig.transport.requests();
  REQUIRE(requests.size() == 5);
  CHECK(requests[0].url == "https://lever.test/v1/users?email=riley%40example.com&includeDeactivated=true");
  CHECK(requests[1].url == "https://lever.test/v1/postings/post1");
  CHECK(requests[2].url == "https://lever.test/v1/postings/post1/apply");
  CHECK(requests[3].url == "https://lever.test/v1/stages");
  CHECK(requests[4].url == "https://lever.test/v1/archive_reasons");
  for (const auto& r : requests) CHECK(r.method == "GET");
  CHECK_FALSE(doctor_verdict(checks).has_value());
}

TEST_CASE("perform_as as an id: GET /stages, then GET /users/{id}; no job id, no posting checks") {
  Rig rig(kUserId, "");
  rig.serve_lever();
  const auto checks = rig.run();
  CHECK(names(checks) == "credentials,base_url,connection,perform_as,lookups");
  for (const auto& c : checks) CHECK_MESSAGE(c.ok, c.name << ": " << c.detail);
  CHECK(named(checks, "connection").detail.find("GET /stages") != std::string::npos);
  CHECK(rig.transport.count("GET", "/v1/stages") == 1);  // the probe's read serves the lookups check too
  CHECK(rig.transport.count("GET", "/v1/users/" + kUserId) == 1);
  CHECK(rig.transport.count("GET", "/v1/archive_reasons") == 1);
  CHECK(rig.transport.requests().at(2).url == "https://lever.test/v1/users?limit=1");
  CHECK(rig.transport.size() == 4);
  CHECK_FALSE(doctor_verdict(checks).has_value());
}

TEST_CASE("no credentials: Config, network checks skipped, nothing sent") {
  Rig rig("riley@example.com", kPosting, "");
  rig.serve_lever();
  const auto checks = rig.run();
  const auto& credentials = named(checks, "credentials");
  CHECK(credentials.failed());
  CHECK(credentials.kind == ErrorKind::Config);
  CHECK(credentials.fix.find("LEVER_API_KEY") != std::string::npos);
  CHECK(named(checks, "base_url").ok);
  for (const char* name : {"connection", "perform_as", "posting", "form", "lookups"}) {
    CHECK(named(checks, name).skipped);
    CHECK_FALSE(named(checks, name).detail.empty());
  }
  CHECK(rig.transport.size() == 0);
  const auto verdict = doctor_verdict(checks);
  REQUIRE(verdict.has_value());
  CHECK(verdict->kind() == ErrorKind::Config);
  CHECK(std::string(verdict->what()) == "1 of 7 checks failed");
}

TEST_CASE("rejected credentials (401): Auth, later checks skipped, secret never shown even if echoed") {
  Rig rig("riley@example.com", kPosting);
  rig.transport.on("GET", "/v1/users",
                   {respond(401, R"({"code":"UnauthorizedError","message":"Invalid API key secret-key-123"})")});
  const auto checks = rig.run();
  const auto& connection = named(checks, "connection");
  CHECK(connection.failed());
  CHECK(connection.kind == ErrorKind::Auth);
  CHECK(connection.detail.find("Lever rejected the credentials") != std::string::npos);
  CHECK(connection.detail.find("[redacted]") != std::string::npos);
  CHECK(named(checks, "perform_as").skipped);
  CHECK(named(checks, "posting").skipped);
  CHECK(named(checks, "form").skipped);
  CHECK(named(checks, "lookups").skipped);
  CHECK(rig.transport.size() == 1);
  expect_no_secret(checks);
  REQUIRE(doctor_verdict(checks).has_value());
  CHECK(doctor_verdict(checks)->kind() == ErrorKind::Auth);
}

TEST_CASE("a very short secret is not redacted out of ordinary words") {
  Rig rig(kUserId, "", "x");
  rig.transport.on("GET", "/v1", {not_sent("proxy refused")});
  const auto checks = rig.run();
  CHECK(named(checks, "connection").fix.find("proxy") != std::string::npos);
}

TEST_CASE("403: the credentials lack permission") {
  Rig rig(kUserId, "");
  rig.transport.on("GET", "/v1/stages", {respond(403, R"({"code":"ForbiddenError","message":"no"})")});
  const auto checks = rig.run();
  CHECK(named(checks, "connection").kind == ErrorKind::Auth);
  CHECK(named(checks, "connection").detail.find("lack permission") != std::string::npos);
}

TEST_CASE("network failure: Unavailable, 'unreachable'") {
  Rig rig(kUserId, kPosting);
  rig.transport.on("GET", "/v1", {not_sent("Could not connect to server")});
  const auto checks = rig.run();
  CHECK(named(checks, "connection").failed());
  CHECK(named(checks, "connection").kind == ErrorKind::Unavailable);
  CHECK(named(checks, "connection").detail.find("unreachable") != std::string::npos);
  CHECK(named(checks, "posting").skipped);
  CHECK(doctor_verdict(checks)->kind() == ErrorKind::Unavailable);
}

TEST_CASE("a base URL that answers 404 to GET /stages is not Lever's v1 API (Config)") {
  Rig rig(kUserId, "");
  rig.transport.on("GET", "/v1/stages", {respond(404, "<html>not here</html>")});
  const auto checks = rig.run();
  CHECK(named(checks, "connection").kind == ErrorKind::Config);
  CHECK(named(checks, "connection").detail.find("does not look like Lever") != std::string::npos);
}

TEST_CASE("perform_as: unset, unknown e-mail, unknown id, deactivated → Config") {
  SUBCASE("unset: failed without asking Lever") {
    Rig rig("", "");
    rig.serve_lever();
    const auto checks = rig.run();
    CHECK(named(checks, "connection").ok);
    CHECK(named(checks, "perform_as").failed());
    CHECK(named(checks, "perform_as").fix.find("--perform-as") != std::string::npos);
    CHECK(rig.transport.count("GET", "/v1/users/") == 0);
    CHECK(rig.transport.count("GET", "/v1/users") == 1);  // the lookups check's GET /users?limit=1 only
    CHECK(doctor_verdict(checks)->kind() == ErrorKind::Config);
  }
  SUBCASE("unknown e-mail") {
    Rig rig("nobody@example.com", "");
    rig.transport.on("GET", "/v1/stages", {respond(200, data("[]"))}).optional();
    rig.transport.on("GET", "/v1/archive_reasons", {respond(200, data("[]"))}).optional();
    rig.transport.on("GET", "/v1/users", {respond(200, data("[]"))});
    const auto checks = rig.run();
    CHECK(named(checks, "perform_as").kind == ErrorKind::Config);
    CHECK(named(checks, "perform_as").detail == "no Lever user has the e-mail nobody@example.com");
  }
  SUBCASE("unknown id: Lever says the user was not found") {
    Rig rig("u-missing", "");
    rig.serve_lever();
    rig.transport.on("GET", "/v1/users/u-missing",
                     {respond(404, R"({"code":"ResourceNotFound","message":"users u-missing was not found"})")});
    const auto checks = rig.run();
    CHECK(named(checks, "perform_as").failed());
    CHECK(named(checks, "perform_as").kind == ErrorKind::Config);
    CHECK(named(checks, "perform_as").detail ==
          "no Lever user has the id u-missing (ResourceNotFound: users u-missing was not found)");
  }
  SUBCASE("deactivated") {
    Rig rig("riley@example.com", "");
    std::string user = kUser;
    user.replace(user.find("\"deactivatedAt\":null"), 20, "\"deactivatedAt\":1700000000000");
    rig.transport.on("GET", "/v1/stages", {respond(200, data("[]"))}).optional();
    rig.transport.on("GET", "/v1/archive_reasons", {respond(200, data("[]"))}).optional();
    rig.transport.on("GET", "/v1/users", {respond(200, data("[" + user + "]"))});
    const auto checks = rig.run();
    CHECK(named(checks, "perform_as").failed());
    CHECK(named(checks, "perform_as").detail.find("deactivated") != std::string::npos);
  }
}

TEST_CASE("GET /users/{id} answering 404: read by what it says") {
  Rig rig("u1", "");
  rig.serve_lever();
  SUBCASE("an unknown path is the base URL's fault, not the user's") {
    rig.transport.on("GET", "/v1/users/u1", {respond(404, R"({"code":"ResourceNotFound","message":"Unknown route"})")});
    const auto checks = rig.run();
    const auto& c = named(checks, "perform_as");
    CHECK(c.kind == ErrorKind::Config);
    CHECK(c.detail == "the base URL does not serve GET /users/u1 (ResourceNotFound: Unknown route)");
    CHECK(c.fix == "check --lever-url / LEVER_API_BASE: Lever's is https://api.lever.co/v1");
  }
  SUBCASE("a 404 that is not Lever's error shape") {
    rig.transport.on("GET", "/v1/users/u1", {respond(404, "<html>Not Found</html>")});
    const auto checks = rig.run();
    const auto& c = named(checks, "perform_as");
    CHECK(c.kind == ErrorKind::Config);
    CHECK(c.detail == "the base URL does not serve GET /users/u1 (HTTP 404 without Lever's {code, message})");
  }
  SUBCASE("another message is reported as it is") {
    rig.transport.on("GET", "/v1/users/u1",
                     {respond(404, R"({"code":"NotFoundError","message":"account suspended"})")});
    const auto checks = rig.run();
    const auto& c = named(checks, "perform_as");
    CHECK(c.failed());
    CHECK(c.kind == ErrorKind::Protocol);
    CHECK(c.detail == "Lever answered HTTP 404 to GET /users/u1 (NotFoundError: account suspended)");
    CHECK(c.detail.find("no Lever user") == std::string::npos);
  }
  SUBCASE("not found, but about another object") {
    rig.transport.on("GET", "/v1/users/u1",
                     {respond(404, R"({"code":"ResourceNotFound","message":"accounts a9 was not found"})")});
    const auto checks = rig.run();
    const auto& c = named(checks, "perform_as");
    CHECK(c.kind == ErrorKind::Protocol);
    CHECK(c.detail == "Lever answered HTTP 404 to GET /users/u1 (ResourceNotFound: accounts a9 was not found)");
  }
}

TEST_CASE("perform_as unset: a failure for leads, a warning for applicants") {
  Rig rig("", "");
  rig.serve_lever();
  rig.config.source = ApplicationSource::Applicant;
  const auto checks = rig.run();
  const auto& c = named(checks, "perform_as");
  CHECK(c.ok);
  CHECK(c.warning());
  CHECK(c.detail == "not set; applicants need it only for files the form has no field for");
  CHECK_FALSE(doctor_verdict(checks));
}

TEST_CASE("a closed posting is a warning for leads: they can still be added; nothing fails") {
  Rig rig("riley@example.com", kPosting);
  rig.serve_lever("closed");
  const auto checks = rig.run();
  const auto& p = named(checks, "posting");
  CHECK(p.ok);
  CHECK(p.warning());
  CHECK(p.detail == "\"Engineer\" (post1) is closed: leads can still be added to it; it takes no applicants");
  CHECK(p.fix == "publish the posting in Lever (or make it internal) before creating applicants");
  CHECK(named(checks, "form").ok);
  CHECK_FALSE(doctor_verdict(checks));
}

TEST_CASE("a closed posting fails for applicants, says leads are fine, and its form is still read") {
  Rig rig("riley@example.com", kPosting);
  rig.config.source = ApplicationSource::Applicant;
  rig.serve_lever("closed");
  const auto checks = rig.run();
  const auto& p = named(checks, "posting");
  CHECK(p.failed());
  CHECK(p.kind == ErrorKind::InvalidInput);
  CHECK(p.detail.find("is closed") != std::string::npos);
  CHECK(p.detail.find("leads can still") != std::string::npos);
  CHECK(named(checks, "form").ok);
  CHECK(std::string(doctor_verdict(checks)->what()) == "1 of 7 checks failed");
  CHECK(doctor_verdict(checks)->kind() == ErrorKind::InvalidInput);
}

TEST_CASE("internal postings accept applicants; an unknown posting is InvalidInput and skips the form") {
  SUBCASE("internal") {
    Rig rig("riley@example.com", kPosting);
    rig.serve_lever("internal");
    CHECK(named(rig.run(), "posting").ok);
  }
  SUBCASE("unknown") {
    Rig rig("riley@example.com", "nope");
    rig.serve_lever();
    rig.transport.on("GET", "/v1/postings/nope",
                     {respond(404, R"({"code":"ResourceNotFound","message":"postings nope was not found"})")});
    const auto checks = rig.run();
    CHECK(named(checks, "posting").kind == ErrorKind::InvalidInput);
    CHECK(named(checks, "posting").detail ==
          "no posting has the id nope (ResourceNotFound: postings nope was not found)");
    CHECK(named(checks, "form").skipped);
    CHECK(rig.transport.count("GET", "/v1/postings/nope/apply") == 0);
  }
  SUBCASE("a 404 for the form after the posting was read is reported as it is") {
    Rig rig("riley@example.com", kPosting);
    rig.serve_lever();
    rig.transport.on("GET", "/v1/postings/post1/apply",
                     {respond(404, R"({"code":"ResourceNotFound","message":"applications form disabled"})")});
    const auto checks = rig.run();
    const auto& f = named(checks, "form");
    CHECK(f.kind == ErrorKind::Protocol);
    CHECK(f.detail ==
          "Lever answered HTTP 404 to GET /postings/post1/apply (ResourceNotFound: applications form disabled)");
  }
}

TEST_CASE("a form Lever sends in an unexpected shape is a Protocol failure") {
  Rig rig("riley@example.com", kPosting);
  rig.serve_lever();
  rig.transport.on("GET", "/v1/postings/post1/apply", {respond(200, data(R"({"personalInformation":"oops"})"))});
  const auto checks = rig.run();
  CHECK(named(checks, "form").failed());
  CHECK(named(checks, "form").kind == ErrorKind::Protocol);
}

TEST_CASE("base URL: plain http is refused off loopback and nothing is sent; loopback is fine") {
  SUBCASE("refused") {
    Rig rig(kUserId, "");
    rig.settings.endpoint.base_url = "http://lever.example.com/v1";
    rig.serve_lever();
    const auto checks = rig.run();
    CHECK(named(checks, "base_url").failed());
    CHECK(named(checks, "base_url").detail.find("plain http is refused") != std::string::npos);
    CHECK(named(checks, "connection").skipped);
    CHECK(rig.transport.size() == 0);
  }
  SUBCASE("loopback") {
    Rig rig(kUserId, "");
    rig.settings.endpoint.base_url = "http://127.0.0.1:8080/v1";
    rig.serve_lever();
    const auto checks = rig.run();
    CHECK(named(checks, "base_url").ok);
    CHECK(named(checks, "base_url").fix.empty());
  }
  SUBCASE("no /v1: a warning, still ok") {
    Rig rig(kUserId, "");
    rig.settings.endpoint.base_url = "https://lever.test";
    rig.transport.on("GET", "/stages", {respond(200, data("[]"))});
    rig.transport.on("GET", "/users", {respond(200, data(kUser))}).repeating();
    rig.transport.on("GET", "/archive_reasons", {respond(200, data("[]"))}).optional();
    const auto checks = rig.run();
    CHECK(named(checks, "base_url").warning());
    CHECK_FALSE(doctor_verdict(checks).has_value());
  }
}

TEST_CASE("credential sources: which one is used, key file mode, unreadable key file") {
  char path[] = "/tmp/doctor-key-XXXXXX";
  const int fd = mkstemp(path);
  REQUIRE(fd >= 0);
  REQUIRE(write(fd, "file-key\n", 9) == 9);
  close(fd);

  SUBCASE("a private key file wins over the environment") {
    REQUIRE(chmod(path, 0600) == 0);
    const CredentialReport r = inspect_lever_credentials(CredentialSources{path, "env-key", "env-token"});
    REQUIRE(r.credentials.has_value());
    CHECK(r.credentials->secret == "file-key");
    CHECK(r.source == std::string("--api-key-file ") + path);
    CHECK(r.ignored == std::vector<std::string>{"LEVER_API_KEY", "LEVER_ACCESS_TOKEN"});
    CHECK_FALSE(r.key_file_shared);
  }
  SUBCASE("a shared key file: ok with a warning and a chmod fix") {
    REQUIRE(chmod(path, 0644) == 0);
    Rig rig(kUserId, "");
    rig.config.credentials = inspect_lever_credentials(CredentialSources{path, "", ""});
    rig.settings.endpoint.credentials = *rig.config.credentials.credentials;
    rig.serve_lever();
    const auto checks = rig.run();
    const auto& c = named(checks, "credentials");
    CHECK(c.ok);
    CHECK(c.warning());
    CHECK(c.fix == std::string("chmod 600 ") + path);
    CHECK(c.detail.find("file-key") == std::string::npos);
    CHECK_FALSE(doctor_verdict(checks).has_value());
  }
  SUBCASE("an access token") {
    const CredentialReport r = inspect_lever_credentials(CredentialSources{"", "", "tok"});
    CHECK(r.source == "LEVER_ACCESS_TOKEN");
    REQUIRE(r.credentials.has_value());
    CHECK(r.credentials->kind == LeverCredentials::Kind::AccessToken);
  }
  std::remove(path);
  SUBCASE("a missing key file is a failed check, not an exception") {
    Rig rig(kUserId, "");
    rig.config.credentials = inspect_lever_credentials(CredentialSources{"/nonexistent/key", "env-key", ""});
    CHECK(rig.config.credentials.error.has_value());
    const auto checks = rig.run();
    CHECK(named(checks, "credentials").failed());
    CHECK(named(checks, "credentials").kind == ErrorKind::NoInput);
    CHECK(named(checks, "connection").skipped);
  }
}

TEST_CASE("lookups: a key that may not read archive reasons fails as Auth, naming the list") {
  Rig rig("riley@example.com", "");
  rig.serve_lever();
  rig.transport.on("GET", "/v1/archive_reasons", {respond(403, R"({"code":"ForbiddenError","message":"no"})")});
  const auto checks = rig.run();
  const auto& lookups = named(checks, "lookups");
  CHECK(lookups.failed());
  CHECK(lookups.kind == ErrorKind::Auth);
  CHECK(lookups.detail == "the credentials may not read archive reasons (GET /archive_reasons)");
  CHECK(lookups.fix.find("give ids instead of names") != std::string::npos);
  REQUIRE(doctor_verdict(checks).has_value());
  CHECK(doctor_verdict(checks)->kind() == ErrorKind::Auth);
}

TEST_CASE("verdict: counts failures, not skips; the first failure decides the kind") {
  std::vector<DoctorCheck> checks(4);
  checks[0].ok = true;
  checks[1].kind = ErrorKind::Config;  // failed
  checks[1].name = "perform_as";
  checks[2].kind = ErrorKind::InvalidInput;  // failed
  checks[3].skipped = true;
  const auto verdict = doctor_verdict(checks);
  REQUIRE(verdict.has_value());
  CHECK(verdict->kind() == ErrorKind::Config);
  CHECK(std::string(verdict->what()) == "2 of 4 checks failed");
  CHECK(verdict->hint().find("perform_as") != std::string::npos);
}
