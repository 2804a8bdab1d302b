// What httplib does not expose about a request's connection: its socket, whether the connection served
// requests before (keep-alive reuse), whether the client has gone, and a way to drop it unanswered.
#pragma once
#include <httplib.h>

#include <map>
#include <mutex>
#include <utility>

namespace tc::sandbox {

class Connections {
 public:
  // True when this request is not the first one on its connection. Call once per request.
  bool count_request(const httplib::Request& request);
  // True when the client has closed its side (it gave up waiting).
  static bool client_gone(const httplib::Request& request);
  // Closes the connection now, before any byte of the answer: the client sees an empty reply.
  static void drop(const httplib::Request& request);

 private:
  std::mutex mutex_;
  std::map<int, std::pair<int, int>> by_socket_;  // socket -> (client port, requests served)
};

}  // namespace tc::sandbox
