#pragma once
// RFC 3339 date-times as the request schema accepts them ("2024-03-01T09:00:00Z",
// "2024-03-01T10:00:00.250+01:00") and as Lever wants them: milliseconds since the Unix epoch.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tc {

// Milliseconds since 1970-01-01T00:00:00Z, or nullopt when `text` is not an RFC 3339 date-time or names
// a day or time that does not exist (2024-02-30, 25:00, an offset beyond ±23:59). Fractions of a
// millisecond are dropped; a leap second (:60) is refused.
std::optional<std::int64_t> rfc3339_to_epoch_ms(std::string_view text);

// Days since 1970-01-01 of a proleptic Gregorian date; whether year-month-day names a day that exists.
std::int64_t days_from_civil(std::int64_t year, unsigned month, unsigned day);
// Its inverse: the proleptic Gregorian date of a day count since 1970-01-01.
void civil_from_days(std::int64_t days, std::int64_t& year, unsigned& month, unsigned& day);
bool is_civil_date(int year, int month, int day);
// "2026-12-07T09:15:00Z" (".250" added when there are milliseconds) for milliseconds since the epoch.
std::string epoch_ms_to_rfc3339(std::int64_t ms);

}  // namespace tc
