// Live updates over WebSocket (API-CONVENTIONS.md "Live updates") against a real server: who may
// connect, what each scope receives, resuming, and bad client messages. SQLite and PostgreSQL.

#include <gtest/gtest.h>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <memory>
#include <optional>

#include "fixture.h"

namespace lakeguard::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace json = boost::json;
using tcp = asio::ip::tcp;

// A blocking WebSocket client with time-outs.
class LiveClient {
 public:
  // Connects and upgrades; status() is 101 on success, else the HTTP status of the refusal.
  LiveClient(uint16_t port, std::vector<std::pair<std::string, std::string>> headers) : ws_(ioc_) {
    beast::get_lowest_layer(ws_).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));
    ws_.set_option(websocket::stream_base::decorator([headers](websocket::request_type& r) {
      for (const auto& [k, v] : headers) r.set(k, v);
    }));
    websocket::response_type res;
    beast::error_code ec;
    std::string host = "127.0.0.1:" + std::to_string(port);
    ws_.handshake(res, host, "/api/v1/live", ec);
    status_ = static_cast<int>(res.result_int());
    body_ = res.body();
    beast::get_lowest_layer(ws_).expires_never();
  }
  int status() const { return status_; }
  const std::string& body() const { return body_; }

  void send(const std::string& text) {
    ws_.text(true);
    ws_.write(asio::buffer(text));
  }
  // The next message, or nullopt after `ms` without one.
  std::optional<json::object> next(int ms = 5000) {
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
      // Abandon the read: this client is not used for reading after a time-out.
      beast::get_lowest_layer(ws_).cancel();
      ioc_.restart();
      ioc_.run_for(std::chrono::milliseconds(1000));
    }
    return out;
  }
  // The next event of `topic`, skipping heartbeats and system messages.
  std::optional<json::object> next_event(int ms = 5000) {
    for (;;) {
      auto m = next(ms);
      if (!m) return m;
      auto topic = m->if_contains("topic");
      if (topic && (topic->as_string() == "heartbeat" || topic->as_string() == "system")) continue;
      return m;
    }
  }
  // Subscribes and waits for the acknowledgement.
  void subscribe(const json::object& msg) {
    send(json::serialize(msg));
    for (;;) {
      auto m = next();
      ASSERT_TRUE(m) << "no acknowledgement";
      if (m->contains("error")) FAIL() << json::serialize(*m);
      if (m->at("type").as_string() == "subscribed") return;
    }
  }

 private:
  asio::io_context ioc_;
  websocket::stream<beast::tcp_stream> ws_;
  int status_ = 0;
  std::string body_;
};

