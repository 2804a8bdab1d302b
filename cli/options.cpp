#include "cli/options.hpp"

#include <CLI/CLI.hpp>

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>

#include "cli/setting_options.hpp"
#include "core/http/url.hpp"
#include "core/input/column_mapping.hpp"
#include "core/input/delimiters.hpp"
#include "core/input/text_decoder.hpp"
#include "core/lever/credentials.hpp"
#include "core/util/error.hpp"

namespace tc::cli {

FieldFlags PayloadOptions::field_flags() const {
  FieldFlags f;
  auto given = [](CLI::Option* opt) { return opt != nullptr && opt->count() > 0; };
  if (given(first_name_opt)) f.first_name = first_name;
  if (given(last_name_opt)) f.last_name = last_name;
  if (given(title_opt)) f.title = title;
  if (given(company_opt)) f.company = company;
  if (given(remote_data_opt)) f.remote_data = remote_data;
  f.locations = locations;
  f.emails = emails;
  f.phones = phones;
  f.links = links;
  f.tags = tags;
  f.resumes = resumes;
  f.attachments = attachments;
  f.answers = answers;
  if (given(owner_opt)) f.owner = owner;
  if (given(stage_opt)) f.stage = stage;
  if (given(origin_opt)) f.origin = origin;
  if (given(created_at_opt)) f.created_at = created_at;
  if (given(archive_reason_opt)) f.archive_reason = archive_reason;
  f.followers = followers;
  f.sources = sources;
  f.notes = notes;
  return f;
}

void add_target_options(CLI::App& app, SettingBindings& bindings, TargetOptions& o, bool with_confirmation) {
  app.add_option("--job-id", o.job_id, "Lever posting id (required; with --input, a record's job_id overrides it)")
      ->group("Target");
  app.add_option("--application-source", o.application_source,
                 "lead (added by a user, default) or applicant (applies to the posting)")
      ->check(CLI::IsMember({"lead", "applicant"}))
      ->group("Target");
  add_setting_option(app, bindings, "integrated_account_id", o.integrated_account_id)->group("Target");
  add_setting_option(app, bindings, "via", o.via)->group("Target");
  if (with_confirmation) {
    app.add_flag("--send-confirmation-email", o.send_confirmation_email,
                 "ask Lever to e-mail the applicant a confirmation (applicant only)")
        ->group("Target");
  }
}

void add_payload_options(CLI::App& app, PayloadOptions& o) {
  const char* g = "Payload";
  app.add_option("-i,--input", o.input, "JSON object, JSON array, NDJSON or CSV file; - for stdin")->group(g);
  app.add_option("--input-format", o.input_format, "auto (default), json, ndjson or csv")
      ->check(CLI::IsMember({"auto", "json", "ndjson", "csv"}))
      ->group(g);
  app.add_flag("--allow-empty", o.allow_empty, "an input with no record is not an error")->group(g);
  app.add_option("--resume-dir", o.resume_dir,
                 "folder of résumés: DIR/<e-mail>.* for records without one; relative file cells are taken from it")
      ->group(g);
  app.add_option("--map", o.maps, "COLUMN=FIELD: read an input column (or JSON key) as FIELD; COLUMN= ignores it")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
      ->allow_extra_args(false)
      ->delimiter('\0')
      ->group(g);
  app.add_option("--mapping", o.mapping_file, "FILE of COLUMN=FIELD lines, like --map ('#' comments)")->group(g);
  app.add_option("--encoding", o.encoding,
                 "the input's encoding, any iconv name (default: UTF-8, or UTF-16 by its byte-order mark; "
                 "other text is read as Windows-1252, with a note)")
      ->group(g);
  app.add_option("--delimiter", o.delimiter,
                 "delimited text's separator: , ; | or tab (default: found in the header line)")
      ->group(g);
  o.first_name_opt = app.add_option("--first-name", o.first_name, "first name")->group(g);
  o.last_name_opt = app.add_option("--last-name", o.last_name, "last name")->group(g);
  o.title_opt = app.add_option("--title", o.title, "current title")->group(g);
  o.company_opt = app.add_option("--company", o.company, "current company")->group(g);
  auto repeatable = [&](const char* name, std::vector<std::string>& into, const char* help) {
    app.add_option(name, into, help)
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll)
        ->allow_extra_args(false)
        ->delimiter('\0')
        ->group(g);
  };
  repeatable("--location", o.locations, "a location (repeatable)");
  repeatable("--email", o.emails, "[TYPE=]ADDRESS (repeatable)");
  repeatable("--phone", o.phones, "[TYPE=]NUMBER (repeatable)");
  repeatable("--link", o.links, "[TYPE=]URL (repeatable)");
  repeatable("--tag", o.tags, "a tag (repeatable; batch-wide with multi-record input)");
  repeatable("--resume", o.resumes, "resume file PATH or https URL");
  repeatable("--attachment", o.attachments, "another file PATH or https URL (repeatable)");
  repeatable("--answer", o.answers, "[GROUP_ID/]NAME=VALUE form answer (applicant; repeatable)");
  o.remote_data_opt =
      app.add_option("--remote-data", o.remote_data, "JSON object merged into Lever's body as is")->group(g);
  // Lever's fields: one record's, or batch-wide values for every record of a multi-record input.
  const char* lg = "Lever fields (batch-wide with multi-record input)";
  o.owner_opt = app.add_option("--owner", o.owner, "owner: a Lever user's e-mail or id")->group(lg);
  repeatable("--follower", o.followers, "a follower: a Lever user's e-mail or id (repeatable)");
  o.stage_opt = app.add_option("--stage", o.stage, "stage: its name (any case) or id")->group(lg);
  repeatable("--source", o.sources, "a source, e.g. \"Career fair 2026\" (repeatable)");
  o.origin_opt = app.add_option("--origin", o.origin, "agency, applied, internal, referred, sourced or university")
                     ->check(CLI::IsMember({"agency", "applied", "internal", "referred", "sourced", "university"}))
                     ->group(lg);
  o.created_at_opt =
      app.add_option("--created-at", o.created_at,
                     "original creation time: RFC 3339 (2024-03-01T09:00:00Z) or a date like 2024-03-01, 1 Mar 2024")
          ->group(lg);
  o.archive_reason_opt =
      app.add_option("--archive-reason", o.archive_reason, "archive with this reason: its name (any case) or id")
          ->group(lg);
  repeatable("--note", o.notes, "a note TEXT added after the create (repeatable)");
  app.add_option("--date-format", o.date_format,
                 "strptime FORMAT for dates other than RFC 3339 and the unambiguous export forms, e.g. '%m/%d/%Y'")
      ->group(lg);
  app.add_option("--timezone", o.timezone, "IANA time zone of dates that carry none, e.g. Europe/Berlin (default UTC)")
      ->group(lg);
  for (const char* name : {"--follower", "--source", "--note"}) app.get_option(name)->group(lg);
}

