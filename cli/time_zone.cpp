#include "cli/time_zone.hpp"

#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

#include <mutex>
#include <optional>

#include "core/util/error.hpp"

namespace tc::cli {
namespace {

bool is_zone_name(const std::string& name) {
  if (name.empty() || name.front() == '/' || name.find("..") != std::string::npos) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' ||
                    c == '_' || c == '-' || c == '+';
    if (!ok) return false;
  }
  return true;
}

long offset_at(time_t t) {
  struct tm local {};
  ::localtime_r(&t, &local);
  return local.tm_gmtoff;
}

// Sets TZ for the life of the object (under a lock: TZ is the process's), and puts it back after.
class ZoneEnvironment {
 public:
  explicit ZoneEnvironment(const std::string& name) : lock_(mutex()) {
    if (const char* old = ::getenv("TZ")) previous_ = std::string(old);
    ::setenv("TZ", (":" + name).c_str(), 1);
    ::tzset();
  }
  ~ZoneEnvironment() {
    if (previous_)
      ::setenv("TZ", previous_->c_str(), 1);
    else
      ::unsetenv("TZ");
    ::tzset();
  }
  ZoneEnvironment(const ZoneEnvironment&) = delete;
  ZoneEnvironment& operator=(const ZoneEnvironment&) = delete;

 private:
  static std::mutex& mutex() {
    static std::mutex m;
    return m;
  }
  std::lock_guard<std::mutex> lock_;
  std::optional<std::string> previous_;
};

}  // namespace

TimeZone load_time_zone(const std::string& name, const Context& ctx) {
  if (name.empty() || name == "UTC" || name == "Etc/UTC") return TimeZone();
  const std::string hint = "give an IANA time zone name such as Europe/Berlin, America/New_York or UTC";
  const std::string dir = ctx.env("TZDIR").empty() ? std::string("/usr/share/zoneinfo") : ctx.env("TZDIR");
  struct stat st {};
  if (!is_zone_name(name) || ::stat((dir + "/" + name).c_str(), &st) != 0 || !S_ISREG(st.st_mode))
    throw Error(ErrorKind::Usage, "--timezone " + name + ": no such time zone in " + dir, hint);
  ZoneEnvironment zone(name);
  // A day's steps find every change of offset (none is shorter than a day); bisection finds its second.
  constexpr time_t kDay = 86400;
  const time_t start = 0, end = static_cast<time_t>(4102444800);  // 1970 to 2100
  const int initial = static_cast<int>(offset_at(start));
  std::vector<std::pair<std::int64_t, int>> transitions;
  long current = initial;
  for (time_t t = start + kDay; t <= end; t += kDay) {
    const long offset = offset_at(t);
    if (offset == current) continue;
    time_t low = t - kDay, high = t;  // offset_at(low) == current, offset_at(high) == offset
    while (high - low > 1) {
      const time_t mid = low + (high - low) / 2;
      (offset_at(mid) == current ? low : high) = mid;
    }
    transitions.emplace_back(static_cast<std::int64_t>(high), static_cast<int>(offset));
    current = offset;
  }
  return TimeZone(name, initial, std::move(transitions));
}

}  // namespace tc::cli
