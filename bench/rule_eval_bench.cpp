// Issue 9 item 9: rule evaluation in process, readings per second on one core (goal ≥ 2,000,000/s).
// The engine (src/alarms/engine.h) with the built-in rainstorm rule, a threshold rule per device
// kind (with hold and hysteresis) and an offline rule, over a synthetic stream from a fixed seed
// (std::mt19937_64, 20261207): 10,000 devices (2,000 rain gauges reporting rain_mm, 8,000 level
// gauges reporting water_level_m), one reading per device per minute, delivered in batches of 500
// in time order, 2,000,000 readings per round. A reference pass over the same readings (only
// summing their values) shows the cost of touching the data. Persisting the touched states and
// writing alarms (the service's per-batch transaction) are not in this figure.
// Build: cmake --build --preset ci --target bench_rule_eval; run: taskset -c 0
// build/ci/bench_rule_eval

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <span>
#include <vector>

#include "alarms/engine.h"

using namespace lakeguard;
using namespace lakeguard::alarms;

int main() {
  constexpr int kGauges = 2000, kLevels = 8000, kDevices = kGauges + kLevels;
  constexpr int kMinutes = 200;  // 10,000 devices × 200 minutes = 2,000,000 readings
  constexpr size_t kBatch = 500;
  std::mt19937_64 rng(20261207);
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<Reading> stream;
  stream.reserve(static_cast<size_t>(kDevices) * kMinutes);
  const int64_t t0 = 1'780'000'000'000;
  std::vector<double> level(kLevels, 2.0);
  for (int m = 0; m < kMinutes; ++m) {
    for (int d = 0; d < kDevices; ++d) {
      Reading r;
      r.device_id = d + 1;
      r.device_code = "D" + std::to_string(d + 1);
      r.where = Placement{"330106009", "", std::nullopt};
      r.ts_ms = t0 + int64_t{m} * 60000 + d;
      if (d < kGauges) {
        r.device_kind = "rain_gauge";
        r.metric = "rain_mm";
        // Storm cells: a tenth of the gauges rain hard (up to 1.2 mm/min) for a while.
        bool storm = (d % 10 == 0) && m > 30 && m < 150;
        r.value = storm ? unit(rng) * 1.2 : (unit(rng) < 0.2 ? unit(rng) * 0.2 : 0.0);
      } else {
        r.device_kind = "level_gauge";
        r.metric = "water_level_m";
        double& x = level[static_cast<size_t>(d - kGauges)];
        x = std::clamp(x + (unit(rng) - 0.5) * 0.1, 0.0, 6.0);
        r.value = x;
      }
      stream.push_back(std::move(r));
    }
  }
  std::vector<RuleDef> rules;
  RuleDef rain = builtin_rainstorm();
  rain.id = 1;
  rules.push_back(rain);
  RuleDef high;
  high.id = 2;
  high.name = "river-high";
  high.device_kind = "level_gauge";
  high.metric = "water_level_m";
  high.threshold.levels[level_index(Level::kYellow)] = 2.6;
  high.threshold.levels[level_index(Level::kOrange)] = 3.0;
  high.threshold.levels[level_index(Level::kRed)] = 3.5;
  high.threshold.hold_ms = 120000;
  high.threshold.hysteresis = 0.1;
  rules.push_back(high);
  RuleDef off;
  off.id = 3;
  off.name = "level-offline";
  off.type = RuleType::kOffline;
  off.device_kind = "level_gauge";
  off.metric = "water_level_m";
  rules.push_back(off);

  std::vector<double> eval_ms, ref_ms;
  size_t signals_total = 0;
  for (int round = 0; round < 5; ++round) {
    Engine engine;
    engine.set_rules(rules);
    std::vector<Signal> out;
    auto a = std::chrono::steady_clock::now();
    double sum = 0;
    for (const auto& r : stream) sum += r.value;
    auto b = std::chrono::steady_clock::now();
    size_t signals = 0;
    for (size_t i = 0; i < stream.size(); i += kBatch) {
      std::span<const Reading> batch(stream.data() + i, std::min(kBatch, stream.size() - i));
      engine.process(batch, out);
      signals += out.size();
      out.clear();
    }
    auto c = std::chrono::steady_clock::now();
    ref_ms.push_back(std::chrono::duration<double, std::milli>(b - a).count());
    eval_ms.push_back(std::chrono::duration<double, std::milli>(c - b).count());
    signals_total = signals;
    if (sum < 0) std::puts("");
  }
  std::sort(eval_ms.begin(), eval_ms.end());
  std::sort(ref_ms.begin(), ref_ms.end());
  double med = eval_ms[2];
  std::printf("readings per round: %zu (batches of %zu), level changes: %zu\n", stream.size(),
              kBatch, signals_total);
  std::printf("rule evaluation: median %.1f ms (best %.1f, worst %.1f) = %.0f readings/s\n", med,
              eval_ms.front(), eval_ms.back(), static_cast<double>(stream.size()) / (med / 1000));
  std::printf("reference pass: median %.2f ms\n", ref_ms[2]);
  return 0;
}
