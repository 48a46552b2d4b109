// Incident response rules: the resource request state machine against its golden table
// (golden/requests.txt, every state × action once), the incident an alarm opens, and the request
// and review bodies' validation (422 naming the field).

#include "incidents/response.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "incidents/requests.h"

namespace lakeguard::incidents {
namespace {

namespace json = boost::json;

std::string token_of(const Result<RequestState>& r) {
  if (r.ok()) return std::string(request_state_name(*r));
  const Error& e = r.error();
  if (e.code == ErrorCode::kConflict && e.field == "state") return "conflict";
  return "unexpected:" + std::string(error_code_name(e.code)) + ":" + e.field;
}

TEST(Requests, EveryStateAndActionAsTheGoldenTableSays) {
  std::ifstream in(std::string(LAKEGUARD_GOLDEN_DIR) + "/requests.txt");
  ASSERT_TRUE(in) << "golden/requests.txt missing";
  std::set<std::pair<std::string, std::string>> seen;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ss(line);
    std::string st, ac, want;
    ss >> st >> ac >> want;
    auto s = parse_request_state(st);
    auto a = parse_request_action(ac);
    ASSERT_TRUE(s && a && !want.empty()) << line;
    EXPECT_EQ(token_of(next_request_state(*s, *a)), want) << st << " " << ac;
    EXPECT_TRUE(seen.emplace(st, ac).second) << "twice: " << line;
  }
  EXPECT_EQ(seen.size(), std::size(kAllRequestStates) * std::size(kAllRequestActions));
}

TEST(Requests, TheConflictNamesTheState) {
  auto r = next_request_state(RequestState::kArrived, RequestAction::kCancel);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("arrived"), std::string::npos) << r.error().message;
}

alarms::Alarm alarm() {
  alarms::Alarm a;
  a.id = 7;
  a.device_id = 99;
  a.device_code = "RG-99";
  a.metric = "rain_mm";
  a.rule = "rainstorm";
  a.level = alarms::Level::kOrange;
  a.status = alarms::State::kVerified;
  a.town_code = "330106009";
  a.community_code = "330106009001";
  return a;
}

TEST(FromAlarm, ThePlaceIsTheAlarmsAndTheRestIsDerivedUnlessGiven) {
  auto b = incident_body_from_alarm(json::object{{"alarm_id", 7}}, alarm(), 120.1, 30.2);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->at("town_code").as_string(), "330106009");
  EXPECT_EQ(b->at("community_code").as_string(), "330106009001");
  EXPECT_EQ(b->at("lon").as_double(), 120.1);
  EXPECT_EQ(b->at("lat").as_double(), 30.2);
  EXPECT_EQ(b->at("type").as_string(), "防汛防台");
  EXPECT_EQ(b->at("response_level").as_int64(), 2);  // orange → Ⅱ级
  EXPECT_EQ(b->at("title").as_string(), "橙色告警：RG-99 rain_mm（rainstorm）");
  EXPECT_FALSE(b->contains("alarm_id"));
  // It parses as a new incident.
  auto i = parse_new_incident(*b);
  ASSERT_TRUE(i.ok()) << i.error().message;
  EXPECT_EQ(i->response_level, 2);
  // Given fields win; no point without one.
  b = incident_body_from_alarm(
      json::object{{"alarm_id", 7}, {"title", "留下街道内涝"}, {"response_level", 3}}, alarm(),
      std::nullopt, std::nullopt);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->at("title").as_string(), "留下街道内涝");
  EXPECT_EQ(b->at("response_level").as_int64(), 3);
  EXPECT_FALSE(b->contains("lon"));
  // The place may not be sent.
  for (const char* f : {"town_code", "community_code", "lon", "lat"}) {
    auto bad = incident_body_from_alarm(json::object{{"alarm_id", 7}, {f, "x"}}, alarm(), {}, {});
    ASSERT_FALSE(bad.ok()) << f;
    EXPECT_EQ(bad.error().field, f);
  }
}

TEST(FromAlarm, LevelsAndTypes) {
  EXPECT_EQ(response_level_of(alarms::Level::kRed), 1);
  EXPECT_EQ(response_level_of(alarms::Level::kYellow), 3);
  EXPECT_EQ(response_level_of(alarms::Level::kBlue), 4);
  EXPECT_EQ(incident_type_of("water_level_m"), "防汛防台");
  EXPECT_EQ(incident_type_of("gas_ppm"), "危化品");
  EXPECT_EQ(incident_type_of("pressure_mpa"), "城市生命线");
  EXPECT_EQ(incident_type_of("strain"), "监测告警");
  EXPECT_EQ(incident_type_of("bridge_strain"), "监测告警") << "no rain in strain";
  EXPECT_EQ(incident_type_of("waterlogging_cm"), "防汛防台");
  auto id = parse_alarm_id(json::object{{"alarm_id", "7"}});
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().field, "alarm_id");
  EXPECT_FALSE(parse_alarm_id(json::object{{"alarm_id", 0}}).ok());
  EXPECT_EQ(*parse_alarm_id(json::object{{"alarm_id", 7}}).value(), 7);
}

