#pragma once
// An in-process lakeguard on an ephemeral loopback port with the West Lake demo loaded, on SQLite
// and — when LAKEGUARD_TEST_PG_URL is set — on a fresh PostgreSQL database. One server per
// backend per test binary; tests create their own objects so they stay independent.

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "app/app.h"
#include "app/demo.h"
#include "client.h"

namespace lakeguard::testing {

inline constexpr const char* kDemoPassword = "test-demo-password";

class TestServer {
 public:
  explicit TestServer(const std::string& backend);
  ~TestServer();

  HttpClient client() const { return HttpClient("127.0.0.1", port_); }
  uint16_t port() const { return port_; }
  app::App& app() { return *app_; }
  const app::DemoSummary& demo() const { return demo_; }
  const std::string& backend() const { return backend_; }
  const std::string& db_target() const { return db_target_; }

  // A bearer token of a demo user (logged in once, cached).
  std::string token(const std::string& user);
  // A request as `user` ("" = anonymous) with a bearer token; JSON content type when body given.
  HttpResponse as(const std::string& user, const std::string& method, const std::string& target,
                  const std::string& body = "",
                  std::vector<std::pair<std::string, std::string>> headers = {});
  HttpResponse as_json(const std::string& user, const std::string& method,
                       const std::string& target, const boost::json::value& body) {
    return as(user, method, target, boost::json::serialize(body));
  }
  // A row count straight from the store, for "nothing was written" checks.
  int64_t count(const std::string& table);
  // The first object id of a table matching `where` (static SQL), or -1.
  int64_t first_id(const std::string& table, const std::string& where = "1 = 1");

 private:
  std::string backend_;
  std::string db_target_;
  std::unique_ptr<app::App> app_;
  app::DemoSummary demo_;
  uint16_t port_ = 0;
  std::mutex mu_;
  std::map<std::string, std::string> tokens_;
};

// The shared server of a backend ("sqlite" or "postgres").
TestServer& server(const std::string& backend);
// The backends this run covers: sqlite, plus postgres when configured. When
// LAKEGUARD_REQUIRE_PG=1 and no URL is set, the postgres instance fails instead of being skipped.
std::vector<std::string> backends();

// A valid 统一社会信用代码 derived from n (for creating unique enterprises in tests).
std::string credit_code_for(int n);

}  // namespace lakeguard::testing
