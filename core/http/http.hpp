#pragma once
// HTTP as the core sees it: plain request/response values and a transport interface, so the
// create logic can be driven by tests without sockets (tests use a fake HttpTransport; the product
// uses CurlTransport in core/http/curl_transport.hpp).
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tc {

struct Header {
  std::string name;
  std::string value;
};

// One part of a multipart/form-data body.
struct FormPart {
  std::string name;   // "name", "emails[]", "phones[0][value]", "resumeFile", "files[]", "file"
  std::string value;  // the text value, or the file's bytes when is_file
  bool is_file = false;
  std::string file_name;     // file parts only
  std::string content_type;  // file parts only, e.g. "application/pdf"
};

// The credentials a request carries, as data: the transport hands them to libcurl, which builds the
// Authorization header itself, so no header string of ours ever holds the secret.
struct HttpAuth {
  enum class Kind { None, Basic, Bearer };
  Kind kind = Kind::None;
  std::string user;    // Basic: the user name (Lever: the API key)
  std::string secret;  // Basic: the password (Lever: empty); Bearer: the token
};

struct HttpRequest {
  std::string method = "GET";
  std::string url;              // absolute, query string included
  HttpAuth auth;                // none for attachment downloads
  std::vector<Header> headers;  // never Authorization: credentials travel in `auth`
  std::string body;             // JSON body (when form is empty)
  std::vector<FormPart> form;   // non-empty => multipart/form-data
  // Writes that are not idempotent must never be silently re-sent by the HTTP stack on a dead keep-alive
  // connection (docs/lever-contract.md §5): such a request is sent on a new connection, never a reused one.
  bool fresh_connection = false;
};

struct HttpResponse {
  int status = 0;
  std::vector<Header> headers;
  std::string body;
  // Case-insensitive header lookup; empty when absent.
  std::string header(const std::string& name) const;
  // Retry-After in seconds (delta-seconds or HTTP date), when present and sane.
  std::optional<double> retry_after_seconds() const;
};

enum class TransportOutcome {
  Responded,  // an HTTP response arrived (any status)
  NotSent,    // certainly not processed: DNS failure, connection refused, TLS handshake failure
  Ambiguous,  // the request may have been processed: timeout or reset after sending
};

struct TransportResult {
  TransportOutcome outcome = TransportOutcome::Responded;
  HttpResponse response;   // valid when outcome == Responded
  std::string error;       // human-readable transport error otherwise
  bool permanent = false;  // retrying cannot help (TLS trust, refused scheme)
  bool timed_out = false;
};

class HttpTransport {
 public:
  virtual ~HttpTransport() = default;
  virtual TransportResult send(const HttpRequest& request) = 0;
};

// Where per-worker transports come from (one per thread: a CurlTransport owns a curl handle).
using TransportFactory = std::function<std::unique_ptr<HttpTransport>()>;

// Percent-encodes a query parameter value (RFC 3986 unreserved characters kept, and the characters
// of `also_keep`, e.g. "/" for a path).
std::string url_encode(const std::string& value, const char* also_keep = "");

using QueryParams = std::vector<std::pair<std::string, std::string>>;

std::string user_agent();  // "truto-candidates/<version>"
// base + path + "?k=v&k2=v2" with values percent-encoded; repeated keys stay repeated.
std::string build_url(const std::string& base, const std::string& path, const QueryParams& query);

}  // namespace tc
