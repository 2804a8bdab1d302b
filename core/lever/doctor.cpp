#include "core/lever/doctor.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <utility>
#include <variant>

#include "core/http/url.hpp"
#include "core/lever/api.hpp"
#include "core/lever/job_form.hpp"
#include "core/lever/not_found.hpp"
#include "core/util/json_util.hpp"
#include "core/util/strings.hpp"

namespace tc {

namespace {

const char* kSeeConnection = "needs a working connection to Lever (see connection)";

DoctorCheck passed(std::string name, std::string detail, std::string fix = {}) {
  DoctorCheck c;
  c.name = std::move(name);
  c.ok = true;
  c.detail = std::move(detail);
  c.fix = std::move(fix);
  return c;
}

DoctorCheck failed(std::string name, ErrorKind kind, std::string detail, std::string fix) {
  DoctorCheck c;
  c.name = std::move(name);
  c.kind = kind;
  c.detail = std::move(detail);
  c.fix = std::move(fix);
  return c;
}

DoctorCheck skipped(std::string name, std::string why) {
  DoctorCheck c;
  c.name = std::move(name);
  c.skipped = true;
  c.detail = std::move(why);
  return c;
}

bool is_status(const Error& e, int status) { return e.http_status() == status; }

// A failure of a read that is not specific to the check: network, rate limit, 5xx, odd answers.
DoctorCheck generic_failure(const std::string& name, const Error& e) {
  if (e.kind() == ErrorKind::Interrupted) throw e;
  return failed(name, e.kind(), e.what(), e.hint().empty() ? "run with -v to see the exchange" : e.hint());
}

// ---- reading a 404 by what it says ---------------------------------------------------------------

// A 404 that says neither "no such object" nor "no such path": reported as what it is.
DoctorCheck unexpected_not_found(const std::string& name, const NotFound& nf) {
  return failed(name, ErrorKind::Protocol, fmt::format("Lever answered HTTP 404 to {} ({})", nf.request, nf.said()),
                "run with -v to see the exchange");
}

// A 404 for a path the base URL does not serve: the URL, not the object, is wrong.
DoctorCheck unknown_path(const std::string& name, const NotFound& nf) {
  return failed(name, ErrorKind::Config, fmt::format("the base URL does not serve {} ({})", nf.request, nf.said()),
                "check --lever-url / LEVER_API_BASE: Lever's is https://api.lever.co/v1");
}

// ---- (1) credentials ----------------------------------------------------------------------------

DoctorCheck check_credentials(const CredentialReport& report) {
  if (report.error) {
    return failed("credentials", report.error->kind(), report.error->what(),
                  "make the key file readable by you with the key on its first line, or set LEVER_API_KEY");
  }
  if (!report.credentials) {
    return failed("credentials", ErrorKind::Config, "no Lever credentials configured",
                  "set LEVER_API_KEY (an API key) or LEVER_ACCESS_TOKEN (an OAuth token), or give --api-key-file FILE");
  }
  const bool token = report.credentials->kind == LeverCredentials::Kind::AccessToken;
  std::string detail = fmt::format("{} ({})", report.source, token ? "OAuth access token" : "API key");
  for (const auto& other : report.ignored) detail += fmt::format("; {} is also set and not used", other);
  if (report.key_file_shared) {
    return passed("credentials", detail + "; the key file is readable by other users",
                  fmt::format("chmod 600 {}", report.key_file));
  }
  return passed("credentials", detail);
}

// ---- (2) base URL -------------------------------------------------------------------------------

DoctorCheck check_base_url(const std::string& url, const std::string& source) {
  const std::string from = source.empty() ? std::string() : " (" + source + ")";
  const char* how = "give https://api.lever.co/v1, or --sandbox, or a URL with --lever-url / LEVER_API_BASE";
  const std::optional<Url> parsed = parse_url(url);
  if (!parsed) return failed("base_url", ErrorKind::Config, "\"" + url + "\" is not a URL" + from, how);
  if (const std::string reason = refusal_reason(*parsed); !reason.empty()) {
    return failed("base_url", ErrorKind::Config, fmt::format("{}{}: {}", url, from, reason), kSecureUrlHint);
  }
  std::string detail = url + from;
  if (parsed->scheme == "http") detail += "; plain http, allowed because the host is loopback";
  const std::string& path = parsed->path;
  if (path.size() < 3 || path.compare(path.size() - 3, 3, "/v1") != 0) {
    return passed("base_url", detail + "; the path does not end in /v1",
                  "Lever's Data API lives under /v1 (https://api.lever.co/v1); check the URL if the next check fails");
  }
  return passed("base_url", detail);
}

// ---- (3) Lever answers ----------------------------------------------------------------------------

DoctorCheck connection_failure(const Error& e, const std::string& probe, const std::string& base_url) {
  if (e.kind() == ErrorKind::Auth && is_status(e, 403)) {
    return failed("connection", ErrorKind::Auth,
                  fmt::format("the credentials lack permission for {}: {}", probe, e.what()),
                  "give the API key read access to users and stages (Lever: Settings → Integrations and API → "
                  "API Credentials), or the token the scopes users:read:admin and stages:read:admin");
  }
  if (e.kind() == ErrorKind::Auth) {
    return failed("connection", ErrorKind::Auth, fmt::format("Lever rejected the credentials: {}", e.what()),
                  "check the key or token (a sandbox key works only with --sandbox, a production key only without)");
  }
  if (e.kind() == ErrorKind::Unavailable) {
    return failed("connection", ErrorKind::Unavailable,
                  fmt::format("Lever is unreachable at {}: {}", base_url, e.what()),
                  "check the network and proxy settings and the base URL; try again later if Lever is down");
  }
  if (e.kind() == ErrorKind::Protocol || (e.kind() == ErrorKind::InvalidInput && is_status(e, 404))) {
    return failed("connection", e.kind() == ErrorKind::Protocol ? ErrorKind::Protocol : ErrorKind::Config,
                  fmt::format("{} does not look like Lever's v1 API: {}", base_url, e.what()),
                  "check --lever-url / LEVER_API_BASE: Lever's is https://api.lever.co/v1");
  }
  return generic_failure("connection", e);
}

// ---- (4) perform_as -------------------------------------------------------------------------------

DoctorCheck judge_user(const rapidjson::Value& user, const std::string& given, const std::string& source) {
  const std::string id = get_string(user, "id");
  if (id.empty()) {
    return failed("perform_as", ErrorKind::Protocol, fmt::format("Lever's user record for {} has no id", given),
                  "run with -v to see the answer");
  }
  const std::string who = fmt::format("{} <{}> ({})", get_string(user, "name"), get_string(user, "email"), id);
  const rapidjson::Value* deactivated = get_member(user, "deactivatedAt");
  if (deactivated != nullptr && !deactivated->IsNull()) {
    return failed("perform_as", ErrorKind::Config, fmt::format("{} is deactivated", who),
                  "act as an active Lever user: set --perform-as or LEVER_PERFORM_AS to another user");
  }
  std::string detail = given == id ? who : fmt::format("{} → {}", given, who);
  if (const std::string role = get_string(user, "accessRole"); !role.empty()) detail += ", " + role;
  if (!source.empty()) detail += "; from " + source;
  return passed("perform_as", detail);
}

const char* kPerformAsFix =
    "give the e-mail of an existing Lever user exactly as Lever has it, or the user's id "
    "(--perform-as or LEVER_PERFORM_AS)";

DoctorCheck perform_as_by_email(const rapidjson::Value& users, const std::string& email, const std::string& source) {
  if (users.IsArray()) {
    for (const auto& user : users.GetArray()) {
      if (user.IsObject()) return judge_user(user, email, source);
    }
  }
  return failed("perform_as", ErrorKind::Config, fmt::format("no Lever user has the e-mail {}", email), kPerformAsFix);
}

DoctorCheck perform_as_by_id(LeverApi& api, const std::string& id, const std::string& source) {
  try {
    auto read = get_or_not_found(api, "/users/" + url_encode(id));
    if (auto* user = std::get_if<rapidjson::Document>(&read)) return judge_user(*user, id, source);
    const NotFound& nf = std::get<NotFound>(read);
    if (nf.says_no_such(id)) {
      return failed("perform_as", ErrorKind::Config, fmt::format("no Lever user has the id {} ({})", id, nf.said()),
                    kPerformAsFix);
    }
    if (nf.says_unknown_path()) return unknown_path("perform_as", nf);
    return unexpected_not_found("perform_as", nf);
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::InvalidInput) {  // 400: not a user id
      return failed("perform_as", ErrorKind::Config, fmt::format("Lever refused the user id {}: {}", id, e.what()),
                    kPerformAsFix);
    }
    if (e.kind() == ErrorKind::Auth) {
      return failed("perform_as", ErrorKind::Auth, fmt::format("the credentials may not read users: {}", e.what()),
                    "give the key read access to users (or the token the scope users:read:admin)");
    }
    return generic_failure("perform_as", e);
  }
}

// Unset perform_as: leads cannot be created without it; applicants need it only to add the files
// their form has no field for.
DoctorCheck perform_as_unset(ApplicationSource source) {
  if (source == ApplicationSource::Applicant) {
    return passed("perform_as", "not set; applicants need it only for files the form has no field for",
                  "set --perform-as USER_ID_OR_EMAIL or LEVER_PERFORM_AS if applicants bring such files");
  }
  return failed("perform_as", ErrorKind::Config, "not set",
                "set --perform-as USER_ID_OR_EMAIL or LEVER_PERFORM_AS; Lever needs it to create leads and to add "
                "files");
}

// ---- (5) posting and form -------------------------------------------------------------------------

DoctorCheck judge_posting(const rapidjson::Value& posting, const std::string& job_id, ApplicationSource source) {
  const std::string state = get_string(posting, "state");
  const std::string text = get_string(posting, "text");
  const std::string name = text.empty() ? job_id : fmt::format("\"{}\" ({})", text, job_id);
  if (state == "published" || state == "internal") {
    return passed("posting", fmt::format("{} is {}: accepts applicants and leads", name, state));
  }
  if (state.empty()) {
    return passed("posting", name + ": Lever did not say its state",
                  "check in Lever that the posting is published before creating applicants");
  }
  if (source == ApplicationSource::Lead) {
    return passed("posting",
                  fmt::format("{} is {}: leads can still be added to it; it takes no applicants", name, state),
                  "publish the posting in Lever (or make it internal) before creating applicants");
  }
  return failed("posting", ErrorKind::InvalidInput,
                fmt::format("{} is {}: it takes no applicants (--application-source applicant); leads can still be "
                            "added to it",
                            name, state),
                "publish the posting in Lever (or make it internal), pick another --job-id, or create leads");
}

DoctorCheck posting_not_found(const NotFound& nf, const std::string& job_id) {
  if (nf.says_no_such(job_id)) {
    return failed("posting", ErrorKind::InvalidInput, fmt::format("no posting has the id {} ({})", job_id, nf.said()),
                  "check --job-id: a posting's id is the last part of its jobs.lever.co link");
  }
  if (nf.says_unknown_path()) return unknown_path("posting", nf);
  return unexpected_not_found("posting", nf);
}

DoctorCheck posting_failure(const Error& e, const std::string& job_id) {
  if (e.kind() == ErrorKind::InvalidInput) {  // 400: not a posting id
    return failed("posting", ErrorKind::InvalidInput,
                  fmt::format("Lever refused the posting id {}: {}", job_id, e.what()),
                  "check --job-id: a posting's id is the last part of its jobs.lever.co link");
  }
  if (e.kind() == ErrorKind::Auth) {
    return failed("posting", ErrorKind::Auth,
                  fmt::format("the credentials may not read posting {}: {}", job_id, e.what()),
                  "a confidential posting needs a key created with access to confidential data; postings need "
                  "postings:read:admin");
  }
  return generic_failure("posting", e);
}

// A confidential posting's opportunities are listed only when asked for with confidentiality=all, and only
// to a key with access to confidential data: without it the duplicate check, re-runs and the search after
// an ambiguous create would find nothing (docs/lever-contract.md §1, "Lever's defaults").
DoctorCheck check_confidential(LeverApi& api, const std::string& job_id) {
  try {
    api.get("/opportunities", {{"posting_id", job_id}, {"confidentiality", "all"}, {"limit", "1"}});
    return passed("confidential",
                  "the posting is confidential; the key may list its opportunities (every lookup asks for "
                  "confidentiality=all)");
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::Interrupted) throw;
    if (is_status(e, 403) || is_status(e, 401)) {
      return failed("confidential", ErrorKind::Auth,
                    "the posting is confidential, but the key may not list confidential opportunities: existing "
                    "candidates could not be found, and re-runs would create duplicates",
                    "use a key created with access to confidential data (Lever: Settings → Integrations and API "
                    "→ API Credentials)");
    }
    return generic_failure("confidential", e);
  }
}

