#pragma once
// The built-in rainstorm rule (rule name `rainstorm`): the CMA 暴雨 (rainstorm) signal criteria
// applied to observed rainfall of `rain_gauge` devices, metric `rain_mm` (mm since the previous
// reading). standards.md §7 (气象灾害预警信号发布与传播办法, 2007, type 02): blue 12 h ≥ 50 mm,
// yellow 6 h ≥ 50 mm, orange 3 h ≥ 50 mm, red 3 h ≥ 100 mm; "以上" read as inclusive; when
// several hold, the highest. It raises lakeguard's own early warning (本系统预警), never an
// official signal (those come from the meteorological service, as CAP).
//
// Window semantics (issue 9 item 3), exactly:
//   - for each reading at t, the accumulation over W is the sum of the readings with ts in
//     (t − W, t]: a reading exactly at t − W is out, one at t − W + 1 ms is in; each reading's
//     rain counts wholly at its own timestamp;
//   - the criterion at t is the highest level whose accumulation reaches its threshold;
//   - a late reading is stored and every reading whose windows contain it is re-evaluated (a
//     late reading only adds rain, so it can only raise criteria);
//   - the level rises at once; it falls (or clears) only when no higher criterion held at any
//     reading in the last clear period: level(t) = max criterion(s) over readings s with
//     t − s < clear (default 1 h). The clock (tick) lowers it too when readings stop.
// Amounts are kept in micrometres (mm × 1000, rounded) so 50.0 mm compares exactly.
// Readings older than the longest window before the newest one change no current window and are
// ignored; a reading at an already-seen timestamp is a repeat and ignored.
//
// Memory and saved state: in memory the readings of the last two longest windows (what a late
// reading can still change; the rest is pruned), so exact millisecond boundaries hold. The saved
// state (to_json) is bounded, whatever the rate: the newest reading time, the time each level
// last held and the active level. After a restart the readings are re-read from the store
// (core's ReadingHistory) over window_to_restore() and handed to restore().

#include <array>
#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

#include "alarms/rules.h"

namespace lakeguard::alarms {

class RainstormState {
 public:
  // Adds one reading; returns the level changes it causes, in order (a raise found by a late
  // reading at its own time, then a fall at the newest reading's time when that one is lower).
  std::vector<Transition> add(const RainstormParams& p, int64_t ts_ms, double mm);
  // The clock: lowers the level once its clear period passed without readings.
  std::vector<Transition> tick(const RainstormParams& p, int64_t now_ms);

  Level active() const { return active_; }
  // The accumulation (µm) of the readings with ts in (t − w, t].
  int64_t accumulation_um(int64_t t, int64_t w) const;
  size_t size() const { return ts_.size(); }

  // Bounded: no readings (see above). from_json also reads the older form that held them.
  boost::json::value to_json() const;
  static RainstormState from_json(const boost::json::value& v);
  // After from_json: the readings to re-read, ts in (from, to]; none when nothing was seen.
  struct Span {
    int64_t from_ms = 0, to_ms = 0;
  };
  std::optional<Span> window_to_restore(const RainstormParams& p) const;
  // Puts back the stored readings (ts order, as ReadingHistory returns them) without evaluating
  // them again: their effect is in the saved state. Readings already held are skipped.
  void restore(const RainstormParams& p, const std::vector<std::pair<int64_t, double>>& readings);

 private:
  struct Met {
    Level level = Level::kNone;
    int64_t acc_um = 0;
    int64_t window_ms = 0;
  };
  Met criterion_at(const RainstormParams& p, int64_t t) const;
  Level level_at(const RainstormParams& p, int64_t t) const;
  void prune(int64_t max_window_ms);

  std::vector<int64_t> ts_;   // reading times, ascending
  std::vector<int64_t> um_;   // rain of each reading
  std::vector<int64_t> cum_;  // running total through each reading (base_ before the first)
  int64_t base_ = 0;
  int64_t newest_ = 0;
  bool any_ = false;
  // The newest reading time at which each level's criterion (or a higher one) held.
  std::array<int64_t, kLevelCount> last_met_{};
  std::array<bool, kLevelCount> ever_met_{};
  Level active_ = Level::kNone;
};

}  // namespace lakeguard::alarms
