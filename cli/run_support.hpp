#pragma once
// Pieces `create` and `validate` share: the record preparer (field flags + validation) and turning a
// run summary into the command's outcome.
#include <memory>

#include "cli/options.hpp"
#include "cli/results_printer.hpp"
#include "core/input/record_normalizer.hpp"
#include "core/run/record_runner.hpp"
#include "core/validation/validation.hpp"

namespace tc::cli {

// --date-format and --timezone as the record normalizer takes them (the zone read once, here).
RecordValueOptions resolve_value_options(const PayloadOptions& payload, const Context& ctx);

// Lays the field flags over each record, gives it its résumé from --resume-dir, normalises its values
// (core/input/record_normalizer.hpp) and validates it. With multi-record input, --tag and the lever flags are
// batch-wide values (apply_batch_wide_flags) and the flags describing one person a usage error; a run with
// neither --input nor field flags has nothing to create.
RecordPreparer make_preparer(const PayloadOptions& payload, const OpenInput& input, const Target& target,
                             const Validator& validator, RecordValueOptions values);

// Throws the run's error (fatal, interrupted, a single record's failure, "no records"); otherwise
// returns 0, or `partial_status` when some records of a multi-record run failed.
int conclude(const RunSummary& summary, const ResultsPrinter& printer, bool allow_empty, int partial_status);

// Checks the target before any record is read (job id, integrated account, confirmation e-mail); the
// hint names `command`'s help. Without `need_job_id` a missing --job-id passes (offline validation).
void check_target(const Target& target, const Validator& validator, const std::string& command, bool need_job_id);

}  // namespace tc::cli
