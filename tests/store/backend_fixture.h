// A store test on both backends: each test gets its own scratch database — a temporary SQLite
// file, or a fresh PostgreSQL database on LAKEGUARD_TEST_PG_URL (skipped when that is unset,
// failed when LAKEGUARD_REQUIRE_PG=1) — migrated from LAKEGUARD_MIGRATIONS_DIR and dropped after.
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>

#include "db/database.h"

#ifndef LAKEGUARD_MIGRATIONS_DIR
#error "a store test target defines LAKEGUARD_MIGRATIONS_DIR"
#endif

namespace lakeguard::store_testing {

enum class Backend { kSqlite, kPostgres };

inline std::string env(const char* n) {
  const char* v = std::getenv(n);
  return v ? v : "";
}

// For INSTANTIATE_TEST_SUITE_P(Backends, X, kBothBackends, backend_name).
inline const auto kBothBackends = ::testing::Values(Backend::kSqlite, Backend::kPostgres);
inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "sqlite" : "postgres";
}

class BackendTest : public ::testing::TestWithParam<Backend> {
 protected:
  // `prefix` names the scratch files and databases (lakeguard-<prefix>-…, lakeguard_<prefix>_…).
  explicit BackendTest(std::string prefix) : prefix_(std::move(prefix)) {}

  void SetUp() override {
    static std::atomic<int> n{0};
    std::string suffix = std::to_string(getpid()) + "_" + std::to_string(n++);
    if (GetParam() == Backend::kSqlite) {
      dir_ = std::filesystem::temp_directory_path() / ("lakeguard-" + prefix_ + "-" + suffix);
      std::filesystem::create_directories(dir_);
      target_ = (dir_ / "store.db").string();
    } else {
      std::string url = env("LAKEGUARD_TEST_PG_URL");
      if (url.empty()) {
        if (env("LAKEGUARD_REQUIRE_PG") == "1") FAIL() << "LAKEGUARD_TEST_PG_URL is not set";
        GTEST_SKIP() << "LAKEGUARD_TEST_PG_URL is not set";
      }
      std::string name = "lakeguard_" + prefix_ + "_" + suffix;
      {
        auto db = db::open_database(url, 1);
        auto c = db->acquire();
        c->exec_script("DROP DATABASE IF EXISTS " + name);
        c->exec_script("CREATE DATABASE " + name);
      }
      auto q = url.find('?');
      std::string base = url.substr(0, q);
      target_ = base.substr(0, base.rfind('/') + 1) + name +
                (q == std::string::npos ? "" : url.substr(q));
      pg_name_ = name;
      pg_url_ = url;
    }
    db_ = open();
    db::migrate(*db_, LAKEGUARD_MIGRATIONS_DIR);
  }

  void TearDown() override {
    db_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
    if (!pg_name_.empty()) {
      auto db = db::open_database(pg_url_, 1);
      auto c = db->acquire();
      c->exec_script("DROP DATABASE IF EXISTS " + pg_name_ + " WITH (FORCE)");
    }
  }

  // Another handle on the same database ("the other instance", or the one after a restart).
  std::unique_ptr<db::Database> open() { return db::open_database(target_, 2); }

  std::unique_ptr<db::Database> db_;

 private:
  std::string prefix_;
  std::filesystem::path dir_;
  std::string target_, pg_name_, pg_url_;
};

}  // namespace lakeguard::store_testing
