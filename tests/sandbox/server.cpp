#include "server.hpp"

#include "routes.hpp"
#include "seed_data.hpp"
#include "seeding.hpp"

#include <algorithm>
#include <cctype>
#include <thread>

namespace tc::sandbox {

SandboxServer::SandboxServer(const Options& options, State& state, FaultInjector& faults)
    : options_(options),
      state_(state),
      faults_(faults),
      rate_limiter_(options.rate, options.burst),
      shared_load_(rate_limiter_, std::string("basic:") + kApiKey, options.shared_load) {}

void SandboxServer::install(httplib::Server& server) {
  auto handler = [this](const httplib::Request& request, httplib::Response& response) { handle(request, response); };
  server.Get(".*", handler);
  server.Post(".*", handler);
  server.Put(".*", handler);
  server.Patch(".*", handler);
  server.Delete(".*", handler);
}

void SandboxServer::handle(const httplib::Request& request, httplib::Response& response) {
  const std::string& path = request.path;
  // Every request counts, so a file download followed by a create on the same connection is seen as reuse.
  const bool reused = faults_.tracks_connections() && connections_.count_request(request);
  if (path.rfind("/__sandbox/", 0) == 0) return handle_inspection(request, response);
  if (path == "/v1" || path.rfind("/v1/", 0) == 0 || path == "/unified" || path.rfind("/unified/", 0) == 0)
    return handle_api(request, response, reused);
  response.status = 404;
  response.set_content("{\"code\":\"ResourceNotFound\",\"message\":\"Unknown route\"}", "application/json");
}

void SandboxServer::handle_api(const httplib::Request& request, httplib::Response& response, bool reused) {
  const bool truto = request.path.rfind("/unified", 0) == 0;
  struct InFlight {
    std::atomic<int64_t>& count;
    explicit InFlight(std::atomic<int64_t>& c) : count(c) { ++count; }
    ~InFlight() { --count; }
  } in_flight(in_flight_);
  if (int delay = faults_.latency_ms(); delay > 0) std::this_thread::sleep_for(std::chrono::milliseconds(delay));

  const Caller caller = read_caller(request);
  const char* auth = auth_kind_name(caller.kind);
  Reply reply;
  std::string location;  // the redirect fault's target
  Fault fault = Fault::none;
  bool processed = false;  // the request reached the routes (it may have changed the state)
  // The bucket key is the presented credential (kept in memory only, never logged).
  if (!rate_limiter_.try_acquire(std::string(auth) + ":" + caller.secret)) {
    reply =
        truto ? truto_error(429, "Rate limit exceeded") : lever_error(429, "TooManyRequests", "Rate limit exceeded");
    {
      std::lock_guard<std::mutex> lock(state_.mutex);
      ++state_.stats.rate_limited;
    }
  } else {
    if (faults_.applies_to(request.method, request.path)) fault = faults_.pick();
    if (fault == Fault::slow_before) {
      // Slower than the client's timeout: a client that gave up never gets its request processed.
      std::this_thread::sleep_for(std::chrono::milliseconds(options_.slow_ms));
      if (Connections::client_gone(request)) {
        record(request, auth, 0, fault, reused);
        return;
      }
    }
    switch (fault) {
      case Fault::too_many_requests:
        reply = truto ? truto_error(429, "Rate limit exceeded")
                      : lever_error(429, "TooManyRequests", "Rate limit exceeded");
        break;
      case Fault::unavailable:
        reply = truto ? truto_error(503, "Service temporarily unavailable")
                      : lever_error(503, "ServiceUnavailable", "Service temporarily unavailable");
        break;
      case Fault::error_before:
        reply = truto ? truto_error(500, "Internal server error")
                      : lever_error(500, "InternalServerError", "Internal server error");
        break;
      case Fault::redirect:
        // Somewhere else on this machine, keeping method and body (307): a client that follows it hands
        // its credentials to the recorder.
        reply.status = 307;
        location = std::string(options_.tls_cert.empty() ? "http" : "https") +
                   "://127.0.0.1:" + std::to_string(elsewhere_port_) + request.target;
        break;
      default:
        reply = truto ? handle_truto(request, caller, state_) : handle_lever(request, caller, state_);
        processed = true;
    }
    if (processed && reused && faults_.applies_to(request.method, request.path) && faults_.drop_reused()) {
      // Processed, then the connection dies before any byte of the answer: what a client sees when an
      // idle keep-alive connection is closed (by the server or a proxy on the way) just as its request
      // was handed on. libcurl silently sends such a request again on a new connection, unless it was
      // sent on a fresh one.
      record(request, auth, reply.status, Fault::drop_reused, reused);
      Connections::drop(request);
      return;
    }
    if (fault == Fault::error_after)
      reply = truto ? truto_error(500, "Internal server error")
                    : lever_error(500, "InternalServerError", "Internal server error");
    if (fault == Fault::slow) std::this_thread::sleep_for(std::chrono::milliseconds(options_.slow_ms));
  }

  record(request, auth, reply.status, fault, reused);
  response.status = reply.status;
  if (reply.status == 429 && options_.retry_after_429 >= 0)
    response.set_header("Retry-After", std::to_string(options_.retry_after_429));
  if (fault == Fault::reset_after && reply.body.empty()) {
    Connections::drop(request);  // nothing to cut in half (a 204): the answer never comes
    return;
  }
  if (fault == Fault::reset_after) {
    // Promise the whole body, send part of it, then fail: the client sees a broken response.
    auto body = std::make_shared<std::string>(std::move(reply.body));
    response.set_header("Connection", "close");
    response.set_content_provider(body->size(), reply.content_type, [body](size_t, size_t, httplib::DataSink& sink) {
      sink.write(body->data(), body->size() / 2);
      return false;
    });
    return;
  }
  if (!location.empty()) response.set_header("Location", location);
  response.set_content(reply.body, reply.content_type.c_str());
}

void SandboxServer::install_elsewhere(httplib::Server& server, int port) {
  elsewhere_port_ = port;
  auto handler = [this](const httplib::Request& request, httplib::Response& response) {
    rapidjson::StringBuffer buffer;
    JsonWriter out(buffer);
    out.StartObject();
    out.Key("method");
    out.String(request.method);
    out.Key("path");
    out.String(request.path);
    out.Key("authorization");
    out.Bool(request.has_header("Authorization"));
    out.Key("body_bytes");
    out.Uint64(request.body.size());
    out.EndObject();
    {
      std::lock_guard<std::mutex> lock(state_.mutex);
      elsewhere_log_.emplace_back(buffer.GetString(), buffer.GetSize());
    }
    response.set_content("{\"data\":{\"id\":\"elsewhere\"}}", "application/json");
  };
  server.Get(".*", handler);
  server.Post(".*", handler);
  server.Put(".*", handler);
  server.Patch(".*", handler);
  server.Delete(".*", handler);
}

void SandboxServer::record(const httplib::Request& request, const char* auth, int status, Fault fault, bool reused) {
  rapidjson::StringBuffer buffer;
  JsonWriter out(buffer);
  out.StartObject();
  out.Key("method");
  out.String(request.method);
  out.Key("path");
  out.String(request.path);
  out.Key("query");
  out.StartObject();
  for (auto it = request.params.begin(); it != request.params.end();) {
    auto range = request.params.equal_range(it->first);
    out.Key(it->first.c_str(), static_cast<rapidjson::SizeType>(it->first.size()));
    out.StartArray();
    for (auto value = range.first; value != range.second; ++value) out.String(value->second);
    out.EndArray();
    it = range.second;
  }
  out.EndObject();
  out.Key("content_type");
  out.String(request.get_header_value("Content-Type"));
  out.Key("auth");
  out.String(auth);
  out.Key("idempotency_key");
  if (request.has_header("Idempotency-Key"))
    out.String(request.get_header_value("Idempotency-Key"));
  else
    out.Null();
  out.Key("status");
  out.Int(status);
  if (request.is_multipart_form_data()) {
    out.Key("parts");
    out.StartArray();
    for (const auto& [name, part] : request.files) {
      out.StartObject();
      out.Key("name");
      out.String(name);
      if (part.filename.empty()) {
        out.Key("value");
        out.String(part.content);
      } else {
        out.Key("file_name");
        out.String(part.filename);
        out.Key("content_type");
        out.String(part.content_type);
        out.Key("size");
        out.Uint64(part.content.size());
      }
      out.EndObject();
    }
    out.EndArray();
  } else if (!request.body.empty()) {
    rapidjson::Document body;
    if (parse_json(request.body, body)) {
      out.Key("json");
      body.Accept(out);
    }
  }
  if (reused) {
    out.Key("reused");
    out.Bool(true);
  }
  if (fault != Fault::none) {
    out.Key("fault");
    out.String(fault_name(fault));
  }
  out.EndObject();

  std::lock_guard<std::mutex> lock(state_.mutex);
  state_.request_log.emplace_back(buffer.GetString(), buffer.GetSize());
  ++state_.stats.requests;
  ++state_.stats.by_method[request.method];
  if (fault != Fault::none) ++state_.stats.faults;
}

std::string SandboxServer::stats_json() const {
  const Stats& s = state_.stats;
  rapidjson::StringBuffer buffer;
  JsonWriter out(buffer);
  out.StartObject();
  const std::pair<const char*, int64_t> counts[] = {
      {"requests", s.requests},
      {"rate_limited", s.rate_limited},
      {"opportunities", static_cast<int64_t>(state_.opportunities.size())},
      {"creates", s.creates},
      {"applies", s.applies},
      {"faults", s.faults},
      {"notes", s.notes},
      {"in_flight", in_flight_.load()}};
  for (const auto& [name, count] : counts) {
    out.Key(name);
    out.Int64(count);
  }
  const auto write_counts = [&out](const char* name, const auto& by_name) {
    out.Key(name);
    out.StartObject();
    for (const auto& [key, count] : by_name) {
      out.Key(key.c_str(), static_cast<rapidjson::SizeType>(key.size()));
      out.Int64(count);
    }
    out.EndObject();
  };
  write_counts("writes", s.writes);        // every write stored, by kind
  write_counts("by_method", s.by_method);  // every request logged, by method
  out.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

std::string SandboxServer::files_json() const {
  // Every opportunity's résumés and files: [{"opportunity", "name", "confidentiality", "resumes": [{"name",
  // "size"}], "files": [{"name", "size"}]}] — confidential ones included.
  auto blobs = [](JsonWriter& out, const Blob& blob) {
    out.StartObject();
    out.Key("name");
    out.String(blob.name);
    out.Key("size");
    out.Uint64(blob.size);
    out.EndObject();
  };
  rapidjson::StringBuffer buffer;
  JsonWriter out(buffer);
  out.StartArray();
  for (const auto& id : state_.opportunity_order) {
    const Opportunity& o = state_.opportunities.at(id);
    out.StartObject();
    out.Key("opportunity");
    out.String(o.id);
    out.Key("name");
    out.String(o.name);
    out.Key("confidentiality");
    out.String(o.confidential ? "confidential" : "non-confidential");
    out.Key("resumes");
    out.StartArray();
    for (const auto& resume : o.resumes) blobs(out, resume.file);
    out.EndArray();
    out.Key("files");
    out.StartArray();
    for (const auto& file : o.files) blobs(out, file.file);
    out.EndArray();
    out.EndObject();
  }
  out.EndArray();
  return {buffer.GetString(), buffer.GetSize()};
}

namespace {
std::string percent_encode(const std::string& text) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}
}  // namespace

void SandboxServer::handle_inspection(const httplib::Request& request, httplib::Response& response) {
  std::lock_guard<std::mutex> lock(state_.mutex);
  const std::string what = request.path.substr(std::string("/__sandbox/").size());
  if (request.method == "GET" && what == "requests") {
    response.set_content("[" + join(state_.request_log, ",") + "]", "application/json");
  } else if (request.method == "GET" && what == "stats") {
    response.set_content(stats_json(), "application/json");
  } else if (request.method == "GET" && what == "files") {
    response.set_content(files_json(), "application/json");
  } else if (request.method == "POST" && what == "seed-opportunities") {
    // ?count=N&posting=ID&prefix=P: N existing leads (seeding.hpp); default the published posting.
    const size_t count = request.has_param("count") ? std::stoul(request.get_param_value("count")) : 0;
    const std::string posting =
        request.has_param("posting") ? request.get_param_value("posting") : state_.postings.front().id;
    const std::string prefix = request.has_param("prefix") ? request.get_param_value("prefix") : "seeded";
    response.set_content("{\"seeded\":" + std::to_string(seed_opportunities(state_, posting, count, prefix)) + "}",
                         "application/json");
  } else if (request.method == "GET" && what == "opportunities") {
    std::vector<std::string> items;
    for (const auto& id : state_.opportunity_order)
      items.push_back(
          state_.opportunity_json(state_.opportunities.at(id), ExpandOptions{true, true, false, false, false}));
    response.set_content("[" + join(items, ",") + "]", "application/json");
  } else if (request.method == "GET" && what == "notes") {
    // Every opportunity's notes: [{"opportunity", "name", "notes": [{"value", "secret", "createdAt"}]}].
    std::vector<std::string> items;
    for (const auto& id : state_.opportunity_order) {
      const Opportunity& o = state_.opportunities.at(id);
      std::vector<std::string> notes;
      for (const auto& note : o.notes)
        notes.push_back("{\"value\":" + json_quote(note.value) + ",\"secret\":" + (note.secret ? "true" : "false") +
                        ",\"createdAt\":" + std::to_string(note.created_at) + "}");
      items.push_back("{\"opportunity\":" + json_quote(o.id) + ",\"name\":" + json_quote(o.name) + ",\"notes\":[" +
                      join(notes, ",") + "]}");
    }
    response.set_content("[" + join(items, ",") + "]", "application/json");
  } else if (request.method == "GET" && what.rfind("files/", 0) == 0) {
    // A download source for attachment file_url tests: NAME with SIZE bytes (default 64) of text; ?type=
    // sets the Content-Type (text/html: what a share link answers, a web page about the file).
    const std::string name = what.substr(6);
    const size_t size = request.has_param("size") ? std::stoul(request.get_param_value("size")) : 64;
    std::string body(size, 'x');
    body.replace(0, std::min(size, name.size()), name.substr(0, std::min(size, name.size())));
    std::string type =
        name.size() > 4 && name.substr(name.size() - 4) == ".pdf" ? "application/pdf" : "application/octet-stream";
    if (request.has_param("type")) type = request.get_param_value("type");
    response.set_content(std::move(body), type);
  } else if (request.method == "GET" && what == "redirect") {
    // Redirects to ?to=URL, or `hops` times to itself first (to test redirect limits).
    const int hops = request.has_param("hops") ? std::stoi(request.get_param_value("hops")) : 0;
    const std::string to = request.get_param_value("to");
    std::string location = to;
    if (hops > 0) {
      location = "/__sandbox/redirect?hops=" + std::to_string(hops - 1) + "&to=" + percent_encode(to);
    }
    response.status = 302;
    response.set_header("Location", location);
  } else if (request.method == "GET" && what == "elsewhere") {
    response.set_content(
        "{\"port\":" + std::to_string(elsewhere_port_) + ",\"requests\":[" + join(elsewhere_log_, ",") + "]}",
        "application/json");
  } else if (request.method == "GET" && what == "shared_load") {
    // The other client of --shared-load: what it asked, and how much of it the bucket served.
    const int64_t served = shared_load_.served(), refused = shared_load_.refused();
    response.set_content("{\"rate\":" + std::to_string(shared_load_.rate()) +
                             ",\"asked\":" + std::to_string(served + refused) +
                             ",\"served\":" + std::to_string(served) + ",\"refused\":" + std::to_string(refused) + "}",
                         "application/json");
  } else if (request.method == "POST" && what == "reset") {
    state_.reset();
    elsewhere_log_.clear();
    response.set_content("{\"ok\":true}", "application/json");
  } else {
    response.status = 404;
    response.set_content("{\"code\":\"ResourceNotFound\",\"message\":\"Unknown sandbox endpoint\"}",
                         "application/json");
  }
}

}  // namespace tc::sandbox