class Live : public ::testing::TestWithParam<std::string> {
 protected:
  TestServer& s() { return server(GetParam()); }
  LiveClient connect(const std::string& user) {
    std::vector<std::pair<std::string, std::string>> h;
    if (!user.empty()) h.emplace_back("Authorization", "Bearer " + s().token(user));
    return LiveClient(s().port(), h);
  }
  // Creates a shelter through the API as `user`; returns its id.
  int64_t create_shelter(const std::string& user, const std::string& town,
                         const std::string& name) {
    auto r = s().as_json(user, "POST", "/api/v1/shelters",
                         json::object{{"name", name},
                                      {"capacity_people", 50},
                                      {"town_code", town},
                                      {"lon", 120.1},
                                      {"lat", 30.25}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  }
};

TEST_P(Live, OnlyAuthenticatedSameSiteClientsMayConnect) {
  auto anonymous = connect("");
  EXPECT_EQ(anonymous.status(), 401);
  EXPECT_NE(anonymous.body().find("unauthenticated"), std::string::npos);
  LiveClient cross(s().port(), {{"Authorization", "Bearer " + s().token("district")},
                                {"Origin", "http://evil.example"}});
  EXPECT_EQ(cross.status(), 403);
  LiveClient same(s().port(), {{"Authorization", "Bearer " + s().token("district")},
                               {"Origin", "http://127.0.0.1:" + std::to_string(s().port())}});
  EXPECT_EQ(same.status(), 101);
  // A plain GET is told how to connect.
  auto plain = s().as("district", "GET", "/api/v1/live");
  EXPECT_EQ(plain.status, 400);
  EXPECT_EQ(plain.error_code(), "bad_request");
}

TEST_P(Live, EventsReachTheSubscribersWhoseScopeHoldsTheObject) {
  auto district = connect("district");
  auto town = connect("town_330106009");
  auto other_town = connect("town_330106002");
  ASSERT_EQ(district.status(), 101);
  for (auto* c : {&district, &town, &other_town})
    c->subscribe(json::object{{"subscribe", json::array{"shelters", "teams"}}});

  std::string name = "直播测试避难所-" + GetParam();
  int64_t id = create_shelter("district", "330106009", name);
  auto seen = district.next_event();
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->at("topic").as_string(), "shelters");
  EXPECT_EQ(seen->at("type").as_string(), "created");
  EXPECT_EQ(seen->at("data").at("id").as_int64(), id);
  EXPECT_EQ(seen->at("data").at("name").as_string(), name);
  auto in_town = town.next_event();
  ASSERT_TRUE(in_town);
  EXPECT_EQ(in_town->at("data").at("id").as_int64(), id);

  auto patched = s().as("district", "PATCH", "/api/v1/shelters/" + std::to_string(id),
                        R"({"capacity_people":80})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  auto upd = town.next_event();
  ASSERT_TRUE(upd);
  EXPECT_EQ(upd->at("type").as_string(), "updated");
  EXPECT_EQ(upd->at("data").at("capacity_people").as_int64(), 80);
  EXPECT_GT(upd->at("ts").as_string(), in_town->at("ts").as_string());
  ASSERT_EQ(s().as("district", "DELETE", "/api/v1/shelters/" + std::to_string(id)).status, 204);
  auto del = town.next_event();
  ASSERT_TRUE(del);
  EXPECT_EQ(del->at("type").as_string(), "deleted");
  EXPECT_EQ(del->at("data").at("id").as_int64(), id);
  EXPECT_FALSE(del->at("data").as_object().contains("name"));

  // The other town saw none of that: the first event it gets is about its own town.
  int64_t own = create_shelter("district", "330106002", name + "-乙");
  auto first = other_town.next_event();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->at("data").at("id").as_int64(), own);
  // Topics not subscribed to are not sent.
  auto team = s().as_json("district", "POST", "/api/v1/teams",
                          json::object{{"name", "直播测试队"},
                                       {"type", "综合"},
                                       {"headcount", 12},
                                       {"town_code", "330106002"},
                                       {"lon", 120.1},
                                       {"lat", 30.25}});
  ASSERT_EQ(team.status, 201) << team.body;
  auto team_event = other_town.next_event();
  ASSERT_TRUE(team_event);
  EXPECT_EQ(team_event->at("topic").as_string(), "teams");
}

TEST_P(Live, EnterpriseUsersHearOnlyOfTheirOwnEnterprise) {
  int64_t own = s().first_id("users", "role = 'enterprise_user'");
  ASSERT_GT(own, 0);
  auto c = s().app().db().acquire();
  int64_t ent = c->query("SELECT enterprise_id FROM users WHERE id = ?", {own}).rows.at(0).i64(0);
  int64_t other =
      c->query("SELECT MIN(id) FROM enterprises WHERE id <> ?", {ent}).rows.at(0).i64(0);
  std::string user(c->query("SELECT username FROM users WHERE id = ?", {own}).rows.at(0).str(0));
  auto live = connect(user);
  ASSERT_EQ(live.status(), 101);
  live.subscribe(json::object{{"subscribe", json::array{"enterprises"}}});
  for (int64_t id : {other, ent})
    ASSERT_EQ(s().as("district", "PATCH", "/api/v1/enterprises/" + std::to_string(id),
                     R"({"contact_name":"直播联系人"})")
                  .status,
              200);
  auto e = live.next_event();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->at("data").at("id").as_int64(), ent);
}

