// Telemetry ingest and storage through the real server, on SQLite and PostgreSQL (issue 9 items
// 1–2, docs/monitor.md): NDJSON ingest (accepted and rejected counts with the reason per line, a
// repeated (device, metric, ts) stored once, dead letters, the /metrics counters), who may post
// (401/403/415/413, telemetry tokens), reading series by range and step with their roll-ups,
// scope (another town's device is 404), device status and the retention pass. Expectations come
// from the issue and docs/monitor.md, not from src/monitor/.

#include <gtest/gtest.h>

#include <atomic>
#include <mutex>
#include <regex>

#include "core/clock.h"
#include "fixture.h"

namespace lakeguard::testing {
namespace {

namespace json = boost::json;

constexpr int64_t kMin = 60'000;
constexpr int64_t kHour = 3'600'000;
constexpr int64_t kDay = 24 * kHour;

struct Dev {
  int64_t id = 0;
  std::string code, town;
};

class Monitor : public ::testing::TestWithParam<std::string> {
 protected:
  TestServer& s() { return server(GetParam()); }

  // The n-th rain gauge of the demo (each test takes its own so they stay independent).
  Dev gauge(int n) {
    auto c = s().app().db().acquire();
    auto r = c->query(
                  "SELECT id, code, town_code FROM devices WHERE kind = 'rain_gauge' ORDER BY id "
                  "LIMIT 1 OFFSET ?",
                  {int64_t{n}})
                 .rows.at(0);
    return Dev{r.i64(0), r.str(1), r.str(2)};
  }
  static std::string line(const std::string& code, int64_t ts, double v,
                          const std::string& metric = "rain_mm") {
    return json::serialize(
               json::object{{"device_code", code}, {"ts", ts}, {"metric", metric}, {"value", v}}) +
           "\n";
  }
  HttpResponse post(const std::string& user, const std::string& body,
                    const std::string& ct = "application/x-ndjson") {
    return s().as(user, "POST", "/api/v1/telemetry", body, {{"Content-Type", ct}});
  }
  HttpResponse post_token(const std::string& token, const std::string& body) {
    return s().client().request(
        "POST", "/api/v1/telemetry", body,
        {{"Authorization", "Bearer " + token}, {"Content-Type", "application/x-ndjson"}});
  }
  int64_t stored(int64_t device, const std::string& where = "1 = 1") {
    auto c = s().app().db().acquire();
    return c->query("SELECT COUNT(*) FROM readings WHERE device_id = ? AND " + where, {device})
        .rows.at(0)
        .i64(0);
  }
  // A metric's value in /metrics (0 when absent).
  int64_t metric(const std::string& name) {
    auto r = s().client().request("GET", "/metrics");
    std::smatch m;
    std::regex re("\n" + std::regex_replace(name, std::regex(R"([{}"])"), R"(\$&)") + R"( (\d+))");
    if (std::regex_search(r.body, m, re)) return std::stoll(m[1]);
    return 0;
  }
  // A past time of its own for each call: readings never collide across tests and runs.
  int64_t fresh_hour() {
    static std::atomic<int64_t> n{0};
    const int64_t now = SystemClock().now_ms();
    return (now / kHour - 3 - 4 * (++n)) * kHour;
  }
  json::object readings(const std::string& user, const Dev& d, const std::string& query,
                        int expect = 200) {
    auto r = s().as(user, "GET", "/api/v1/devices/" + std::to_string(d.id) + "/readings?" + query);
    EXPECT_EQ(r.status, expect) << r.body;
    if (r.status != 200) return {};
    return r.json().as_object();
  }
};

TEST_P(Monitor, NdjsonIsCountedStoredOnceAndRefusedLinesAreDeadLettered) {
  const Dev d = gauge(0);
  const int64_t t = fresh_hour() + 5 * kMin;
  const int64_t now = SystemClock().now_ms();
  const int64_t dead_before = s().count("telemetry_dead_letters");
  const int64_t dup_before = metric("lakeguard_telemetry_duplicates_total");
  const int64_t unknown_before =
      metric("lakeguard_telemetry_rejected_total{reason=\"unknown_device\"}");
  std::string body = line(d.code, t, 1.5) + line(d.code, t + 1000, 2.5) +
                     line(d.code, t, 9.9) +  // the same (device, metric, ts): stored once
                     "{not json\n" + "\n" + line("NO-SUCH-DEVICE", t, 1) +
                     line(d.code, now + 10 * kMin, 1) +    // more than 5 minutes ahead
                     line(d.code, t, 1, "water_level_m");  // not a metric the gauge declares
  auto r = post("admin", body);
  ASSERT_EQ(r.status, 200) << r.body;
  const auto& o = r.json().as_object();
  EXPECT_EQ(o.at("accepted").as_int64(), 3);
  EXPECT_EQ(o.at("duplicates").as_int64(), 1);
  EXPECT_EQ(o.at("rejected").as_int64(), 4);
  const auto& errors = o.at("errors").as_array();
  ASSERT_EQ(errors.size(), 4u);
  // Line numbers count every line of the body (the blank line 5 too).
  std::vector<std::pair<int64_t, std::string>> want = {
      {4, "bad_json"}, {6, "unknown_device"}, {7, "ts_out_of_range"}, {8, "undeclared_metric"}};
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(errors[i].at("line").as_int64(), want[i].first);
    EXPECT_EQ(errors[i].at("code").as_string(), want[i].second);
    EXPECT_FALSE(errors[i].at("message").as_string().empty());
  }
  EXPECT_EQ(stored(d.id, "ts_ms = " + std::to_string(t)), 1);
  {
    auto c = s().app().db().acquire();
    // The first value is kept: a repeat changes nothing.
    EXPECT_EQ(c->query("SELECT value FROM readings WHERE device_id = ? AND ts_ms = ?", {d.id, t})
                  .rows.at(0)
                  .f64(0),
              1.5);
    auto dl = c->query(
        "SELECT source, reason, payload, line_no FROM telemetry_dead_letters WHERE id > "
        "(SELECT MAX(id) - 4 FROM telemetry_dead_letters) ORDER BY id");
    ASSERT_EQ(dl.size(), 4u);
    EXPECT_EQ(dl.rows[0].str(0), "http");
    EXPECT_EQ(dl.rows[0].str(1), "bad_json");
    EXPECT_EQ(dl.rows[0].str(2), "{not json");
    EXPECT_EQ(dl.rows[0].i64(3), 4);
    EXPECT_EQ(dl.rows[1].str(1), "unknown_device");
  }
  EXPECT_EQ(s().count("telemetry_dead_letters"), dead_before + 4);
  EXPECT_GE(metric("lakeguard_telemetry_duplicates_total"), dup_before + 1);
  EXPECT_GE(metric("lakeguard_telemetry_rejected_total{reason=\"unknown_device\"}"),
            unknown_before + 1);

