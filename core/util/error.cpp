#include "core/util/error.hpp"

#include <utility>

namespace tc {

int exit_code(ErrorKind kind) { return static_cast<int>(kind); }

const char* error_code_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::PartialFailure: return "partial_failure";
    case ErrorKind::Usage: return "usage";
    case ErrorKind::InvalidInput: return "invalid_input";
    case ErrorKind::NoInput: return "no_input";
    case ErrorKind::Unavailable: return "unavailable";
    case ErrorKind::Internal: return "internal";
    case ErrorKind::TempFail: return "temporary_failure";
    case ErrorKind::Protocol: return "unexpected_response";
    case ErrorKind::Auth: return "auth";
    case ErrorKind::Config: return "config";
    case ErrorKind::Interrupted: return "interrupted";
  }
  return "internal";
}

Error::Error(ErrorKind kind, std::string message, std::string hint)
    : std::runtime_error(std::move(message)), kind_(kind), hint_(std::move(hint)) {}

Error::Error(ErrorKind kind, std::string message, std::vector<Problem> problems, std::string hint)
    : std::runtime_error(std::move(message)), kind_(kind), hint_(std::move(hint)), problems_(std::move(problems)) {}

std::string code_and_message(const std::string& code, const std::string& message) {
  if (code.empty()) return message;
  return message.empty() ? code : code + ": " + message;
}

}  // namespace tc
