// Properties of the enterprise risk index (risk/index.h): the contributions sum to the index, the
// index stays within 0–100, and it is monotone in every factor (raising one never lowers it), with
// the default options and with raised weights that make the cap bite.

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>

#include "risk/index.h"

namespace lakeguard::risk {
namespace {

constexpr RiskLevel kLevels[] = {RiskLevel::kLow, RiskLevel::kGeneral, RiskLevel::kLarger,
                                 RiskLevel::kMajor};  // ascending

IndexInputs random_inputs(std::mt19937& rng) {
  std::uniform_int_distribution<int> grade(0, 4), level(-1, 3), count(0, 8);
  IndexInputs in;
  if (int g = grade(rng)) in.major_hazard_grade = g;
  if (int l = level(rng); l >= 0) in.worst_point = kLevels[l];
  in.open_hazards = count(rng);
  in.overdue_hazards = count(rng);
  in.open_major_hazards = count(rng);
  in.active_alarms = count(rng);
  in.recent_penalties = count(rng);
  in.accidents_3y = count(rng);
  in.expired_licences = count(rng);
  return in;
}

double sum_of(const IndexResult& r) {
  double s = 0;
  for (const auto& c : r.factors) s += c.points;
  return s;
}

// Each way of raising one input by one step (nullopt grade → 四级 → … → 一级, level up, count + 1).
std::vector<std::function<bool(IndexInputs&)>> raises() {
  return {
      [](IndexInputs& in) {
        if (in.major_hazard_grade == 1) return false;
        in.major_hazard_grade = in.major_hazard_grade ? *in.major_hazard_grade - 1 : 4;
        return true;
      },
      [](IndexInputs& in) {
        if (in.worst_point == RiskLevel::kMajor) return false;
        int i = -1;
        for (int k = 0; k < 4; ++k)
          if (in.worst_point == kLevels[k]) i = k;
        in.worst_point = kLevels[i + 1];
        return true;
      },
      [](IndexInputs& in) { return ++in.open_hazards, true; },
      [](IndexInputs& in) { return ++in.overdue_hazards, true; },
      [](IndexInputs& in) { return ++in.open_major_hazards, true; },
      [](IndexInputs& in) { return ++in.active_alarms, true; },
      [](IndexInputs& in) { return ++in.recent_penalties, true; },
      [](IndexInputs& in) { return ++in.accidents_3y, true; },
      [](IndexInputs& in) { return ++in.expired_licences, true; },
  };
}

void check_properties(const IndexOptions& opts) {
  ASSERT_EQ(opts.validate(), "");
  std::mt19937 rng(8);
  const auto steps = raises();
  for (int i = 0; i < 3000; ++i) {
    const IndexInputs in = random_inputs(rng);
    const IndexResult r = risk_index(in, opts);
    ASSERT_GE(r.index, 0);
    ASSERT_LE(r.index, 100);
    ASSERT_NEAR(sum_of(r), r.index, 1e-9) << "the contributions sum to the index";
    ASSERT_EQ(r.level, index_level(r.index, opts));
    for (std::size_t s = 0; s < steps.size(); ++s) {
      IndexInputs up = in;
      if (!steps[s](up)) continue;
      const IndexResult r2 = risk_index(up, opts);
      ASSERT_GE(r2.index, r.index) << "raising factor " << s << " lowered the index";
      ASSERT_GE(static_cast<int>(r.level), static_cast<int>(r2.level))
          << "raising factor " << s << " lowered the colour";  // kMajor is 0
    }
  }
}

TEST(RiskIndex, PropertiesWithDefaults) { check_properties(IndexOptions{}); }

TEST(RiskIndex, PropertiesWhenCapped) {
  IndexOptions o;
  o.major_hazard_weight = 90;
  o.worst_point_weight = 60;
  o.open_major_hazards.weight = 40;
  check_properties(o);
}

TEST(RiskIndex, DefaultWeightsSumToHundred) {
  IndexOptions o;
  EXPECT_EQ(o.major_hazard_weight + o.worst_point_weight + o.open_hazards.weight +
                o.overdue_hazards.weight + o.open_major_hazards.weight + o.active_alarms.weight +
                o.recent_penalties.weight + o.accidents_3y.weight + o.expired_licences.weight,
            100);
}

TEST(RiskIndex, ValidateNamesTheBadSetting) {
  IndexOptions o;
  o.open_hazards.saturation = 0;
  EXPECT_NE(o.validate().find("open_hazards"), std::string::npos);
  o = {};
  o.orange_from = 70;
  EXPECT_NE(o.validate().find("bands"), std::string::npos);
  o = {};
  o.major_hazard_weight = -1;
  EXPECT_NE(o.validate().find("major_hazard_weight"), std::string::npos);
}

}  // namespace
}  // namespace lakeguard::risk
