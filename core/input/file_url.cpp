#include "core/input/file_url.hpp"

#include <cctype>
#include <utility>

#include "core/http/url.hpp"
#include "core/util/strings.hpp"

namespace tc {

namespace {

// libcurl decodes "%zz" and a trailing "%2" as the literal text; a path with them is a typing mistake.
bool has_malformed_escape(std::string_view path) {
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] != '%') continue;
    if (i + 2 >= path.size()) return true;
    if (!std::isxdigit(static_cast<unsigned char>(path[i + 1])) ||
        !std::isxdigit(static_cast<unsigned char>(path[i + 2])))
      return true;
    i += 2;
  }
  return false;
}

// `text` in quotes for a message, control bytes shown as '?'.
std::string quoted(const std::string& text) {
  std::string out = "\"" + text + "\"";
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20) c = '?';
  }
  return out;
}

std::string last_segment(const std::string& path) { return path.substr(path.find_last_of('/') + 1); }

FileUrlReading refused(const std::string& pointer, std::string message) {
  FileUrlReading reading;
  reading.problem = Problem{pointer + "/file_url", std::move(message)};
  return reading;
}

FileUrlReading not_local(const std::string& text, const std::string& pointer) {
  return refused(pointer, quoted(text) +
                              " is not a local file URL; write file:///absolute/path (a file URL cannot name "
                              "another machine)");
}

// RFC 8089 names this machine with an empty authority or "localhost"; libcurl also takes "127.0.0.1", which is
// refused here so that the accepted spellings are exactly file:///, file://localhost/ and file:/.
bool names_this_machine(const std::string& text) {
  const std::string_view rest = std::string_view(text).substr(5);  // after "file:"
  if (rest.substr(0, 2) != "//") return true;
  const std::string_view authority = rest.substr(2, rest.find('/', 2) - 2);
  return authority.empty() || lower(authority) == "localhost";
}

FileUrlReading read_local(const std::string& text, const Url& url, const std::string& pointer) {
  if (!names_this_machine(text)) return not_local(text, pointer);
  const std::string shown = quoted(text);
  // libcurl drops an empty "?" or "#", so the text itself is looked at too.
  if (url.query || url.fragment || text.find_first_of("?#") != std::string::npos) {
    return refused(pointer, shown +
                                " has a query or fragment, which a local file has not; write a '?' or '#' of the file "
                                "name as %3F or %23");
  }
  if (has_malformed_escape(url.path)) {
    return refused(pointer, shown + " has a malformed %-escape; write a '%' of the file name as %25");
  }
  if (!url.decoded_path) {
    return refused(pointer, shown + " encodes a control byte (%00–%1F), which a file name here cannot hold");
  }
  const std::string& path = *url.decoded_path;
  if (path.empty() || path.front() != '/') {
    return refused(pointer, shown + " is not an absolute path; write file:///absolute/path");
  }
  if (path.back() == '/') return refused(pointer, shown + " names a directory, not a file");
  FileUrlReading reading;
  reading.source.location = path;
  reading.source.file_name = last_segment(path);
  reading.source.is_local_file = true;
  return reading;
}

}  // namespace

FileUrlReading read_file_url(std::string_view file_url, const std::string& attachment_pointer) {
  const std::string text(trim(file_url));
  if (text.empty()) {
    return refused(attachment_pointer,
                   "no usable file_url: none is given, so there are no bytes to send; give an https:// URL or a local "
                   "file (file:///absolute/path, or --resume / --attachment PATH)");
  }
  const std::optional<Url> url = parse_url(text);
  if (!url) {
    if (lower(text.substr(0, 5)) == "file:") return not_local(text, attachment_pointer);
    return refused(attachment_pointer,
                   quoted(text) + " is not a URL; give an https:// URL or a local file as file:///absolute/path");
  }
  if (url->scheme == "file") return read_local(text, *url, attachment_pointer);
  if (const std::string reason = refusal_reason(*url); !reason.empty()) {
    return refused(attachment_pointer, reason + "; give an https:// URL (http only to loopback) or file:///path");
  }
  FileUrlReading reading;
  reading.source.location = text;
  // A name that does not decode (a control byte) is kept as written.
  reading.source.file_name = last_segment(url->decoded_path.value_or(url->path));
  return reading;
}

}  // namespace tc
