#include "alarms/engine.h"
#include "core/json.h"

#include <fmt/format.h>

namespace lakeguard::alarms {
namespace json = boost::json;

std::string message_of(const Signal& s) {
  const Transition& t = s.t;
  std::string_view to = level_name(t.to);
  if (s.type == RuleType::kRainstorm) {
    // Labelled as lakeguard's own early warning: official signals come from the meteorological
    // service (standards.md §7).
    if (t.to == Level::kNone)
      return fmt::format(
          "本系统预警 rainstorm early warning cleared at {} (lakeguard's own, not an "
          "official signal)",
          s.device_code);
    if (t.window_ms == 0)
      return fmt::format(
          "本系统预警 rainstorm early warning {} at {} (lowered; lakeguard's own, "
          "not an official signal)",
          to, s.device_code);
    return fmt::format(
        "本系统预警 rainstorm early warning {}: {:.1f} mm in {} h at {} "
        "(lakeguard's own, not an official signal)",
        to, t.value, static_cast<double>(t.window_ms) / 3600000.0, s.device_code);
  }
  if (s.type == RuleType::kOffline)
    return t.to == Level::kNone ? fmt::format("{} reports again ({})", s.device_code, s.metric)
                                : fmt::format("{} offline: no {} reading for {:.0f} s",
                                              s.device_code, s.metric, t.value);
  if (t.to == Level::kNone)
    return fmt::format("{} {} back to normal (rule {})", s.device_code, s.metric, s.rule);
  return fmt::format("{} {} {} = {:g} (rule {})", s.device_code, s.metric, to, t.value, s.rule);
}

void Engine::set_rules(std::vector<RuleDef> rules) {
  std::unordered_map<int64_t, RuleType> old_types;
  for (const auto& r : rules_) old_types[r.id] = r.type;
  rules_ = std::move(rules);
  by_metric_.clear();
  std::unordered_map<int64_t, size_t> index;
  for (size_t i = 0; i < rules_.size(); ++i) {
    if (rules_[i].enabled) by_metric_[rules_[i].metric].push_back(i);
    index[rules_[i].id] = i;
  }
  for (auto it = states_.begin(); it != states_.end();) {
    auto found = index.find(it->first.rule_id);
    if (found == index.end() || rules_[found->second].type != old_types[it->first.rule_id] ||
        !rules_[found->second].enabled) {
      it = states_.erase(it);
    } else {
      it->second.rule = found->second;
      ++it;
    }
  }
  dirty_.clear();
  for (auto& [k, e] : states_)
    if (e.dirty) dirty_.push_back(k);
}

Engine::Entry& Engine::entry(size_t rule, const Reading& r) {
  Key k{rules_[rule].id, r.device_id};
  auto [it, made] = states_.try_emplace(k);
  Entry& e = it->second;
  if (made) {
    e.rule = rule;
    e.device_code = r.device_code;
    e.device_kind = r.device_kind;
    e.metric = r.metric;
    e.where = r.where;
  } else if (!(e.where == r.where) || e.device_code != r.device_code) {
    e.where = r.where;  // the device moved or was renamed: new alarms carry where it is now
    e.device_code = r.device_code;
  }
  return e;
}

void Engine::mark(Entry& e, const Key& k) {
  if (!e.dirty) {
    e.dirty = true;
    dirty_.push_back(k);
  }
}

void Engine::emit(const Entry& e, const Key& k, const Transition& t,
                  std::vector<Signal>& out) const {
  const RuleDef& r = rules_[e.rule];
  out.push_back(
      Signal{k.rule_id, r.name, r.type, k.device_id, e.device_code, e.metric, e.where, t});
}

void Engine::process(std::span<const Reading> batch, std::vector<Signal>& out) {
  for (const Reading& rd : batch) {
    auto m = by_metric_.find(rd.metric);
    if (m == by_metric_.end()) continue;
    for (size_t i : m->second) {
      const RuleDef& r = rules_[i];
      if (!applies(r, rd.device_id, rd.device_kind, rd.metric)) continue;
      Key k{r.id, rd.device_id};
      Entry& e = entry(i, rd);
      mark(e, k);
      switch (r.type) {
        case RuleType::kThreshold:
          if (auto t = evaluate(r.threshold, e.threshold, rd.ts_ms, rd.value)) emit(e, k, *t, out);
          break;
        case RuleType::kOffline:
          if (auto t = on_reading(r.offline, e.offline, rd.ts_ms)) emit(e, k, *t, out);
          break;
        case RuleType::kRainstorm:
          for (const auto& t : e.rain.add(r.rainstorm, rd.ts_ms, rd.value)) emit(e, k, t, out);
          break;
      }
    }
  }
}

void Engine::tick(int64_t now_ms, std::vector<Signal>& out) {
  for (auto& [k, e] : states_) {
    const RuleDef& r = rules_[e.rule];
    if (r.type == RuleType::kOffline) {
      if (auto t = on_tick(r.offline, e.offline, now_ms)) {
        mark(e, k);
        emit(e, k, *t, out);
      }
    } else if (r.type == RuleType::kRainstorm) {
      auto ts = e.rain.tick(r.rainstorm, now_ms);
      if (!ts.empty()) mark(e, k);
      for (const auto& t : ts) emit(e, k, t, out);
    }
  }
}

std::string Engine::state_json(const Entry& e) const {
  json::object o;
  switch (rules_[e.rule].type) {
    case RuleType::kThreshold: {
      const auto& s = e.threshold;
      json::array since;
      for (auto v : s.since_ms) since.emplace_back(v);
      o = json::object{{"active", static_cast<int64_t>(s.active)},
                       {"since", std::move(since)},
                       {"has_prev", s.has_prev},
                       {"prev_value", s.prev_value},
                       {"prev_ts", s.prev_ts},
                       {"last_raise", s.last_raise_ms}};
      break;
    }
    case RuleType::kOffline:
      o = json::object{{"last_ts", e.offline.last_ts}, {"active", e.offline.active}};
      break;
    case RuleType::kRainstorm:
      o = json::object{{"rain", e.rain.to_json()}};
      break;
  }
  return json_text(o);
}

std::vector<SavedState> Engine::take_dirty() {
  std::vector<SavedState> out;
  out.reserve(dirty_.size());
  for (const Key& k : dirty_) {
    auto it = states_.find(k);
    if (it == states_.end()) continue;
    Entry& e = it->second;
    e.dirty = false;
    out.push_back(SavedState{k.rule_id, k.device_id, e.device_code, e.device_kind, e.metric,
                             e.where, state_json(e)});
  }
  dirty_.clear();
  return out;
}

namespace {
int64_t i64_or(const json::object& o, const char* k, int64_t d) {
  auto v = o.if_contains(k);
  return v && v->is_int64() ? v->as_int64() : d;
}
Level level_or_none(int64_t v) {
  return v >= 0 && v < static_cast<int64_t>(kLevelCount) ? static_cast<Level>(v) : Level::kNone;
}
}  // namespace

std::vector<Engine::WindowRead> Engine::windows_to_restore() const {
  std::vector<WindowRead> out;
  for (const auto& [k, e] : states_) {
    const RuleDef& r = rules_[e.rule];
    if (r.type != RuleType::kRainstorm) continue;
    if (auto span = e.rain.window_to_restore(r.rainstorm))
      out.push_back(WindowRead{k.rule_id, k.device_id, e.metric, span->from_ms, span->to_ms});
  }
  return out;
}

void Engine::restore_window(const WindowRead& w, std::span<const Reading> readings) {
  auto it = states_.find(Key{w.rule_id, w.device_id});
  if (it == states_.end() || rules_[it->second.rule].type != RuleType::kRainstorm) return;
  std::vector<std::pair<int64_t, double>> rs;
  rs.reserve(readings.size());
  for (const Reading& r : readings)
    if (r.ts_ms > w.from_ms && r.ts_ms <= w.to_ms) rs.emplace_back(r.ts_ms, r.value);
  it->second.rain.restore(rules_[it->second.rule].rainstorm, rs);
}

void Engine::load(const SavedState& s) {
  size_t rule = rules_.size();
  for (size_t i = 0; i < rules_.size(); ++i)
    if (rules_[i].id == s.rule_id && rules_[i].enabled) rule = i;
  if (rule == rules_.size()) return;
  json::error_code ec;
  json::value v = json::parse(s.state, ec);
  if (ec || !v.is_object()) return;
  const json::object& o = v.as_object();
  Reading r;
  r.device_id = s.device_id;
  r.device_code = s.device_code;
  r.device_kind = s.device_kind;
  r.metric = s.metric;
  r.where = s.where;
  Entry& e = entry(rule, r);
  switch (rules_[rule].type) {
    case RuleType::kThreshold: {
      auto& t = e.threshold;
      t.active = level_or_none(i64_or(o, "active", 0));
      if (auto since = o.if_contains("since"); since && since->is_array())
        for (size_t i = 0; i < kLevelCount && i < since->as_array().size(); ++i)
          t.since_ms[i] = since->as_array()[i].is_int64() ? since->as_array()[i].as_int64() : -1;
      auto hp = o.if_contains("has_prev");
      t.has_prev = hp && hp->is_bool() && hp->as_bool();
      if (auto pv = o.if_contains("prev_value"); pv && pv->is_number())
        t.prev_value = pv->to_number<double>();
      t.prev_ts = i64_or(o, "prev_ts", 0);
      t.last_raise_ms = i64_or(o, "last_raise", -1);
      break;
    }
    case RuleType::kOffline: {
      e.offline.last_ts = i64_or(o, "last_ts", -1);
      auto a = o.if_contains("active");
      e.offline.active = a && a->is_bool() && a->as_bool();
      break;
    }
    case RuleType::kRainstorm:
      if (auto rain = o.if_contains("rain")) e.rain = RainstormState::from_json(*rain);
      break;
  }
}

}  // namespace lakeguard::alarms
