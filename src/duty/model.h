#pragma once
// duty: the duty rota (值班, PRODUCT.md F14, issue 11 item 5). Each unit — the district's
// emergency-management bureau and each town/street (镇街) — keeps a rota of shifts (班次); a shift
// has a start and an end (stored as UTC epoch ms, shown in Beijing time) and its people, each
// with a duty role: the leader on duty (带班领导), the duty officers (值班员) and a standby (备班).
// A shift's interval is (start, end]: a shift ending 08:00 and one starting 08:00 do not overlap,
// and at 08:00 exactly the outgoing shift is still on duty. The outgoing officer writes the
// handover (交接班) and the incoming one acknowledges it; the duty log (值班日志) records what
// happened on a shift; the address book (通讯录) lists the units' people and phone numbers.
// docs/duty.md has the rules and the choices. Plain types only.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.h"

namespace lakeguard::duty {

// 带班领导 / 值班员 / 备班.
enum class DutyRole { kLeader, kOfficer, kStandby };
std::string_view duty_role_name(DutyRole r);   // "leader", "officer", "standby"
std::string_view duty_role_label(DutyRole r);  // 带班领导, 值班员, 备班
std::optional<DutyRole> parse_duty_role(std::string_view s);

struct Assignment {
  int64_t user_id = 0;
  DutyRole role = DutyRole::kOfficer;
  std::string name;  // the user's display name when assigned
  bool operator==(const Assignment&) const = default;
};

struct Shift {
  int64_t id = 0;
  std::string unit_code;  // the district's 6-digit code or a town's 9-digit code
  std::string town_code;  // the town for a town's shift, "" for the district's (scope column)
  int64_t starts_at_ms = 0;
  int64_t ends_at_ms = 0;
  std::string note;
  std::vector<Assignment> people;
  bool synthetic = false;
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
  int64_t version = 1;
};

// 交接班: written by an officer of the outgoing shift, acknowledged by one of the next shift.
enum class HandoverState { kWritten, kAcknowledged };
std::string_view handover_state_name(HandoverState s);  // "written", "acknowledged"

struct Handover {
  int64_t id = 0;
  int64_t shift_id = 0;       // the outgoing shift
  int64_t next_shift_id = 0;  // the incoming shift (the unit's next one)
  std::string unit_code;
  std::string town_code;
  HandoverState state = HandoverState::kWritten;
  std::vector<std::string> open_items;  // 未办结事项
  std::string notes;
  int64_t written_by = 0;
  std::string written_by_name;
  int64_t written_at_ms = 0;
  std::optional<int64_t> acknowledged_by;
  std::string acknowledged_by_name;
  std::optional<int64_t> acknowledged_at_ms;
};

// 值班日志 entry kinds: 接报 (a report received), 处置 (handling), 交办 (a task assigned), 其他.
enum class LogKind { kReport, kHandling, kAssignment, kOther };
std::string_view log_kind_name(LogKind k);   // "report", "handling", "assignment", "other"
std::string_view log_kind_label(LogKind k);  // 接报, 处置, 交办, 其他
std::optional<LogKind> parse_log_kind(std::string_view s);

struct LogEntry {
  int64_t id = 0;
  int64_t shift_id = 0;
  std::string unit_code;
  std::string town_code;
  int64_t at_ms = 0;
  LogKind kind = LogKind::kOther;
  std::string text;
  int64_t author_id = 0;
  std::string author_name;
  int64_t created_at_ms = 0;
};

// An address-book entry (通讯录): a person of a unit and their phone.
struct Contact {
  int64_t user_id = 0;
  std::string name;
  std::string unit_code;
  std::string town_code;
  std::string title;  // e.g. the user's role
  std::string phone;
  bool synthetic = false;
  int64_t updated_at_ms = 0;
};

// Scope columns of every duty table: the town (district rows have none, so only district-scoped
// callers see them; community and enterprise scopes see no rota).
inline constexpr ScopeColumns kScopeColumns = {
    .town = "town_code", .community = "", .enterprise = ""};

// Limits.
inline constexpr int64_t kHourMs = 3600LL * 1000;
inline constexpr int64_t kMinShiftMs = kHourMs;       // a shift lasts at least an hour…
inline constexpr int64_t kMaxShiftMs = 48 * kHourMs;  // …and at most two days
inline constexpr size_t kMaxPeople = 12;
inline constexpr size_t kMaxNoteChars = 500;
inline constexpr size_t kMaxOpenItems = 30;
inline constexpr size_t kMaxOpenItemChars = 300;
inline constexpr size_t kMaxHandoverNotesChars = 4000;
inline constexpr size_t kMaxLogTextChars = 2000;
inline constexpr int64_t kMaxWindowMs = 42LL * 24 * kHourMs;  // a list covers at most six weeks

}  // namespace lakeguard::duty
