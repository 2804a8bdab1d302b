#include "core/input/attachment_loader.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>

#include "core/http/multipart_fields.hpp"
#include "core/http/url.hpp"
#include "core/util/error.hpp"

namespace tc {

namespace {

std::string last_segment(const std::string& path) { return path.substr(path.find_last_of('/') + 1); }

LoadedFile load_local(const std::string& path, const std::string& file_name, const std::string& pointer) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    throw Error(ErrorKind::NoInput, fmt::format("{}: attachment file {}: {}", pointer, path, std::strerror(errno)),
                "check the path given to --resume / --attachment or file_url");
  }
  if (!S_ISREG(st.st_mode)) {
    throw Error(ErrorKind::NoInput, fmt::format("{}: attachment {} is not a regular file", pointer, path));
  }
  if (static_cast<size_t>(st.st_size) > kMaxAttachmentBytes) {
    throw Error(ErrorKind::InvalidInput,
                fmt::format("{}: attachment {} is {} bytes; Lever accepts at most 30 MB", pointer, path, st.st_size));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorKind::NoInput, fmt::format("{}: cannot read attachment {}", pointer, path));
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
    return file;
  }
  throw Error(ErrorKind::InvalidInput, fmt::format("{}/file_url: too many redirects fetching {}", pointer, source));
}

}  // namespace tc
