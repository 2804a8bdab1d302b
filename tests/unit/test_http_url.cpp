// HTTP helpers (core/http/http.hpp: Retry-After, url_encode) and URL rules (core/http/url.hpp: https everywhere,
// plain http only on loopback), including parser-confusion inputs checked against where libcurl connects.
#include <arpa/inet.h>
#include <curl/curl.h>
#include <doctest/doctest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <ctime>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "core/http/curl_transport.hpp"
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

TEST_CASE("parse_url: the parts as libcurl reads them") {
  const auto url = parse_url("HTTPS://User:pw@API.Lever.co:443/v1/x?y=1#top");
  REQUIRE(url.has_value());
  CHECK(url->scheme == "https");
  CHECK(url->host == "API.Lever.co");  // libcurl keeps a name's case; is_loopback_host ignores it
  CHECK(url->port == "443");
  CHECK(url->path == "/v1/x");
  CHECK(url->query == std::optional<std::string>("y=1"));
  CHECK(url->fragment == std::optional<std::string>("top"));
  CHECK(url->has_user_info);
  const auto v6 = parse_url("http://[::1]:8080");
  REQUIRE(v6.has_value());
  CHECK(v6->host == "[::1]");
  CHECK(v6->port == "8080");
  CHECK(v6->path == "/");
  CHECK(v6->text == "http://[::1]:8080/");
  CHECK_FALSE(v6->query.has_value());
  CHECK_FALSE(v6->has_user_info);
  const auto encoded = parse_url("https://x.example/a%20b/c%2Fd?q");
  REQUIRE(encoded.has_value());
  CHECK(encoded->path == "/a%20b/c%2Fd");
  CHECK(encoded->decoded_path == std::optional<std::string>("/a b/c/d"));
  const auto control = parse_url("https://x.example/a%00b");
  REQUIRE(control.has_value());
  CHECK_FALSE(control->decoded_path.has_value());
  for (const char* bad : {"api.lever.co/v1", "://x", "http://", "http://[::1", "http://127.0.0.1:99999/", "http://a b/",
                          " http://x/", "1http://x/", "mailto:a@b.example"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_url(bad).has_value());
  }
  CHECK_FALSE(parse_url(std::string("https://x.example/a\0b", 21)).has_value());  // c_str() would cut it short
}

TEST_CASE("resolve_url: a redirect's Location, absolute or relative") {
  const auto base = parse_url("http://127.0.0.1:8081/dir/a?x=1");
  REQUIRE(base.has_value());
  CHECK(resolve_url(*base, "/b")->text == "http://127.0.0.1:8081/b");
  CHECK(resolve_url(*base, "c.pdf")->text == "http://127.0.0.1:8081/dir/c.pdf");
  CHECK(resolve_url(*base, "../c")->text == "http://127.0.0.1:8081/c");
  CHECK(resolve_url(*base, "?y=2")->text == "http://127.0.0.1:8081/dir/a?y=2");
  CHECK(resolve_url(*base, "//evil.example/x")->host == "evil.example");
  CHECK(resolve_url(*base, "https://cdn.example/f")->text == "https://cdn.example/f");
  CHECK_FALSE(resolve_url(*base, "http:/evil.example/").has_value());
}

TEST_CASE("is_loopback_host takes hosts as libcurl normalises them") {
  for (const char* yes :
       {"127.0.0.1", "127.1.2.3", "127.255.255.255", "[::1]", "[0:0:0:0:0:0:0:1]", "localhost", "LocalHost"}) {
    CAPTURE(yes);
    CHECK(is_loopback_host(yes));
  }
  for (const char* no : {"128.0.0.1", "example.com", "127.0.0.1.evil.com", "127.evil.com", "127.0.0", "127.1",
                         "0x7f000001", "10.0.0.1", "0.0.0.0", "::1", "[::]", "[::ffff:127.0.0.1]", "localhost.",
                         "localhost.evil.com", "evil.localhost", "127.0.0.1.", ""}) {
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
  CHECK(secure_url_error("https://user:secret@api.lever.co/v1") == ErrorKind::Usage);
  CHECK(secure_url_error("ftp://127.0.0.1/") == ErrorKind::Usage);
  CHECK(secure_url_error("api.lever.co") == ErrorKind::Usage);
  try {
    require_secure_url("http://api.lever.co/v1", "--lever-url");
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "--lever-url: plain http is refused for api.lever.co");
  }
  try {
    require_secure_url("https://user:secret@api.lever.co/v1", "--lever-url");
    FAIL("accepted");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "--lever-url: a URL with user information (user@api.lever.co) is refused");
  }
  CHECK(trim_trailing_slash("https://x/v1//") == "https://x/v1");
}