TEST_P(Live, HiddenDangersReachTheirTownAndNotAnother) {
  auto c = s().app().db().acquire();
  auto first_of = [&](const std::string& town) {
    return c->query("SELECT MIN(id) FROM enterprises WHERE town_code = ?", {town})
        .rows.at(0)
        .i64(0);
  };
  int64_t here = first_of("330106009"), there = first_of("330106002");
  auto town = connect("town_330106009");
  auto other_town = connect("town_330106002");
  for (auto* l : {&town, &other_town}) {
    ASSERT_EQ(l->status(), 101);
    l->subscribe(json::object{{"subscribe", json::array{"hazards"}}});
  }
  auto report = [&](int64_t enterprise) {
    auto r = s().as_json("district", "POST", "/api/v1/hazards",
                         json::object{{"enterprise_id", enterprise},
                                      {"description", "直播隐患-" + GetParam()},
                                      {"class", "一般"},
                                      {"source", "inspection"}});
    EXPECT_EQ(r.status, 201) << r.body;
    return r.json().at("id").as_int64();
  };
  int64_t id = report(here);
  auto created = town.next_event();
  ASSERT_TRUE(created);
  EXPECT_EQ(created->at("topic").as_string(), "hazards");
  EXPECT_EQ(created->at("type").as_string(), "created");
  EXPECT_EQ(created->at("data").at("id").as_int64(), id);
  auto confirmed = s().as("district", "POST", "/api/v1/hazards/" + std::to_string(id) + "/actions",
                          R"({"action":"confirm"})");
  ASSERT_EQ(confirmed.status, 200) << confirmed.body;
  auto updated = town.next_event();
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->at("type").as_string(), "updated");
  EXPECT_EQ(updated->at("data").at("status").as_string(), "rectifying");
  // The other town heard of none of it: its first event is its own town's hazard.
  int64_t own = report(there);
  auto first = other_town.next_event();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->at("data").at("id").as_int64(), own);
}

TEST_P(Live, AClientResumesFromTheLastEventItSaw) {
  std::string last_ts;
  {
    auto live = connect("district");
    live.subscribe(json::object{{"subscribe", json::array{"shelters"}}});
    create_shelter("district", "330106009", "续传甲-" + GetParam());
    auto e = live.next_event();
    ASSERT_TRUE(e);
    last_ts = std::string(e->at("ts").as_string());
  }
  // Missed while disconnected:
  int64_t b = create_shelter("district", "330106009", "续传乙-" + GetParam());
  int64_t c = create_shelter("district", "330106009", "续传丙-" + GetParam());
  auto live = connect("district");
  live.subscribe(json::object{{"subscribe", json::array{"shelters"}}, {"since", last_ts}});
  auto e1 = live.next_event();
  auto e2 = live.next_event();
  ASSERT_TRUE(e1 && e2);
  EXPECT_EQ(e1->at("data").at("id").as_int64(), b);
  EXPECT_EQ(e2->at("data").at("id").as_int64(), c);
}

TEST_P(Live, BadClientMessagesGetTheErrorContractAndTheConnectionStays) {
  auto live = connect("viewer");
  ASSERT_EQ(live.status(), 101);
  auto expect_error = [&](const std::string& text, const std::string& field) {
    live.send(text);
    auto m = live.next();
    ASSERT_TRUE(m) << text;
    ASSERT_TRUE(m->contains("error")) << json::serialize(*m);
    EXPECT_EQ(m->at("error").at("code").as_string(), "bad_request") << text;
    if (!field.empty()) {
      EXPECT_EQ(m->at("error").at("field").as_string(), field) << text;
    }
  };
  expect_error("not json", "");
  expect_error(R"({"subscribe":"shelters"})", "subscribe");
  expect_error(R"({"subscribe":["no_such_topic"]})", "subscribe");
  expect_error(R"({"subscribe":["shelters"],"filter":1})", "filter");
  expect_error(R"({"since":"yesterday"})", "since");
  live.subscribe(json::object{{"subscribe", json::array{"shelters"}}});
}

