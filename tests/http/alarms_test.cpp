// Alarms through the real server (SQLite and PostgreSQL): readings published on the app's
// ReadingFeed (as the monitor context will) raise, deduplicate and escalate alarms; the rules'
// state survives a restart; the lifecycle over HTTP with 409/422/403 and scope; rules CRUD with
// validation; an `alarms` event pushed to a WebSocket client; the webhook channel against a tiny
// HTTP listener on 127.0.0.1. Nothing here depends on the monitor context.

#include <gtest/gtest.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>

#include "alarms/channels.h"
#include "alarms/service.h"
#include "core/clock.h"
#include "fixture.h"
#include "hook_listener.h"

namespace lakeguard::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace websocket = beast::websocket;
namespace bhttp = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;

constexpr int64_t kHour = 3600 * 1000;

// Device ids no other test uses (alarms do not read the registry).
std::atomic<int64_t> next_device{7'000'000};

Reading rain(int64_t device, const std::string& town, int64_t ts, double mm) {
  Reading r;
  r.device_id = device;
  r.device_code = "RG-" + std::to_string(device);
  r.device_kind = "rain_gauge";
  r.where = Placement{town, "", std::nullopt};
  r.metric = "rain_mm";
  r.ts_ms = ts;
  r.value = mm;
  return r;
}

