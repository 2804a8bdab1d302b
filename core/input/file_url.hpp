#pragma once
// Reads an attachment's file_url (ARCHITECTURE.md §4, docs/lever-contract.md §2): the one place that decides
// whether its bytes are a local file or a download, used alike by the lead and the applicant mapping.
//
// Accepted:
//   - a local file: file:///absolute/path, and the two other RFC 8089 spellings of this machine that libcurl reads
//     the same way, file://localhost/absolute/path and file:/absolute/path. The path is percent-decoded by libcurl.
//   - a download: https://…, or http://… to a loopback host (core/http/url.hpp decides, as for every URL).
// Refused, each with its own message: no file_url; text libcurl cannot parse; a file URL naming another host, with
// a query or fragment (write '?' and '#' in a path as %3F and %23), a malformed escape (%zz, %2), an escape that
// decodes to a control byte (%00–%1F; a NUL would cut the path short), a path that is not absolute or names a
// directory; a download libcurl must not fetch (plain http off loopback, user@host, another scheme).
#include <optional>
#include <string>
#include <string_view>

#include "core/util/error.hpp"

namespace tc {

struct AttachmentSource {
  std::string location;        // the absolute local path (decoded), or the download URL as given
  std::string file_name;       // the last path segment, percent-decoded; "" when the path ends in '/'
  bool is_local_file = false;  // `location` is a local path
};

struct FileUrlReading {
  AttachmentSource source;         // meaningful only without a problem
  std::optional<Problem> problem;  // what is wrong, at "<attachment_pointer>/file_url"
};

// `attachment_pointer` is the attachment's JSON pointer in the record ("/attachments/2"); leading and trailing
// blanks of `file_url` are ignored.
FileUrlReading read_file_url(std::string_view file_url, const std::string& attachment_pointer);

}  // namespace tc
