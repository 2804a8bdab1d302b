#pragma once
// --timezone NAME: an IANA zone read from the system's zone database (TZDIR or /usr/share/zoneinfo).
#include <string>

#include "cli/context.hpp"
#include "core/util/date_reader.hpp"

namespace tc::cli {

// The zone's UTC offsets from 1970 to 2100, read once, before any worker starts: the C library reads zones
// only through the process's TZ variable, which is set for the reading and put back. "" and "UTC" are UTC.
// Throws tc::Error(Usage) for a name the database does not hold.
TimeZone load_time_zone(const std::string& name, const Context& ctx);

}  // namespace tc::cli
