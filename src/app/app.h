#pragma once
// Wiring: the database, the contexts as modules (platform/module.h), the platform routes
// (/healthz, /metrics, /api/openapi.json, /api/v1/live, /api/v1/config/console) and the HTTP
// server. Owns everything it creates. Adding a context is one line in App::App.

#include <memory>
#include <string>
#include <vector>

#include "alerts/service.h"
#include "app/config.h"
#include "auth/service.h"
#include "core/clock.h"
#include "db/database.h"
#include "http/api.h"
#include "http/live.h"
#include "http/metrics.h"
#include "http/router.h"
#include "http/server.h"
#include "http/static_files.h"
#include "inspections/service.h"
#include "plans/service.h"
#include "platform/event_bus.h"
#include "platform/idempotency.h"
#include "platform/module.h"
#include "registry/service.h"

namespace lakeguard::app {

class App {
 public:
  // Opens the store, applies migrations and builds the contexts. Throws on failure.
  explicit App(Config cfg);
  ~App();

  db::Database& db() { return *db_; }
  auth::AuthService& auth() { return deps_->services.get<auth::AuthService>(); }
  registry::RegistryService& registry() { return deps_->services.get<registry::RegistryService>(); }
  inspections::InspectionService& inspections() {
    return deps_->services.get<inspections::InspectionService>();
  }
  alerts::AlertsService& alerts() { return deps_->services.get<alerts::AlertsService>(); }
  plans::PlansService& plans() { return deps_->services.get<plans::PlansService>(); }
  http::LiveHub& live() { return *live_; }
  // Committed telemetry readings (core/telemetry.h), to subscribe to.
  ReadingFeed& readings() { return *deps_->readings; }
  platform::Deps& deps() { return *deps_; }
  const Config& config() const { return cfg_; }

  // Builds the routes and starts serving; returns the bound port.
  uint16_t start();
  void wait() { server_->wait(); }
  void stop() { server_->stop(); }

 private:
  void add(std::unique_ptr<platform::Module> m) { modules_.push_back(std::move(m)); }
  void register_platform_routes();
  http::LiveEndpoint live_endpoint();

  Config cfg_;
  SystemClock clock_;
  std::unique_ptr<db::Database> db_;
  std::unique_ptr<http::LiveHub> live_;
  std::unique_ptr<platform::EventBus> bus_;  // events → subscribers, then the live hub
  std::unique_ptr<platform::Deps> deps_;
  std::vector<std::unique_ptr<platform::Module>> modules_;
  std::vector<platform::Topic> topics_;
  http::Metrics metrics_;
  http::Router router_;
  std::unique_ptr<http::Api> api_;
  std::unique_ptr<platform::SqlIdempotencyStore> idempotency_;
  std::unique_ptr<http::StaticFiles> static_files_;
  std::unique_ptr<http::Server> server_;
  std::string openapi_json_;
};

// Default locations of shipped files, relative to the source tree the binary was built from.
std::string default_path(const std::string& rel);

}  // namespace lakeguard::app
