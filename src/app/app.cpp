#include "app/app.h"
#include "core/json.h"

#include <spdlog/spdlog.h>
#include <filesystem>

#include <map>
#include <set>

#include "alarms/api.h"
#include "alerts/api.h"
#include "app/openapi.h"
#include "auth/api.h"
#include "codes/api.h"
#include "duty/api.h"
#include "hazards/api.h"
#include "http/json_body.h"
#include "incidents/api.h"
#include "inspections/api.h"
#include "monitor/api.h"
#include "plans/api.h"
#include "registry/api.h"
#include "risk/api.h"

#ifndef LAKEGUARD_SOURCE_DIR
#define LAKEGUARD_SOURCE_DIR "."
#endif

namespace lakeguard::app {

namespace json = boost::json;

std::string default_path(const std::string& rel) {
  return std::string(LAKEGUARD_SOURCE_DIR) + "/" + rel;
}

namespace {

auth::AuthOptions auth_options(const Config& cfg) {
  auth::AuthOptions o;
  o.cookie_secure = cfg.cookie_secure;
  o.api_token_ttl_ms = int64_t{cfg.api_token_ttl_days} * 24 * 3600 * 1000;
  return o;
}

alerts::AlertsOptions alerts_options(const Config& cfg) {
  alerts::AlertsOptions o;
  o.code.body = cfg.alerts_body_code;
  return o;
}

alarms::ModuleOptions alarms_options(const Config& cfg) {
  alarms::ModuleOptions o;
  o.service.tick_ms = cfg.alarms_tick_s * 1000;
  o.log_channel = cfg.alarms_log_channel;
  o.webhook.url = cfg.alarms_webhook_url;
  o.webhook.max_attempts = cfg.alarms_webhook_attempts;
  return o;
}

incidents::ModuleOptions incidents_options(const Config& cfg) {
  incidents::ModuleOptions o;
  o.service.escalation.interval_s = 60;
  o.webhook.url = cfg.incidents_webhook_url;
  o.webhook.max_attempts = cfg.incidents_webhook_attempts;
  return o;
}

hazards::HazardsOptions hazards_options(const Config& cfg) {
  hazards::HazardsOptions o;
  o.scheduler.interval_s = cfg.hazard_scheduler_seconds;
  o.scheduler.schedule.reminder_hour = cfg.hazard_reminder_hour;
  return o;
}

// Role, scope and read-only: what a live connection may see, to notice when it changes.
std::string rights_of(const Principal& p) {
  return fmt::format("{}|{}|{}|{}|{}", role_name(p.role), scope_type_name(p.scope_type),
                     p.scope_code, p.enterprise_id.value_or(0), p.read_only);
}

monitor::ModuleOptions monitor_options(const Config& cfg) {
  monitor::ModuleOptions o;
  o.monitor.raw_retention_days = cfg.telemetry_raw_retention_days;
  o.monitor.minute_retention_days = cfg.telemetry_minute_retention_days;
  o.monitor.hour_retention_days = cfg.telemetry_hour_retention_days;
  o.monitor.offline_after_s = cfg.telemetry_offline_after_s;
  o.monitor.limits.max_line_bytes = static_cast<size_t>(cfg.telemetry_max_line_bytes);
  o.monitor.limits.max_lines = static_cast<size_t>(cfg.telemetry_max_lines);
  o.monitor.limits.max_body_bytes = static_cast<size_t>(cfg.telemetry_max_body_bytes);
  o.mqtt.url = cfg.mqtt_url;
  o.mqtt.client_id = cfg.mqtt_client_id;
  o.mqtt.share_group = cfg.mqtt_share_group;
  o.mqtt.journal_fsync = cfg.mqtt_journal_fsync;
  o.mqtt.journal_dir = cfg.mqtt_journal_dir;
  if (o.mqtt.journal_dir.empty()) {
    const bool file = cfg.db.rfind("postgres", 0) != 0 && cfg.db != ":memory:";
    const std::filesystem::path dir =
        file ? std::filesystem::path(cfg.db).parent_path() : std::filesystem::path();
    o.mqtt.journal_dir =
        (dir.empty() ? std::filesystem::path("mqtt-journal") : dir / "mqtt-journal").string();
  }
  return o;
}

}  // namespace

App::App(Config cfg) : cfg_(std::move(cfg)) {
  if (cfg_.migrations_dir.empty()) cfg_.migrations_dir = default_path("migrations");
  db_ = db::open_database(cfg_.db, cfg_.db_pool);
  int applied = db::migrate(*db_, cfg_.migrations_dir);
  if (applied) spdlog::info("applied {} migration(s) to {}", applied, db_->describe());
  (void)db_->change_epoch();  // starts watching other instances' changes (PostgreSQL) early
  live_ = std::make_unique<http::LiveHub>(clock_, std::set<std::string, std::less<>>{});
  bus_ = std::make_unique<platform::EventBus>(live_.get());
  deps_ = std::make_unique<platform::Deps>(platform::Deps{
      .db = *db_, .clock = clock_, .events = *bus_, .live = live_.get(), .bus = bus_.get()});

  // The contexts, in dependency order (each may use the services of those above it).
  add(auth::make_module(*deps_, auth_options(cfg_)));
  add(registry::make_module(*deps_, {.max_within_features = cfg_.within_max_features}));
  add(inspections::make_module(*deps_));
  add(hazards::make_module(*deps_, hazards_options(cfg_)));
  add(inspections::make_tasks_module(*deps_));  // after hazards: findings become hidden dangers
  add(risk::make_module(*deps_, cfg_.risk_levels,
                        cfg_.risk_index));  // after registry and hazards: the index reads both
  add(codes::make_module(*deps_));
  add(monitor::make_module(*deps_, monitor_options(cfg_)));  // after registry: devices
  add(alerts::make_module(*deps_, alerts_options(cfg_)));
  add(alarms::make_module(*deps_, alarms_options(cfg_)));  // after monitor: its readings
  add(plans::make_module(*deps_, {.weights = cfg_.plans_weights,
                                  .max_attachment_bytes = cfg_.plans_max_attachment_bytes}));
  // After plans, alarms, registry and hazards: their services.
  add(duty::make_module(*deps_));  // after auth and registry: people and units
  add(incidents::make_module(*deps_, incidents_options(cfg_)));  // after duty: who is on duty

  deps_->permissions = [this](const Principal& p, json::object& out) {
    for (const auto& m : modules_) m->add_permissions(p, out);
  };
  std::set<std::string, std::less<>> names;
  for (const auto& m : modules_) {
    http::add_message_catalog(m->messages());
    for (auto& t : m->topics()) {
      names.insert(t.name);
      topics_.push_back(std::move(t));
    }
  }
  live_->set_topics(std::move(names));
  for (const auto& m : modules_) m->start();
}

App::~App() {
  // The server (and its threads) go before the modules whose handlers it runs.
  server_.reset();
}

void App::register_platform_routes() {
  api_->open(
      http::Method::kGet, "/healthz",
      [this](http::Request& req) -> http::Reply {
        try {
          auto c = db_->acquire();
          c->query("SELECT 1");
        } catch (const std::exception& e) {
          spdlog::error("rid={} health check failed: {}", req.request_id, e.what());
          return http::json_reply(
              503, json::object{{"status", "unavailable"}, {"store", "unreachable"}});
        }
        return http::json_reply(200, json::object{{"status", "ok"}, {"store", "ok"}});
      },
      {.summary = "Liveness and store check", .tag = "platform", .response_schema = "Health"});
  api_->open(http::Method::kGet, "/metrics",
             [this](http::Request&) -> http::Reply {
               http::Response r;
               r.content_type = "text/plain; version=0.0.4; charset=utf-8";
               r.body = metrics_.render();
               return r;
             },
             {.summary = "Prometheus metrics", .tag = "platform", .response_type = "text/plain"});
  api_->open(
      http::Method::kGet, "/api/openapi.json",
      [this](http::Request&) -> http::Reply { return http::Response::json(200, openapi_json_); },
      {.summary = "This OpenAPI 3.1 document", .tag = "platform"});
  // The server upgrades WebSocket requests to this path before routing (http::LiveEndpoint);
  // the route answers plain GETs and documents the endpoint.
  api_->route(
      http::Method::kGet, "/api/v1/live",
      [](const Principal&, http::Request&) -> http::Reply {
        return Error::bad_request("Connect with a WebSocket upgrade to receive live updates.");
      },
      {.summary = "Live updates over WebSocket: send {\"subscribe\": [topics], \"since\": ts}; "
                  "receive {topic, type, data, ts} filtered by your scope",
       .tag = "platform"});
  api_->open(http::Method::kGet, "/api/v1/config/console",
             [this](http::Request&) -> http::Reply {
               json::object o;
               o["tile_url"] =
                   cfg_.tile_url.empty() ? json::value(nullptr) : json::value(cfg_.tile_url);
               return http::json_reply(200, o);
             },
             {.summary = "Console settings (optional raster tile URL)",
              .tag = "platform",
              .response_schema = "ConsoleConfig"});
}

http::LiveEndpoint App::live_endpoint() {
  http::LiveEndpoint live;
  live.hub = live_.get();
  // Topic name → its filter, for the subscribers' event filters.
  auto by_name = std::make_shared<std::map<std::string, platform::Topic, std::less<>>>();
  for (const auto& t : topics_) by_name->emplace(t.name, t);
  live.authorize = [this, by_name](http::Request& req) -> Result<http::LiveGrant> {
    http::Authenticator* a = nullptr;
    for (const auto& m : modules_)
      if ((a = m->authenticator())) break;
    if (!a) return Error::unauthenticated();
    LG_TRY_ASSIGN(Principal p, a->authenticate(req, http::Access::kRead));
    http::LiveGrant g;
    g.identity = http::LiveIdentity{p.user_id, p.credential, p.expires_at_ms};
    g.rights = rights_of(p);
    g.filter = [p = std::move(p), by_name](std::string_view topic, const Placement& where) {
      auto it = by_name->find(topic);
      return it != by_name->end() && it->second.may_see(p, where);
    };
    return g;
  };
  return live;
}

uint16_t App::start() {
  // Cached reads are keyed on the change epochs of the tables they read.
  api_ = std::make_unique<http::Api>(
      router_,
      [this](std::span<const std::string> tables) -> std::optional<int64_t> {
        int64_t sum = 0;
        for (const auto& t : tables) {
          auto e = db_->change_epoch(t);
          if (!e) return std::nullopt;
          sum += *e;
        }
        return sum;
      },
      http::ApiOptions{.cache_bytes = static_cast<size_t>(cfg_.read_cache_mb) * 1024 * 1024});
  for (const auto& m : modules_)
    if (auto* a = m->authenticator()) api_->set_authenticator(a);
  idempotency_ = std::make_unique<platform::SqlIdempotencyStore>(*db_, clock_);
  api_->set_idempotency(idempotency_.get());
  register_platform_routes();
  json::object schemas;
  for (const auto& m : modules_) {
    m->register_routes(*api_);
    m->add_schemas(schemas);
  }
  openapi_json_ = json_text(build_openapi(router_, std::move(schemas)));
  metrics_.set_extra([this] {
    std::string out = fmt::format(
        "# HELP lakeguard_store_info The configured store.\n# TYPE lakeguard_store_info gauge\n"
        "lakeguard_store_info{{dialect=\"{}\"}} 1\n"
        "# HELP lakeguard_read_cache_hits_total Reads answered from the read cache.\n"
        "# TYPE lakeguard_read_cache_hits_total counter\n"
        "lakeguard_read_cache_hits_total {}\n"
        "# HELP lakeguard_read_cache_misses_total Cacheable reads that went to the store.\n"
        "# TYPE lakeguard_read_cache_misses_total counter\n"
        "lakeguard_read_cache_misses_total {}\n"
        "# HELP lakeguard_live_subscribers Open live-update connections.\n"
        "# TYPE lakeguard_live_subscribers gauge\n"
        "lakeguard_live_subscribers {}\n",
        db_->dialect() == db::Dialect::kSqlite ? "sqlite" : "postgresql", api_->cache_hits(),
        api_->cache_misses(), live_->subscriber_count());
    for (const auto& m : modules_) out += m->metrics();
    return out;
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
  server_->set_live(live_endpoint());
  return server_->start();
}

}  // namespace lakeguard::app
