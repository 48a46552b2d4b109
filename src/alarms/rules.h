#pragma once
// Monitoring rules as pure functions over one (rule, device, metric) state: level thresholds
// (≥ or ≤), rate of change, a must-hold-for duration, a clear condition with hysteresis, a
// silence window; and an offline rule (no reading for X). The rainstorm rule is rainstorm.h.
// A rule definition is parsed and validated from its JSON form here too (the API's rule body).
// docs/alarms.md states the semantics; tests/unit/alarms/golden/ checks them.

#include <array>
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "alarms/model.h"
#include "core/error.h"

namespace lakeguard::alarms {

// A change of a rule's level for one device and metric: from none is a raise, to none a clear.
struct Transition {
  Level from = Level::kNone;
  Level to = Level::kNone;
  int64_t at_ms = 0;      // the reading (or tick) time it happened at
  double value = 0;       // what was compared: the value, its rate per minute, or the accumulation
  int64_t window_ms = 0;  // rainstorm: the window of the criterion met (0 otherwise)
};

enum class Comparison { kAtLeast, kAtMost };  // wire: "ge" | "le"

struct ThresholdParams {
  Comparison cmp = Comparison::kAtLeast;
  // The threshold of each level, by level_index (kNone unused); nullopt: no such level.
  std::array<std::optional<double>, kLevelCount> levels{};
  // Compare the change per minute since the previous reading instead of the value.
  bool rate_per_min = false;
  // A level is raised only after its threshold held on every reading for this long (0: at once).
  int64_t hold_ms = 0;
  // Clear condition: an active level is kept while the value is within `hysteresis` of its
  // threshold (≥: value ≥ threshold − hysteresis; ≤: value ≤ threshold + hysteresis).
  double hysteresis = 0;
  // After a raise, a new raise (from clear) is suppressed for this long; escalation never is.
  int64_t silence_ms = 0;
};

struct ThresholdState {
  Level active = Level::kNone;
  // Since when each level's threshold has held without a break (-1: it does not hold now).
  std::array<int64_t, kLevelCount> since_ms{-1, -1, -1, -1, -1};
  bool has_prev = false;
  double prev_value = 0;
  int64_t prev_ts = 0;
  int64_t last_raise_ms = -1;  // -1: never raised
};

// Evaluates one reading in arrival order. A reading not newer than the previous one (late) is
// ignored: threshold rules describe the present. Returns the level change, if any.
std::optional<Transition> evaluate(const ThresholdParams& p, ThresholdState& s, int64_t ts_ms,
                                   double value);

struct OfflineParams {
  int64_t after_ms = 15 * 60 * 1000;  // no reading for this long → offline
  Level level = Level::kYellow;
};
struct OfflineState {
  int64_t last_ts = -1;  // newest reading time seen (-1: none yet)
  bool active = false;
};
// A reading: the device is online (clears an active offline alarm).
std::optional<Transition> on_reading(const OfflineParams& p, OfflineState& s, int64_t ts_ms);
// The clock: raises once `after_ms` passed since the newest reading (never before one was seen).
std::optional<Transition> on_tick(const OfflineParams& p, OfflineState& s, int64_t now_ms);

// --- Rule definitions (the rules table and the API) ---

enum class RuleType { kThreshold, kOffline, kRainstorm };
std::string_view rule_type_name(RuleType t);

// One rainstorm criterion: the accumulation over `window_ms` reaching `threshold_um` (micrometres
// of rain, i.e. mm × 1000, so boundaries compare exactly) gives `level`.
struct RainCriterion {
  Level level = Level::kBlue;
  int64_t window_ms = 0;
  int64_t threshold_um = 0;
};
struct RainstormParams {
  std::vector<RainCriterion> criteria;  // at most one per level
  int64_t clear_ms = 60 * 60 * 1000;    // the level falls only after this long without it
};

struct RuleDef {
  int64_t id = 0;
  std::string name;  // unique, [a-z0-9_-]{1,64}
  RuleType type = RuleType::kThreshold;
  std::optional<int64_t> device_id;  // one device, or
  std::string device_kind;           // every device of this kind
  std::string metric;
  bool enabled = true;
  bool built_in = false;
  ThresholdParams threshold;
  OfflineParams offline;
  RainstormParams rainstorm;
  std::string description;
  int64_t version = 1;
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
};

// The built-in rainstorm rule (CMA 暴雨 criteria, standards.md §7), before it is stored.
RuleDef builtin_rainstorm();

// Whether the rule applies to a reading of this device and metric.
inline bool applies(const RuleDef& r, int64_t device_id, const std::string& device_kind,
                    const std::string& metric) {
  if (!r.enabled || r.metric != metric) return false;
  return r.device_id ? *r.device_id == device_id : r.device_kind == device_kind;
}

// The API form of a rule (what GET returns and POST/PATCH take).
boost::json::object to_json(const RuleDef& r);
// Parses and validates a rule body (422 naming the field). With `existing`, a PATCH: the body's
// fields replace the existing rule's; `name` and `type` cannot change, a built-in rule keeps its
// device_kind and metric. `stored`: the body is a stored definition (the rules table), which may
// be the built-in rainstorm rule.
Result<RuleDef> parse_rule(const boost::json::object& body, const RuleDef* existing,
                           bool stored = false);
// The writable fields of a rule (what the rules table keeps as its definition).
boost::json::object definition_of(const RuleDef& r);

}  // namespace lakeguard::alarms
