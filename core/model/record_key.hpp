#pragma once
// The identity of a record sent to a target: the SHA-256 of the record's canonical JSON (members
// sorted, so their order does not matter) and the target — the record's own posting when it has a job_id, so
// one person sent to two postings has two keys. The journal keys its lines by it and the
// truto route derives its Idempotency-Key from it, so both stay stable across retries and re-runs.
#include <rapidjson/document.h>

#include <string>

#include "core/model/target.hpp"

namespace tc {

// 64 lowercase hex digits (SHA-256). Object keys are sorted first, so member order does not matter.
std::string journal_key(const rapidjson::Value& record, const Target& target);

// The key journals written before SHA-256 used (two 64-bit FNV-1a hashes of the same text, 32 hex
// digits). Only for finding records in such a journal, so that an interrupted import resumes after
// the upgrade (ARCHITECTURE.md §5); never for new lines.
std::string legacy_fnv_journal_key(const rapidjson::Value& record, const Target& target);

}  // namespace tc
