#pragma once
// A request as --dry-run prints it: method, URL, headers (secrets redacted) and the body as JSON, or
// the multipart parts with file parts described by their source instead of their bytes.
#include <rapidjson/document.h>

#include "core/http.hpp"

namespace tc {

// File parts of `request` are expected to carry their source (path or URL) in `value` (the bytes are
// not loaded for a dry run).
rapidjson::Value describe_request(const HttpRequest& request, rapidjson::Document::AllocatorType& alloc);

}  // namespace tc
