#include "core/truto_session.hpp"

#include "core/error.hpp"

namespace tc {

TrutoSession::TrutoSession(TrutoSettings settings, TransportFactory transports, Clock& clock,
                           const std::atomic<bool>* cancel, TraceSink trace)
    : settings_(std::move(settings)),
      transports_(std::move(transports)),
      clock_(clock),
      limiter_(settings_.rate, clock),
      cancel_(cancel),
      trace_(std::move(trace)) {
  const std::string& format = settings_.response_format;
  if (!format.empty() && format != "unified" && format != "raw" && format != "normalized") {
    throw Error(ErrorKind::Usage, "unknown Truto response format \"" + format + "\"",
                "use unified, raw or normalized");
  }
  // "https://api.truto.one/" and "https://api.truto.one" name the same API.
  while (!settings_.base_url.empty() && settings_.base_url.back() == '/') settings_.base_url.pop_back();
}

}  // namespace tc
