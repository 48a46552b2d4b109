#include "monitor/api.h"

#include <fmt/format.h>

#include <stdexcept>

#include "http/json_body.h"
#include "http/schema.h"
#include "monitor/messages.h"
#include "platform/event_bus.h"

namespace lakeguard::monitor {

namespace json = boost::json;
using http::Method;
using http::Reply;
using http::Request;
using http::schema::nullable;
using http::schema::type;

namespace {

platform::Actor actor(const Principal& p, const Request& req) {
  return platform::Actor::of(p, req.request_id);
}

json::object token_json(const TelemetryToken& t) {
  json::object o{{"id", t.id},
                 {"name", t.name},
                 {"created_at", iso_utc(t.created_at_ms)},
                 {"revoked_at",
                  t.revoked_at_ms ? json::value(iso_utc(*t.revoked_at_ms)) : json::value(nullptr)}};
  if (!t.token.empty()) o["token"] = t.token;
  return o;
}

void add_monitor_schemas(json::object& s) {
  json::object error{{"type", "object"},
                     {"properties", json::object{{"line", type("integer")},
                                                 {"code", type("string")},
                                                 {"message", type("string")}}}};
  s["TelemetryIngestResult"] = json::object{
      {"type", "object"},
      {"description",
       "Readings stored (a repeat of a stored (device, metric, ts) counts as "
       "accepted and is stored once) and the lines refused, each with its reason"},
      {"properties", json::object{{"accepted", type("integer")},
                                  {"duplicates", type("integer")},
                                  {"rejected", type("integer")},
                                  {"errors", json::object{{"type", "array"}, {"items", error}}}}}};
  json::object point{{"type", "object"},
                     {"properties", json::object{{"ts", type("string")},
                                                 {"value", type("number")},
                                                 {"count", type("integer")},
                                                 {"sum", type("number")},
                                                 {"min", type("number")},
                                                 {"max", type("number")},
                                                 {"last", type("number")}}}};
  s["DeviceReadings"] = json::object{
      {"type", "object"},
      {"properties",
       json::object{{"device_id", type("integer")},
                    {"metric", type("string")},
                    {"step", json::object{{"type", "string"}, {"enum", {"raw", "1m", "1h"}}}},
                    {"from", type("string")},
                    {"to", type("string")},
                    {"points", json::object{{"type", "array"}, {"items", point}}}}}};
  json::object latest{{"type", "object"},
                      {"properties", json::object{{"metric", type("string")},
                                                  {"ts", type("string")},
                                                  {"value", type("number")}}}};
  s["DeviceStatus"] = json::object{
      {"type", "object"},
      {"properties", json::object{{"device_id", type("integer")},
                                  {"code", type("string")},
                                  {"online", type("boolean")},
                                  {"last_seen", nullable("string")},
                                  {"offline_after_s", type("integer")},
                                  {"latest", json::object{{"type", "array"}, {"items", latest}}}}}};
  s["TelemetryTokenInput"] = json::object{
      {"type", "object"},
      {"properties", json::object{{"name", json::object{{"type", "string"}, {"maxLength", 100}}}}},
      {"required", json::array{"name"}},
      {"additionalProperties", false}};
  s["TelemetryToken"] = json::object{
      {"type", "object"},
      {"description", "A gateway token that may only post telemetry; `token` only when created"},
      {"properties", json::object{{"id", type("integer")},
                                  {"name", type("string")},
                                  {"created_at", type("string")},
                                  {"revoked_at", nullable("string")},
                                  {"token", type("string")}}}};
  s["TelemetryRetention"] =
      json::object{{"type", "object"},
                   {"properties", json::object{{"raw", type("integer")},
                                               {"minute", type("integer")},
                                               {"hour", type("integer")},
                                               {"dead_letters", type("integer")}}}};
}

class MonitorModule final : public platform::Module {
 public:
  MonitorModule(platform::Deps& deps, ModuleOptions opts)
      : svc_(deps.db, deps.clock, *deps.audit, deps.services.get<registry::RegistryService>(),
             deps.services.get<auth::AuthService>(), deps.readings, checked(opts.monitor)),
        mqtt_opts_(std::move(opts.mqtt)) {
    deps.services.provide(svc_);
    deps.services.provide<ReadingHistory>(svc_);  // the alarm rules re-read windows from it
    if (deps.bus) deps.bus->subscribe("devices", [this](const Event&) { svc_.devices_changed(); });
  }

  std::string_view name() const override { return "monitor"; }

  void start() override {
    svc_.start();
    if (!mqtt_opts_.url.empty()) {
      mqtt_ = std::make_unique<MqttIngest>(svc_, mqtt_opts_);
      mqtt_->start();
    }
  }

