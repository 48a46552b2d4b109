// Incident response (src/incidents/service.h) against the real store, on SQLite (a file) and
// PostgreSQL (a fresh database in LAKEGUARD_TEST_PG_URL), with the real alarms, registry and
// hazards services: an incident opened from a verified alarm converts it in the same
// transaction (nothing written when the conversion is refused, one incident per alarm); resource
// requests against the registry's teams and stock with their states, timeline and audit; the
// post-event review once, on a closed incident, its enterprise findings becoming hidden dangers.

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <mutex>
#include <sstream>

#include "alarms/service.h"
#include "backend_fixture.h"
#include "core/clock.h"
#include "db/database.h"
#include "hazards/service.h"
#include "incidents/service.h"
#include "incidents/store.h"
#include "plans/service.h"
#include "platform/changes.h"
#include "registry/demo_data.h"
#include "registry/service.h"

namespace lakeguard::incidents {
namespace {

namespace json = boost::json;

class MemoryAudit final : public platform::AuditSink {
 public:
  void record(db::Connection&, const platform::AuditRecord& r, int64_t) override {
    std::lock_guard lk(mu_);
    ++by_[r.entity + "/" + r.action];
  }
  int64_t count(const std::string& entity_action) {
    std::lock_guard lk(mu_);
    return by_[entity_action];
  }

 private:
  std::mutex mu_;
  std::map<std::string, int64_t> by_;
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const Principal kDistrict{.user_id = 1,
                          .username = "district",
                          .role = Role::kDistrictOfficer,
                          .scope_type = ScopeType::kDistrict,
                          .scope_code = "330106"};
const Principal kTown{.user_id = 2,
                      .username = "town_330106009",
                      .role = Role::kTownOfficer,
                      .scope_type = ScopeType::kTown,
                      .scope_code = "330106009"};
const Principal kOtherTown{.user_id = 3,
                           .username = "town_330106002",
                           .role = Role::kTownOfficer,
                           .scope_type = ScopeType::kTown,
                           .scope_code = "330106002"};
platform::Actor actor(const Principal& p) { return platform::Actor::of(p, "test"); }

struct Services {
  Services(db::Database& db, const Clock& clock, platform::AuditSink& audit)
      : registry(db, clock, audit, nullptr),
        plans(db, clock, audit, nullptr, registry),
        alarms(db, clock, audit, nullptr, nullptr),
        hazards(db, clock, audit, nullptr, registry),
        svc(db, clock, audit, nullptr, plans, notifier, alarms, registry, hazards) {}
  registry::RegistryService registry;
  plans::PlansService plans;
  alarms::AlarmsService alarms;
  hazards::HazardsService hazards;
  LogNotifier notifier;
  IncidentsService svc;
};

class IncidentResponseTest : public store_testing::BackendTest {
 protected:
  IncidentResponseTest() : BackendTest("incresp") {}

  void SetUp() override {
    BackendTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    s_ = std::make_unique<Services>(*db_, clock_, audit_);
    // The West Lake divisions, then a few registry records of two towns.
    std::string dir = std::string(LAKEGUARD_DATA_DIR) + "/admin/";
    registry::AdminSources src{read_file(dir + "xihu_330106_outline_vonng_adcode.json"),
                               read_file(dir + "xihu_330106_codes_centres_vonng_adcode.csv"),
                               read_file(dir + "china-division-2.7.0_streets_330106.csv"),
                               read_file(dir + "china-division-2.7.0_villages_330106.csv")};
    auto d = registry::generate_demo_data(src);
    auto who = platform::Actor::system("test", "seed");
    auto kind = [](std::string_view n) -> const registry::KindSpec& {
      return *registry::find_kind(n);
    };
    ASSERT_TRUE(
        s_->registry.load(kind("jurisdictions"), d.jurisdictions, std::nullopt, false, who));
    s_->registry.refresh_index();
    auto first_of = [](std::vector<json::object>& v, const std::string& town) {
      for (auto& o : v)
        if (o.at("town_code").as_string() == town) return o;
      ADD_FAILURE() << "no record in " << town;
      return json::object{};
    };
    for (const std::string town : {"330106009", "330106002"}) {
      auto team = first_of(d.teams, town);
      auto ids = s_->registry.load(kind("teams"), std::vector<json::object>{team}, std::nullopt,
                                   true, who);
      ASSERT_TRUE(ids) << ids.error().message;
      team_[town] = ids->at(0);
      auto ent = first_of(d.enterprises, town);
      ent.erase("chemicals");
      ids = s_->registry.load(kind("enterprises"), std::vector<json::object>{ent}, std::nullopt,
                              true, who);
      ASSERT_TRUE(ids) << ids.error().message;
      enterprise_[town] = ids->at(0);
    }
    auto wh = first_of(d.warehouses, "330106009");
    wh.erase("stock");
    auto ids = s_->registry.load(kind("warehouses"), std::vector<json::object>{wh}, std::nullopt,
                                 true, who);
    ASSERT_TRUE(ids) << ids.error().message;
    warehouse_ = ids->at(0);
    json::object item{
        {"category", "防汛物资"}, {"name", "编织袋"}, {"quantity", 500}, {"unit", "只"}};
    ids = s_->registry.load(kind("stock"), std::vector<json::object>{item}, warehouse_, true, who);
    ASSERT_TRUE(ids) << ids.error().message;
    stock_ = ids->at(0);
  }

