// Properties of the risk rules that golden lines cannot show one by one: R grows with every q,
// S ≥ 1 exactly when identified (also for sums that only exact arithmetic gets right), the
// limits, and the colour options' validation.

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <cmath>
#include <random>

#include "risk/calc_json.h"
#include "risk/major_hazard.h"
#include "standards/gb18218.h"

namespace lakeguard::risk {
namespace {

namespace json = boost::json;

// A random unit: Table 1 rows that need no class, and Table 2 classes, with random quantities.
MajorHazardInput random_unit(std::mt19937_64& rng) {
  static const int kRows[] = {1, 12, 6, 30, 49, 51, 52, 56, 35, 44, 68, 83, 85, 17, 20};
  std::uniform_int_distribution<int> n_of(1, 8), kind(0, 1), people(0, 150);
  std::uniform_int_distribution<std::size_t> row_of(0, std::size(kRows) - 1),
      class_of(0, standards::table2().size() - 1);
  std::uniform_int_distribution<int64_t> grams_of(0, int64_t{200} * 1'000'000);
  MajorHazardInput in;
  in.people_within_500m = people(rng);
  for (int i = n_of(rng); i > 0; --i) {
    SubstanceInput s;
    if (kind(rng))
      s.table1_seq = kRows[row_of(rng)];
    else
      s.hazard_classes = {std::string(standards::table2()[class_of(rng)].code)};
    s.q_g = grams_of(rng);
    in.substances.push_back(s);
  }
  return in;
}

TEST(MajorHazardProperties, RGrowsWithEveryQ) {
  std::mt19937_64 rng(18218);
  std::uniform_int_distribution<int64_t> more(1, 5'000'000);
  for (int round = 0; round < 500; ++round) {
    MajorHazardInput in = random_unit(rng);
    auto base = assess_major_hazard(in);
    ASSERT_TRUE(base) << base.error().message;
    for (std::size_t i = 0; i < in.substances.size(); ++i) {
      MajorHazardInput bigger = in;
      bigger.substances[i].q_g += more(rng);
      auto r = assess_major_hazard(bigger);
      ASSERT_TRUE(r);
      EXPECT_GT(r->R, base->R) << "round " << round << " substance " << i;
      EXPECT_GT(r->S, base->S);
      // A grade never gets worse (higher number) when a quantity grows.
      if (base->grade) {
        EXPECT_LE(*r->grade, *base->grade);
      }
    }
  }
}

TEST(MajorHazardProperties, IdentifiedExactlyWhenSIsAtLeastOne) {
  std::mt19937_64 rng(2018);
  int identified = 0;
  for (int round = 0; round < 2000; ++round) {
    auto r = assess_major_hazard(random_unit(rng));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->is_major_hazard, r->S >= 1) << "S = " << r->S;
    EXPECT_EQ(r->grade.has_value(), r->is_major_hazard);
    if (r->grade) {
      ++identified;
      const int want = r->R >= 100 ? 1 : r->R >= 50 ? 2 : r->R >= 10 ? 3 : 4;
      EXPECT_EQ(*r->grade, want) << "R = " << r->R;
    }
  }
  EXPECT_GT(identified, 100);
  EXPECT_LT(identified, 2000);
}

// Splits Q (in grams) of one class into k random parts: S = 1 exactly, whatever doubles would
// make of the parts; one gram less in any part is not a major hazard.
TEST(MajorHazardProperties, ExactlyQInManyPartsIsIdentifiedAndOneGramLessIsNot) {
  std::mt19937_64 rng(1);
  for (const auto& cls : standards::table2()) {
    const auto q_grams = std::llround(cls.q_t * 1e6);
    for (int round = 0; round < 20; ++round) {
      std::uniform_int_distribution<int> k_of(2, 12);
      const int k = k_of(rng);
      std::vector<int64_t> cuts{0, q_grams};
      std::uniform_int_distribution<int64_t> cut_of(0, q_grams);
      for (int i = 1; i < k; ++i) cuts.push_back(cut_of(rng));
      std::sort(cuts.begin(), cuts.end());
      MajorHazardInput in;
      for (std::size_t i = 1; i < cuts.size(); ++i) {
        SubstanceInput s;
        s.hazard_classes = {std::string(cls.code)};
        s.q_g = cuts[i] - cuts[i - 1];
        in.substances.push_back(s);
      }
      auto at_q = assess_major_hazard(in);
      ASSERT_TRUE(at_q);
      EXPECT_TRUE(at_q->is_major_hazard) << cls.code << " in " << k << " parts";
      EXPECT_EQ(at_q->S, 1.0);
      for (auto& s : in.substances)
        if (s.q_g > 0) {
          --s.q_g;
          break;
        }
      auto below = assess_major_hazard(in);
      ASSERT_TRUE(below);
      EXPECT_FALSE(below->is_major_hazard) << cls.code;
      EXPECT_LT(below->S, 1.0);
    }
  }
}

TEST(MajorHazardLimits, TwoHundredSubstancesAreTakenTwoHundredAndOneAreNot) {
  json::array subs;
  for (int i = 0; i < 200; ++i) subs.push_back(json::object{{"name", "氯"}, {"quantity_t", 0.025}});
  json::object body{{"substances", subs}, {"people_within_500m", 0}};
  auto ok = calc_major_hazard(body);
  ASSERT_TRUE(ok) << ok.error().message;
  const json::value answer = json::parse(*ok);
  EXPECT_EQ(answer.at("S").to_number<double>(), 1.0);  // 200 × 0.025/5 = 1 exactly
  EXPECT_EQ(answer.at("is_major_hazard"), true);
  subs.push_back(json::object{{"name", "氯"}, {"quantity_t", 0}});
  body["substances"] = subs;
  auto refused = calc_major_hazard(body);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().field, "substances");
}