class Alarms : public ::testing::TestWithParam<std::string> {
 protected:
  TestServer& s() { return server(GetParam()); }
  void publish(std::vector<Reading> batch) { s().app().deps().readings->publish(batch); }
  // The alarms of a device as the list shows them to `user`.
  json::array alarms_of(int64_t device, const std::string& user = "district") {
    auto r = s().as(user, "GET", "/api/v1/alarms?device_id=" + std::to_string(device));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().at("items").as_array();
  }
  json::object detail(int64_t id) {
    auto r = s().as("district", "GET", "/api/v1/alarms/" + std::to_string(id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json().as_object();
  }
  HttpResponse act(const std::string& user, int64_t id, const std::string& action) {
    return s().as_json(user, "POST", "/api/v1/alarms/" + std::to_string(id) + "/actions",
                       json::object{{"action", action}, {"note", "test " + action}});
  }
  // A raised rainstorm alarm in `town`; returns its id.
  int64_t raise(const std::string& town = "330106009") {
    int64_t d = next_device++;
    int64_t now = SystemClock().now_ms();
    publish({rain(d, town, now, 50.0)});
    auto items = alarms_of(d);
    EXPECT_EQ(items.size(), 1u);
    return items.empty() ? 0 : items[0].at("id").as_int64();
  }
};

TEST_P(Alarms, RainstormRaisesOnceAndEscalatesTheSameAlarm) {
  int64_t d = next_device++;
  int64_t t0 = SystemClock().now_ms() - 2 * kHour;
  publish({rain(d, "330106009", t0, 30.0), rain(d, "330106009", t0 + kHour, 19.9)});
  EXPECT_TRUE(alarms_of(d).empty()) << "49.9 mm in 3 h raises nothing";
  publish({rain(d, "330106009", t0 + kHour + 60000, 0.1)});
  auto items = alarms_of(d);
  ASSERT_EQ(items.size(), 1u);
  const auto& a = items[0].as_object();
  EXPECT_EQ(a.at("rule").as_string(), "rainstorm");
  EXPECT_EQ(a.at("metric").as_string(), "rain_mm");
  EXPECT_EQ(a.at("level").as_string(), "orange");  // 50.0 mm in 3 h
  EXPECT_EQ(a.at("status").as_string(), "open");
  EXPECT_EQ(a.at("count").as_int64(), 1);
  EXPECT_EQ(a.at("first_seen").as_string(), iso_utc(t0 + kHour + 60000));
  EXPECT_NE(std::string(a.at("message").as_string()).find("本系统预警"), std::string::npos)
      << "labelled as lakeguard's own early warning";
  int64_t id = a.at("id").as_int64();
  // 100 mm within 3 h: the same alarm escalates to red (audited as escalate).
  publish({rain(d, "330106009", t0 + 2 * kHour, 50.0)});
  items = alarms_of(d);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("id").as_int64(), id);
  EXPECT_EQ(items[0].at("level").as_string(), "red");
  EXPECT_EQ(items[0].at("count").as_int64(), 1);
  auto o = detail(id);
  auto& hist = o.at("actions").as_array();
  ASSERT_EQ(hist.size(), 2u);
  EXPECT_EQ(hist[0].at("action").as_string(), "raise");
  EXPECT_EQ(hist[1].at("action").as_string(), "escalate");
  EXPECT_EQ(hist[1].at("from_level").as_string(), "orange");
  EXPECT_EQ(hist[1].at("to_level").as_string(), "red");
  auto c = s().app().db().acquire();
  EXPECT_EQ(c->query("SELECT COUNT(*) FROM audit_log WHERE entity = 'alarms' AND entity_id = ? "
                     "AND action = 'escalate'",
                     {std::to_string(id)})
                .rows.at(0)
                .i64(0),
            1);
  // A repeat of the same readings changes nothing.
  publish({rain(d, "330106009", t0 + 2 * kHour, 50.0)});
  EXPECT_EQ(alarms_of(d).at(0).at("count").as_int64(), 1);
  EXPECT_EQ(detail(id).at("actions").as_array().size(), 2u);
}

TEST_P(Alarms, AThresholdRuleCountsOccurrencesOnOneAlarmUntilItIsClosed) {
  int64_t d = next_device++;
  std::string name = "level-" + GetParam() + "-" + std::to_string(d);
  auto made = s().as_json("district", "POST", "/api/v1/alarm-rules",
                          json::object{{"name", name},
                                       {"type", "threshold"},
                                       {"device_id", d},
                                       {"metric", "water_level_m"},
                                       {"comparison", "ge"},
                                       {"levels", json::object{{"yellow", 3.0}, {"red", 4.0}}}});
  ASSERT_EQ(made.status, 201) << made.body;
  auto level = [&](int64_t ts, double v) {
    Reading r = rain(d, "330106009", ts, v);
    r.device_kind = "water_gauge";
    r.metric = "water_level_m";
    return r;
  };
  int64_t t = SystemClock().now_ms() - 10 * 60000;
  publish({level(t, 3.1)});                                  // raise yellow
  publish({level(t + 60000, 2.0), level(t + 120000, 3.2)});  // clear, occur again
  publish({level(t + 180000, 4.5)});                         // escalate
  auto items = alarms_of(d);
  ASSERT_EQ(items.size(), 1u);
  int64_t id = items[0].at("id").as_int64();
  EXPECT_EQ(items[0].at("count").as_int64(), 2);
  EXPECT_EQ(items[0].at("level").as_string(), "red");
  EXPECT_EQ(items[0].at("rule").as_string(), name);
  std::vector<std::string> steps;
  json::object seen = detail(id);
  for (const auto& h : seen.at("actions").as_array())
    steps.emplace_back(h.at("action").as_string());
  EXPECT_EQ(steps, (std::vector<std::string>{"raise", "clear", "occur", "escalate"}));
  // Closed, the fingerprint is free: the next occurrence opens a new alarm.
  ASSERT_EQ(act("district", id, "close").status, 200);
  publish({level(t + 240000, 1.0), level(t + 300000, 3.5)});
  items = s().as("district", "GET", "/api/v1/alarms?sort=id&device_id=" + std::to_string(d))
              .json()
              .at("items")
              .as_array();
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].at("id").as_int64(), id);
  EXPECT_EQ(items[0].at("status").as_string(), "closed");
  EXPECT_EQ(items[1].at("status").as_string(), "open");
  EXPECT_EQ(items[1].at("count").as_int64(), 1);
  // Filters.
  auto open = s().as("district", "GET",
                     "/api/v1/alarms?status=open&level=yellow&device_id=" + std::to_string(d));
  ASSERT_EQ(open.status, 200) << open.body;
  EXPECT_EQ(open.json().at("total").as_int64(), 1);
  EXPECT_EQ(open.json().at("page").as_int64(), 1);
  EXPECT_EQ(s().as("district", "GET", "/api/v1/alarms?status=burning").status, 400);
  EXPECT_EQ(s().as("district", "GET", "/api/v1/alarms?colour=red").error_field(), "colour");
}

