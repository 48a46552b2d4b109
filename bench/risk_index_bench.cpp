// Issue 8 item 7: recomputing the enterprise risk index for 100,000 synthetic enterprises on one
// core (goal ≤ 1 s). Inputs are synthetic, from a fixed seed (std::mt19937_64, 20261207); the
// reference in the same run is a plain pass over the same inputs that only sums their counts (the
// cost of touching the data), so a noisy machine shows in both figures.
// Build: cmake --build --preset ci --target bench_risk_index; run: build/ci/bench_risk_index

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <vector>

#include "risk/index.h"

using namespace lakeguard::risk;

int main() {
  constexpr size_t kEnterprises = 100000;
  std::mt19937_64 rng(20261207);
  std::vector<IndexInputs> in(kEnterprises);
  for (auto& x : in) {
    int g = static_cast<int>(rng() % 6);  // 0–1: not a major hazard, 2–5: grades 一级…四级
    if (g >= 2) x.major_hazard_grade = g - 1;
    int w = static_cast<int>(rng() % 5);
    if (w < 4) x.worst_point = static_cast<RiskLevel>(w);
    x.open_hazards = static_cast<int64_t>(rng() % 8);
    x.overdue_hazards = static_cast<int64_t>(rng() % (x.open_hazards + 1));
    x.open_major_hazards = static_cast<int64_t>(rng() % (x.open_hazards + 1));
  }
  const IndexOptions opts;
  std::vector<double> idx_ms, ref_ms;
  double checksum = 0;
  for (int round = 0; round < 5; ++round) {
    auto t0 = std::chrono::steady_clock::now();
    int64_t sum = 0;
    for (const auto& x : in) sum += x.open_hazards + x.overdue_hazards + x.open_major_hazards;
    auto t1 = std::chrono::steady_clock::now();
    double total = 0;
    for (const auto& x : in) total += risk_index(x, opts).index;
    auto t2 = std::chrono::steady_clock::now();
    checksum = total + static_cast<double>(sum);
    ref_ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    idx_ms.push_back(std::chrono::duration<double, std::milli>(t2 - t1).count());
  }
  std::sort(idx_ms.begin(), idx_ms.end());
  std::sort(ref_ms.begin(), ref_ms.end());
  std::printf("enterprises %zu, rounds 5, checksum %.1f\n", kEnterprises, checksum);
  std::printf(
      "risk_index: median %.1f ms (best %.1f, worst %.1f), %.2f us/enterprise; goal <= 1000 ms\n",
      idx_ms[2], idx_ms[0], idx_ms[4], idx_ms[2] * 1000 / kEnterprises);
  std::printf("reference (sum of the inputs): median %.3f ms\n", ref_ms[2]);
  return idx_ms[2] <= 1000 ? 0 : 1;
}
