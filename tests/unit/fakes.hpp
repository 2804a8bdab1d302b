#pragma once
// Test doubles for the core's seams: a scripted HttpTransport that records every request, and a
// Clock whose time only moves when someone sleeps (no real sleeping). Both are thread-safe so the
// create runner's workers can share them. Also the tests' one JSON helper (parse_json).
#include <doctest/doctest.h>
#include <rapidjson/document.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/http/clock.hpp"
#include "core/http/http.hpp"
#include "core/util/json_util.hpp"

namespace tc::test {

// Test JSON as a document (core's tc::parse_json, which reports instead): text that does not parse
// fails the test.
inline rapidjson::Document parse_json(std::string_view text) {
  rapidjson::Document doc;
  std::string error;
  REQUIRE_MESSAGE(tc::parse_json(text, doc, &error), "bad test JSON (" << error << "): " << text);
  return doc;
}

inline TransportResult respond(int status, std::string body = {}, std::vector<Header> headers = {}) {
  TransportResult r;
  r.outcome = TransportOutcome::Responded;
  r.response.status = status;
  r.response.body = std::move(body);
  r.response.headers = std::move(headers);
  return r;
}

inline TransportResult not_sent(std::string error = "connection refused", bool permanent = false) {
  TransportResult r;
  r.outcome = TransportOutcome::NotSent;
  r.error = std::move(error);
  r.permanent = permanent;
  return r;
}

inline TransportResult ambiguous(bool timed_out = true) {
  TransportResult r;
  r.outcome = TransportOutcome::Ambiguous;
  r.error = timed_out ? "timeout" : "connection reset";
  r.timed_out = timed_out;
  return r;
}

// The path of a URL without scheme, host and query: "https://h/v1/opportunities?x" → "/v1/opportunities".
inline std::string url_path(const std::string& url) {
  auto start = url.find("://");
  start = start == std::string::npos ? 0 : url.find('/', start + 3);
  if (start == std::string::npos) return "/";
  return url.substr(start, url.find('?', start) - start);
}

// Scripted transport. Routes are matched by method and path prefix (after the base URL's path is
// stripped by the caller's choice of prefix, e.g. "/v1/opportunities"); later routes take precedence.
// A route of answers gives each once, in order; requests no route matches take the global queue.
// Like gh's httpmock, the script is checked when the transport goes away (or by verify()): a request
// nothing was scripted for, a route asked more often than it has answers, an answer never given and a
// route never used fail the test. `.repeating()` lets a route give its last answer forever, `.optional()`
// lets it go unused (both for scripts that stand for a whole server, shared by several tests).
class FakeTransport : public HttpTransport {
 public:
  using Handler = std::function<TransportResult(const HttpRequest&)>;

 private:
  struct Route {
    std::string method;
    std::string prefix;
    std::vector<TransportResult> answers;
    Handler handler;
    size_t served = 0;
    bool repeating = false;
    bool optional = false;
  };

 public:
  // What on() returns: marks its route.
  class Stub {
   public:
    explicit Stub(Route& route) : route_(route) {}
    // The last answer is given again to every later request (a handler always is).
    Stub& repeating() {
      route_.repeating = true;
      return *this;
    }
    // The route may be used less than its answers, or not at all.
    Stub& optional() {
      route_.optional = true;
      return *this;
    }

   private:
    Route& route_;
  };

  FakeTransport() = default;
  FakeTransport(const FakeTransport&) = delete;
  FakeTransport& operator=(const FakeTransport&) = delete;
  ~FakeTransport() override {
    if (std::uncaught_exceptions() == 0) verify();  // a test already failing by an exception says enough
  }

  // Answers for METHOD with a path starting with `prefix`, one per request, in order.
  Stub on(std::string method, std::string prefix, std::vector<TransportResult> answers) {
    std::lock_guard<std::mutex> lock(mutex_);
    Route route;
    route.method = std::move(method);
    route.prefix = std::move(prefix);
    route.answers = std::move(answers);
    routes_.push_back(std::move(route));
    return Stub(routes_.back());
  }
  // Every request for METHOD and `prefix` is answered by `handler` (used at least once unless optional).
  Stub on(std::string method, std::string prefix, Handler handler) {
    std::lock_guard<std::mutex> lock(mutex_);
    Route route;
    route.method = std::move(method);
    route.prefix = std::move(prefix);
    route.handler = std::move(handler);
    routes_.push_back(std::move(route));
    return Stub(routes_.back());
  }
  void enqueue(TransportResult r) {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.push_back(std::move(r));
  }