void add_connection_options(CLI::App& app, SettingBindings& bindings, ConnectionOptions& o) {
  const char* g = "Connection";
  add_setting_option(app, bindings, "lever_api_key", o.api_key_file)->group(g);
  add_setting_option(app, bindings, "perform_as", o.perform_as)->group(g);
  add_setting_option(app, bindings, "lever_url", o.lever_url)->group(g);
  app.add_flag("--sandbox", o.sandbox, std::string("use Lever's sandbox, ") + kLeverSandboxApiBase)->group(g);
  add_setting_option(app, bindings, "truto_url", o.truto_url)->group(g);
  add_setting_option(app, bindings, "cacert", o.cacert)->group(g);
  add_setting_option(app, bindings, "timeout", o.timeout)->group(g);
  add_setting_option(app, bindings, "connect_timeout", o.connect_timeout)->group(g);
  add_setting_option(app, bindings, "retries", o.retries)->group(g);
  add_setting_option(app, bindings, "retry_delay", o.retry_delay)->group(g);
}

void add_truto_options(CLI::App& app, TrutoOptions& o) {
  const char* g = "Truto route";
  app.add_option("--response-format", o.response_format, "truto_response_format: unified, raw or normalized")
      ->check(CLI::IsMember({"unified", "raw", "normalized"}))
      ->group(g);
  app.add_flag("--no-remote-data", o.no_remote_data, "truto_ignore_remote_data: leave remote_data out of the answer")
      ->group(g);
  app.add_option("--remote-query", o.remote_query, "KEY=VALUE passed to Lever as remote_query[KEY] (repeatable)")
      ->allow_extra_args(false)
      ->delimiter('\0')
      ->group(g);
}

