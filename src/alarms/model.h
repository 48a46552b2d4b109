#pragma once
// alarms: monitoring rules over telemetry readings (core/telemetry.h), the built-in rainstorm
// rule, and the alarm lifecycle (issue 9 items 3 and 4; docs/alarms.md). The monitor context
// ingests and stores readings; this context evaluates rules and owns alarms (decision 0009).
// Plain types only.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/principal.h"

namespace lakeguard::alarms {

// Alarm levels, lowest first (蓝 blue Ⅳ, 黄 yellow Ⅲ, 橙 orange Ⅱ, 红 red Ⅰ; standards.md §7).
// kNone: no criterion holds.
enum class Level { kNone = 0, kBlue = 1, kYellow = 2, kOrange = 3, kRed = 4 };
inline constexpr Level kAllLevels[] = {Level::kBlue, Level::kYellow, Level::kOrange, Level::kRed};
inline constexpr size_t kLevelCount = 5;  // with kNone
inline size_t level_index(Level l) { return static_cast<size_t>(l); }

std::string_view level_name(Level l);                  // "none", "blue", "yellow", "orange", "red"
std::optional<Level> parse_level(std::string_view s);  // not "none"

// The alarm lifecycle (wire names): open → claimed → verified → converted → closed, or dismissed
// (a false alarm) from open or claimed. closed and dismissed are terminal.
enum class State { kOpen, kClaimed, kVerified, kConverted, kClosed, kDismissed };
enum class Action { kClaim, kVerify, kConvert, kClose, kDismiss };
inline constexpr State kAllStates[] = {State::kOpen,      State::kClaimed, State::kVerified,
                                       State::kConverted, State::kClosed,  State::kDismissed};
inline constexpr Action kAllActions[] = {Action::kClaim, Action::kVerify, Action::kConvert,
                                         Action::kClose, Action::kDismiss};
std::string_view state_name(State s);
std::string_view action_name(Action a);
std::optional<State> parse_state(std::string_view s);
std::optional<Action> parse_action(std::string_view s);
inline bool is_terminal(State s) { return s == State::kClosed || s == State::kDismissed; }

// One alarm: the fingerprint (device, metric, rule) is unique among non-terminal alarms; a new
// occurrence of the same fingerprint increments `count`, a higher level escalates it.
struct Alarm {
  int64_t id = 0;
  int64_t device_id = 0;
  std::string device_code;
  std::string metric;
  std::string rule;  // the rule's name
  Level level = Level::kBlue;
  State status = State::kOpen;
  bool active = true;  // the rule's condition still holds (false after it cleared)
  int64_t first_seen_ms = 0;
  int64_t last_seen_ms = 0;
  int64_t count = 1;
  std::string message;
  std::string town_code;  // the device's placement when raised (scope)
  std::string community_code;
  std::string incident_ref;  // set by convert: the id (decimal) of the incident opened from it
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
  int64_t version = 1;
};

// One entry of an alarm's history: raised / occurred / escalated / lowered / cleared by the
// rules (actor "rules"), or a lifecycle action by a user.
struct ActionRecord {
  int64_t id = 0;
  int64_t alarm_id = 0;
  std::string action;
  std::string from_status;
  std::string to_status;
  std::string from_level;
  std::string to_level;
  std::optional<int64_t> actor_id;
  std::string actor;
  int64_t at_ms = 0;
  std::string note;
  std::string request_id;
};

// Alarms are placed by their device's town and community; they have no enterprise column, so an
// enterprise user sees none (scope_of).
inline constexpr ScopeColumns kScopeColumns = {
    .town = "town_code", .community = "community_code", .enterprise = ""};

inline Placement placement_of(const Alarm& a) {
  return Placement{a.town_code, a.community_code, std::nullopt};
}

struct ListFilter {
  std::optional<int64_t> device_id;
  std::optional<State> status;
  std::optional<Level> level;
  std::string rule;
  bool sort_desc = true;  // by last_seen, newest first (default "-last_seen")
  std::string sort_column = "last_seen";
  int64_t page = 1;
  int64_t page_size = 50;
};

}  // namespace lakeguard::alarms
