#include "cli/run_support.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "cli/time_zone.hpp"
#include "core/util/error.hpp"

namespace tc::cli {

RecordValueOptions resolve_value_options(const PayloadOptions& payload, const Context& ctx) {
  RecordValueOptions values;
  values.dates.format = payload.date_format;
  values.dates.zone = load_time_zone(payload.timezone, ctx);
  return values;
}

RecordPreparer make_preparer(const PayloadOptions& payload, const OpenInput& input, const Target& target,
                             const Validator& validator, RecordValueOptions values) {
  FieldFlags flags = payload.field_flags();
  const RecordReader* reader = input.reader.get();
  const bool flags_only = input.from_flags_only;
  std::shared_ptr<const ResumeFolder> resume_folder = input.resume_folder;
  return [flags, reader, flags_only, resume_folder, target, &validator,
          values = std::move(values)](rapidjson::Document& record) {
    // A --rejects file's `error` member: the tool's own note, not a field (ARCHITECTURE.md §5).
    if (record.IsObject()) record.RemoveMember("error");
    if (flags.any()) {
      if (reader->is_multi()) {
        // --tag and the lever flags are batch-wide there; flags that describe one person are not.
        if (flags.any_person()) {
          throw Error(ErrorKind::Usage,
                      "field flags that describe one person (--first-name, --email, …) cannot be combined with "
                      "multi-record input",
                      "put the fields into the input records, or give a single JSON object; --tag, --owner, "
                      "--follower, --stage, --source, --origin, --created-at, --archive-reason and --note apply "
                      "to every record");
        }
        apply_batch_wide_flags(record, flags);
      } else {
        apply_field_flags(record, flags);
      }
    } else if (flags_only) {
      throw Error(ErrorKind::Usage, "nothing to create: no --input and no field flags",
                  "give --first-name/--last-name/--email … or --input FILE (- for stdin)");
    }
    std::optional<Problem> resume_problem;
    if (resume_folder) resume_problem = resume_folder->attach(record);  // --resume-dir: DIR/<e-mail>.*
    std::vector<Problem> normalizing = normalize_record(record, values);
    std::vector<Problem> problems = validator.validate_request(record, target);
    merge_problems(problems, std::move(normalizing));
    if (resume_problem) problems.push_back(std::move(*resume_problem));
    return problems;
  };
}

void check_target(const Target& target, const Validator& validator, const std::string& command, bool need_job_id) {
  std::vector<Problem> problems = validator.validate_query(target);
  if (!need_job_id && target.job_id.empty()) {
    problems.erase(
        std::remove_if(problems.begin(), problems.end(), [](const Problem& p) { return p.pointer == "/job_id"; }),
        problems.end());
  }
  if (problems.empty()) return;
  std::string message;
  for (const auto& p : problems) message += (message.empty() ? "" : "; ") + p.message;
  throw Error(ErrorKind::Usage, message, "see truto-candidates " + command + " --help");
}

int conclude(const RunSummary& summary, const ResultsPrinter& printer, bool allow_empty, int partial_status) {
  if (summary.interrupted) {
    throw Error(ErrorKind::Interrupted,
                fmt::format("interrupted: {} records done, {} read but not attempted",
                            summary.records - summary.not_attempted, summary.not_attempted),
                "run the same command again on the whole input (not a rejects file: the records never read are not in "
                "it), with the same --journal if one was given");
  }
  if (summary.fatal) throw *summary.fatal;
  if (printer.single_error()) throw *printer.single_error();
  if (summary.records == 0 && !allow_empty) {
    throw Error(ErrorKind::InvalidInput, "no records in the input", "give at least one record, or --allow-empty");
  }
  if (printer.multi() && (summary.failed > 0 || summary.unknown > 0)) return partial_status;
  return 0;
}

}  // namespace tc::cli
