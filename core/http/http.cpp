#include "core/http/http.hpp"

#include <cctype>
#include <cstdlib>
#include <cstring>
#include <ctime>

namespace tc {

namespace {

bool iequals(const std::string& a, const std::string& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

}  // namespace

std::string HttpResponse::header(const std::string& name) const {
  for (const auto& h : headers) {
    if (iequals(h.name, name)) return h.value;
  }
  return {};
}

std::optional<double> HttpResponse::retry_after_seconds() const {
  const std::string value = header("Retry-After");
  if (value.empty()) return std::nullopt;
  // delta-seconds is digits only (RFC 9110): strtod alone would take "nan", "inf" and hex.
  if (std::isdigit(static_cast<unsigned char>(value[0]))) {
    char* end = nullptr;
    const double seconds = std::strtod(value.c_str(), &end);
    if (*end != '\0' || value.find_first_not_of("0123456789.") != std::string::npos) return std::nullopt;
    if (!(seconds >= 0 && seconds <= 3600)) return std::nullopt;  // refuse absurd waits
    return seconds;
  }
  // HTTP-date form, e.g. "Wed, 21 Oct 2015 07:28:00 GMT".
  std::tm tm{};
  if (strptime(value.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &tm) == nullptr) return std::nullopt;
  const double delta = std::difftime(timegm(&tm), std::time(nullptr));
  if (delta < 0) return 0.0;
  if (delta > 3600) return std::nullopt;
  return delta;
}

std::string url_encode(const std::string& value, const char* also_keep) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(value.size() * 3);
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || (c != 0 && std::strchr(also_keep, c))) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string user_agent() { return std::string("truto-candidates/") + TC_VERSION; }

std::string build_url(const std::string& base, const std::string& path, const QueryParams& query) {
  std::string url = base + path;
  char sep = url.find('?') == std::string::npos ? '?' : '&';
  for (const auto& [key, value] : query) {
    url += sep;
    url += key;  // keys are ours and already safe (may contain [] for remote_query)
    url += '=';
    url += url_encode(value);
    sep = '&';
  }
  return url;
}

}  // namespace tc
