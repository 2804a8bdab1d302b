// The truto route (docs/lever-contract.md §6): the request Truto gets (URL, query, headers, Idempotency-Key, body),
// which answers are retried, and how Truto's errors become tc::Error kinds and readable messages.
// A scripted transport and a fake clock (tests/unit/fakes.hpp): no sockets, no real sleeping.
#include <doctest/doctest.h>

#include <regex>
#include <string>
#include <vector>

#include "core/truto/route.hpp"
#include "core/truto/session.hpp"
#include "core/util/error.hpp"
#include "core/util/json_util.hpp"
#include "fakes.hpp"
#include "typed_record.hpp"

using namespace tc;
using tc::test::ambiguous;
using tc::test::FakeClock;
using tc::test::FakeTransport;
using tc::test::ForwardingTransport;
using tc::test::not_sent;
using tc::test::respond;
using tc::test::TypedRecord;

namespace {

const char* kCandidate =
    R"({"id":"cand-1","first_name":"Ada","last_name":"Lovelace","emails":[{"email":"ada@example.com","type":"personal"}]})";

std::string header(const HttpRequest& r, const std::string& name) {
  for (const auto& h : r.headers) {
    if (h.name == name) return h.value;
  }
  return "<absent>";
}

TrutoSettings default_settings() {
  TrutoSettings s;
  s.target.job_id = "job-1";
  s.target.integrated_account_id = "acc-1";
  s.target.via = Route::Truto;
  s.base_url = "https://truto.test/";
  s.token = "secret-token";
  s.rate = 0;  // no pacing in unit tests
  s.retry.retries = 3;
  s.retry.base_delay = 0.01;
  return s;
}

struct Fixture {
  FakeTransport transport;
  FakeClock clock;
  TrutoSession session;
  TrutoRoute route;
  explicit Fixture(TrutoSettings settings = default_settings())
      : session(
            std::move(settings), [this] { return std::make_unique<ForwardingTransport>(transport); }, clock, nullptr,
            nullptr),
        route(session) {}
};

const char* kRecord =
    R"({"first_name":"Ada","last_name":"Lovelace","emails":[{"email":"ada@example.com","type":"personal"}],"tags":["referral"]})";

// Creates kRecord expecting a tc::Error; returns it.
Error create_error(Fixture& f, const char* record = kRecord) {
  rapidjson::Document doc = tc::test::parse_json(record);
  try {
    f.route.create(TypedRecord(doc));
  } catch (const Error& e) {
    return e;
  }
  FAIL("create did not throw");
  return Error(ErrorKind::Internal, "unreachable");
}

}  // namespace