void add_output_options(CLI::App& app, SettingBindings& bindings, OutputOptions& o, bool with_field) {
  const char* g = "Output";
  add_setting_option(app, bindings, "output", o.output)->group(g);
  if (with_field)
    app.add_option("--field", o.field, "print one value of the result, by JSON pointer (e.g. /id)")->group(g);
  app.add_flag("-q,--quiet", o.quiet, "no progress or summary on stderr")->group(g);
  app.add_flag("-v,--verbose", o.verbose, "trace requests and responses on stderr (secrets redacted)")->group(g);
  add_setting_option(app, bindings, "color", o.color)->group(g);
}

void add_bulk_options(CLI::App& app, SettingBindings& bindings, BulkOptions& o) {
  const char* g = "Bulk";
  add_setting_option(app, bindings, "concurrency", o.concurrency)->group(g);
  add_setting_option(app, bindings, "rate", o.rate)->group(g);
  app.add_option("--journal", o.journal, "append-only journal FILE: a re-run skips records already created")->group(g);
  app.add_flag("--fail-fast", o.fail_fast, "stop at the first failed record")->group(g);
  app.add_option("--rejects", o.rejects,
                 "write every record not created or matched to FILE, in the input's format with an error "
                 "column/member, to fix and feed back")
      ->group(g);
  add_on_duplicate_option(app, bindings, o.on_duplicate);
}

void add_on_duplicate_option(CLI::App& app, SettingBindings& bindings, std::string& on_duplicate) {
  add_setting_option(app, bindings, "on_duplicate", on_duplicate)->group("Bulk");
}

OnDuplicate resolve_on_duplicate(const std::string& value, const Target& target) {
  if (value.empty()) return target.via == Route::Truto ? OnDuplicate::Create : OnDuplicate::Skip;
  const OnDuplicate policy = parse_on_duplicate(value).value_or(OnDuplicate::Skip);
  if (target.via == Route::Truto && policy != OnDuplicate::Create) {
    throw Error(ErrorKind::Usage,
                fmt::format("--on-duplicate {} needs a lookup by e-mail and posting, which the truto route cannot "
                            "make: Truto does not document filtering its unified candidate list by e-mail and job "
                            "for Lever",
                            value),
                "use --on-duplicate create with --via truto (duplicates are then possible), or --via lever");
  }
  return policy;
}

GetEnv environment_with_config(GetEnv env, const ConfigFile& config) {
  return [env = std::move(env), config](const char* name) {
    std::string value = env(name);
    if (!value.empty()) return value;
    for (const Setting& s : kSettings) {
      if (s.secret && s.env != nullptr && std::strcmp(s.env, name) == 0)
        return config.get(std::string(s.key)).value_or("");
    }
    return value;
  };
}

Target resolve_target(const TargetOptions& o) {
  Target t;
  t.job_id = o.job_id;
  t.source = o.application_source == "applicant" ? ApplicationSource::Applicant : ApplicationSource::Lead;
  t.integrated_account_id = o.integrated_account_id;
  t.via = o.via == "truto" ? Route::Truto : Route::Lever;
  t.send_confirmation_email = o.send_confirmation_email;
  return t;
}

LeverSettings resolve_lever_settings(const TargetOptions& target, const ConnectionOptions& connection,
                                     const BulkOptions* bulk, const Context& ctx, bool need_credentials) {
  LeverSettings s;
  s.target = resolve_target(target);
  std::string base = connection.lever_url;
  if (base.empty()) base = connection.sandbox ? kLeverSandboxApiBase : kLeverApiBase;
  require_secure_url(base, "--lever-url");
  s.endpoint.base_url = trim_trailing_slash(base);
  std::vector<std::string> warnings;
  CredentialSources sources{connection.api_key_file, ctx.env("LEVER_API_KEY"), ctx.env("LEVER_ACCESS_TOKEN")};
  std::optional<LeverCredentials> credentials = resolve_lever_credentials(sources, warnings);
  for (const auto& w : warnings) ctx.err << "warning: " << w << "\n";
  if (credentials) {
    s.endpoint.credentials = *credentials;
  } else if (need_credentials) {
    throw_missing_lever_credentials();
  }
  s.perform_as = connection.perform_as;
  s.retry.retries = connection.retries;
  s.retry.base_delay = connection.retry_delay;
  s.rate = bulk != nullptr && bulk->rate > 0 ? bulk->rate : kLeverDefaultRate;
  return s;
}