namespace {

// What the rule decides for one input, and the host it decided on ("" when the text is not a URL at all).
struct Confusion {
  const char* url;
  bool allowed;
  const char* host;
};

// Each decided deliberately: allowed only when libcurl would connect to loopback over plain http and nothing about
// the text is ambiguous; user information is always refused.
const Confusion kConfusions[] = {
    {"http://127.0.0.1@evil.com/", false, "evil.com"},   // userinfo: the host is after the '@'
    {"http://evil.com@127.0.0.1/", false, "127.0.0.1"},  // loopback, but userinfo is refused
    {"http://evil.com\\@127.0.0.1/", false, "127.0.0.1"},
    {"http://127.0.0.1\\@evil.com/", false, "evil.com"},
    {"http://evil.com%2f@127.0.0.1/", false, "127.0.0.1"},
    {"http://@127.0.0.1/", false, "127.0.0.1"},          // an empty user is still user information
    {"http://127.0.0.1#@evil.com/", true, "127.0.0.1"},  // "@evil.com/" is a fragment, never sent
    {"http://127.1/", true, "127.0.0.1"},
    {"http://0x7f000001/", true, "127.0.0.1"},
    {"http://0177.0.0.1/", true, "127.0.0.1"},  // octal: libcurl reads 127, not 177
    {"http://2130706433/", true, "127.0.0.1"},
    {"http://%31%32%37.0.0.1/", true, "127.0.0.1"},
    {"http://[::1]/", true, "[::1]"},
    {"http://[0:0:0:0:0:0:0:1]/", true, "[::1]"},
    {"http://[::ffff:127.0.0.1]/", false, "[::ffff:127.0.0.1]"},  // IPv4-mapped: the socket decides
    {"http://[::]/", false, "[::]"},
    {"http://0/", false, "0.0.0.0"},
    {"HTTP://127.0.0.1/", true, "127.0.0.1"},
    {"HTTP://LOCALHOST:8080/", true, "LOCALHOST"},
    {"HTTPS://API.LEVER.CO/v1", true, "API.LEVER.CO"},
    {"Http://evil.com/", false, "evil.com"},
    {"http://localhost./", false, "localhost."},  // name resolution decides where a trailing dot goes
    {"http://localhost.evil.com/", false, "localhost.evil.com"},
    {"http://127.0.0.1./", false, "127.0.0.1."},
    {"http://127.0.0.1.evil.com/", false, "127.0.0.1.evil.com"},
    {"http:/127.0.0.1/", false, ""},  // libcurl reads a host here, RFC 3986 a path: ambiguous
    {"http:///127.0.0.1/", false, ""},
    {"http:\\\\127.0.0.1/", false, ""},
    {"http://127.0.0.1 /", false, ""},
    {"http://127.0.0.1\t.evil.com/", false, ""},
};

// The host libcurl's easy interface would connect to for `text`: it parses CURLOPT_URL with these flags.
std::string host_libcurl_connects_to(const std::string& text) {
  std::unique_ptr<CURLU, decltype(&curl_url_cleanup)> handle(curl_url(), curl_url_cleanup);
  REQUIRE(handle != nullptr);
  if (curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), CURLU_GUESS_SCHEME | CURLU_NON_SUPPORT_SCHEME) !=
      CURLUE_OK)
    return "";
  char* host = nullptr;
  if (curl_url_get(handle.get(), CURLUPART_HOST, &host, 0) != CURLUE_OK) return "";
  const std::string out(host);
  curl_free(host);
  return out;
}

}  // namespace

