#include "plans/api.h"

#include "http/json_body.h"
#include "http/schema.h"
#include "plans/content.h"
#include "plans/messages.h"
#include "plans/requests.h"
#include "plans/visibility.h"
#include "plans/workflow.h"

namespace lakeguard::plans {
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

void add_plan_schemas(json::object& s) {
  json::object categories = names({"自然灾害", "事故灾难", "公共卫生", "社会安全"});
  json::array subs;
  for (const auto& t : sub_types()) subs.emplace_back(t.name);
  json::object sub_type_enum{{"type", "string"}, {"enum", subs}};
  json::object levels = names({"district", "town", "community", "enterprise"});
  json::object states = names({"draft", "review", "published", "retired"});
  json::object actions = names({"submit", "reject", "approve", "publish", "retire", "revise"});
  json::object time{{"type", "string"}, {"format", "date-time"}};
  json::object nullable_time{{"type", json::array{"string", "null"}}, {"format", "date-time"}};
  json::object date{{"type", json::array{"string", "null"}}, {"format", "date"}};

  s["PlanTrigger"] = json::object{
      {"type", "object"},
      {"description", "A trigger condition: indicator comparator threshold unit, or keyword has"},
      {"properties", json::object{{"indicator", text(kMaxIndicatorChars)},
                                  {"comparator", names({">=", ">", "<=", "<", "==", "has"})},
                                  {"threshold", type("number")},
                                  {"unit", text(kMaxUnitChars)},
                                  {"keyword", text(kMaxKeywordChars)}}},
      {"required", json::array{"indicator", "comparator"}},
      {"additionalProperties", false}};
  s["PlanTaskTemplate"] = json::object{
      {"type", "object"},
      {"properties",
       json::object{
           {"title", text(kMaxTitleChars)},
           {"responsible_role", text(kMaxNameChars)},
           {"responsible_unit", text(kMaxNameChars)},
           {"deadline_offset_min",
            json::object{{"type", "integer"}, {"minimum", 0}, {"maximum", kMaxDeadlineOffsetMin}}},
           {"checklist", array_of(text(kMaxChecklistItemChars), kMaxChecklistItems)}}},
      {"required", json::array{"title", "deadline_offset_min"}},
      {"additionalProperties", false}};
  s["PlanResponseLevel"] = json::object{
      {"type", "object"},
      {"description", "A response level, 1 = Ⅰ级 (most severe) … 4 = Ⅳ级"},
      {"properties",
       json::object{{"level", json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", 4}}},
                    {"name", type("string")},
                    {"trigger_mode", names({"all", "any"})},
                    {"triggers", array_of(ref("PlanTrigger"), kMaxTriggersPerLevel)},
                    {"tasks", array_of(ref("PlanTaskTemplate"), kMaxTasksPerLevel)},
                    {"description", text(kMaxTextChars)},
                    {"basis", text(kMaxTextChars)}}},
      {"required", json::array{"level"}},
      {"additionalProperties", false}};
  s["PlanOrgRole"] = json::object{
      {"type", "object"},
      {"properties", json::object{{"role", text(kMaxNameChars)},
                                  {"units", array_of(text(kMaxNameChars), kMaxUnitsPerRole)},
                                  {"user_ids", array_of(type("integer"), kMaxUsersPerRole)}}},
      {"required", json::array{"role"}},
      {"additionalProperties", false}};
  s["PlanContent"] = json::object{
      {"type", "object"},
      {"properties", json::object{{"organisation", array_of(ref("PlanOrgRole"), kMaxOrgRoles)},
                                  {"levels", array_of(ref("PlanResponseLevel"), kMaxLevels)}}},
      {"required", json::array{"levels"}},
      {"additionalProperties", false}};
  json::object plan_props{{"id", type("integer")},
                          {"title", type("string")},
                          {"type", categories},
                          {"sub_type", nullable("string")},
                          {"level", levels},
                          {"owner_unit", type("string")},
                          {"jurisdiction", nullable("string")},
                          {"town_code", nullable("string")},
                          {"community_code", nullable("string")},
                          {"enterprise_id", nullable("integer")},
                          {"keywords", array_of(type("string"))},
                          {"summary", nullable("string")},
                          {"content", ref("PlanContent")},
                          {"status", states},
                          {"edition", type("integer")},
                          {"in_force_edition", nullable("integer")},
                          {"author", type("string")},
                          {"approver", nullable("string")},
                          {"approved_at", nullable_time},
                          {"revision_due", date},
                          {"synthetic", type("boolean")},
                          {"created_at", time},
                          {"updated_at", time},
                          {"published_at", nullable_time},
                          {"version", type("integer")}};
  s["Plan"] = json::object{{"type", "object"},
                           {"description", "An emergency plan (应急预案); lists omit content"},
                           {"properties", plan_props}};
  s["PlanEdition"] = json::object{{"type", "object"},
                                  {"properties", json::object{{"edition", type("integer")},
                                                              {"approver", type("string")},
                                                              {"published_by", type("string")},
                                                              {"published_at", time}}}};
  s["PlanAttachment"] = json::object{
      {"type", "object"},
      {"properties",
       json::object{{"id", type("integer")},
                    {"plan_id", type("integer")},
                    {"filename", type("string")},
                    {"media_type", names({"application/pdf",
                                          "application/vnd.openxmlformats-officedocument."
                                          "wordprocessingml.document"})},
                    {"size_bytes", type("integer")},
                    {"sha256", type("string")},
                    {"uploaded_by", type("string")},
                    {"uploaded_at", time}}}};
  json::object detail_props = plan_props;
  detail_props["versions"] = array_of(ref("PlanEdition"));
  detail_props["attachments"] = array_of(ref("PlanAttachment"));
  detail_props["allowed_actions"] = array_of(actions);
  detail_props["editable"] = type("boolean");
  s["PlanDetail"] = json::object{{"type", "object"}, {"properties", std::move(detail_props)}};
  json::object input_props{
      {"title", text(kMaxTitleChars)},
      {"type", categories},
      {"sub_type", sub_type_enum},
      {"level", levels},
      {"owner_unit", text(kMaxNameChars)},
      {"jurisdiction",
       json::object{{"type", "string"}, {"description", "6/9/12-digit division code"}}},
      {"enterprise_id", type("integer")},
      {"keywords", array_of(text(kMaxKeywordChars), kMaxPlanKeywords)},
      {"summary", text(kMaxTextChars)},
      {"content", ref("PlanContent")},
      {"revision_due", json::object{{"type", "string"}, {"format", "date"}}}};
  s["PlanInput"] =
      json::object{{"type", "object"},
                   {"properties", input_props},
                   {"required", json::array{"title", "type", "level", "owner_unit", "content"}},
                   {"additionalProperties", false}};
  json::object patch_props = input_props;
  patch_props.erase("level");
  patch_props.erase("jurisdiction");
  patch_props.erase("enterprise_id");
  s["PlanPatch"] = json::object{
      {"type", "object"}, {"properties", std::move(patch_props)}, {"additionalProperties", false}};
  s["PlanActionInput"] = json::object{
      {"type", "object"},
      {"description", "submit, reject {reason}, approve, publish, retire {reason?}, revise"},
      {"properties", json::object{{"action", actions}, {"reason", text(kMaxReasonChars)}}},
      {"required", json::array{"action"}},
      {"additionalProperties", false}};
  s["PlanMatchInput"] = json::object{
      {"type", "object"},
      {"properties",
       json::object{
           {"type", json::object{{"type", "string"},
                                 {"description", "a category or sub-type (GET /plans/types)"}}},
           {"level", json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", 4}}},
           {"indicators", json::object{{"type", "object"},
                                       {"additionalProperties", type("number")},
                                       {"maxProperties", kMaxEventIndicators}}},
           {"location", json::object{{"type", "object"},
                                     {"properties", json::object{{"lon", type("number")},
                                                                 {"lat", type("number")},
                                                                 {"town", type("string")}}},
                                     {"additionalProperties", false}}},
           {"town", type("string")},
           {"enterprise_id", type("integer")},
           {"keywords", array_of(text(kMaxKeywordChars), kMaxEventKeywords)},
           {"limit",
            json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", kMaxMatchLimit}}}}},
      {"additionalProperties", false}};
  s["PlanMatch"] = json::object{
      {"type", "object"},
      {"properties",
       json::object{
           {"items", array_of(json::object{
                         {"type", "object"},
                         {"properties", json::object{{"plan_id", type("integer")},
                                                     {"title", type("string")},
                                                     {"type", categories},
                                                     {"sub_type", nullable("string")},
                                                     {"level", levels},
                                                     {"jurisdiction", type("string")},
                                                     {"edition", type("integer")},
                                                     {"score", type("number")},
                                                     {"matched_level", nullable("integer")},
                                                     {"matched_level_name", nullable("string")},
                                                     {"reasons", array_of(type("string"))}}}})},
           {"place", nullable("string")},
           {"place_from", names({"given", "enterprise", "caller_scope", "none"})},
           {"candidates", type("integer")}}}};
  s["PlanTemplates"] = json::object{
      {"type", "object"}, {"properties", json::object{{"items", array_of(type("object"))}}}};
  s["PlanTypes"] = json::object{
      {"type", "object"},
      {"properties",
       json::object{{"items", array_of(json::object{
                                  {"type", "object"},
                                  {"properties",
                                   json::object{{"type", categories},
                                                {"sub_types", array_of(type("string"))}}}})}}}};
}

class PlansModule final : public platform::Module {
 public:
  PlansModule(platform::Deps& deps, PlansOptions opts)
      : svc_(deps.db, deps.clock, *deps.audit, &deps.events,
             deps.services.get<registry::RegistryService>(), opts) {
    deps.services.provide(svc_);
  }

  std::string_view name() const override { return "plans"; }

  void register_routes(http::Api& api) override {
    api.route(Method::kPost, "/api/v1/plans",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto made, svc_.create(p, body, actor(p, req)));
                return http::created_reply(req.path, made);
              },
              {.summary = "Create a plan (status draft)",
               .tag = "plans",
               .request_schema = "PlanInput",
               .response_schema = "PlanDetail",
               .success_status = 201});
    api.route(Method::kGet, "/api/v1/plans",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY_ASSIGN(PlanPage page, svc_.list(p, req.query));
                json::array items;
                for (auto& o : page.items) items.emplace_back(std::move(o));
                return http::list_reply(std::move(items), page.total, page.page, page.page_size);
              },
              {.summary = "List plans in scope (filters: type, level, status, town, q)",
               .tag = "plans",
               .response_schema = "Plan",
               .list = true,
               .query_params = {"type", "level", "status", "town", "q", "page", "page_size"}});
    // Before /{id}: the first route that matches wins.
    api.route(Method::kGet, "/api/v1/plans/templates",
              [this](const Principal&, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                return http::json_reply(200, svc_.templates());
              },
              {.summary = "Built-in plan templates to start a plan from (防汛防台, 危化品事故)",
               .tag = "plans",
               .response_schema = "PlanTemplates"});
    api.route(Method::kGet, "/api/v1/plans/types",
              [this](const Principal&, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                return http::json_reply(200, svc_.types());
              },
              {.summary = "Plan categories and their sub-types",
               .tag = "plans",
               .response_schema = "PlanTypes"});
    api.route(Method::kPost, "/api/v1/plans/match",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto o, svc_.match(p, body));
                return http::json_reply(200, o);
              },
              {.summary = "Rank the published plans in scope for an event, with scores and reasons",
               .tag = "plans",
               .request_schema = "PlanMatchInput",
               .response_schema = "PlanMatch",
               .idempotent = false});
    api.route(Method::kGet, "/api/v1/plans/{id}",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto o, svc_.get(p, id));
                return http::object_reply(200, o);
              },
              {.summary = "One plan with its content, published editions and attachments",
               .tag = "plans",
               .response_schema = "PlanDetail"});
    api.route(Method::kPatch, "/api/v1/plans/{id}",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto if_match, http::if_match_version(req));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto o, svc_.patch(p, id, body, if_match, actor(p, req)));
                return http::object_reply(200, o);
              },
              {.summary = "Change a draft plan (409 in any other state; If-Match)",
               .tag = "plans",
               .request_schema = "PlanPatch",
               .response_schema = "PlanDetail"});
    api.route(Method::kPost, "/api/v1/plans/{id}/actions",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(auto if_match, http::if_match_version(req));
                LG_TRY_ASSIGN(auto body, http::json_object_body(req));
                LG_TRY_ASSIGN(auto o, svc_.act(p, id, body, if_match, actor(p, req)));
                return http::object_reply(200, o);
              },
              {.summary = "A workflow step: submit, reject, approve, publish, retire or revise "
                          "(409 naming the current state when it does not allow it)",
               .tag = "plans",
               .request_schema = "PlanActionInput",
               .response_schema = "PlanDetail"});
    api.route(Method::kPost, "/api/v1/plans/{id}/attachments",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {"filename"}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                auto name = req.query_param("filename");
                if (!name) return Error::validation("filename", "'filename' is required.");
                LG_TRY_ASSIGN(auto o, svc_.attach(p, id, *name, req.body, actor(p, req)));
                return http::created_reply(req.path, o);
              },
              {.summary = "Attach a PDF or DOCX (the raw file as the body, ?filename=; typed by "
                          "its bytes: 415 otherwise, 413 over the limit)",
               .tag = "plans",
               .response_schema = "PlanAttachment",
               .query_params = {"filename"},
               .success_status = 201});
    api.route(Method::kGet, "/api/v1/plans/{id}/attachments/{attachment_id}",
              [this](const Principal& p, Request& req) -> Reply {
                LG_TRY(http::only_query_params(req, {}));
                LG_TRY_ASSIGN(int64_t id, http::path_id(req));
                LG_TRY_ASSIGN(int64_t aid, http::path_id(req, "attachment_id"));
                LG_TRY_ASSIGN(auto f, svc_.attachment(p, id, aid));
                Response r;
                r.status = 200;
                r.content_type = f.meta.media_type;
                r.body = std::move(f.bytes);
                r.headers.emplace_back("ETag", "\"" + f.meta.sha256 + "\"");
                r.headers.emplace_back("Content-Disposition", "attachment");
                return r;
              },
              {.summary = "An attachment's bytes (ETag: its SHA-256)",
               .tag = "plans",
               .response_type = "application/octet-stream"});
  }

  void add_schemas(json::object& schemas) const override { add_plan_schemas(schemas); }
  std::span<const MessageTemplate> messages() const override { return plans::messages(); }

  // The same scope the store's WHERE uses (visibility.h).
  std::vector<platform::Topic> topics() const override {
    return {platform::Topic{"plans", [](const Principal& p, const Placement& where) {
                              return read_scope(p).admits(where);
                            }}};
  }

  void add_permissions(const Principal& p, json::object& out) const override {
    bool write = !p.read_only && may_write(p.role);
    json::array acts;
    for (Action a : kAllActions)
      if (!p.read_only && role_may(p.role, a)) acts.emplace_back(action_name(a));
    out["plans"] = json::object{{"read", true},
                                {"create", write},
                                {"update", write},
                                {"delete", false},
                                {"actions", std::move(acts)}};
  }

  PlansService& service() { return svc_; }

 private:
  PlansService svc_;
};

}  // namespace

std::unique_ptr<platform::Module> make_module(platform::Deps& deps, PlansOptions opts) {
  return std::make_unique<PlansModule>(deps, opts);
}

}  // namespace lakeguard::plans