TrutoSettings resolve_truto_settings(const TargetOptions& target, const ConnectionOptions& connection,
                                     const TrutoOptions& truto, const BulkOptions& bulk, const Context& ctx,
                                     bool need_token) {
  TrutoSettings s;
  s.target = resolve_target(target);
  const std::string base = connection.truto_url.empty() ? std::string(kTrutoApiBase) : connection.truto_url;
  require_secure_url(base, "--truto-url");
  s.base_url = trim_trailing_slash(base);
  s.token = ctx.env("TRUTO_API_TOKEN");
  if (s.token.empty() && need_token) {
    throw Error(ErrorKind::Config, "no Truto API token", "set TRUTO_API_TOKEN (Truto → Settings → API tokens)");
  }
  s.retry.retries = connection.retries;
  s.retry.base_delay = connection.retry_delay;
  s.rate = bulk.rate > 0 ? bulk.rate : kTrutoDefaultRate;
  s.response_format = truto.response_format;
  s.ignore_remote_data = truto.no_remote_data;
  for (const auto& item : truto.remote_query) {
    const auto eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      throw Error(ErrorKind::Usage, "--remote-query \"" + item + "\" is not KEY=VALUE",
                  "example: --remote-query parse=true");
    }
    s.remote_query.emplace_back(item.substr(0, eq), item.substr(eq + 1));
  }
  return s;
}

TransportOptions resolve_transport_options(const ConnectionOptions& connection) {
  TransportOptions t;
  t.timeout_ms = std::lround(connection.timeout * 1000);
  t.connect_timeout_ms = std::lround(connection.connect_timeout * 1000);
  t.ca_file = connection.cacert;
  return t;
}

TransportFactory make_transport_factory(const ConnectionOptions& connection, const Context& ctx) {
  return [make = ctx.transports, options = resolve_transport_options(connection)] { return make(options); };
}

TraceSink make_trace(const OutputOptions& output, const Context& ctx) {
  if (!output.verbose) return {};
  auto mutex = std::make_shared<std::mutex>();
  std::ostream* err = &ctx.err;
  return [mutex, err](std::string_view line) {
    std::lock_guard<std::mutex> lock(*mutex);
    *err << line << '\n';
    err->flush();
  };
}

namespace {

bool has_suffix(const std::string& name, const char* suffix) {
  const size_t n = std::strlen(suffix);
  return name.size() > n && name.compare(name.size() - n, n, suffix) == 0;
}

}  // namespace

namespace {

// Whether a file read with --input-format auto is delimited text: its first character (after a byte-order
// mark, blanks and UTF-16's NUL bytes) is not '{' or '[' (core/input/record_reader.hpp).
bool starts_as_delimited_text(const std::string& name) {
  std::ifstream in(name, std::ios::binary);
  char buffer[512];
  in.read(buffer, sizeof buffer);
  const std::string_view start(buffer, static_cast<size_t>(in.gcount()));
  for (size_t i = 0; i < start.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(start[i]);
    const bool mark = c == 0xEF || c == 0xBB || c == 0xBF || c == 0xFF || c == 0xFE;
    if (mark || c == 0 || c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c != '{' && c != '[';
  }
  return false;
}

// --delimiter as a character ('\0' when not given); given, the input is delimited text. Throws Usage for a
// value that is not one character, or with --input-format json/ndjson.
char delimiter_option(const PayloadOptions& payload, InputFormat& format) {
  if (payload.delimiter.empty()) return '\0';
  const std::optional<char> named = delimiter_named(payload.delimiter);
  if (!named)
    throw Error(ErrorKind::Usage, "--delimiter " + shell_quote(payload.delimiter) + ": give one character",
                "e.g. --delimiter ';', --delimiter '|' or --delimiter tab");
  if (format == InputFormat::Json || format == InputFormat::Ndjson)
    throw Error(ErrorKind::Usage,
                "--delimiter is for delimited text (CSV, TSV), not --input-format " + payload.input_format);
  format = InputFormat::Csv;  // a delimiter says what the input is, whatever its name
  return *named;
}

// The reader's text settings, whatever the input is (file or stdin); its notices as "note: …" on stderr.
void configure_text(RecordReader& reader, const std::string& encoding, char delimiter, const Context& ctx,
                    bool notices) {
  reader.set_encoding(encoding);
  reader.set_delimiter(delimiter);
  if (!notices) return;
  std::ostream* err = &ctx.err;
  reader.set_notice_sink([err](std::string_view text) { *err << "note: " << text << "\n"; });
}

}  // namespace

std::optional<size_t> count_records_hint(const PayloadOptions& payload) {
  const std::string& name = payload.input;
  if (name.empty() || name == "-") return std::nullopt;
  const bool automatic = payload.input_format == "auto";
  const bool ndjson =
      payload.input_format == "ndjson" || (automatic && (has_suffix(name, ".ndjson") || has_suffix(name, ".jsonl")));
  const bool csv = payload.input_format == "csv" || (automatic && !payload.delimiter.empty()) ||
                   (automatic && has_suffix(name, ".csv")) || (automatic && !ndjson && starts_as_delimited_text(name));
  if (!csv && !ndjson) return std::nullopt;
  std::ifstream in(name, std::ios::binary);
  if (!in) return std::nullopt;
  size_t lines = 0;
  bool blank = true;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    for (std::streamsize i = 0; i < in.gcount(); ++i) {
      const char c = buffer[i];
      if (c == '\n') {
        if (!blank) ++lines;
        blank = true;
      } else if (c != '\r' && c != ' ' && c != '\t' && c != '\0') {  // NUL: UTF-16's other byte
        blank = false;
      }
    }
  }
  if (!blank) ++lines;
  if (csv) return lines > 0 ? lines - 1 : 0;  // the header row (multi-line quoted cells make this approximate)
  return lines;
}

