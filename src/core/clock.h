#pragma once
// All "now" comes from a Clock so deadline, expiry and throttling logic is testable with a fake.

#include <atomic>
#include <cstdint>
#include <string>

namespace lakeguard {

class Clock {
 public:
  virtual ~Clock() = default;
  // Milliseconds since the Unix epoch, UTC. Thread-safe.
  virtual int64_t now_ms() const = 0;
};

class SystemClock final : public Clock {
 public:
  int64_t now_ms() const override;
};

// A clock that only moves when told to. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(int64_t start_ms) : now_(start_ms) {}
  int64_t now_ms() const override { return now_.load(); }
  void advance_ms(int64_t d) { now_ += d; }

 private:
  std::atomic<int64_t> now_;
};

// "2026-11-29T00:00:00.000Z" (ISO 8601, UTC, milliseconds).
std::string iso_utc(int64_t ms);

}  // namespace lakeguard