TEST_P(Alarms, TheRulesStateSurvivesARestart) {
  // The app's service sees 30 mm; a second service on the same store (a restarted process)
  // sees 20 mm an hour later: 50 mm in 3 h is orange only if the window was kept. The saved
  // state holds no readings (bounded): the window is re-read through ReadingHistory, here the
  // readings this test published (they bypass the monitor's store).
  struct Published final : ReadingHistory {
    std::vector<Reading> all;
    std::vector<Reading> readings(int64_t device_id, const std::string& metric, int64_t from_ms,
                                  int64_t to_ms) const override {
      std::vector<Reading> out;
      for (const auto& r : all)
        if (r.device_id == device_id && r.metric == metric && r.ts_ms > from_ms && r.ts_ms <= to_ms)
          out.push_back(r);
      return out;
    }
  } history;
  int64_t d = next_device++;
  int64_t t0 = SystemClock().now_ms() - kHour;
  history.all = {rain(d, "330106009", t0, 30.0)};
  publish(history.all);
  auto& deps = s().app().deps();
  {
    // The saved state of this gauge is small: no readings in it.
    auto c = deps.db.acquire();
    auto rows = c->query("SELECT state FROM alarm_rule_states WHERE device_id = ?", {d});
    ASSERT_EQ(rows.rows.size(), 1u);
    EXPECT_EQ(rows.rows[0].str(0).find("\"ts\""), std::string::npos) << rows.rows[0].str(0);
  }
  SystemClock clock;
  alarms::AlarmsService restarted(deps.db, clock, *deps.audit, nullptr, &history);
  restarted.start();
  std::vector<Reading> later{rain(d, "330106009", t0 + kHour, 20.0)};
  restarted.on_readings(later);
  EXPECT_EQ(restarted.failures(), 0);
  auto items = alarms_of(d);
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].at("level").as_string(), "orange");
}