  TransportResult send(const HttpRequest& request) override {
    Handler handler;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      requests_.push_back(request);
      const std::string path = url_path(request.url);
      for (auto it = routes_.rbegin(); it != routes_.rend(); ++it) {
        if (it->method != request.method || path.compare(0, it->prefix.size(), it->prefix) != 0) continue;
        // A prefix matches whole segments only ("/v1/opportunities" is not "/v1/opportunitiesX").
        if (path.size() > it->prefix.size() && path[it->prefix.size()] != '/' && it->prefix.back() != '/') continue;
        ++it->served;
        if (it->handler) {
          handler = it->handler;
          break;
        }
        if (it->served <= it->answers.size()) return it->answers[it->served - 1];
        if (it->repeating && !it->answers.empty()) return it->answers.back();
        unexpected_.push_back(request.method + " " + path + " (its route's " + std::to_string(it->answers.size()) +
                              " answers were all given)");
        return unscripted(request, path);
      }
      if (!handler) {
        if (!queue_.empty()) {
          TransportResult r = std::move(queue_.front());
          queue_.pop_front();
          return r;
        }
        unexpected_.push_back(request.method + " " + path + " (no route)");
        return unscripted(request, path);
      }
    }
    return handler(request);
  }

  // Fails the test for every request nothing was scripted for and every scripted answer never given.
  void verify() const {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& what : unexpected_) FAIL_CHECK("FakeTransport: unexpected request " << what);
    for (const auto& r : routes_) {
      if (r.optional) continue;
      if (r.handler && r.served == 0) FAIL_CHECK("FakeTransport: route never used: " << r.method << " " << r.prefix);
      if (!r.handler && r.served < r.answers.size()) {
        FAIL_CHECK("FakeTransport: route " << r.method << " " << r.prefix << " gave " << r.served << " of its "
                                           << r.answers.size() << " answers");
      }
    }
    if (!queue_.empty()) FAIL_CHECK("FakeTransport: " << queue_.size() << " queued answers never given");
  }

  std::vector<HttpRequest> requests() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_;
  }
  size_t count(const std::string& method, const std::string& path_prefix) const {
    std::lock_guard<std::mutex> lock(mutex_);
    return static_cast<size_t>(std::count_if(requests_.begin(), requests_.end(), [&](const HttpRequest& r) {
      return r.method == method && url_path(r.url).compare(0, path_prefix.size(), path_prefix) == 0;
    }));
  }
  size_t size() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return requests_.size();
  }

 private:
  static TransportResult unscripted(const HttpRequest& request, const std::string& path) {
    return respond(599, R"({"code":"Unscripted","message":")" + request.method + " " + path + "\"}");
  }

  mutable std::mutex mutex_;
  std::deque<Route> routes_;  // a deque: a Stub keeps pointing at its route while others are added
  std::deque<TransportResult> queue_;
  std::vector<HttpRequest> requests_;
  std::vector<std::string> unexpected_;
};

// A transport handed to code that owns its transport (sessions create one per worker) while the test
// keeps scripting and inspecting the shared FakeTransport.
class ForwardingTransport : public HttpTransport {
 public:
  explicit ForwardingTransport(FakeTransport& to) : to_(to) {}
  TransportResult send(const HttpRequest& request) override { return to_.send(request); }

 private:
  FakeTransport& to_;
};

// Fake time: now_seconds() starts at `start` and moves only by sleep_for (which never blocks) or
// advance(). Every sleep is recorded so tests can assert the waits.
class FakeClock : public Clock {
 public:
  explicit FakeClock(double start = 1000.0, long long epoch_ms = 1'700'000'000'000LL)
      : now_(start), start_(start), epoch_start_ms_(epoch_ms) {}

  double now_seconds() override {
    std::lock_guard<std::mutex> lock(mutex_);
    return now_;
  }
  long long epoch_ms() override {
    std::lock_guard<std::mutex> lock(mutex_);
    return epoch_start_ms_ + static_cast<long long>((now_ - start_) * 1000.0);
  }
  bool sleep_for(double seconds, const std::atomic<bool>* cancel) override {
    if (cancel != nullptr && cancel->load()) return false;
    std::lock_guard<std::mutex> lock(mutex_);
    sleeps_.push_back(seconds);
    if (seconds > 0) now_ += seconds;
    return true;
  }
  void advance(double seconds) {
    std::lock_guard<std::mutex> lock(mutex_);
    now_ += seconds;
  }
  std::vector<double> sleeps() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return sleeps_;
  }
  double total_slept() const {
    std::lock_guard<std::mutex> lock(mutex_);
    double t = 0;
    for (double s : sleeps_) t += s;
    return t;
  }

 private:
  mutable std::mutex mutex_;
  double now_;
  double start_;
  long long epoch_start_ms_;
  std::vector<double> sleeps_;
};

}  // namespace tc::test
