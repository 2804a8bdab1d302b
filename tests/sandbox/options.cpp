#include "options.hpp"

#include <algorithm>
#include <iterator>
#include <regex>
#include <stdexcept>

namespace tc::sandbox {

const char* usage() {
  return "usage: lever-sandbox [--port N] [--rate R] [--burst B] [--latency-ms MS|MIN-MAX]\n"
         "                     [--fault-seed N] [--fault-429 P] [--fault-503 P] [--fault-500-before P]\n"
         "                     [--fault-500-after P] [--fault-reset-after P] [--fault-slow P] [--slow-ms MS]\n"
         "                     [--threads N] [--seed-opportunities N] [--shared-load R]\n"
         "                     [--fault-slow-before P] [--fault-redirect P] [--fault-drop-reused P]\n"
         "                     [--fault-methods GET,POST] [--fault-path REGEX] [--tls-cert PEM --tls-key PEM]\n"
         "                     [--retry-after-429 SECONDS|none] [--no-confidential-access]\n"
         "Flags, seeded data and the inspection endpoints /__sandbox/...: tests/sandbox/README.md\n";
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
                                      "--fault-slow-before",
                                      "--fault-redirect",
                                      "--fault-drop-reused",
                                      "--fault-methods",
                                      "--fault-path",
                                      "--tls-cert",
                                      "--tls-key",
                                      "--seed-opportunities",
                                      "--shared-load",
                                      "--retry-after-429",
                                      "--no-confidential-access"};
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
    } else if (flag == "--no-confidential-access") {
      options.no_confidential_access = true;  // the only flag without a value
      continue;
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
    else if (flag == "--fault-slow-before")
      options.faults.slow_before = to_probability(flag, value);
    else if (flag == "--fault-redirect")
      options.faults.redirect = to_probability(flag, value);
    else if (flag == "--fault-drop-reused")
      options.faults.drop_reused = to_probability(flag, value);
    else if (flag == "--fault-methods")
      options.fault_methods = value;
    else if (flag == "--fault-path") {
      try {
        std::regex check(value);
      } catch (const std::regex_error&) {
        throw std::invalid_argument("--fault-path: not a valid regular expression");
      }
      options.fault_path = value;
    } else if (flag == "--tls-cert")
      options.tls_cert = value;
    else if (flag == "--tls-key")
      options.tls_key = value;
    else if (flag == "--slow-ms")
      options.slow_ms = to_int(flag, value);
    else if (flag == "--threads") {
      options.threads = to_int(flag, value);
      if (options.threads < 1) throw std::invalid_argument("--threads: at least 1");
    } else if (flag == "--seed-opportunities") {
      options.seed_opportunities = to_int(flag, value);
      if (options.seed_opportunities < 0) throw std::invalid_argument("--seed-opportunities: at least 0");
    } else if (flag == "--shared-load") {
      options.shared_load = to_number(flag, value);
    } else if (flag == "--retry-after-429") {
      options.retry_after_429 = value == "none" ? -1 : to_int(flag, value);
    } else if (flag == "--no-confidential-access") {
      throw std::invalid_argument("--no-confidential-access takes no value");
    } else
      throw std::invalid_argument("unknown option " + flag);
  }
  if (options.tls_cert.empty() != options.tls_key.empty())
    throw std::invalid_argument("--tls-cert and --tls-key go together");
  return options;
}

}  // namespace tc::sandbox