DoctorCheck judge_form(const rapidjson::Value& data) {
  const JobForm form = JobForm::parse(data);
  std::vector<std::string> required;
  for (const auto& field : form.fields) {
    if (field.required) required.push_back(field.text.empty() ? field.id : field.text);
  }
  std::string detail = fmt::format("{} question{}, {} required", form.fields.size(), form.fields.size() == 1 ? "" : "s",
                                   required.size());
  constexpr size_t kNamesShown = 6;
  for (size_t i = 0; i < required.size() && i < kNamesShown; ++i) detail += (i == 0 ? ": " : ", ") + required[i];
  if (required.size() > kNamesShown) detail += ", …";
  return passed("form", detail);
}

// The secret must never reach the output, even if a server echoes it in an error message. A very
// short "secret" (a test value) is left alone: replacing it would mangle ordinary words.
// ---- (6) the lookup lists -----------------------------------------------------------------------

// Owner, follower, stage and archive reason names in records are looked up in these lists: the key
// must be allowed to read them (Lever answers 403 otherwise, and the run would stop at the first
// record with a name).
DoctorCheck check_lookups(LeverApi& api, bool users_read, bool stages_read) {
  std::vector<std::string> counts;
  struct Read {
    const char* path;
    const char* what;
    bool already;
    QueryParams query;
  };
  const Read reads[] = {{"/users", "users", users_read, {{"limit", "1"}}},
                        {"/stages", "stages", stages_read, {}},
                        {"/archive_reasons", "archive reasons", false, {}}};
  for (const auto& read : reads) {
    if (read.already) continue;
    try {
      const rapidjson::Document list = api.get(read.path, read.query);
      if (read.path != std::string("/users"))
        counts.push_back(fmt::format("{} {}", list.IsArray() ? list.Size() : 0, read.what));
    } catch (const Error& e) {
      if (e.kind() == ErrorKind::Interrupted) throw;
      if (is_status(e, 403) || is_status(e, 401)) {
        return failed(
            "lookups", ErrorKind::Auth, fmt::format("the credentials may not read {} (GET {})", read.what, read.path),
            fmt::format("allow the key to read {} (Lever: Settings → Integrations and API → API Credentials), "
                        "or give ids instead of names for owner, followers, stage and archive reason",
                        read.what));
      }
      return generic_failure("lookups", e);
    }
  }
  return passed("lookups", "the credentials may read users, stages and archive reasons" +
                               (counts.empty() ? std::string() : " (" + join(counts, ", ") + ")"));
}