TEST_CASE("the create request: URL, query, headers and body") {
  Fixture f;
  f.transport.enqueue(respond(201, kCandidate));
  rapidjson::Document record = tc::test::parse_json(kRecord);
  CreateOutcome out = f.route.create(TypedRecord(record));

  REQUIRE(f.transport.size() == 1);
  const HttpRequest r = f.transport.requests()[0];
  CHECK(r.method == "POST");
  CHECK(r.url ==
        "https://truto.test/unified/ats/candidates?integrated_account_id=acc-1&job_id=job-1&application_source=lead");
  CHECK(r.auth.kind == HttpAuth::Kind::Bearer);  // libcurl builds the header from the token
  CHECK(r.auth.secret == "secret-token");
  CHECK(header(r, "Authorization") == "<absent>");
  CHECK(header(r, "Accept") == "application/json");
  CHECK(header(r, "Content-Type") == "application/json");
  CHECK(header(r, "User-Agent").rfind("truto-candidates/", 0) == 0);
  CHECK(std::regex_match(header(r, "Idempotency-Key"),
                         std::regex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")));
  CHECK(r.body == to_json(record));  // the unified record unchanged

  CHECK(out.id == "cand-1");
  CHECK(to_json(out.candidate) == to_json(tc::test::parse_json(kCandidate)));  // printed as Truto answered
  CHECK_FALSE(out.found_existing);
  CHECK(f.route.requests_sent() == 1);
}

TEST_CASE("a record's own job_id goes into the query, not the body; without any posting the record fails alone") {
  Fixture f;
  f.transport.enqueue(respond(201, kCandidate));
  const char* on_job2 = R"({"first_name":"Ada","emails":[{"email":"ada@example.com"}],"job_id":"job-2"})";
  f.route.create(TypedRecord(on_job2));
  REQUIRE(f.transport.size() == 1);
  const HttpRequest r = f.transport.requests()[0];
  CHECK(r.url ==
        "https://truto.test/unified/ats/candidates?integrated_account_id=acc-1&job_id=job-2&application_source=lead");
  CHECK(r.body == R"({"first_name":"Ada","emails":[{"email":"ada@example.com"}]})");

  TrutoSettings no_job = default_settings();
  no_job.target.job_id.clear();
  Fixture g(no_job);
  const Error e = create_error(g);
  CHECK(e.kind() == ErrorKind::InvalidInput);  // one record's problem, not a usage error that stops the run
  REQUIRE(e.problems().size() == 1);
  CHECK(e.problems()[0].pointer == "/job_id");
  CHECK(g.transport.size() == 0);
}

TEST_CASE("query values are encoded; applicant source") {
  TrutoSettings s = default_settings();
  s.target.job_id = "a b/c";
  s.target.integrated_account_id = "62f44730-dd91-461e-bd6a-aedd9e0ad79d";
  s.target.source = ApplicationSource::Applicant;
  Fixture f(s);
  f.transport.enqueue(respond(200, kCandidate));
  f.route.create(TypedRecord(kRecord));
  CHECK(f.transport.requests().at(0).url ==
        "https://truto.test/unified/ats/candidates?integrated_account_id=62f44730-dd91-461e-bd6a-aedd9e0ad79d"
        "&job_id=a%20b%2Fc&application_source=applicant");
}

TEST_CASE("response format, ignore remote data and remote_query become query parameters") {
  TrutoSettings s = default_settings();
  s.response_format = "raw";
  s.ignore_remote_data = true;
  s.remote_query = {{"perform_as", "user 1"}, {"a[b", "1"}};
  Fixture f(s);
  // truto_response_format=raw: Lever's own envelope comes back.
  f.transport.enqueue(respond(201, R"({"data":{"id":"opp-9","name":"Ada Lovelace"}})"));
  CreateOutcome out = f.route.create(TypedRecord(kRecord));
  CHECK(f.transport.requests().at(0).url ==
        "https://truto.test/unified/ats/candidates?integrated_account_id=acc-1&job_id=job-1&application_source=lead"
        "&truto_response_format=raw&truto_ignore_remote_data=true&remote_query[perform_as]=user%201"
        "&remote_query[a%5Bb]=1");
  CHECK(out.id == "opp-9");
  CHECK(out.candidate.HasMember("data"));

  TrutoSettings n = default_settings();
  n.response_format = "normalized";
  n.target.source = ApplicationSource::Applicant;
  n.target.send_confirmation_email = true;
  Fixture g(n);
  g.transport.enqueue(respond(201, kCandidate));
  g.route.create(TypedRecord(kRecord));
  CHECK(g.transport.requests().at(0).url ==
        "https://truto.test/unified/ats/candidates?integrated_account_id=acc-1&job_id=job-1"
        "&application_source=applicant&truto_response_format=normalized"
        "&remote_query[send_confirmation_email]=true");
}

TEST_CASE("an unknown response format is a usage error") {
  TrutoSettings s = default_settings();
  s.response_format = "stream";
  FakeTransport transport;
  FakeClock clock;
  try {
    TrutoSession session(
        s, [&] { return std::make_unique<ForwardingTransport>(transport); }, clock, nullptr, nullptr);
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Usage);
  }
}

TEST_CASE("the Idempotency-Key is the same across retries and for the same record, different for others") {
  SUBCASE("a 502 then success: two sends, one key") {
    Fixture f;
    f.transport.enqueue(respond(502, R"({"statusCode":502,"error":"Bad Gateway","message":"upstream"})"));
    f.transport.enqueue(respond(201, kCandidate));
    CreateOutcome out = f.route.create(TypedRecord(kRecord));
    REQUIRE(f.transport.size() == 2);
    CHECK(header(f.transport.requests()[0], "Idempotency-Key") == header(f.transport.requests()[1], "Idempotency-Key"));
    CHECK(f.transport.requests()[0].body == f.transport.requests()[1].body);
    CHECK(out.id == "cand-1");
    CHECK(f.clock.sleeps().size() == 1);
  }
  SUBCASE("a timeout then success: the create is re-sent with the same key") {
    Fixture f;
    f.transport.enqueue(ambiguous());
    f.transport.enqueue(respond(201, kCandidate));
    CreateOutcome out = f.route.create(TypedRecord(kRecord));
    REQUIRE(f.transport.size() == 2);
    CHECK(header(f.transport.requests()[0], "Idempotency-Key") == header(f.transport.requests()[1], "Idempotency-Key"));
    CHECK(out.id == "cand-1");
  }
  SUBCASE("records and targets") {
    Target t = default_settings().target;
    const std::string a = truto_idempotency_key(tc::test::parse_json(kRecord), t);
    const std::string reordered = truto_idempotency_key(
        tc::test::parse_json(
            R"({"tags":["referral"],"emails":[{"type":"personal","email":"ada@example.com"}],"last_name":"Lovelace","first_name":"Ada"})"),
        t);
    const std::string other =
        truto_idempotency_key(tc::test::parse_json(R"({"first_name":"Grace","last_name":"Hopper"})"), t);
    CHECK(a == reordered);
    CHECK(a != other);
    Target other_job = t;
    other_job.job_id = "job-2";
    CHECK(truto_idempotency_key(tc::test::parse_json(kRecord), other_job) != a);
    // Deterministic across route objects (a re-run computes the same key).
    Fixture f1, f2;
    CHECK(header(f1.route.create_request(TypedRecord(kRecord)), "Idempotency-Key") ==
          header(f2.route.create_request(TypedRecord(kRecord)), "Idempotency-Key"));
    CHECK(header(f1.route.create_request(TypedRecord(kRecord)), "Idempotency-Key") == a);
  }
}

TEST_CASE("an attachment that is only a local file is refused before sending") {
  Fixture f;
  Error e = create_error(
      f,
      R"({"first_name":"Ada","attachments":[{"id":"a","file_url":"https://files.example.com/cv.pdf"},{"id":"cv.pdf","file_url":"file:///home/ada/cv.pdf","type":"resume"}]})");
  CHECK(e.kind() == ErrorKind::InvalidInput);
  REQUIRE(e.problems().size() == 1);
  CHECK(e.problems()[0].pointer == "/attachments/1");
  CHECK(std::string(e.what()).find("URL") != std::string::npos);
  CHECK(std::string(e.what()).find("/attachments/1") != std::string::npos);
  CHECK(f.transport.size() == 0);

  // A URL attachment alone is sent as it is.
  f.transport.enqueue(respond(201, kCandidate));
  f.route.create(
      TypedRecord(R"({"first_name":"Ada","attachments":[{"id":"a","file_url":"https://files.example.com/cv.pdf"}]})"));
  CHECK(f.transport.size() == 1);
}

TEST_CASE("the lever object: ids go into remote_data as Lever's fields; remote_data's own keys win") {
  Fixture f;
  const auto record = tc::test::parse_json(
      R"({"first_name":"Ada","lever":{"owner":"8d49b010-cc6a-4f40-ace5-e86061c677ed","followers":["df0adaa6-172c-4cd6-8520-49b203660fe1"],)"
      R"("stage":"lead-new","sources":["Fair"],"origin":"referred","created_at":"2024-03-01T09:00:00Z",)"
      R"("archive_reason":"63dd55b2-a99f-4e7b-985f-22c7bf80ab42","archived_at":"2024-06-01T00:00:00Z"},)"
      R"("remote_data":{"origin":"agency","headline":"x"}})");
  const HttpRequest r = f.route.create_request(TypedRecord(record));
  CHECK(r.body ==
        R"({"first_name":"Ada","remote_data":{"origin":"agency","headline":"x",)"
        R"("owner":"8d49b010-cc6a-4f40-ace5-e86061c677ed","followers":["df0adaa6-172c-4cd6-8520-49b203660fe1"],)"
        R"("stage":"lead-new","sources":["Fair"],"createdAt":1709283600000,)"
        R"("archived":{"reason":"63dd55b2-a99f-4e7b-985f-22c7bf80ab42","archivedAt":1717200000000}}})");
  // The key is the record's, not the body's: a re-run of the same record carries the same key.
  CHECK(header(r, "Idempotency-Key") == header(f.route.create_request(TypedRecord(record)), "Idempotency-Key"));
}

TEST_CASE("the lever object: names and notes are refused before sending, each with its pointer") {
  Fixture f;
  Error e = create_error(
      f, R"({"first_name":"Ada","lever":{"owner":"riley@example.com","followers":["u1","sam@example.com"],)"
         R"("stage":"Phone screen","archive_reason":"Hired","notes":[{"text":"hi"}]}})");
  CHECK(e.kind() == ErrorKind::InvalidInput);
  std::vector<std::string> pointers;
  for (const auto& p : e.problems()) pointers.push_back(p.pointer);
  CHECK(pointers == std::vector<std::string>{"/lever/owner", "/lever/followers/1", "/lever/stage",
                                             "/lever/archive_reason", "/lever/notes"});
  CHECK(e.problems()[2].message ==
        "\"Phone screen\" looks like a stage name, not an id; the truto route cannot look names up in Lever: give the "
        "stage id");
  CHECK(e.hint().find("--via lever") != std::string::npos);
  CHECK(f.transport.size() == 0);
}

TEST_CASE("no token: a configuration error, nothing sent") {
  TrutoSettings s = default_settings();
  s.token.clear();
  Fixture f(s);
  Error e = create_error(f);
  CHECK(e.kind() == ErrorKind::Config);
  CHECK(std::string(e.hint()).find("TRUTO_API_TOKEN") != std::string::npos);
  CHECK(f.transport.size() == 0);
}

TEST_CASE("Truto's errors: exit kinds and messages") {
  Fixture f;
  SUBCASE("400 with missing required body fields") {
    f.transport.enqueue(respond(
        400,
        R"({"statusCode":400,"error":"Bad Request","message":"Missing required fields","truto_error_insight":{"missing_required_body_fields":{"description":"These body fields are required","value":["first_name","emails"]}}})"));
    Error e = create_error(f);
    CHECK(e.kind() == ErrorKind::InvalidInput);
    CHECK(e.http_status() == 400);
    const std::string m = e.what();
    CHECK(m.rfind("Missing required fields", 0) == 0);  // Truto's message first
    CHECK(m.find("missing required body fields: first_name, emails") != std::string::npos);
    REQUIRE(e.problems().size() == 2);
    CHECK(e.problems()[0].pointer == "/first_name");
    CHECK(e.problems()[1].pointer == "/emails");
    CHECK(f.transport.size() == 1);  // never retried
  }
  SUBCASE("400 with a missing query parameter names the flag") {
    f.transport.enqueue(respond(
        400,
        R"({"statusCode":400,"error":"Bad Request","message":"job_id is required","truto_error_insight":{"missing_required_query_parameters":{"description":"","value":["job_id"]}}})"));
    Error e = create_error(f);
    CHECK(e.kind() == ErrorKind::InvalidInput);
    CHECK(std::string(e.what()).find("missing required query parameters: job_id") != std::string::npos);
    REQUIRE(e.problems().size() == 1);
    CHECK(e.problems()[0].message.find("--job-id") != std::string::npos);
  }
  SUBCASE("422 from Lever: Lever's own error") {
    f.transport.enqueue(respond(
        422,
        R"({"statusCode":422,"error":"Unprocessable Entity","message":"Invalid email","truto_is_remote_error":true,"raw_response":{"code":"BadRequestError","message":"Invalid email address ada@"}})"));
    Error e = create_error(f);
    CHECK(e.kind() == ErrorKind::InvalidInput);
    CHECK(std::string(e.what()).find("Lever said: BadRequestError: Invalid email address ada@") != std::string::npos);
    CHECK(f.transport.size() == 1);
  }
  SUBCASE("422 with a provider errors array (Truto's docs example), raw_response as text") {
    f.transport.enqueue(respond(
        422,
        R"({"statusCode":422,"error":"Unprocessable Entity","message":"Email is invalid","truto_is_remote_error":true,"raw_response":"{\"errors\":[{\"field\":\"email\",\"code\":\"invalid\",\"message\":\"Email is invalid\"}]}"})"));
    Error e = create_error(f);
    CHECK(std::string(e.what()).find("Lever said: email: invalid: Email is invalid") != std::string::npos);
  }
  SUBCASE("401: the Truto token") {
    f.transport.enqueue(respond(401, R"({"statusCode":401,"error":"Unauthorized","message":"Invalid API token"})"));
    Error e = create_error(f);
    CHECK(e.kind() == ErrorKind::Auth);
    CHECK(std::string(e.what()).rfind("Invalid API token", 0) == 0);
    CHECK(e.hint().find("TRUTO_API_TOKEN") != std::string::npos);
    CHECK(std::string(e.what()).find("secret-token") == std::string::npos);
    CHECK(f.transport.size() == 1);
  }
  SUBCASE("401 from Lever: reconnect the account") {
    f.transport.enqueue(respond(
        401,
        R"({"statusCode":401,"error":"Unauthorized","message":"Unauthorized","truto_is_remote_error":true,"raw_response":{"code":"UnauthorizedError","message":"Invalid token"}})"));
    Error e = create_error(f);
    CHECK(e.kind() == ErrorKind::Auth);
    CHECK(e.hint().find("re-authenticate") != std::string::npos);
    CHECK(std::string(e.what()).find("Lever said: UnauthorizedError: Invalid token") != std::string::npos);
  }
  SUBCASE("403 with missing scopes") {
    f.transport.enqueue(respond(
        403,
        R"({"statusCode":403,"error":"Forbidden","message":"Insufficient scopes","truto_error_insight":{"forbidden_error":{"description":"The token lacks scopes","value":{"missing_scopes":["opportunities:write:admin","uploads:write:admin"]}}}})"));
    Error e = create_error(f);
    CHECK(e.kind() == ErrorKind::Auth);
    CHECK(std::string(e.what()).find("missing scopes: opportunities:write:admin, uploads:write:admin") !=
          std::string::npos);
    CHECK(f.transport.size() == 1);
  }
  SUBCASE("404: the integrated account or the job") {
    f.transport.enqueue(
        respond(404, R"({"statusCode":404,"error":"Not Found","message":"Integrated account not found"})"));
    Error e = create_error(f);
    CHECK(e.kind() == ErrorKind::InvalidInput);
    CHECK(e.hint().find("--integrated-account-id") != std::string::npos);
    CHECK(e.hint().find("--job-id") != std::string::npos);
    CHECK(f.transport.size() == 1);
  }
  SUBCASE("409 is not retried") {
    f.transport.enqueue(
        respond(409, R"({"statusCode":409,"error":"Conflict","message":"Duplicate","truto_is_remote_error":true})"));
    Error e = create_error(f);
    CHECK(e.kind() == ErrorKind::InvalidInput);
    CHECK(std::string(e.what()).find("the error came from Lever") != std::string::npos);
    CHECK(f.transport.size() == 1);
  }
  SUBCASE("503: a blocked account, never retried") {
    f.transport.enqueue(respond(
        503,
        R"({"statusCode":503,"error":"Service Unavailable","message":"This integrated account has been blocked"})"));
    Error e = create_error(f);
    CHECK(e.kind() == ErrorKind::Unavailable);
    CHECK(std::string(e.what()).find("the integrated account is blocked; contact Truto support") != std::string::npos);
    CHECK(std::string(e.what()).find("This integrated account has been blocked") != std::string::npos);
    CHECK(f.transport.size() == 1);
    CHECK(f.clock.sleeps().empty());
  }
  SUBCASE("500 is retried; persisting, it is Unavailable") {
    for (int i = 0; i < 4; ++i) {
      f.transport.enqueue(respond(500, R"({"statusCode":500,"error":"Internal Server Error","message":"boom"})"));
    }
    Error e = create_error(f);
    CHECK(e.kind() == ErrorKind::Unavailable);
    CHECK(e.http_status() == 500);
    CHECK(std::string(e.what()).find("boom") != std::string::npos);
    CHECK(std::string(e.what()).find("after 4 attempts") != std::string::npos);
    CHECK(f.transport.size() == 4);  // 1 + retries(3)
  }
  SUBCASE("504 persisting: Unavailable; a non-JSON body is said so") {
    for (int i = 0; i < 4; ++i) f.transport.enqueue(respond(504, "<html>gateway timeout</html>"));
    Error e = create_error(f);
    CHECK(e.kind() == ErrorKind::Unavailable);
    CHECK(std::string(e.what()).find("not Truto's JSON error") != std::string::npos);
  }
  SUBCASE("429 persisting: TempFail") {
    for (int i = 0; i < 4; ++i) {
      f.transport.enqueue(respond(429,
                                  R"({"statusCode":429,"error":"Too Many Requests","message":"Rate limit exceeded"})",
                                  {{"Retry-After", "10"}}));
    }
    Error e = create_error(f);
    CHECK(e.kind() == ErrorKind::TempFail);
    CHECK_FALSE(e.outcome_unknown());
    CHECK(std::string(e.what()).find("Truto's rate limit") != std::string::npos);
    CHECK(f.transport.size() == 4);
  }
  SUBCASE("405 (sandbox account) and other 4xx: Protocol") {
    f.transport.enqueue(
        respond(405, R"({"statusCode":405,"error":"Method Not Allowed","message":"Sandbox accounts are read-only"})"));
    Error e = create_error(f);
    CHECK(e.kind() == ErrorKind::Protocol);
    CHECK(e.hint().find("read-only") != std::string::npos);
  }
}

TEST_CASE("429 is retried after Retry-After, then succeeds") {
  Fixture f;
  f.transport.enqueue(
      respond(429, R"({"statusCode":429,"error":"Too Many Requests","message":"slow down"})", {{"Retry-After", "10"}}));
  f.transport.enqueue(respond(201, kCandidate));
  CreateOutcome out = f.route.create(TypedRecord(kRecord));
  CHECK(out.id == "cand-1");
  CHECK(f.transport.size() == 2);
  REQUIRE(f.clock.sleeps().size() == 1);
  CHECK(f.clock.sleeps()[0] == doctest::Approx(10.0));
  CHECK(header(f.transport.requests()[0], "Idempotency-Key") == header(f.transport.requests()[1], "Idempotency-Key"));
}

TEST_CASE("unexpected 2xx answers are Protocol errors") {
  Fixture f;
  SUBCASE("not JSON") { f.transport.enqueue(respond(201, "created")); }
  SUBCASE("not an object") { f.transport.enqueue(respond(201, "[1,2]")); }
  SUBCASE("no id") { f.transport.enqueue(respond(201, R"({"first_name":"Ada"})")); }
  Error e = create_error(f);
  CHECK(e.kind() == ErrorKind::Protocol);
  CHECK(f.transport.size() == 1);
}

TEST_CASE("transport failures") {
  Fixture f;
  SUBCASE("no answer to any attempt: outcome unknown, same key each time") {
    for (int i = 0; i < 4; ++i) f.transport.enqueue(ambiguous());
    Error e = create_error(f);
    CHECK(e.kind() == ErrorKind::TempFail);
    CHECK(e.outcome_unknown());
    CHECK(e.hint().find("Idempotency-Key") != std::string::npos);
    REQUIRE(f.transport.size() == 4);
    for (const auto& r : f.transport.requests()) {
      CHECK(header(r, "Idempotency-Key") == header(f.transport.requests()[0], "Idempotency-Key"));
    }
  }
  SUBCASE("never reached: Unavailable") {
    for (int i = 0; i < 4; ++i) f.transport.enqueue(not_sent());
    Error e = create_error(f);
    CHECK(e.kind() == ErrorKind::Unavailable);
    CHECK_FALSE(e.outcome_unknown());
    CHECK(f.transport.size() == 4);
  }
}

TEST_CASE("plan: the request --dry-run prints, token redacted, nothing sent") {
  Fixture f;
  rapidjson::Document record = tc::test::parse_json(kRecord);
  rapidjson::Document plan = f.route.plan(TypedRecord(record));
  REQUIRE(plan.HasMember("requests"));
  REQUIRE(plan["requests"].Size() == 1);
  const rapidjson::Value& r = plan["requests"][0];
  CHECK(get_string(r, "method") == "POST");
  CHECK(get_string(r, "url") ==
        "https://truto.test/unified/ats/candidates?integrated_account_id=acc-1&job_id=job-1&application_source=lead");
  CHECK(get_string(r["headers"], "Authorization") == "Bearer [redacted]");
  CHECK(get_string(r["headers"], "Idempotency-Key") == truto_idempotency_key(record, default_settings().target));
  CHECK(to_json(r["body"]) == to_json(record));
  CHECK(to_json(plan).find("secret-token") == std::string::npos);
  CHECK(f.transport.size() == 0);

  // A local file is refused by the dry run too (exit 65), and a missing account id is a usage error.
  try {
    f.route.plan(TypedRecord(R"({"first_name":"Ada","attachments":[{"id":"cv","file_url":"file:///tmp/cv.pdf"}]})"));
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::InvalidInput);
  }
  TrutoSettings s = default_settings();
  s.target.integrated_account_id.clear();
  Fixture g(s);
  try {
    g.route.plan(TypedRecord(record));
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(e.kind() == ErrorKind::Usage);
    CHECK(e.hint().find("--integrated-account-id") != std::string::npos);
  }
}

TEST_CASE("resolve_in_flight: nothing to look up, re-sending is safe") {
  Fixture f;
  bool can_resend = false;
  auto found = f.route.resolve_in_flight(TypedRecord(kRecord), 123, can_resend);
  CHECK_FALSE(found.has_value());
  CHECK(can_resend);
  CHECK(f.transport.size() == 0);
}

TEST_CASE("the executor's existing Create semantics are unchanged by RetryRules") {
  // A create (RequestKind::Create) after a 502 still comes back unknown without a re-send.
  FakeTransport transport;
  FakeClock clock;
  RateLimiter limiter(0, clock);
  RetryPolicy policy;
  RequestExecutor executor(transport, limiter, clock, policy, nullptr, nullptr);
  transport.enqueue(respond(502, ""));
  HttpRequest request;
  request.method = "POST";
  request.url = "https://x.test/y";
  SendResult r = executor.send(request, RequestKind::Create);
  CHECK(r.unknown);
  CHECK(transport.size() == 1);
  // With rules and no retry predicate, a 502 is returned as it is, also without a re-send.
  transport.enqueue(respond(502, ""));
  SendResult ruled = executor.send(request, RetryRules{});
  CHECK_FALSE(ruled.unknown);
  CHECK(ruled.response.status == 502);
  CHECK(transport.size() == 2);
  // Without repeat_ambiguous a timeout is unknown at once.
  transport.enqueue(ambiguous());
  SendResult timed_out = executor.send(request, RetryRules{});
  CHECK(timed_out.unknown);
  CHECK(transport.size() == 3);
}
