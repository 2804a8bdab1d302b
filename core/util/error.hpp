#pragma once
// The one typed exception of the product. Everything that fails travels as tc::Error (or as a
// Problem list inside one) and is mapped to an exit status in exactly one place: cli/main.cpp.
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace tc {

// Exit statuses of ARCHITECTURE.md §3. The enumerator values are the exit codes.
enum class ErrorKind : int {
  PartialFailure = 1,  // bulk run finished, some records failed
  Usage = 64,          // unknown flag, missing --job-id, field flags with multi-record input
  InvalidInput = 65,   // malformed JSON/CSV, schema violation, unanswered required question
  NoInput = 66,        // input file not found or unreadable
  Unavailable = 69,    // network failure or 5xx after retries
  Internal = 70,       // a bug
  TempFail = 75,       // rate limit still hit after retries, or outcome unknown
  Protocol = 76,       // remote answered something unexpected
  Auth = 77,           // 401, 403
  Config = 78,         // missing credentials or perform_as
  Interrupted = 130,   // SIGINT
};

int exit_code(ErrorKind kind);
// Stable lower-case name used in NDJSON results ("invalid_input", "auth", ...).
const char* error_code_name(ErrorKind kind);

// One problem with one field of one record. `pointer` is an RFC 6901 JSON pointer into the record
// ("" for the whole record, "/emails/0/email" for a field).
struct Problem {
  std::string pointer;
  std::string message;
};

// An API's {code, message} error as people read it: "code: message", or whichever of the two is given.
std::string code_and_message(const std::string& code, const std::string& message);

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string message, std::string hint = {});
  Error(ErrorKind kind, std::string message, std::vector<Problem> problems, std::string hint = {});

  ErrorKind kind() const { return kind_; }
  const std::string& hint() const { return hint_; }
  const std::vector<Problem>& problems() const { return problems_; }
  int http_status() const { return http_status_; }
  Error& with_http_status(int status) {
    http_status_ = status;
    return *this;
  }
  // A create whose outcome could not be established (docs/lever-contract.md §5): reported "unknown", never "failed".
  Error& mark_outcome_unknown() {
    outcome_unknown_ = true;
    return *this;
  }
  bool outcome_unknown() const { return outcome_unknown_; }
  // The create itself succeeded (Lever holds candidate `id`) and a later step failed — reading it back,
  // adding leftovers or notes. The record is reported failed with its id and journaled incomplete, so a
  // re-run finishes those steps and never sends the create again (docs/lever-contract.md §5).
  Error& mark_created(std::string id) {
    created_id_ = std::move(id);
    return *this;
  }
  const std::string& created_id() const { return created_id_; }

 private:
  ErrorKind kind_;
  std::string hint_;
  std::vector<Problem> problems_;
  int http_status_ = 0;
  bool outcome_unknown_ = false;
  std::string created_id_;
};

}  // namespace tc
