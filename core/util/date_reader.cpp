#include "core/util/date_reader.hpp"

#include <time.h>

#include <algorithm>
#include <cctype>
#include <iterator>

#include "core/util/rfc3339.hpp"
#include "core/util/strings.hpp"

namespace tc {
namespace {

struct DateFields {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
  bool has_zone = false;
  int offset = 0;  // seconds east of UTC, when has_zone
  bool ambiguous = false;
};

// Reads a date's text left to right; every read either advances or leaves the position as it was.
class Cursor {
 public:
  explicit Cursor(std::string_view s) : s_(s) {}
  bool done() const { return i_ >= s_.size(); }
  char peek(std::size_t ahead = 0) const { return i_ + ahead < s_.size() ? s_[i_ + ahead] : '\0'; }
  bool eat(char c) {
    if (done() || s_[i_] != c) return false;
    ++i_;
    return true;
  }
  void skip_spaces() {
    while (peek() == ' ') ++i_;
  }
  // Up to `max_digits` digits; how many were read.
  int number(int& out, int max_digits) {
    int count = 0;
    out = 0;
    while (count < max_digits && std::isdigit(static_cast<unsigned char>(peek()))) {
      out = out * 10 + (peek() - '0');
      ++i_;
      ++count;
    }
    return count;
  }
  std::string word() {
    std::string w;
    while (std::isalpha(static_cast<unsigned char>(peek()))) w.push_back(static_cast<char>(std::tolower(s_[i_++])));
    return w;
  }

