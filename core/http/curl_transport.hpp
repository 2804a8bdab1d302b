#pragma once
// HttpTransport over libcurl. One instance per thread: it owns one easy handle (RAII), reused so that
// connections are kept alive; a request marked fresh_connection is never sent on a reused one.
#include <memory>
#include <string>

#include "core/http/http.hpp"

namespace tc {

struct TransportOptions {
  long timeout_ms = 30000;  // whole request; milliseconds, so that --timeout 0.3 or 1.5 is kept whole
  long connect_timeout_ms = 10000;
  std::string ca_file;  // --cacert: a private CA bundle; verification itself is never off
  size_t max_response_bytes = 64u << 20;
};

// Call once from main before any thread starts (curl_global_init is not thread-safe).
class CurlGlobal {
 public:
  CurlGlobal();
  ~CurlGlobal();
  CurlGlobal(const CurlGlobal&) = delete;
  CurlGlobal& operator=(const CurlGlobal&) = delete;
};

class CurlTransport : public HttpTransport {
 public:
  explicit CurlTransport(TransportOptions options);
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  TransportResult send(const HttpRequest& request) override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tc
