#include "connections.hpp"

#include <arpa/inet.h>
#include <dirent.h>
#include <poll.h>
#include <sys/socket.h>

#include <cstdlib>

namespace tc::sandbox {

namespace {

int port_of(const sockaddr_storage& address) {
  if (address.ss_family == AF_INET) return ntohs(reinterpret_cast<const sockaddr_in&>(address).sin_port);
  if (address.ss_family == AF_INET6) return ntohs(reinterpret_cast<const sockaddr_in6&>(address).sin6_port);
  return -1;
}

// The server-side socket whose ends are the request's local and remote ports (httplib keeps it private).
int socket_of(const httplib::Request& request) {
  DIR* fds = opendir("/proc/self/fd");
  if (fds == nullptr) return -1;
  int found = -1;
  while (const dirent* entry = readdir(fds)) {
    const int fd = std::atoi(entry->d_name);
    if (fd <= 2 || fd == dirfd(fds)) continue;
    sockaddr_storage local{}, peer{};
    socklen_t local_size = sizeof local, peer_size = sizeof peer;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&local), &local_size) != 0) continue;
    if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_size) != 0) continue;
    if (port_of(local) == request.local_port && port_of(peer) == request.remote_port) {
      found = fd;
      break;
    }
  }
  closedir(fds);
  return found;
}

}  // namespace

bool Connections::count_request(const httplib::Request& request) {
  const int fd = socket_of(request);
  if (fd < 0) return false;
  std::lock_guard<std::mutex> lock(mutex_);
  auto& [client_port, served] = by_socket_[fd];
  if (client_port != request.remote_port) {  // the socket number now belongs to a new connection
    client_port = request.remote_port;
    served = 0;
  }
  return ++served > 1;
}

bool Connections::client_gone(const httplib::Request& request) {
  const int fd = socket_of(request);
  if (fd < 0) return true;
  pollfd watch{fd, POLLRDHUP, 0};
  return poll(&watch, 1, 0) > 0 && (watch.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
}

void Connections::drop(const httplib::Request& request) {
  const int fd = socket_of(request);
  if (fd >= 0) shutdown(fd, SHUT_RDWR);
}

}  // namespace tc::sandbox
