#include "fixture.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>

#include "standards/credit_code.h"

namespace lakeguard::testing {

namespace json = boost::json;

namespace {

std::string pg_url() {
  const char* u = std::getenv("LAKEGUARD_TEST_PG_URL");
  return u ? u : "";
}

// A fresh database per server so runs never see each other's rows.
std::string fresh_pg_database(const std::string& url) {
  static std::atomic<int> n{0};
  std::string name = "lakeguard_http_" + std::to_string(getpid()) + "_" + std::to_string(n++);
  {
    auto db = db::open_database(url, {.pool_size = 1});
    auto c = db->acquire();
    c->exec_script("DROP DATABASE IF EXISTS " + name);
    c->exec_script("CREATE DATABASE " + name);
  }
  auto q = url.find('?');
  std::string base = url.substr(0, q);
  auto slash = base.rfind('/');
  return base.substr(0, slash + 1) + name + (q == std::string::npos ? "" : url.substr(q));
}

}  // namespace

std::vector<std::string> backends() {
  std::vector<std::string> b{"sqlite"};
  const char* req = std::getenv("LAKEGUARD_REQUIRE_PG");
  if (!pg_url().empty() || (req && std::string(req) == "1")) b.emplace_back("postgres");
  return b;
}

TestServer::TestServer(const std::string& backend) : backend_(backend) {
  spdlog::set_level(spdlog::level::warn);
  if (backend == "postgres") {
    if (pg_url().empty())
      throw std::runtime_error("LAKEGUARD_REQUIRE_PG=1 but LAKEGUARD_TEST_PG_URL is not set");
    db_target_ = fresh_pg_database(pg_url());
  } else {
    auto dir = std::filesystem::temp_directory_path() /
               ("lakeguard-http-" + std::to_string(getpid()) + "-" +
                std::to_string(reinterpret_cast<uintptr_t>(this) & 0xffff));
    std::filesystem::create_directories(dir);
    db_target_ = (dir / "test.sqlite").string();
    app::reset_store(db_target_);
  }
  app::Config cfg;
  cfg.db = db_target_;
  cfg.listen = "127.0.0.1:0";
  cfg.log_level = "warn";
  cfg.body_limit = 1024 * 1024;
  cfg.plans_max_attachment_bytes = 256 * 1024;  // below the body limit: plans' own 413
  cfg.web_root = "/nonexistent";
  cfg.within_max_features = 300;     // small enough for a test to pass it (413)
  cfg.hazard_scheduler_seconds = 0;  // no background pass: tests run it when they mean to
  app_ = std::make_unique<app::App>(cfg);
  demo_ = app::load_demo(*app_, app::default_path("data"), kDemoPassword, 330106);
  port_ = app_->start();
}

TestServer::~TestServer() {
  app_->stop();
  app_.reset();
  if (backend_ == "sqlite")
    std::filesystem::remove_all(std::filesystem::path(db_target_).parent_path());
}

std::string TestServer::token(const std::string& user) {
  {
    std::lock_guard lk(mu_);
    if (auto it = tokens_.find(user); it != tokens_.end()) return it->second;
  }
  auto r = client().request(
      "POST", "/api/v1/auth/login",
      json::serialize(json::object{{"username", user}, {"password", kDemoPassword}}),
      {{"Content-Type", "application/json"}});
  if (r.status != 200) throw std::runtime_error("login failed for " + user + ": " + r.body);
  std::string t(r.json().at("token").as_string());
  std::lock_guard lk(mu_);
  tokens_[user] = t;
  return t;
}

HttpResponse TestServer::as(const std::string& user, const std::string& method,
                            const std::string& target, const std::string& body,
                            std::vector<std::pair<std::string, std::string>> headers) {
  if (!user.empty()) headers.emplace_back("Authorization", "Bearer " + token(user));
  bool has_ct = false;
  for (auto& [k, v] : headers) has_ct = has_ct || k == "Content-Type";
  if (!body.empty() && !has_ct) headers.emplace_back("Content-Type", "application/json");
  return client().request(method, target, body, headers);
}

int64_t TestServer::count(const std::string& table) {
  auto c = app_->db().acquire();
  return c->query("SELECT COUNT(*) FROM " + table).rows.at(0).i64(0);
}

int64_t TestServer::first_id(const std::string& table, const std::string& where) {
  auto c = app_->db().acquire();
  auto rows = c->query("SELECT MIN(id) FROM " + table + " WHERE " + where);
  return rows.empty() || rows.rows[0].is_null(0) ? -1 : rows.rows[0].i64(0);
}

namespace {
std::map<std::string, std::unique_ptr<TestServer>>& servers() {
  static std::map<std::string, std::unique_ptr<TestServer>> s;
  return s;
}
std::mutex servers_mu;

// Stops the servers after the last test, before static destruction.
class ServerEnvironment : public ::testing::Environment {
 public:
  void TearDown() override {
    std::lock_guard lk(servers_mu);
    servers().clear();
  }
};
const auto* kEnv = ::testing::AddGlobalTestEnvironment(new ServerEnvironment);
}  // namespace

TestServer& server(const std::string& backend) {
  std::lock_guard lk(servers_mu);
  auto& s = servers()[backend];
  if (!s) s = std::make_unique<TestServer>(backend);
  return *s;
}

std::string credit_code_for(int n) {
  std::string first17 = "91330106" + fmt::format("{:09d}", 700000000 + n);
  auto c = standards::credit_code_check_char(first17);
  return first17 + *c;
}

}  // namespace lakeguard::testing
