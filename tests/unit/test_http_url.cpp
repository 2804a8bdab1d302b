// HTTP helpers (core/http/http.hpp: Retry-After, url_encode) and URL rules (core/http/url.hpp: https everywhere,
// plain http only on loopback).
#include <doctest/doctest.h>

#include <ctime>
#include <string>

#include "core/http/http.hpp"
#include "core/http/url.hpp"
#include "core/util/error.hpp"

using namespace tc;

namespace {

HttpResponse with_retry_after(const std::string& value) {
  HttpResponse r;
  r.status = 429;
  r.headers.push_back({"Retry-After", value});
  return r;
}

std::string http_date(std::time_t t) {
  char buf[64];
  std::tm tm{};
  gmtime_r(&t, &tm);
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
  return buf;
}

ErrorKind secure_url_error(const std::string& url) {
  try {
    require_secure_url(url, "--lever-url");
  } catch (const Error& e) {
    return e.kind();
  }
  return ErrorKind::Internal;  // accepted
}

}  // namespace

TEST_CASE("Retry-After in seconds") {
  CHECK(with_retry_after("0").retry_after_seconds() == 0.0);
  CHECK(with_retry_after("7").retry_after_seconds() == 7.0);
  CHECK(with_retry_after("3600").retry_after_seconds() == 3600.0);
  CHECK_FALSE(with_retry_after("3601").retry_after_seconds().has_value());  // absurd waits refused
  CHECK_FALSE(with_retry_after("-1").retry_after_seconds().has_value());
  CHECK_FALSE(with_retry_after("soon").retry_after_seconds().has_value());
  CHECK_FALSE(with_retry_after("nan").retry_after_seconds().has_value());
  CHECK_FALSE(with_retry_after("0x10").retry_after_seconds().has_value());
  CHECK_FALSE(HttpResponse{}.retry_after_seconds().has_value());
  HttpResponse lower;
  lower.headers.push_back({"retry-after", "3"});
  CHECK(lower.retry_after_seconds() == 3.0);
  CHECK(lower.header("RETRY-AFTER") == "3");
}

TEST_CASE("Retry-After as an HTTP date") {
  const std::time_t now = std::time(nullptr);
  auto in_a_minute = with_retry_after(http_date(now + 60)).retry_after_seconds();
  REQUIRE(in_a_minute.has_value());
  CHECK(*in_a_minute >= 58.0);
  CHECK(*in_a_minute <= 60.0);
  CHECK(with_retry_after(http_date(now - 600)).retry_after_seconds() == 0.0);  // past → no wait
  CHECK_FALSE(with_retry_after(http_date(now + 7200)).retry_after_seconds().has_value());
  CHECK_FALSE(with_retry_after("Wed, 21 Oct 2015 07:28:00").retry_after_seconds().has_value());  // no GMT
}

TEST_CASE("url_encode keeps only RFC 3986 unreserved characters") {
  CHECK(url_encode("abcXYZ019-_.~") == "abcXYZ019-_.~");
  CHECK(url_encode("ada+lovelace@example.com") == "ada%2Blovelace%40example.com");
  CHECK(url_encode("a b&c=d/e?f#g") == "a%20b%26c%3Dd%2Fe%3Ff%23g");
  CHECK(url_encode("é") == "%C3%A9");
  CHECK(url_encode("") == "");
}

TEST_CASE("parse_url") {
  UrlParts p;
  REQUIRE(parse_url("HTTPS://User:pw@API.Lever.co:443/v1/x?y=1", p));
  CHECK(p.scheme == "https");
  CHECK(p.host == "api.lever.co");
  CHECK(p.rest == "/v1/x?y=1");
  REQUIRE(parse_url("http://[::1]:8080", p));
  CHECK(p.host == "::1");
  CHECK(p.rest == "");
  REQUIRE(parse_url("http://127.0.0.1@evil.com/", p));
  CHECK(p.host == "evil.com");  // userinfo is not the host
  REQUIRE(parse_url("http://evil.com#@127.0.0.1/", p));
  CHECK(p.host == "evil.com");
  CHECK_FALSE(parse_url("api.lever.co/v1", p));
  CHECK_FALSE(parse_url("://x", p));
  CHECK_FALSE(parse_url("http://", p));
  CHECK_FALSE(parse_url("http://[::1", p));
}

TEST_CASE("is_loopback_host") {
  for (const char* yes : {"127.0.0.1", "127.1.2.3", "127.255.255.255", "::1", "localhost"}) {
    CAPTURE(yes);
    CHECK(is_loopback_host(yes));
  }
  for (const char* no : {"128.0.0.1", "example.com", "127.0.0.1.evil.com", "127.evil.com", "127.0.0", "10.0.0.1",
                         "0.0.0.0", "localhost.evil.com", ""}) {
    CAPTURE(no);
    CHECK_FALSE(is_loopback_host(no));
  }
}

TEST_CASE("require_secure_url: https anywhere, http only on loopback") {
  CHECK(secure_url_error("https://api.lever.co/v1") == ErrorKind::Internal);
  CHECK(secure_url_error("http://127.0.0.1:8080/v1") == ErrorKind::Internal);
  CHECK(secure_url_error("http://localhost/v1") == ErrorKind::Internal);
  CHECK(secure_url_error("http://[::1]:9/v1") == ErrorKind::Internal);
  CHECK(secure_url_error("http://api.lever.co/v1") == ErrorKind::Usage);
  CHECK(secure_url_error("http://127.0.0.1.evil.com/v1") == ErrorKind::Usage);
  CHECK(secure_url_error("http://127.0.0.1@evil.com/v1") == ErrorKind::Usage);
  CHECK(secure_url_error("ftp://127.0.0.1/") == ErrorKind::Usage);
  CHECK(secure_url_error("api.lever.co") == ErrorKind::Usage);
  try {
    require_secure_url("http://api.lever.co/v1", "--lever-url");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "--lever-url: plain http is refused for api.lever.co");
  }
  CHECK(trim_trailing_slash("https://x/v1//") == "https://x/v1");
}
