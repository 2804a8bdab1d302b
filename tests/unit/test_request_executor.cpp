// RequestExecutor (core/http/request_executor.hpp): retries for reads vs creates (docs/lever-contract.md §5), backoff
// with full jitter and Retry-After, the wait budget, cancellation, credentials carried as data, and
// secret-free traces and --dry-run descriptions.
#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <string>
#include <vector>

#include "core/http/rate_limiter.hpp"
#include "core/http/request_description.hpp"
#include "core/http/request_executor.hpp"
#include "core/lever/api.hpp"
#include "core/util/error.hpp"
#include "core/util/json_util.hpp"
#include "fakes.hpp"

using namespace tc;
using tc::test::ambiguous;
using tc::test::FakeClock;
using tc::test::FakeTransport;
using tc::test::not_sent;
using tc::test::respond;

namespace {

struct Rig {
  FakeTransport transport;
  FakeClock clock;
  RateLimiter limiter{0, clock};  // unlimited: every recorded sleep is a backoff
  std::atomic<bool> cancel{false};
  std::vector<std::string> trace;   // every line
  std::vector<std::string> blocks;  // what each call of the sink received
  RetryPolicy policy;
  TraceSink sink() {
    return [this](std::string_view block) {
      blocks.emplace_back(block);
      for (size_t start = 0;;) {
        const size_t end = block.find('\n', start);
        trace.emplace_back(block.substr(start, end == std::string_view::npos ? end : end - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
      }
    };
  }
  RequestExecutor make() { return RequestExecutor(transport, limiter, clock, policy, &cancel, sink()); }
};

HttpRequest get_request() {
  HttpRequest r;
  r.method = "GET";
  r.url = "https://api.lever.co/v1/opportunities?email=a%40b.c";
  return r;
}

HttpRequest post_request() {
  HttpRequest r;
  r.method = "POST";
  r.url = "https://api.lever.co/v1/opportunities?perform_as=u1";
  r.body = R"({"name":"Ada"})";
  r.fresh_connection = true;
  return r;
}

ErrorKind kind_of_send(RequestExecutor& ex, const HttpRequest& r, RequestKind k) {
  try {
    ex.send(r, k);
  } catch (const Error& e) {
    return e.kind();
  }
  return ErrorKind::Internal;  // "did not throw"
}

}  // namespace

TEST_CASE("a read is retried on every transient failure, then succeeds") {
  for (const auto& first :
       {not_sent(), ambiguous(), respond(429), respond(500), respond(502), respond(503), respond(504)}) {
    Rig rig;
    rig.transport.enqueue(first);
    rig.transport.enqueue(respond(200, R"({"data":[]})"));
    auto ex = rig.make();
    SendResult r = ex.send(get_request(), RequestKind::Read);
    CHECK(r.response.status == 200);
    CHECK_FALSE(r.unknown);
    CHECK(r.attempts == 2);
    CHECK(rig.transport.size() == 2);
    CHECK(rig.clock.sleeps().size() == 1);
    CHECK(ex.requests_sent() == 2);
  }
}

TEST_CASE("a read gives up after `retries` extra attempts: 429 → TempFail, 5xx/network → Unavailable") {
  struct Case {
    TransportResult answer;
    ErrorKind expected;
  };
  for (const auto& c : {Case{respond(429), ErrorKind::TempFail}, Case{respond(500), ErrorKind::Unavailable},
                        Case{respond(502), ErrorKind::Unavailable}, Case{respond(503), ErrorKind::Unavailable},
                        Case{respond(504), ErrorKind::Unavailable}, Case{not_sent(), ErrorKind::Unavailable},
                        Case{ambiguous(), ErrorKind::Unavailable}}) {
    Rig rig;
    rig.policy.retries = 3;
    rig.transport.on("GET", "/v1/opportunities", {c.answer}).repeating();
    auto ex = rig.make();
    CHECK(kind_of_send(ex, get_request(), RequestKind::Read) == c.expected);
    CHECK(rig.transport.size() == 4);
    CHECK(rig.clock.sleeps().size() == 3);
  }
}

TEST_CASE("a read's non-retryable status comes back as is, after one attempt") {
  for (int status : {200, 201, 400, 401, 403, 404, 422, 501}) {
    Rig rig;
    rig.transport.on("GET", "/v1/opportunities", {respond(status, "{}")});
    auto ex = rig.make();
    SendResult r = ex.send(get_request(), RequestKind::Read);
    CHECK(r.response.status == status);
    CHECK(r.attempts == 1);
    CHECK(rig.clock.sleeps().empty());
  }
}

TEST_CASE("a create is retried only when it certainly was not processed: NotSent, 429, 503") {
  for (const auto& first : {not_sent(), respond(429), respond(503)}) {
    Rig rig;
    rig.transport.enqueue(first);
    rig.transport.enqueue(respond(201, R"({"data":{"id":"o1"}})"));
    auto ex = rig.make();
    SendResult r = ex.send(post_request(), RequestKind::Create);
    CHECK_FALSE(r.unknown);
    CHECK(r.response.status == 201);
    CHECK(r.attempts == 2);
    CHECK(rig.transport.count("POST", "/v1/opportunities") == 2);
  }
  Rig rig;
  rig.policy.retries = 2;
  rig.transport.on("POST", "/v1/opportunities", {respond(429)}).repeating();
  auto ex = rig.make();
  CHECK(kind_of_send(ex, post_request(), RequestKind::Create) == ErrorKind::TempFail);
  CHECK(rig.transport.size() == 3);
}

TEST_CASE("a create answered 500/502/504 or left ambiguous is unknown and never re-sent") {
  for (int status : {500, 502, 504}) {
    Rig rig;
    rig.transport.on("POST", "/v1/opportunities", {respond(status, "oops")});  // a re-send would be unscripted
    auto ex = rig.make();
    SendResult r = ex.send(post_request(), RequestKind::Create);
    CHECK(r.unknown);
    CHECK(r.detail == "HTTP " + std::to_string(status));
    CHECK(r.attempts == 1);
    CHECK(rig.transport.size() == 1);
    CHECK(rig.clock.sleeps().empty());
  }
  Rig rig;
  rig.transport.on("POST", "/v1/opportunities", {ambiguous(true)});
  auto ex = rig.make();
  SendResult r = ex.send(post_request(), RequestKind::Create);
  CHECK(r.unknown);
  CHECK(r.detail == "no answer before the timeout");
  CHECK(rig.transport.size() == 1);

  Rig reset;
  reset.transport.on("POST", "/v1/opportunities", {ambiguous(false)});
  auto ex2 = reset.make();
  CHECK(ex2.send(post_request(), RequestKind::Create).detail == "connection reset");
}

TEST_CASE("Retry-After is honoured exactly") {
  Rig rig;
  rig.transport.enqueue(respond(429, "", {{"Retry-After", "7"}}));
  rig.transport.enqueue(respond(503, "", {{"retry-after", "2"}}));
  rig.transport.enqueue(respond(200, R"({"data":1})"));
  auto ex = rig.make();
  const double before = rig.clock.now_seconds();
  CHECK(ex.send(get_request(), RequestKind::Read).response.status == 200);
  CHECK(rig.clock.sleeps() == std::vector<double>{7.0, 2.0});
  CHECK(rig.clock.now_seconds() - before == doctest::Approx(9.0));
}

TEST_CASE("full-jitter waits stay within base*2^n and max_delay, and vary") {
  double largest_first = 0;
  bool saw_cap_region = false;
  for (int run = 0; run < 40; ++run) {
    Rig rig;
    rig.policy.retries = 6;
    rig.policy.base_delay = 1.0;
    rig.policy.max_delay = 5.0;
    rig.policy.max_total_wait = 1000;
    rig.transport.on("GET", "/v1/opportunities", {respond(503)}).repeating();
    auto ex = rig.make();
    CHECK(kind_of_send(ex, get_request(), RequestKind::Read) == ErrorKind::Unavailable);
    const auto sleeps = rig.clock.sleeps();
    REQUIRE(sleeps.size() == 6);
    for (size_t n = 0; n < sleeps.size(); ++n) {
      CHECK(sleeps[n] >= 0.0);
      CHECK(sleeps[n] <= std::min(5.0, 1.0 * (1 << n)));
    }
    largest_first = std::max(largest_first, sleeps[0]);
    saw_cap_region = saw_cap_region || sleeps[5] > 2.0;  // only possible when the cap (5) applies, not 2^5
  }
  CHECK(largest_first > 0.3);  // random, not always zero
  CHECK(saw_cap_region);
}

TEST_CASE("the total wait budget stops retrying early") {
  Rig rig;
  rig.policy.retries = 10;
  rig.policy.max_total_wait = 120;
  rig.transport.on("GET", "/v1/opportunities", {respond(429, "", {{"Retry-After", "50"}})}).repeating();
  auto ex = rig.make();
  CHECK(kind_of_send(ex, get_request(), RequestKind::Read) == ErrorKind::TempFail);
  CHECK(rig.clock.sleeps() == std::vector<double>{50.0, 50.0});  // a third 50 s would pass 120
  CHECK(rig.transport.size() == 3);

  // The budget is per request: the next send starts afresh.
  Rig again;
  again.policy.max_total_wait = 10;
  again.transport.enqueue(respond(503, "", {{"Retry-After", "8"}}));
  again.transport.enqueue(respond(200, "{}"));
  again.transport.enqueue(respond(503, "", {{"Retry-After", "8"}}));
  again.transport.enqueue(respond(200, "{}"));
  auto ex2 = again.make();
  CHECK(ex2.send(get_request(), RequestKind::Read).response.status == 200);
  CHECK(ex2.send(get_request(), RequestKind::Read).response.status == 200);
}

TEST_CASE("the default waits are the documented ones: 0.5 s × 2^n, at most 30 s each, at most 120 s in all") {
  // docs/lever-contract.md ("Backoff") and README.md's table of guarantees state these figures.
  const RetryPolicy defaults;
  CHECK(defaults.retries == 4);
  CHECK(defaults.base_delay == 0.5);
  CHECK(defaults.max_delay == 30.0);
  CHECK(defaults.max_total_wait == 120.0);

  // With the default caps, a read that never succeeds waits at most 30 s at a time and 120 s in all,
  // however many retries it is allowed; and the caps are reached (the waits are not just small).
  double longest = 0, longest_total = 0;
  for (int run = 0; run < 40; ++run) {
    Rig rig;
    rig.policy.retries = 50;
    rig.transport.on("GET", "/v1/opportunities", {respond(503)}).repeating();
    auto ex = rig.make();
    CHECK(kind_of_send(ex, get_request(), RequestKind::Read) == ErrorKind::Unavailable);
    const auto sleeps = rig.clock.sleeps();
    REQUIRE(sleeps.size() >= 6);  // 0.5+1+2+4+8+16 can never pass 120 s: the first six waits always happen
    CHECK(sleeps.size() < 51);    // the total bound stopped it, not the number of retries
    double total = 0;
    for (double s : sleeps) {
      CHECK(s <= 30.0);
      longest = std::max(longest, s);
      total += s;
    }
    CHECK(total <= 120.0);
    CHECK(rig.clock.total_slept() == doctest::Approx(total));
    longest_total = std::max(longest_total, total);
  }
  CHECK(longest > 15.0);        // waits from the capped region occur
  CHECK(longest_total > 90.0);  // and add up to near the bound

  // A Retry-After longer than the whole budget is not waited for: the read gives up at once.
  Rig patient;
  patient.transport.on("GET", "/v1/opportunities", {respond(429, "", {{"Retry-After", "121"}})});
  auto ex = patient.make();
  CHECK(kind_of_send(ex, get_request(), RequestKind::Read) == ErrorKind::TempFail);
  CHECK(patient.clock.sleeps().empty());
  CHECK(patient.transport.size() == 1);
}

TEST_CASE("cancellation → Interrupted, before sending or while waiting") {
  Rig rig;
  rig.cancel = true;
  auto ex = rig.make();
  CHECK(kind_of_send(ex, get_request(), RequestKind::Read) == ErrorKind::Interrupted);
  CHECK(rig.transport.size() == 0);

  Rig waiting;
  waiting.transport.on("GET", "/v1/opportunities", [&](const HttpRequest&) {
    waiting.cancel = true;  // Ctrl-C arrives during the request
    return respond(503);
  });
  auto ex2 = waiting.make();
  CHECK(kind_of_send(ex2, get_request(), RequestKind::Read) == ErrorKind::Interrupted);
  CHECK(waiting.transport.size() == 1);
}

TEST_CASE("permanent transport errors are not retried") {
  for (auto kind : {RequestKind::Read, RequestKind::Create}) {
    Rig rig;
    rig.transport.on("GET", "/v1", {not_sent("certificate verify failed", true)}).optional();
    rig.transport.on("POST", "/v1", {not_sent("certificate verify failed", true)}).optional();
    auto ex = rig.make();
    try {
      ex.send(kind == RequestKind::Read ? get_request() : post_request(), kind);
      FAIL("no error");
    } catch (const Error& e) {
      CHECK(e.kind() == ErrorKind::Unavailable);
      CHECK(std::string(e.what()).find("certificate verify failed") != std::string::npos);
      CHECK(std::string(e.what()).find("perform_as") == std::string::npos);  // the query is left out
    }
    CHECK(rig.transport.size() == 1);
    CHECK(rig.clock.sleeps().empty());
  }
}

TEST_CASE("Lever requests carry the credentials as data; no header of ours holds the secret") {
  const std::string secret = "sk_live_VERYSECRET123";
  const std::string encoded = "c2tfbGl2ZV9WRVJZU0VDUkVUMTIzOg==";  // base64("sk_live_VERYSECRET123:")
  Rig rig;
  auto ex = rig.make();
  SUBCASE("an API key is Basic auth: the key as user name, an empty password") {
    LeverApi api(LeverEndpoint{"https://api.lever.co/v1", {LeverCredentials::Kind::ApiKey, secret}}, ex);
    const HttpRequest r = api.request("POST", "/opportunities", {{"perform_as", "u1"}});
    CHECK(r.auth.kind == HttpAuth::Kind::Basic);
    CHECK(r.auth.user == secret);
    CHECK(r.auth.secret.empty());
    REQUIRE_FALSE(r.headers.empty());
    for (const auto& h : r.headers) {
      CHECK(h.name != "Authorization");
      CHECK(h.value.find(secret) == std::string::npos);
      CHECK(h.value.find(encoded) == std::string::npos);
    }
  }
  SUBCASE("an access token is Bearer auth") {
    LeverApi api(LeverEndpoint{"https://api.lever.co/v1", {LeverCredentials::Kind::AccessToken, secret}}, ex);
    const HttpRequest r = api.request("GET", "/users", {});
    CHECK(r.auth.kind == HttpAuth::Kind::Bearer);
    CHECK(r.auth.user.empty());
    CHECK(r.auth.secret == secret);
    for (const auto& h : r.headers) {
      CHECK(h.name != "Authorization");
      CHECK(h.value.find(secret) == std::string::npos);
    }
  }
}

TEST_CASE("trace lines show method, URL, status and a redacted Authorization, and never the secret") {
  const std::string secret = "sk_live_VERYSECRET123";
  const std::string encoded = "c2tfbGl2ZV9WRVJZU0VDUkVUMTIzOg==";  // base64("sk_live_VERYSECRET123:")
  for (const auto kind : {LeverCredentials::Kind::ApiKey, LeverCredentials::Kind::AccessToken}) {
    const std::string expected_auth = kind == LeverCredentials::Kind::ApiKey ? "> Authorization: Basic [redacted]"
                                                                             : "> Authorization: Bearer [redacted]";
    Rig rig;
    rig.transport.on(
        "POST", "/v1/opportunities",
        {respond(201, R"({"data":{"id":"o1"}})", {{"Set-Cookie", "x"}, {"Content-Type", "application/json"}})});
    auto ex = rig.make();
    HttpRequest r = post_request();
    r.auth = LeverCredentials{kind, secret}.http_auth();
    r.headers.push_back({"Accept", "application/json"});
    ex.send(r, RequestKind::Create);

    bool saw_request = false, saw_status = false, saw_accept = false;
    int auth_lines = 0;
    for (const auto& line : rig.trace) {
      CHECK(line.find(secret) == std::string::npos);
      CHECK(line.find(encoded) == std::string::npos);
      saw_request = saw_request || line == "> POST https://api.lever.co/v1/opportunities?perform_as=u1";
      saw_status = saw_status || line.rfind("< HTTP 201", 0) == 0;
      if (line.find("Authorization") != std::string::npos) {
        ++auth_lines;
        CHECK(line == expected_auth);
      }
      saw_accept = saw_accept || line == "> Accept: application/json";
    }
    CHECK(saw_request);
    CHECK(saw_status);
    CHECK(auth_lines == 1);
    CHECK(saw_accept);
  }

  SUBCASE("a request without credentials (an attachment download) traces no Authorization line") {
    Rig rig;
    rig.transport.on("GET", "/v1/opportunities", {respond(200, R"({"data":[]})")});
    auto ex = rig.make();
    ex.send(get_request(), RequestKind::Read);
    REQUIRE_FALSE(rig.trace.empty());
    for (const auto& line : rig.trace) CHECK(line.find("Authorization") == std::string::npos);
  }

  CHECK(redacted_authorization(HttpAuth{}).empty());
  CHECK(redact_header_value("authorization", "Bearer tok") == "Bearer [redacted]");
  CHECK(redact_header_value("Proxy-Authorization", "tok") == "[redacted]");
  CHECK(redact_header_value("Cookie", "a=b") == "[redacted]");
  CHECK(redact_header_value("Accept", "x") == "x");
}

TEST_CASE("-v: each exchange reaches the trace sink as one block, request and answer together") {
  Rig rig;
  rig.transport.on("GET", "/v1/opportunities", {respond(503), respond(200, R"({"data":[]})")});
  auto ex = rig.make();
  ex.send(get_request(), RequestKind::Read);
  // Two exchanges and the wait between them: three calls, each exchange whole in one of them.
  REQUIRE(rig.blocks.size() == 3);
  CHECK(rig.blocks[0].rfind("> GET https://api.lever.co/v1/opportunities?email=a%40b.c\n", 0) == 0);
  CHECK(rig.blocks[0].find("\n< HTTP 503") != std::string::npos);
  CHECK(rig.blocks[1].rfind("* waiting ", 0) == 0);
  CHECK(rig.blocks[2].find("\n< HTTP 200") != std::string::npos);
  CHECK(rig.blocks[2].back() != '\n');  // the sink ends the block's last line
}

TEST_CASE("--dry-run descriptions show a redacted Authorization for requests that carry auth") {
  const std::string secret = "sk_live_VERYSECRET123";
  rapidjson::Document doc(rapidjson::kObjectType);
  HttpRequest r = post_request();
  r.headers.push_back({"Accept", "application/json"});

  r.auth = {HttpAuth::Kind::Basic, secret, {}};
  rapidjson::Value basic = describe_request(r, doc.GetAllocator());
  REQUIRE(basic["headers"].HasMember("Authorization"));
  CHECK(std::string(basic["headers"]["Authorization"].GetString()) == "Basic [redacted]");
  CHECK(std::string(basic["headers"]["Accept"].GetString()) == "application/json");
  CHECK(to_json(basic).find(secret) == std::string::npos);

  r.auth = {HttpAuth::Kind::Bearer, {}, secret};
  rapidjson::Value bearer = describe_request(r, doc.GetAllocator());
  CHECK(std::string(bearer["headers"]["Authorization"].GetString()) == "Bearer [redacted]");
  CHECK(to_json(bearer).find(secret) == std::string::npos);

  r.auth = {};
  rapidjson::Value none = describe_request(r, doc.GetAllocator());
  CHECK_FALSE(none["headers"].HasMember("Authorization"));
}

TEST_CASE("multipart traces show part names and file sizes, not file bytes") {
  Rig rig;
  rig.transport.on("POST", "/v1/opportunities", {respond(201, "{}")});
  auto ex = rig.make();
  HttpRequest r = post_request();
  r.body.clear();
  r.form.push_back(FormPart{"name", "Ada", false, {}, {}});
  r.form.push_back(FormPart{"resumeFile", "%PDF-BYTES", true, "cv.pdf", "application/pdf"});
  ex.send(r, RequestKind::Create);
  bool saw_file = false;
  for (const auto& line : rig.trace) {
    CHECK(line.find("%PDF-BYTES") == std::string::npos);
    saw_file = saw_file || line == "> [part resumeFile: file cv.pdf (application/pdf, 10 bytes)]";
  }
  CHECK(saw_file);
}

TEST_CASE("a 429 cuts the run's shared pace (traced); its retry's success leaves the pace to climb back") {
  Rig rig;
  RateLimiter limiter(10, rig.clock);
  RequestExecutor ex(rig.transport, limiter, rig.clock, rig.policy, &rig.cancel, rig.sink());
  rig.transport.enqueue(respond(429));
  rig.transport.enqueue(respond(200, R"({"data":[]})"));
  CHECK(ex.send(get_request(), RequestKind::Read).response.status == 200);
  CHECK(limiter.cuts() == 1);
  CHECK(limiter.ceiling() == 10);
  // A 429 at once: the share is taken as half the key, the cut goes to 3/4 of it, climbing to 4.5.
  CHECK(limiter.current_rate() < 4.5);
  CHECK(limiter.current_rate() >= 3.75);
  CHECK(std::count(rig.trace.begin(), rig.trace.end(), "* rate limited: pacing cut to 3.8 requests/s (of 10)") == 1);
}

TEST_CASE("one worker's 429 slows every worker: the executors share the run's limiter") {
  FakeClock clock;
  FakeTransport first, second;
  RateLimiter limiter(10, clock);
  RetryPolicy policy;
  policy.retries = 0;
  RequestExecutor a(first, limiter, clock, policy, nullptr, nullptr);
  RequestExecutor b(second, limiter, clock, policy, nullptr, nullptr);
  first.enqueue(respond(429));
  second.enqueue(respond(200, R"({"data":[]})"));
  CHECK(kind_of_send(a, get_request(), RequestKind::Read) == ErrorKind::TempFail);
  CHECK(limiter.cuts() == 1);
  CHECK(clock.sleeps().empty());
  // b's next request waits for the server's bucket to refill (11 tokens at 10/s), not a burst.
  CHECK(b.send(get_request(), RequestKind::Read).response.status == 200);
  REQUIRE(clock.sleeps().size() == 1);
  CHECK(clock.sleeps()[0] == doctest::Approx(1.1));
}