  // The same body again: every good line is a duplicate, nothing more stored.
  auto again = post("admin", body);
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.json().at("accepted").as_int64(), 3);
  EXPECT_EQ(again.json().at("duplicates").as_int64(), 3);
  EXPECT_EQ(
      stored(d.id, "ts_ms >= " + std::to_string(t) + " AND ts_ms <= " + std::to_string(t + 1000)),
      2);
}

TEST_P(Monitor, OnlyTelemetryTokensAndAdministratorsMayPost) {
  const Dev d = gauge(1);
  const std::string body = line(d.code, fresh_hour(), 1);
  EXPECT_EQ(post("", body).status, 401);
  EXPECT_EQ(post_token("lgt_0000", body).status, 401);
  EXPECT_EQ(post_token("not-a-token", body).status, 401);
  for (const std::string& u : std::vector<std::string>{"viewer", "district", "town_" + d.town}) {
    auto r = post(u, body);
    EXPECT_EQ(r.status, 403) << u << ": " << r.body;
  }
  auto wrong = post("admin", body, "application/json");
  EXPECT_EQ(wrong.status, 415) << wrong.body;
  EXPECT_EQ(wrong.error_code(), "unsupported_media_type");
  std::string many;
  for (int i = 0; i < 10001; ++i) many += "{}\n";
  auto big = post("admin", many);
  EXPECT_EQ(big.status, 413) << big.body;
  EXPECT_EQ(big.error_code(), "payload_too_large");

  // A gateway token: created by an administrator, shown once, good only for telemetry.
  EXPECT_EQ(s().as_json("town_" + d.town, "POST", "/api/v1/telemetry/tokens",
                        json::object{{"name", "gw"}})
                .status,
            403);
  auto bad_name =
      s().as_json("admin", "POST", "/api/v1/telemetry/tokens", json::object{{"name", ""}});
  EXPECT_EQ(bad_name.status, 422);
  EXPECT_EQ(bad_name.error_field(), "name");
  auto made = s().as_json("admin", "POST", "/api/v1/telemetry/tokens",
                          json::object{{"name", "gateway " + GetParam()}});
  ASSERT_EQ(made.status, 201) << made.body;
  const std::string token(made.json().at("token").as_string());
  const int64_t id = made.json().at("id").as_int64();
  auto ok = post_token(token, body);
  ASSERT_EQ(ok.status, 200) << ok.body;
  EXPECT_EQ(ok.json().at("accepted").as_int64(), 1);
  // It is no user's credential.
  auto read = s().client().request("GET", "/api/v1/devices/" + std::to_string(d.id) + "/status", "",
                                   {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(read.status, 401);
  auto list = s().as("admin", "GET", "/api/v1/telemetry/tokens");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.find(token), std::string::npos);  // only its hash is kept
  EXPECT_EQ(s().as("admin", "DELETE", "/api/v1/telemetry/tokens/" + std::to_string(id)).status,
            204);
  EXPECT_EQ(post_token(token, body).status, 401);
}

TEST_P(Monitor, SeriesAreReadRawOrRolledUpByRangeAndStep) {
  const Dev d = gauge(2);
  const int64_t h = fresh_hour();
  // Minute 0: 1 (0 s), 3 (20 s), 2 (40 s); minute 1: 5 (60 s). All in hour h.
  std::string body = line(d.code, h, 1) + line(d.code, h + 20000, 3) + line(d.code, h + 40000, 2) +
                     line(d.code, h + 60000, 5);
  ASSERT_EQ(post("admin", body).status, 200);
  auto range = [&](int64_t from, int64_t to) {
    return "metric=rain_mm&from=" + iso_utc(from) + "&to=" + iso_utc(to);
  };
  // (from, to]: from just before the first reading.
  auto raw = readings("admin", d, range(h - 1, h + kHour) + "&step=raw");
  ASSERT_FALSE(raw.empty());
  EXPECT_EQ(raw.at("step").as_string(), "raw");
  auto& pts = raw.at("points").as_array();
  ASSERT_EQ(pts.size(), 4u);
  EXPECT_EQ(pts[0].at("ts").as_string(), iso_utc(h));
  EXPECT_EQ(pts[1].at("value").as_double(), 3.0);
  EXPECT_EQ(pts[3].at("value").as_double(), 5.0);

  auto m = readings("admin", d, range(h - 1, h + kHour) + "&step=1m");
  ASSERT_EQ(m.at("points").as_array().size(), 2u);
  auto& b0 = m.at("points").as_array()[0].as_object();
  EXPECT_EQ(b0.at("ts").as_string(), iso_utc(h));
  EXPECT_EQ(b0.at("count").as_int64(), 3);
  EXPECT_EQ(b0.at("sum").as_double(), 6.0);
  EXPECT_EQ(b0.at("min").as_double(), 1.0);
  EXPECT_EQ(b0.at("max").as_double(), 3.0);
  EXPECT_EQ(b0.at("last").as_double(), 2.0);   // the latest reading's value, not the largest
  EXPECT_EQ(b0.at("value").as_double(), 2.0);  // the mean

  auto hr = readings("admin", d, range(h - 1, h + kHour) + "&step=1h");
  ASSERT_EQ(hr.at("points").as_array().size(), 1u);
  EXPECT_EQ(hr.at("points").as_array()[0].at("count").as_int64(), 4);
  EXPECT_EQ(hr.at("points").as_array()[0].at("sum").as_double(), 11.0);

  // A late reading (older than the newest) is stored and rolled up too.
  ASSERT_EQ(post("admin", line(d.code, h + 10000, 4)).status, 200);
  auto m2 = readings("admin", d, range(h - 1, h + kHour) + "&step=1m");
  EXPECT_EQ(m2.at("points").as_array()[0].at("count").as_int64(), 4);
  EXPECT_EQ(m2.at("points").as_array()[0].at("max").as_double(), 4.0);
  EXPECT_EQ(m2.at("points").as_array()[0].at("last").as_double(), 2.0);

  // step=auto: raw up to 6 h, 1-minute roll-ups up to 7 days, else 1-hour.
  EXPECT_EQ(readings("admin", d, range(h - 1, h - 1 + 6 * kHour)).at("step").as_string(), "raw");
  EXPECT_EQ(readings("admin", d, range(h - 1, h + 6 * kHour)).at("step").as_string(), "1m");
  EXPECT_EQ(readings("admin", d, range(h - kDay, h + 6 * kDay)).at("step").as_string(), "1m");
  auto month = readings("admin", d, range(h - 20 * kDay, h + 10 * kDay));
  EXPECT_EQ(month.at("step").as_string(), "1h");
  EXPECT_EQ(month.at("points").as_array().size(), 1u);

  // Bad queries name the parameter; a step that would exceed the point limit is refused.
  for (auto [q, field] : std::vector<std::pair<std::string, std::string>>{
           {"from=" + iso_utc(h) + "&to=" + iso_utc(h + kHour), "metric"},
           {range(h, h + kHour) + "&step=5m", "step"},
           {range(h + kHour, h), "from"},
           {"metric=rain_mm&from=yesterday", "from"},
           {"metric=Rain%20mm", "metric"},
           {range(h - 30 * kDay, h) + "&step=1m", "step"}}) {
    auto r = s().as("admin", "GET", "/api/v1/devices/" + std::to_string(d.id) + "/readings?" + q);
    EXPECT_EQ(r.status, 422) << q << ": " << r.body;
    EXPECT_EQ(r.error_field(), field) << q;
  }
  EXPECT_EQ(s().as("admin", "GET",
                   "/api/v1/devices/" + std::to_string(d.id) + "/readings?metric=rain_mm&x=1")
                .status,
            400);
}

TEST_P(Monitor, AnotherTownsDeviceIsInvisible) {
  const Dev d = gauge(3);
  const std::string other = d.town == "330106009" ? "town_330106002" : "town_330106009";
  ASSERT_EQ(post("admin", line(d.code, fresh_hour(), 1)).status, 200);
  const std::string q = "metric=rain_mm&from=" + iso_utc(SystemClock().now_ms() - 30 * kDay);
  readings("town_" + d.town, d, q, 200);
  readings(other, d, q, 404);
  EXPECT_EQ(s().as(other, "GET", "/api/v1/devices/" + std::to_string(d.id) + "/status").status,
            404);
  EXPECT_EQ(s().as("", "GET", "/api/v1/devices/" + std::to_string(d.id) + "/status").status, 401);
}

TEST_P(Monitor, StatusIsOnlineFromLastSeen) {
  const Dev d = gauge(4), quiet = gauge(5);
  ASSERT_EQ(post("admin", line(d.code, fresh_hour(), 7.5)).status, 200);
  auto r = s().as("admin", "GET", "/api/v1/devices/" + std::to_string(d.id) + "/status");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json().at("online").as_bool());
  EXPECT_EQ(r.json().at("code").as_string(), d.code);
  EXPECT_TRUE(r.json().at("last_seen").is_string());
  ASSERT_FALSE(r.json().at("latest").as_array().empty());
  EXPECT_EQ(r.json().at("latest").as_array()[0].at("metric").as_string(), "rain_mm");
  auto q = s().as("admin", "GET", "/api/v1/devices/" + std::to_string(quiet.id) + "/status");
  ASSERT_EQ(q.status, 200);
  EXPECT_FALSE(q.json().at("online").as_bool());
  EXPECT_TRUE(q.json().at("last_seen").is_null());
}

TEST_P(Monitor, CommittedReadingsArePublishedToTheFeed) {
  const Dev d = gauge(6);
  // Shared with the sink, which stays subscribed after the test.
  struct Seen {
    std::mutex mu;
    std::vector<Reading> got;
  };
  auto seen = std::make_shared<Seen>();
  s().app().readings().subscribe([seen, id = d.id](std::span<const Reading> batch) {
    std::lock_guard lock(seen->mu);
    for (const auto& r : batch)
      if (r.device_id == id) seen->got.push_back(r);
  });
  const int64_t h = fresh_hour();
  ASSERT_EQ(post("admin", line(d.code, h + 2000, 2) + line(d.code, h + 1000, 1)).status, 200);
  ASSERT_EQ(post("admin", line(d.code, h, 0.5) + line(d.code, h + 2000, 2)).status, 200);
  std::lock_guard lock(seen->mu);
  const auto& got = seen->got;
  // Oldest first within a batch; a duplicate is not published again; an older one is late.
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].ts_ms, h + 1000);
  EXPECT_EQ(got[1].ts_ms, h + 2000);
  EXPECT_FALSE(got[1].late);
  EXPECT_EQ(got[2].ts_ms, h);
  EXPECT_TRUE(got[2].late);
  EXPECT_EQ(got[0].device_code, d.code);
  EXPECT_EQ(got[0].device_kind, "rain_gauge");
  EXPECT_EQ(got[0].where.town_code, d.town);
  EXPECT_EQ(got[0].metric, "rain_mm");
}

