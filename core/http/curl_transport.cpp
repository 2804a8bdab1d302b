#include "core/http/curl_transport.hpp"

#include <curl/curl.h>

#include <cstring>
#include <optional>
#include <utility>

#include "core/http/url.hpp"
#include "core/util/error.hpp"

namespace tc {

namespace {

struct EasyDeleter {
  void operator()(CURL* h) const { curl_easy_cleanup(h); }
};
struct SlistDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
struct MimeDeleter {
  void operator()(curl_mime* m) const { curl_mime_free(m); }
};
using EasyHandle = std::unique_ptr<CURL, EasyDeleter>;
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;
using Mime = std::unique_ptr<curl_mime, MimeDeleter>;

struct ResponseSink {
  HttpResponse* response;
  size_t max_bytes;
  bool too_large = false;
};

size_t on_body(char* data, size_t size, size_t count, void* user) {
  auto* sink = static_cast<ResponseSink*>(user);
  const size_t n = size * count;
  if (sink->response->body.size() + n > sink->max_bytes) {
    sink->too_large = true;
    return 0;  // aborts the transfer
  }
  sink->response->body.append(data, n);
  return n;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto* response = static_cast<HttpResponse*>(user);
  const size_t n = size * count;
  std::string line(data, n);
  while (!line.empty() && (line.back() == '\r' || line.back() == '\n')) line.pop_back();
  if (line.rfind("HTTP/", 0) == 0) {
    response->headers.clear();  // a new response (after 100 Continue or a redirect)
    return n;
  }
  const auto colon = line.find(':');
  if (colon == std::string::npos) return n;
  std::string value = line.substr(colon + 1);
  const auto first = value.find_first_not_of(" \t");
  value = first == std::string::npos ? std::string() : value.substr(first);
  response->headers.push_back({line.substr(0, colon), value});
  return n;
}

// Errors where the request certainly never reached the server.
bool never_sent(CURLcode code) {
  switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT: return true;
    default: return false;
  }
}

// Errors that retrying will not cure (configuration, TLS trust).
bool permanent(CURLcode code) {
  switch (code) {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT: return true;
    default: return false;
  }
}

// The request's own settings on a reset handle: where to, how long, which trust, which connection.
void set_connection_options(CURL* h, const Url& url, const TransportOptions& options, bool fresh_connection) {
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_URL, url.text.c_str());
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, url.scheme.c_str());  // only the scheme checked by the caller
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);                 // never carry credentials to another host
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, options.timeout_ms);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, options.connect_timeout_ms);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
  if (!options.ca_file.empty()) curl_easy_setopt(h, CURLOPT_CAINFO, options.ca_file.c_str());
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
  if (fresh_connection) {
    // libcurl silently sends a request again when a *reused* connection dies before any answer; on a new
    // one it never does. Closed afterwards: nothing of a write's connection is left for another request.
    curl_easy_setopt(h, CURLOPT_FRESH_CONNECT, 1L);
    curl_easy_setopt(h, CURLOPT_FORBID_REUSE, 1L);
  }
}

// libcurl writes the Authorization header from these. With one scheme allowed it is sent with the
// first request, not after a 401 challenge; curl_easy_reset() clears them again.
void set_auth(CURL* h, const HttpAuth& auth) {
  switch (auth.kind) {
    case HttpAuth::Kind::None: break;
    case HttpAuth::Kind::Basic:
      curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BASIC);
      curl_easy_setopt(h, CURLOPT_USERNAME, auth.user.c_str());
      curl_easy_setopt(h, CURLOPT_PASSWORD, auth.secret.c_str());
      break;
    case HttpAuth::Kind::Bearer:
      curl_easy_setopt(h, CURLOPT_HTTPAUTH, CURLAUTH_BEARER);
      curl_easy_setopt(h, CURLOPT_XOAUTH2_BEARER, auth.secret.c_str());
      break;
  }
}

