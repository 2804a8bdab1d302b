#include "core/http/clock.hpp"

#include <algorithm>
#include <thread>

namespace tc {

double SystemClock::now_seconds() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}

long long SystemClock::epoch_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

bool SystemClock::sleep_for(double seconds, const std::atomic<bool>* cancel) {
  const double until = now_seconds() + seconds;
  // Sleep in short slices so Ctrl-C is noticed quickly.
  for (;;) {
    if (cancel != nullptr && cancel->load()) return false;
    const double left = until - now_seconds();
    if (left <= 0) return true;
    std::this_thread::sleep_for(std::chrono::duration<double>(std::min(left, 0.05)));
  }
}

}  // namespace tc
