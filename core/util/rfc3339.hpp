#pragma once
// RFC 3339 date-times as the request schema accepts them ("2024-03-01T09:00:00Z",
// "2024-03-01T10:00:00.250+01:00") and as Lever wants them: milliseconds since the Unix epoch.
#include <cstdint>
#include <optional>
#include <string_view>

namespace tc {

// Milliseconds since 1970-01-01T00:00:00Z, or nullopt when `text` is not an RFC 3339 date-time or names
// a day or time that does not exist (2024-02-30, 25:00, an offset beyond ±23:59). Fractions of a
// millisecond are dropped; a leap second (:60) is refused.
std::optional<std::int64_t> rfc3339_to_epoch_ms(std::string_view text);

}  // namespace tc