TEST_P(Monitor, RetentionDeletesOldRawReadingsAndKeepsRollUps) {
  const Dev d = gauge(7);
  const int64_t old = (SystemClock().now_ms() / kHour - 40 * 24) * kHour;  // 40 days ago
  ASSERT_EQ(post("admin", line(d.code, old, 3)).status, 200);
  ASSERT_EQ(stored(d.id, "ts_ms = " + std::to_string(old)), 1);
  EXPECT_EQ(s().as("district", "POST", "/api/v1/telemetry/retention").status, 403);
  auto r = s().as("admin", "POST", "/api/v1/telemetry/retention");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_GE(r.json().at("raw").as_int64(), 1);
  EXPECT_EQ(stored(d.id, "ts_ms = " + std::to_string(old)), 0);
  auto c = s().app().db().acquire();
  EXPECT_EQ(c->query("SELECT n FROM readings_1h WHERE device_id = ? AND bucket_ms = ?", {d.id, old})
                .rows.at(0)
                .i64(0),
            1);
  EXPECT_EQ(c->query("SELECT n FROM readings_1m WHERE device_id = ? AND bucket_ms = ?", {d.id, old})
                .rows.at(0)
                .i64(0),
            1);
}

INSTANTIATE_TEST_SUITE_P(Backends, Monitor, ::testing::ValuesIn(backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lakeguard::testing
