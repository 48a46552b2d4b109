#pragma once
// Deadlines and supervision (督办) of hidden dangers as one pure function: from a hidden danger's
// stored state and `now`, every notice that is due by now — reminders to the responsible party
// 7, 3 and 1 calendar days (Asia/Shanghai) before the deadline at a configurable local hour, and,
// once it is overdue, supervision orders (督办) to the level above the responsible one, escalated
// one level further at a configurable interval up to the district. 16号令 第十七条 (rectification
// within the time limit) and issue 10 item 2; docs/hazards.md "Reminders and supervision" has the
// rules and the choices. No I/O, no clock: the caller passes `now`, so a pass after a restart or
// a long downtime derives exactly the same notices, and a store with a unique key on
// (hazard, kind, stage, deadline) makes passes idempotent (none lost, none twice).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.h"
#include "hazards/model.h"

namespace lakeguard::hazards {

// The administrative levels a notice may be addressed to (wire names: enterprise, community,
// town, district), lowest first.
enum class Level { kEnterprise, kCommunity, kTown, kDistrict };
std::string_view level_name(Level l);
std::optional<Level> parse_level(std::string_view s);

// Who answers for the rectification: the enterprise (生产经营单位, 16号令 第四条: the unit is the
// responsible subject), or a community when a community officer confirmed it (the community
// follows it up, e.g. a small shop without users of its own). Town officers confirming do not
// make the town responsible: the enterprise still is, and the town supervises it.
Level responsible_level(Role confirmed_by);

// The level a supervision order goes to above `responsible`: enterprise → town (the enterprise's
// town; communities are not enforcement bodies), community → town, town → district. District has
// no level above and stays district.
Level level_above(Level l);

enum class NoticeKind { kReminder, kSupervision };
std::string_view notice_kind_name(NoticeKind k);  // "reminder" | "supervision"

struct ScheduleConfig {
  int reminder_hour = 9;                       // local hour (Asia/Shanghai), 0–23
  std::vector<int> reminder_days = {7, 3, 1};  // calendar days before the deadline, each ≥ 1
  int escalation_interval_days = 3;            // days between supervision escalations, ≥ 1
  Level max_level = Level::kDistrict;          // orders are not escalated beyond this level
};

// What the schedule needs of a hidden danger.
struct ScheduleInput {
  int64_t hazard_id = 0;
  State status = State::kReported;
  std::string deadline;  // YYYY-MM-DD (Asia/Shanghai); empty: no deadline, nothing due
  // When the current deadline was set (confirm or reopen), epoch ms: a reminder whose moment came
  // before it was never owed (a deadline 2 days out owes no 7-day reminder).
  int64_t deadline_set_at_ms = 0;
  Level responsible = Level::kEnterprise;
  int64_t enterprise_id = 0;
  std::string community_code;
  std::string town_code;
};

struct Notice {
  int64_t hazard_id = 0;
  NoticeKind kind = NoticeKind::kReminder;
  // Reminder: the days before the deadline (7, 3, 1). Supervision: the escalation count, 0 for
  // the first order on the first overdue day, 1 for the first escalation, …
  int stage = 0;
  std::string deadline;  // the deadline it is about (a reopened hazard's new deadline starts anew)
  Level to_level = Level::kEnterprise;
  std::string to_code;  // the town or community code, the enterprise id in decimal, "" for district
  int64_t due_at_ms = 0;  // the instant it became due
  // A reminder computed only after the hazard became overdue (a pass after a downtime): still
  // recorded, so the history shows it was owed, but not delivered — the supervision order is
  // what counts then.
  bool superseded = false;
  bool operator==(const Notice&) const = default;
};

// Whether the hidden danger is under a deadline the scheduler follows: rectifying or submitted
// (evidence not yet accepted is no rectification yet, as for `overdue`) with a deadline.
bool is_scheduled(const ScheduleInput& h);

// The instant a reminder `days` before the deadline day is due: that local date at the hour.
int64_t reminder_due_ms(int64_t deadline_day, int days, const ScheduleConfig& c);
// The instant supervision stage `stage` is due: the first overdue day (deadline + 1) plus
// stage × interval days, at the hour.
int64_t supervision_due_ms(int64_t deadline_day, int stage, const ScheduleConfig& c);

// Every notice due by `now_ms` (due_at ≤ now), reminders in descending days, then supervision
// stages ascending. Empty when the hazard is not scheduled or its deadline is not a date.
// Supervision stops once an order has reached `max_level`: the escalation count is then final.
std::vector<Notice> due_notices(const ScheduleInput& h, int64_t now_ms, const ScheduleConfig& c);

// The earliest instant after `now_ms` at which a further notice becomes due, or nullopt when none
// will (for a scheduler that sleeps until then, and for benchmarks).
std::optional<int64_t> next_due_ms(const ScheduleInput& h, int64_t now_ms, const ScheduleConfig& c);

}  // namespace lakeguard::hazards
