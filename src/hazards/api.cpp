#include "hazards/api.h"

#include "hazards/lifecycle.h"
#include "hazards/messages.h"
#include "hazards/requests.h"
#include "http/json_body.h"
#include "http/schema.h"

namespace lakeguard::hazards {
namespace {

namespace json = boost::json;
using http::Method;
using http::Reply;
using http::Request;
using http::Response;
using http::schema::date;
using http::schema::names;
using http::schema::nullable;
using http::schema::ref;
using http::schema::text;
using http::schema::type;

platform::Actor actor(const Principal& p, const Request& req) {
  return platform::Actor::of(p, req.request_id);
}

const std::vector<std::string> kFilterParams = {
    "status", "class", "source", "town", "town_code", "community", "enterprise_id", "overdue"};

std::vector<std::string> list_params() {
  std::vector<std::string> p = kFilterParams;
  for (const char* q : {"sort", "page", "page_size"}) p.emplace_back(q);
  return p;
}

json::object counts() {
  return json::object{{"type", "object"}, {"additionalProperties", type("integer")}};
}

void add_hazard_schemas(json::object& s) {
  json::object classes = names({"一般", "重大"});
  json::object sources = names({"self_check", "inspection", "report", "public"});
  json::object states = names({"reported", "rectifying", "submitted", "closed"});
  json::object actions = names({"confirm", "plan", "submit", "accept", "reject", "reopen"});
  json::object time{{"type", "string"}, {"format", "date-time"}};
  json::object nullable_time{{"type", json::array{"string", "null"}}, {"format", "date-time"}};

  s["HazardPlan"] = json::object{
      {"type", "object"},
      {"description", "Remediation plan (事故隐患治理方案)"},
      {"properties", json::object{{"measures", text(kMaxNoteChars)},
                                  {"funds_yuan", json::object{{"type", "number"}, {"minimum", 0}}},
                                  {"responsible", text(kMaxNameChars)},
                                  {"deadline", date()},
                                  {"interim_measures", text(kMaxNoteChars)}}},
      {"required",
       json::array{"measures", "funds_yuan", "responsible", "deadline", "interim_measures"}}};
  json::object hazard_props{
      {"id", type("integer")},
      {"enterprise_id", type("integer")},
      {"town_code", type("string")},
      {"community_code", nullable("string")},
      {"industry", nullable("string")},
      {"location", nullable("string")},
      {"description", type("string")},
      {"class", classes},
      {"source", sources},
      {"category", nullable("string")},
      {"found_at", time},
      {"found_by", type("string")},
      {"status", states},
      {"deadline", json::object{{"type", json::array{"string", "null"}}, {"format", "date"}}},
      {"overdue", type("boolean")},
      {"plan", json::object{{"oneOf", json::array{ref("HazardPlan"), type("null")}}}},
      {"reported_by", type("string")},
      {"created_at", time},
      {"updated_at", time},
      {"confirmed_at", nullable_time},
      {"closed_at", nullable_time},
      {"version", type("integer")},
      {"responsible_level", names({"enterprise", "community", "town", "district"})}};
  s["Hazard"] = json::object{{"type", "object"},
                             {"description", "A hidden danger (事故隐患)"},
                             {"properties", hazard_props}};
  s["HazardActionRecord"] =
      json::object{{"type", "object"},
                   {"properties", json::object{{"id", type("integer")},
                                               {"action", type("string")},
                                               {"from_status", nullable("string")},
                                               {"to_status", states},
                                               {"actor", type("string")},
                                               {"at", time},
                                               {"payload", type("object")}}}};
  json::object detail_props = hazard_props;
  detail_props["actions"] = json::object{{"type", "array"}, {"items", ref("HazardActionRecord")}};
  detail_props["allowed_actions"] = json::object{{"type", "array"}, {"items", actions}};
  detail_props["notices"] = json::object{{"type", "array"}, {"items", ref("HazardNotice")}};
  detail_props["photos"] = json::object{{"type", "array"}, {"items", ref("HazardPhoto")}};
  json::object levels = names({"enterprise", "community", "town", "district"});
  s["HazardNotice"] = json::object{
      {"type", "object"},
      {"description",
       "A reminder (7/3/1 days before the deadline) or a supervision order (督办, stage = "
       "escalation count)"},
      {"properties",
       json::object{{"id", type("integer")},
                    {"kind", names({"reminder", "supervision"})},
                    {"stage", type("integer")},
                    {"deadline", date()},
                    {"to_level", levels},
                    {"to_code", type("string")},
                    {"due_at", time},
                    {"recorded_at", time},
                    {"late", type("boolean")},
                    {"superseded", type("boolean")},
                    {"delivery", names({"pending", "sending", "sent", "failed", "superseded"})},
                    {"attempts", type("integer")},
                    {"delivered_at", nullable_time},
                    {"delivery_error", nullable("string")}}}};
  s["HazardPhoto"] = json::object{
      {"type", "object"},
      {"properties",
       json::object{{"hash", json::object{{"type", "string"}, {"pattern", "^[0-9a-f]{64}$"}}},
                    {"media_type", names({"image/jpeg", "image/png", "image/webp"})},
                    {"size_bytes", type("integer")},
                    {"purpose", names({"finding", "evidence"})},
                    {"added_by", type("string")},
                    {"added_at", time},
                    {"url", type("string")}}}};
  json::object sup_props = hazard_props;
  sup_props["escalations"] = type("integer");
  sup_props["supervised_by_level"] = levels;
  sup_props["supervised_by_code"] = nullable("string");
  sup_props["first_order_at"] = time;
  sup_props["last_order_at"] = time;
  sup_props["days_overdue"] = type("integer");
  s["HazardSupervision"] =
      json::object{{"type", "object"},
                   {"description", "A hidden danger under supervision orders (督办)"},
                   {"properties", std::move(sup_props)}};
  s["HazardSchedulerPass"] =
      json::object{{"type", "object"},
                   {"properties", json::object{{"at", time},
                                               {"followed", type("integer")},
                                               {"recorded", type("integer")},
                                               {"reminders", type("integer")},
                                               {"supervisions", type("integer")},
                                               {"superseded", type("integer")},
                                               {"late", type("integer")},
                                               {"delivered", type("integer")},
                                               {"failed", type("integer")}}}};
  s["HazardDetail"] = json::object{{"type", "object"}, {"properties", std::move(detail_props)}};
  s["HazardInput"] = json::object{
      {"type", "object"},
      {"properties",
       json::object{
           {"enterprise_id", type("integer")},
           {"description", text(kMaxDescriptionChars)},
           {"class", classes},
           {"source", sources},
           {"location", text(kMaxLocationChars)},
           {"category", text(kMaxCategoryChars)},
           {"found_at", json::object{{"description", "ISO 8601 with offset, or epoch milliseconds"},
                                     {"type", json::array{"string", "integer"}}}},
           {"found_by", text(kMaxNameChars)}}},
      {"required", json::array{"enterprise_id", "description", "class", "source"}},
      {"additionalProperties", false}};
  s["HazardActionInput"] = json::object{
      {"type", "object"},
      {"description",
       "confirm {class?, deadline?, note?}; plan {measures, funds_yuan, responsible, deadline, "
       "interim_measures}; submit {note, photos?}; accept {note?}; reject {reason}; reopen "
       "{reason, "
       "deadline?}"},
      {"properties", json::object{{"action", actions},
                                  {"class", classes},
                                  {"deadline", date()},
                                  {"note", text(kMaxNoteChars)},
                                  {"reason", text(kMaxNoteChars)},
                                  {"measures", text(kMaxNoteChars)},
                                  {"funds_yuan", json::object{{"type", "number"}, {"minimum", 0}}},
                                  {"responsible", text(kMaxNameChars)},
                                  {"interim_measures", text(kMaxNoteChars)},
                                  {"photos", json::object{{"type", "array"},
                                                          {"maxItems", kMaxSubmitPhotos},
                                                          {"items", type("string")}}}}},
      {"required", json::array{"action"}},
      {"additionalProperties", false}};
  s["HazardStats"] =
      json::object{{"type", "object"},
                   {"properties", json::object{{"total", type("integer")},
                                               {"by_status", counts()},
                                               {"by_class", counts()},
                                               {"by_town", counts()},
                                               {"by_industry", counts()},
                                               {"by_source", counts()},
                                               {"overdue", type("integer")},
                                               {"closed", type("integer")},
                                               {"closed_on_time", type("integer")},
                                               {"on_time_rate", nullable("number")},
                                               {"mean_days_to_close", nullable("number")},
                                               {"today", date()}}}};
}

class HazardsModule final : public platform::Module {
 public:
  HazardsModule(platform::Deps& deps, HazardsOptions opts)
      : svc_(deps.db, deps.clock, *deps.audit, &deps.events,
             deps.services.get<registry::RegistryService>(), opts),
        scheduler_(deps.db, deps.clock, *deps.audit, &deps.events, sender_, opts.scheduler) {
    deps.services.provide(svc_);
    deps.services.provide(scheduler_);
  }
  ~HazardsModule() override { scheduler_.stop(); }

