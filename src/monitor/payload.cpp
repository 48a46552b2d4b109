#include "monitor/payload.h"

#include <fmt/format.h>

#include <boost/json.hpp>
#include <cmath>

#include "core/dates.h"

namespace lakeguard::monitor {

namespace json = boost::json;

std::string_view reason_code(Reason r) {
  switch (r) {
    case Reason::kBadJson:
      return "bad_json";
    case Reason::kMissingField:
      return "missing_field";
    case Reason::kBadValue:
      return "bad_value";
    case Reason::kBadMetric:
      return "bad_metric";
    case Reason::kBadTimestamp:
      return "bad_timestamp";
    case Reason::kTimestampOutOfRange:
      return "ts_out_of_range";
    case Reason::kUnknownDevice:
      return "unknown_device";
    case Reason::kUndeclaredMetric:
      return "undeclared_metric";
    case Reason::kLineTooLong:
      return "line_too_long";
    case Reason::kBadTopic:
      return "bad_topic";
  }
  return "bad_json";
}

Rejection reject(Reason r, std::string message) { return Rejection{r, std::move(message)}; }

bool valid_metric_name(std::string_view s) {
  if (s.empty() || s.size() > kMaxMetricChars || s[0] < 'a' || s[0] > 'z') return false;
  for (char ch : s)
    if (!((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_')) return false;
  return true;
}

bool valid_device_code(std::string_view s) {
  if (s.empty() || s.size() > kMaxDeviceCodeChars) return false;
  for (unsigned char ch : s)
    if (ch < 0x21 || ch == 0x7f || ch == '/' || ch == '+' || ch == '#' || ch == '"' || ch >= 0x80)
      return false;
  return true;
}

std::optional<std::string> device_code_of_topic(std::string_view topic) {
  if (topic.substr(0, kTopicPrefix.size()) != kTopicPrefix) return std::nullopt;
  std::string_view code = topic.substr(kTopicPrefix.size());
  if (!valid_device_code(code)) return std::nullopt;
  return std::string(code);
}

namespace {

Parsed refuse(Reason r, std::string msg) { return Parsed{{}, reject(r, std::move(msg))}; }

std::optional<json::object> parse_object(std::string_view text) {
  boost::system::error_code ec;
  json::parse_options opt;
  opt.max_depth = 8;
  json::value v = json::parse(text, ec, {}, opt);
  if (ec || !v.is_object()) return std::nullopt;
  return std::move(v.as_object());
}

// The reading time of `ts`, or the rejection.
std::optional<Rejection> read_ts(const json::object& o, int64_t now_ms, const Limits& limits,
                                 int64_t* out) {
  const json::value* ts = o.if_contains("ts");
  if (!ts || ts->is_null()) return reject(Reason::kMissingField, "The field 'ts' is missing.");
  std::optional<int64_t> ms;
  if (ts->is_int64()) {
    ms = ts->as_int64();
  } else if (ts->is_uint64()) {
    if (ts->as_uint64() <= static_cast<uint64_t>(INT64_MAX)) ms = int64_t(ts->as_uint64());
  } else if (ts->is_double()) {
    double d = ts->as_double();
    if (std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9e15) ms = int64_t(d);
  } else if (ts->is_string()) {
    ms = parse_instant(std::string_view(ts->as_string()));
  }
  if (!ms)
    return reject(Reason::kBadTimestamp,
                  "'ts' must be epoch milliseconds or ISO 8601 with an offset.");
  if (*ms < kMinTsMs || *ms > now_ms + limits.max_future_ms)
    return reject(Reason::kTimestampOutOfRange,
                  fmt::format("'ts' must be after 2000-01-01 and at most {} s in the future.",
                              limits.max_future_ms / 1000));
  *out = *ms;
  return std::nullopt;
}

std::optional<Rejection> read_value(const json::value* v, std::string_view metric, double* out) {
  if (!v || v->is_null()) return reject(Reason::kMissingField, "The field 'value' is missing.");
  double d = 0;
  if (v->is_double())
    d = v->as_double();
  else if (v->is_int64())
    d = double(v->as_int64());
  else if (v->is_uint64())
    d = double(v->as_uint64());
  else
    return reject(Reason::kBadValue, fmt::format("The value of '{}' must be a number.", metric));
  if (!std::isfinite(d))
    return reject(Reason::kBadValue,
                  fmt::format("The value of '{}' must be a finite number.", metric));
  *out = d;
  return std::nullopt;
}

std::optional<Rejection> check_metric(std::string_view m) {
  if (valid_metric_name(m)) return std::nullopt;
  return reject(Reason::kBadMetric,
                "A metric name is 1–40 characters: a lower-case letter, then lower-case "
                "letters, digits or '_'.");
}

}  // namespace

Parsed parse_mqtt_payload(std::string_view device_code, std::string_view payload, int64_t now_ms,
                          const Limits& limits) {
  if (payload.size() > limits.max_line_bytes)
    return refuse(Reason::kLineTooLong,
                  fmt::format("The payload is longer than {} bytes.", limits.max_line_bytes));
  if (!valid_device_code(device_code))
    return refuse(Reason::kBadTopic, "The topic must be lakeguard/v1/telemetry/{device_code}.");
  auto o = parse_object(payload);
  if (!o) return refuse(Reason::kBadJson, "The payload must be one JSON object.");
  int64_t ts = 0;
  if (auto r = read_ts(*o, now_ms, limits, &ts)) return Parsed{{}, std::move(*r)};
  Parsed out;
  if (const json::value* values = o->if_contains("values")) {
    if (!values->is_object() || values->as_object().empty())
      return refuse(Reason::kBadValue, "'values' must be an object of metric → number.");
    if (values->as_object().size() > limits.max_values)
      return refuse(Reason::kLineTooLong,
                    fmt::format("'values' holds more than {} metrics.", limits.max_values));
    for (const auto& kv : values->as_object()) {
      std::string_view m = kv.key();
      if (auto r = check_metric(m)) return Parsed{{}, std::move(*r)};
      double v = 0;
      if (auto r = read_value(&kv.value(), m, &v)) return Parsed{{}, std::move(*r)};
      out.samples.push_back(Sample{std::string(device_code), std::string(m), ts, v});
    }
    return out;
  }
  const json::value* metric = o->if_contains("metric");
  if (!metric || !metric->is_string())
    return refuse(Reason::kMissingField, "The field 'metric' (or 'values') is missing.");
  std::string_view m = metric->as_string();
  if (auto r = check_metric(m)) return Parsed{{}, std::move(*r)};
  double v = 0;
  if (auto r = read_value(o->if_contains("value"), m, &v)) return Parsed{{}, std::move(*r)};
  out.samples.push_back(Sample{std::string(device_code), std::string(m), ts, v});
  return out;
}

Parsed parse_ndjson_line(std::string_view line, int64_t now_ms, const Limits& limits) {
  if (line.size() > limits.max_line_bytes)
    return refuse(Reason::kLineTooLong,
                  fmt::format("The line is longer than {} bytes.", limits.max_line_bytes));
  auto o = parse_object(line);
  if (!o) return refuse(Reason::kBadJson, "The line must be one JSON object.");
  const json::value* code = o->if_contains("device_code");
  if (!code || !code->is_string() || code->as_string().empty())
    return refuse(Reason::kMissingField, "The field 'device_code' is missing.");
  if (!valid_device_code(std::string_view(code->as_string())))
    return refuse(Reason::kUnknownDevice, "No device has this code.");
  int64_t ts = 0;
  if (auto r = read_ts(*o, now_ms, limits, &ts)) return Parsed{{}, std::move(*r)};
  const json::value* metric = o->if_contains("metric");
  if (!metric || !metric->is_string())
    return refuse(Reason::kMissingField, "The field 'metric' is missing.");
  std::string_view m = metric->as_string();
  if (auto r = check_metric(m)) return Parsed{{}, std::move(*r)};
  double v = 0;
  if (auto r = read_value(o->if_contains("value"), m, &v)) return Parsed{{}, std::move(*r)};
  return Parsed{{Sample{std::string(code->as_string()), std::string(m), ts, v}}, std::nullopt};
}

std::vector<Line> split_lines(std::string_view body) {
  std::vector<Line> out;
  size_t n = 0, pos = 0;
  while (pos < body.size()) {
    size_t end = body.find('\n', pos);
    if (end == std::string_view::npos) end = body.size();
    std::string_view text = body.substr(pos, end - pos);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    ++n;
    bool blank = text.find_first_not_of(" \t") == std::string_view::npos;
    if (!blank) out.push_back(Line{n, text});
    pos = end + 1;
  }
  return out;
}

std::string truncate_utf8(std::string_view s, size_t limit) {
  if (s.size() <= limit) return std::string(s);
  size_t n = limit;
  // Back off continuation bytes (10xxxxxx) so a character is never cut in half.
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n));
}

}  // namespace lakeguard::monitor
