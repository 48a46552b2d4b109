#include "alarms/rainstorm.h"

#include <algorithm>
#include <cmath>

namespace lakeguard::alarms {
namespace json = boost::json;

namespace {
int64_t max_window(const RainstormParams& p) {
  int64_t w = 0;
  for (const auto& c : p.criteria) w = std::max(w, c.window_ms);
  return w;
}
}  // namespace

int64_t RainstormState::accumulation_um(int64_t t, int64_t w) const {
  // (t − w, t]: the first reading after t − w through the last at or before t.
  auto hi = std::upper_bound(ts_.begin(), ts_.end(), t);
  if (hi == ts_.begin()) return 0;
  auto lo = std::upper_bound(ts_.begin(), hi, t - w);
  size_t h = static_cast<size_t>(hi - ts_.begin()) - 1;
  size_t l = static_cast<size_t>(lo - ts_.begin());
  if (l > h) return 0;
  return cum_[h] - (l == 0 ? base_ : cum_[l - 1]);
}

RainstormState::Met RainstormState::criterion_at(const RainstormParams& p, int64_t t) const {
  Met best;
  for (const auto& c : p.criteria) {
    if (c.level <= best.level) continue;
    int64_t acc = accumulation_um(t, c.window_ms);
    if (acc >= c.threshold_um) best = Met{c.level, acc, c.window_ms};
  }
  return best;
}

Level RainstormState::level_at(const RainstormParams& p, int64_t t) const {
  for (Level l : {Level::kRed, Level::kOrange, Level::kYellow, Level::kBlue}) {
    size_t i = level_index(l);
    if (ever_met_[i] && (t - last_met_[i] < p.clear_ms || last_met_[i] >= t)) return l;
  }
  return Level::kNone;
}

void RainstormState::prune(int64_t max_window_ms) {
  // Keep two longest windows: enough to re-evaluate any reading a late one can still change.
  int64_t cutoff = newest_ - 2 * max_window_ms;
  auto first_kept = std::upper_bound(ts_.begin(), ts_.end(), cutoff);
  size_t n = static_cast<size_t>(first_kept - ts_.begin());
  if (n == 0 || (n < 256 && n * 2 < ts_.size())) return;  // erase in chunks
  base_ = cum_[n - 1];
  ts_.erase(ts_.begin(), ts_.begin() + static_cast<std::ptrdiff_t>(n));
  um_.erase(um_.begin(), um_.begin() + static_cast<std::ptrdiff_t>(n));
  cum_.erase(cum_.begin(), cum_.begin() + static_cast<std::ptrdiff_t>(n));
}

std::vector<Transition> RainstormState::add(const RainstormParams& p, int64_t ts_ms, double mm) {
  std::vector<Transition> out;
  if (!std::isfinite(mm) || mm < 0 || p.criteria.empty()) return out;
  int64_t wmax = max_window(p);
  if (any_ && ts_ms <= newest_ - wmax) return out;  // changes no current window
  auto pos = std::lower_bound(ts_.begin(), ts_.end(), ts_ms);
  if (pos != ts_.end() && *pos == ts_ms) return out;  // a repeat
  auto um = static_cast<int64_t>(std::llround(mm * 1000.0));
  size_t k = static_cast<size_t>(pos - ts_.begin());
  ts_.insert(pos, ts_ms);
  um_.insert(um_.begin() + static_cast<std::ptrdiff_t>(k), um);
  int64_t before = k == 0 ? base_ : cum_[k - 1];
  cum_.insert(cum_.begin() + static_cast<std::ptrdiff_t>(k), before + um);
  for (size_t j = k + 1; j < cum_.size(); ++j) cum_[j] += um;
  if (!any_ || ts_ms > newest_) newest_ = ts_ms;
  any_ = true;

  // Re-evaluate every reading whose windows hold this one: ts in [ts_ms, ts_ms + wmax).
  Met peak;
  int64_t peak_at = ts_ms;
  for (size_t j = k; j < ts_.size() && ts_[j] < ts_ms + wmax; ++j) {
    Met m = criterion_at(p, ts_[j]);
    for (Level l : kAllLevels) {
      size_t i = level_index(l);
      if (l > m.level) break;
      if (!ever_met_[i] || ts_[j] > last_met_[i]) last_met_[i] = ts_[j];
      ever_met_[i] = true;
    }
    if (m.level > peak.level) {
      peak = m;
      peak_at = ts_[j];
    }
  }
  Level cur = active_;
  if (peak.level > cur) {
    out.push_back(Transition{cur, peak.level, peak_at, static_cast<double>(peak.acc_um) / 1000.0,
                             peak.window_ms});
    cur = peak.level;
  }
  Level now = level_at(p, newest_);
  if (now != cur) {
    out.push_back(Transition{cur, now, newest_, 0, 0});
    cur = now;
  }
  active_ = cur;
  prune(wmax);
  return out;
}

std::vector<Transition> RainstormState::tick(const RainstormParams& p, int64_t now_ms) {
  std::vector<Transition> out;
  if (active_ == Level::kNone) return out;
  int64_t t = std::max(now_ms, newest_);
  Level l = level_at(p, t);
  if (l != active_) {
    out.push_back(Transition{active_, l, t, 0, 0});
    active_ = l;
  }
  return out;
}

json::value RainstormState::to_json() const {
  json::array met;
  for (size_t i = 0; i < kLevelCount; ++i)
    met.emplace_back(ever_met_[i] ? json::value(last_met_[i]) : json::value(nullptr));
  return json::object{{"v", 2},
                      {"newest", any_ ? json::value(newest_) : json::value(nullptr)},
                      {"last_met", std::move(met)},
                      {"active", static_cast<int64_t>(active_)}};
}

std::optional<RainstormState::Span> RainstormState::window_to_restore(
    const RainstormParams& p) const {
  if (!any_) return std::nullopt;
  return Span{newest_ - 2 * max_window(p), newest_};
}

void RainstormState::restore(const RainstormParams& p,
                             const std::vector<std::pair<int64_t, double>>& readings) {
  std::vector<int64_t> ts, um;
  ts.reserve(readings.size() + ts_.size());
  um.reserve(readings.size() + ts_.size());
  size_t k = 0;  // merge with what is held (the older saved form)
  for (const auto& [t, mm] : readings) {
    if (!std::isfinite(mm) || mm < 0) continue;
    while (k < ts_.size() && ts_[k] < t) {
      ts.push_back(ts_[k]);
      um.push_back(um_[k++]);
    }
    if ((k < ts_.size() && ts_[k] == t) || (!ts.empty() && ts.back() >= t)) continue;
    ts.push_back(t);
    um.push_back(static_cast<int64_t>(std::llround(mm * 1000.0)));
  }
  for (; k < ts_.size(); ++k) {
    ts.push_back(ts_[k]);
    um.push_back(um_[k]);
  }
  ts_ = std::move(ts);
  um_ = std::move(um);
  cum_.resize(ts_.size());
  int64_t total = base_;
  for (size_t i = 0; i < um_.size(); ++i) cum_[i] = total += um_[i];
  if (!ts_.empty() && (!any_ || ts_.back() > newest_)) newest_ = ts_.back();
  any_ = any_ || !ts_.empty();
  prune(max_window(p));
}

RainstormState RainstormState::from_json(const json::value& v) {
  RainstormState s;
  const auto* o = v.if_object();
  if (!o) return s;
  auto arr = [&](const char* k) -> const json::array* {
    auto x = o->if_contains(k);
    return x ? x->if_array() : nullptr;
  };
  const auto* ts = arr("ts");
  const auto* um = arr("um");
  if (ts && um && ts->size() == um->size()) {
    int64_t total = 0;
    for (size_t i = 0; i < ts->size(); ++i) {
      if (!(*ts)[i].is_int64() || !(*um)[i].is_int64()) break;
      s.ts_.push_back((*ts)[i].as_int64());
      s.um_.push_back((*um)[i].as_int64());
      total += s.um_.back();
      s.cum_.push_back(total);
    }
  }
  if (auto n = o->if_contains("newest"); n && n->is_int64()) {
    s.newest_ = n->as_int64();
    s.any_ = true;
  }
  if (const auto* met = arr("last_met"); met && met->size() == kLevelCount)
    for (size_t i = 0; i < kLevelCount; ++i)
      if ((*met)[i].is_int64()) {
        s.last_met_[i] = (*met)[i].as_int64();
        s.ever_met_[i] = true;
      }
  if (auto a = o->if_contains("active");
      a && a->is_int64() && a->as_int64() >= 0 && a->as_int64() < static_cast<int64_t>(kLevelCount))
    s.active_ = static_cast<Level>(a->as_int64());
  return s;
}

}  // namespace lakeguard::alarms