// Issue 7, defect 4: moving an object between towns tells the old town it is gone and the new
// town it is there (before: nothing to the old town, an `updated` to the new one).
TEST_P(Live, AMoveBetweenTownsIsDeletedThereAndCreatedHere) {
  auto from = connect("town_330106009");
  auto to = connect("town_330106002");
  auto district = connect("district");
  for (auto* c : {&from, &to, &district})
    c->subscribe(json::object{{"subscribe", json::array{"shelters"}}});
  int64_t id = create_shelter("district", "330106009", "搬迁避难所");
  for (auto* c : {&from, &district}) {
    auto ev = c->next_event();
    ASSERT_TRUE(ev);
    EXPECT_EQ(ev->at("type").as_string(), "created");
  }
  auto moved = s().as("district", "PATCH", "/api/v1/shelters/" + std::to_string(id),
                      R"({"town_code":"330106002","community_code":null})");
  ASSERT_EQ(moved.status, 200) << moved.body;
  auto gone = from.next_event();
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->at("type").as_string(), "deleted");
  EXPECT_EQ(gone->at("data").at("id").as_int64(), id);
  EXPECT_FALSE(gone->at("data").as_object().contains("name")) << "nothing of where it went";
  auto arrived = to.next_event();
  ASSERT_TRUE(arrived);
  EXPECT_EQ(arrived->at("type").as_string(), "created");
  EXPECT_EQ(arrived->at("data").at("town_code").as_string(), "330106002");
  auto seen = district.next_event();
  ASSERT_TRUE(seen);
  EXPECT_EQ(seen->at("type").as_string(), "updated");
}

// Issue 7, defect 2: the children a delete takes with it are published too.
TEST_P(Live, ADeletedWarehousesStockIsPublishedAsDeleted) {
  auto district = connect("district");
  district.subscribe(json::object{{"subscribe", json::array{"warehouses", "stock"}}});
  auto wh = s().as_json("district", "POST", "/api/v1/warehouses",
                        json::object{{"name", "推送级联库"},
                                     {"level", "town"},
                                     {"town_code", "330106009"},
                                     {"lon", 120.1},
                                     {"lat", 30.25}});
  ASSERT_EQ(wh.status, 201);
  std::string path = "/api/v1/warehouses/" + std::to_string(wh.json().at("id").as_int64());
  auto st = s().as("district", "POST", path + "/stock",
                   R"({"category":"救援","name":"沙袋","quantity":100,"unit":"袋"})");
  ASSERT_EQ(st.status, 201);
  int64_t stock_id = st.json().at("id").as_int64();
  for (int i = 0; i < 2; ++i) ASSERT_TRUE(district.next_event());  // the two creations
  ASSERT_EQ(s().as("district", "DELETE", path).status, 204);
  auto child = district.next_event();
  ASSERT_TRUE(child);
  EXPECT_EQ(child->at("topic").as_string(), "stock");
  EXPECT_EQ(child->at("type").as_string(), "deleted");
  EXPECT_EQ(child->at("data").at("id").as_int64(), stock_id);
  auto parent = district.next_event();
  ASSERT_TRUE(parent);
  EXPECT_EQ(parent->at("topic").as_string(), "warehouses");
  EXPECT_EQ(parent->at("type").as_string(), "deleted");
}

