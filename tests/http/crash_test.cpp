// kill -9 of the server during writes: every write that was answered 2xx is there after a
// restart. Runs the real `lakeguard` binary as a child process, on SQLite and PostgreSQL.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <thread>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/websocket.hpp>

#include "client.h"
#include "db/database.h"
#include "fixture.h"

#ifndef LAKEGUARD_BIN
#error "LAKEGUARD_BIN must name the lakeguard binary"
#endif

namespace lakeguard::testing {
namespace {

namespace json = boost::json;

struct Child {
  pid_t pid = -1;
  uint16_t port = 0;
};

// Starts `lakeguard args…` with stdout on a pipe; when `wait_port`, reads until the "serving"
// line and returns the port.
Child spawn(const std::vector<std::string>& args, bool wait_port) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("pipe");
  pid_t pid = fork();
  if (pid == 0) {
    if (wait_port) {
      dup2(fds[1], STDOUT_FILENO);
    } else {
      int devnull = open("/dev/null", O_WRONLY);
      dup2(devnull, STDOUT_FILENO);
    }
    close(fds[0]);
    close(fds[1]);
    std::vector<char*> argv;
    std::string bin = LAKEGUARD_BIN;
    argv.push_back(bin.data());
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    setenv("LAKEGUARD_DEMO_PASSWORD", kDemoPassword, 1);
    setenv("LAKEGUARD_LOG_LEVEL", "warn", 1);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  close(fds[1]);
  Child c{pid, 0};
  if (wait_port) {
    std::string out;
    char buf[256];
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      ssize_t n = read(fds[0], buf, sizeof buf);
      if (n <= 0) break;
      out.append(buf, static_cast<size_t>(n));
      auto pos = out.find("serving http://127.0.0.1:");
      if (pos != std::string::npos) {
        auto end = out.find('/', pos + 25);
        if (end != std::string::npos) {
          c.port = static_cast<uint16_t>(std::stoi(out.substr(pos + 25, end - pos - 25)));
          break;
        }
      }
    }
    if (!c.port) throw std::runtime_error("server did not start: " + out);
  }
  close(fds[0]);
  return c;
}

int wait_exit(pid_t pid) {
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

std::string login(const HttpClient& client) {
  auto r = client.request(
      "POST", "/api/v1/auth/login",
      json::serialize(json::object{{"username", "district"}, {"password", kDemoPassword}}),
      {{"Content-Type", "application/json"}});
  if (r.status != 200) throw std::runtime_error("login: " + r.body);
  return std::string(r.json().at("token").as_string());
}

std::string db_target(const std::string& backend, const std::filesystem::path& dir) {
  if (backend == "sqlite") return (dir / "crash.sqlite").string();
  const char* url = std::getenv("LAKEGUARD_TEST_PG_URL");
  if (!url) throw std::runtime_error("LAKEGUARD_TEST_PG_URL is not set");
  std::string name = "lakeguard_crash_" + std::to_string(getpid());
  {
    auto db = db::open_database(url, {.pool_size = 1});
    auto c = db->acquire();
    c->exec_script("DROP DATABASE IF EXISTS " + name);
    c->exec_script("CREATE DATABASE " + name);
  }
  std::string base(url);
  base = base.substr(0, base.find('?'));
  return base.substr(0, base.rfind('/') + 1) + name;
}

class Crash : public ::testing::TestWithParam<std::string> {};

TEST_P(Crash, EveryAcknowledgedWriteSurvivesKillMinus9) {
  auto dir =
      std::filesystem::temp_directory_path() / ("lakeguard-crash-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  std::string db = db_target(GetParam(), dir);
  ASSERT_EQ(wait_exit(spawn({"demo", "--db", db, "--no-serve"}, false).pid), 0);

  Child server = spawn({"serve", "--db", db, "--listen", "127.0.0.1:0"}, true);
  HttpClient client("127.0.0.1", server.port);
  std::string token = login(client);
  std::mutex mu;
  std::vector<int64_t> acknowledged;
  std::atomic<bool> stop{false};
  std::atomic<int> attempts{0};
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; !stop; ++i) {
        json::object body{{"name", "崩溃测试避难所-" + std::to_string(t) + "-" + std::to_string(i)},
                          {"capacity_people", 100 + i},
                          {"town_code", "330106009"},
                          {"lon", 120.09},
                          {"lat", 30.24}};
        try {
          ++attempts;
          auto r = client.request(
              "POST", "/api/v1/shelters", json::serialize(body),
              {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
          if (r.status == 201) {
            std::lock_guard lk(mu);
            acknowledged.push_back(r.json().at("id").as_int64());
          }
        } catch (...) {
          return;  // the server is gone
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  kill(server.pid, SIGKILL);
  wait_exit(server.pid);
  stop = true;
  for (auto& w : writers) w.join();
  ASSERT_GT(acknowledged.size(), 20u) << "too few writes before the kill to mean anything";

  Child again = spawn({"serve", "--db", db, "--listen", "127.0.0.1:0"}, true);
  HttpClient client2("127.0.0.1", again.port);
  std::string token2 = login(client2);
  size_t missing = 0;
  for (int64_t id : acknowledged) {
    auto r = client2.request("GET", "/api/v1/shelters/" + std::to_string(id), "",
                             {{"Authorization", "Bearer " + token2}});
    missing += r.status != 200;
  }
  EXPECT_EQ(missing, 0u) << "of " << acknowledged.size() << " acknowledged writes";
  // The audit log stays admin-only after a restart.
  auto audit = client2.request("GET", "/api/v1/audit?entity=shelters&page_size=1", "",
                               {{"Authorization", "Bearer " + login(client2)}});
  EXPECT_EQ(audit.status, 403);  // district officers do not read the audit log
  // An open live-updates connection does not hold the shutdown up: it is closed, and the server
  // exits well within its 10 s grace period.
  namespace beast = boost::beast;
  boost::asio::io_context ioc;
  beast::websocket::stream<beast::tcp_stream> ws(ioc);
  beast::get_lowest_layer(ws).connect({boost::asio::ip::make_address("127.0.0.1"), again.port});
  ws.set_option(beast::websocket::stream_base::decorator(
      [&](beast::websocket::request_type& r) { r.set("Authorization", "Bearer " + token2); }));
  ws.handshake("127.0.0.1:" + std::to_string(again.port), "/api/v1/live");
  ws.write(boost::asio::buffer(std::string(R"({"subscribe":["shelters"]})")));
  beast::flat_buffer ack;
  ws.read(ack);
  auto t0 = std::chrono::steady_clock::now();
  kill(again.pid, SIGTERM);
  EXPECT_EQ(wait_exit(again.pid), 0) << "SIGTERM stops the server cleanly";
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::seconds(5));
  beast::flat_buffer after;
  beast::error_code ec;
  ws.read(after, ec);
  EXPECT_TRUE(ec) << "the live connection ends with the server";
  std::filesystem::remove_all(dir);
}

INSTANTIATE_TEST_SUITE_P(Backends, Crash, ::testing::ValuesIn(backends()),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace lakeguard::testing
