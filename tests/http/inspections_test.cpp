// 双随机 draws through the API (issue 10 §3), on SQLite and PostgreSQL: commit before the draw,
// witnesses, reveal, the selection recomputable from what is published, scope and bad input.
// The independent recomputation (sha256sum in a shell, and the public page in Chromium) is
// tests/scripts/draw_verify_test.sh.

#include <gtest/gtest.h>

#include <set>

#include "fixture.h"
#include "inspections/draw.h"

namespace lakeguard::testing {
namespace {

namespace json = boost::json;
namespace insp = lakeguard::inspections;

const std::string kDraws = "/api/v1/inspections/draws";

class Draws : public ::testing::TestWithParam<std::string> {
 protected:
  TestServer& s() { return server(GetParam()); }
  json::object create(const std::string& user, const json::object& body) {
    auto r = s().as_json(user, "POST", kDraws, body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().as_object() : json::object{};
  }
  std::string path(const json::object& d, const std::string& tail = "") {
    return kDraws + "/" + std::to_string(d.at("id").as_int64()) + tail;
  }
  HttpResponse witness(const json::object& d, const std::string& name, const std::string& text,
                       const std::string& user = "district") {
    return s().as_json(user, "POST", path(d, "/witness"),
                       json::object{{"name", name}, {"entropy", text}});
  }
  static std::set<int64_t> ids(const json::value& members) {
    std::set<int64_t> out;
    for (const auto& m : members.as_array()) out.insert(m.at("id").as_int64());
    return out;
  }
};

TEST_P(Draws, CommitWitnessRevealAndTheSelectionFollowsFromWhatIsPublished) {
  auto d = create("district", json::object{{"k", 3}, {"m", 2}, {"title", "2026年第四季度双随机"}});
  ASSERT_FALSE(d.empty());
  EXPECT_EQ(d.at("status").as_string(), "open");
  EXPECT_TRUE(d.at("seed").is_null());  // secret until the reveal
  EXPECT_EQ(d.at("commitment").as_string().size(), 64u);
  // Both pools are fixed and published now: every enterprise and the eight demo inspectors.
  EXPECT_EQ(static_cast<int64_t>(d.at("pool_enterprises").as_array().size()),
            s().count("enterprises"));
  EXPECT_EQ(d.at("pool_inspectors").as_array().size(), 8u);
  auto got = s().as("district", "GET", path(d));
  ASSERT_EQ(got.status, 200);
  EXPECT_TRUE(got.json().at("seed").is_null());

  // No reveal without a witness's text.
  auto early = s().as("district", "POST", path(d, "/reveal"));
  EXPECT_EQ(early.status, 409) << early.body;
  EXPECT_EQ(early.error_field(), "witnesses");

  ASSERT_EQ(witness(d, "区纪委监督员", "2026-12-06 上午 西湖 晴 17℃").status, 200);
  auto w2 = witness(d, "企业代表", "second: text");
  ASSERT_EQ(w2.status, 200) << w2.body;
  EXPECT_EQ(w2.json().at("witnesses").as_array().size(), 2u);

  auto rev = s().as("district", "POST", path(d, "/reveal"));
  ASSERT_EQ(rev.status, 200) << rev.body;
  const auto& r = rev.json().as_object();
  EXPECT_EQ(r.at("status").as_string(), "revealed");
  std::string seed(r.at("seed").as_string());
  EXPECT_EQ(insp::commitment_of(seed), d.at("commitment").as_string());
  std::string fs = insp::sha256_hex(seed + ":2026-12-06 上午 西湖 晴 17℃:second: text");
  EXPECT_EQ(r.at("final_seed").as_string(), fs);
  // The k (m) smallest keys of the published pools, in key order.
  auto expect_selection = [&](const char* pool, const char* sel, insp::Side side, size_t n) {
    std::vector<int64_t> pool_ids;
    for (int64_t id : ids(r.at(pool))) pool_ids.push_back(id);
    std::vector<int64_t> want;
    for (const auto& k : insp::select(fs, side, pool_ids, n)) want.push_back(k.id);
    std::vector<int64_t> have;
    for (const auto& m : r.at(sel).as_array()) have.push_back(m.at("id").as_int64());
    EXPECT_EQ(have, want) << sel;
  };
  expect_selection("pool_enterprises", "selected_enterprises", insp::Side::kEnterprise, 3);
  expect_selection("pool_inspectors", "selected_inspectors", insp::Side::kInspector, 2);

  // Fixed once revealed.
  EXPECT_EQ(s().as("district", "POST", path(d, "/reveal")).status, 409);
  EXPECT_EQ(witness(d, "迟到者", "too late").status, 409);

  // The audit holds what was published at each step: no seed at creation, the seed at reveal.
  auto audit = s().as(
      "admin", "GET",
      "/api/v1/audit?entity=inspection_draws&entity_id=" + std::to_string(d.at("id").as_int64()));
  ASSERT_EQ(audit.status, 200);
  std::map<std::string, json::value> by_action;
  for (const auto& a : audit.json().at("items").as_array())
    by_action[std::string(a.at("action").as_string())] = a.at("after");
  ASSERT_TRUE(by_action.count("create") && by_action.count("reveal") && by_action.count("witness"));
  EXPECT_TRUE(by_action["create"].at("seed").is_null());
  EXPECT_EQ(by_action["reveal"].at("seed").as_string(), seed);
}

TEST_P(Draws, BadInputIsRefusedAndWritesNothing) {
  int64_t before = s().count("inspection_draws");
  struct Case {
    json::object body;
    const char* field;
  } cases[] = {
      {{{"k", 100000}, {"m", 1}}, "k"},
      {{{"k", 1}, {"m", 9}}, "m"},  // eight inspectors
      {{{"k", 0}, {"m", 1}}, "k"},
      {{{"k", 1}, {"m", -1}}, "m"},
      {{{"k", "3"}, {"m", 1}}, "k"},
      {{{"m", 1}}, "k"},
      {{{"k", 1}, {"m", 1}, {"seed", "00"}}, "seed"},
      {{{"k", 1}, {"m", 1}, {"pool", json::object{{"no_such_filter", "x"}}}},
       "pool.no_such_filter"},
      {{{"k", 1}, {"m", 1}, {"pool", json::object{{"town_code", json::array{}}}}},
       "pool.town_code"},
      {{{"k", 1}, {"m", 1}, {"exclude_inspectors", json::array{json::object{{"id", 1}}}}},
       "exclude_inspectors[0].reason"},
      {{{"k", 1},
        {"m", 1},
        {"exclude_inspectors", json::array{json::object{{"id", 999999}, {"reason", "亲属"}}}}},
       "exclude_inspectors[0].id"},
      {{{"k", 1}, {"m", 1}, {"title", std::string(101, 'x')}}, "title"},
  };
  for (const auto& c : cases) {
    auto r = s().as_json("district", "POST", kDraws, c.body);
    EXPECT_EQ(r.status, 422) << json::serialize(c.body) << " " << r.body;
    EXPECT_EQ(r.error_code(), "validation_failed");
    EXPECT_EQ(r.error_field(), c.field) << json::serialize(c.body);
  }
  EXPECT_EQ(s().count("inspection_draws"), before);

  auto d = create("district", json::object{{"k", 1}, {"m", 1}});
  for (const auto& [text, why] : std::vector<std::pair<std::string, std::string>>{
           {"", "empty"}, {std::string(201, 'a'), "201 characters"}, {"a\nb", "control"}}) {
    auto r = witness(d, "监督人", text);
    EXPECT_EQ(r.status, 422) << why;
    EXPECT_EQ(r.error_field(), "entropy") << why;
  }
  EXPECT_EQ(s().as("district", "GET", path(d)).json().at("witnesses").as_array().size(), 0u);
  EXPECT_EQ(s().as("district", "GET", kDraws + "?status=done").status, 422);
  EXPECT_EQ(s().as("district", "GET", kDraws + "/abc").status, 404);
}

TEST_P(Draws, PoolFiltersAndConflictsOfInterest) {
  auto all = create("district", json::object{{"k", 1}, {"m", 1}});
  int64_t excluded = all.at("pool_inspectors").as_array()[0].at("id").as_int64();
  auto d = create(
      "district",
      json::object{
          {"k", 2},
          {"m", 7},
          {"pool", json::object{{"town_code", "330106009"}}},
          {"exclude_inspectors",
           json::array{json::object{{"id", excluded}, {"reason", "近三年曾在该企业任职"}}}}});
  ASSERT_FALSE(d.empty());
  auto in_town = s().as("district", "GET", "/api/v1/enterprises?town_code=330106009&page_size=1");
  EXPECT_EQ(static_cast<int64_t>(d.at("pool_enterprises").as_array().size()),
            in_town.json().at("total").as_int64());
  EXPECT_EQ(d.at("pool_inspectors").as_array().size(), 7u);
  EXPECT_FALSE(ids(d.at("pool_inspectors")).count(excluded));
  const auto& ex = d.at("excluded_inspectors").as_array();
  ASSERT_EQ(ex.size(), 1u);
  EXPECT_EQ(ex[0].at("id").as_int64(), excluded);
  EXPECT_EQ(ex[0].at("reason").as_string(), "近三年曾在该企业任职");
  // With one inspector excluded, eight cannot be drawn.
  auto r = s().as_json(
      "district", "POST", kDraws,
      json::object{
          {"k", 1},
          {"m", 8},
          {"exclude_inspectors", json::array{json::object{{"id", excluded}, {"reason", "x"}}}}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.error_field(), "m");
}

TEST_P(Draws, ScopeAndRoles) {
  // A town officer draws from its own town's enterprises; other towns do not see the draw.
  auto d = create("town_330106009", json::object{{"k", 1}, {"m", 1}});
  ASSERT_FALSE(d.empty());
  EXPECT_EQ(d.at("town_code").as_string(), "330106009");
  auto in_town = s().as("district", "GET", "/api/v1/enterprises?town_code=330106009&page_size=1");
  EXPECT_EQ(static_cast<int64_t>(d.at("pool_enterprises").as_array().size()),
            in_town.json().at("total").as_int64());
  EXPECT_EQ(s().as("town_330106002", "GET", path(d)).status, 404);
  EXPECT_EQ(s().as("town_330106002", "POST", path(d, "/reveal")).status, 404);
  EXPECT_EQ(s().as("district", "GET", path(d)).status, 200);
  auto list = s().as("town_330106002", "GET", kDraws);
  ASSERT_EQ(list.status, 200);
  for (const auto& item : list.json().at("items").as_array())
    EXPECT_NE(item.at("id").as_int64(), d.at("id").as_int64());
  // Readers may read, only officers run draws.
  EXPECT_EQ(s().as("viewer", "GET", path(d)).status, 200);  // a district-wide reader
  EXPECT_EQ(s().as_json("viewer", "POST", kDraws, json::object{{"k", 1}, {"m", 1}}).status, 403);
  EXPECT_EQ(s().as_json("inspector", "POST", kDraws, json::object{{"k", 1}, {"m", 1}}).status, 403);
  EXPECT_EQ(witness(d, "x", "y", "inspector").status, 403);
  EXPECT_EQ(s().as("", "GET", kDraws).status, 401);
  EXPECT_EQ(s().as_json("", "POST", kDraws, json::object{{"k", 1}, {"m", 1}}).status, 401);
}

TEST_P(Draws, ThePublicRecordNeedsNoLoginAndNamesNoWitness) {
  auto d = create("district", json::object{{"k", 1}, {"m", 1}});
  ASSERT_EQ(witness(d, "张三（区纪委）", "公开文本").status, 200);
  auto pub = s().as("", "GET", "/public/inspections?page_size=500");
  ASSERT_EQ(pub.status, 200) << pub.body;
  bool found = false;
  for (const auto& item : pub.json().at("items").as_array()) {
    if (item.at("id").as_int64() != d.at("id").as_int64()) continue;
    found = true;
    EXPECT_TRUE(item.at("seed").is_null());  // open: only the commitment
    EXPECT_EQ(item.at("commitment"), d.at("commitment"));
    const auto& w = item.at("witnesses").as_array().at(0).as_object();
    EXPECT_EQ(w.at("entropy").as_string(), "公开文本");
    EXPECT_FALSE(w.contains("name"));
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(pub.body.find("张三"), std::string::npos);
  auto page = s().as("", "GET", "/public/inspections/verify");
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.headers["content-type"].find("text/html"), std::string::npos);
  EXPECT_NE(page.body.find("function sha256"), std::string::npos);
}

TEST_P(Draws, PlansSetTheTargetsAndCountTheirDraws) {
  const std::string plans = "/api/v1/inspections/plans";
  json::object body{
      {"year", 2026},
      {"name", "2026年度双随机抽查计划"},
      {"targets",
       json::array{
           json::object{{"label", "留下街道企业"},
                        {"pool", json::object{{"town_code", "330106009"}}},
                        {"ratio_percent", 10},
                        {"times_per_year", 2}},
           json::object{{"label", "全区企业"}, {"ratio_percent", 5}, {"times_per_year", 1}}}}};
  auto made = s().as_json("district", "POST", plans, body);
  ASSERT_EQ(made.status, 201) << made.body;
  int64_t plan_id = made.json().at("id").as_int64();
  auto in_town = s().as("district", "GET", "/api/v1/enterprises?town_code=330106009&page_size=1")
                     .json()
                     .at("total")
                     .as_int64();
  // A draw for target 0: its pool is the target's category, k follows from the 10 % share.
  auto d = create("district", json::object{{"plan_id", plan_id}, {"plan_target", 0}, {"m", 1}});
  ASSERT_FALSE(d.empty());
  EXPECT_EQ(static_cast<int64_t>(d.at("pool_enterprises").as_array().size()), in_town);
  EXPECT_EQ(d.at("k").as_int64(), (in_town * 10 + 99) / 100);
  EXPECT_EQ(d.at("plan_id").as_int64(), plan_id);
  ASSERT_EQ(witness(d, "监督人", "plan draw").status, 200);
  ASSERT_EQ(s().as("district", "POST", path(d, "/reveal")).status, 200);

  auto view = s().as("district", "GET", plans + "/" + std::to_string(plan_id));
  ASSERT_EQ(view.status, 200) << view.body;
  const auto& t0 = view.json().at("targets").as_array()[0].at("progress").as_object();
  EXPECT_EQ(t0.at("pool_size").as_int64(), in_town);
  EXPECT_EQ(t0.at("per_draw").as_int64(), d.at("k").as_int64());
  EXPECT_EQ(t0.at("planned_per_year").as_int64(), 2 * d.at("k").as_int64());
  EXPECT_EQ(t0.at("draws").as_int64(), 1);
  EXPECT_EQ(t0.at("revealed").as_int64(), 1);
  EXPECT_EQ(t0.at("enterprises_drawn").as_int64(), d.at("k").as_int64());
  const auto& t1 = view.json().at("targets").as_array()[1].at("progress").as_object();
  EXPECT_EQ(t1.at("draws").as_int64(), 0);
  EXPECT_EQ(t1.at("pool_size").as_int64(), s().count("enterprises"));

  // Bad references and a pool beside the target's are refused, and nothing is written.
  int64_t before = s().count("inspection_draws");
  struct Case {
    json::object body;
    const char* field;
  } cases[] = {
      {{{"plan_id", 999999}, {"plan_target", 0}, {"m", 1}}, "plan_id"},
      {{{"plan_id", plan_id}, {"plan_target", 2}, {"m", 1}}, "plan_target"},
      {{{"plan_id", plan_id}, {"m", 1}}, "plan_target"},
      {{{"plan_id", plan_id},
        {"plan_target", 0},
        {"m", 1},
        {"pool", json::object{{"town_code", "330106002"}}}},
       "pool"},
  };
  for (const auto& c : cases) {
    auto r = s().as_json("district", "POST", kDraws, c.body);
    EXPECT_EQ(r.status, 422) << json::serialize(c.body) << " " << r.body;
    EXPECT_EQ(r.error_field(), c.field);
  }
  EXPECT_EQ(s().count("inspection_draws"), before);
  auto bad = s().as_json(
      "district", "POST", plans,
      json::object{{"year", 2026},
                   {"name", "x"},
                   {"targets", json::array{json::object{{"label", "a"},
                                                        {"pool", json::object{{"bogus", "1"}}},
                                                        {"ratio_percent", 5},
                                                        {"times_per_year", 1}}}}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.error_field(), "targets[0].pool.bogus");

  // A town's plan is its own: another town neither sees it nor draws for it.
  auto town_plan = s().as_json("town_330106009", "POST", plans, body);
  ASSERT_EQ(town_plan.status, 201) << town_plan.body;
  std::string tp = plans + "/" + std::to_string(town_plan.json().at("id").as_int64());
  EXPECT_EQ(s().as("town_330106002", "GET", tp).status, 404);
  EXPECT_EQ(s().as("town_330106009", "GET", tp).status, 200);
  auto other = s().as_json(
      "town_330106002", "POST", kDraws,
      json::object{
          {"plan_id", town_plan.json().at("id").as_int64()}, {"plan_target", 0}, {"m", 1}});
  EXPECT_EQ(other.status, 422);
  EXPECT_EQ(other.error_field(), "plan_id");
  EXPECT_EQ(s().as_json("viewer", "POST", plans, body).status, 403);
  EXPECT_EQ(s().as("viewer", "GET", plans + "?year=2026").status, 200);
  EXPECT_EQ(s().as("district", "GET", plans + "?colour=red").status, 400);
}

INSTANTIATE_TEST_SUITE_P(Backends, Draws, ::testing::ValuesIn(backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lakeguard::testing
