#pragma once
// The monitor context's types (docs/monitor.md): registry devices as ingest sees them, stored
// series points, dead letters and gateway tokens. Readings themselves are core/telemetry.h's.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.h"
#include "monitor/payload.h"

namespace lakeguard::monitor {

// A registry `devices` object, the fields ingest needs.
struct Device {
  int64_t id = 0;
  std::string code;
  std::string name;
  std::string kind;
  std::vector<std::string> metrics;  // declared metrics; empty: any well-formed name
  Placement where;
};

// Which series a read uses: raw readings or a roll-up.
enum class Step { kRaw, kMinute, kHour };
std::string_view step_name(Step s);
inline constexpr int64_t kMinuteMs = 60'000;
inline constexpr int64_t kHourMs = 3'600'000;

// One point of a series: a raw reading (n = 1) or a roll-up bucket starting at ts_ms.
struct Point {
  int64_t ts_ms = 0;
  int64_t n = 1;
  double sum = 0;
  double min = 0;
  double max = 0;
  double last = 0;
};

// A roll-up row's increment from the readings of one batch in one bucket.
struct Bucket {
  int64_t device_id = 0;
  std::string metric;
  int64_t bucket_ms = 0;
  int64_t n = 0;
  double sum = 0;
  double min = 0;
  double max = 0;
  int64_t last_ts_ms = 0;
  double last = 0;
};

struct DeadLetter {
  int64_t received_at_ms = 0;
  std::string source;  // "http" | "mqtt"
  std::string device_code;
  std::optional<int64_t> line;
  Reason reason = Reason::kBadJson;
  std::string message;
  std::string payload;  // cut to Limits::dead_letter_bytes
};

struct TelemetryToken {
  int64_t id = 0;
  std::string name;
  std::optional<int64_t> created_by;
  int64_t created_at_ms = 0;
  std::optional<int64_t> revoked_at_ms;
  std::string token;  // plaintext, only when just created
};

// One MQTT message as received (topic, payload): what the ingest journal (monitor/mqtt.h) keeps
// and MonitorService::ingest_mqtt_batch stores.
struct JournalRecord {
  std::string topic;
  std::string payload;
};

}  // namespace lakeguard::monitor
