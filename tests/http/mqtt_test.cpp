// MQTT ingest against a real Mosquitto started by the test on a free 127.0.0.1 port (issue 9
// items 1 and 8; docs/monitor.md "MQTT"): QoS 1 messages on lakeguard/v1/telemetry/{device_code}
// (one metric, several "values", a repeat, a bad payload, an unknown device) are stored through
// the shared subscription, refused ones kept as dead letters with source 'mqtt'; and messages
// published while lakeguard is down reach it when it comes back (its persistent session), each
// stored once. Publishing is done by mosquitto_pub (MQTT 5, QoS 1), not by lakeguard's code.

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <thread>

#include "app/app.h"
#include "app/demo.h"
#include "core/clock.h"

extern char** environ;

namespace lakeguard::testing {
namespace {

namespace fs = std::filesystem;

int free_port() {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = 0;
  ::bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t n = sizeof a;
  ::getsockname(s, reinterpret_cast<sockaddr*>(&a), &n);
  int port = ntohs(a.sin_port);
  ::close(s);
  return port;
}

bool port_open(int port) {
  int s = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  a.sin_port = htons(static_cast<uint16_t>(port));
  bool ok = ::connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  ::close(s);
  return ok;
}

pid_t spawn(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), environ) != 0) return -1;
  return pid;
}

int run(const std::vector<std::string>& argv) {
  pid_t pid = spawn(argv);
  if (pid < 0) return -1;
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

template <class F>
bool eventually(F f, int timeout_ms = 15000) {
  for (int waited = 0; waited < timeout_ms; waited += 50) {
    if (f()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return f();
}

class Mqtt : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("lakeguard-mqtt-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    // Mosquitto started as root runs as user mosquitto: it must be able to write its store here.
    fs::permissions(dir_, fs::perms::all);
    port_ = free_port();
    {
      std::ofstream conf(dir_ / "mosquitto.conf");
      conf << "listener " << port_ << " 127.0.0.1\nallow_anonymous true\npersistence true\n"
           << "persistence_location " << dir_.string() << "/\nmax_queued_messages 100000\n"
           << "log_dest file " << (dir_ / "mosquitto.log").string() << "\n";
    }
    broker_ = spawn({"mosquitto", "-c", (dir_ / "mosquitto.conf").string()});
    ASSERT_GT(broker_, 0) << "cannot start mosquitto";
    ASSERT_TRUE(eventually([&] { return port_open(port_); }, 5000)) << "mosquitto did not listen";
    db_ = (dir_ / "test.sqlite").string();
    app::reset_store(db_);
  }
  void TearDown() override {
    app_.reset();
    if (broker_ > 0) {
      ::kill(broker_, SIGTERM);
      ::waitpid(broker_, nullptr, 0);
    }
    fs::remove_all(dir_);
  }
  void start_app(bool demo) {
    app::Config cfg;
    cfg.db = db_;
    cfg.listen = "127.0.0.1:0";
    cfg.log_level = "warn";
    cfg.web_root = "/nonexistent";
    cfg.mqtt_url = "tcp://127.0.0.1:" + std::to_string(port_);
    cfg.mqtt_client_id = "lakeguard-test-" + std::to_string(::getpid());
    app_ = std::make_unique<app::App>(cfg);
    if (demo) app::load_demo(*app_, app::default_path("data"), "mqtt-test-password", 330106);
    http_port_ = app_->start();
  }
  int64_t q(const std::string& sql, std::vector<db::Value> params = {}) {
    auto c = app_->db().acquire();
    return c->query(sql, params).rows.at(0).i64(0);
  }
  int publish(const std::string& code, const std::string& payload) {
    return run({"mosquitto_pub", "-h", "127.0.0.1", "-p", std::to_string(port_), "-V", "5", "-q",
                "1", "-t", "lakeguard/v1/telemetry/" + code, "-m", payload});
  }
  bool metrics_connected();

  fs::path dir_;
  int port_ = 0;
  uint16_t http_port_ = 0;
  pid_t broker_ = -1;
  std::string db_;
  std::unique_ptr<app::App> app_;
};

}  // namespace
}  // namespace lakeguard::testing

#include "client.h"

