#include "incidents/api.h"

#include "http/json_body.h"
#include "http/schema.h"
#include "incidents/messages.h"
#include "incidents/requests.h"

namespace lakeguard::incidents {
namespace {

namespace json = boost::json;
using http::Method;
using http::Reply;
using http::Request;
using http::Response;
using http::schema::array_of;
using http::schema::names;
using http::schema::nullable;
using http::schema::ref;
using http::schema::text;
using http::schema::type;

platform::Actor actor(const Principal& p, const Request& req) {
  return platform::Actor::of(p, req.request_id);
}

json::object object_of(json::object props, json::array required = {}, bool closed = false) {
  json::object o{{"type", "object"}, {"properties", std::move(props)}};
  if (!required.empty()) o["required"] = std::move(required);
  if (closed) o["additionalProperties"] = false;
  return o;
}

void add_incident_schemas(json::object& s) {
  json::object time{{"type", "string"}, {"format", "date-time"}};
  json::object nullable_time{{"type", json::array{"string", "null"}}, {"format", "date-time"}};
  json::object level{{"type", "integer"}, {"minimum", 1}, {"maximum", 4}};
  json::object states = names({"issued", "read", "accepted", "feedback", "done", "rejected"});
  s["IncidentInput"] = object_of(
      json::object{{"title", text(kMaxTitleChars)},
                   {"type", text(kMaxTypeChars)},
                   {"town_code", text(9)},
                   {"community_code", text(12)},
                   {"lon", type("number")},
                   {"lat", type("number")},
                   {"location", text(kMaxLocationChars)},
                   {"deaths", json::object{{"type", "integer"}, {"minimum", 0}}},
                   {"serious_injuries", json::object{{"type", "integer"}, {"minimum", 0}}},
                   {"direct_loss_yuan", json::object{{"type", "number"}, {"minimum", 0}}},
                   {"response_level", level},
                   {"alarm_id", type("integer")}},
      json::array{}, true);
  s["IncidentInput"].as_object()["description"] =
      "without alarm_id: title, type, town_code and response_level are required; with alarm_id "
      "(a verified alarm the caller sees): the place is the alarm's (no town_code, "
      "community_code, lon, lat), title, type and response_level default to the alarm's";
  json::object inc{{"id", type("integer")},
                   {"title", type("string")},
                   {"type", type("string")},
                   {"town_code", type("string")},
                   {"community_code", nullable("string")},
                   {"lon", nullable("number")},
                   {"lat", nullable("number")},
                   {"location", nullable("string")},
                   {"deaths", type("integer")},
                   {"serious_injuries", type("integer")},
                   {"direct_loss_yuan", type("number")},
                   {"accident_grade", names({"一般", "较大", "重大", "特别重大"})},
                   {"response_level", level},
                   {"response_level_name", type("string")},
                   {"status", names({"open", "closed"})},
                   {"opened_by", type("string")},
                   {"opened_at", time},
                   {"closed_at", nullable_time},
                   {"alarm_id", nullable("integer")},
                   {"version", type("integer")}};
  s["Incident"] = object_of(inc);
  s["IncidentTimelineEvent"] = object_of(
      json::object{{"id", type("integer")},
                   {"at", time},
                   {"kind", names({"created", "level", "activation", "task", "note", "notify",
                                   "escalation", "closed", "resource", "review"})},
                   {"actor", type("string")},
                   {"text", type("string")},
                   {"payload", type("object")}});
  s["IncidentTask"] = object_of(json::object{{"id", type("integer")},
                                             {"incident_id", type("integer")},
                                             {"activation_id", type("integer")},
                                             {"title", type("string")},
                                             {"role", nullable("string")},
                                             {"unit", nullable("string")},
                                             {"assignee_id", nullable("integer")},
                                             {"checklist", array_of(type("string"))},
                                             {"deadline", time},
                                             {"state", states},
                                             {"feedback_text", nullable("string")},
                                             {"feedback_lon", nullable("number")},
                                             {"feedback_lat", nullable("number")},
                                             {"feedback_photo", nullable("string")},
                                             {"reject_reason", nullable("string")},
                                             {"escalations", type("integer")},
                                             {"updated_at", time},
                                             {"version", type("integer")}});
  json::object act{{"id", type("integer")},          {"incident_id", type("integer")},
                   {"plan_id", type("integer")},     {"plan_edition", type("integer")},
                   {"plan_title", type("string")},   {"response_level", level},
                   {"activated_by", type("string")}, {"activated_at", time}};
  s["IncidentActivationSummary"] = object_of(act);
  json::object act_full = act;
  act_full["tasks"] = array_of(ref("IncidentTask"));
  act_full["responsible_ids"] = array_of(type("integer"));
  s["IncidentActivation"] = object_of(act_full);
  s["IncidentReceipt"] =
      object_of(json::object{{"id", type("integer")},
                             {"activation_id", type("integer")},
                             {"user_id", type("integer")},
                             {"channel", type("string")},
                             {"status", names({"pending", "sent", "delivered", "read", "failed"})},
                             {"error", nullable("string")},
                             {"sent_at", nullable_time},
                             {"read_at", nullable_time}});
  json::object detail = inc;
  detail["timeline"] = array_of(ref("IncidentTimelineEvent"));
  detail["activations"] = array_of(ref("IncidentActivationSummary"));
  detail["tasks"] = array_of(ref("IncidentTask"));
  detail["receipts"] = array_of(ref("IncidentReceipt"));
  json::object request_states = names({"requested", "dispatched", "arrived", "cancelled"});
  s["IncidentResourceRequest"] = object_of(json::object{{"id", type("integer")},
                                                        {"incident_id", type("integer")},
                                                        {"kind", names({"team", "stock"})},
                                                        {"team_id", nullable("integer")},
                                                        {"warehouse_id", nullable("integer")},
                                                        {"stock_id", nullable("integer")},
                                                        {"label", type("string")},
                                                        {"quantity", nullable("number")},
                                                        {"unit", nullable("string")},
                                                        {"note", nullable("string")},
                                                        {"state", request_states},
                                                        {"requested_by", type("string")},
                                                        {"requested_at", time},
                                                        {"updated_at", time},
                                                        {"version", type("integer")}});
  s["IncidentResourceRequestInput"] = object_of(
      json::object{{"kind", names({"team", "stock"})},
                   {"team_id", type("integer")},
                   {"warehouse_id", type("integer")},
                   {"stock_id", type("integer")},
                   {"quantity", json::object{{"type", "number"}, {"exclusiveMinimum", 0}}},
                   {"note", text(kMaxRequestNoteChars)}},
      json::array{"kind"}, true);
  s["IncidentRequestActionInput"] =
      object_of(json::object{{"action", names({"dispatch", "arrive", "cancel"})},
                             {"note", text(kMaxRequestNoteChars)}},
                json::array{"action"}, true);
  json::object classes = names({"一般", "重大"});
  s["IncidentReviewFinding"] = object_of(json::object{{"id", type("integer")},
                                                      {"seq", type("integer")},
                                                      {"text", type("string")},
                                                      {"enterprise_id", nullable("integer")},
                                                      {"class", classes},
                                                      {"hazard_id", nullable("integer")},
                                                      {"hazard_error", nullable("string")}});
  s["IncidentReview"] =
      object_of(json::object{{"id", type("integer")},
                             {"incident_id", type("integer")},
                             {"summary", type("string")},
                             {"reviewed_by", type("string")},
                             {"reviewed_at", time},
                             {"findings", array_of(ref("IncidentReviewFinding"))}});
  json::object finding_in = object_of(
      json::object{
          {"text", text(kMaxFindingChars)}, {"enterprise_id", type("integer")}, {"class", classes}},
      json::array{"text"}, true);
  json::object findings_in = array_of(finding_in, kMaxFindings);
  s["IncidentReviewInput"] =
      object_of(json::object{{"summary", text(kMaxSummaryChars)}, {"findings", findings_in}},
                json::array{"summary"}, true);
  detail["requests"] = array_of(ref("IncidentResourceRequest"));
  detail["review"] = json::object{{"oneOf", json::array{ref("IncidentReview"), type("null")}}};
  detail["may_command"] = type("boolean");
  s["IncidentDetail"] = object_of(detail);
  s["IncidentActionInput"] =
      object_of(json::object{{"action", names({"level_up", "level_down", "close", "note"})},
                             {"text", text(kMaxNoteChars)}},
                json::array{"action"}, true);
  s["IncidentActivationInput"] = object_of(
      json::object{{"plan_id", type("integer")}, {"level", level}}, json::array{"plan_id"}, true);
  s["IncidentNotifyResult"] =
      object_of(json::object{{"activation_id", type("integer")},
                             {"sent", type("integer")},
                             {"failed", type("integer")},
                             {"receipts", array_of(ref("IncidentReceipt"))}});
  s["IncidentTaskActionInput"] = object_of(
      json::object{
          {"action", names({"read", "accept", "feedback", "done", "reject"})},
          {"text", text(kMaxNoteChars)},
          {"lon", type("number")},
          {"lat", type("number")},
          {"photo_sha256", json::object{{"type", "string"}, {"pattern", "^[0-9a-f]{64}$"}}},
          {"reason", text(kMaxNoteChars)}},
      json::array{"action"}, true);
  s["IncidentEscalationPass"] = object_of(json::object{{"now", time},
                                                       {"open", type("integer")},
                                                       {"recorded", type("integer")},
                                                       {"unread", type("integer")},
                                                       {"undone", type("integer")},
                                                       {"delivered", type("integer")},
                                                       {"failed", type("integer")}});
}

std::unique_ptr<Notifier> notifier_for(const ModuleOptions& o) {
  if (o.webhook.url.empty()) return std::make_unique<LogNotifier>();
  return make_webhook_notifier(o.webhook);
}

class IncidentsModule final : public platform::Module {
 public:
  IncidentsModule(platform::Deps& deps, ModuleOptions opts)
      : notifier_(notifier_for(opts)),
        svc_(deps.db, deps.clock, *deps.audit, &deps.events,
             deps.services.get<plans::PlansService>(), *notifier_,
             deps.services.get<alarms::AlarmsService>(),
             deps.services.get<registry::RegistryService>(),
             deps.services.get<hazards::HazardsService>(), opts.service,
             &deps.services.get<duty::DutyService>()) {
    deps.services.provide(svc_);
  }
  ~IncidentsModule() override { svc_.stop(); }