  void TearDown() override {
    s_.reset();  // before the database
    BackendTest::TearDown();
  }

  // An open incident of town 330106009.
  int64_t open_incident() {
    auto r = s_->svc.open(kTown,
                          json::object{{"title", "留下街道内涝"},
                                       {"type", "防汛防台"},
                                       {"town_code", "330106009"},
                                       {"response_level", 3}},
                          actor(kTown));
    EXPECT_TRUE(r) << r.error().message;
    return r ? r->at("id").as_int64() : 0;
  }
  int64_t incidents_written() {
    auto c = db_->acquire();
    return store::count_incidents(*c, store::Where{});
  }
  std::vector<TimelineEvent> timeline(int64_t id) {
    auto c = db_->acquire();
    return store::events_of(*c, id);
  }
  // A raised rainstorm alarm in 330106009 (50 mm at once: orange).
  int64_t raise_alarm() {
    s_->alarms.start();
    Reading r;
    r.device_id = 424242;
    r.device_code = "RG-424242";
    r.device_kind = "rain_gauge";
    r.where = Placement{"330106009", "", std::nullopt};
    r.metric = "rain_mm";
    r.ts_ms = clock_.now_ms();
    r.value = 50.0;
    s_->alarms.on_readings(std::vector<Reading>{r});
    auto page = s_->alarms.list(kDistrict, {});
    EXPECT_TRUE(page && page->items.size() == 1u);
    return page && !page->items.empty() ? page->items[0].at("id").as_int64() : 0;
  }
  void alarm_act(int64_t id, const std::string& action) {
    auto r = s_->alarms.act(kDistrict, id, json::object{{"action", action}}, std::nullopt,
                            actor(kDistrict));
    ASSERT_TRUE(r) << action << ": " << r.error().message;
  }

