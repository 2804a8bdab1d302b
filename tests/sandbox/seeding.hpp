// Existing opportunities for duplicate tests and benchmarks: N leads on a posting, as if created
// earlier through POST /opportunities (one contact each, e-mail PREFIX-<i>@example.com).
#pragma once
#include <cstddef>
#include <string>

#include "state.hpp"

namespace tc::sandbox {

// The caller holds state.mutex. Returns how many were added.
size_t seed_opportunities(State& state, const std::string& posting_id, size_t count, const std::string& email_prefix);

}  // namespace tc::sandbox