TEST_CASE("parser confusion: the rule decides on the host libcurl connects to") {
  for (const Confusion& c : kConfusions) {
    CAPTURE(c.url);
    const auto url = parse_url(c.url);
    CHECK(secure_url_error(c.url) == (c.allowed ? ErrorKind::Internal : ErrorKind::Usage));
    if (std::string(c.host).empty()) {
      CHECK_FALSE(url.has_value());
      continue;
    }
    REQUIRE(url.has_value());
    CHECK(url->host == c.host);
    CHECK(refusal_reason(*url).empty() == c.allowed);
    // The transport hands libcurl url->text: libcurl reads the same host from it as from the text given.
    CHECK(host_libcurl_connects_to(url->text) == url->host);
    CHECK(host_libcurl_connects_to(c.url) == url->host);
  }
}

namespace {

// A one-thread HTTP server on 127.0.0.1 that answers every request "ok" and remembers the request lines.
class LoopbackServer {
 public:
  LoopbackServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
    socklen_t length = sizeof address;
    REQUIRE(::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0);
    port_ = ntohs(address.sin_port);
    REQUIRE(::listen(fd_, 8) == 0);
    thread_ = std::thread([this] { serve(); });
  }
  ~LoopbackServer() {
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
    thread_.join();
  }
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  int port() const { return port_; }
  std::vector<std::string> request_lines() {
    std::lock_guard<std::mutex> lock(mutex_);
    return request_lines_;
  }

 private:
  void serve() {
    for (;;) {
      const int client = ::accept(fd_, nullptr, nullptr);
      if (client < 0) return;
      std::string request;
      char buffer[1024];
      while (request.find("\r\n\r\n") == std::string::npos) {
        const ssize_t n = ::recv(client, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        request.append(buffer, static_cast<std::size_t>(n));
      }
      {
        std::lock_guard<std::mutex> lock(mutex_);
        request_lines_.push_back(request.substr(0, request.find("\r\n")));
      }
      const std::string answer = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok";
      (void)::send(client, answer.data(), answer.size(), MSG_NOSIGNAL);
      ::close(client);
    }
  }

  int fd_ = -1;
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::string> request_lines_;
};

}  // namespace

TEST_CASE("parser confusion: where the curl transport really connects") {
  CurlGlobal curl;
  LoopbackServer server;
  CurlTransport transport(TransportOptions{5000, 5000, "", 1024});
  const std::string port = std::to_string(server.port());
  std::size_t served = 0;
  // Spellings of 127.0.0.1 that libcurl normalises: allowed, and the request does arrive on loopback.
  for (const std::string& url :
       {"http://127.1:" + port + "/a", "http://0x7f000001:" + port + "/b", "http://0177.0.0.1:" + port + "/c",
        "http://2130706433:" + port + "/d", "HTTP://127.0.0.1:" + port + "/e#@evil.example/"}) {
    CAPTURE(url);
    HttpRequest request;
    request.url = url;
    const TransportResult result = transport.send(request);
    REQUIRE(result.outcome == TransportOutcome::Responded);
    CHECK(result.response.status == 200);
    CHECK(result.response.body == "ok");
    ++served;
  }
  const auto lines = server.request_lines();
  REQUIRE(lines.size() == served);
  CHECK(lines[0] == "GET /a HTTP/1.1");
  CHECK(lines[4] == "GET /e HTTP/1.1");  // the fragment stays here
  // Refused ones are never sent, not even to loopback.
  for (const std::string& url : {"http://evil.example@127.0.0.1:" + port + "/", "http://127.0.0.1.:" + port + "/",
                                 "http:/127.0.0.1:" + port + "/", "http://[::ffff:127.0.0.1]:" + port + "/"}) {
    CAPTURE(url);
    HttpRequest request;
    request.url = url;
    const TransportResult result = transport.send(request);
    CHECK(result.outcome == TransportOutcome::NotSent);
    CHECK(result.permanent);
  }
  CHECK(server.request_lines().size() == served);
}