void redact(std::vector<DoctorCheck>& checks, const std::string& secret) {
  if (secret.size() < 6) return;
  for (auto& check : checks) {
    for (std::string* text : {&check.detail, &check.fix}) {
      for (size_t at = text->find(secret); at != std::string::npos; at = text->find(secret, at)) {
        text->replace(at, secret.size(), "[redacted]");
      }
    }
  }
}

// (3) The connection, probed with one cheap read: GET /users?email= when perform_as is an e-mail (its
// answer, kept in `users`, also settles perform_as), else GET /stages.
DoctorCheck probe_connection(LeverApi& api, const std::string& perform_as, std::optional<rapidjson::Document>& users,
                             const std::string& base_url) {
  const bool perform_as_email = perform_as.find('@') != std::string::npos;
  const std::string probe = perform_as_email ? "GET /users?email=" : "GET /stages";
  try {
    if (perform_as_email) {
      users = api.get("/users", {{"email", perform_as}, {"includeDeactivated", "true"}});
    } else {
      api.get("/stages", {});
    }
    return passed("connection", fmt::format("Lever answered {} and accepted the credentials", probe));
  } catch (const Error& e) {
    if (e.kind() == ErrorKind::Interrupted) throw;
    return connection_failure(e, probe, base_url);
  }
}