Slist header_list(const HttpRequest& request) {
  Slist headers;
  auto add_header = [&headers](const std::string& line) {
    curl_slist* next = curl_slist_append(headers.get(), line.c_str());
    if (next == nullptr) throw Error(ErrorKind::Internal, "out of memory building headers");
    (void)headers.release();
    headers.reset(next);
  };
  for (const auto& hdr : request.headers) add_header(hdr.name + ": " + hdr.value);
  add_header("Expect:");  // no 100-continue round trip
  return headers;
}

// The method and the body (a multipart form, or the request's bytes). The form it returns must
// outlive the transfer.
Mime set_method_and_body(CURL* h, const HttpRequest& request) {
  Mime mime;
  if (!request.form.empty()) {
    mime.reset(curl_mime_init(h));
    for (const auto& part : request.form) {
      curl_mimepart* p = curl_mime_addpart(mime.get());
      curl_mime_name(p, part.name.c_str());
      curl_mime_data(p, part.value.data(), part.value.size());
      if (part.is_file) {
        curl_mime_filename(p, part.file_name.c_str());
        curl_mime_type(p, part.content_type.empty() ? "application/octet-stream" : part.content_type.c_str());
      }
    }
    curl_easy_setopt(h, CURLOPT_MIMEPOST, mime.get());
  } else if (request.method == "POST" || request.method == "PUT" || request.method == "PATCH") {
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.c_str());
  }
  if (request.method != "GET" && request.method != "POST") {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  } else if (request.method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  }
  return mime;
}

}  // namespace

CurlGlobal::CurlGlobal() {
  if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
    throw Error(ErrorKind::Internal, "libcurl could not be initialised");
  }
}
CurlGlobal::~CurlGlobal() { curl_global_cleanup(); }

struct CurlTransport::Impl {
  TransportOptions options;
  EasyHandle easy;
  char error_buffer[CURL_ERROR_SIZE] = {};
};

CurlTransport::CurlTransport(TransportOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->easy.reset(curl_easy_init());
  if (!impl_->easy) throw Error(ErrorKind::Internal, "libcurl could not create a handle");
}

CurlTransport::~CurlTransport() = default;

TransportResult CurlTransport::send(const HttpRequest& request) {
  TransportResult result;
  // Defence in depth: the configuration layer and the attachment loader already refuse such URLs. libcurl is
  // given the URL as its own parser wrote it back, so it connects to the host checked here.
  const std::optional<Url> url = parse_url(request.url);
  const std::string refusal = url ? refusal_reason(*url) : "not a URL";
  if (!refusal.empty()) {
    result.outcome = TransportOutcome::NotSent;
    result.permanent = true;
    result.error = "refusing to send: " + refusal + " (" + kSecureUrlHint + ")";
    return result;
  }

  CURL* h = impl_->easy.get();
  curl_easy_reset(h);
  impl_->error_buffer[0] = '\0';
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, impl_->error_buffer);
  set_connection_options(h, *url, impl_->options, request.fresh_connection);
  set_auth(h, request.auth);
  const Slist headers = header_list(request);
  const Mime mime = set_method_and_body(h, request);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers.get());

  ResponseSink sink{&result.response, impl_->options.max_response_bytes};
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &result.response);

  const CURLcode code = curl_easy_perform(h);
  long status = 0;
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
  long request_size = 0;
  curl_easy_getinfo(h, CURLINFO_REQUEST_SIZE, &request_size);
  // Unhook pointers to locals before they go out of scope.
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
  curl_easy_setopt(h, CURLOPT_MIMEPOST, nullptr);

  if (code == CURLE_OK) {
    result.outcome = TransportOutcome::Responded;
    result.response.status = static_cast<int>(status);
    return result;
  }
  std::string detail = impl_->error_buffer[0] != '\0' ? impl_->error_buffer : curl_easy_strerror(code);
  if (sink.too_large) detail = "response larger than the allowed maximum";
  result.error = detail;
  result.permanent = permanent(code);
  // Nothing of the request went out (request_size counts header bytes sent): certainly not processed.
  result.outcome = (never_sent(code) || request_size == 0) ? TransportOutcome::NotSent : TransportOutcome::Ambiguous;
  result.timed_out = code == CURLE_OPERATION_TIMEDOUT;
  result.response = HttpResponse{};
  return result;
}

}  // namespace tc