  FakeClock clock_{1'796'000'400'000};
  MemoryAudit audit_;
  std::unique_ptr<Services> s_;
  std::map<std::string, int64_t> team_, enterprise_;
  int64_t warehouse_ = 0, stock_ = 0;
};

TEST_P(IncidentResponseTest, AnIncidentFromAVerifiedAlarmConvertsItInTheSameTransaction) {
  int64_t alarm = raise_alarm();
  ASSERT_GT(alarm, 0);
  json::object body{{"alarm_id", alarm}};
  // Not verified yet: 409 naming the state, and nothing written.
  auto early = s_->svc.open(kTown, body, actor(kTown));
  ASSERT_FALSE(early);
  EXPECT_EQ(early.error().code, ErrorCode::kConflict);
  EXPECT_EQ(early.error().field, "alarm_id");
  EXPECT_NE(early.error().message.find("open"), std::string::npos) << early.error().message;
  EXPECT_EQ(incidents_written(), 0);
  // Another town's officer does not see the alarm: 422 alarm_id.
  auto theirs = s_->svc.open(kOtherTown, body, actor(kOtherTown));
  ASSERT_FALSE(theirs);
  EXPECT_EQ(theirs.error().code, ErrorCode::kValidationFailed);
  EXPECT_EQ(theirs.error().field, "alarm_id");
  alarm_act(alarm, "claim");
  alarm_act(alarm, "verify");
  // The place is the alarm's: refused when sent.
  auto placed = s_->svc.open(kTown, json::object{{"alarm_id", alarm}, {"town_code", "330106009"}},
                             actor(kTown));
  ASSERT_FALSE(placed);
  EXPECT_EQ(placed.error().field, "town_code");
  auto made = s_->svc.open(kTown, body, actor(kTown));
  ASSERT_TRUE(made) << made.error().message;
  int64_t id = made->at("id").as_int64();
  EXPECT_EQ(made->at("alarm_id").as_int64(), alarm);
  EXPECT_EQ(made->at("town_code").as_string(), "330106009");
  EXPECT_EQ(made->at("type").as_string(), "防汛防台");
  EXPECT_EQ(made->at("response_level").as_int64(), 2);  // orange
  EXPECT_EQ(made->at("title").as_string(), "橙色告警：RG-424242 rain_mm（rainstorm）");
  auto a = s_->alarms.find(kDistrict, alarm);
  ASSERT_TRUE(a);
  EXPECT_EQ(a->status, alarms::State::kConverted);
  EXPECT_EQ(a->incident_ref, std::to_string(id));
  auto events = timeline(id);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, "created");
  EXPECT_NE(events[0].text.find("来自告警 #" + std::to_string(alarm)), std::string::npos)
      << events[0].text;
  EXPECT_EQ(audit_.count("alarms/convert"), 1);
  EXPECT_EQ(audit_.count("incidents/create"), 1);
  // A second incident for the alarm: 409, nothing written.
  auto again = s_->svc.open(kDistrict, body, actor(kDistrict));
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(again.error().field, "alarm_id");
  EXPECT_EQ(incidents_written(), 1);
  EXPECT_EQ(audit_.count("alarms/convert"), 1);
  // The alarms' own convert action is refused: conversion is this path only.
  auto direct = s_->alarms.act(kDistrict, alarm, json::object{{"action", "convert"}}, std::nullopt,
                               actor(kDistrict));
  EXPECT_FALSE(direct);
}

TEST_P(IncidentResponseTest, ResourceRequestsAgainstTheRegistryWithTheirStates) {
  int64_t id = open_incident();
  ASSERT_GT(id, 0);
  auto request = [&](const Principal& p, json::object b) {
    return s_->svc.request_resource(p, id, b, actor(p));
  };
  // Another town's team is not visible to this town's officer: 422 team_id.
  auto hidden = request(kTown, {{"kind", "team"}, {"team_id", team_["330106002"]}});
  ASSERT_FALSE(hidden);
  EXPECT_EQ(hidden.error().field, "team_id");
  auto missing = request(kTown, {{"kind", "team"}, {"team_id", 987654321}});
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().field, "team_id");
  // Stock: not above what is on hand; the item must be the warehouse's.
  auto over = request(
      kTown,
      {{"kind", "stock"}, {"warehouse_id", warehouse_}, {"stock_id", stock_}, {"quantity", 501}});
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().field, "quantity");
  auto wrong = request(kTown, {{"kind", "stock"},
                               {"warehouse_id", warehouse_},
                               {"stock_id", stock_ + 1000},
                               {"quantity", 1}});
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().field, "stock_id");
  {
    auto c = db_->acquire();
    EXPECT_TRUE(store::requests_of(*c, id).empty()) << "nothing written by refused requests";
  }
  auto team = request(kTown, {{"kind", "team"}, {"team_id", team_["330106009"]}, {"note", "急"}});
  ASSERT_TRUE(team) << team.error().message;
  EXPECT_EQ(team->at("state").as_string(), "requested");
  EXPECT_FALSE(team->at("label").as_string().empty());
  auto sand = request(
      kTown,
      {{"kind", "stock"}, {"warehouse_id", warehouse_}, {"stock_id", stock_}, {"quantity", 500}});
  ASSERT_TRUE(sand) << sand.error().message;
  EXPECT_EQ(sand->at("label").as_string(), "编织袋");
  EXPECT_EQ(sand->at("unit").as_string(), "只");
  EXPECT_EQ(sand->at("quantity").as_double(), 500.0);
  int64_t tid = team->at("id").as_int64(), sid = sand->at("id").as_int64();
  auto step = [&](const Principal& p, int64_t rid, const std::string& action) {
    return s_->svc.act_on_request(p, rid, json::object{{"action", action}}, actor(p));
  };
  ASSERT_TRUE(step(kTown, tid, "dispatch"));
  auto arrived = step(kTown, tid, "arrive");
  ASSERT_TRUE(arrived);
  EXPECT_EQ(arrived->at("state").as_string(), "arrived");
  auto late = step(kTown, tid, "cancel");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code, ErrorCode::kConflict);
  EXPECT_NE(late.error().message.find("arrived"), std::string::npos);
  // Another town's officer cannot see the incident's request.
  auto foreign = step(kOtherTown, sid, "cancel");
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(step(kTown, sid, "cancel"));
  // Every change a timeline event `resource` and an audit row.
  int64_t resource = 0;
  for (const auto& e : timeline(id)) resource += e.kind == "resource";
  EXPECT_EQ(resource, 5);  // 2 requested, dispatched, arrived, cancelled
  EXPECT_EQ(audit_.count("incident_requests/create"), 2);
  EXPECT_EQ(audit_.count("incident_requests/dispatch"), 1);
  EXPECT_EQ(audit_.count("incident_requests/arrive"), 1);
  EXPECT_EQ(audit_.count("incident_requests/cancel"), 1);
  auto detail = s_->svc.get(kTown, id);
  ASSERT_TRUE(detail);
  EXPECT_EQ(detail->at("requests").as_array().size(), 2u);
  auto text = s_->svc.sitrep(kTown, id, false);
  ASSERT_TRUE(text);
  EXPECT_NE(text->find("资源调度"), std::string::npos);
  EXPECT_NE(text->find("编织袋"), std::string::npos);
  // The registry's stock is not reserved (documented).
  auto item = s_->registry.get(kDistrict, *registry::find_kind("stock"), stock_, warehouse_);
  ASSERT_TRUE(item);
  EXPECT_EQ(item->at("quantity").to_number<double>(), 500.0);
  // A closed incident takes no requests.
  ASSERT_TRUE(s_->svc.act(kTown, id, json::object{{"action", "close"}}, actor(kTown)));
  auto closed = request(kTown, {{"kind", "team"}, {"team_id", team_["330106009"]}});
  ASSERT_FALSE(closed);
  EXPECT_EQ(closed.error().code, ErrorCode::kConflict);
}

