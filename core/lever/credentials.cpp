#include "core/lever/credentials.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/util/error.hpp"

namespace tc {

std::optional<LeverCredentials> resolve_lever_credentials(const CredentialSources& sources,
                                                          std::vector<std::string>& warnings) {
  if (!sources.api_key_file.empty()) {
    struct stat st {};
    if (::stat(sources.api_key_file.c_str(), &st) != 0) {
      throw Error(ErrorKind::NoInput, fmt::format("--api-key-file {}: {}", sources.api_key_file, std::strerror(errno)));
    }
    if ((st.st_mode & (S_IRGRP | S_IROTH)) != 0) {
      warnings.push_back(fmt::format("--api-key-file {} is readable by other users; run: chmod 600 {}",
                                     sources.api_key_file, sources.api_key_file));
    }
    std::ifstream in(sources.api_key_file);
    if (!in) {
      throw Error(ErrorKind::NoInput, fmt::format("--api-key-file {}: {}", sources.api_key_file, std::strerror(errno)));
    }
    std::string line;
    std::getline(in, line);
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    if (line.empty()) {
      throw Error(ErrorKind::Config, fmt::format("--api-key-file {}: no key on its first line", sources.api_key_file));
    }
    return LeverCredentials{LeverCredentials::Kind::ApiKey, line};
  }
  if (!sources.env_api_key.empty()) return LeverCredentials{LeverCredentials::Kind::ApiKey, sources.env_api_key};
  if (!sources.env_access_token.empty()) {
    return LeverCredentials{LeverCredentials::Kind::AccessToken, sources.env_access_token};
  }
  return std::nullopt;
}

void throw_missing_lever_credentials() {
  throw Error(ErrorKind::Config, "no Lever credentials",
              "set LEVER_API_KEY (an API key) or LEVER_ACCESS_TOKEN (an OAuth token), or give --api-key-file FILE");
}

}  // namespace tc
