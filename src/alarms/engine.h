#pragma once
// Rule evaluation over the reading feed, in memory and pure: the enabled rules, one state per
// (rule, device), readings in → level changes (Signals) out. The service persists the states it
// reports dirty and turns Signals into alarms. Not thread-safe: the service holds a lock.

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "alarms/rainstorm.h"
#include "alarms/rules.h"
#include "core/telemetry.h"

namespace lakeguard::alarms {

struct Signal {
  int64_t rule_id = 0;
  std::string rule;
  RuleType type = RuleType::kThreshold;
  int64_t device_id = 0;
  std::string device_code;
  std::string metric;
  Placement where;
  Transition t;
};

// The alarm text of a signal (stored with the alarm; English, data not a UI message).
std::string message_of(const Signal& s);

// A rule state as stored (the rule_states table), JSON text.
struct SavedState {
  int64_t rule_id = 0;
  int64_t device_id = 0;
  std::string device_code;
  std::string device_kind;
  std::string metric;
  Placement where;
  std::string state;  // JSON
};

class Engine {
 public:
  // Replaces the rules; states of rules kept (same id and type) are kept.
  void set_rules(std::vector<RuleDef> rules);
  const std::vector<RuleDef>& rules() const { return rules_; }

  // Evaluates a batch of readings (in order); appends the level changes to out.
  void process(std::span<const Reading> batch, std::vector<Signal>& out);
  // The clock: offline rules and rainstorm clear periods.
  void tick(int64_t now_ms, std::vector<Signal>& out);

  // The states changed since the last call.
  std::vector<SavedState> take_dirty();
  // Restores a stored state (after set_rules; ignored when its rule is gone).
  void load(const SavedState& s);
  size_t state_count() const { return states_.size(); }
  // After load: the stored readings each loaded rainstorm state needs back (its saved form holds
  // none: rainstorm.h), ts in (from_ms, to_ms]; handed back with restore_window.
  struct WindowRead {
    int64_t rule_id = 0, device_id = 0;
    std::string metric;
    int64_t from_ms = 0, to_ms = 0;
  };
  std::vector<WindowRead> windows_to_restore() const;
  void restore_window(const WindowRead& w, std::span<const Reading> readings);

 private:
  struct Key {
    int64_t rule_id;
    int64_t device_id;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    size_t operator()(const Key& k) const {
      return std::hash<int64_t>()(k.rule_id * 1000003 ^ k.device_id);
    }
  };
  struct Entry {
    size_t rule = 0;  // index into rules_
    std::string device_code, device_kind, metric;
    Placement where;
    ThresholdState threshold;
    OfflineState offline;
    RainstormState rain;
    bool dirty = false;
  };
  Entry& entry(size_t rule, const Reading& r);
  void emit(const Entry& e, const Key& k, const Transition& t, std::vector<Signal>& out) const;
  void mark(Entry& e, const Key& k);
  std::string state_json(const Entry& e) const;

  std::vector<RuleDef> rules_;
  std::unordered_map<std::string, std::vector<size_t>> by_metric_;
  std::unordered_map<Key, Entry, KeyHash> states_;
  std::vector<Key> dirty_;
};

}  // namespace lakeguard::alarms
