// Inspection plans (抽查计划): the number a target's share implies, and plan validation.

#include "inspections/plan.h"

#include <gtest/gtest.h>

namespace lakeguard::inspections {
namespace {

namespace json = boost::json;

TEST(Plan, EnterprisesPerDrawRoundsUpAndStaysWithinThePool) {
  struct Case {
    int64_t pool;
    double ratio;
    int64_t want;
  } cases[] = {
      {20, 5, 1},       // exactly 1 (5 % of 20), not 2 from a binary fraction
      {21, 5, 2},       // 1.05 → 2: a share is never rounded away
      {412, 5, 21},     // 20.6 → 21
      {31, 10, 4},      // 3.1 → 4
      {100, 3, 3},      // exact
      {1, 0.1, 1},      // a category of one is still inspected
      {7, 100, 7},      // everyone
      {0, 50, 0},       // an empty category draws nobody
      {10, 0, 0},       // no share, nobody
      {3, 33.3333, 1},  // 0.99999 → 1
      {1000000, 0.01, 100},
  };
  for (const auto& c : cases)
    EXPECT_EQ(enterprises_per_draw(c.pool, c.ratio), c.want) << c.pool << " × " << c.ratio << " %";
}

json::object plan(json::array targets) {
  return json::object{{"year", 2026}, {"name", "2026年度计划"}, {"targets", std::move(targets)}};
}
json::object target(json::value ratio, json::value times) {
  return json::object{{"label", "危化企业"}, {"ratio_percent", ratio}, {"times_per_year", times}};
}

TEST(Plan, ValidatesEveryFieldAndNamesIt) {
  auto ok = plan_from_json(plan({target(5, 2), target(12.5, 12)}), 2026);
  ASSERT_TRUE(ok) << ok.error().message;
  EXPECT_EQ(ok->targets.size(), 2u);
  EXPECT_DOUBLE_EQ(ok->targets[1].ratio_percent, 12.5);
  EXPECT_EQ(ok->targets[1].times_per_year, 12);

  struct Bad {
    json::object body;
    const char* field;
  } bad[] = {
      {plan({target(0, 1)}), "targets[0].ratio_percent"},
      {plan({target(100.01, 1)}), "targets[0].ratio_percent"},
      {plan({target(-1, 1)}), "targets[0].ratio_percent"},
      {plan({target("5", 1)}), "targets[0].ratio_percent"},
      {plan({target(5, 0)}), "targets[0].times_per_year"},
      {plan({target(5, 13)}), "targets[0].times_per_year"},
      {plan({target(5, 1), target(5, 1.5)}), "targets[1].times_per_year"},
      {plan({}), "targets"},
      {json::object{{"year", 2028}, {"name", "x"}, {"targets", json::array{target(5, 1)}}}, "year"},
      {json::object{{"year", 2026}, {"targets", json::array{target(5, 1)}}}, "name"},
      {json::object{
           {"year", 2026}, {"name", "x"}, {"targets", json::array{target(5, 1)}}, {"extra", 1}},
       "extra"},
      {plan({json::object{{"label", "a\u202Eb"}, {"ratio_percent", 5}, {"times_per_year", 1}}}),
       "targets[0].label"},
      {plan({json::object{{"label", "a"},
                          {"ratio_percent", 5},
                          {"times_per_year", 1},
                          {"pool", json::object{{"town_code", json::array{}}}}}}),
       "targets[0].pool.town_code"},
  };
  for (const auto& b : bad) {
    auto r = plan_from_json(b.body, 2026);
    ASSERT_FALSE(r) << json::serialize(b.body);
    EXPECT_EQ(r.error().field, b.field) << json::serialize(b.body);
  }
  json::array many;
  for (int i = 0; i < 51; ++i) many.push_back(target(5, 1));
  EXPECT_EQ(plan_from_json(plan(many), 2026).error().field, "targets");
}

TEST(Plan, TargetsRoundTripThroughTheirStoredForm) {
  auto p = plan_from_json(plan({json::object{{"label", "餐饮"},
                                             {"ratio_percent", 2.5},
                                             {"times_per_year", 4},
                                             {"pool", json::object{{"town_code", "330106009"}}}}}),
                          2026);
  ASSERT_TRUE(p);
  auto back = targets_from_json(json::parse(json::serialize(targets_json(p->targets))));
  ASSERT_EQ(back.size(), 1u);
  EXPECT_EQ(back[0].label, "餐饮");
  EXPECT_DOUBLE_EQ(back[0].ratio_percent, 2.5);
  EXPECT_EQ(back[0].times_per_year, 4);
  EXPECT_EQ(back[0].pool, p->targets[0].pool);
  // A whole share is written as an integer, not in exponent form.
  EXPECT_EQ(json::serialize(targets_json({PlanTarget{"x", {}, 10, 1}})[0].at("ratio_percent")),
            "10");
}

}  // namespace
}  // namespace lakeguard::inspections
