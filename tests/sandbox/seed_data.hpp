// Seeded users, stages, archive reasons and postings (with application forms) of the sandbox account.
#pragma once
#include "state.hpp"

#include <vector>

namespace tc::sandbox {

inline constexpr const char* kApiKey = "sandbox-api-key";
inline constexpr const char* kAccessToken = "sandbox-access-token";
inline constexpr const char* kReadonlyKey = "sandbox-readonly-key";
inline constexpr const char* kTrutoToken = "truto-sandbox-token";
inline constexpr int64_t kSeedCreatedAt = 1700000000000;

std::vector<User> seed_users();
std::vector<Stage> seed_stages();
std::vector<ArchiveReason> seed_archive_reasons();
std::vector<Posting> seed_postings();

}  // namespace tc::sandbox