TEST_P(Alarms, TheLifecycleOverHttp) {
  int64_t id = raise();
  ASSERT_GT(id, 0);
  auto o = detail(id);
  EXPECT_EQ(o.at("allowed_actions").as_array(), (json::array{"claim", "close", "dismiss"}));
  // 422: no action, an unknown one, an unknown field.
  auto path = "/api/v1/alarms/" + std::to_string(id) + "/actions";
  auto bad = s().as_json("district", "POST", path, json::object{});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.error_field(), "action");
  bad = s().as_json("district", "POST", path, json::object{{"action", "snooze"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.error_field(), "action");
  bad = s().as_json("district", "POST", path, json::object{{"action", "claim"}, {"by", "x"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.error_field(), "by");
  // 403: a viewer reads but does not act.
  EXPECT_EQ(s().as("viewer", "GET", "/api/v1/alarms/" + std::to_string(id)).status, 200);
  EXPECT_EQ(act("viewer", id, "claim").status, 403);
  // 409 naming the state.
  auto early = act("district", id, "verify");
  EXPECT_EQ(early.status, 409);
  EXPECT_EQ(early.error_code(), "conflict");
  EXPECT_NE(early.body.find("open"), std::string::npos) << early.body;
  // The path: claim (by the town's own officer) → verify → close; convert is opening an
  // incident from the alarm (tests/http/incidents_test.cpp), refused here.
  auto claimed = act("town_330106009", id, "claim");
  ASSERT_EQ(claimed.status, 200) << claimed.body;
  EXPECT_EQ(claimed.json().at("status").as_string(), "claimed");
  ASSERT_EQ(act("district", id, "verify").status, 200);
  EXPECT_EQ(detail(id).at("allowed_actions").as_array(), (json::array{"close"}));
  auto converted = act("district", id, "convert");
  EXPECT_EQ(converted.status, 409);
  EXPECT_EQ(converted.error_field(), "action");
  EXPECT_TRUE(detail(id).at("incident_ref").is_null());
  ASSERT_EQ(act("district", id, "close").status, 200);
  auto again = act("district", id, "dismiss");
  EXPECT_EQ(again.status, 409);
  EXPECT_NE(again.body.find("closed"), std::string::npos) << again.body;
  auto hist = detail(id).at("actions").as_array();
  ASSERT_EQ(hist.size(), 4u);
  EXPECT_EQ(hist[1].at("action").as_string(), "claim");
  EXPECT_EQ(hist[1].at("actor").as_string(), "town_330106009");
  EXPECT_EQ(hist[1].at("note").as_string(), "test claim");
  EXPECT_EQ(hist[3].at("to_status").as_string(), "closed");
  // Dismiss from claimed.
  int64_t other = raise();
  ASSERT_EQ(act("district", other, "claim").status, 200);
  auto dismissed = act("district", other, "dismiss");
  ASSERT_EQ(dismissed.status, 200);
  EXPECT_EQ(dismissed.json().at("status").as_string(), "dismissed");
}

TEST_P(Alarms, AnotherTownsAlarmsAreInvisible) {
  int64_t mine = raise("330106009");
  int64_t theirs = raise("330106002");
  EXPECT_EQ(s().as("town_330106009", "GET", "/api/v1/alarms/" + std::to_string(mine)).status, 200);
  EXPECT_EQ(s().as("town_330106009", "GET", "/api/v1/alarms/" + std::to_string(theirs)).status,
            404);
  EXPECT_EQ(act("town_330106009", theirs, "claim").status, 404);
  auto list = s().as("town_330106009", "GET", "/api/v1/alarms?page_size=500");
  ASSERT_EQ(list.status, 200);
  for (const auto& a : list.json().at("items").as_array())
    EXPECT_EQ(a.at("town_code").as_string(), "330106009");
}

TEST_P(Alarms, RulesAreListedAndValidated) {
  auto list = s().as("viewer", "GET", "/api/v1/alarm-rules");
  ASSERT_EQ(list.status, 200) << list.body;
  const auto& items = list.json().at("items").as_array();
  ASSERT_FALSE(items.empty());
  const auto& rain_rule = items[0].as_object();
  EXPECT_EQ(rain_rule.at("name").as_string(), "rainstorm");
  EXPECT_TRUE(rain_rule.at("built_in").as_bool());
  EXPECT_EQ(rain_rule.at("device_kind").as_string(), "rain_gauge");
  EXPECT_EQ(rain_rule.at("clear_s").as_int64(), 3600);
  EXPECT_EQ(rain_rule.at("criteria").at("red").at("mm").as_double(), 100.0);
  EXPECT_EQ(rain_rule.at("criteria").at("blue").at("window_h").as_double(), 12.0);
  int64_t rid = rain_rule.at("id").as_int64();
  std::string rpath = "/api/v1/alarm-rules/" + std::to_string(rid);

  auto post = [&](const std::string& user, json::object body) {
    return s().as_json(user, "POST", "/api/v1/alarm-rules", body);
  };
  json::object good{{"name", "pressure-" + GetParam()},
                    {"type", "threshold"},
                    {"device_kind", "gas_meter"},
                    {"metric", "pressure_kpa"},
                    {"comparison", "le"},
                    {"levels", json::object{{"yellow", 50}, {"red", 20}}},
                    {"hold_s", 30}};
  EXPECT_EQ(post("town_330106009", good).status, 403);
  json::object wrong = good;
  wrong["levels"] = json::object{{"yellow", 20}, {"red", 50}};  // ≤: red must be lower
  auto r = post("district", wrong);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(r.error_field(), "levels");
  wrong = good;
  wrong["hold_s"] = -1;
  EXPECT_EQ(post("district", wrong).error_field(), "hold_s");
  wrong = good;
  wrong["device_id"] = 5;  // and device_kind
  EXPECT_EQ(post("district", wrong).error_field(), "device_id");
  wrong = good;
  wrong["after_s"] = 60;
  EXPECT_EQ(post("district", wrong).error_field(), "after_s");
  wrong = good;
  wrong["type"] = "rainstorm";
  EXPECT_EQ(post("district", wrong).error_field(), "type");
  int64_t before = s().count("alarm_rules");
  auto made = post("district", good);
  ASSERT_EQ(made.status, 201) << made.body;
  EXPECT_EQ(s().count("alarm_rules"), before + 1);
  EXPECT_EQ(post("district", good).status, 409);  // the name is taken
  auto offline = post("admin", json::object{{"name", "silent-" + GetParam()},
                                            {"type", "offline"},
                                            {"device_kind", "gas_meter"},
                                            {"metric", "pressure_kpa"},
                                            {"after_s", 5}});
  EXPECT_EQ(offline.status, 422);
  EXPECT_EQ(offline.error_field(), "after_s");

  // The built-in rule: its clear period is editable, its kind and metric are not.
  auto patched = s().as("district", "PATCH", rpath, R"({"clear_s":3600})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json().at("version").as_int64(), rain_rule.at("version").as_int64())
      << "an unchanged rule keeps its version";
  auto bad = s().as("district", "PATCH", rpath, R"({"metric":"snow_mm"})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(bad.error_field(), "metric");
  bad = s().as("district", "PATCH", rpath, R"({"clear_s":86400})");
  EXPECT_EQ(bad.error_field(), "clear_s");
  EXPECT_EQ(s().as("viewer", "PATCH", rpath, R"({"clear_s":1800})").status, 403);
  patched = s().as("district", "PATCH", rpath, R"({"clear_s":1800})");
  ASSERT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(patched.json().at("clear_s").as_int64(), 1800);
  EXPECT_EQ(patched.json().at("version").as_int64(), rain_rule.at("version").as_int64() + 1);
  ASSERT_EQ(s().as("district", "PATCH", rpath, R"({"clear_s":3600})").status, 200);
  EXPECT_EQ(s().as("district", "GET", "/api/v1/alarm-rules/999999").status, 404);
}

// A blocking WebSocket client (as in live_test.cpp).
class LiveClient {
 public:
  LiveClient(uint16_t port, const std::string& token) : ws_(ioc_) {
    beast::get_lowest_layer(ws_).connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    beast::get_lowest_layer(ws_).expires_after(std::chrono::seconds(10));
    ws_.set_option(websocket::stream_base::decorator(
        [token](websocket::request_type& r) { r.set("Authorization", "Bearer " + token); }));
    ws_.handshake("127.0.0.1:" + std::to_string(port), "/api/v1/live");
    beast::get_lowest_layer(ws_).expires_never();
  }
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
      beast::get_lowest_layer(ws_).cancel();
      ioc_.restart();
      ioc_.run_for(std::chrono::milliseconds(1000));
    }
    return out;
  }
  std::optional<json::object> next_event(int ms = 5000) {
    for (;;) {
      auto m = next(ms);
      if (!m) return m;
      auto topic = m->if_contains("topic");
      if (topic && (topic->as_string() == "heartbeat" || topic->as_string() == "system")) continue;
      return m;
    }
  }
  void subscribe(const std::string& topic) {
    ws_.text(true);
    ws_.write(asio::buffer(json::serialize(json::object{{"subscribe", json::array{topic}}})));
    for (;;) {
      auto m = next();
      ASSERT_TRUE(m) << "no acknowledgement";
      ASSERT_FALSE(m->contains("error")) << json::serialize(*m);
      if (m->at("type").as_string() == "subscribed") return;
    }
  }

 private:
  asio::io_context ioc_;
  websocket::stream<beast::tcp_stream> ws_;
};

TEST_P(Alarms, AnAlarmIsPushedLiveToTheClientsWhoseScopeHoldsIt) {
  LiveClient district(s().port(), s().token("district"));
  LiveClient other_town(s().port(), s().token("town_330106002"));
  district.subscribe("alarms");
  other_town.subscribe("alarms");
  int64_t id = raise("330106009");
  auto e = district.next_event();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->at("topic").as_string(), "alarms");
  EXPECT_EQ(e->at("type").as_string(), "created");
  EXPECT_EQ(e->at("data").at("id").as_int64(), id);
  EXPECT_EQ(e->at("data").at("level").as_string(), "orange");
  // The other town's first event is its own alarm, not the one above.
  int64_t theirs = raise("330106002");
  auto first = other_town.next_event();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->at("data").at("id").as_int64(), theirs);
  // A lifecycle step is pushed too.
  ASSERT_EQ(act("district", id, "claim").status, 200);
  for (;;) {
    auto u = district.next_event();
    ASSERT_TRUE(u);
    if (u->at("data").at("id").as_int64() != id) continue;
    EXPECT_EQ(u->at("type").as_string(), "updated");
    EXPECT_EQ(u->at("data").at("status").as_string(), "claimed");
    break;
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, Alarms, ::testing::ValuesIn(backends()),
                         [](const auto& info) { return info.param; });

alarms::Notification note(int64_t id) {
  return alarms::Notification{"raise", id,
                              json::serialize(json::object{{"id", id}, {"kind", "raise"}}), "test"};
}

TEST(AlarmWebhook, RetriesWithBackoffUntilTheHookAccepts) {
  Listener hook(2);
  alarms::WebhookOptions o;
  o.url = "http://127.0.0.1:" + std::to_string(hook.port()) + "/hook";
  o.max_attempts = 4;
  o.first_backoff = std::chrono::milliseconds(50);
  auto ch = alarms::make_webhook_channel(o);
  auto t0 = std::chrono::steady_clock::now();
  ch->notify(note(41));
  ASSERT_TRUE(ch->drain(std::chrono::seconds(10)));
  auto took = std::chrono::steady_clock::now() - t0;
  EXPECT_EQ(hook.requests(), 3);
  ASSERT_EQ(hook.bodies().size(), 1u);
  EXPECT_EQ(json::parse(hook.bodies()[0]).at("id").as_int64(), 41);
  auto st = ch->stats();
  EXPECT_EQ(st.delivered, 1);
  EXPECT_EQ(st.retried, 2);
  EXPECT_EQ(st.failed, 0);
  EXPECT_GE(took, std::chrono::milliseconds(150)) << "backoff 50 ms then 100 ms";
}

TEST(AlarmWebhook, GivesUpAfterTheBoundedAttempts) {
  Listener hook(1000);
  alarms::WebhookOptions o;
  o.url = "http://127.0.0.1:" + std::to_string(hook.port()) + "/hook";
  o.max_attempts = 3;
  o.first_backoff = std::chrono::milliseconds(10);
  auto ch = alarms::make_webhook_channel(o);
  ch->notify(note(1));
  ch->notify(note(2));
  ASSERT_TRUE(ch->drain(std::chrono::seconds(10)));
  EXPECT_EQ(hook.requests(), 6);
  EXPECT_EQ(ch->stats().failed, 2);
  EXPECT_EQ(ch->stats().delivered, 0);
  EXPECT_THROW(alarms::make_webhook_channel({.url = "https://example.org/x"}),
               std::invalid_argument);
}

}  // namespace
}  // namespace lakeguard::testing
