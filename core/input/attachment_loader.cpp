#include "core/input/attachment_loader.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/http/multipart_fields.hpp"
#include "core/http/url.hpp"
#include "core/util/error.hpp"

namespace tc {

namespace {

std::string base_name(const std::string& path) {
  const auto slash = path.find_last_of('/');
  std::string name = slash == std::string::npos ? path : path.substr(slash + 1);
  const auto query = name.find_first_of("?#");
  return query == std::string::npos ? name : name.substr(0, query);
}

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
  file.file_name = file_name.empty() ? base_name(path) : file_name;
  file.content_type = content_type_for_file_name(file.file_name);
  return file;
}

}  // namespace

LoadedFile load_attachment(const std::string& source, const std::string& file_name, HttpTransport& transport,
                           const std::string& pointer) {
  if (source.find("://") == std::string::npos) return load_local(source, file_name, pointer);

  std::string url = source;
  for (int hop = 0; hop <= kMaxAttachmentRedirects; ++hop) {
    UrlParts parts;
    if (!parse_url(url, parts) ||
        !(parts.scheme == "https" || (parts.scheme == "http" && is_loopback_host(parts.host)))) {
      throw Error(ErrorKind::InvalidInput,
                  fmt::format("{}/file_url: {} is refused (https only; http only on loopback)", pointer, url));
    }
    HttpRequest request;
    request.url = url;  // no credentials: attachment hosts are not Lever
    TransportResult result = transport.send(request);
    if (result.outcome != TransportOutcome::Responded) {
      throw Error(ErrorKind::Unavailable,
                  fmt::format("{}/file_url: cannot download {}: {}", pointer, url, result.error));
    }
    const int status = result.response.status;
    if (status >= 300 && status < 400) {
      std::string location = result.response.header("Location");
      if (location.empty()) break;
      if (location[0] == '/') {
        // Relative to this URL's origin (scheme, host and port).
        const auto path_start = url.find_first_of("/?#", parts.scheme.size() + 3);
        location = url.substr(0, path_start) + location;
      }
      url = location;
      continue;
    }
    if (status != 200) {
      throw Error(ErrorKind::InvalidInput,
                  fmt::format("{}/file_url: downloading {} answered HTTP {}", pointer, url, status));
    }
    if (result.response.body.size() > kMaxAttachmentBytes) {
      throw Error(ErrorKind::InvalidInput, fmt::format("{}/file_url: {} is larger than 30 MB", pointer, url));
    }
    LoadedFile file;
    file.bytes = std::move(result.response.body);
    file.file_name = file_name.empty() ? base_name(url) : file_name;
    if (file.file_name.empty()) file.file_name = "attachment";
    std::string type = result.response.header("Content-Type");
    file.content_type = type.empty() ? content_type_for_file_name(file.file_name) : type.substr(0, type.find(';'));
    return file;
  }
  throw Error(ErrorKind::InvalidInput, fmt::format("{}/file_url: too many redirects fetching {}", pointer, source));
}

}  // namespace tc
