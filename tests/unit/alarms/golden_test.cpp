// The alarms context's rules against its golden files (golden/*.txt), one driver:
//   rainstorm.txt   the CMA 暴雨 criteria on observed rainfall: windows at and around every
//                   boundary, late readings, the clear period;
//   thresholds.txt  level thresholds ≥/≤, rate of change, hold, hysteresis, silence;
//   offline.txt     the offline rule;
//   lifecycle.txt   the alarm state machine, every state × action (checked exhaustive).
// Each file's header states its format. Times are H:MM[:SS[.mmm]] after an arbitrary origin.

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "alarms/lifecycle.h"
#include "alarms/rainstorm.h"
#include "alarms/rules.h"

namespace lakeguard::alarms {
namespace {

namespace json = boost::json;

constexpr int64_t kOrigin = 1'780'000'000'000;  // 2026-05-28, arbitrary

int64_t parse_time(const std::string& s) {
  int64_t h = 0, m = 0;
  double sec = 0;
  char c1 = 0, c2 = 0;
  std::istringstream in(s);
  in >> h >> c1 >> m;
  if (in >> c2) in >> sec;
  EXPECT_EQ(c1, ':') << "bad time " << s;
  return kOrigin + h * 3600000 + m * 60000 + static_cast<int64_t>(sec * 1000 + 0.5);
}

std::string time_text(int64_t t) {
  int64_t d = t - kOrigin;
  int64_t h = d / 3600000, m = d / 60000 % 60, ms = d % 60000;
  std::ostringstream o;
  o << h << ':' << (m < 10 ? "0" : "") << m;
  if (ms) {
    o << ':' << (ms / 1000 < 10 ? "0" : "") << ms / 1000;
    if (ms % 1000) {
      std::string f = std::to_string(1000 + ms % 1000).substr(1);
      o << '.' << f;
    }
  }
  return o.str();
}

// "-" or "from>to@time,…"
std::string render(const std::vector<Transition>& ts) {
  if (ts.empty()) return "-";
  std::string out;
  for (const auto& t : ts) {
    if (!out.empty()) out += ',';
    out += std::string(level_name(t.from)) + ">" + std::string(level_name(t.to)) + "@" +
           time_text(t.at_ms);
  }
  return out;
}
std::vector<Transition> one(std::optional<Transition> t) {
  return t ? std::vector<Transition>{*t} : std::vector<Transition>{};
}

std::ifstream open_golden(const char* name) {
  std::ifstream in(std::string(LAKEGUARD_GOLDEN_DIR) + "/" + name);
  EXPECT_TRUE(in) << "cannot open " << name;
  return in;
}

// Strips a trailing comment and blank lines; returns false at the end.
bool next_line(std::ifstream& in, std::string& line, int& no) {
  while (std::getline(in, line)) {
    ++no;
    auto hash = line.find('#');
    if (hash != std::string::npos) line.erase(hash);
    if (line.find_first_not_of(" \t") != std::string::npos) return true;
  }
  return false;
}

TEST(AlarmsGolden, Rainstorm) {
  auto in = open_golden("rainstorm.txt");
  std::string line, name;
  int no = 0, checks = 0;
  RuleDef rule = builtin_rainstorm();
  RainstormState s;
  std::map<int64_t, double> stored;  // the readings store (a repeat is stored once: the first)
  while (next_line(in, line, no)) {
    std::istringstream ss(line);
    std::string cmd;
    ss >> cmd;
    std::string where = "line " + std::to_string(no) + " (" + name + "): " + line;
    if (cmd == "case") {
      ss >> name;
      rule = builtin_rainstorm();
      s = RainstormState{};
      stored.clear();
    } else if (cmd == "clear") {
      int64_t sec = 0;
      ss >> sec;
      rule.rainstorm.clear_ms = sec * 1000;
    } else if (cmd == "r") {
      std::string t, want;
      double mm = 0;
      ss >> t >> mm >> want;
      ASSERT_FALSE(ss.fail()) << where;
      stored.emplace(parse_time(t), mm);
      EXPECT_EQ(render(s.add(rule.rainstorm, parse_time(t), mm)), want) << where;
      ++checks;
    } else if (cmd == "tick") {
      std::string t, want;
      ss >> t >> want;
      ASSERT_FALSE(ss.fail()) << where;
      EXPECT_EQ(render(s.tick(rule.rainstorm, parse_time(t))), want) << where;
      ++checks;
    } else if (cmd == "acc") {
      std::string t;
      double hours = 0, mm = 0;
      ss >> t >> hours >> mm;
      ASSERT_FALSE(ss.fail()) << where;
      EXPECT_EQ(s.accumulation_um(parse_time(t), static_cast<int64_t>(hours * 3600000)),
                static_cast<int64_t>(mm * 1000 + 0.5))
          << where;
      ++checks;
    } else if (cmd == "level") {
      std::string want;
      ss >> want;
      EXPECT_EQ(level_name(s.active()), want) << where;
      ++checks;
    } else if (cmd == "restart") {
      // The state as persisted and read back (a restart), its window re-read from the store as
      // the service does through ReadingHistory, behaves the same. The saved form holds no
      // readings, so its size does not grow with them.
      const std::string saved = json::serialize(s.to_json());
      EXPECT_LT(saved.size(), 200u) << where;
      s = RainstormState::from_json(json::parse(saved));
      if (auto w = s.window_to_restore(rule.rainstorm)) {
        std::vector<std::pair<int64_t, double>> window;
        for (auto it = stored.upper_bound(w->from_ms); it != stored.end() && it->first <= w->to_ms;
             ++it)
          window.push_back(*it);
        s.restore(rule.rainstorm, window);
      }
    } else {
      FAIL() << "unknown command: " << where;
    }
  }
  EXPECT_GT(checks, 40);
}

TEST(AlarmsGolden, Thresholds) {
  auto in = open_golden("thresholds.txt");
  std::string line, name;
  int no = 0, checks = 0;
  ThresholdParams p;
  ThresholdState s;
  while (next_line(in, line, no)) {
    std::istringstream ss(line);
    std::string cmd;
    ss >> cmd;
    std::string where = "line " + std::to_string(no) + " (" + name + "): " + line;
    if (cmd == "case") {
      ss >> name;
      p = ThresholdParams{};
      s = ThresholdState{};
    } else if (cmd == "rule") {
      std::string kv;
      while (ss >> kv) {
        auto eq = kv.find('=');
        std::string k = kv.substr(0, eq), v = eq == std::string::npos ? "" : kv.substr(eq + 1);
        if (k == "ge") {
          p.cmp = Comparison::kAtLeast;
        } else if (k == "le") {
          p.cmp = Comparison::kAtMost;
        } else if (k == "rate") {
          p.rate_per_min = true;
        } else if (k == "hold") {
          p.hold_ms = std::stoll(v) * 1000;
        } else if (k == "hyst") {
          p.hysteresis = std::stod(v);
        } else if (k == "silence") {
          p.silence_ms = std::stoll(v) * 1000;
        } else {
          auto l = parse_level(k);
          ASSERT_TRUE(l) << where;
          p.levels[level_index(*l)] = std::stod(v);
        }
      }
    } else if (cmd == "v") {
      std::string t, want;
      double value = 0;
      ss >> t >> value >> want;
      ASSERT_FALSE(ss.fail()) << where;
      EXPECT_EQ(render(one(evaluate(p, s, parse_time(t), value))), want) << where;
      ++checks;
    } else {
      FAIL() << "unknown command: " << where;
    }
  }
  EXPECT_GT(checks, 30);
}

TEST(AlarmsGolden, Offline) {
  auto in = open_golden("offline.txt");
  std::string line, name;
  int no = 0, checks = 0;
  OfflineParams p;
  OfflineState s;
  while (next_line(in, line, no)) {
    std::istringstream ss(line);
    std::string cmd;
    ss >> cmd;
    std::string where = "line " + std::to_string(no) + " (" + name + "): " + line;
    if (cmd == "case") {
      std::string after, level;
      ss >> name >> after >> level;
      p = OfflineParams{std::stoll(after) * 1000, *parse_level(level)};
      s = OfflineState{};
    } else if (cmd == "r" || cmd == "tick") {
      std::string t, want;
      ss >> t >> want;
      ASSERT_FALSE(ss.fail()) << where;
      auto got = cmd == "r" ? on_reading(p, s, parse_time(t)) : on_tick(p, s, parse_time(t));
      EXPECT_EQ(render(one(got)), want) << where;
      ++checks;
    } else {
      FAIL() << "unknown command: " << where;
    }
  }
  EXPECT_GT(checks, 8);
}

TEST(AlarmsGolden, LifecycleEveryStateAndAction) {
  auto in = open_golden("lifecycle.txt");
  std::string line;
  int no = 0;
  std::set<std::pair<State, Action>> seen;
  while (next_line(in, line, no)) {
    std::istringstream ss(line);
    std::string state, action, want;
    ss >> state >> action >> want;
    ASSERT_FALSE(ss.fail()) << "line " << no;
    auto s = parse_state(state);
    auto a = parse_action(action);
    ASSERT_TRUE(s && a) << "line " << no << ": " << line;
    ASSERT_TRUE(seen.emplace(*s, *a).second) << "line " << no << " repeats a row";
    auto got = next_status(*s, *a);
    if (want == "conflict") {
      ASSERT_FALSE(got.ok()) << line;
      EXPECT_EQ(got.error().code, ErrorCode::kConflict) << line;
      EXPECT_EQ(got.error().field, "action") << line;
      EXPECT_NE(got.error().message.find("is " + state), std::string::npos)
          << "a conflict names the current state: " << got.error().message;
    } else {
      ASSERT_TRUE(got.ok()) << line << ": " << got.error().message;
      EXPECT_EQ(state_name(*got), want) << line;
    }
  }
  EXPECT_EQ(seen.size(), std::size(kAllStates) * std::size(kAllActions));
}

}  // namespace
}  // namespace lakeguard::alarms
