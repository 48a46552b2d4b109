#pragma once
// Telemetry payloads (issue 9 item 1; docs/monitor.md "Payloads"): the MQTT message body of topic
// `lakeguard/v1/telemetry/{device_code}` and the NDJSON lines of POST /api/v1/telemetry, parsed
// into samples or refused with a stable reason code (what /metrics counts and the dead-letter
// table keeps). Pure: no I/O; "now" is passed in. Devices are not looked up here (the service
// answers `unknown_device`).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace lakeguard::monitor {

// Why a payload or line was refused. The wire names (reason_code) are stable.
enum class Reason {
  kBadJson,              // "bad_json": not one JSON object
  kMissingField,         // "missing_field": ts, metric/value (or values), device_code
  kBadValue,             // "bad_value": value not a finite number
  kBadMetric,            // "bad_metric": metric name not [a-z][a-z0-9_]{0,39}
  kBadTimestamp,         // "bad_timestamp": ts neither epoch ms nor ISO 8601 with an offset
  kTimestampOutOfRange,  // "ts_out_of_range": before 2000-01-01Z or > max_future_ms ahead
  kUnknownDevice,        // "unknown_device": no registry device with that code
  kUndeclaredMetric,     // "undeclared_metric": the device lists its metrics and not this one
  kLineTooLong,          // "line_too_long": a line (or MQTT payload) over max_line_bytes
  kBadTopic,             // "bad_topic": not lakeguard/v1/telemetry/{device_code}
};
inline constexpr Reason kAllReasons[] = {Reason::kBadJson,       Reason::kMissingField,
                                         Reason::kBadValue,      Reason::kBadMetric,
                                         Reason::kBadTimestamp,  Reason::kTimestampOutOfRange,
                                         Reason::kUnknownDevice, Reason::kUndeclaredMetric,
                                         Reason::kLineTooLong,   Reason::kBadTopic};
std::string_view reason_code(Reason r);

// Every limit of ingest, explicit (app/config.h sets them).
struct Limits {
  size_t max_line_bytes = 4096;             // one NDJSON line or one MQTT payload
  size_t max_lines = 10000;                 // NDJSON lines per request (more: 413)
  size_t max_body_bytes = 4 * 1024 * 1024;  // NDJSON request body (more: 413)
  size_t max_values = 64;                   // metrics in one MQTT "values" object
  size_t dead_letter_bytes = 1024;          // raw payload kept per dead letter (cut beyond)
  int64_t max_future_ms = 5 * 60 * 1000;    // how far ahead of the Clock a ts may be
};

// The earliest accepted reading time: 2000-01-01T00:00:00Z.
inline constexpr int64_t kMinTsMs = 946684800000;
inline constexpr size_t kMaxDeviceCodeChars = 40;  // registry devices.code max_len
inline constexpr size_t kMaxMetricChars = 40;

// One reading before its device is looked up.
struct Sample {
  std::string device_code;
  std::string metric;
  int64_t ts_ms = 0;
  double value = 0;
  bool operator==(const Sample&) const = default;
};

struct Rejection {
  Reason reason = Reason::kBadJson;
  std::string message;  // English, for the reply and the dead letter
};

// A payload's samples, or why it was refused (a refused MQTT message stores none of its values).
struct Parsed {
  std::vector<Sample> samples;
  std::optional<Rejection> rejection;
};

// A rejection (the helper every refusal is written through; scripts/check-messages knows it).
Rejection reject(Reason r, std::string message);

bool valid_metric_name(std::string_view s);
// A device code as a topic level may carry it: 1–40 characters, none of / + # or control.
bool valid_device_code(std::string_view s);
// The device code of an MQTT topic `lakeguard/v1/telemetry/{device_code}`, or nullopt.
std::optional<std::string> device_code_of_topic(std::string_view topic);
inline constexpr std::string_view kTopicPrefix = "lakeguard/v1/telemetry/";

// The MQTT body: {"ts", "metric", "value"} or {"ts", "values": {metric: value, …}}.
Parsed parse_mqtt_payload(std::string_view device_code, std::string_view payload, int64_t now_ms,
                          const Limits& limits);
// One NDJSON line: {"device_code", "ts", "metric", "value"}.
Parsed parse_ndjson_line(std::string_view line, int64_t now_ms, const Limits& limits);

// A body split into its lines (LF or CRLF); blank lines are skipped, numbers count every line
// from 1.
struct Line {
  size_t number = 0;
  std::string_view text;
};
std::vector<Line> split_lines(std::string_view body);

// The first `limit` bytes of s, cut back to a whole UTF-8 character (for dead letters).
std::string truncate_utf8(std::string_view s, size_t limit);

}  // namespace lakeguard::monitor