TEST(MajorHazardLimits, LargestQuantitiesStayExact) {
  // 200 × 10⁸ t of the smallest Q (0.3 t) with the largest β and α: no overflow, exact grade.
  MajorHazardInput in;
  in.people_within_500m = 1000;
  for (int i = 0; i < 200; ++i) {
    SubstanceInput s;
    s.table1_seq = 6;  // 碳酰氯, Q 0.3 t, β 20
    s.q_g = kMaxQuantityG;
    in.substances.push_back(s);
  }
  auto r = assess_major_hazard(in);
  ASSERT_TRUE(r);
  EXPECT_NEAR(r->S, 200 * 1e8 / 0.3, 1e-3 * 200 * 1e8 / 0.3 * 1e-9);
  EXPECT_NEAR(r->R, 2 * 20 * r->S, r->R * 1e-12);
  EXPECT_EQ(r->grade, 1);
}

TEST(MajorHazardTables, EveryQIsWholeGramsAndEveryBetaHalves) {
  // The exact arithmetic of major_hazard.cpp relies on this.
  for (const auto& r : standards::table1()) {
    const double g = r.q_t * 1e6;
    EXPECT_EQ(g, std::round(g)) << r.seq;
  }
  for (const auto& c : standards::table2()) {
    EXPECT_EQ(c.q_t * 1e6, std::round(c.q_t * 1e6)) << c.code;
    EXPECT_EQ(c.beta * 2, std::round(c.beta * 2)) << c.code;
  }
  for (const auto& g : standards::table3()) EXPECT_EQ(g.beta * 2, std::round(g.beta * 2));
}

TEST(RiskJsonText, NumbersArePlainDecimalAndNamesAreEscapedJson) {
  LecResult lec;
  lec.D = 0.05;
  EXPECT_EQ(to_json_text(lec),
            R"({"D":0.05,"level":"稍有危险","measure":"可以接受","risk_level":"低风险",)"
            R"("color":"blue"})");
  MajorHazardResult r;
  r.S = 1.74;
  r.R = 2.62;
  r.alpha = 0.5;
  Term t;
  t.substance = "a \"quoted\" name";
  t.q_g = 12'000'000;
  t.Q_t = 50;
  t.beta = 1;
  t.hazard_classes = {"W5.2"};
  t.q_source = QSource::kTable2;
  r.terms = {t};
  const std::string text = to_json_text(r);
  EXPECT_EQ(text,
            R"({"S":1.74,"is_major_hazard":false,"alpha":0.5,"R":2.62,"grade":null,)"
            R"("grade_name":null,"terms":[{"substance":"a \"quoted\" name","table1_seq":null,)"
            R"("hazard_classes":["W5.2"],"class_defaulted":false,"q":12,"Q":50,"beta":1,)"
            R"("ratio":0.24,"Q_source":"table2","beta_source":"table4"}]})");
  EXPECT_NO_THROW(json::parse(text));
}

TEST(MajorHazardAlpha, TableFive) {
  EXPECT_EQ(alpha_for(0), 0.5);
  EXPECT_EQ(alpha_for(1), 1.0);
  EXPECT_EQ(alpha_for(29), 1.0);
  EXPECT_EQ(alpha_for(30), 1.2);
  EXPECT_EQ(alpha_for(49), 1.2);
  EXPECT_EQ(alpha_for(50), 1.5);
  EXPECT_EQ(alpha_for(99), 1.5);
  EXPECT_EQ(alpha_for(100), 2.0);
}

TEST(RiskOptions, DefaultsAndBothLecVariantsAreValid) {
  EXPECT_EQ(Options{}.validate(), "");
  Options b;
  b.lec_major_above = 320;
  b.lec_larger_above = 160;
  b.lec_general_above = 70;
  EXPECT_EQ(b.validate(), "");
  Options coal;
  coal.ls_larger_from = 15;
  coal.ls_general_from = 10;
  EXPECT_EQ(coal.validate(), "");
}

TEST(RiskOptions, DisorderedOrUnreachableBandsAreRejectedNamingTheSetting) {
  auto why = [](auto set) {
    Options o;
    set(o);
    return o.validate();
  };
  EXPECT_EQ(why([](Options& o) { o.lec_larger_above = 200; }).rfind("lec_major_above", 0), 0u);
  EXPECT_EQ(why([](Options& o) { o.lec_general_above = 70; }).rfind("lec_larger_above", 0), 0u);
  EXPECT_EQ(why([](Options& o) { o.lec_general_above = -1; }).rfind("lec_general_above", 0), 0u);
  EXPECT_EQ(why([](Options& o) { o.ls_general_from = 1; }).rfind("ls_general_from", 0), 0u);
  EXPECT_EQ(why([](Options& o) { o.ls_major_from = 26; }).rfind("ls_major_from", 0), 0u);
  EXPECT_EQ(why([](Options& o) { o.ls_larger_from = 9; }).rfind("ls_larger_from", 0), 0u);
  // 13 and 14 are no product L × S: a 较大 band of 13–14 could never be reached.
  EXPECT_NE(why([](Options& o) {
              o.ls_larger_from = 13;
              o.ls_major_from = 14;
            }),
            "");
  EXPECT_EQ(why([](Options& o) { o.ls_major_from = 21; }), "");  // 21–25 still holds 25
  EXPECT_NE(why([](Options& o) {
              o.ls_larger_from = 17;
              o.ls_major_from = 20;
            }),
            "");  // 17–19: no product
}

}  // namespace
}  // namespace lakeguard::risk