TEST_P(IncidentResponseTest, OneReviewOfAClosedIncidentTurnsFindingsIntoHiddenDangers) {
  int64_t id = open_incident();
  ASSERT_GT(id, 0);
  json::object body{
      {"summary", "响应及时，排水不足"},
      {"findings", json::array{json::object{{"text", "企业排水泵无备用电源"},
                                            {"enterprise_id", enterprise_["330106009"]},
                                            {"class", "重大"}},
                               json::object{{"text", "预警信息发布偏晚"}}}}};
  auto open_review = s_->svc.review(kTown, id, body, actor(kTown));
  ASSERT_FALSE(open_review);
  EXPECT_EQ(open_review.error().code, ErrorCode::kConflict);
  ASSERT_TRUE(s_->svc.act(kTown, id, json::object{{"action", "close"}}, actor(kTown)));
  // Another town's officer: the incident is invisible.
  auto foreign = s_->svc.review(kOtherTown, id, body, actor(kOtherTown));
  ASSERT_FALSE(foreign);
  EXPECT_EQ(foreign.error().code, ErrorCode::kNotFound);
  // An enterprise the caller cannot see: 422 naming the finding, nothing written.
  json::object hidden = body;
  hidden["findings"].as_array()[0].as_object()["enterprise_id"] = enterprise_["330106002"];
  auto bad = s_->svc.review(kTown, id, hidden, actor(kTown));
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().field, "findings[0].enterprise_id");
  {
    auto c = db_->acquire();
    EXPECT_FALSE(store::review_of(*c, id));
  }
  auto r = s_->svc.review(kTown, id, body, actor(kTown));
  ASSERT_TRUE(r) << r.error().message;
  const auto& f = r->at("findings").as_array();
  ASSERT_EQ(f.size(), 2u);
  ASSERT_TRUE(f[0].at("hazard_id").is_int64()) << json::serialize(f[0]);
  EXPECT_TRUE(f[1].at("hazard_id").is_null());
  auto h = s_->hazards.get(kTown, f[0].at("hazard_id").as_int64());
  ASSERT_TRUE(h) << h.error().message;
  EXPECT_EQ(h->at("source").as_string(), "inspection");
  EXPECT_EQ(h->at("class").as_string(), "重大");
  EXPECT_EQ(h->at("enterprise_id").as_int64(), enterprise_["330106009"]);
  // Once.
  auto twice = s_->svc.review(kDistrict, id, body, actor(kDistrict));
  ASSERT_FALSE(twice);
  EXPECT_EQ(twice.error().code, ErrorCode::kConflict);
  EXPECT_EQ(audit_.count("incident_reviews/create"), 1);
  EXPECT_EQ(audit_.count("incident_review_findings/update"), 1);
  EXPECT_EQ(audit_.count("hazards/create"), 1);
  int64_t reviews = 0;
  for (const auto& e : timeline(id)) reviews += e.kind == "review";
  EXPECT_EQ(reviews, 1);
  auto detail = s_->svc.get(kTown, id);
  ASSERT_TRUE(detail);
  EXPECT_EQ(detail->at("review").at("findings").as_array()[0].at("hazard_id"),
            f[0].at("hazard_id"));
  auto html = s_->svc.sitrep(kTown, id, true);
  ASSERT_TRUE(html);
  EXPECT_NE(html->find("复盘"), std::string::npos);
  EXPECT_NE(html->find("企业排水泵无备用电源"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Backends, IncidentResponseTest, store_testing::kBothBackends,
                         store_testing::backend_name);

}  // namespace
}  // namespace lakeguard::incidents
