#include "core/input/attachment_loader.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/http/multipart_fields.hpp"
#include "core/http/url.hpp"
#include "core/util/error.hpp"
#include "core/util/strings.hpp"

namespace tc {

namespace {

std::string last_segment(const std::string& path) { return path.substr(path.find_last_of('/') + 1); }

// An error about a local file: the message and one problem at the attachment's file_url, both naming it.
Error file_error(
    ErrorKind kind, const std::string& pointer, const std::string& what,
    const std::string& hint = "check the path given to --resume / --attachment, the CSV cell or file_url") {
  return Error(kind, fmt::format("{}: {}", pointer, what), {Problem{pointer + "/file_url", what}}, hint);
}

}  // namespace

bool is_supported_resume_name(const std::string& file_name) {
  // The types content_type_for_file_name names; anything else would go as application/octet-stream.
  return content_type_for_file_name(file_name) != "application/octet-stream";
}

void check_local_attachment(const std::string& path, const std::string& file_name, bool is_resume,
                            const std::string& pointer) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    throw file_error(ErrorKind::NoInput, pointer, fmt::format("attachment file {}: {}", path, std::strerror(errno)));
  }
  if (!S_ISREG(st.st_mode)) {
    throw file_error(ErrorKind::NoInput, pointer, fmt::format("attachment {} is not a regular file", path));
  }
  if (::access(path.c_str(), R_OK) != 0) {
    throw file_error(ErrorKind::NoInput, pointer,
                     fmt::format("cannot read attachment {}: {}", path, std::strerror(errno)));
  }
  if (static_cast<size_t>(st.st_size) > kMaxAttachmentBytes) {
    throw file_error(ErrorKind::InvalidInput, pointer,
                     fmt::format("attachment {} is {} bytes; Lever accepts at most 30 MB", path, st.st_size),
                     "make the file smaller, or leave it out");
  }
  const std::string name = file_name.empty() ? last_segment(path) : file_name;
  if (is_resume && !is_supported_resume_name(name)) {
    throw file_error(ErrorKind::InvalidInput, pointer,
                     fmt::format("the résumé {} is not of a type Lever reads (\"{}\"); it takes pdf, doc, docx, txt, "
                                 "rtf, odt, html, png, jpg or gif",
                                 path, name),
                     "convert it (to PDF, say), or send it as another attachment rather than the résumé");
  }
}

namespace {

LoadedFile load_local(const std::string& path, const std::string& file_name, const std::string& pointer) {
  check_local_attachment(path, file_name, false, pointer);
  std::ifstream in(path, std::ios::binary);
  if (!in) throw file_error(ErrorKind::NoInput, pointer, fmt::format("cannot read attachment {}", path));
  std::ostringstream buffer;
  buffer << in.rdbuf();
  LoadedFile file;
  file.bytes = buffer.str();
  file.file_name = file_name.empty() ? last_segment(path) : file_name;
  file.content_type = content_type_for_file_name(file.file_name);
  return file;
}

}  // namespace

LoadedFile load_attachment(const std::string& source, const std::string& file_name, HttpTransport& transport,
                           const std::string& pointer) {
  // A local source is an absolute path (core/input/file_url.hpp); a URL never starts with '/'.
  if (!source.empty() && source.front() == '/') return load_local(source, file_name, pointer);

  std::optional<Url> url = parse_url(source);
  for (int hop = 0; hop <= kMaxAttachmentRedirects; ++hop) {
    if (!url) throw Error(ErrorKind::InvalidInput, fmt::format("{}/file_url: \"{}\" is not a URL", pointer, source));
    if (const std::string refusal = refusal_reason(*url); !refusal.empty()) {
      // The reason names the host; the URL itself is not shown, as its user information may hold a password.
      throw Error(ErrorKind::InvalidInput, fmt::format("{}/file_url: downloading is refused: {}", pointer, refusal),
                  kSecureUrlHint);
    }
    HttpRequest request;
    request.url = url->text;  // no credentials: attachment hosts are not Lever
    TransportResult result = transport.send(request);
    if (result.outcome != TransportOutcome::Responded) {
      throw Error(ErrorKind::Unavailable,
                  fmt::format("{}/file_url: cannot download {}: {}", pointer, url->text, result.error));
    }
    const int status = result.response.status;
    if (status >= 300 && status < 400) {
      const std::string location = result.response.header("Location");
      if (location.empty()) break;
      url = resolve_url(*url, location);
      if (!url) {
        throw Error(ErrorKind::InvalidInput,
                    fmt::format("{}/file_url: downloading {} redirects to \"{}\", which is not a URL", pointer, source,
                                location));
      }
      continue;
    }
    if (status != 200) {
      throw Error(ErrorKind::InvalidInput,
                  fmt::format("{}/file_url: downloading {} answered HTTP {}", pointer, url->text, status));
    }
    if (result.response.body.size() > kMaxAttachmentBytes) {
      throw Error(ErrorKind::InvalidInput, fmt::format("{}/file_url: {} is larger than 30 MB", pointer, url->text));
    }
    LoadedFile file;
    file.bytes = std::move(result.response.body);
    file.file_name = file_name.empty() ? last_segment(url->decoded_path.value_or(url->path)) : file_name;
    if (file.file_name.empty()) file.file_name = "attachment";
    std::string type = result.response.header("Content-Type");
    file.content_type = type.empty() ? content_type_for_file_name(file.file_name) : type.substr(0, type.find(';'));
    // A share link answers with a web page about the file; only a file named *.html may be one.
    if (lower(trim(file.content_type)) == "text/html" && content_type_for_file_name(file.file_name) != "text/html") {
      throw Error(ErrorKind::InvalidInput,
                  fmt::format("{}/file_url: {} answered a web page (text/html), not a file", pointer, url->text),
                  "a share link (Google Drive, Dropbox) opens a page: give the direct download link, or download the "
                  "file and give its path");
    }
    return file;
  }
  throw Error(ErrorKind::InvalidInput, fmt::format("{}/file_url: too many redirects fetching {}", pointer, source));
}

}  // namespace tc
