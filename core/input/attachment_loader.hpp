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

// The file types Lever parses as a résumé (docs/lever-contract.md §2), by the file name's extension
// (case-insensitive): pdf, doc, docx, txt, rtf, odt, html, htm, png, jpg, jpeg, gif.
bool is_supported_resume_name(const std::string& file_name);

// What can be known of a local attachment without reading it (ARCHITECTURE.md §4): it exists, is a regular
// file this process may read, holds at most 30 MB, and — for a résumé — has a type Lever takes. `file_name`
// is the name it is sent under ("" = the path's last segment). Throws tc::Error with one problem at
// `pointer`/file_url naming the path: NoInput (missing, not a file, unreadable), InvalidInput (too large, a
// résumé of another type).
void check_local_attachment(const std::string& path, const std::string& file_name, bool is_resume,
                            const std::string& pointer);

// `source` is a URL or a local path; `pointer` names the record field in errors ("/attachments/0").
// Throws tc::Error: NoInput for a missing/unreadable file, InvalidInput for too large / refused URL,
// Unavailable when a download fails.
LoadedFile load_attachment(const std::string& source, const std::string& file_name, HttpTransport& transport,
                           const std::string& pointer);

}  // namespace tc
