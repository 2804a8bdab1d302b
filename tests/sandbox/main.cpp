// lever-sandbox: an in-memory fake of Lever's v1 API and Truto's unified create, on 127.0.0.1.
// The first line of stdout is the port; everything else goes to stderr.
#include "faults.hpp"
#include "options.hpp"
#include "seeding.hpp"
#include "server.hpp"
#include "state.hpp"

#include <httplib.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <iostream>
#include <memory>
#include <random>
#include <stdexcept>
#include <thread>

int main(int argc, char** argv) {
  using namespace tc::sandbox;
  Options options;
  try {
    options = parse_options(argc, argv);
  } catch (const std::invalid_argument& error) {
    if (*error.what()) std::cerr << "lever-sandbox: " << error.what() << "\n";
    std::cerr << usage();
    return *error.what() ? 64 : 0;
  }

  // Block SIGTERM/SIGINT in every thread; one thread waits for them and stops the server.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  std::random_device entropy;
  State state((static_cast<uint64_t>(entropy()) << 32) ^ entropy());
  state.confidential_access = !options.no_confidential_access;
  FaultInjector faults(options, options.fault_seed_given ? options.fault_seed : entropy());
  SandboxServer sandbox(options, state, faults);
  if (options.seed_opportunities > 0)
    seed_opportunities(state, state.postings.front().id, static_cast<size_t>(options.seed_opportunities), "seeded");

  // https with --tls-cert/--tls-key (httplib built with OpenSSL), plain http otherwise.
  std::unique_ptr<httplib::Server> server;
  if (!options.tls_cert.empty()) {
    auto tls = std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(), options.tls_key.c_str());
    if (!tls->is_valid()) {
      std::cerr << "lever-sandbox: cannot use the certificate " << options.tls_cert << " and key " << options.tls_key
                << "\n";
      return 1;
    }
    server = std::move(tls);
  } else {
    server = std::make_unique<httplib::Server>();
  }
  const int threads = options.threads;
  // httplib's default also sets SO_REUSEPORT, which would let two sandboxes share a port silently.
  auto socket_options = [](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  };
  socket_t listening = INVALID_SOCKET;  // the API's listening socket, for its backlog below
  server->new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  server->set_payload_max_length(64u * 1024u * 1024u);
  server->set_socket_options([&listening, socket_options](socket_t sock) {
    socket_options(sock);
    listening = sock;
  });
  sandbox.install(*server);

  // "Elsewhere": another local port the redirect fault points at; it records what reaches it. It speaks
  // the API's scheme with the API's certificate, so a client that followed a redirect would reach it.
  std::unique_ptr<httplib::Server> elsewhere_server;
  if (!options.tls_cert.empty())
    elsewhere_server = std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(), options.tls_key.c_str());
  else
    elsewhere_server = std::make_unique<httplib::Server>();
  httplib::Server& elsewhere = *elsewhere_server;
  elsewhere.set_socket_options(socket_options);
  const int elsewhere_port = elsewhere.bind_to_any_port("127.0.0.1");
  if (elsewhere_port <= 0) {
    std::cerr << "lever-sandbox: cannot listen on 127.0.0.1 for the redirect recorder\n";
    return 1;
  }
  sandbox.install_elsewhere(elsewhere, elsewhere_port);

  int port = options.port;
  if (port == 0)
    port = server->bind_to_any_port("127.0.0.1");
  else if (!server->bind_to_port("127.0.0.1", port))
    port = -1;
  if (port <= 0) {
    std::cerr << "lever-sandbox: cannot listen on 127.0.0.1:" << options.port << "\n";
    return 1;
  }
  // httplib listens with a backlog of 5: a client opening 20 connections at once (a burst at
  // --concurrency 20) would see SYNs dropped and retried a second later. Linux lets listen() raise it.
  if (listening != INVALID_SOCKET) ::listen(listening, 128);
  state.base_url = std::string(options.tls_cert.empty() ? "http" : "https") + "://127.0.0.1:" + std::to_string(port);
  std::cout << port << std::endl;  // flushed: the first line is the port

  std::atomic<bool> stopping{false};
  std::thread signal_waiter([&] {
    int received = 0;
    sigwait(&stop_signals, &received);
    stopping = true;
    server->stop();
    elsewhere.stop();
  });
  std::thread elsewhere_listener([&] { elsewhere.listen_after_bind(); });
  server->listen_after_bind();
  if (!stopping) pthread_kill(signal_waiter.native_handle(), SIGTERM);  // wake the waiter
  signal_waiter.join();
  elsewhere.stop();
  elsewhere_listener.join();
  return 0;
}
