// Plan matching against its golden cases (golden/matching.json): the ranking, the scores, the
// matched levels and the exact reason strings; plus event parsing and determinism.

#include "plans/matching.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "plans/requests.h"

namespace lakeguard::plans {
namespace {

namespace json = boost::json;

json::object load_golden() {
  std::ifstream in(LAKEGUARD_GOLDEN_DIR "/matching.json");
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str()).as_object();
}

constexpr int64_t kNow = 1796083200000;  // 2026-12-01

std::vector<Candidate> candidates_of(const json::array& plans) {
  std::vector<Candidate> out;
  for (const auto& v : plans) {
    json::object body = v.as_object();
    int64_t id = body.at("id").as_int64();
    body.erase("id");
    std::string jurisdiction;
    if (body.at("level").as_string() == "enterprise") {
      jurisdiction = std::string(body.at("jurisdiction").as_string());
      body.erase("jurisdiction");
    }
    auto p = parse_new_plan(body, kNow);
    EXPECT_TRUE(p.ok()) << "plan " << id << ": "
                        << (p.ok() ? "" : p.error().field + " " + p.error().message);
    if (!p.ok()) continue;
    Candidate c{.id = id,
                .title = p->title,
                .category = p->category,
                .sub_type = p->sub_type,
                .level = p->level,
                .jurisdiction_code = jurisdiction.empty() ? p->jurisdiction_code : jurisdiction,
                .enterprise_id = p->enterprise_id,
                .keywords = p->keywords,
                .levels = p->content.levels};
    out.push_back(std::move(c));
  }
  return out;
}

TEST(PlanMatching, MatchesEveryGoldenCaseExactly) {
  json::object g = load_golden();
  auto plans = candidates_of(g.at("plans").as_array());
  ASSERT_EQ(plans.size(), g.at("plans").as_array().size());
  int cases = 0;
  for (const auto& cv : g.at("cases").as_array()) {
    const auto& c = cv.as_object();
    std::string name(c.at("name").as_string());
    auto ev = parse_match_event(c.at("event").as_object());
    ASSERT_TRUE(ev.ok()) << name << ": " << ev.error().field << " " << ev.error().message;
    auto got = match(*ev, plans, MatchWeights{});
    const auto& want = c.at("expect").as_array();
    ASSERT_EQ(got.size(), want.size()) << name;
    for (size_t i = 0; i < want.size(); ++i) {
      const auto& w = want[i].as_object();
      EXPECT_EQ(got[i].plan_id, w.at("plan_id").as_int64()) << name << " #" << i;
      EXPECT_DOUBLE_EQ(got[i].score, w.at("score").to_number<double>()) << name << " #" << i;
      if (w.at("matched_level").is_null())
        EXPECT_FALSE(got[i].matched_level) << name << " #" << i;
      else
        EXPECT_EQ(got[i].matched_level.value_or(0), w.at("matched_level").as_int64())
            << name << " #" << i;
      std::vector<std::string> reasons;
      for (const auto& r : w.at("reasons").as_array()) reasons.emplace_back(r.as_string());
      EXPECT_EQ(got[i].reasons, reasons) << name << " #" << i;
    }
    ++cases;
  }
  EXPECT_GE(cases, 10);
}

TEST(PlanMatching, IsDeterministicWhateverTheInputOrder) {
  json::object g = load_golden();
  auto plans = candidates_of(g.at("plans").as_array());
  auto ev = parse_match_event(json::parse(R"({"type":"自然灾害"})").as_object());
  ASSERT_TRUE(ev.ok());
  auto a = match(*ev, plans, MatchWeights{});
  std::reverse(plans.begin(), plans.end());
  auto b = match(*ev, plans, MatchWeights{});
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].plan_id, b[i].plan_id);
    EXPECT_EQ(a[i].reasons, b[i].reasons);
  }
}

TEST(PlanMatching, WeightsAreConfiguration) {
  json::object g = load_golden();
  auto plans = candidates_of(g.at("plans").as_array());
  auto ev = parse_match_event(
      json::parse(R"({"type":"防汛防台","indicators":{"rain_3h_mm":120},"town":"330106009"})")
          .as_object());
  ASSERT_TRUE(ev.ok());
  MatchWeights w;
  w.place_town = 0;
  w.place_district = 15;  // now the district plan (40+15+30) beats the town's (40+0+30)
  auto got = match(*ev, plans, w);
  ASSERT_GE(got.size(), 2u);
  EXPECT_EQ(got[0].plan_id, 1);
  EXPECT_EQ(got[1].plan_id, 2);
  EXPECT_TRUE(validate(w).ok());
  w.trigger = -1;
  auto bad = validate(w);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().field, "plans_weight_trigger");
}

TEST(PlanMatching, BadEventsNameTheField) {
  struct Case {
    const char* body;
    const char* field;
  } cases[] = {
      {R"({"type":"台风灾害"})", "type"},
      {R"({"level":5})", "level"},
      {R"({"indicators":{"rain_3h_mm":"lots"}})", "indicators.rain_3h_mm"},
      {R"({"indicators":{"Rain":1}})", "indicators"},
      {R"({"town":"3301"})", "town"},
      {R"({"location":{"lon":200,"lat":30}})", "location.lon"},
      {R"({"location":{"lon":120}})", "location.lat"},
      {R"({"location":{"x":1}})", "location.x"},
      {R"({"keywords":["a",""]})", "keywords[1]"},
      {R"({"limit":0})", "limit"},
      {R"({"colour":"red"})", "colour"},
  };
  for (const auto& c : cases) {
    auto r = parse_match_event(json::parse(c.body).as_object());
    ASSERT_FALSE(r.ok()) << c.body;
    EXPECT_EQ(r.error().code, ErrorCode::kValidationFailed) << c.body;
    EXPECT_EQ(r.error().field, c.field) << c.body;
  }
  auto padded = parse_match_event(json::parse(R"({"town":"330106009000"})").as_object());
  ASSERT_TRUE(padded.ok());
  EXPECT_EQ(padded->place_code, "330106009");
}

}  // namespace
}  // namespace lakeguard::plans
