#include "faults.hpp"

#include <sstream>

namespace tc::sandbox {

const char* fault_name(Fault fault) {
  switch (fault) {
    case Fault::too_many_requests: return "429";
    case Fault::unavailable: return "503";
    case Fault::error_before: return "500-before";
    case Fault::error_after: return "500-after";
    case Fault::reset_after: return "reset-after";
    case Fault::slow: return "slow";
    case Fault::slow_before: return "slow-before";
    case Fault::redirect: return "redirect";
    case Fault::drop_reused: return "drop-reused";
    case Fault::none: break;
  }
  return "";
}

FaultInjector::FaultInjector(const Options& options, uint64_t seed)
    : probabilities_(options.faults),
      latency_min_ms_(options.latency_min_ms),
      latency_max_ms_(options.latency_max_ms),
      any_path_(options.fault_path.empty()),
      path_(any_path_ ? std::string(".*") : options.fault_path),
      random_(seed) {
  std::istringstream methods(options.fault_methods);
  for (std::string method; std::getline(methods, method, ',');)
    if (!method.empty()) methods_.insert(method);
}

bool FaultInjector::applies_to(const std::string& method, const std::string& path) const {
  return methods_.count(method) > 0 && (any_path_ || std::regex_search(path, path_));
}

Fault FaultInjector::pick() {
  std::lock_guard<std::mutex> lock(mutex_);
  // One draw against the cumulative probabilities, so a request gets at most one fault. New kinds go at
  // the end: a seed keeps giving the same faults to the kinds that were there before.
  const double draw = std::uniform_real_distribution<double>(0.0, 1.0)(random_);
  const std::pair<double, Fault> table[] = {
      {probabilities_.too_many_requests, Fault::too_many_requests},
      {probabilities_.unavailable, Fault::unavailable},
      {probabilities_.error_before, Fault::error_before},
      {probabilities_.error_after, Fault::error_after},
      {probabilities_.reset_after, Fault::reset_after},
      {probabilities_.slow, Fault::slow},
      {probabilities_.slow_before, Fault::slow_before},
      {probabilities_.redirect, Fault::redirect},
  };
  double cumulative = 0;
  for (const auto& [probability, fault] : table) {
    cumulative += probability;
    if (probability > 0 && draw < cumulative) return fault;
  }
  return Fault::none;
}

bool FaultInjector::drop_reused() {
  if (probabilities_.drop_reused <= 0) return false;
  std::lock_guard<std::mutex> lock(mutex_);
  return std::uniform_real_distribution<double>(0.0, 1.0)(random_) < probabilities_.drop_reused;
}

bool FaultInjector::tracks_connections() const { return probabilities_.drop_reused > 0; }

int FaultInjector::latency_ms() {
  if (latency_max_ms_ <= 0) return 0;
  std::lock_guard<std::mutex> lock(mutex_);
  return std::uniform_int_distribution<int>(latency_min_ms_, latency_max_ms_)(random_);
}

}  // namespace tc::sandbox