// Issue 7, defect 1: a live connection keeps no rights its credential lost. Each change below
// closes the socket at once (a last {"topic":"system","type":"closed"} message, then the close).
class LiveEnds : public Live {
 protected:
  // A fresh user of its own (so ending its sessions disturbs no other test) and a login token.
  std::pair<int64_t, std::string> fresh_user(const std::string& name) {
    std::string username = name + "_" + GetParam();
    auto made = s().as_json("admin", "POST", "/api/v1/users",
                            json::object{{"username", username},
                                         {"password", "live-test-password"},
                                         {"role", "town_officer"},
                                         {"scope_code", "330106009"}});
    EXPECT_EQ(made.status, 201) << made.body;
    auto login = s().client().request(
        "POST", "/api/v1/auth/login",
        json::serialize(json::object{{"username", username}, {"password", "live-test-password"}}),
        {{"Content-Type", "application/json"}});
    EXPECT_EQ(login.status, 200) << login.body;
    return {made.json().at("id").as_int64(), std::string(login.json().at("token").as_string())};
  }
  std::unique_ptr<LiveClient> connect_with(const std::string& token) {
    auto c = std::make_unique<LiveClient>(
        s().port(),
        std::vector<std::pair<std::string, std::string>>{{"Authorization", "Bearer " + token}});
    EXPECT_EQ(c->status(), 101);
    c->subscribe(json::object{{"subscribe", json::array{"shelters"}}});
    return c;
  }
  // The socket ends: a "closed" message (with its reason), then nothing more.
  void expect_closed(LiveClient& c, const std::string& reason) {
    for (;;) {
      auto m = c.next(5000);
      ASSERT_TRUE(m) << "the connection was neither told nor closed";
      if (m->at("topic").as_string() == "heartbeat") continue;
      ASSERT_EQ(m->at("topic").as_string(), "system") << json::serialize(*m);
      if (m->at("type").as_string() != "closed") continue;
      EXPECT_EQ(m->at("data").at("reason").as_string(), reason);
      break;
    }
    EXPECT_FALSE(c.next(3000)) << "the server kept the connection open";
  }
};

TEST_P(LiveEnds, OnLogout) {
  auto [id, token] = fresh_user("live_logout");
  auto c = connect_with(token);
  auto out = s().client().request("POST", "/api/v1/auth/logout", "",
                                  {{"Authorization", "Bearer " + token}});
  ASSERT_EQ(out.status, 204) << out.body;
  expect_closed(*c, "session_ended");
}

TEST_P(LiveEnds, WhenTheAccountIsDisabledOrItsScopeChanges) {
  auto [id, token] = fresh_user("live_disable");
  auto c = connect_with(token);
  std::string path = "/api/v1/users/" + std::to_string(id);
  ASSERT_EQ(s().as("admin", "PATCH", path, R"({"disabled":true})").status, 200);
  expect_closed(*c, "session_ended");

  auto [id2, token2] = fresh_user("live_rescope");
  auto c2 = connect_with(token2);
  ASSERT_EQ(s().as("admin", "PATCH", "/api/v1/users/" + std::to_string(id2),
                   R"({"scope_code":"330106002"})")
                .status,
            200);
  expect_closed(*c2, "session_ended");
}

TEST_P(LiveEnds, WhenItsApiTokenIsRevoked) {
  auto [id, session] = fresh_user("live_revoke");
  auto made = s().client().request(
      "POST", "/api/v1/tokens", R"({"name":"live"})",
      {{"Authorization", "Bearer " + session}, {"Content-Type", "application/json"}});
  ASSERT_EQ(made.status, 201) << made.body;
  std::string token(made.json().at("token").as_string());
  auto c = connect_with(token);
  auto other = connect_with(session);  // the same user's session is not affected
  auto del = s().client().request(
      "DELETE", "/api/v1/tokens/" + std::to_string(made.json().at("id").as_int64()), "",
      {{"Authorization", "Bearer " + session}});
  ASSERT_EQ(del.status, 204) << del.body;
  expect_closed(*c, "session_ended");
  create_shelter("district", "330106009", "吊销后仍在线的会话");
  auto ev = other->next_event();
  ASSERT_TRUE(ev) << "the session's own connection stays";
  EXPECT_EQ(ev->at("topic").as_string(), "shelters");
}

INSTANTIATE_TEST_SUITE_P(Backends, Live, ::testing::ValuesIn(backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lakeguard::testing

namespace lakeguard::testing {
namespace {
INSTANTIATE_TEST_SUITE_P(Backends, LiveEnds, ::testing::ValuesIn(backends()),
                         [](const auto& info) { return info.param; });
}  // namespace
}  // namespace lakeguard::testing