// (5) The posting (and whether it is confidential); true when it was read.
bool check_posting(LeverApi& api, const DoctorConfig& config, std::vector<DoctorCheck>& checks) {
  bool posting_read = false;
  try {
    auto read = get_or_not_found(api, "/postings/" + url_encode(config.job_id));
    if (auto* posting = std::get_if<rapidjson::Document>(&read)) {
      posting_read = true;
      checks.push_back(judge_posting(*posting, config.job_id, config.source));
      if (get_string(*posting, "confidentiality") == "confidential")
        checks.push_back(check_confidential(api, config.job_id));
    } else {
      checks.push_back(posting_not_found(std::get<NotFound>(read), config.job_id));
    }
  } catch (const Error& e) {
    checks.push_back(posting_failure(e, config.job_id));
  }
  return posting_read;
}

DoctorCheck check_form(LeverApi& api, const std::string& job_id) {
  try {
    // The posting was just read, so a 404 here is not about the posting: report what it says.
    auto read = get_or_not_found(api, "/postings/" + url_encode(job_id) + "/apply");
    if (auto* form = std::get_if<rapidjson::Document>(&read)) return judge_form(*form);
    const NotFound& nf = std::get<NotFound>(read);
    return nf.says_unknown_path() ? unknown_path("form", nf) : unexpected_not_found("form", nf);
  } catch (const Error& e) {
    return generic_failure("form", e);
  }
}

}  // namespace

