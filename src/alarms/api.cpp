#include "alarms/api.h"

#include <fmt/format.h>

#include <charconv>
#include <condition_variable>
#include <thread>

#include "alarms/lifecycle.h"
#include "alarms/messages.h"
#include "http/json_body.h"
#include "http/schema.h"

namespace lakeguard::alarms {
namespace {

namespace json = boost::json;
using http::Method;
using http::Reply;
using http::Request;
using http::Response;
using http::schema::names;
using http::schema::nullable;
using http::schema::ref;
using http::schema::type;

platform::Actor actor(const Principal& p, const Request& req) {
  return platform::Actor::of(p, req.request_id);
}

void add_alarm_schemas(json::object& s) {
  json::object levels = names({"blue", "yellow", "orange", "red"});
  json::object states = names({"open", "claimed", "verified", "converted", "closed", "dismissed"});
  json::object actions = names({"claim", "verify", "convert", "close", "dismiss"});
  json::object time{{"type", "string"}, {"format", "date-time"}};
  json::object alarm{{"id", type("integer")},
                     {"device_id", type("integer")},
                     {"device_code", type("string")},
                     {"metric", type("string")},
                     {"rule", type("string")},
                     {"level", levels},
                     {"status", states},
                     {"active", type("boolean")},
                     {"first_seen", time},
                     {"last_seen", time},
                     {"count", type("integer")},
                     {"message", type("string")},
                     {"town_code", nullable("string")},
                     {"community_code", nullable("string")},
                     {"incident_ref", nullable("string")},
                     {"created_at", time},
                     {"updated_at", time},
                     {"version", type("integer")}};
  s["Alarm"] = json::object{
      {"type", "object"},
      {"description",
       "An alarm: one per non-terminal fingerprint (device, metric, rule); count is its "
       "occurrences"},
      {"properties", alarm}};
  s["AlarmActionRecord"] =
      json::object{{"type", "object"},
                   {"properties", json::object{{"id", type("integer")},
                                               {"action", type("string")},
                                               {"from_status", nullable("string")},
                                               {"to_status", states},
                                               {"from_level", nullable("string")},
                                               {"to_level", type("string")},
                                               {"actor", type("string")},
                                               {"at", time},
                                               {"note", nullable("string")}}}};
  json::object detail = alarm;
  detail["actions"] = json::object{{"type", "array"}, {"items", ref("AlarmActionRecord")}};
  detail["allowed_actions"] = json::object{{"type", "array"}, {"items", actions}};
  s["AlarmDetail"] = json::object{{"type", "object"}, {"properties", std::move(detail)}};
  s["AlarmActionInput"] = json::object{
      {"type", "object"},
      {"description",
       "claim, verify, convert (links a stub incident_ref until incident command exists), close, "
       "dismiss (a false alarm, from open or claimed)"},
      {"properties", json::object{{"action", actions},
                                  {"note", json::object{{"type", "string"}, {"maxLength", 2000}}}}},
      {"required", json::array{"action"}},
      {"additionalProperties", false}};
  json::object level_map{{"type", "object"},
                         {"additionalProperties", type("number")},
                         {"description", "level → threshold"}};
  json::object rule{
      {"name", json::object{{"type", "string"}, {"pattern", "^[a-z0-9_-]{1,64}$"}}},
      {"type", names({"threshold", "offline", "rainstorm"})},
      {"device_id", nullable("integer")},
      {"device_kind", nullable("string")},
      {"metric", type("string")},
      {"enabled", type("boolean")},
      {"description", type("string")},
      {"comparison", names({"ge", "le"})},
      {"levels", level_map},
      {"rate_per_min", type("boolean")},
      {"hold_s", type("integer")},
      {"hysteresis", type("number")},
      {"silence_s", type("integer")},
      {"after_s", type("integer")},
      {"level", levels},
      {"clear_s", type("integer")},
      {"criteria",
       json::object{{"type", "object"},
                    {"description", "rainstorm: level → {window_h, mm}"},
                    {"additionalProperties",
                     json::object{{"type", "object"},
                                  {"properties", json::object{{"window_h", type("number")},
                                                              {"mm", type("number")}}}}}}}};
  json::object rule_out = rule;
  rule_out["id"] = type("integer");
  rule_out["built_in"] = type("boolean");
  rule_out["label"] = type("string");
  rule_out["version"] = type("integer");
  s["AlarmRule"] = json::object{{"type", "object"}, {"properties", std::move(rule_out)}};
  s["AlarmRuleInput"] = json::object{{"type", "object"},
                                     {"description",
                                      "threshold: comparison, levels, rate_per_min?, hold_s?, "
                                      "hysteresis?, silence_s?; offline: after_s, level?"},
                                     {"properties", std::move(rule)},
                                     {"additionalProperties", false}};
}

class AlarmsModule final : public platform::Module {
 public:
  AlarmsModule(platform::Deps& deps, ModuleOptions opts)
      : opts_(std::move(opts)),
        svc_(deps.db, deps.clock, *deps.audit, &deps.events, deps.services.find<ReadingHistory>(),
             opts_.service) {
    deps.services.provide(svc_);
    if (opts_.log_channel) svc_.add_channel(std::shared_ptr<Channel>(make_log_channel()));
    if (!opts_.webhook.url.empty()) {
      webhook_ = std::shared_ptr<WebhookChannel>(make_webhook_channel(opts_.webhook));
      svc_.add_channel(webhook_);
    }
    // The feed outlives this module: the sink checks it is still alive.
    std::weak_ptr<AlarmsService*> alive = alive_;
    deps.readings->subscribe([alive](std::span<const Reading> batch) {
      if (auto svc = alive.lock()) (*svc)->on_readings(batch);
    });
  }