namespace lakeguard::testing {
namespace {

bool Mqtt::metrics_connected() {
  // Not cached by the server: the gauge reflects the subscription's acknowledgement.
  HttpClient c("127.0.0.1", http_port_);
  auto r = c.request("GET", "/metrics");
  return r.body.find("lakeguard_mqtt_connected 1") != std::string::npos;
}

TEST_F(Mqtt, QoS1MessagesAreStoredAndRefusedOnesDeadLettered) {
  start_app(true);
  ASSERT_TRUE(eventually([&] { return metrics_connected(); })) << "not subscribed";
  std::string code;
  int64_t device = 0;
  {
    auto c = app_->db().acquire();
    auto r =
        c->query("SELECT id, code FROM devices WHERE kind = 'wind' ORDER BY id LIMIT 1").rows.at(0);
    device = r.i64(0);
    code = r.str(1);
  }
  const int64_t t = (SystemClock().now_ms() / 1000 - 600) * 1000;
  ASSERT_EQ(publish(code, "{\"ts\":" + std::to_string(t) +
                              ",\"metric\":\"wind_speed_mps\",\"value\":4.5}"),
            0);
  ASSERT_EQ(publish(code, "{\"ts\":\"" + iso_utc(t + 1000) +
                              "\",\"values\":{\"wind_speed_mps\":5,\"wind_direction_deg\":270}}"),
            0);
  ASSERT_EQ(publish(code, "{\"ts\":" + std::to_string(t) +
                              ",\"metric\":\"wind_speed_mps\",\"value\":4.5}"),
            0);  // a repeat
  ASSERT_EQ(publish(code, "{\"ts\":oops}"), 0);
  ASSERT_EQ(publish("NO-SUCH-DEVICE",
                    "{\"ts\":" + std::to_string(t) + ",\"metric\":\"rain_mm\",\"value\":1}"),
            0);
  ASSERT_TRUE(eventually([&] {
    return q("SELECT COUNT(*) FROM readings WHERE device_id = ?", {device}) == 3 &&
           q("SELECT COUNT(*) FROM telemetry_dead_letters WHERE source = 'mqtt'") == 2;
  })) << "readings "
      << q("SELECT COUNT(*) FROM readings WHERE device_id = ?", {device}) << " dead letters "
      << q("SELECT COUNT(*) FROM telemetry_dead_letters");
  EXPECT_EQ(q("SELECT COUNT(*) FROM readings WHERE device_id = ? AND metric = 'wind_direction_deg' "
              "AND ts_ms = ?",
              {device, t + 1000}),
            1);
  EXPECT_EQ(q("SELECT COUNT(*) FROM telemetry_dead_letters WHERE reason = 'bad_json'"), 1);
  EXPECT_EQ(q("SELECT COUNT(*) FROM telemetry_dead_letters WHERE reason = 'unknown_device' AND "
              "device_code = 'NO-SUCH-DEVICE'"),
            1);
  EXPECT_EQ(q("SELECT COUNT(*) FROM device_last_seen WHERE device_id = ?", {device}), 1);
}

TEST_F(Mqtt, MessagesPublishedWhileLakeguardIsDownArriveWhenItReturns) {
  start_app(true);
  ASSERT_TRUE(eventually([&] { return metrics_connected(); })) << "not subscribed";
  std::string code;
  int64_t device = 0;
  {
    auto c = app_->db().acquire();
    auto r = c->query("SELECT id, code FROM devices WHERE kind = 'rain_gauge' ORDER BY id LIMIT 1")
                 .rows.at(0);
    device = r.i64(0);
    code = r.str(1);
  }
  app_.reset();  // lakeguard down; its session (and subscription) stays on the broker
  const int64_t t = (SystemClock().now_ms() / 1000 - 900) * 1000;
  for (int i = 0; i < 20; ++i)
    ASSERT_EQ(publish(code, "{\"ts\":" + std::to_string(t + i * 1000) +
                                ",\"metric\":\"rain_mm\",\"value\":0.5}"),
              0);
  start_app(false);  // the same client id: the broker delivers what it queued
  ASSERT_TRUE(eventually([&] {
    return q("SELECT COUNT(*) FROM readings WHERE device_id = ?", {device}) == 20;
  })) << q("SELECT COUNT(*) FROM readings WHERE device_id = ?", {device});
  // Each stored once, rolled up once.
  EXPECT_EQ(q("SELECT SUM(n) FROM readings_1h WHERE device_id = ?", {device}), 20);
  EXPECT_EQ(q("SELECT SUM(n) FROM readings_1m WHERE device_id = ?", {device}), 20);
}

}  // namespace
}  // namespace lakeguard::testing