OpenInput open_input(const PayloadOptions& payload, const Context& ctx, bool notices) {
  OpenInput input;
  InputFormat format = InputFormat::Auto;
  if (payload.input_format == "json") format = InputFormat::Json;
  if (payload.input_format == "ndjson") format = InputFormat::Ndjson;
  if (payload.input_format == "csv") format = InputFormat::Csv;
  const char delimiter = delimiter_option(payload, format);
  require_known_encoding(payload.encoding);
  auto configure = [&](RecordReader& reader) { configure_text(reader, payload.encoding, delimiter, ctx, notices); };
  if (!payload.resume_dir.empty()) input.resume_folder = std::make_shared<const ResumeFolder>(payload.resume_dir);
  ColumnMapping mapping;
  if (!payload.mapping_file.empty()) mapping.add_file(payload.mapping_file, 0);
  for (const auto& line : payload.maps) mapping.add(line, "--map " + shell_quote(line), 1);
  if (payload.input.empty() && !mapping.empty()) {
    throw Error(ErrorKind::Usage, "--map and --mapping rename the columns of --input, and no --input is given",
                "give --input FILE, or drop the mapping");
  }
  if (payload.input.empty()) {
    input.owned = std::make_unique<std::istringstream>("{}");
    input.from_flags_only = true;
    input.reader = std::make_unique<RecordReader>(*input.owned, InputFormat::Auto, "flags");
    return input;
  }
  if (payload.input == "-") {
    input.reader = std::make_unique<RecordReader>(ctx.in, format, "stdin");
    configure(*input.reader);
    if (input.resume_folder) input.reader->set_files_folder(input.resume_folder->folder());
    input.reader->set_column_mapping(std::move(mapping));
    return input;
  }
  struct stat st {};
  if (::stat(payload.input.c_str(), &st) != 0) {
    throw Error(ErrorKind::NoInput, fmt::format("--input {}: {}", payload.input, std::strerror(errno)),
                "check the path; use - to read standard input");
  }
  if (S_ISDIR(st.st_mode)) {
    throw Error(ErrorKind::NoInput, fmt::format("--input {}: is a directory", payload.input), "give a file");
  }
  auto file = std::make_unique<std::ifstream>(payload.input, std::ios::binary);
  if (!*file) {
    throw Error(ErrorKind::NoInput, fmt::format("--input {}: {}", payload.input, std::strerror(errno)));
  }
  const std::string& name = payload.input;
  if (format == InputFormat::Auto && has_suffix(name, ".csv")) format = InputFormat::Csv;
  if (format == InputFormat::Auto && (has_suffix(name, ".ndjson") || has_suffix(name, ".jsonl"))) {
    format = InputFormat::Ndjson;
  }
  input.owned = std::move(file);
  input.reader = std::make_unique<RecordReader>(*input.owned, format, payload.input);
  configure(*input.reader);
  // Relative file paths in the input are the input's own: taken from its folder, whatever the current
  // directory (ARCHITECTURE.md §4); --resume-dir names another folder for them.
  std::error_code ec;
  const std::filesystem::path input_folder = std::filesystem::absolute(payload.input, ec).parent_path();
  input.reader->set_files_folder(input.resume_folder ? input.resume_folder->folder() : input_folder.string());
  input.reader->set_column_mapping(std::move(mapping));
  return input;
}

}  // namespace tc::cli