std::string field_of(const json::object& body) {
  auto r = parse_resource_request(body);
  return r.ok() ? "ok" : r.error().field;
}

TEST(RequestBodies, BadInputNamesTheField) {
  EXPECT_EQ(field_of({{"kind", "team"}, {"team_id", 3}}), "ok");
  EXPECT_EQ(field_of({{"kind", "stock"}, {"warehouse_id", 1}, {"stock_id", 2}, {"quantity", 5}}),
            "ok");
  EXPECT_EQ(field_of({{"kind", "boat"}}), "kind");
  EXPECT_EQ(field_of({{"team_id", 3}}), "kind");
  EXPECT_EQ(field_of({{"kind", "team"}}), "team_id");
  EXPECT_EQ(field_of({{"kind", "team"}, {"team_id", -1}}), "team_id");
  EXPECT_EQ(field_of({{"kind", "team"}, {"team_id", 3}, {"quantity", 1}}), "quantity");
  EXPECT_EQ(field_of({{"kind", "stock"}, {"stock_id", 2}, {"quantity", 5}}), "warehouse_id");
  EXPECT_EQ(field_of({{"kind", "stock"}, {"warehouse_id", 1}, {"quantity", 5}}), "stock_id");
  EXPECT_EQ(field_of({{"kind", "stock"}, {"warehouse_id", 1}, {"stock_id", 2}}), "quantity");
  EXPECT_EQ(field_of({{"kind", "stock"}, {"warehouse_id", 1}, {"stock_id", 2}, {"quantity", 0}}),
            "quantity");
  EXPECT_EQ(field_of({{"kind", "stock"}, {"warehouse_id", 1}, {"stock_id", 2}, {"quantity", -3.5}}),
            "quantity");
  EXPECT_EQ(field_of({{"kind", "stock"}, {"warehouse_id", 1}, {"stock_id", 2}, {"quantity", "5"}}),
            "quantity");
  EXPECT_EQ(field_of({{"kind", "team"}, {"team_id", 3}, {"who", 1}}), "who");
  auto a = parse_request_action_input({{"action", "teleport"}});
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().field, "action");
}

TEST(ReviewBodies, FindingsAreNamedByTheirIndex) {
  auto r = parse_review({{"summary", "处置及时"},
                         {"findings", json::array{json::object{{"text", "排水泵站未备用电源"},
                                                               {"enterprise_id", 5},
                                                               {"class", "重大"}},
                                                  json::object{{"text", "预警发布偏晚"}}}}});
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->findings.size(), 2u);
  EXPECT_EQ(r->findings[0].hazard_class, "重大");
  EXPECT_EQ(*r->findings[0].enterprise_id, 5);
  EXPECT_EQ(r->findings[1].hazard_class, "一般");
  EXPECT_FALSE(r->findings[1].enterprise_id);
  EXPECT_EQ(r->findings[1].seq, 1);
  auto field = [](const json::object& b) {
    auto x = parse_review(b);
    return x.ok() ? std::string("ok") : x.error().field;
  };
  EXPECT_EQ(field({{"findings", json::array{}}}), "summary");
  EXPECT_EQ(field({{"summary", "s"}, {"findings", "x"}}), "findings");
  EXPECT_EQ(field({{"summary", "s"}, {"findings", json::array{json::object{}}}}),
            "findings[0].text");
  EXPECT_EQ(field({{"summary", "s"},
                   {"findings", json::array{json::object{{"text", "a"}},
                                            json::object{{"text", "b"}, {"class", "较大"}}}}}),
            "findings[1].class");
  EXPECT_EQ(field({{"summary", "s"},
                   {"findings", json::array{json::object{{"text", "a"}, {"enterprise_id", "5"}}}}}),
            "findings[0].enterprise_id");
  EXPECT_EQ(
      field({{"summary", "s"}, {"findings", json::array{json::object{{"text", "a"}, {"x", 1}}}}}),
      "findings[0].x");
  json::array many;
  for (size_t n = 0; n <= kMaxFindings; ++n) many.push_back(json::object{{"text", "a"}});
  EXPECT_EQ(field({{"summary", "s"}, {"findings", many}}), "findings");
}

}  // namespace
}  // namespace lakeguard::incidents
