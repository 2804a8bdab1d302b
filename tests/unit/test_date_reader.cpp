// Dates as exports write them (core/util/date_reader.hpp): RFC 3339 kept, the unambiguous export forms read,
// --date-format (strptime) for the rest, a date that reads two ways refused, --timezone for dates without
// a zone. Through the command line: tests/e2e/test_export_values.sh.
#include <doctest/doctest.h>

#include "core/util/date_reader.hpp"
#include "core/util/rfc3339.hpp"

using tc::DateOptions;
using tc::read_date;

namespace {

std::string read(const char* text, const DateOptions& options = {}) {
  const tc::DateReading r = read_date(text, options);
  return r.rfc3339.empty() ? "!" + r.problem : r.rfc3339;
}

// New York: UTC-5, UTC-4 from 2026-03-08T07:00:00Z to 2026-11-01T06:00:00Z (the transitions of 2026 only).
tc::TimeZone new_york_2026() {
  return tc::TimeZone("America/New_York", -5 * 3600, {{1772953200, -4 * 3600}, {1793512800, -5 * 3600}});
}

}  // namespace

TEST_CASE("RFC 3339 is kept as written") {
  CHECK(read("2024-03-01T10:00:00+01:00") == "2024-03-01T10:00:00+01:00");
  CHECK(read(" 2024-03-01T09:00:00.250Z ") == "2024-03-01T09:00:00.250Z");
}

TEST_CASE("the unambiguous export forms, as UTC midnight or the time they give") {
  CHECK(read("2026-12-07") == "2026-12-07T00:00:00Z");
  CHECK(read("2026-12-07 09:15:00 UTC") == "2026-12-07T09:15:00Z");
  CHECK(read("2026-12-07 09:15") == "2026-12-07T09:15:00Z");
  CHECK(read("2026-12-07T09:15:00") == "2026-12-07T09:15:00Z");
  CHECK(read("2026-12-07 09:15:00.5") == "2026-12-07T09:15:00.500Z");
  CHECK(read("2026-12-07 09:15:00 +0100") == "2026-12-07T08:15:00Z");
  CHECK(read("2026-12-07 09:15:00 GMT-05:00") == "2026-12-07T14:15:00Z");
  CHECK(read("2026/12/07") == "2026-12-07T00:00:00Z");
  CHECK(read("7 Dec 2026") == "2026-12-07T00:00:00Z");
  CHECK(read("07 December 2026") == "2026-12-07T00:00:00Z");
  CHECK(read("7-Dec-2026") == "2026-12-07T00:00:00Z");
  CHECK(read("Dec 7, 2026") == "2026-12-07T00:00:00Z");
  CHECK(read("December 7 2026 9:15 PM") == "2026-12-07T21:15:00Z");
  CHECK(read("Mon, 7 Dec 2026 09:15:00 GMT") == "2026-12-07T09:15:00Z");
  CHECK(read("Sept 1, 2026") == "2026-09-01T00:00:00Z");
  CHECK(read("12 Mar 2024") == "2024-03-12T00:00:00Z");
}

TEST_CASE("day and month numbers: read when only one reading names a day; two readings are refused") {
  CHECK(read("13/07/2026") == "2026-07-13T00:00:00Z");  // day/month
  CHECK(read("07/13/2026") == "2026-07-13T00:00:00Z");  // month/day
  CHECK(read("31.12.2026") == "2026-12-31T00:00:00Z");  // day.month
  CHECK(read("07/07/2026") == "2026-07-07T00:00:00Z");  // the same both ways
  const tc::DateReading two_ways = read_date("12/07/2026", {});
  CHECK(two_ways.rfc3339.empty());
  CHECK(two_ways.ambiguous);
  CHECK(two_ways.problem == "reads two ways (day/month or month/day): pass --date-format '%d/%m/%Y' or '%m/%d/%Y'");
  const tc::DateReading dotted = read_date("07.12.2026 09:15", {});
  CHECK(dotted.ambiguous);
  CHECK(dotted.problem.find("'%d.%m.%Y %H:%M' or '%m.%d.%Y %H:%M'") != std::string::npos);
  CHECK_FALSE(read_date("13/13/2026", {}).ambiguous);
  CHECK(read("13/13/2026").rfind("!is not a date", 0) == 0);
}

TEST_CASE("--date-format settles the two readings; the export forms still read beside it") {
  DateOptions us;
  us.format = "%m/%d/%Y";
  CHECK(read("12/07/2026", us) == "2026-12-07T00:00:00Z");
  CHECK(read("2026-12-07", us) == "2026-12-07T00:00:00Z");
  DateOptions european;
  european.format = "%d.%m.%Y %H:%M";
  CHECK(read("07.12.2026 09:15", european) == "2026-12-07T09:15:00Z");
  CHECK(read("12/07/2026", european) ==
        "!reads two ways (day/month or month/day) and does not match --date-format '%d.%m.%Y %H:%M': pass "
        "--date-format '%d/%m/%Y' or '%m/%d/%Y'");
  DateOptions zoned;
  zoned.format = "%d/%m/%Y %H:%M %z";
  CHECK(read("07/12/2026 09:15 +0200", zoned) == "2026-12-07T07:15:00Z");
  // strptime's own ranges pass 31 February; the reader does not.
  CHECK(read("02/31/2026", us).rfind("!", 0) == 0);
}

TEST_CASE("what is not a date, or not a real day") {
  CHECK(read("banana") ==
        "!is not a date: give RFC 3339 (2026-12-07T09:15:00Z), 2026-12-07 09:15, 7 Dec 2026 or Dec 7, 2026, or pass "
        "--date-format (strptime, e.g. '%m/%d/%Y')");
  CHECK(read("2026-02-30") == "!names a day that does not exist");
  CHECK(read("7 Foo 2026").rfind("!is not a date", 0) == 0);
  CHECK(read("2026-12-07 25:00").rfind("!is not a date", 0) == 0);
  CHECK(read("12/07/26").rfind("!is not a date", 0) == 0);  // a two-digit year needs --date-format
  CHECK(read("").rfind("!is not a date", 0) == 0);
}

TEST_CASE("--timezone: the zone of dates that carry none, daylight saving time included") {
  DateOptions ny;
  ny.zone = new_york_2026();
  CHECK(read("2026-12-07", ny) == "2026-12-07T05:00:00Z");            // EST
  CHECK(read("2026-07-04 09:00", ny) == "2026-07-04T13:00:00Z");      // EDT
  CHECK(read("2026-07-04 09:00 UTC", ny) == "2026-07-04T09:00:00Z");  // a zone given wins
  CHECK(read("2026-07-04T09:00:00Z", ny) == "2026-07-04T09:00:00Z");
  // Around the spring change: 02:30 does not exist that night; it takes the offset before the change.
  CHECK(read("2026-03-08 01:30", ny) == "2026-03-08T06:30:00Z");
  CHECK(read("2026-03-08 03:30", ny) == "2026-03-08T07:30:00Z");
  CHECK(ny.zone.offset_at_utc(1772953199) == -5 * 3600);
  CHECK(ny.zone.offset_at_utc(1772953200) == -4 * 3600);
}

TEST_CASE("epoch_ms_to_rfc3339 and back") {
  for (std::int64_t ms : {0LL, 1709283600250LL, -1000LL, 253402300799000LL}) {
    CAPTURE(ms);
    CHECK(tc::rfc3339_to_epoch_ms(tc::epoch_ms_to_rfc3339(ms)) == ms);
  }
  CHECK(tc::epoch_ms_to_rfc3339(1709283600000LL) == "2024-03-01T09:00:00Z");
}
