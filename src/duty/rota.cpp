#include "duty/rota.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "core/dates.h"

namespace lakeguard::duty {
namespace {

std::vector<const Shift*> sorted(const Shift& s, std::span<const Shift> others) {
  std::vector<const Shift*> v;
  for (const auto& o : others)
    if (o.id != s.id || s.id == 0) v.push_back(&o);
  std::sort(v.begin(), v.end(), [](const Shift* a, const Shift* b) {
    return a->starts_at_ms != b->starts_at_ms ? a->starts_at_ms < b->starts_at_ms : a->id < b->id;
  });
  return v;
}

// The first problem of R1–R4 as a rule name ("" when none) and its field.
std::pair<std::string, std::string> own_problem(const Shift& s) {
  const int64_t len = s.ends_at_ms - s.starts_at_ms;
  if (len <= 0) return {"ends_before_start", "ends_at"};
  if (len < kMinShiftMs || len > kMaxShiftMs) return {"length", "ends_at"};
  if (s.people.empty()) return {"no_people", "people"};
  size_t leaders = 0;
  for (const auto& a : s.people) leaders += a.role == DutyRole::kLeader ? 1 : 0;
  if (leaders == 0) return {"no_leader", "people"};
  if (leaders > 1) return {"two_leaders", "people"};
  std::set<int64_t> seen;
  for (const auto& a : s.people)
    if (!seen.insert(a.user_id).second) return {"person_twice", "people"};
  return {"", ""};
}

}  // namespace

std::string_view clash_kind_name(Clash::Kind k) {
  return k == Clash::Kind::kUnitOverlap ? "unit_overlap" : "person_overlap";
}

Status check_shift(const Shift& s) {
  auto [rule, field] = own_problem(s);
  if (rule.empty()) return ok_status();
  if (rule == "ends_before_start")
    return Error::validation(field, "'ends_at' must be after 'starts_at'.");
  if (rule == "length") return Error::validation(field, "A shift lasts 1 to 48 hours.");
  if (rule == "no_people") return Error::validation(field, "A shift needs somebody on duty.");
  if (rule == "no_leader")
    return Error::validation(field, "A shift needs a leader on duty (带班领导).");
  if (rule == "two_leaders")
    return Error::validation(field, "A shift has one leader on duty (带班领导), not several.");
  return Error::validation(field, "Each person appears once in a shift.");
}

std::optional<Clash> find_clash(const Shift& s, std::span<const Shift> others) {
  auto v = sorted(s, others);
  for (const Shift* o : v)  // R5: the unit's own rota
    if (o->unit_code == s.unit_code &&
        overlaps(s.starts_at_ms, s.ends_at_ms, o->starts_at_ms, o->ends_at_ms))
      return Clash{Clash::Kind::kUnitOverlap, o->id, o->unit_code, 0, ""};
  for (const Shift* o : v) {  // R6: one person, two places at once
    if (!overlaps(s.starts_at_ms, s.ends_at_ms, o->starts_at_ms, o->ends_at_ms)) continue;
    for (const auto& a : s.people)
      for (const auto& b : o->people)
        if (a.user_id == b.user_id)
          return Clash{Clash::Kind::kPersonOverlap, o->id, o->unit_code, a.user_id, a.name};
  }
  return std::nullopt;
}

Status check_against(const Shift& s, std::span<const Shift> others) {
  LG_TRY(check_shift(s));
  auto c = find_clash(s, others);
  if (!c) return ok_status();
  if (c->kind == Clash::Kind::kUnitOverlap)
    return Error::conflict(
        fmt::format("The shift overlaps shift {} of the same unit.", c->other_shift_id),
        "starts_at");
  return Error::conflict(fmt::format("Person {} is already on duty in shift {} at that time.",
                                     c->user_id, c->other_shift_id),
                         "people");
}

std::vector<Flag> flags_of(std::span<const Shift> shifts) {
  std::vector<Flag> out;
  for (const auto& s : shifts) {
    auto [rule, field] = own_problem(s);
    if (!rule.empty()) out.push_back({s.id, rule, 0, 0});
    for (const auto& o : shifts) {
      if (o.id == s.id || !overlaps(s.starts_at_ms, s.ends_at_ms, o.starts_at_ms, o.ends_at_ms))
        continue;
      if (o.unit_code == s.unit_code) out.push_back({s.id, "unit_overlap", o.id, 0});
      for (const auto& a : s.people)
        for (const auto& b : o.people)
          if (a.user_id == b.user_id) out.push_back({s.id, "person_overlap", o.id, a.user_id});
    }
  }
  return out;
}

std::string beijing_time(int64_t ms) {
  const int64_t local = ms + kShanghaiOffsetMs;
  int64_t day = local >= 0 ? local / kDayMs : (local - kDayMs + 1) / kDayMs;
  int64_t in_day = local - day * kDayMs;
  return fmt::format("{} {:02}:{:02}", date_of_days(day), in_day / kHourMs,
                     (in_day % kHourMs) / 60000);
}

int64_t week_start(int64_t ms) {
  const int64_t day = local_day(ms);
  // 1970-01-01 was a Thursday: (day + 3) mod 7 is 0 on Mondays.
  const int64_t monday = day - (((day + 3) % 7) + 7) % 7;
  return monday * kDayMs - kShanghaiOffsetMs;
}

}  // namespace lakeguard::duty