  void register_routes(http::Api& api) override {
    // Authenticated here, not by the adapter: a telemetry token is no user's credential.
    api.open(Method::kPost, "/api/v1/telemetry",
             [this](Request& req) -> Reply {
               LG_TRY(http::only_query_params(req, {}));
               std::string_view authz = req.header("authorization");
               if (!authz.starts_with("Bearer ")) return Error::unauthenticated();
               LG_TRY(svc_.authorize_telemetry(std::string(authz.substr(7))));
               if (req.media_type() != "application/x-ndjson")
                 return Error{ErrorCode::kUnsupportedMediaType,
                              "Send telemetry as application/x-ndjson.",
                              {}};
               LG_TRY_ASSIGN(IngestReport r, svc_.ingest_ndjson(req.body));
               json::array errors;
               for (const auto& e : r.errors)
                 errors.push_back(json::object{
                     {"line", e.line}, {"code", reason_code(e.reason)}, {"message", e.message}});
               return http::json_reply(
                   200, json::object{{"accepted", r.accepted + r.duplicates},
                                     {"duplicates", r.duplicates},
                                     {"rejected", static_cast<int64_t>(r.errors.size())},
                                     {"errors", std::move(errors)}});
             },
             {.summary = "Ingest telemetry: NDJSON lines {device_code, ts, metric, value} "
                         "(Authorization: Bearer <telemetry token or administrator's token>)",
              .tag = "monitor",
              .response_schema = "TelemetryIngestResult"});
    api.route(Method::kGet, "/api/v1/devices/{id}/readings",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto o, svc_.series(p, id, req.query));
                return http::json_reply(200, o);
              },
              {.summary = "A device's readings of one metric: raw or 1-minute / 1-hour roll-ups "
                          "by range (step=auto: raw ≤ 6 h, 1m ≤ 7 d, else 1h)",
               .tag = "monitor",
               .response_schema = "DeviceReadings",
               .query_params = {"metric", "from", "to", "step"}});
    api.route(Method::kGet, "/api/v1/devices/{id}/status",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto o, svc_.status(p, id));
                return http::json_reply(200, o);
              },
              {.summary = "A device's online/offline state (from its last-seen time) and latest "
                          "reading per metric",
               .tag = "monitor",
               .response_schema = "DeviceStatus"});
    api.route(Method::kPost, "/api/v1/telemetry/tokens",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                for (const auto& kv : body)
                  if (kv.key() != "name")
                    return Error::validation(std::string(kv.key()),
                                             fmt::format("Unknown field '{}'.", kv.key()));
                auto* name = body.if_contains("name");
                if (!name || !name->is_string())
                  return Error::validation("name",
                                           "'name' must be 1 to 100 characters on one line.");
                LG_TRY_ASSIGN(auto t,
                              svc_.create_token(p, std::string(name->as_string()), actor(p, req)));
                return http::created_reply("/api/v1/telemetry/tokens", token_json(t));
              },
              {.summary = "Create a gateway token that may only post telemetry (shown once)",
               .tag = "monitor",
               .request_schema = "TelemetryTokenInput",
               .response_schema = "TelemetryToken",
               .success_status = 201,
               .idempotent = false});
    api.route(Method::kGet, "/api/v1/telemetry/tokens",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(auto ts, svc_.list_tokens(p));
                json::array items;
                for (const auto& t : ts) items.push_back(token_json(t));
                const auto n = static_cast<int64_t>(items.size());
                return http::list_reply(std::move(items), n, 1, std::max<int64_t>(n, 1));
              },
              {.summary = "The gateway tokens (administrators)",
               .tag = "monitor",
               .response_schema = "TelemetryToken",
               .list = true});
    api.route(Method::kDelete, "/api/v1/telemetry/tokens/{id}",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY(svc_.revoke_token(p, id, actor(p, req)));
                return http::Response::no_content();
              },
              {.summary = "Revoke a gateway token", .tag = "monitor", .success_status = 204});
    api.route(Method::kPost, "/api/v1/telemetry/retention",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(auto r, svc_.retain_as(p));
                return http::json_reply(200, json::object{{"raw", r.raw},
                                                          {"minute", r.minute},
                                                          {"hour", r.hour},
                                                          {"dead_letters", r.dead_letters}});
              },
              {.summary = "Run the retention pass now (administrators; it also runs hourly)",
               .tag = "monitor",
               .response_schema = "TelemetryRetention",
               .idempotent = false});
  }

  void add_schemas(json::object& schemas) const override { add_monitor_schemas(schemas); }
  std::span<const MessageTemplate> messages() const override { return monitor::messages(); }

  void add_permissions(const Principal& p, json::object& out) const override {
    const bool admin = p.role == Role::kAdmin && !p.read_only;
    out["telemetry"] = json::object{{"read", true}, {"create", admin}};
    out["telemetry_tokens"] =
        json::object{{"read", p.role == Role::kAdmin}, {"create", admin}, {"delete", admin}};
  }

  std::string metrics() const override {
    std::string out = svc_.metrics_text();
    if (mqtt_) out += mqtt_->metrics_text();
    return out;
  }

 private:
  static MonitorOptions checked(MonitorOptions o) {
    if (auto bad = o.validate(); !bad.empty())
      throw std::invalid_argument(fmt::format("monitor: bad setting {}", bad));
    return o;
  }

  MonitorService svc_;
  MqttOptions mqtt_opts_;
  std::unique_ptr<MqttIngest> mqtt_;
};

}  // namespace

std::unique_ptr<platform::Module> make_module(platform::Deps& deps, ModuleOptions opts) {
  return std::make_unique<MonitorModule>(deps, std::move(opts));
}

}  // namespace lakeguard::monitor