 private:
  std::string_view s_;
  std::size_t i_ = 0;
};

int month_of(const std::string& word) {
  static const char* const kMonths[] = {"january", "february", "march",     "april",   "may",      "june",
                                        "july",    "august",   "september", "october", "november", "december"};
  if (word.size() < 3) return 0;
  for (int m = 0; m < 12; ++m) {
    const std::string full = kMonths[m];
    if (word == full || word == full.substr(0, 3) || (m == 8 && word == "sept")) return m + 1;
  }
  return 0;
}

bool is_weekday(const std::string& word) {
  static const char* const kDays[] = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
  for (const char* day : kDays)
    if (word == day || (word.size() == 3 && std::string(day).substr(0, 3) == word)) return true;
  return false;
}

bool is_separator(char c) { return c == '/' || c == '.' || c == '-'; }

// "7 Dec 2026", "7-Dec-2026" after the day number.
bool day_month_year(Cursor& c, DateFields& f) {
  if (!c.eat(' ') && !c.eat('-')) return false;
  c.skip_spaces();
  f.month = month_of(c.word());
  c.eat('.');
  if (f.month == 0 || (!c.eat(' ') && !c.eat('-'))) return false;
  c.skip_spaces();
  return c.number(f.year, 4) == 4;
}

// Two numbers and a four-digit year: the day/month order is decided by which reading names a real day.
bool numeric_date(Cursor& c, int first, DateFields& f) {
  const char sep = c.peek();
  int second = 0;
  if (!c.eat(sep) || c.number(second, 2) == 0 || !c.eat(sep) || c.number(f.year, 4) != 4) return false;
  if ((first == second && first <= 12) || (first > 12 && second <= 12)) {
    f.day = first;
    f.month = second;
  } else if (second > 12 && first <= 12) {
    f.month = first;
    f.day = second;
  } else if (first <= 12 && second <= 12) {
    f.ambiguous = true;
    f.day = first;
    f.month = second;
  } else {
    return false;
  }
  return true;
}

bool date_part(Cursor& c, DateFields& f, bool after_weekday = false) {
  if (std::isalpha(static_cast<unsigned char>(c.peek()))) {
    const std::string word = c.word();
    if (!after_weekday && is_weekday(word)) {
      c.eat(',');
      c.skip_spaces();
      return date_part(c, f, true);
    }
    f.month = month_of(word);
    c.eat('.');
    c.skip_spaces();
    if (f.month == 0 || c.number(f.day, 2) == 0) return false;
    c.eat(',');
    c.skip_spaces();
    return c.number(f.year, 4) == 4;
  }
  int first = 0;
  const int digits = c.number(first, 4);
  if (digits == 4) {  // year first: year-month-day whatever the separator
    f.year = first;
    const char sep = c.peek();
    return is_separator(sep) && c.eat(sep) && c.number(f.month, 2) > 0 && c.eat(sep) && c.number(f.day, 2) > 0;
  }
  if (digits == 0 || digits > 2) return false;
  if (is_separator(c.peek()) && std::isdigit(static_cast<unsigned char>(c.peek(1)))) return numeric_date(c, first, f);
  f.day = first;
  return day_month_year(c, f);
}

// "09:15", "09:15:00", "09:15:00.250", "9:15 AM".
bool time_part(Cursor& c, DateFields& f) {
  if (c.number(f.hour, 2) == 0 || !c.eat(':') || c.number(f.minute, 2) != 2) return false;
  if (c.eat(':') && c.number(f.second, 2) != 2) return false;
  if (c.eat('.') || c.eat(',')) {
    int fraction = 0;
    const int digits = c.number(fraction, 3);
    if (digits == 0) return false;
    for (int i = digits; i < 3; ++i) fraction *= 10;
    f.millis = fraction;
    int rest = 0;
    while (c.number(rest, 1) == 1) {
    }
  }
  c.skip_spaces();
  const char a = static_cast<char>(std::tolower(static_cast<unsigned char>(c.peek())));
  const char m = static_cast<char>(std::tolower(static_cast<unsigned char>(c.peek(1))));
  if ((a == 'a' || a == 'p') && m == 'm' && !std::isalpha(static_cast<unsigned char>(c.peek(2)))) {
    c.eat(c.peek());
    c.eat(c.peek());
    if (f.hour < 1 || f.hour > 12) return false;
    f.hour = f.hour % 12 + (a == 'p' ? 12 : 0);
  }
  return f.hour <= 23 && f.minute <= 59 && f.second <= 59;
}

// "Z", "UTC", "GMT", "+01:00", "+0100", "+01".
bool zone_part(Cursor& c, DateFields& f) {
  if (c.eat('Z') || c.eat('z')) {
    f.has_zone = true;
    return true;
  }
  if (std::isalpha(static_cast<unsigned char>(c.peek()))) {
    const std::string word = c.word();
    if (word != "utc" && word != "gmt") return false;
    f.has_zone = true;
    if (c.peek() != '+' && c.peek() != '-') return true;
  }
  const char sign = c.peek();
  if (sign != '+' && sign != '-') return false;
  c.eat(sign);
  int hours = 0, minutes = 0;
  if (c.number(hours, 2) != 2) return false;
  c.eat(':');
  if (!c.done() && c.number(minutes, 2) != 2) return false;
  if (hours > 23 || minutes > 59) return false;
  f.has_zone = true;
  f.offset = (sign == '-' ? -1 : 1) * (hours * 3600 + minutes * 60);
  return true;
}

bool export_form(std::string_view text, DateFields& f) {
  Cursor c(text);
  if (!date_part(c, f)) return false;
  if (c.eat('T') || c.eat('t') || c.peek() == ' ') {
    c.skip_spaces();
    if (std::isdigit(static_cast<unsigned char>(c.peek())) && !time_part(c, f)) return false;
  }
  c.skip_spaces();
  if (!c.done() && !zone_part(c, f)) return false;
  c.skip_spaces();
  return c.done();
}

bool strptime_form(std::string_view text, const std::string& format, DateFields& f) {
  const std::string copy(text);
  struct tm tm {};
  tm.tm_mday = 1;
  const char* end = ::strptime(copy.c_str(), format.c_str(), &tm);
  if (end == nullptr || !trim(end).empty()) return false;
  f.year = tm.tm_year + 1900;
  f.month = tm.tm_mon + 1;
  f.day = tm.tm_mday;
  f.hour = tm.tm_hour;
  f.minute = tm.tm_min;
  f.second = tm.tm_sec;
  if (format.find("%z") != std::string::npos) {
    f.has_zone = true;
    f.offset = static_cast<int>(tm.tm_gmtoff);
  }
  return true;
}

std::string to_rfc3339(const DateFields& f, const TimeZone& zone) {
  const std::int64_t local =
      days_from_civil(f.year, static_cast<unsigned>(f.month), static_cast<unsigned>(f.day)) * 86400 + f.hour * 3600 +
      f.minute * 60 + f.second;
  const std::int64_t utc = f.has_zone ? local - f.offset : zone.local_to_utc(local);
  return epoch_ms_to_rfc3339(utc * 1000 + f.millis);
}

const char* kKnownForms = "RFC 3339 (2026-12-07T09:15:00Z), 2026-12-07 09:15, 7 Dec 2026 or Dec 7, 2026";

}  // namespace

TimeZone::TimeZone(std::string name, int initial_offset, std::vector<std::pair<std::int64_t, int>> transitions)
    : name_(std::move(name)), initial_offset_(initial_offset), transitions_(std::move(transitions)) {}

int TimeZone::offset_at_utc(std::int64_t utc_seconds) const {
  const auto after = std::upper_bound(
      transitions_.begin(), transitions_.end(), utc_seconds,
      [](std::int64_t t, const std::pair<std::int64_t, int>& transition) { return t < transition.first; });
  return after == transitions_.begin() ? initial_offset_ : std::prev(after)->second;
}

std::int64_t TimeZone::local_to_utc(std::int64_t local_seconds) const {
  const std::int64_t guess = local_seconds - offset_at_utc(local_seconds);
  return local_seconds - offset_at_utc(guess);
}

std::string date_format_choices(std::string_view text) {
  char sep = '/';
  for (char c : text)
    if (is_separator(c)) {
      sep = c;
      break;
    }
  const auto colons = std::count(text.begin(), text.end(), ':');
  const std::string time = colons >= 2 ? " %H:%M:%S" : colons == 1 ? " %H:%M" : "";
  const std::string s(1, sep);
  return "'%d" + s + "%m" + s + "%Y" + time + "' or '%m" + s + "%d" + s + "%Y" + time + "'";
}

DateReading read_date(std::string_view raw, const DateOptions& options) {
  DateReading reading;
  const std::string_view text = trim(raw);
  if (rfc3339_to_epoch_ms(text)) {
    reading.rfc3339 = std::string(text);
    return reading;
  }
  DateFields f;
  if (!options.format.empty() && strptime_form(text, options.format, f) && is_civil_date(f.year, f.month, f.day)) {
    reading.rfc3339 = to_rfc3339(f, options.zone);
    return reading;
  }
  const std::string with_format =
      options.format.empty() ? std::string() : " and does not match --date-format '" + options.format + "'";
  f = DateFields{};
  if (!export_form(text, f)) {
    reading.problem =
        options.format.empty()
            ? std::string("is not a date: give ") + kKnownForms + ", or pass --date-format (strptime, e.g. '%m/%d/%Y')"
            : "matches neither --date-format '" + options.format + "' nor " + kKnownForms;
    return reading;
  }
  if (f.ambiguous) {
    reading.ambiguous = true;
    reading.problem =
        "reads two ways (day/month or month/day)" + with_format + ": pass --date-format " + date_format_choices(text);
    return reading;
  }
  if (!is_civil_date(f.year, f.month, f.day)) {
    reading.problem = "names a day that does not exist";
    return reading;
  }
  reading.rfc3339 = to_rfc3339(f, options.zone);
  return reading;
}

}  // namespace tc
