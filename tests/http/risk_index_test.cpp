// The enterprise risk index through the real server, on SQLite and PostgreSQL (issue 8 item 3,
// docs/risk.md "Enterprise risk index"): a new enterprise starts at 0 (blue); a chemical that
// makes it a GB 18218 major hazard raises the index; reporting a 重大 hidden danger raises it
// again, recomputed by the event without anyone asking; the history grows only when the index or
// its colour changes; scope is the registry's (another town's officer and another enterprise's user
// get 404). Expectations come from the issue and docs/risk.md, not from src/risk/.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <functional>
#include <optional>
#include <thread>

#include "fixture.h"

namespace lakeguard::testing {
namespace {

namespace json = boost::json;
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;

// A blocking WebSocket client of /api/v1/live with time-outs (as in live_test.cpp).
class LiveClient {
 public:
  LiveClient(uint16_t port, const std::string& token) : ws_(ioc_) {
    beast::get_lowest_layer(ws_).connect(
        asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));
    ws_.set_option(websocket::stream_base::decorator(
        [token](websocket::request_type& r) { r.set("Authorization", "Bearer " + token); }));
    websocket::response_type res;
    beast::error_code ec;
    ws_.handshake(res, "127.0.0.1:" + std::to_string(port), "/api/v1/live", ec);
    status_ = static_cast<int>(res.result_int());
    beast::get_lowest_layer(ws_).expires_never();
  }
  int status() const { return status_; }
  std::optional<json::object> next(int ms) {
    beast::flat_buffer buf;
    std::optional<json::object> out;
    bool done = false;
    ws_.async_read(buf, [&](beast::error_code ec, size_t) {
      done = true;
      if (!ec) out = json::parse(beast::buffers_to_string(buf.data())).as_object();
    });
    ioc_.restart();
    ioc_.run_for(std::chrono::milliseconds(ms));
    if (!done) {
      beast::get_lowest_layer(ws_).cancel();
      ioc_.restart();
      ioc_.run_for(std::chrono::milliseconds(1000));
      dead_ = true;
    }
    return out;
  }
  void subscribe(const json::array& topics) {
    ws_.text(true);
    ws_.write(asio::buffer(json::serialize(json::object{{"subscribe", topics}})));
    for (;;) {
      auto m = next(5000);
      ASSERT_TRUE(m) << "no acknowledgement";
      if (m->contains("error")) FAIL() << json::serialize(*m);
      if (m->at("type").as_string() == "subscribed") return;
    }
  }
  // The first event (heartbeats and system messages skipped) that `want` accepts, or nullopt
  // after `ms` without one; the events passed over are kept in `skipped`.
  std::optional<json::object> until(const std::function<bool(const json::object&)>& want,
                                    int ms = 5000) {
    while (!dead_) {
      auto m = next(ms);
      if (!m) return m;
      auto topic = m->if_contains("topic");
      if (!topic || topic->as_string() == "heartbeat" || topic->as_string() == "system") continue;
      if (want(*m)) return m;
      skipped.push_back(*m);
    }
    return std::nullopt;
  }
  std::vector<json::object> skipped;

 private:
  asio::io_context ioc_;
  websocket::stream<beast::tcp_stream> ws_;
  int status_ = 0;
  bool dead_ = false;
};

class RiskIndex : public ::testing::TestWithParam<std::string> {
 protected:
  TestServer& s() { return server(GetParam()); }

  void SetUp() override {
    auto c = s().app().db().acquire();
    auto e = c->query("SELECT enterprise_id, username FROM users WHERE role = 'enterprise_user'")
                 .rows.at(0);
    own_enterprise_ = e.i64(0);
    enterprise_user_ = e.str(1);
    town_ = c->query("SELECT town_code FROM enterprises WHERE id = ?", {own_enterprise_})
                .rows.at(0)
                .str(0);
    town_user_ = "town_" + town_;
    other_town_ = town_ == "330106009" ? "330106002" : "330106009";
    other_town_user_ = "town_" + other_town_;
  }

