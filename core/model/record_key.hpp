#pragma once
// The identity of a record sent to a target: a hash of the record's canonical JSON (members sorted,
// so their order does not matter) and the target. The journal keys its lines by it and the truto
// route derives its Idempotency-Key from it, so both stay stable across retries and re-runs.
#include <rapidjson/document.h>

#include <string>

#include "core/model/target.hpp"

namespace tc {

// 32 hex digits. Object keys are sorted first, so member order does not matter.
std::string journal_key(const rapidjson::Value& record, const Target& target);

}  // namespace tc