  void start() override { svc_.start(); }
  std::string_view name() const override { return "incidents"; }

  void register_routes(http::Api& api) override {
    api.route(Method::kPost, "/api/v1/incidents",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto made, svc_.open(p, body, actor(p, req)));
                return http::created_reply(req.path, made);
              },
              {.summary = "Open an incident (status open; accident grade from risk's rule)",
               .tag = "incidents",
               .request_schema = "IncidentInput",
               .response_schema = "IncidentDetail",
               .success_status = 201});
    api.route(Method::kGet, "/api/v1/incidents",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {"status", "page", "page_size"}));
                LG_TRY_ASSIGN(http::Paging pg, http::parse_paging(req));
                std::optional<IncidentStatus> status;
                if (auto s = req.query_param("status")) {
                  status = parse_status(*s);
                  if (!status)
                    return Error::bad_request("'status' must be open or closed.", "status");
                }
                LG_TRY_ASSIGN(IncidentPage page, svc_.list(p, status, pg.page, pg.page_size));
                json::array items;
                for (auto& o : page.items) items.emplace_back(std::move(o));
                return http::list_reply(std::move(items), page.total, pg.page, pg.page_size);
              },
              {.summary = "List incidents in scope, newest first (filter: status)",
               .tag = "incidents",
               .response_schema = "Incident",
               .list = true,
               .query_params = {"status", "page", "page_size"}});
    // Before /{id}: the first route that matches wins.
    api.route(Method::kPost, "/api/v1/incidents/escalations/run",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(auto counts, svc_.run_escalation(p));
                return http::object_reply(200, to_json(counts));
              },
              {.summary = "Run one escalation pass of overdue tasks now (district officer)",
               .tag = "incidents",
               .response_schema = "IncidentEscalationPass",
               .idempotent = false});
    api.route(Method::kGet, "/api/v1/incidents/{id}",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto o, svc_.get(p, id));
                return http::object_reply(200, o);
              },
              {.summary = "One incident with its timeline, activations, tasks and receipts",
               .tag = "incidents",
               .response_schema = "IncidentDetail"});
    api.route(Method::kPost, "/api/v1/incidents/{id}/actions",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto o, svc_.act(p, id, body, actor(p, req)));
                return http::object_reply(200, o);
              },
              {.summary = "Level up or down, add a note, or close (409 when closed)",
               .tag = "incidents",
               .request_schema = "IncidentActionInput",
               .response_schema = "IncidentDetail"});
    api.route(Method::kPost, "/api/v1/incidents/{id}/activations",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto o, svc_.activate(p, id, body, actor(p, req)));
                return http::object_reply(201, o);
              },
              {.summary = "Activate a published plan at a response level: its tasks, each with "
                          "its deadline",
               .tag = "incidents",
               .request_schema = "IncidentActivationInput",
               .response_schema = "IncidentActivation",
               .success_status = 201});
    api.route(Method::kPost, "/api/v1/incidents/{id}/activations/{activation_id}/notify",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(int64_t aid, http::path_id(req, "activation_id"));
                LG_TRY_ASSIGN(auto o, svc_.notify(p, id, aid, actor(p, req)));
                return http::object_reply(200, o);
              },
              {.summary = "一键通: notify every responsible person of the activation, a receipt "
                          "per person",
               .tag = "incidents",
               .response_schema = "IncidentNotifyResult"});
    api.route(Method::kPost, "/api/v1/incidents/{id}/requests",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto o, svc_.request_resource(p, id, body, actor(p, req)));
                return http::object_reply(201, o);
              },
              {.summary = "资源调度: request a registry team or an amount of a warehouse's stock "
                          "(not reserved)",
               .tag = "incidents",
               .request_schema = "IncidentResourceRequestInput",
               .response_schema = "IncidentResourceRequest",
               .success_status = 201});
    api.route(Method::kPost, "/api/v1/incident-requests/{id}/actions",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto o, svc_.act_on_request(p, id, body, actor(p, req)));
                return http::object_reply(200, o);
              },
              {.summary = "A resource request step: dispatch, arrive or cancel (409 naming the "
                          "state)",
               .tag = "incidents",
               .request_schema = "IncidentRequestActionInput",
               .response_schema = "IncidentResourceRequest"});
    api.route(Method::kPost, "/api/v1/incidents/{id}/review",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto o, svc_.review(p, id, body, actor(p, req)));
                return http::object_reply(201, o);
              },
              {.summary = "复盘: the post-event review of a closed incident, once; findings with "
                          "an enterprise become hidden dangers",
               .tag = "incidents",
               .request_schema = "IncidentReviewInput",
               .response_schema = "IncidentReview",
               .success_status = 201});
    api.route(Method::kGet, "/api/v1/incidents/{id}/sitrep",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {"format"}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                auto f = req.query_param("format").value_or("html");
                if (f != "html" && f != "text")
                  return Error::bad_request("'format' must be html or text.", "format");
                LG_TRY_ASSIGN(auto body, svc_.sitrep(p, id, f == "html"));
                Response r;
                r.status = 200;
                r.content_type =
                    f == "html" ? "text/html; charset=utf-8" : "text/plain; charset=utf-8";
                r.body = std::move(body);
                return r;
              },
              {.summary = "The situation report (续报) from the timeline: a printable page or text",
               .tag = "incidents",
               .query_params = {"format"},
               .response_type = "text/html"});
    api.route(Method::kGet, "/api/v1/incident-tasks",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(auto tasks, svc_.my_tasks(p));
                json::array items;
                for (auto& o : tasks) items.emplace_back(std::move(o));
                auto n = static_cast<int64_t>(items.size());
                return http::list_reply(std::move(items), n, 1, std::max<int64_t>(n, 1));
              },
              {.summary = "The caller's own tasks, open ones first (the phone page)",
               .tag = "incidents",
               .response_schema = "IncidentTask",
               .list = true});
    api.route(Method::kPost, "/api/v1/incident-tasks/{id}/actions",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto o, svc_.act_on_task(p, id, body, actor(p, req)));
                return http::object_reply(200, o);
              },
              {.summary = "A task step: read, accept, feedback, done or reject (403 for who may "
                          "not, 409 naming the state)",
               .tag = "incidents",
               .request_schema = "IncidentTaskActionInput",
               .response_schema = "IncidentTask"});
  }

  void add_schemas(json::object& schemas) const override { add_incident_schemas(schemas); }
  std::span<const MessageTemplate> messages() const override { return incidents::messages(); }

  // Every role reads incidents in its scope; the filter is the store's scope condition.
  std::vector<platform::Topic> topics() const override {
    return {platform::Topic{"incidents", [](const Principal& p, const Placement& where) {
                              return in_scope(p, kScopeColumns, where);
                            }}};
  }

  void add_permissions(const Principal& p, json::object& out) const override {
    bool command = may_command(p);
    out["incidents"] = json::object{
        {"read", true},        {"create", command}, {"update", command},  {"delete", false},
        {"activate", command}, {"notify", command}, {"request", command}, {"review", command}};
  }

 private:
  std::unique_ptr<Notifier> notifier_;
  IncidentsService svc_;
};

}  // namespace

std::unique_ptr<platform::Module> make_module(platform::Deps& deps, ModuleOptions opts) {
  return std::make_unique<IncidentsModule>(deps, opts);
}

}  // namespace lakeguard::incidents
