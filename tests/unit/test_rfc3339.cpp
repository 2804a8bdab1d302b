#include <doctest/doctest.h>

#include "core/util/rfc3339.hpp"

TEST_CASE("rfc3339_to_epoch_ms: UTC, offsets, fractions") {
  CHECK(tc::rfc3339_to_epoch_ms("1970-01-01T00:00:00Z") == 0);
  CHECK(tc::rfc3339_to_epoch_ms("2024-03-01T09:00:00Z") == 1709283600000LL);
  CHECK(tc::rfc3339_to_epoch_ms("2024-03-01T10:00:00+01:00") == 1709283600000LL);
  CHECK(tc::rfc3339_to_epoch_ms("2024-03-01T03:30:00-05:30") == 1709283600000LL);
  CHECK(tc::rfc3339_to_epoch_ms("2024-03-01t09:00:00.25z") == 1709283600250LL);
  CHECK(tc::rfc3339_to_epoch_ms("2024-03-01T09:00:00.123999Z") == 1709283600123LL);
  CHECK(tc::rfc3339_to_epoch_ms("2024-02-29T00:00:00Z") == 1709164800000LL);  // a leap day
  CHECK(tc::rfc3339_to_epoch_ms("1969-12-31T23:59:59Z") == -1000);
}

TEST_CASE("rfc3339_to_epoch_ms: what does not exist or is not the format") {
  for (const char* bad : {"2023-02-29T00:00:00Z", "2024-04-31T00:00:00Z", "2024-13-01T00:00:00Z",
                          "2024-03-01T24:00:00Z", "2024-03-01T09:60:00Z", "2024-03-01T09:00:60Z", "2024-03-01T09:00:00",
                          "2024-03-01 09:00:00Z", "2024-03-01T09:00:00.Z", "2024-03-01T09:00:00+1:00",
                          "2024-03-01T09:00:00+24:00", "2024-03-01", "", "2024-03-01T09:00:00Zjunk"}) {
    CAPTURE(bad);
    CHECK_FALSE(tc::rfc3339_to_epoch_ms(bad).has_value());
  }
}
