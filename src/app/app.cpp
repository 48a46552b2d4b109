#include "app/app.h"

#include <spdlog/spdlog.h>

#include <set>

#include "app/openapi.h"
#include "auth/api.h"
#include "http/json_body.h"
#include "registry/api.h"
#include "registry/permissions.h"

#ifndef LAKEGUARD_SOURCE_DIR
#define LAKEGUARD_SOURCE_DIR "."
#endif

namespace lakeguard::app {

namespace json = boost::json;

std::string default_path(const std::string& rel) {
  return std::string(LAKEGUARD_SOURCE_DIR) + "/" + rel;
}

App::App(Config cfg) : cfg_(std::move(cfg)) {
  if (cfg_.migrations_dir.empty()) cfg_.migrations_dir = default_path("migrations");
  db_ = db::open_database(cfg_.db, cfg_.db_pool);
  int applied = db::migrate(*db_, cfg_.migrations_dir);
  if (applied) spdlog::info("applied {} migration(s) to {}", applied, db_->describe());
  auth::AuthOptions ao;
  ao.cookie_secure = cfg_.cookie_secure;
  auth_ = std::make_unique<auth::AuthService>(*db_, clock_, ao);
  registry_ = std::make_unique<registry::RegistryService>(*db_, clock_);
  // Live updates: one topic per registry collection (alarms and incidents join later).
  std::set<std::string, std::less<>> topics;
  for (const auto& k : registry::kinds()) topics.emplace(k.name);
  live_ = std::make_unique<http::LiveHub>(clock_, std::move(topics));
  registry_->set_events(live_.get());
  registry_->refresh_index();
}

App::~App() = default;

void App::register_platform_routes() {
  router_.add(http::Method::kGet, "/healthz",
              [this](http::Request& req) -> http::Response {
                try {
                  auto c = db_->acquire();
                  c->query("SELECT 1");
                } catch (const std::exception& e) {
                  spdlog::error("rid={} health check failed: {}", req.request_id, e.what());
                  return http::json_response(
                      503, json::object{{"status", "unavailable"}, {"store", "unreachable"}});
                }
                return http::json_response(200, json::object{{"status", "ok"}, {"store", "ok"}});
              },
              {.summary = "Liveness and store check",
               .tag = "platform",
               .response_schema = "Health",
               .authenticated = false});
  router_.add(http::Method::kGet, "/metrics",
              [this](http::Request&) -> http::Response {
                http::Response r;
                r.content_type = "text/plain; version=0.0.4; charset=utf-8";
                r.body = metrics_.render();
                return r;
              },
              {.summary = "Prometheus metrics",
               .tag = "platform",
               .authenticated = false,
               .response_type = "text/plain"});
  router_.add(
      http::Method::kGet, "/api/openapi.json",
      [this](http::Request&) -> http::Response { return http::Response::json(200, openapi_json_); },
      {.summary = "This OpenAPI 3.1 document", .tag = "platform", .authenticated = false});
  // The server upgrades WebSocket requests to this path before routing (http::LiveEndpoint);
  // the route answers plain GETs and documents the endpoint.
  router_.add(http::Method::kGet, "/api/v1/live",
              [](http::Request& req) -> http::Response {
                return http::error_response(
                    Error::bad_request("Connect with a WebSocket upgrade to receive live updates."),
                    req.request_id);
              },
              {.summary = "Live updates over WebSocket: send {\"subscribe\": [topics], \"since\": "
                          "ts}; receive {topic, type, data, ts} filtered by your scope",
               .tag = "platform"});
  router_.add(http::Method::kGet, "/api/v1/config/console",
              [this](http::Request&) -> http::Response {
                json::object o;
                o["tile_url"] =
                    cfg_.tile_url.empty() ? json::value(nullptr) : json::value(cfg_.tile_url);
                return http::json_response(200, o);
              },
              {.summary = "Console settings (optional raster tile URL)",
               .tag = "platform",
               .response_schema = "ConsoleConfig",
               .authenticated = false});
}

uint16_t App::start() {
  register_platform_routes();
  auth::register_routes(router_, *auth_, registry::add_permissions);
  auto read_cache = registry::register_routes(router_, *auth_, *registry_);
  router_.wrap([this](const http::Route& r, http::Handler h) -> http::Handler {
    if (r.method != http::Method::kPost || !auth::takes_idempotency_key(r.pattern)) return h;
    return auth::with_idempotency(*auth_, std::move(h));
  });
  openapi_json_ = json::serialize(build_openapi(router_));
  metrics_.set_extra([this, read_cache] {
    return fmt::format(
        "# HELP lakeguard_store_info The configured store.\n# TYPE lakeguard_store_info gauge\n"
        "lakeguard_store_info{{dialect=\"{}\"}} 1\n"
        "# HELP lakeguard_read_cache_hits_total Registry reads answered from the read cache.\n"
        "# TYPE lakeguard_read_cache_hits_total counter\n"
        "lakeguard_read_cache_hits_total {}\n"
        "# HELP lakeguard_read_cache_misses_total Registry reads that went to the store.\n"
        "# TYPE lakeguard_read_cache_misses_total counter\n"
        "lakeguard_read_cache_misses_total {}\n"
        "# HELP lakeguard_live_subscribers Open live-update connections.\n"
        "# TYPE lakeguard_live_subscribers gauge\n"
        "lakeguard_live_subscribers {}\n",
        db_->dialect() == db::Dialect::kSqlite ? "sqlite" : "postgresql", read_cache->hits(),
        read_cache->misses(), live_->subscriber_count());
  });
  if (cfg_.web_root.empty()) cfg_.web_root = default_path("web/dist");
  static_files_ = std::make_unique<http::StaticFiles>(cfg_.web_root);
  if (static_files_->file_count() == 0)
    spdlog::warn("no console files under {}; only the API is served", cfg_.web_root);
  http::ServerOptions so;
  so.host = cfg_.host();
  so.port = cfg_.port();
  so.io_threads = cfg_.io_threads;
  so.worker_threads = cfg_.worker_threads;
  so.body_limit = static_cast<size_t>(cfg_.body_limit);
  server_ = std::make_unique<http::Server>(
      so, router_, metrics_, [this](http::Request& req) { return static_files_->serve(req); });
  http::LiveEndpoint live;
  live.hub = live_.get();
  live.authorize = [this](http::Request& req) -> Result<http::EventFilter> {
    auto p = auth_->authenticate(req);
    if (!p) return p.error();
    return http::EventFilter([p = *p](const Event& e) { return registry::may_see(p, e); });
  };
  server_->set_live(std::move(live));
  return server_->start();
}

}  // namespace lakeguard::app
