#pragma once
// Minimal URL inspection for the security rules of ARCHITECTURE.md §3: https everywhere, plain http only on
// loopback (how tests and the bundled sandbox are reached).
#include <string>

namespace tc {

struct UrlParts {
  std::string scheme;  // lower-case
  std::string host;    // lower-case, IPv6 without brackets
  std::string rest;    // from the first '/' after the authority (path, query)
};

// Parses "scheme://[user@]host[:port][/rest]"; returns false when it does not look like that.
bool parse_url(const std::string& url, UrlParts& out);
bool is_loopback_host(const std::string& host);
// Throws tc::Error(Usage) unless `url` is https, or http to a loopback host. `what` names the setting
// in the message ("--lever-url").
void require_secure_url(const std::string& url, const std::string& what);
// Strips a trailing '/' so paths can be appended with a leading '/'.
std::string trim_trailing_slash(std::string url);

}  // namespace tc
