#include "core/http/url.hpp"

#include <algorithm>
#include <cctype>

#include "core/util/error.hpp"
#include "core/util/strings.hpp"

namespace tc {

namespace {}  // namespace

bool parse_url(const std::string& url, UrlParts& out) {
  const auto sep = url.find("://");
  if (sep == std::string::npos || sep == 0) return false;
  out.scheme = lower(url.substr(0, sep));
  const auto auth_begin = sep + 3;
  auto auth_end = url.find_first_of("/?#", auth_begin);
  if (auth_end == std::string::npos) auth_end = url.size();
  std::string authority = url.substr(auth_begin, auth_end - auth_begin);
  out.rest = url.substr(auth_end);
  if (const auto at = authority.rfind('@'); at != std::string::npos) authority = authority.substr(at + 1);
  if (!authority.empty() && authority[0] == '[') {
    const auto close = authority.find(']');
    if (close == std::string::npos) return false;
    out.host = lower(authority.substr(1, close - 1));
  } else {
    out.host = lower(authority.substr(0, authority.find(':')));
  }
  return !out.host.empty();
}

bool is_loopback_host(const std::string& host) {
  if (host == "localhost" || host == "::1") return true;
  // 127.0.0.0/8 written as a dotted quad.
  if (host.rfind("127.", 0) != 0) return false;
  int dots = 0;
  for (char c : host) {
    if (c == '.')
      ++dots;
    else if (!std::isdigit(static_cast<unsigned char>(c)))
      return false;
  }
  return dots == 3;
}

void require_secure_url(const std::string& url, const std::string& what) {
  UrlParts parts;
  if (!parse_url(url, parts)) {
    throw Error(ErrorKind::Usage, what + ": \"" + url + "\" is not a URL",
                "give a full URL such as https://api.lever.co/v1");
  }
  if (parts.scheme == "https") return;
  if (parts.scheme == "http" && is_loopback_host(parts.host)) return;
  if (parts.scheme == "http") {
    throw Error(ErrorKind::Usage, what + ": plain http is refused for " + parts.host,
                "use https (plain http is allowed only for loopback addresses such as 127.0.0.1)");
  }
  throw Error(ErrorKind::Usage, what + ": unsupported scheme \"" + parts.scheme + "\"", "use an https:// URL");
}

std::string trim_trailing_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace tc
