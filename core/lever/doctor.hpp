#pragma once
// `truto-candidates doctor`: whether a run on the lever route could work, checked in order —
// credentials, base URL, Lever answering and accepting the credentials, perform_as, and with a job id
// the posting and its application form, judged for what the run would create (leads or applicants),
// and whether the key may read the lists names are resolved from (users, stages, archive reasons).
// Every 404 is read by what Lever says: an object it does not have, a path it does not know, or
// anything else, reported as it is. No printing and no CLI: the checks come back as values (the
// CLI formats them), so tests drive them over a fake transport. Only reads (GET) are ever sent.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/lever/credentials.hpp"
#include "core/lever/session.hpp"
#include "core/model/target.hpp"
#include "core/util/error.hpp"

namespace tc {

struct DoctorCheck {
  std::string name;      // "credentials", "base_url", "connection", "perform_as", "posting", "form", "lookups"
  bool ok = false;       // passed; a warning (non-empty fix on an ok check) still passes
  std::string detail;    // what was found; never a secret
  std::string fix;       // what to do about it; empty when nothing needs doing
  bool skipped = false;  // not run because a check it depends on failed (ok is false, detail says why)
  ErrorKind kind = ErrorKind::Config;  // a failure's meaning for the exit status

  bool failed() const { return !ok && !skipped; }
  bool warning() const { return ok && !fix.empty(); }
};

// Reading the credentials without giving up on the first problem: doctor reports a broken key file
// instead of stopping at it.
struct CredentialReport {
  std::optional<LeverCredentials> credentials;  // nullopt: none configured, or unreadable (see error)
  std::string source;                           // "--api-key-file PATH", "LEVER_API_KEY", "LEVER_ACCESS_TOKEN"
  std::vector<std::string> ignored;             // other sources that are set but lose to `source`
  std::string key_file;                         // --api-key-file, when given
  bool key_file_shared = false;                 // the key file is readable by group or others
  std::optional<Error> error;                   // why the configured source could not be read
};
CredentialReport inspect_lever_credentials(const CredentialSources& sources);

// What doctor knows about where the session's settings came from (the session holds the values).
struct DoctorConfig {
  CredentialReport credentials;   // the session's endpoint carries credentials->secret when present
  std::string base_url_source;    // "default", "--sandbox", "--lever-url", "LEVER_API_BASE"
  std::string perform_as_source;  // "--perform-as", "LEVER_PERFORM_AS" (when perform_as is set)
  std::string job_id;             // empty: the posting and form checks are left out
  // What the run would create. A closed posting still takes leads (a warning for them, a failure for
  // applicants); applicants need perform_as only for files their form cannot take (a warning when unset).
  ApplicationSource source = ApplicationSource::Lead;
};

// Runs the checks in order over the session's settings (base URL, credentials, perform_as, retry
// policy), skipping those whose prerequisite failed. Throws only tc::Error(Interrupted).
std::vector<DoctorCheck> run_lever_doctor(const DoctorConfig& config, LeverSession& session);

// The error a doctor run ends with: nullopt when no check failed; otherwise "N of M checks failed"
// with the kind of the first failed check (earlier checks are the causes of later trouble).
std::optional<Error> doctor_verdict(const std::vector<DoctorCheck>& checks);

}  // namespace tc
