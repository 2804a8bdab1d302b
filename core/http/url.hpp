#pragma once
// URLs as libcurl reads them, and the security rule of ARCHITECTURE.md §3: https everywhere, plain http only to
// loopback. Every URL is parsed by libcurl's own URL parser (CURLU), the one the transport connects with, so the
// host the rule checks is the host libcurl connects to.
#include <optional>
#include <string>

namespace tc {

struct Url {
  std::string text;    // the whole URL as libcurl writes it back (what the transport hands to libcurl)
  std::string scheme;  // lower-case
  // As libcurl normalises it: IPv4 in dotted decimal ("http://0x7f000001" → "127.0.0.1"), IPv6 in brackets
  // ("[::1]"), names as written; "" for a file URL.
  std::string host;
  std::string port;  // as written; "" when the URL gives none
  std::string path;  // percent-encoded as written, dot segments removed; "/" at least
  // `path` percent-decoded by libcurl; nullopt when an escape decodes to a control byte (%00–%1F).
  std::optional<std::string> decoded_path;
  std::optional<std::string> query;     // without the '?'; libcurl drops an empty one
  std::optional<std::string> fragment;  // without the '#'; libcurl drops an empty one
  bool has_user_info = false;           // "user[:password]@" before the host
};

// Parses an absolute URL. nullopt when libcurl refuses it, when it holds a NUL byte, or when the authority is not
// written as exactly "//" after the scheme (libcurl reads "http:/h" and "http:///h" as "http://h"; RFC 3986 does
// not, so they are ambiguous). A file URL needs a path starting with '/' after "file:".
std::optional<Url> parse_url(const std::string& text);

// Resolves a redirect's Location (absolute, or relative to `base` as RFC 3986 §5 says) into a URL.
std::optional<Url> resolve_url(const Url& base, const std::string& reference);

// True for a host (as Url::host gives it) that libcurl reaches on this machine: 127.0.0.0/8, [::1] (in any
// spelling libcurl normalises to it), and "localhost" in any case. "localhost.", "localhost.example" and
// IPv4-mapped IPv6 ([::ffff:127.0.0.1]) are not: name resolution or the socket decides where those go.
bool is_loopback_host(const std::string& host);

// Why `url` may not be fetched, "" when it may: https to any host, plain http only to a loopback host, and never
// user information (it would be a second place for a secret, and "a@b" is the classic way to confuse a reader).
std::string refusal_reason(const Url& url);

// The hint that goes with a refusal_reason.
extern const char* const kSecureUrlHint;

// Throws tc::Error(Usage) unless `url` parses and refusal_reason has nothing against it. `what` names the setting
// in the message ("--lever-url").
void require_secure_url(const std::string& url, const std::string& what);

// Strips a trailing '/' so paths can be appended with a leading '/'.
std::string trim_trailing_slash(std::string url);

}  // namespace tc