  // The background pass (when scheduler.interval_s > 0), after migrations and every module.
  void start() override { scheduler_.start(); }

  std::string_view name() const override { return "hazards"; }

  void register_routes(http::Api& api) override {
    // Plain routes, not cached_get: `overdue` depends on today's date, not only on the tables.
    api.route(Method::kPost, "/api/v1/hazards",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto made, svc_.report(p, body, actor(p, req)));
                return http::created_reply(req.path, made);
              },
              {.summary = "Report a hidden danger (status reported)",
               .tag = "hazards",
               .request_schema = "HazardInput",
               .response_schema = "HazardDetail",
               .success_status = 201});
    api.route(Method::kGet, "/api/v1/hazards",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY_ASSIGN(HazardPage page, svc_.list(p, req.query));
                json::array items;
                for (auto& o : page.items) items.emplace_back(std::move(o));
                return http::list_reply(std::move(items), page.total, page.page, page.page_size);
              },
              {.summary = "List hidden dangers in scope (filters: status, class, source, town, "
                          "community, enterprise_id, overdue)",
               .tag = "hazards",
               .response_schema = "Hazard",
               .list = true,
               .query_params = list_params()});
    // Before /{id}: the first route that matches wins.
    api.route(Method::kGet, "/api/v1/hazards/stats",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY_ASSIGN(auto s, svc_.stats(p, req.query));
                return http::json_reply(200, s);
              },
              {.summary = "Hidden-danger statistics in scope (by status, class, town, industry, "
                          "source; overdue; on-time rate; mean days to close)",
               .tag = "hazards",
               .response_schema = "HazardStats",
               .query_params = kFilterParams});
    api.route(Method::kGet, "/api/v1/hazards/supervisions",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY_ASSIGN(HazardPage page, svc_.supervisions(p, req.query));
                json::array items;
                for (auto& o : page.items) items.emplace_back(std::move(o));
                return http::list_reply(std::move(items), page.total, page.page, page.page_size);
              },
              {.summary = "Hidden dangers under supervision orders (督办) in scope, with the "
                          "escalation count (status open|closed|all; town, community, class, "
                          "enterprise_id)",
               .tag = "hazards",
               .response_schema = "HazardSupervision",
               .list = true,
               .query_params = {"status", "town", "town_code", "community", "class",
                                "enterprise_id", "page", "page_size"}});
    api.route(Method::kPost, "/api/v1/hazards/scheduler/run",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(PassCounts n, scheduler_.run(p));
                return http::json_reply(200, to_json(n));
              },
              {.summary = "Run one pass of the reminder and supervision (督办) scheduler now "
                          "(district officers); answers what it recorded and delivered",
               .tag = "hazards",
               .response_schema = "HazardSchedulerPass"});
    api.route(Method::kGet, "/api/v1/hazards/photos/{hash}",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(auto ph, svc_.photo(p, req.path_params["hash"]));
                Response r;
                r.status = 200;
                r.content_type = ph.media_type;
                r.body = std::move(ph.bytes);
                // Content-addressed: the bytes under a hash never change.
                r.headers.emplace_back("Cache-Control", "private, max-age=31536000, immutable");
                r.headers.emplace_back("ETag", "\"" + req.path_params["hash"] + "\"");
                return r;
              },
              {.summary = "A hidden-danger photo by its SHA-256 (when a hidden danger in scope "
                          "shows it)",
               .tag = "hazards",
               .response_type = "image/jpeg"});
    api.route(Method::kPost, "/api/v1/hazards/{id}/photos",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto added,
                              svc_.add_photo(p, id, req.media_type(), req.body, actor(p, req)));
                return http::object_reply(added.created ? 201 : 200, added.photo);
              },
              {.summary = "Attach a photo: the raw JPEG, PNG or WebP bytes as the body (checked "
                          "by their magic bytes; 413 over the limit, 415 otherwise); a finding "
                          "while reported, evidence while rectifying",
               .tag = "hazards",
               .response_schema = "HazardPhoto",
               .success_status = 201});
    api.route(Method::kGet, "/api/v1/hazards/{id}",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto o, svc_.get(p, id));
                return http::object_reply(200, o);
              },
              {.summary = "One hidden danger with its full action history",
               .tag = "hazards",
               .response_schema = "HazardDetail"});
    api.route(Method::kPost, "/api/v1/hazards/{id}/actions",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto if_match, http::if_match_version(req));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto o, svc_.act(p, id, body, if_match, actor(p, req)));
                return http::object_reply(200, o);
              },
              {.summary = "A workflow step: confirm, plan, submit, accept, reject or reopen "
                          "(409 naming the current state when it does not allow it)",
               .tag = "hazards",
               .request_schema = "HazardActionInput",
               .response_schema = "HazardDetail"});
  }

  void add_schemas(json::object& schemas) const override { add_hazard_schemas(schemas); }
  std::span<const MessageTemplate> messages() const override { return hazards::messages(); }

  // Every role reads hidden dangers in its scope; the filter is the store's scope condition.
  std::vector<platform::Topic> topics() const override {
    return {platform::Topic{"hazards", [](const Principal& p, const Placement& where) {
                              return in_scope(p, kScopeColumns, where);
                            }}};
  }

  void add_permissions(const Principal& p, json::object& out) const override {
    bool write = !p.read_only;
    json::array actions;
    for (Action a : kAllActions)
      if (write && role_may(p.role, a)) actions.emplace_back(action_name(a));
    json::object o{{"read", true},
                   {"create", write && may_report(p.role)},
                   {"update", !actions.empty()},
                   {"delete", false},
                   {"actions", std::move(actions)}};
    if (p.role == Role::kEnterpriseUser)
      o["values"] = json::object{{"source", json::array{"self_check"}}};
    out["hazards"] = std::move(o);
  }

 private:
  HazardsService svc_;
  LogNoticeSender sender_;
  NoticeScheduler scheduler_;
};

}  // namespace

std::unique_ptr<platform::Module> make_module(platform::Deps& deps, HazardsOptions opts) {
  return std::make_unique<HazardsModule>(deps, opts);
}

}  // namespace lakeguard::hazards