  ~AlarmsModule() override {
    {
      std::lock_guard lock(clock_mu_);
      stopping_ = true;
    }
    clock_cv_.notify_all();
    if (clock_.joinable()) clock_.join();
    alive_.reset();
  }

  std::string_view name() const override { return "alarms"; }

  void start() override {
    svc_.start();
    if (!opts_.run_clock) return;
    clock_ = std::thread([this] {
      std::unique_lock lock(clock_mu_);
      while (!stopping_) {
        clock_cv_.wait_for(lock, std::chrono::milliseconds(opts_.service.tick_ms));
        if (stopping_) break;
        lock.unlock();
        svc_.tick();
        lock.lock();
      }
    });
  }

  void register_routes(http::Api& api) override {
    api.route(
        Method::kGet, "/api/v1/alarms",
        [this](const Principal& p, Request& req) -> Reply {
          LG_TRY_ASSIGN(AlarmPage page, svc_.list(p, req.query));
          json::array items;
          for (auto& o : page.items) items.emplace_back(std::move(o));
          return http::list_reply(std::move(items), page.total, page.page, page.page_size);
        },
        {.summary = "List alarms in scope (filters: device_id, status, level, rule; sort "
                    "last_seen|first_seen|id|level, newest first)",
         .tag = "alarms",
         .response_schema = "Alarm",
         .list = true,
         .query_params = {"device_id", "status", "level", "rule", "sort", "page", "page_size"}});
    api.route(Method::kGet, "/api/v1/alarms/{id}",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto o, svc_.get(p, id));
                return http::object_reply(200, o);
              },
              {.summary = "One alarm with its full history (rules and people)",
               .tag = "alarms",
               .response_schema = "AlarmDetail"});
    api.route(Method::kPost, "/api/v1/alarms/{id}/actions",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto if_match, http::if_match_version(req));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto o, svc_.act(p, id, body, if_match, actor(p, req)));
                return http::object_reply(200, o);
              },
              {.summary = "A lifecycle step: claim, verify, convert, close or dismiss (409 "
                          "naming the current state when it does not allow it)",
               .tag = "alarms",
               .request_schema = "AlarmActionInput",
               .response_schema = "AlarmDetail"});
    api.route(Method::kGet, "/api/v1/alarm-rules",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {"page", "page_size"}));
                LG_TRY_ASSIGN(auto all, svc_.rules(p));
                int64_t page = 1, size = 50;
                for (const auto& [k, v] : req.query) {
                  int64_t n = 0;
                  auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
                  bool ok = ec == std::errc() && ptr == v.data() + v.size() && n >= 1 &&
                            (k == "page" ? n <= 1000000 : n <= 500);
                  if (!ok)
                    return Error::bad_request(
                        k == "page" ? "'page' must be a whole number from 1."
                                    : "'page_size' must be a whole number from 1 to 500.",
                        k);
                  (k == "page" ? page : size) = n;
                }
                json::array items;
                auto total = static_cast<int64_t>(all.size());
                for (int64_t i = (page - 1) * size; i < total && i < page * size; ++i)
                  items.push_back(all[static_cast<size_t>(i)]);
                return http::list_reply(std::move(items), total, page, size);
              },
              {.summary = "List the monitoring rules (the built-in rainstorm rule first)",
               .tag = "alarms",
               .response_schema = "AlarmRule",
               .list = true,
               .query_params = {"page", "page_size"}});
    api.route(Method::kPost, "/api/v1/alarm-rules",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto made, svc_.create_rule(p, body, actor(p, req)));
                return http::created_reply(req.path, made);
              },
              {.summary = "Create a threshold or offline rule (admin, district officer)",
               .tag = "alarms",
               .request_schema = "AlarmRuleInput",
               .response_schema = "AlarmRule",
               .success_status = 201});
    api.route(Method::kGet, "/api/v1/alarm-rules/{id}",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto o, svc_.rule(p, id));
                return http::object_reply(200, o);
              },
              {.summary = "One monitoring rule", .tag = "alarms", .response_schema = "AlarmRule"});
    api.route(Method::kPatch, "/api/v1/alarm-rules/{id}",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto if_match, http::if_match_version(req));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto o, svc_.update_rule(p, id, body, if_match, actor(p, req)));
                return http::object_reply(200, o);
              },
              {.summary = "Change a rule (its name and type stay; the built-in rainstorm rule "
                          "keeps its device kind and metric)",
               .tag = "alarms",
               .request_schema = "AlarmRuleInput",
               .response_schema = "AlarmRule"});
  }

  void add_schemas(json::object& schemas) const override { add_alarm_schemas(schemas); }
  std::span<const MessageTemplate> messages() const override { return alarms::messages(); }

  std::vector<platform::Topic> topics() const override {
    return {platform::Topic{"alarms", [](const Principal& p, const Placement& where) {
                              return in_scope(p, kScopeColumns, where);
                            }}};
  }

  void add_permissions(const Principal& p, json::object& out) const override {
    bool act = !p.read_only && role_may_act(p.role);
    json::array actions;
    if (act)
      for (Action a : kAllActions) actions.emplace_back(action_name(a));
    out["alarms"] = json::object{{"read", true},
                                 {"create", false},
                                 {"update", act},
                                 {"delete", false},
                                 {"actions", std::move(actions)}};
    bool edit = !p.read_only && (p.role == Role::kAdmin || p.role == Role::kDistrictOfficer);
    out["alarm_rules"] =
        json::object{{"read", true}, {"create", edit}, {"update", edit}, {"delete", false}};
  }

  std::string metrics() const override {
    std::string m = fmt::format(
        "# HELP lakeguard_alarm_readings_evaluated_total Readings the alarm rules evaluated.\n"
        "# TYPE lakeguard_alarm_readings_evaluated_total counter\n"
        "lakeguard_alarm_readings_evaluated_total {}\n"
        "# HELP lakeguard_alarm_failures_total Reading batches or ticks whose alarms could not "
        "be written.\n"
        "# TYPE lakeguard_alarm_failures_total counter\n"
        "lakeguard_alarm_failures_total {}\n"
        "# HELP lakeguard_alarm_conflict_retries_total Alarm writes run again because another "
        "instance opened the same alarm first.\n"
        "# TYPE lakeguard_alarm_conflict_retries_total counter\n"
        "lakeguard_alarm_conflict_retries_total {}\n",
        svc_.evaluated(), svc_.failures(), svc_.conflict_retries());
    if (webhook_) {
      ChannelStats s = webhook_->stats();
      m += fmt::format(
          "# HELP lakeguard_alarm_webhook_total Webhook notifications by outcome.\n"
          "# TYPE lakeguard_alarm_webhook_total counter\n"
          "lakeguard_alarm_webhook_total{{outcome=\"delivered\"}} {}\n"
          "lakeguard_alarm_webhook_total{{outcome=\"failed\"}} {}\n"
          "lakeguard_alarm_webhook_total{{outcome=\"retried\"}} {}\n"
          "lakeguard_alarm_webhook_total{{outcome=\"dropped\"}} {}\n",
          s.delivered, s.failed, s.retried, s.dropped);
    }
    return m;
  }

 private:
  ModuleOptions opts_;
  AlarmsService svc_;
  std::shared_ptr<WebhookChannel> webhook_;
  std::shared_ptr<AlarmsService*> alive_ = std::make_shared<AlarmsService*>(&svc_);
  std::mutex clock_mu_;
  std::condition_variable clock_cv_;
  bool stopping_ = false;
  std::thread clock_;
};

}  // namespace

std::unique_ptr<platform::Module> make_module(platform::Deps& deps, ModuleOptions opts) {
  return std::make_unique<AlarmsModule>(deps, std::move(opts));
}

}  // namespace lakeguard::alarms
