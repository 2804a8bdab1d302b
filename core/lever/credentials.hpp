#pragma once
// Where the Lever secret comes from (ARCHITECTURE.md §3): LEVER_API_KEY (Basic), LEVER_ACCESS_TOKEN (Bearer)
// or the first line of --api-key-file. Values are passed in, so the core reads no environment.
#include <optional>
#include <string>
#include <vector>

#include "core/lever/api.hpp"

namespace tc {

struct CredentialSources {
  std::string api_key_file;      // --api-key-file (wins over the environment)
  std::string env_api_key;       // LEVER_API_KEY
  std::string env_access_token;  // LEVER_ACCESS_TOKEN
};

// The credentials, or nullopt when none is configured. `warnings` receives notes for the user (a key
// file readable by others). Throws tc::Error(NoInput) when the key file cannot be read and
// tc::Error(Config) when it is empty.
std::optional<LeverCredentials> resolve_lever_credentials(const CredentialSources& sources,
                                                          std::vector<std::string>& warnings);

// The Config error for a run that needs credentials and has none.
[[noreturn]] void throw_missing_lever_credentials();

}  // namespace tc
