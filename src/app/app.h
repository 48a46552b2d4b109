#pragma once
// Wiring: the database, the contexts' services and routes, the platform routes (/healthz,
// /metrics, /api/openapi.json) and the HTTP server. Owns everything it creates.

#include <memory>
#include <string>

#include "app/config.h"
#include "auth/service.h"
#include "core/clock.h"
#include "db/database.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "http/static_files.h"
#include "registry/service.h"

namespace lakeguard::app {

class App {
 public:
  // Opens the store and applies migrations. Throws on failure.
  explicit App(Config cfg);
  ~App();

  db::Database& db() { return *db_; }
  auth::AuthService& auth() { return *auth_; }
  registry::RegistryService& registry() { return *registry_; }
  const Config& config() const { return cfg_; }

  // Builds the routes and starts serving; returns the bound port.
  uint16_t start();
  void wait() { server_->wait(); }
  void stop() { server_->stop(); }

 private:
  void register_platform_routes();

  Config cfg_;
  SystemClock clock_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<auth::AuthService> auth_;
  std::unique_ptr<registry::RegistryService> registry_;
  std::unique_ptr<http::LiveHub> live_;
  http::Metrics metrics_;
  http::Router router_;
  std::unique_ptr<http::StaticFiles> static_files_;
  std::unique_ptr<http::Server> server_;
  std::string openapi_json_;
};

// Default locations of shipped files, relative to the source tree the binary was built from.
std::string default_path(const std::string& rel);

}  // namespace lakeguard::app