CredentialReport inspect_lever_credentials(const CredentialSources& sources) {
  CredentialReport report;
  if (!sources.api_key_file.empty()) {
    report.source = "--api-key-file " + sources.api_key_file;
    report.key_file = sources.api_key_file;
    if (!sources.env_api_key.empty()) report.ignored.push_back("LEVER_API_KEY");
    if (!sources.env_access_token.empty()) report.ignored.push_back("LEVER_ACCESS_TOKEN");
  } else if (!sources.env_api_key.empty()) {
    report.source = "LEVER_API_KEY";
    if (!sources.env_access_token.empty()) report.ignored.push_back("LEVER_ACCESS_TOKEN");
  } else if (!sources.env_access_token.empty()) {
    report.source = "LEVER_ACCESS_TOKEN";
  }
  try {
    std::vector<std::string> warnings;  // the mode is checked below, as a fact rather than a sentence
    report.credentials = resolve_lever_credentials(sources, warnings);
  } catch (const Error& e) {
    report.error = e;
  }
  struct stat st {};
  if (!report.key_file.empty() && ::stat(report.key_file.c_str(), &st) == 0) {
    report.key_file_shared = (st.st_mode & (S_IRGRP | S_IROTH)) != 0;
  }
  return report;
}

std::vector<DoctorCheck> run_lever_doctor(const DoctorConfig& config, LeverSession& session) {
  const LeverSettings& settings = session.settings();
  std::vector<DoctorCheck> checks;
  checks.push_back(check_credentials(config.credentials));
  const bool have_credentials = checks.back().ok;
  checks.push_back(check_base_url(settings.endpoint.base_url, config.base_url_source));
  const bool url_usable = checks.back().ok;

  // (3) One cheap read. With a perform_as e-mail it is GET /users?email=, whose answer also settles
  // check (4) — one request instead of two; otherwise GET /stages, a small list every key that
  // creates candidates may read (GET /users/{id} would not do: its 404 could not tell an unknown user
  // from a wrong base URL).
  const std::string& perform_as = settings.perform_as;
  const bool perform_as_email = perform_as.find('@') != std::string::npos;
  std::unique_ptr<HttpTransport> transport;
  std::optional<RequestExecutor> executor;
  std::optional<LeverApi> api;
  std::optional<rapidjson::Document> users;
  if (!have_credentials || !url_usable) {
    // Never send a key over a refused URL, nor a request without credentials.
    checks.push_back(skipped("connection", have_credentials ? "the base URL is refused (see base_url)"
                                                            : "no usable credentials (see credentials)"));
  } else {
    transport = session.new_transport();
    executor.emplace(session.executor(*transport, settings.retry));
    api.emplace(settings.endpoint, *executor);
    checks.push_back(probe_connection(*api, perform_as, users, settings.endpoint.base_url));
  }
  const bool connected = checks.back().ok;

  // (4) perform_as: its absence is known without asking Lever.
  if (perform_as.empty()) {
    checks.push_back(perform_as_unset(config.source));
  } else if (!connected) {
    checks.push_back(skipped("perform_as", kSeeConnection));
  } else if (perform_as_email) {
    checks.push_back(perform_as_by_email(*users, perform_as, config.perform_as_source));
  } else {
    checks.push_back(perform_as_by_id(*api, perform_as, config.perform_as_source));
  }

  // (5) The posting, then its form (read even for a closed posting: the form still says what
  // applicants would have to answer once it is published).
  if (!config.job_id.empty()) {
    bool posting_read = false;
    if (!connected) {
      checks.push_back(skipped("posting", kSeeConnection));
    } else {
      posting_read = check_posting(*api, config, checks);
    }
    if (!posting_read) {
      checks.push_back(skipped("form", connected ? "the posting could not be read (see posting)" : kSeeConnection));
    } else {
      checks.push_back(check_form(*api, config.job_id));
    }
  }

  // (6) The lists names are resolved from (docs/lever-contract.md §2, "Names"); a list the connection
  // probe already read is not read again.
  if (!connected) {
    checks.push_back(skipped("lookups", kSeeConnection));
  } else {
    checks.push_back(check_lookups(*api, /*users_read=*/perform_as_email, /*stages_read=*/!perform_as_email));
  }

  redact(checks, settings.endpoint.credentials.secret);
  return checks;
}

std::optional<Error> doctor_verdict(const std::vector<DoctorCheck>& checks) {
  size_t failures = 0;
  const DoctorCheck* first = nullptr;
  for (const auto& check : checks) {
    if (!check.failed()) continue;
    ++failures;
    if (first == nullptr) first = &check;
  }
  if (first == nullptr) return std::nullopt;
  return Error(first->kind, fmt::format("{} of {} checks failed", failures, checks.size()),
               fmt::format("fix the problems above, starting with {}, then run doctor again", first->name));
}

}  // namespace tc
