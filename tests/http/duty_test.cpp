// The duty rota through the real server, on SQLite and PostgreSQL: shifts kept by a town officer
// for its own town only (403 for another town or the district's rota, 404 when reading them),
// bad input as 422 naming the field with nothing written, clashes as 409 naming the other shift
// (within a unit and across units), the handover written by the outgoing officer and
// acknowledged by the incoming one (403/409 otherwise, audited), the duty log, the address book
// in scope with tel: links, and who is on duty now over the demo's synthetic week.
// Expectations come from issue 11 item 5 and docs/duty.md, not from src/duty/.

#include <gtest/gtest.h>

#include "fixture.h"

namespace lakeguard::testing {
namespace {

namespace json = boost::json;

constexpr const char* kTown = "330106002";
constexpr const char* kOther = "330106009";

class Duty : public ::testing::TestWithParam<std::string> {
 protected:
  TestServer& s() { return server(GetParam()); }

  int64_t user_id(const std::string& username) {
    auto c = s().app().db().acquire();
    return c->query("SELECT id FROM users WHERE username = ?", {username}).rows.at(0).i64(0);
  }
  static std::string duty_user(const std::string& unit, int i) {
    return "duty_" + unit + "_" + std::to_string(i);
  }
  json::object shift(const std::string& unit, const std::string& from, const std::string& to,
                     std::vector<std::pair<std::string, std::string>> people) {
    json::array a;
    for (auto& [u, role] : people)
      a.push_back(json::object{{"user_id", user_id(u)}, {"role", role}});
    return json::object{{"unit_code", unit},
                        {"starts_at", from + ":00+08:00"},
                        {"ends_at", to + ":00+08:00"},
                        {"people", std::move(a)}};
  }
  int64_t create(const std::string& as, const json::object& body) {
    auto r = s().as_json(as, "POST", "/api/v1/duty/shifts", body);
    EXPECT_EQ(r.status, 201) << r.body;
    return r.status == 201 ? r.json().at("id").as_int64() : -1;
  }
  std::string town_user(const std::string& t) { return "town_" + t; }
};

TEST_P(Duty, ATownOfficerKeepsOnlyItsTownsRotaAndBadInputWritesNothing) {
  // Year per backend keeps the two servers' tests apart from the demo week and each other.
  const std::string y = GetParam() == "sqlite" ? "2031" : "2032";
  const int64_t before = s().count("duty_shifts");
  auto body = shift(kTown, y + "-03-02T08:00", y + "-03-03T08:00",
                    {{duty_user(kTown, 1), "leader"}, {duty_user(kTown, 2), "officer"}});
  auto r = s().as_json(town_user(kTown), "POST", "/api/v1/duty/shifts", body);
  ASSERT_EQ(r.status, 201) << r.body;
  const int64_t id = r.json().at("id").as_int64();
  EXPECT_EQ(r.json().at("starts_at_local").as_string(), y + "-03-02 08:00");
  EXPECT_EQ(r.json().at("starts_at").as_string(), y + "-03-02T00:00:00.000Z");  // stored UTC
  EXPECT_EQ(r.json().at("people").at(0).at("role").as_string(), "leader");
  EXPECT_EQ(s().count("duty_shifts"), before + 1);

  // Another town's rota and the district's are not the town officer's to keep.
  auto other =
      shift(kOther, y + "-03-02T08:00", y + "-03-03T08:00", {{duty_user(kOther, 1), "leader"}});
  EXPECT_EQ(s().as_json(town_user(kTown), "POST", "/api/v1/duty/shifts", other).status, 403);
  auto district =
      shift("330106", y + "-03-02T08:00", y + "-03-03T08:00", {{duty_user("330106", 1), "leader"}});
  EXPECT_EQ(s().as_json(town_user(kTown), "POST", "/api/v1/duty/shifts", district).status, 403);
  EXPECT_EQ(s().as_json("viewer", "POST", "/api/v1/duty/shifts", body).status, 403);
  // …nor to read: 404 for the other town, and not in its list.
  const int64_t other_id = create(town_user(kOther), other);
  EXPECT_EQ(
      s().as(town_user(kTown), "GET", "/api/v1/duty/shifts/" + std::to_string(other_id)).status,
      404);
  EXPECT_EQ(
      s().as(town_user(kTown), "DELETE", "/api/v1/duty/shifts/" + std::to_string(other_id)).status,
      404);
  auto list = s().as(town_user(kTown), "GET",
                     "/api/v1/duty/shifts?from=" + y + "-03-02T00:00:00%2B08:00&to=" + y +
                         "-03-04T00:00:00%2B08:00");
  ASSERT_EQ(list.status, 200) << list.body;
  ASSERT_EQ(list.json().at("items").as_array().size(), 1u) << list.body;
  EXPECT_EQ(list.json().at("items").at(0).at("id").as_int64(), id);
  auto all = s().as("district", "GET",
                    "/api/v1/duty/shifts?from=" + y + "-03-02T00:00:00%2B08:00&to=" + y +
                        "-03-04T00:00:00%2B08:00");
  EXPECT_EQ(all.json().at("items").as_array().size(), 2u) << all.body;
  EXPECT_EQ(all.json().at("flags").as_array().size(), 0u) << all.body;

  // Bad input: 422 naming the field, nothing written.
  const int64_t mid = s().count("duty_shifts");
  auto no_leader =
      shift(kTown, y + "-04-01T08:00", y + "-04-02T08:00", {{duty_user(kTown, 2), "officer"}});
  auto nobody = shift(kTown, y + "-04-01T08:00", y + "-04-02T08:00", {});
  auto outsider =
      shift(kTown, y + "-04-01T08:00", y + "-04-02T08:00", {{duty_user(kOther, 1), "leader"}});
  auto backwards =
      shift(kTown, y + "-04-02T08:00", y + "-04-01T08:00", {{duty_user(kTown, 1), "leader"}});
  auto bad_unit = body;
  bad_unit["unit_code"] = "330106999";
  auto no_offset = body;
  no_offset["starts_at"] = y + "-04-01T08:00:00";
  for (auto [b, field] :
       std::vector<std::pair<json::object, std::string>>{{no_leader, "people"},
                                                         {nobody, "people"},
                                                         {outsider, "people"},
                                                         {backwards, "ends_at"},
                                                         {bad_unit, "unit_code"},
                                                         {no_offset, "starts_at"}}) {
    auto bad = s().as_json(town_user(kTown), "POST", "/api/v1/duty/shifts", b);
    EXPECT_EQ(bad.status, 422) << field << ": " << bad.body;
    EXPECT_EQ(bad.error_code(), "validation_failed");
    EXPECT_EQ(bad.error_field(), field) << bad.body;
  }
  EXPECT_EQ(s().count("duty_shifts"), mid);

  // Clashes: 409 naming the other shift, nothing written.
  auto overlap =
      shift(kTown, y + "-03-03T07:00", y + "-03-03T20:00", {{duty_user(kTown, 3), "leader"}});
  auto clash = s().as_json(town_user(kTown), "POST", "/api/v1/duty/shifts", overlap);
  EXPECT_EQ(clash.status, 409) << clash.body;
  EXPECT_EQ(clash.error_field(), "starts_at");
  EXPECT_NE(clash.body.find(std::to_string(id)), std::string::npos) << clash.body;
  // Ending where the other starts is no clash: (lo, hi].
  const int64_t before_id = create(
      town_user(kTown), shift(kTown, y + "-03-01T08:00", y + "-03-02T08:00",
                              {{duty_user(kTown, 3), "leader"}, {duty_user(kTown, 1), "officer"}}));
  EXPECT_GT(before_id, 0);
  // One person in two units at once: a district officer on the district's rota and a town's.
  const int64_t d_id = create("district", shift("330106", y + "-05-01T08:00", y + "-05-02T08:00",
                                                {{duty_user("330106", 1), "leader"}}));
  auto twice =
      shift(kTown, y + "-05-01T20:00", y + "-05-02T06:00", {{duty_user("330106", 1), "leader"}});
  auto cross = s().as_json("district", "POST", "/api/v1/duty/shifts", twice);
  EXPECT_EQ(cross.status, 409) << cross.body;
  EXPECT_EQ(cross.error_field(), "people");
  EXPECT_NE(cross.body.find(std::to_string(d_id)), std::string::npos) << cross.body;
  EXPECT_EQ(s().count("duty_shifts"), mid + 2);

  // A change is checked like a new shift; an empty change writes nothing.
  auto moved = s().as_json(town_user(kTown), "PATCH", "/api/v1/duty/shifts/" + std::to_string(id),
                           json::object{{"starts_at", y + "-03-01T20:00:00+08:00"}});
  EXPECT_EQ(moved.status, 409) << moved.body;
  auto same = s().as_json(town_user(kTown), "PATCH", "/api/v1/duty/shifts/" + std::to_string(id),
                          json::object{});
  ASSERT_EQ(same.status, 200) << same.body;
  EXPECT_EQ(same.json().at("version").as_int64(), 1);
  auto noted = s().as_json(town_user(kTown), "PATCH", "/api/v1/duty/shifts/" + std::to_string(id),
                           json::object{{"note", "防汛Ⅳ级应急响应期间"}});
  ASSERT_EQ(noted.status, 200) << noted.body;
  EXPECT_EQ(noted.json().at("version").as_int64(), 2);
}

TEST_P(Duty, HandoverIsWrittenByTheOutgoingAndAcknowledgedByTheIncomingOfficer) {
  const std::string y = GetParam() == "sqlite" ? "2033" : "2034";
  const std::string u1 = duty_user(kTown, 1), u2 = duty_user(kTown, 2), u3 = duty_user(kTown, 3);
  const int64_t a = create(town_user(kTown), shift(kTown, y + "-01-01T08:00", y + "-01-02T08:00",
                                                   {{u1, "leader"}, {u2, "officer"}}));
  const int64_t b = create(town_user(kTown), shift(kTown, y + "-01-02T08:00", y + "-01-03T08:00",
                                                   {{u2, "leader"}, {u3, "officer"}}));
  const std::string path = "/api/v1/duty/shifts/" + std::to_string(a) + "/handover";
  json::object hb{{"open_items", json::array{"留下街道积水点待复查", "3号仓库盘点未完成"}},
                  {"notes", "夜间平稳。\n02:10 接报一起电动车起火，已处置。"}};
  // Only the leader or an officer of the outgoing shift writes it.
  EXPECT_EQ(s().as_json(u3, "POST", path, hb).status, 403);
  EXPECT_EQ(s().as_json(town_user(kTown), "POST", path, hb).status, 403);
  EXPECT_EQ(s().as_json(town_user(kOther), "POST", path, hb).status, 404);
  auto bad = s().as_json(u1, "POST", path, json::object{{"open_items", json::array{}}});
  EXPECT_EQ(bad.status, 422) << bad.body;
  EXPECT_EQ(bad.error_field(), "notes");
  auto w = s().as_json(u1, "POST", path, hb);
  ASSERT_EQ(w.status, 201) << w.body;
  EXPECT_EQ(w.json().at("state").as_string(), "written");
  EXPECT_EQ(w.json().at("next_shift_id").as_int64(), b);
  const int64_t hid = w.json().at("id").as_int64();
  EXPECT_EQ(s().as_json(u2, "POST", path, hb).status, 409);  // already written
  // The incoming shift acknowledges — not the writer, not someone off it.
  const std::string ack = "/api/v1/duty/handovers/" + std::to_string(hid) + "/acknowledge";
  EXPECT_EQ(s().as(u1, "POST", ack).status, 403);
  EXPECT_EQ(s().as(town_user(kTown), "POST", ack).status, 403);
  EXPECT_EQ(s().as(town_user(kOther), "POST", ack).status, 404);
  auto ok = s().as(u3, "POST", ack);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json().at("state").as_string(), "acknowledged");
  EXPECT_EQ(ok.json().at("acknowledged_by").as_int64(), user_id(u3));
  EXPECT_EQ(s().as(u2, "POST", ack).status, 409);  // already acknowledged
  // The last shift of the rota has nobody to hand over to.
  auto last = s().as_json(u2, "POST", "/api/v1/duty/shifts/" + std::to_string(b) + "/handover", hb);
  EXPECT_EQ(last.status, 409) << last.body;
  // Shown with the shifts, listed in scope, kept while referred to, audited.
  auto got = s().as(town_user(kTown), "GET", "/api/v1/duty/shifts/" + std::to_string(b));
  EXPECT_EQ(got.json().at("handover_received").at("id").as_int64(), hid);
  auto mine = s().as(town_user(kTown), "GET", "/api/v1/duty/handovers?state=acknowledged");
  ASSERT_EQ(mine.status, 200) << mine.body;
  EXPECT_GE(mine.json().at("total").as_int64(), 1);
  auto theirs = s().as(town_user(kOther), "GET", "/api/v1/duty/handovers");
  for (const auto& h : theirs.json().at("items").as_array()) EXPECT_NE(h.at("id").as_int64(), hid);
  EXPECT_EQ(s().as(town_user(kTown), "DELETE", "/api/v1/duty/shifts/" + std::to_string(a)).status,
            409);
  auto c = s().app().db().acquire();
  EXPECT_EQ(c->query("SELECT COUNT(*) FROM audit_log WHERE entity = 'duty_handovers' AND "
                     "entity_id = ?",
                     {std::to_string(hid)})
                .rows.at(0)
                .i64(0),
            2);  // written, acknowledged
}

TEST_P(Duty, TheDutyLogAndTheAddressBookStayInScope) {
  const std::string y = GetParam() == "sqlite" ? "2025" : "2024";  // past shifts: entries allowed
  const int64_t a = create(town_user(kTown), shift(kTown, y + "-06-01T08:00", y + "-06-02T08:00",
                                                   {{duty_user(kTown, 1), "leader"}}));
  const std::string log = "/api/v1/duty/shifts/" + std::to_string(a) + "/log";
  auto e1 = s().as_json(town_user(kTown), "POST", log,
                        json::object{{"kind", "report"},
                                     {"text", "接报：留下街道某小区地下车库进水"},
                                     {"at", y + "-06-01T21:30:00+08:00"}});
  ASSERT_EQ(e1.status, 201) << e1.body;
  EXPECT_EQ(e1.json().at("kind_label").as_string(), "接报");
  EXPECT_EQ(e1.json().at("at_local").as_string(), y + "-06-01 21:30");
  auto e0 = s().as_json(duty_user(kTown, 1), "POST", log,
                        json::object{{"kind", "handling"},
                                     {"text", "通知物业关闭车库入口"},
                                     {"at", y + "-06-01T21:00:00+08:00"}});
  ASSERT_EQ(e0.status, 201) << e0.body;
  auto outside = s().as_json(
      town_user(kTown), "POST", log,
      json::object{{"kind", "other"}, {"text", "x"}, {"at", y + "-06-02T08:01:00+08:00"}});
  EXPECT_EQ(outside.status, 422);
  EXPECT_EQ(outside.error_field(), "at");
  auto kind =
      s().as_json(town_user(kTown), "POST", log, json::object{{"kind", "gossip"}, {"text", "x"}});
  EXPECT_EQ(kind.error_field(), "kind");
  EXPECT_EQ(
      s().as_json("viewer", "POST", log, json::object{{"kind", "other"}, {"text", "x"}}).status,
      403);
  EXPECT_EQ(
      s().as_json(town_user(kOther), "POST", log, json::object{{"kind", "other"}, {"text", "x"}})
          .status,
      404);
  auto entries = s().as(town_user(kTown), "GET", log);
  ASSERT_EQ(entries.status, 200) << entries.body;
  ASSERT_EQ(entries.json().as_array().size(), 2u);
  EXPECT_EQ(entries.json().at(0).at("kind").as_string(), "handling");  // in time order
  EXPECT_EQ(s().as(town_user(kOther), "GET", log).status, 404);

  // The address book: the town's own people only, phones as tel: links.
  auto book = s().as(town_user(kTown), "GET", "/api/v1/duty/contacts?page_size=500");
  ASSERT_EQ(book.status, 200) << book.body;
  ASSERT_GE(book.json().at("items").as_array().size(), 3u);
  for (const auto& k : book.json().at("items").as_array()) {
    EXPECT_EQ(k.at("town_code").as_string(), kTown) << k;
  }
  const int64_t u1 = user_id(duty_user(kTown, 1));
  const std::string phone = "/api/v1/duty/contacts/" + std::to_string(u1);
  auto set = s().as_json(town_user(kTown), "PUT", phone, json::object{{"phone", "0571-8700 1234"}});
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json().at("tel").as_string(), "tel:057187001234");
  auto bad = s().as_json(town_user(kTown), "PUT", phone, json::object{{"phone", "call me"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.error_field(), "phone");
  EXPECT_EQ(s().as_json(town_user(kOther), "PUT", phone, json::object{{"phone", "12345"}}).status,
            404);
  auto district = s().as("district", "GET", "/api/v1/duty/contacts?page_size=500");
  EXPECT_GT(district.json().at("total").as_int64(), book.json().at("total").as_int64());
}

TEST_P(Duty, WhoIsOnDutyNowFollowsTheCallersScope) {
  // The demo's synthetic week covers now for the district and every town.
  auto town = s().as(town_user(kTown), "GET", "/api/v1/duty/now");
  ASSERT_EQ(town.status, 200) << town.body;
  const auto& items = town.json().at("items").as_array();
  ASSERT_EQ(items.size(), 1u) << town.body;
  EXPECT_EQ(items[0].at("unit_code").as_string(), kTown);
  ASSERT_TRUE(items[0].at("shift").is_object()) << town.body;
  EXPECT_TRUE(items[0].at("shift").at("synthetic").as_bool());
  bool leader = false;
  for (const auto& p : items[0].at("people").as_array()) {
    leader = leader || p.at("role").as_string() == "leader";
    EXPECT_TRUE(p.at("tel").as_string().starts_with("tel:")) << p;
  }
  EXPECT_TRUE(leader) << town.body;
  auto all = s().as("district", "GET", "/api/v1/duty/now");
  ASSERT_EQ(all.status, 200);
  auto units = s().as("district", "GET", "/api/v1/duty/units");
  EXPECT_EQ(all.json().at("items").as_array().size(), units.json().as_array().size());
  EXPECT_GT(units.json().as_array().size(), 2u);
  for (const auto& u : all.json().at("items").as_array())
    EXPECT_TRUE(u.at("shift").is_object()) << u;
  EXPECT_EQ(s().as("", "GET", "/api/v1/duty/now").status, 401);
}

INSTANTIATE_TEST_SUITE_P(Backends, Duty, ::testing::ValuesIn(backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lakeguard::testing
