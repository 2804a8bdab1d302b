#pragma once
// Reads an attachment's bytes: a local file (from --resume/--attachment or file:///) or an https URL
// (http only on loopback), capped at Lever's 30 MB and following at most 5 redirects, each re-checked.
#include <string>

#include "core/http/http.hpp"

namespace tc {

constexpr size_t kMaxAttachmentBytes = 30u * 1024 * 1024;
constexpr int kMaxAttachmentRedirects = 5;

struct LoadedFile {
  std::string file_name;
  std::string content_type;
  std::string bytes;
};

// `source` is a URL or a local path; `pointer` names the record field in errors ("/attachments/0").
// Throws tc::Error: NoInput for a missing/unreadable file, InvalidInput for too large / refused URL,
// Unavailable when a download fails.
LoadedFile load_attachment(const std::string& source, const std::string& file_name, HttpTransport& transport,
                           const std::string& pointer);

}  // namespace tc
