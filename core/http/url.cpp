#include "core/http/url.hpp"

#include <arpa/inet.h>
#include <curl/curl.h>

#include <cstring>
#include <memory>
#include <string_view>

#include "core/util/error.hpp"
#include "core/util/settings.hpp"
#include "core/util/strings.hpp"

namespace tc {

namespace {

struct CurlUrlCleanup {
  void operator()(CURLU* handle) const { curl_url_cleanup(handle); }
};
using CurlUrlHandle = std::unique_ptr<CURLU, CurlUrlCleanup>;

struct CurlFree {
  void operator()(char* text) const { curl_free(text); }
};

CurlUrlHandle new_handle() {
  CurlUrlHandle handle(curl_url());
  if (!handle) throw Error(ErrorKind::Internal, "libcurl could not create a URL handle");
  return handle;
}

// Unknown schemes are parsed too, so that a refusal can name them.
constexpr unsigned kParseFlags = CURLU_NON_SUPPORT_SCHEME;

// One part of the URL in `handle`; nullopt when the URL has none.
std::optional<std::string> part_of(CURLU* handle, CURLUPart part, unsigned flags = 0) {
  char* raw = nullptr;
  if (curl_url_get(handle, part, &raw, flags) != CURLUE_OK || raw == nullptr) return std::nullopt;
  const std::unique_ptr<char, CurlFree> owned(raw);
  return std::string(raw);
}

// Length of the RFC 3986 scheme `text` starts with (ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) before ':'), else 0.
std::size_t scheme_length(std::string_view text) {
  const auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  std::size_t i = 0;
  while (i < text.size() &&
         (alpha(text[i]) || (i > 0 && ((text[i] >= '0' && text[i] <= '9') || std::strchr("+-.", text[i]) != nullptr))))
    ++i;
  return i > 0 && i < text.size() && text[i] == ':' ? i : 0;
}

// What libcurl reads leniently and RFC 3986 reads otherwise is refused: an authority is "//" then the host, a
// file URL's path starts right after "file:".
bool written_unambiguously(std::string_view text, std::size_t scheme_len) {
  const std::string_view rest = text.substr(scheme_len + 1);
  if (lower(text.substr(0, scheme_len)) == "file") return !rest.empty() && rest[0] == '/';
  return rest.size() > 2 && rest.substr(0, 2) == "//" && rest[2] != '/' && rest[2] != '\\';
}

Url read_parts(CURLU* handle) {
  Url url;
  url.text = part_of(handle, CURLUPART_URL).value_or("");
  url.scheme = lower(part_of(handle, CURLUPART_SCHEME).value_or(""));
  url.host = part_of(handle, CURLUPART_HOST).value_or("");
  url.port = part_of(handle, CURLUPART_PORT).value_or("");
  url.path = part_of(handle, CURLUPART_PATH).value_or("/");
  url.decoded_path = part_of(handle, CURLUPART_PATH, CURLU_URLDECODE);
  url.query = part_of(handle, CURLUPART_QUERY);
  url.fragment = part_of(handle, CURLUPART_FRAGMENT);
  url.has_user_info =
      part_of(handle, CURLUPART_USER) || part_of(handle, CURLUPART_PASSWORD) || part_of(handle, CURLUPART_OPTIONS);
  return url;
}

}  // namespace

const char* const kSecureUrlHint =
    "use https:// (plain http is allowed only to loopback: 127.0.0.0/8, [::1], localhost), without user@ before the "
    "host";

std::optional<Url> parse_url(const std::string& text) {
  // c_str() would end the URL at a NUL byte: libcurl would check a shorter URL than the one given.
  if (text.find('\0') != std::string::npos) return std::nullopt;
  const std::size_t scheme_len = scheme_length(text);
  if (scheme_len == 0 || !written_unambiguously(text, scheme_len)) return std::nullopt;
  const CurlUrlHandle handle = new_handle();
  if (curl_url_set(handle.get(), CURLUPART_URL, text.c_str(), kParseFlags) != CURLUE_OK) return std::nullopt;
  Url url = read_parts(handle.get());
  if (url.scheme != "file" && url.host.empty()) return std::nullopt;
  return url;
}

std::optional<Url> resolve_url(const Url& base, const std::string& reference) {
  if (scheme_length(reference) > 0) return parse_url(reference);
  if (reference.find('\0') != std::string::npos) return std::nullopt;
  const CurlUrlHandle handle = new_handle();
  if (curl_url_set(handle.get(), CURLUPART_URL, base.text.c_str(), kParseFlags) != CURLUE_OK) return std::nullopt;
  // With a URL already in the handle, libcurl resolves a relative reference against it.
  if (curl_url_set(handle.get(), CURLUPART_URL, reference.c_str(), kParseFlags) != CURLUE_OK) return std::nullopt;
  const auto resolved = part_of(handle.get(), CURLUPART_URL);
  return resolved ? parse_url(*resolved) : std::nullopt;
}

bool is_loopback_host(const std::string& host) {
  if (lower(host) == "localhost") return true;
  in_addr v4{};
  // inet_pton takes only the dotted-decimal form libcurl normalises IPv4 addresses to.
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  if (host.size() < 2 || host.front() != '[' || host.back() != ']') return false;
  in6_addr v6{};
  return inet_pton(AF_INET6, host.substr(1, host.size() - 2).c_str(), &v6) == 1 &&
         std::memcmp(&v6, &in6addr_loopback, sizeof v6) == 0;
}

std::string refusal_reason(const Url& url) {
  if (url.has_user_info) return "a URL with user information (user@" + url.host + ") is refused";
  if (url.scheme == "https") return "";
  if (url.scheme == "http") return is_loopback_host(url.host) ? "" : "plain http is refused for " + url.host;
  return "unsupported scheme \"" + url.scheme + "\"";
}

void require_secure_url(const std::string& url, const std::string& what) {
  const auto parsed = parse_url(url);
  if (!parsed) {
    throw Error(ErrorKind::Usage, what + ": \"" + url + "\" is not a URL",
                std::string("give a full URL such as ") + kLeverApiBase);
  }
  if (const std::string reason = refusal_reason(*parsed); !reason.empty()) {
    throw Error(ErrorKind::Usage, what + ": " + reason, kSecureUrlHint);
  }
}

std::string trim_trailing_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace tc
