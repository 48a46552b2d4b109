#pragma once
// The rota's rules (pure): a shift's own checks and its clashes with other shifts. Intervals are
// half-open on the left, (start, end]: a shift ending at 08:00 and one starting at 08:00 do not
// overlap. Rules (issue 11 item 5; docs/duty.md "Rules"):
//   R1 a shift ends after it starts, lasts 1 h to 48 h            → 422 `ends_at`
//   R2 a shift has somebody on it                                  → 422 `people`
//   R3 a shift has exactly one leader on duty (带班领导)            → 422 `people`
//   R4 nobody appears twice in one shift                          → 422 `people`
//   R5 a unit's shifts do not overlap each other                  → 409, naming the other shift
//   R6 nobody is on two overlapping shifts, of any unit           → 409, naming the other shift
// Checks run in that order; the first failure is the answer.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "duty/model.h"

namespace lakeguard::duty {

// Whether (a_start, a_end] and (b_start, b_end] share an instant.
constexpr bool overlaps(int64_t a_start, int64_t a_end, int64_t b_start, int64_t b_end) {
  return a_start < b_end && b_start < a_end;
}

// Whether a shift is on duty at `now_ms`: start < now ≤ end.
constexpr bool on_duty_at(const Shift& s, int64_t now_ms) {
  return s.starts_at_ms < now_ms && now_ms <= s.ends_at_ms;
}

// R1–R4: ok, or validation_failed naming the field.
Status check_shift(const Shift& s);

// A clash of a shift with another (R5, R6).
struct Clash {
  enum class Kind { kUnitOverlap, kPersonOverlap } kind = Kind::kUnitOverlap;
  int64_t other_shift_id = 0;
  std::string other_unit_code;
  int64_t user_id = 0;  // R6: the person on both
  std::string user_name;
};
std::string_view clash_kind_name(Clash::Kind k);  // "unit_overlap", "person_overlap"

// The first clash of `s` with `others` (shifts with s's own id are skipped), in the order R5
// then R6, each by the other shift's start then id; nullopt when there is none.
std::optional<Clash> find_clash(const Shift& s, std::span<const Shift> others);

// R1–R6 as a 422/409 Error: ok when the shift may be stored next to `others`.
Status check_against(const Shift& s, std::span<const Shift> others);

// Every problem of each shift among `shifts` (for the calendar's flags): the rule broken and, for
// clashes, the other shift. Shifts that are fine get none.
struct Flag {
  int64_t shift_id = 0;
  std::string rule;  // "no_people", "no_leader", "unit_overlap", "person_overlap", …
  int64_t other_shift_id = 0;
  int64_t user_id = 0;
};
std::vector<Flag> flags_of(std::span<const Shift> shifts);

// "2026-12-07 08:00" in Beijing time (UTC+8, core/dates.h) of an instant.
std::string beijing_time(int64_t ms);
// Monday 00:00 Beijing time of the week holding `ms`, as epoch ms.
int64_t week_start(int64_t ms);

}  // namespace lakeguard::duty
