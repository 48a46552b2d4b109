#include "core/clock.h"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace lakeguard {

int64_t SystemClock::now_ms() const {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string iso_utc(int64_t ms) {
  std::time_t secs = static_cast<std::time_t>(ms / 1000);
  int rem = static_cast<int>(ms % 1000);
  if (rem < 0) {
    rem += 1000;
    --secs;
  }
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, rem);
  return buf;
}

}  // namespace lakeguard
