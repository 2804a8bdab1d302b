#include "core/truto/session.hpp"

#include "core/util/error.hpp"

namespace tc {

TrutoSession::TrutoSession(TrutoSettings settings, TransportFactory transports, Clock& clock,
                           const std::atomic<bool>* cancel, TraceSink trace)
    : RouteEnvironment(settings.rate, std::move(transports), clock, cancel, std::move(trace)),
      settings_(std::move(settings)) {
  const std::string& format = settings_.response_format;
  if (!format.empty() && format != "unified" && format != "raw" && format != "normalized") {
    throw Error(ErrorKind::Usage, "unknown Truto response format \"" + format + "\"", "use unified, raw or normalized");
  }
  // "https://api.truto.one/" and "https://api.truto.one" name the same API.
  while (!settings_.base_url.empty() && settings_.base_url.back() == '/') settings_.base_url.pop_back();
}

}  // namespace tc
