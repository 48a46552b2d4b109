#include "alarms/rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <set>

namespace lakeguard::alarms {
namespace json = boost::json;

std::optional<Transition> evaluate(const ThresholdParams& p, ThresholdState& s, int64_t ts_ms,
                                   double value) {
  if (s.has_prev && ts_ms <= s.prev_ts) return std::nullopt;  // late or repeated: the past
  double x = value;
  if (p.rate_per_min) {
    if (!s.has_prev) {
      s.has_prev = true;
      s.prev_value = value;
      s.prev_ts = ts_ms;
      return std::nullopt;  // no rate from one reading
    }
    x = (value - s.prev_value) / (static_cast<double>(ts_ms - s.prev_ts) / 60000.0);
  }
  s.has_prev = true;
  s.prev_value = value;
  s.prev_ts = ts_ms;
  auto meets = [&](double threshold, double slack) {
    return p.cmp == Comparison::kAtLeast ? x >= threshold - slack : x <= threshold + slack;
  };
  Level raise = Level::kNone, keep = Level::kNone;
  for (Level l : kAllLevels) {
    size_t i = level_index(l);
    if (!p.levels[i]) continue;
    double threshold = *p.levels[i];
    if (meets(threshold, 0)) {
      if (s.since_ms[i] < 0) s.since_ms[i] = ts_ms;
      if (ts_ms - s.since_ms[i] >= p.hold_ms) raise = l;
    } else {
      s.since_ms[i] = -1;
    }
    if (l <= s.active && meets(threshold, p.hysteresis)) keep = l;
  }
  Level next = std::max(raise, keep);
  if (next == s.active) return std::nullopt;
  if (s.active == Level::kNone && s.last_raise_ms >= 0 && ts_ms - s.last_raise_ms < p.silence_ms)
    return std::nullopt;  // silenced: raised again too soon after the previous raise
  Transition t{s.active, next, ts_ms, x, 0};
  if (s.active == Level::kNone) s.last_raise_ms = ts_ms;
  s.active = next;
  return t;
}

std::optional<Transition> on_reading(const OfflineParams& p, OfflineState& s, int64_t ts_ms) {
  if (ts_ms <= s.last_ts) return std::nullopt;  // late or repeated: not news of the device
  s.last_ts = ts_ms;
  if (!s.active) return std::nullopt;
  s.active = false;
  return Transition{p.level, Level::kNone, ts_ms, 0, 0};
}

std::optional<Transition> on_tick(const OfflineParams& p, OfflineState& s, int64_t now_ms) {
  if (s.active || s.last_ts < 0 || now_ms - s.last_ts < p.after_ms) return std::nullopt;
  s.active = true;
  return Transition{Level::kNone, p.level, now_ms, static_cast<double>(now_ms - s.last_ts) / 1000.0,
                    0};
}

std::string_view rule_type_name(RuleType t) {
  switch (t) {
    case RuleType::kThreshold:
      return "threshold";
    case RuleType::kOffline:
      return "offline";
    case RuleType::kRainstorm:
      return "rainstorm";
  }
  return "threshold";
}

RuleDef builtin_rainstorm() {
  // CMA 暴雨预警信号 criteria (气象灾害预警信号发布与传播办法, 2007; standards.md §7, type 02):
  // blue 12 h ≥ 50 mm, yellow 6 h ≥ 50 mm, orange 3 h ≥ 50 mm, red 3 h ≥ 100 mm; "以上" read as
  // inclusive. Applied to observed rainfall as lakeguard's own early warning (本系统预警), not
  // an official signal.
  constexpr int64_t kHour = 3600 * 1000;
  RuleDef r;
  r.name = "rainstorm";
  r.type = RuleType::kRainstorm;
  r.device_kind = "rain_gauge";
  r.metric = "rain_mm";
  r.built_in = true;
  r.description =
      "Rainstorm early warning on observed rainfall (CMA 暴雨 criteria); lakeguard's own "
      "pre-alert, not an official signal";
  r.rainstorm.criteria = {{Level::kBlue, 12 * kHour, 50'000},
                          {Level::kYellow, 6 * kHour, 50'000},
                          {Level::kOrange, 3 * kHour, 50'000},
                          {Level::kRed, 3 * kHour, 100'000}};
  r.rainstorm.clear_ms = kHour;
  return r;
}

json::object to_json(const RuleDef& r) {
  json::object o;
  o["id"] = r.id;
  o["name"] = r.name;
  o["type"] = rule_type_name(r.type);
  o["device_id"] = r.device_id ? json::value(*r.device_id) : json::value(nullptr);
  o["device_kind"] = r.device_kind.empty() ? json::value(nullptr) : json::value(r.device_kind);
  o["metric"] = r.metric;
  o["enabled"] = r.enabled;
  o["built_in"] = r.built_in;
  o["description"] = r.description;
  switch (r.type) {
    case RuleType::kThreshold: {
      const auto& t = r.threshold;
      o["comparison"] = t.cmp == Comparison::kAtLeast ? "ge" : "le";
      json::object levels;
      for (Level l : kAllLevels)
        if (t.levels[level_index(l)]) levels[level_name(l)] = *t.levels[level_index(l)];
      o["levels"] = std::move(levels);
      o["rate_per_min"] = t.rate_per_min;
      o["hold_s"] = t.hold_ms / 1000;
      o["hysteresis"] = t.hysteresis;
      o["silence_s"] = t.silence_ms / 1000;
      break;
    }
    case RuleType::kOffline:
      o["after_s"] = r.offline.after_ms / 1000;
      o["level"] = level_name(r.offline.level);
      break;
    case RuleType::kRainstorm: {
      json::object criteria;
      for (const auto& c : r.rainstorm.criteria)
        criteria[level_name(c.level)] =
            json::object{{"window_h", static_cast<double>(c.window_ms) / 3600000.0},
                         {"mm", static_cast<double>(c.threshold_um) / 1000.0}};
      o["criteria"] = std::move(criteria);
      o["clear_s"] = r.rainstorm.clear_ms / 1000;
      o["label"] = "本系统预警";
      break;
    }
  }
  o["version"] = r.version;
  return o;
}

json::object definition_of(const RuleDef& r) {
  json::object o = to_json(r);
  for (const char* k : {"id", "built_in", "version", "label"}) o.erase(k);
  return o;
}

namespace {

const std::set<std::string, std::less<>> kWritable = {
    "name",        "type",       "device_id", "device_kind",  "metric",  "enabled",
    "description", "comparison", "levels",    "rate_per_min", "hold_s",  "hysteresis",
    "silence_s",   "after_s",    "level",     "clear_s",      "criteria"};

bool is_token(std::string_view s, size_t max) {
  if (s.empty() || s.size() > max) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

Result<double> number(const json::value& v, std::string_view field) {
  double d = 0;
  if (v.is_int64())
    d = static_cast<double>(v.as_int64());
  else if (v.is_uint64())
    d = static_cast<double>(v.as_uint64());
  else if (v.is_double())
    d = v.as_double();
  else
    return Error::validation(std::string(field), fmt::format("'{}' must be a number.", field));
  if (!std::isfinite(d) || std::fabs(d) > 1e12)
    return Error::validation(std::string(field),
                             fmt::format("'{}' must be a finite number.", field));
  return d;
}

// A whole number of seconds in [lo, hi], as milliseconds.
Result<int64_t> seconds(const json::value& v, std::string_view field, int64_t lo, int64_t hi) {
  if (!v.is_int64() || v.as_int64() < lo || v.as_int64() > hi)
    return Error::validation(
        std::string(field),
        fmt::format("'{}' must be whole seconds from {} to {}.", field, lo, hi));
  return v.as_int64() * 1000;
}

Result<Level> level_of(const json::value& v, std::string_view field) {
  auto l = v.is_string() ? parse_level(v.as_string()) : std::nullopt;
  if (!l)
    return Error::validation(std::string(field),
                             fmt::format("'{}' is one of blue, yellow, orange, red.", field));
  return *l;
}

}  // namespace

Result<RuleDef> parse_rule(const json::object& body, const RuleDef* existing, bool stored) {
  for (const auto& kv : body)
    if (!kWritable.contains(std::string_view(kv.key())))
      return Error::validation(
          std::string(kv.key()),
          fmt::format("Unknown or read-only field '{}'.", std::string_view(kv.key())));
  json::object o;
  if (existing) {
    o = definition_of(*existing);
    for (const auto& kv : body) {
      std::string_view k = kv.key();
      if ((k == "name" || k == "type") && kv.value() != o[k])
        return Error::validation(std::string(k), fmt::format("'{}' of a rule cannot change.", k));
      if (existing->built_in && (k == "device_kind" || k == "metric" || k == "device_id") &&
          kv.value() != o[k])
        return Error::validation(std::string(k),
                                 fmt::format("'{}' of a built-in rule cannot change.", k));
      o[k] = kv.value();
    }
  } else {
    o = body;
  }
  RuleDef r;
  if (existing) {
    r.id = existing->id;
    r.built_in = existing->built_in;
    r.version = existing->version;
    r.created_at_ms = existing->created_at_ms;
  }
  auto name = o.if_contains("name");
  if (!name || !name->is_string() || !is_token(name->as_string(), 64))
    return Error::validation("name", "'name' is 1 to 64 of a-z, 0-9, '_' and '-'.");
  r.name = std::string(name->as_string());
  auto type = o.if_contains("type");
  std::string_view t = type && type->is_string() ? std::string_view(type->as_string()) : "";
  if (t == "threshold")
    r.type = RuleType::kThreshold;
  else if (t == "offline")
    r.type = RuleType::kOffline;
  else if (t == "rainstorm" && (existing || stored))
    r.type = RuleType::kRainstorm;
  else
    return Error::validation("type", "'type' is threshold or offline.");
  if (!existing && !stored && r.name == "rainstorm")
    return Error::validation("name", "The name 'rainstorm' belongs to the built-in rule.");
  auto dev = o.if_contains("device_id");
  auto kind = o.if_contains("device_kind");
  bool has_dev = dev && !dev->is_null();
  bool has_kind = kind && !kind->is_null();
  if (has_dev == has_kind)
    return Error::validation("device_id", "Give exactly one of 'device_id' and 'device_kind'.");
  if (has_dev) {
    if (!dev->is_int64() || dev->as_int64() <= 0)
      return Error::validation("device_id", "'device_id' must be the id of a device.");
    r.device_id = dev->as_int64();
  } else {
    if (!kind->is_string() || !is_token(kind->as_string(), 64))
      return Error::validation("device_kind", "'device_kind' is 1 to 64 of a-z, 0-9, '_' and '-'.");
    r.device_kind = std::string(kind->as_string());
  }
  auto metric = o.if_contains("metric");
  if (!metric || !metric->is_string() || !is_token(metric->as_string(), 64))
    return Error::validation("metric", "'metric' is 1 to 64 of a-z, 0-9, '_' and '-'.");
  r.metric = std::string(metric->as_string());
  if (auto e = o.if_contains("enabled"); e && !e->is_null()) {
    if (!e->is_bool()) return Error::validation("enabled", "'enabled' is true or false.");
    r.enabled = e->as_bool();
  }
  if (auto d = o.if_contains("description"); d && !d->is_null()) {
    if (!d->is_string() || d->as_string().size() > 500)
      return Error::validation("description", "'description' is text of at most 500 bytes.");
    r.description = std::string(d->as_string());
  }
  auto reject_other = [&](std::initializer_list<const char*> keys) -> Status {
    for (const char* k : keys)
      if (auto v = o.if_contains(k); v && !v->is_null())
        return Error::validation(
            k, fmt::format("'{}' does not apply to a {} rule.", k, rule_type_name(r.type)));
    return ok_status();
  };
  switch (r.type) {
    case RuleType::kThreshold: {
      LG_TRY(reject_other({"after_s", "level", "clear_s", "criteria"}));
      auto& p = r.threshold;
      auto cmp = o.if_contains("comparison");
      std::string_view c = cmp && cmp->is_string() ? std::string_view(cmp->as_string()) : "";
      if (c == "ge")
        p.cmp = Comparison::kAtLeast;
      else if (c == "le")
        p.cmp = Comparison::kAtMost;
      else
        return Error::validation("comparison", "'comparison' is ge or le.");
      auto levels = o.if_contains("levels");
      if (!levels || !levels->is_object() || levels->as_object().empty())
        return Error::validation("levels",
                                 "'levels' maps at least one of blue, yellow, orange, red to a "
                                 "threshold.");
      for (const auto& kv : levels->as_object()) {
        auto l = parse_level(kv.key());
        if (!l)
          return Error::validation("levels",
                                   "'levels' maps at least one of blue, yellow, "
                                   "orange, red to a threshold.");
        LG_TRY_ASSIGN(double v, number(kv.value(), "levels"));
        p.levels[level_index(*l)] = v;
      }
      // A higher level is a stricter threshold: increasing for ge, decreasing for le.
      std::optional<double> prev;
      for (Level l : kAllLevels) {
        auto v = p.levels[level_index(l)];
        if (!v) continue;
        if (prev && (p.cmp == Comparison::kAtLeast ? *v <= *prev : *v >= *prev))
          return Error::validation("levels",
                                   "A higher level needs a stricter threshold (increasing for "
                                   "ge, decreasing for le).");
        prev = v;
      }
      if (auto v = o.if_contains("rate_per_min"); v && !v->is_null()) {
        if (!v->is_bool())
          return Error::validation("rate_per_min", "'rate_per_min' is true or false.");
        p.rate_per_min = v->as_bool();
      }
      if (auto v = o.if_contains("hold_s"); v && !v->is_null()) {
        LG_TRY_ASSIGN(p.hold_ms, seconds(*v, "hold_s", 0, 86400));
      }
      if (auto v = o.if_contains("silence_s"); v && !v->is_null()) {
        LG_TRY_ASSIGN(p.silence_ms, seconds(*v, "silence_s", 0, 86400));
      }
      if (auto v = o.if_contains("hysteresis"); v && !v->is_null()) {
        LG_TRY_ASSIGN(p.hysteresis, number(*v, "hysteresis"));
        if (p.hysteresis < 0)
          return Error::validation("hysteresis", "'hysteresis' must not be negative.");
      }
      break;
    }
    case RuleType::kOffline: {
      LG_TRY(reject_other({"comparison", "levels", "rate_per_min", "hold_s", "hysteresis",
                           "silence_s", "clear_s", "criteria"}));
      auto after = o.if_contains("after_s");
      if (!after) return Error::validation("after_s", "'after_s' is required.");
      LG_TRY_ASSIGN(r.offline.after_ms, seconds(*after, "after_s", 10, 7 * 86400));
      if (auto v = o.if_contains("level"); v && !v->is_null()) {
        LG_TRY_ASSIGN(r.offline.level, level_of(*v, "level"));
      }
      break;
    }
    case RuleType::kRainstorm: {
      LG_TRY(reject_other({"comparison", "levels", "rate_per_min", "hold_s", "hysteresis",
                           "silence_s", "after_s", "level"}));
      auto clear = o.if_contains("clear_s");
      if (clear && !clear->is_null()) {
        LG_TRY_ASSIGN(r.rainstorm.clear_ms, seconds(*clear, "clear_s", 0, 12 * 3600));
      }
      auto crit = o.if_contains("criteria");
      if (!crit || !crit->is_object() || crit->as_object().empty())
        return Error::validation("criteria", "'criteria' maps levels to {\"window_h\", \"mm\"}.");
      for (const auto& kv : crit->as_object()) {
        auto l = parse_level(kv.key());
        auto c = kv.value().if_object();
        if (!l || !c || !c->contains("window_h") || !c->contains("mm"))
          return Error::validation("criteria", "'criteria' maps levels to {\"window_h\", \"mm\"}.");
        LG_TRY_ASSIGN(double hours, number(c->at("window_h"), "criteria"));
        LG_TRY_ASSIGN(double mm, number(c->at("mm"), "criteria"));
        if (hours <= 0 || hours > 24 || mm <= 0 || mm > 10000)
          return Error::validation("criteria",
                                   "A criterion's window is over 0 to 24 h and its rain over 0 "
                                   "to 10000 mm.");
        r.rainstorm.criteria.push_back(
            RainCriterion{*l, static_cast<int64_t>(std::llround(hours * 3600000.0)),
                          static_cast<int64_t>(std::llround(mm * 1000.0))});
      }
      std::sort(r.rainstorm.criteria.begin(), r.rainstorm.criteria.end(),
                [](const auto& a, const auto& b) { return a.level < b.level; });
      break;
    }
  }
  return r;
}

}  // namespace lakeguard::alarms
