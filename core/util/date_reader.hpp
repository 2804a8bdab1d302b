#pragma once
// Dates as spreadsheet exports write them (ARCHITECTURE.md §4, "Values as exports write them"), read into
// the RFC 3339 form the request schema and Lever's milliseconds need. Pure: the time zone's offsets are
// handed in (cli/time_zone.cpp reads them from the system's zone database once per run).
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tc {

// A time zone as the UTC offsets it had over time: immutable, so any thread may use it.
class TimeZone {
 public:
  // UTC.
  TimeZone() = default;
  // `initial_offset` (seconds east of UTC) until the first transition; each transition is the UTC second
  // from which its offset holds, sorted.
  TimeZone(std::string name, int initial_offset, std::vector<std::pair<std::int64_t, int>> transitions);

  const std::string& name() const { return name_; }
  int offset_at_utc(std::int64_t utc_seconds) const;
  // The UTC second of a wall-clock time in this zone (seconds since the epoch as if the wall clock were UTC).
  // A wall-clock time skipped or repeated by a clock change takes the offset in force just before it.
  std::int64_t local_to_utc(std::int64_t local_seconds) const;

 private:
  std::string name_ = "UTC";
  int initial_offset_ = 0;
  std::vector<std::pair<std::int64_t, int>> transitions_;
};

struct DateOptions {
  std::string format;  // --date-format: a strptime format tried after RFC 3339; "" = none
  TimeZone zone;       // --timezone: the zone of dates that carry none
};

struct DateReading {
  std::string rfc3339;     // the date as RFC 3339 (UTC), or the text as given when it already was; "" when unread
  bool ambiguous = false;  // reads two ways (12/07/2026): --date-format decides
  std::string problem;     // what is wrong when `rfc3339` is empty, for a message after the value
};

// Reads `text` (trimmed) as, in this order: RFC 3339 (kept as written); options.format when given; the
// unambiguous forms exports use — "2026-12-07", "2026-12-07 09:15[:00][.250]", "2026-12-07T09:15:00" (no
// zone), "2026/12/07", "7 Dec 2026", "07 December 2026", "7-Dec-2026", "Dec 7, 2026", "December 7 2026",
// "Mon, 7 Dec 2026", each optionally followed by a time "09:15[:00]" (or "9:15 AM") and a zone ("UTC",
// "GMT", "Z", "+01:00", "+0100"); and day/month/year numbers "13/07/2026", "07.12.2026", "12-13-2026" when
// only one reading names a real day (both numbers ≤ 12 and different: ambiguous). A year has four digits.
// A date without a time is midnight; one without a zone is in options.zone.
DateReading read_date(std::string_view text, const DateOptions& options);

// The example formats a message offers for an ambiguous date like `text`: "'%d/%m/%Y' or '%m/%d/%Y'".
std::string date_format_choices(std::string_view text);

}  // namespace tc
