#include "options.hpp"

#include <algorithm>
#include <iterator>
#include <stdexcept>

namespace tc::sandbox {

const char* usage() {
  return "usage: lever-sandbox [--port N] [--rate R] [--burst B] [--latency-ms MS|MIN-MAX]\n"
         "                     [--fault-seed N] [--fault-429 P] [--fault-503 P] [--fault-500-before P]\n"
         "                     [--fault-500-after P] [--fault-reset-after P] [--fault-slow P] [--slow-ms MS]\n"
         "                     [--threads N] [--shared-load R]\n";
}

namespace {

double to_number(const std::string& flag, const std::string& text) {
  try {
    size_t used = 0;
    double value = std::stod(text, &used);
    if (used != text.size() || value < 0) throw std::invalid_argument("");
    return value;
  } catch (const std::exception&) {
    throw std::invalid_argument(flag + ": expected a non-negative number, got '" + text + "'");
  }
}

double to_probability(const std::string& flag, const std::string& text) {
  double value = to_number(flag, text);
  if (value > 1) throw std::invalid_argument(flag + ": a probability must be between 0 and 1");
  return value;
}

int to_int(const std::string& flag, const std::string& text) {
  double value = to_number(flag, text);
  if (value != static_cast<double>(static_cast<long long>(value)) || value > 2147483647.0)
    throw std::invalid_argument(flag + ": expected a whole number, got '" + text + "'");
  return static_cast<int>(value);
}

bool known_flag(const std::string& flag) {
  static const char* const known[] = {"--port",
                                      "--rate",
                                      "--burst",
                                      "--latency-ms",
                                      "--fault-seed",
                                      "--fault-429",
                                      "--fault-503",
                                      "--fault-500-before",
                                      "--fault-500-after",
                                      "--fault-reset-after",
                                      "--fault-slow",
                                      "--slow-ms",
                                      "--threads",
                                      "--shared-load"};
  return std::find(std::begin(known), std::end(known), flag) != std::end(known);
}

}  // namespace

Options parse_options(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    std::string flag = argv[i], value;
    auto equals = flag.find('=');
    if (flag.rfind("--", 0) == 0 && equals != std::string::npos) {
      value = flag.substr(equals + 1);
      flag = flag.substr(0, equals);
    } else if (flag == "--help" || flag == "-h") {
      throw std::invalid_argument("");
    } else if (flag.rfind("--", 0) != 0) {
      throw std::invalid_argument("unexpected argument " + flag);
    } else {
      if (!known_flag(flag)) throw std::invalid_argument("unknown option " + flag);
      if (i + 1 >= argc) throw std::invalid_argument(flag + ": missing value");
      value = argv[++i];
    }
    if (!known_flag(flag)) throw std::invalid_argument("unknown option " + flag);
    if (flag == "--port") {
      options.port = to_int(flag, value);
      if (options.port > 65535) throw std::invalid_argument("--port: out of range");
    } else if (flag == "--rate")
      options.rate = to_number(flag, value);
    else if (flag == "--burst")
      options.burst = to_number(flag, value);
    else if (flag == "--latency-ms") {
      auto dash = value.find('-');
      options.latency_min_ms = to_int(flag, value.substr(0, dash));
      options.latency_max_ms =
          dash == std::string::npos ? options.latency_min_ms : to_int(flag, value.substr(dash + 1));
      if (options.latency_max_ms < options.latency_min_ms) throw std::invalid_argument("--latency-ms: MAX < MIN");
    } else if (flag == "--fault-seed") {
      try {
        options.fault_seed = std::stoull(value);
      } catch (const std::exception&) {
        throw std::invalid_argument("--fault-seed: expected a whole number");
      }
      options.fault_seed_given = true;
    } else if (flag == "--fault-429")
      options.faults.too_many_requests = to_probability(flag, value);
    else if (flag == "--fault-503")
      options.faults.unavailable = to_probability(flag, value);
    else if (flag == "--fault-500-before")
      options.faults.error_before = to_probability(flag, value);
    else if (flag == "--fault-500-after")
      options.faults.error_after = to_probability(flag, value);
    else if (flag == "--fault-reset-after")
      options.faults.reset_after = to_probability(flag, value);
    else if (flag == "--fault-slow")
      options.faults.slow = to_probability(flag, value);
    else if (flag == "--slow-ms")
      options.slow_ms = to_int(flag, value);
    else if (flag == "--threads") {
      options.threads = to_int(flag, value);
      if (options.threads < 1) throw std::invalid_argument("--threads: at least 1");
    } else if (flag == "--shared-load")
      options.shared_load = to_number(flag, value);
    else
      throw std::invalid_argument("unknown option " + flag);
  }
  return options;
}

}  // namespace tc::sandbox
