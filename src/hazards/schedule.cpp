#include "hazards/schedule.h"

#include <algorithm>

#include "hazards/dates.h"

namespace lakeguard::hazards {

namespace {
constexpr int64_t kHourMs = 3600LL * 1000;

std::string code_of(const ScheduleInput& h, Level l) {
  switch (l) {
    case Level::kEnterprise:
      return std::to_string(h.enterprise_id);
    case Level::kCommunity:
      return h.community_code;
    case Level::kTown:
      return h.town_code;
    case Level::kDistrict:
      return "";
  }
  return "";
}

// The local midnight of day `day` plus the hour, as UTC epoch ms.
int64_t at_local_hour(int64_t day, const ScheduleConfig& c) {
  return day * kDayMs + static_cast<int64_t>(c.reminder_hour) * kHourMs - kShanghaiOffsetMs;
}
}  // namespace

std::string_view level_name(Level l) {
  switch (l) {
    case Level::kEnterprise:
      return "enterprise";
    case Level::kCommunity:
      return "community";
    case Level::kTown:
      return "town";
    case Level::kDistrict:
      return "district";
  }
  return "";
}

std::optional<Level> parse_level(std::string_view s) {
  for (Level l : {Level::kEnterprise, Level::kCommunity, Level::kTown, Level::kDistrict})
    if (level_name(l) == s) return l;
  return std::nullopt;
}

Level responsible_level(Role confirmed_by) {
  return confirmed_by == Role::kCommunityOfficer ? Level::kCommunity : Level::kEnterprise;
}

Level level_above(Level l) {
  switch (l) {
    case Level::kEnterprise:
    case Level::kCommunity:
      return Level::kTown;
    case Level::kTown:
    case Level::kDistrict:
      return Level::kDistrict;
  }
  return Level::kDistrict;
}

std::string_view notice_kind_name(NoticeKind k) {
  return k == NoticeKind::kReminder ? "reminder" : "supervision";
}

bool is_scheduled(const ScheduleInput& h) {
  return (h.status == State::kRectifying || h.status == State::kSubmitted) && !h.deadline.empty();
}

int64_t reminder_due_ms(int64_t deadline_day, int days, const ScheduleConfig& c) {
  return at_local_hour(deadline_day - days, c);
}

int64_t supervision_due_ms(int64_t deadline_day, int stage, const ScheduleConfig& c) {
  return at_local_hour(deadline_day + 1 + static_cast<int64_t>(stage) * c.escalation_interval_days,
                       c);
}

namespace {
// Calls f(notice) for every notice of the hazard's schedule in order, due or not, until f
// returns false.
template <class F>
void each_notice(const ScheduleInput& h, int64_t deadline_day, int64_t now_ms,
                 const ScheduleConfig& c, F&& f) {
  bool overdue_now = local_day(now_ms) > deadline_day;
  std::vector<int> days = c.reminder_days;
  std::sort(days.begin(), days.end(), std::greater<>());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  for (int d : days) {
    if (d < 1) continue;
    int64_t due = reminder_due_ms(deadline_day, d, c);
    if (due < h.deadline_set_at_ms) continue;  // never owed under this deadline
    Notice n{.hazard_id = h.hazard_id,
             .kind = NoticeKind::kReminder,
             .stage = d,
             .deadline = h.deadline,
             .to_level = h.responsible,
             .to_code = code_of(h, h.responsible),
             .due_at_ms = due,
             .superseded = overdue_now};
    if (!f(n)) return;
  }
  if (c.max_level <= h.responsible) return;  // nobody above the responsible one to supervise
  Level to = std::min(level_above(h.responsible), c.max_level);
  for (int stage = 0;; ++stage) {
    Notice n{.hazard_id = h.hazard_id,
             .kind = NoticeKind::kSupervision,
             .stage = stage,
             .deadline = h.deadline,
             .to_level = to,
             .to_code = code_of(h, to),
             .due_at_ms = supervision_due_ms(deadline_day, stage, c),
             .superseded = false};
    if (!f(n)) return;
    if (to >= c.max_level) return;  // the escalation count is final at the top
    to = std::min(level_above(to), c.max_level);
  }
}
}  // namespace

std::vector<Notice> due_notices(const ScheduleInput& h, int64_t now_ms, const ScheduleConfig& c) {
  std::vector<Notice> out;
  if (!is_scheduled(h)) return out;
  auto day = parse_date(h.deadline);
  if (!day) return out;
  each_notice(h, *day, now_ms, c, [&](const Notice& n) {
    if (n.due_at_ms > now_ms) return n.kind == NoticeKind::kReminder;  // later reminders may be
    out.push_back(n);                                                  // skipped; stages ascend
    return true;
  });
  return out;
}

std::optional<int64_t> next_due_ms(const ScheduleInput& h, int64_t now_ms,
                                   const ScheduleConfig& c) {
  std::optional<int64_t> next;
  if (!is_scheduled(h)) return next;
  auto day = parse_date(h.deadline);
  if (!day) return next;
  each_notice(h, *day, now_ms, c, [&](const Notice& n) {
    if (n.due_at_ms > now_ms) {
      next = next ? std::min(*next, n.due_at_ms) : n.due_at_ms;
      return n.kind == NoticeKind::kReminder;
    }
    return true;
  });
  return next;
}

}  // namespace lakeguard::hazards