  // A new enterprise in town_ (no chemicals, no hidden dangers).
  int64_t new_enterprise() {
    static std::atomic<int> n{8100};
    const int k = ++n;
    auto r = s().as_json("district", "POST", "/api/v1/enterprises",
                         json::object{{"name", "风险测试企业" + std::to_string(k)},
                                      {"credit_code", credit_code_for(k)},
                                      {"scale", "规上"},
                                      {"town_code", town_},
                                      {"lon", 120.10},
                                      {"lat", 30.25}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().at("id").as_int64() : -1;
  }
  std::string risk_path(int64_t id) {
    return "/api/v1/enterprises/" + std::to_string(id) + "/risk";
  }
  json::object risk(const std::string& user, int64_t id) {
    auto r = s().as(user, "GET", risk_path(id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json().as_object() : json::object{};
  }
  int64_t history_total(int64_t id) {
    auto r = s().as("district", "GET", risk_path(id) + "/history");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json().at("total").as_int64() : -1;
  }
  static const json::object& factor(const json::object& risk, const std::string& name) {
    for (const auto& f : risk.at("factors").as_array())
      if (f.at("factor").as_string() == name) return f.as_object();
    static const json::object none;
    ADD_FAILURE() << "no factor " << name;
    return none;
  }
  static double sum_of_points(const json::object& risk) {
    double sum = 0;
    for (const auto& f : risk.at("factors").as_array()) sum += f.at("points").to_number<double>();
    return sum;
  }
  // The stored index, read straight from the store (not through GET, which would recompute).
  double stored_index(int64_t id) {
    auto c = s().app().db().acquire();
    auto rows = c->query("SELECT risk_index FROM enterprise_risk WHERE enterprise_id = ?", {id});
    return rows.empty() ? -1 : rows.rows[0].f64(0);
  }

  std::string points_path(int64_t enterprise) {
    return "/api/v1/enterprises/" + std::to_string(enterprise) + "/risk-points";
  }
  std::string point_path(int64_t id) { return "/api/v1/risk-points/" + std::to_string(id); }
  static json::object lec(double l, double e, double c) {
    return json::object{{"name", "液氯储罐区装卸作业"},
                        {"location", "1号罐区"},
                        {"method", "LEC"},
                        {"L", l},
                        {"E", e},
                        {"C", c},
                        {"assessed_by", "张工"},
                        {"assessed_at", "2026-11-20"}};
  }
  // Risk-point rows and their audit rows.
  int64_t written() {
    auto c = s().app().db().acquire();
    return s().count("risk_points") +
           c->query("SELECT COUNT(*) FROM audit_log WHERE entity = 'risk_points'")
               .rows.at(0)
               .i64(0);
  }
  int64_t audits(const std::string& action, int64_t id) {
    auto c = s().app().db().acquire();
    return c
        ->query(
            "SELECT COUNT(*) FROM audit_log WHERE entity = 'risk_points' AND action = ? AND "
            "entity_id = ?",
            {action, std::to_string(id)})
        .rows.at(0)
        .i64(0);
  }

  int64_t own_enterprise_ = 0;
  std::string enterprise_user_, town_, town_user_, other_town_, other_town_user_;
};

TEST_P(RiskIndex, ANewEnterpriseIsBlueAndEveryFactorExplainsItself) {
  int64_t id = new_enterprise();
  auto r = risk("district", id);
  EXPECT_EQ(r.at("enterprise_id").as_int64(), id);
  EXPECT_EQ(r.at("index").to_number<double>(), 0);
  EXPECT_EQ(r.at("colour").as_string(), "blue");
  EXPECT_EQ(r.at("level").as_string(), "低风险");
  EXPECT_FALSE(r.at("major_hazard").at("is_major_hazard").as_bool());
  EXPECT_TRUE(r.at("computed_at").is_string());
  // Every factor of docs/risk.md is answered; those without a capability are zero and say so.
  for (const char* f :
       {"major_hazard", "worst_risk_point", "open_hazards", "overdue_hazards", "open_major_hazards",
        "active_alarms", "recent_penalties", "accidents_3y", "expired_licences"})
    EXPECT_EQ(factor(r, f).at("points").to_number<double>(), 0) << f;
  EXPECT_EQ(factor(r, "accidents_3y").at("note").as_string(), "not yet recorded");
  EXPECT_EQ(history_total(id), 1) << "the first computation starts the series";
}

TEST_P(RiskIndex, AMajorHazardInventoryRaisesTheIndexAndHistoryGrowsOnlyOnChange) {
  int64_t id = new_enterprise();
  ASSERT_EQ(risk("district", id).at("index").to_number<double>(), 0);
  const std::string chemicals = "/api/v1/enterprises/" + std::to_string(id) + "/chemicals";
  // 0.5 t of chlorine (Q = 5 t): S = 0.1, not a major hazard — the index stays.
  auto small = s().as_json("district", "POST", chemicals,
                           json::object{{"name", "氯"},
                                        {"hazard_class", "J2"},
                                        {"max_quantity_t", 0.5},
                                        {"storage_unit", "1号罐区"}});
  ASSERT_EQ(small.status, 201) << small.body;
  auto r1 = risk("district", id);
  EXPECT_EQ(r1.at("index").to_number<double>(), 0);
  EXPECT_NEAR(r1.at("major_hazard").at("S").to_number<double>(), 0.1, 1e-9);
  EXPECT_EQ(history_total(id), 1) << "unchanged index and colour add no history";
  // 50 t more in the same unit: S = 10.1 ≥ 1, a graded major hazard installation.
  auto big = s().as_json("district", "POST", chemicals,
                         json::object{{"name", "液氯"},
                                      {"hazard_class", "J2"},
                                      {"max_quantity_t", 50},
                                      {"storage_unit", "1号罐区"}});
  ASSERT_EQ(big.status, 201) << big.body;
  auto r2 = risk("district", id);
  EXPECT_TRUE(r2.at("major_hazard").at("is_major_hazard").as_bool()) << json::serialize(r2);
  EXPECT_TRUE(r2.at("major_hazard").at("grade").is_int64());
  EXPECT_GT(r2.at("index").to_number<double>(), 0);
  EXPECT_GT(factor(r2, "major_hazard").at("points").to_number<double>(), 0);
  EXPECT_NEAR(sum_of_points(r2), r2.at("index").to_number<double>(), 1e-9);
  EXPECT_EQ(history_total(id), 2);
  EXPECT_EQ(history_total(id), 2) << "reading again adds nothing";
  auto h = s().as("district", "GET", risk_path(id) + "/history").json();
  EXPECT_EQ(h.at("items").as_array().at(0).at("index"), r2.at("index")) << "newest first";
}

TEST_P(RiskIndex, AMajorHiddenDangerRaisesTheIndexWithoutAnyoneAsking) {
  int64_t id = new_enterprise();
  auto before = risk("district", id);
  auto made = s().as_json(town_user_, "POST", "/api/v1/hazards",
                          json::object{{"enterprise_id", id},
                                       {"description", "储罐区可燃气体报警器失效 " + GetParam()},
                                       {"class", "重大"},
                                       {"source", "inspection"}});
  ASSERT_EQ(made.status, 201) << made.body;
  // Event-driven: the worker recomputes the snapshot on the hazards event, no read needed.
  double stored = stored_index(id);
  for (int i = 0; i < 100 && stored == before.at("index").to_number<double>(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    stored = stored_index(id);
  }
  EXPECT_GT(stored, before.at("index").to_number<double>());
  auto after = risk("district", id);
  EXPECT_EQ(after.at("index").to_number<double>(), stored);
  EXPECT_EQ(factor(after, "open_hazards").at("value").as_int64(), 1);
  EXPECT_EQ(factor(after, "open_major_hazards").at("value").as_int64(), 1);
  EXPECT_GT(factor(after, "open_major_hazards").at("points").to_number<double>(), 0);
  EXPECT_EQ(history_total(id), 2);
}

TEST_P(RiskIndex, ScopeIsTheRegistrysAndOutOfScopeIs404) {
  int64_t id = new_enterprise();
  EXPECT_EQ(s().as(town_user_, "GET", risk_path(id)).status, 200);
  EXPECT_EQ(s().as(other_town_user_, "GET", risk_path(id)).status, 404);
  EXPECT_EQ(s().as(other_town_user_, "GET", risk_path(id) + "/history").status, 404);
  EXPECT_EQ(s().as(enterprise_user_, "GET", risk_path(id)).status, 404);
  EXPECT_EQ(s().as(enterprise_user_, "GET", risk_path(own_enterprise_)).status, 200);
  EXPECT_EQ(s().as("", "GET", risk_path(id)).status, 401);
  EXPECT_EQ(s().as("district", "GET", risk_path(99999999)).status, 404);
}

TEST_P(RiskIndex, BadQueryParametersAre400NamingThem) {
  int64_t id = new_enterprise();
  auto r = s().as("district", "GET", risk_path(id) + "/history?page=0");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.error_field(), "page");
  auto u = s().as("district", "GET", risk_path(id) + "/history?colour=red");
  EXPECT_EQ(u.status, 400);
  EXPECT_EQ(u.error_field(), "colour");
  EXPECT_EQ(s().as("district", "GET", risk_path(id) + "?x=1").status, 400);
}

TEST_P(RiskIndex, RiskPointsAreAssessedAuditedAndDriveTheWorstPointFactor) {
  int64_t id = new_enterprise();
  ASSERT_EQ(risk("district", id).at("index").to_number<double>(), 0);
  // LEC 6 × 6 × 7 = 252: 高度危险, red with the default bands.
  auto made = s().as_json(town_user_, "POST", points_path(id), lec(6, 6, 7));
  ASSERT_EQ(made.status, 201) << made.body;
  const auto& pt = made.json().as_object();
  int64_t pid = pt.at("id").as_int64();
  EXPECT_EQ(made.headers.at("location"), point_path(pid));
  EXPECT_EQ(pt.at("score").to_number<double>(), 252);
  EXPECT_EQ(pt.at("colour").as_string(), "red");
  EXPECT_EQ(pt.at("level").as_string(), "重大风险");
  EXPECT_EQ(pt.at("assessed_by").as_string(), "张工");
  EXPECT_EQ(pt.at("version").as_int64(), 1);
  EXPECT_EQ(audits("create", pid), 1);
  auto r = risk("district", id);
  EXPECT_EQ(factor(r, "worst_risk_point").at("value").as_string(), "red");
  EXPECT_EQ(factor(r, "worst_risk_point").at("points").to_number<double>(), 25);
  EXPECT_EQ(r.at("index").to_number<double>(), 25);
  auto list = s().as(town_user_, "GET", points_path(id));
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(list.json().at("total").as_int64(), 1);

  // Reassessed with LS 2 × 2 = 4: blue; the index falls back.
  auto ls = s().as(town_user_, "PATCH", point_path(pid), R"({"method":"LS","L":2,"S":2})",
                   {{"If-Match", "\"1\""}});
  ASSERT_EQ(ls.status, 200) << ls.body;
  EXPECT_EQ(ls.json().at("score").to_number<double>(), 4);
  EXPECT_EQ(ls.json().at("colour").as_string(), "blue");
  EXPECT_EQ(ls.json().at("version").as_int64(), 2);
  EXPECT_FALSE(ls.json().as_object().contains("E"));
  EXPECT_EQ(audits("update", pid), 1);
  EXPECT_EQ(risk("district", id).at("index").to_number<double>(), 0);
  // Nothing changed: nothing written.
  auto same = s().as(town_user_, "PATCH", point_path(pid), "{}");
  EXPECT_EQ(same.status, 200);
  EXPECT_EQ(same.json().at("version").as_int64(), 2);
  EXPECT_EQ(audits("update", pid), 1);
  // A stale version is refused.
  auto stale =
      s().as(town_user_, "PATCH", point_path(pid), R"({"name":"新名称"})", {{"If-Match", "\"1\""}});
  EXPECT_EQ(stale.status, 409) << stale.body;

  // Another town's officer and another enterprise's user cannot see it.
  EXPECT_EQ(s().as(other_town_user_, "GET", point_path(pid)).status, 404);
  EXPECT_EQ(s().as(other_town_user_, "PATCH", point_path(pid), R"({"name":"x"})").status, 404);
  EXPECT_EQ(s().as(other_town_user_, "DELETE", point_path(pid)).status, 404);
  EXPECT_EQ(s().as(other_town_user_, "GET", points_path(id)).status, 404);
  EXPECT_EQ(s().as(enterprise_user_, "GET", point_path(pid)).status, 404);
  EXPECT_EQ(s().as_json(other_town_user_, "POST", points_path(id), lec(1, 1, 1)).status, 404);

  auto del = s().as(town_user_, "DELETE", point_path(pid));
  EXPECT_EQ(del.status, 204) << del.body;
  EXPECT_EQ(s().as(town_user_, "GET", point_path(pid)).status, 404);
  EXPECT_EQ(audits("delete", pid), 1);
}

TEST_P(RiskIndex, AnEnterpriseUserAssessesItsOwnRiskPointsOnly) {
  auto own = s().as_json(enterprise_user_, "POST", points_path(own_enterprise_), lec(3, 6, 7));
  ASSERT_EQ(own.status, 201) << own.body;
  EXPECT_EQ(own.json().at("colour").as_string(), "orange");  // D = 126
  int64_t other = new_enterprise();
  EXPECT_EQ(s().as_json(enterprise_user_, "POST", points_path(other), lec(3, 6, 7)).status, 404);
}

TEST_P(RiskIndex, BadRiskPointsAre422NamingTheFieldWithNothingWritten) {
  int64_t id = new_enterprise();
  const int64_t before = written();
  auto expect_422 = [&](json::object body, const std::string& field) {
    auto r = s().as_json(town_user_, "POST", points_path(id), body);
    EXPECT_EQ(r.status, 422) << json::serialize(body) << ": " << r.body;
    EXPECT_EQ(r.error_field(), field) << r.body;
  };
  expect_422(lec(4, 6, 7), "L");  // 4 is not an LEC L value
  expect_422(lec(6, 5, 7), "E");
  expect_422(lec(6, 6, 8), "C");
  auto no_date = lec(6, 6, 7);
  no_date.erase("assessed_at");
  expect_422(no_date, "assessed_at");
  auto bad_date = lec(6, 6, 7);
  bad_date["assessed_at"] = "2026-02-30";
  expect_422(bad_date, "assessed_at");
  auto no_name = lec(6, 6, 7);
  no_name["name"] = "  ";
  expect_422(no_name, "name");
  auto method = lec(6, 6, 7);
  method["method"] = "FMEA";
  expect_422(method, "method");
  auto unknown = lec(6, 6, 7);
  unknown["D"] = 252;
  expect_422(unknown, "D");
  expect_422(json::object{{"name", "叉车作业"},
                          {"method", "LS"},
                          {"L", 3},
                          {"S", 6},
                          {"assessed_by", "李工"},
                          {"assessed_at", "2026-11-20"}},
             "S");
  expect_422(json::object{{"name", "叉车作业"},
                          {"method", "LS"},
                          {"L", 2.5},
                          {"S", 2},
                          {"assessed_by", "李工"},
                          {"assessed_at", "2026-11-20"}},
             "L");
  EXPECT_EQ(written(), before) << "nothing written";
  // A PATCH with a bad factor changes nothing either.
  auto made = s().as_json(town_user_, "POST", points_path(id), lec(1, 1, 1));
  ASSERT_EQ(made.status, 201) << made.body;
  int64_t pid = made.json().at("id").as_int64();
  const int64_t after_create = written();
  auto bad = s().as(town_user_, "PATCH", point_path(pid), R"({"C":2})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.error_field(), "C");
  EXPECT_EQ(written(), after_create);
  EXPECT_EQ(s().as(town_user_, "GET", point_path(pid)).json().at("version").as_int64(), 1);
}

TEST_P(RiskIndex, TheFourColourListShowsOnlyTheScopeHighestFirst) {
  int64_t id = new_enterprise();
  ASSERT_EQ(s().as_json(town_user_, "POST", points_path(id), lec(6, 6, 7)).status, 201);
  auto all = s().as(town_user_, "GET", "/api/v1/risk/enterprises?page_size=500");
  ASSERT_EQ(all.status, 200) << all.body;
  bool found = false;
  double last = 101;
  for (const auto& it : all.json().at("items").as_array()) {
    EXPECT_EQ(it.at("town_code").as_string(), town_) << "only the town's enterprises";
    EXPECT_LE(it.at("index").to_number<double>(), last) << "highest index first";
    last = it.at("index").to_number<double>();
    if (it.at("enterprise_id").as_int64() != id) continue;
    found = true;
    // The map layer's name and point, read through the registry's service.
    auto ent = s().as(town_user_, "GET", "/api/v1/enterprises/" + std::to_string(id)).json();
    EXPECT_EQ(it.at("name"), ent.at("name"));
    EXPECT_EQ(it.at("lon"), ent.at("lon"));
    EXPECT_EQ(it.at("lat"), ent.at("lat"));
    ASSERT_TRUE(it.at("name").is_string() && it.at("lon").is_number());
    EXPECT_DOUBLE_EQ(it.at("lon").to_number<double>(), 120.10);
  }
  EXPECT_TRUE(found) << "the new enterprise is listed, recomputed on its risk point's event";
  auto yellow = s().as(town_user_, "GET", "/api/v1/risk/enterprises?colour=yellow&page_size=500");
  ASSERT_EQ(yellow.status, 200);
  bool yellow_found = false;
  for (const auto& it : yellow.json().at("items").as_array()) {
    EXPECT_EQ(it.at("colour").as_string(), "yellow");
    yellow_found = yellow_found || it.at("enterprise_id").as_int64() == id;
  }
  EXPECT_TRUE(yellow_found) << "a red risk point alone gives 25: yellow";
  EXPECT_EQ(s().as(other_town_user_, "GET", "/api/v1/risk/enterprises?town=" + town_)
                .json()
                .at("total")
                .as_int64(),
            0);
  auto own = s().as(enterprise_user_, "GET", "/api/v1/risk/enterprises");
  ASSERT_EQ(own.status, 200);
  for (const auto& it : own.json().at("items").as_array())
    EXPECT_EQ(it.at("enterprise_id").as_int64(), own_enterprise_);
  auto bad = s().as(town_user_, "GET", "/api/v1/risk/enterprises?colour=green");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.error_field(), "colour");
}

TEST_P(RiskIndex, ADeletedEnterpriseLeavesTheFourColourList) {
  int64_t id = new_enterprise();
  ASSERT_EQ(risk("district", id).at("colour").as_string(), "blue");
  auto listed = [&] {
    auto r = s().as("district", "GET", "/api/v1/risk/enterprises?colour=blue&page_size=500");
    EXPECT_EQ(r.status, 200) << r.body;
    for (const auto& it : r.json().at("items").as_array())
      if (it.at("enterprise_id").as_int64() == id) return true;
    return false;
  };
  ASSERT_TRUE(listed());
  auto del = s().as("district", "DELETE", "/api/v1/enterprises/" + std::to_string(id));
  ASSERT_EQ(del.status, 204) << del.body;
  EXPECT_FALSE(listed());
  EXPECT_EQ(s().as("district", "GET", risk_path(id)).status, 404);
}

TEST_P(RiskIndex, LiveRiskEventsReachTheEnterprisesTownAndNotAnother) {
  LiveClient town(s().port(), s().token(town_user_));
  LiveClient other(s().port(), s().token(other_town_user_));
  for (auto* l : {&town, &other}) {
    ASSERT_EQ(l->status(), 101);
    l->subscribe(json::array{"risk", "risk_points"});
  }
  int64_t id = new_enterprise();
  auto made = s().as_json(town_user_, "POST", points_path(id), lec(6, 6, 7));
  ASSERT_EQ(made.status, 201) << made.body;
  int64_t pid = made.json().at("id").as_int64();
  auto point = town.until([&](const json::object& m) {
    return m.at("topic").as_string() == "risk_points" && m.at("data").at("id").as_int64() == pid;
  });
  ASSERT_TRUE(point);
  EXPECT_EQ(point->at("type").as_string(), "created");
  EXPECT_EQ(point->at("data").at("colour").as_string(), "red");
  // The recompute on that event publishes the enterprise's new index.
  auto risen = town.until([&](const json::object& m) {
    return m.at("topic").as_string() == "risk" &&
           m.at("data").at("enterprise_id").as_int64() == id &&
           m.at("data").at("index").to_number<double>() == 25;
  });
  ASSERT_TRUE(risen);
  // The other town heard of none of it: its first risk point event is its own.
  auto c = s().app().db().acquire();
  int64_t theirs = c->query("SELECT MIN(id) FROM enterprises WHERE town_code = ?", {other_town_})
                       .rows.at(0)
                       .i64(0);
  auto own = s().as_json(other_town_user_, "POST", points_path(theirs), lec(1, 1, 1));
  ASSERT_EQ(own.status, 201) << own.body;
  int64_t own_pid = own.json().at("id").as_int64();
  auto first = other.until(
      [&](const json::object& m) { return m.at("topic").as_string() == "risk_points"; });
  ASSERT_TRUE(first);
  EXPECT_EQ(first->at("data").at("id").as_int64(), own_pid);
  for (const auto& m : other.skipped) {
    const auto* e = m.at("data").as_object().if_contains("enterprise_id");
    EXPECT_FALSE(e && e->is_int64() && e->as_int64() == id) << json::serialize(m);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, RiskIndex, ::testing::ValuesIn(backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lakeguard::testing
