// Issue 11 item 8: matching one event against 10,000 published plans (goal p99 ≤ 5 ms). The plans
// are synthetic, from a fixed seed (std::mt19937_64, 20261207): every sub-type, all four plan
// levels over West Lake's 12 towns and their communities, 1–4 response levels of 1–3 triggers
// each (rainfall, deaths, water level, keywords), 0–5 keywords. Each round ranks the plans for one
// of 1,000 events drawn from the same seed (type, a place, indicators, keywords), as
// POST /plans/match does once its candidates are parsed (the service caches them per edition).
// Build: cmake --build --preset ci --target bench_plan_match; run: build/ci/bench_plan_match

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "plans/matching.h"

using namespace lakeguard::plans;

int main() {
  constexpr size_t kPlans = 10000;
  constexpr int kEvents = 1000;
  std::mt19937_64 rng(20261207);
  const char* towns[] = {"330106002", "330106004", "330106005", "330106007",
                         "330106008", "330106009", "330106010", "330106011",
                         "330106012", "330106013", "330106109", "330106110"};
  const char* words[] = {"暴雨", "台风", "山洪", "泄漏", "爆炸", "火灾",
                         "滑坡", "积水", "中毒", "疫情", "停电", "踩踏"};
  const char* indicators[] = {"rain_1h_mm", "rain_3h_mm",       "rain_24h_mm",
                              "deaths",     "serious_injuries", "water_level_m"};
  auto subs = sub_types();
  std::vector<Candidate> plans(kPlans);
  for (size_t i = 0; i < kPlans; ++i) {
    Candidate& c = plans[i];
    c.id = static_cast<int64_t>(i + 1);
    const SubType& st = subs[rng() % subs.size()];
    c.sub_type = std::string(st.name);
    c.category = st.category;
    c.level = static_cast<Level>(rng() % 4);
    std::string town = towns[rng() % 12];
    switch (c.level) {
      case Level::kDistrict:
        c.jurisdiction_code = "330106";
        break;
      case Level::kTown:
        c.jurisdiction_code = town;
        break;
      case Level::kCommunity:
        c.jurisdiction_code = town + std::to_string(100 + rng() % 30).substr(0, 3);
        break;
      case Level::kEnterprise:
        c.jurisdiction_code = town;
        c.enterprise_id = static_cast<int64_t>(1 + rng() % 2000);
        break;
    }
    c.title = "合成预案 " + std::to_string(i) + " " + c.sub_type;
    for (size_t k = rng() % 6; k > 0; --k) c.keywords.emplace_back(words[rng() % 12]);
    int levels = 1 + static_cast<int>(rng() % 4);
    for (int l = 0; l < levels; ++l) {
      ResponseLevel rl;
      rl.level = 4 - l;
      rl.any = rng() % 2;
      for (size_t t = 1 + rng() % 3; t > 0; --t) {
        Trigger tr;
        if (rng() % 5 == 0) {
          tr.indicator = "keyword";
          tr.comparator = Comparator::kHas;
          tr.keyword = words[rng() % 12];
        } else {
          tr.indicator = indicators[rng() % 6];
          tr.threshold = static_cast<double>(10 + rng() % 150);
          tr.unit = "mm";
        }
        rl.triggers.push_back(tr);
      }
      c.levels.push_back(std::move(rl));
    }
  }
  std::vector<MatchEvent> events(kEvents);
  for (auto& e : events) {
    e.type = std::string(subs[rng() % subs.size()].name);
    e.place_code = towns[rng() % 12];
    for (const char* ind : indicators)
      if (rng() % 2) e.indicators.emplace(ind, static_cast<double>(rng() % 200));
    for (size_t k = rng() % 4; k > 0; --k) e.keywords.emplace_back(words[rng() % 12]);
    if (rng() % 4 == 0) e.enterprise_id = static_cast<int64_t>(1 + rng() % 2000);
  }
  const MatchWeights w;
  std::vector<double> ms;
  size_t results = 0;
  for (int round = 0; round < 3; ++round)
    for (const auto& e : events) {
      auto t0 = std::chrono::steady_clock::now();
      auto r = match(e, plans, w);
      auto t1 = std::chrono::steady_clock::now();
      results += r.size();
      if (round > 0) ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    }
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) {
    return ms[static_cast<size_t>(p * static_cast<double>(ms.size() - 1))];
  };
  std::printf("plan matching: %zu plans, %zu timed events (2 rounds of %d after 1 warm-up)\n",
              kPlans, ms.size(), kEvents);
  std::printf("median %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms (goal p99 <= 5 ms)\n",
              pct(0.5), pct(0.9), pct(0.99), ms.back());
  std::printf("results returned: %zu\n", results);
  return pct(0.99) <= 5.0 ? 0 : 1;
}
