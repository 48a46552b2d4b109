#pragma once
// The seam between telemetry ingest (context `monitor`) and what reacts to readings (rules and
// alarms). Ingest publishes each durable batch to a ReadingFeed; subscribers (the alarm rules)
// are called after the batch is committed, on the ingesting thread, in timestamp order per
// (device, metric). Late readings are published like any other: a subscriber that keeps windows
// re-reads what it needs through ReadingHistory. Both are provided in platform::Services by the
// monitor context and taken with deps.services.get<T>().

#include <cstdint>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <vector>

#include "core/principal.h"

namespace lakeguard {

// One stored reading of one metric of one device (registry `devices`).
struct Reading {
  int64_t device_id = 0;
  std::string device_code;  // registry devices.code
  std::string device_kind;  // registry devices.kind, e.g. "rain_gauge"
  Placement where;          // the device's town / community (scope of what it raises)
  std::string metric;       // e.g. "rain_mm", "water_level_m"
  int64_t ts_ms = 0;        // reading time, epoch ms UTC
  double value = 0;
  bool late = false;  // older than a reading of the same (device, metric) already stored
};

using ReadingSink = std::function<void(std::span<const Reading>)>;

// Fan-out of committed readings. Subscribe at start-up (module constructors); publish from any
// thread.
class ReadingFeed {
 public:
  void subscribe(ReadingSink sink) {
    std::lock_guard lock(mu_);
    sinks_.push_back(std::move(sink));
  }
  void publish(std::span<const Reading> batch) const {
    if (batch.empty()) return;
    std::vector<ReadingSink> sinks;
    {
      std::lock_guard lock(mu_);
      sinks = sinks_;
    }
    for (const auto& s : sinks) s(batch);
  }

 private:
  mutable std::mutex mu_;
  std::vector<ReadingSink> sinks_;
};

// Stored readings of one (device, metric) with from_ms < ts_ms <= to_ms, in ts order: what a
// windowed rule re-reads after a restart or a late reading.
class ReadingHistory {
 public:
  virtual ~ReadingHistory() = default;
  virtual std::vector<Reading> readings(int64_t device_id, const std::string& metric,
                                        int64_t from_ms, int64_t to_ms) const = 0;
};

}  // namespace lakeguard
