#pragma once
// Option groups shared by the subcommands (ARCHITECTURE.md §3): each is a plain struct, a setup function that
// registers its flags on a CLI11 app, and a resolve step that turns it into core settings.
#include "cli/cli11_fwd.hpp"

#include <memory>
#include <string>
#include <vector>

#include "cli/context.hpp"
#include "cli/setting_options.hpp"
#include "core/input/field_flags.hpp"
#include "core/input/record_reader.hpp"
#include "core/input/resume_folder.hpp"
#include "core/lever/session.hpp"
#include "core/model/duplicates.hpp"
#include "core/model/target.hpp"
#include "core/truto/session.hpp"
#include "core/util/config_file.hpp"
#include "core/util/settings.hpp"

namespace tc::cli {

struct TargetOptions {
  std::string job_id;
  std::string application_source = "lead";
  std::string integrated_account_id;
  std::string via = setting("via").default_text;
  bool send_confirmation_email = false;
};

struct PayloadOptions {
  std::string input;  // FILE or "-"
  std::string input_format = "auto";
  bool allow_empty = false;
  std::string resume_dir;         // --resume-dir: relative résumé/attachment paths, and résumés by e-mail
  std::vector<std::string> maps;  // --map COLUMN=FIELD lines
  std::string mapping_file;       // --mapping FILE
  std::string encoding;           // --encoding NAME (iconv); "" = recognised from the text
  std::string delimiter;          // --delimiter C ("tab" / "\t" too); "" = sniffed from the header line
  // Field flags: CLI11 fills these; `options` remembers which were given.
  std::string first_name, last_name, title, company, remote_data;
  std::vector<std::string> locations, emails, phones, links, tags, resumes, attachments, answers;
  CLI::Option* first_name_opt = nullptr;
  CLI::Option* last_name_opt = nullptr;
  CLI::Option* title_opt = nullptr;
  CLI::Option* company_opt = nullptr;
  CLI::Option* remote_data_opt = nullptr;
  // Lever's fields (the record's `lever` object); batch-wide with multi-record input, like --tag.
  std::string owner, stage, origin, created_at, archive_reason;
  std::vector<std::string> followers, sources, notes;
  CLI::Option* owner_opt = nullptr;
  CLI::Option* stage_opt = nullptr;
  CLI::Option* origin_opt = nullptr;
  CLI::Option* created_at_opt = nullptr;
  CLI::Option* archive_reason_opt = nullptr;
  // How dates are read (core/util/date_reader.hpp): --date-format (strptime) and --timezone (IANA name).
  std::string date_format, timezone;

  FieldFlags field_flags() const;
};

struct ConnectionOptions {
  std::string api_key_file;
  std::string perform_as;
  std::string lever_url;
  bool sandbox = false;
  std::string truto_url;
  std::string cacert;
  double timeout = setting("timeout").number;
  double connect_timeout = setting("connect_timeout").number;
  int retries = static_cast<int>(setting("retries").number);
  double retry_delay = setting("retry_delay").number;  // base of the backoff (RetryPolicy::base_delay)
};

// Truto's options on the unified call (docs/lever-contract.md §6).
struct TrutoOptions {
  std::string response_format;            // unified|raw|normalized ("" = Truto's default)
  bool no_remote_data = false;            // truto_ignore_remote_data=true
  std::vector<std::string> remote_query;  // KEY=VALUE → remote_query[KEY]=VALUE
};

struct OutputOptions {
  std::string output;  // table|json|ndjson, "" = decide from the terminal
  std::string field;
  bool quiet = false;
  bool verbose = false;
  std::string color = setting("color").default_text;
};

struct BulkOptions {
  size_t concurrency = static_cast<size_t>(setting("concurrency").number);
  double rate = 0;  // 0 = the route's default
  std::string journal;
  bool fail_fast = false;
  std::string rejects;  // --rejects FILE: the records not created or matched (ARCHITECTURE.md §5)
  // skip|merge|create|fail (ARCHITECTURE.md §5, duplicates); "" = not given: skip on the lever route,
  // create on the truto route (which cannot look candidates up).
  std::string on_duplicate;
};

// Each registers its group's flags on `app`; the setting flags among them are recorded in `bindings`, the
// command's (cli/setting_options.hpp), which lays the config file's values under them.
void add_target_options(CLI::App& app, SettingBindings& bindings, TargetOptions& o, bool with_confirmation);
void add_payload_options(CLI::App& app, PayloadOptions& o);
void add_connection_options(CLI::App& app, SettingBindings& bindings, ConnectionOptions& o);
void add_truto_options(CLI::App& app, TrutoOptions& o);
void add_output_options(CLI::App& app, SettingBindings& bindings, OutputOptions& o, bool with_field);
void add_bulk_options(CLI::App& app, SettingBindings& bindings, BulkOptions& o);
// --on-duplicate (create has it among the bulk options; validate on its own).
void add_on_duplicate_option(CLI::App& app, SettingBindings& bindings, std::string& on_duplicate);

// The environment as the commands see it: the real one, with the config file's secrets
// (lever_api_key, lever_access_token, truto_api_token) filling variables that are unset.
GetEnv environment_with_config(GetEnv env, const ConfigFile& config);

Target resolve_target(const TargetOptions& o);
// The Lever settings of a run. `need_credentials` false for --dry-run (nothing is sent).
LeverSettings resolve_lever_settings(const TargetOptions& target, const ConnectionOptions& connection,
                                     const BulkOptions* bulk, const Context& ctx, bool need_credentials);
// The truto route's settings: TRUTO_API_TOKEN (Config error when missing unless `need_token` is false),
// --truto-url / TRUTO_API_BASE, the integrated account, Truto's options.
TrutoSettings resolve_truto_settings(const TargetOptions& target, const ConnectionOptions& connection,
                                     const TrutoOptions& truto, const BulkOptions& bulk, const Context& ctx,
                                     bool need_token);
// --on-duplicate as a policy ("" = the route's default); the truto route, which cannot look candidates
// up, takes only `create` and refuses the others (Usage).
OnDuplicate resolve_on_duplicate(const std::string& value, const Target& target);
TransportOptions resolve_transport_options(const ConnectionOptions& connection);
// Where a command's sessions get their per-worker transports: the context's maker with these options.
TransportFactory make_transport_factory(const ConnectionOptions& connection, const Context& ctx);
// The trace sink for -v (stderr, one line each), or an empty function.
TraceSink make_trace(const OutputOptions& output, const Context& ctx);

// An open input: the file (or stdin, or a "{}" stand-in when only field flags are given) and a reader.
struct OpenInput {
  std::unique_ptr<std::istream> owned;
  std::unique_ptr<RecordReader> reader;
  bool from_flags_only = false;
  // --resume-dir, listed once (nullptr without it).
  std::shared_ptr<const ResumeFolder> resume_folder;
};
// `notices`: the reader's notices (Windows-1252 fallback, unnamed columns) go to stderr as "note: …"; false
// for a second reading of the same input, so that each is said once.
OpenInput open_input(const PayloadOptions& payload, const Context& ctx, bool notices = true);
// How many records a line-based input file (NDJSON, CSV) holds, counted cheaply in advance for the
// progress bar's ETA; nullopt for stdin, JSON arrays and anything else.
std::optional<size_t> count_records_hint(const PayloadOptions& payload);

}  // namespace tc::cli
