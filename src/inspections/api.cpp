#include "inspections/api.h"

#include <fmt/format.h>

#include "auth/service.h"
#include "http/json_body.h"
#include "inspections/draw.h"
#include "inspections/draw_json.h"
#include "inspections/messages.h"
#include "inspections/plan.h"
#include "inspections/public_page.h"
#include "inspections/service.h"
#include "registry/service.h"

namespace lakeguard::inspections {
namespace {

namespace json = boost::json;
using http::Method;
using http::Reply;
using http::Request;
using http::Response;

platform::Actor actor(const Principal& p, const Request& req) {
  return platform::Actor::of(p, req.request_id);
}

Result<int64_t> whole(const json::object& body, std::string_view key) {
  const json::value* v = body.if_contains(key);
  if (!v || !v->is_int64())
    return Error::validation(std::string(key), fmt::format("'{}' must be a whole number.", key));
  return v->as_int64();
}

Result<NewDraw> new_draw_of(const json::object& body) {
  LG_TRY(http::reject_unknown_fields(
      body, {"title", "k", "m", "pool", "exclude_inspectors", "plan_id", "plan_target"}));
  NewDraw nd;
  if (const json::value* t = body.if_contains("title"); t && !t->is_null()) {
    if (!t->is_string())
      return Error::validation("title", "The text must have 1 to 100 characters.");
    nd.title = std::string(t->as_string());
    if (nd.title.empty())
      return Error::validation("title", "The text must have 1 to 100 characters.");
  }
  if (body.contains("plan_id")) {
    LG_TRY_ASSIGN(nd.plan_id, whole(body, "plan_id"));
    LG_TRY_ASSIGN(nd.plan_target, whole(body, "plan_target"));
  }
  // With a plan, k may be left to the target's share.
  if (!nd.plan_id || body.contains("k")) {
    LG_TRY_ASSIGN(nd.k, whole(body, "k"));
  }
  LG_TRY_ASSIGN(nd.m, whole(body, "m"));
  if (const json::value* pool = body.if_contains("pool"); pool && !pool->is_null()) {
    if (!pool->is_object())
      return Error::validation("pool", "'pool' must be an object of enterprise filters.");
    for (const auto& [k, v] : pool->as_object()) {
      std::string field = "pool." + std::string(k);
      if (v.is_string())
        nd.pool.emplace_back(std::string(k), std::string(v.as_string()));
      else if (v.is_int64())
        nd.pool.emplace_back(std::string(k), std::to_string(v.as_int64()));
      else
        return Error::validation(field, "Each filter value must be a string or a number.");
    }
  }
  if (const json::value* ex = body.if_contains("exclude_inspectors"); ex && !ex->is_null()) {
    const char* shape = "'exclude_inspectors' must be an array of {\"id\", \"reason\"}.";
    if (!ex->is_array()) return Error::validation("exclude_inspectors", shape);
    if (ex->as_array().size() > 1000) return Error::validation("exclude_inspectors", shape);
    size_t i = 0;
    for (const auto& e : ex->as_array()) {
      std::string at = fmt::format("exclude_inspectors[{}]", i++);
      if (!e.is_object()) return Error::validation(at, shape);
      const auto& o = e.as_object();
      LG_TRY(http::reject_unknown_fields(o, {"id", "reason"}));
      const json::value* id = o.if_contains("id");
      const json::value* reason = o.if_contains("reason");
      if (!id || !id->is_int64()) return Error::validation(at + ".id", shape);
      if (!reason || !reason->is_string()) return Error::validation(at + ".reason", shape);
      nd.exclude_inspectors.emplace_back(id->as_int64(), std::string(reason->as_string()));
    }
  }
  return nd;
}

Reply draw_reply(int status, const Draw& d) { return http::object_reply(status, draw_json(d)); }

Reply page_reply(const std::pair<std::vector<Draw>, int64_t>& page, const http::Paging& pg,
                 bool witness_names) {
  json::array items;
  for (const auto& d : page.first) items.push_back(draw_json(d, witness_names));
  return http::list_reply(std::move(items), page.second, pg.page, pg.page_size);
}

void register_routes(http::Api& api, InspectionService& svc) {
  const std::string base = "/api/v1/inspections/draws";
  api.route(Method::kPost, base,
            [&svc](const Principal& p, Request& req) -> Reply {
              LG_TRY_ASSIGN(auto body, http::json_object_body(req));
              LG_TRY_ASSIGN(auto nd, new_draw_of(body));
              LG_TRY_ASSIGN(auto d, svc.create(p, nd, actor(p, req)));
              return draw_reply(201, d);
            },
            {.summary = "Create a 双随机 draw: fix both pools and publish the seed's commitment",
             .tag = "inspections",
             .request_schema = "NewDraw",
             .response_schema = "Draw",
             .success_status = 201});
  api.route(Method::kGet, base,
            [&svc](const Principal& p, Request& req) -> Reply {
              LG_TRY_ASSIGN(auto pg, http::parse_paging(req));
              auto st = req.query_param("status");
              for (const auto& [k, v] : req.query)
                if (k != "status" && k != "page" && k != "page_size")
                  return Error::bad_request("Unknown query parameter.", k);
              LG_TRY_ASSIGN(auto page, svc.list(p, st, pg.page, pg.page_size));
              return page_reply(page, pg, true);
            },
            {.summary = "List draws in scope, newest first",
             .tag = "inspections",
             .response_schema = "Draw",
             .list = true,
             .query_params = {"status", "page", "page_size"}});
  api.route(Method::kGet, base + "/{id}",
            [&svc](const Principal& p, Request& req) -> Reply {
              LG_TRY_ASSIGN(int64_t id, http::path_id(req));
              LG_TRY_ASSIGN(auto d, svc.get(p, id));
              return draw_reply(200, d);
            },
            {.summary = "A draw (the seed only once revealed)",
             .tag = "inspections",
             .response_schema = "Draw"});
  api.route(Method::kPost, base + "/{id}/witness",
            [&svc](const Principal& p, Request& req) -> Reply {
              LG_TRY_ASSIGN(int64_t id, http::path_id(req));
              LG_TRY_ASSIGN(auto body, http::json_object_body(req));
              LG_TRY(http::reject_unknown_fields(body, {"name", "entropy"}));
              LG_TRY_ASSIGN(auto name, http::required_string(body, "name", 100));
              const json::value* e = body.if_contains("entropy");
              if (!e || !e->is_string())
                return Error::validation("entropy", "The text must have 1 to 200 characters.");
              LG_TRY_ASSIGN(
                  auto d, svc.add_witness(p, id, name, std::string(e->as_string()), actor(p, req)));
              return draw_reply(200, d);
            },
            {.summary = "Add a witness's text (现场监督人) before the reveal",
             .tag = "inspections",
             .request_schema = "DrawWitness",
             .response_schema = "Draw"});
  api.route(Method::kPost, base + "/{id}/reveal",
            [&svc](const Principal& p, Request& req) -> Reply {
              LG_TRY_ASSIGN(int64_t id, http::path_id(req));
              LG_TRY_ASSIGN(auto d, svc.reveal(p, id, actor(p, req)));
              return draw_reply(200, d);
            },
            {.summary = "Reveal the seed and select (needs a witness)",
             .tag = "inspections",
             .response_schema = "Draw"});
  const std::string plans = "/api/v1/inspections/plans";
  api.route(
      Method::kPost, plans,
      [&svc](const Principal& p, Request& req) -> Reply {
        LG_TRY_ASSIGN(auto body, http::json_object_body(req));
        int year = std::stoi(iso_utc(svc.now_ms()).substr(0, 4));
        LG_TRY_ASSIGN(auto plan, plan_from_json(body, year));
        LG_TRY_ASSIGN(auto made, svc.create_plan(p, std::move(plan), actor(p, req)));
        return http::object_reply(201, plan_json(made));
      },
      {.summary = "Create an inspection plan (抽查计划): targets by category, share and frequency",
       .tag = "inspections",
       .request_schema = "NewInspectionPlan",
       .response_schema = "InspectionPlan",
       .success_status = 201});
  api.route(Method::kGet, plans,
            [&svc](const Principal& p, Request& req) -> Reply {
              LG_TRY_ASSIGN(auto pg, http::parse_paging(req));
              std::optional<int> year;
              for (const auto& [k, v] : req.query) {
                if (k == "year") {
                  auto y = http::parse_id(v);
                  if (!y || *y > 9999)
                    return Error::bad_request("Unknown query parameter.", "year");
                  year = static_cast<int>(*y);
                } else if (k != "page" && k != "page_size") {
                  return Error::bad_request("Unknown query parameter.", k);
                }
              }
              LG_TRY_ASSIGN(auto page, svc.plans(p, year, pg.page, pg.page_size));
              json::array items;
              for (const auto& pl : page.first) items.push_back(plan_json(pl));
              return http::list_reply(std::move(items), page.second, pg.page, pg.page_size);
            },
            {.summary = "List inspection plans in scope",
             .tag = "inspections",
             .response_schema = "InspectionPlan",
             .list = true,
             .query_params = {"year", "page", "page_size"}});
  api.route(Method::kGet, plans + "/{id}",
            [&svc](const Principal& p, Request& req) -> Reply {
              LG_TRY_ASSIGN(int64_t id, http::path_id(req));
              LG_TRY_ASSIGN(auto view, svc.plan(p, id));
              json::object o = plan_json(view.first);
              auto& targets = o["targets"].as_array();
              for (size_t i = 0; i < targets.size(); ++i) {
                const TargetProgress& tp = view.second[i];
                targets[i].as_object()["progress"] =
                    json::object{{"pool_size", tp.pool_size},
                                 {"per_draw", tp.per_draw},
                                 {"planned_per_year", tp.planned_per_year},
                                 {"draws", tp.draws},
                                 {"revealed", tp.revealed},
                                 {"enterprises_drawn", tp.enterprises_drawn}};
              }
              return http::object_reply(200, o);
            },
            {.summary = "An inspection plan with each target's progress this year",
             .tag = "inspections",
             .response_schema = "InspectionPlan"});
  // 一公开: every draw, for anyone, without witnesses' names (their texts suffice to verify).
  api.open(Method::kGet, "/public/inspections",
           [&svc](Request& req) -> Reply {
             LG_TRY_ASSIGN(auto pg, http::parse_paging(req));
             return page_reply(svc.published(pg.page, pg.page_size), pg, false);
           },
           {.summary = "Public list of draws and their selections (一公开)",
            .tag = "inspections",
            .response_schema = "Draw",
            .list = true,
            .query_params = {"page", "page_size"}});
  api.open(Method::kGet, "/public/inspections/verify",
           [](Request&) -> Reply {
             Response r;
             r.status = 200;
             r.content_type = "text/html; charset=utf-8";
             r.body = std::string(kVerifyPage);
             return r;
           },
           {.summary = "A page that recomputes a draw in the browser (its own SHA-256)",
            .tag = "inspections",
            .response_type = "text/html"});
}

json::object type(std::string_view t) { return json::object{{"type", t}}; }
json::object nullable(std::string_view t) {
  return json::object{{"type", json::array{json::value(t), "null"}}};
}
json::object members() {
  return json::object{
      {"type", "array"},
      {"items", json::object{{"type", "object"},
                             {"properties",
                              json::object{{"id", type("integer")}, {"name", type("string")}}}}}};
}

class InspectionsModule final : public platform::Module {
 public:
  explicit InspectionsModule(platform::Deps& deps)
      : svc_(deps.db, deps.clock, *deps.audit, deps.services.get<registry::RegistryService>(),
             deps.services.get<auth::AuthService>()) {
    deps.services.provide(svc_);
  }

  std::string_view name() const override { return "inspections"; }
  void register_routes(http::Api& api) override { inspections::register_routes(api, svc_); }
  std::span<const MessageTemplate> messages() const override { return inspections::messages(); }

  void add_permissions(const Principal& p, json::object& out) const override {
    bool run = may_run_draws(p);
    out["inspection_draws"] = json::object{
        {"read", may_read_draws(p)}, {"create", run}, {"update", run}, {"delete", false}};
  }

  void add_schemas(json::object& s) const override {
    json::object nd{
        {"type", "object"},
        {"additionalProperties", false},
        {"required", json::array{"m"}},
        {"properties",
         json::object{
             {"title", type("string")},
             {"plan_id", type("integer")},
             {"plan_target",
              json::object{{"type", "integer"}, {"description", "index of the plan's target"}}},
             {"k", json::object{{"type", "integer"}, {"minimum", 1}}},
             {"m", json::object{{"type", "integer"}, {"minimum", 1}}},
             {"pool", json::object{{"type", "object"},
                                   {"description",
                                    "Enterprise filters, as the enterprise "
                                    "list takes them"}}},
             {"exclude_inspectors",
              json::object{{"type", "array"},
                           {"items", json::object{{"type", "object"},
                                                  {"properties",
                                                   json::object{{"id", type("integer")},
                                                                {"reason", type("string")}}}}}}}}}};
    s["NewDraw"] = std::move(nd);
    json::object target_props{
        {"label", type("string")},
        {"pool", type("object")},
        {"ratio_percent",
         json::object{{"type", "number"}, {"exclusiveMinimum", 0}, {"maximum", 100}}},
        {"times_per_year", json::object{{"type", "integer"}, {"minimum", 1}, {"maximum", 12}}}};
    auto targets = [](const json::object& props) {
      return json::object{{"type", "array"},
                          {"maxItems", 50},
                          {"items", json::object{{"type", "object"}, {"properties", props}}}};
    };
    s["NewInspectionPlan"] =
        json::object{{"type", "object"},
                     {"additionalProperties", false},
                     {"required", json::array{"year", "name", "targets"}},
                     {"properties", json::object{{"year", type("integer")},
                                                 {"name", type("string")},
                                                 {"targets", targets(target_props)}}}};
    target_props["progress"] =
        json::object{{"type", "object"},
                     {"properties", json::object{{"pool_size", type("integer")},
                                                 {"per_draw", type("integer")},
                                                 {"planned_per_year", type("integer")},
                                                 {"draws", type("integer")},
                                                 {"revealed", type("integer")},
                                                 {"enterprises_drawn", type("integer")}}}};
    s["InspectionPlan"] =
        json::object{{"type", "object"},
                     {"properties", json::object{{"id", type("integer")},
                                                 {"year", type("integer")},
                                                 {"name", type("string")},
                                                 {"town_code", nullable("string")},
                                                 {"targets", targets(target_props)},
                                                 {"created_at", type("string")},
                                                 {"version", type("integer")}}}};
    s["DrawWitness"] = json::object{
        {"type", "object"},
        {"additionalProperties", false},
        {"required", json::array{"name", "entropy"}},
        {"properties",
         json::object{
             {"name", type("string")},
             {"entropy", json::object{{"type", "string"}, {"minLength", 1}, {"maxLength", 200}}}}}};
    json::object witness{{"type", "object"},
                         {"properties", json::object{{"name", type("string")},
                                                     {"entropy", type("string")},
                                                     {"added_at", type("string")}}}};
    s["Draw"] = json::object{
        {"type", "object"},
        {"properties",
         json::object{
             {"id", type("integer")},
             {"title", type("string")},
             {"town_code", nullable("string")},
             {"plan_id", nullable("integer")},
             {"plan_target", nullable("integer")},
             {"k", type("integer")},
             {"m", type("integer")},
             {"status",
              json::object{{"type", "string"}, {"enum", json::array{"open", "revealed"}}}},
             {"commitment",
              json::object{{"type", "string"},
                           {"description", "hex SHA-256 of the 32 raw bytes of the seed"}}},
             {"pool_filter", type("object")},
             {"pool_enterprises", members()},
             {"pool_inspectors", members()},
             {"excluded_inspectors", type("array")},
             {"witnesses", json::object{{"type", "array"}, {"items", witness}}},
             {"seed", nullable("string")},
             {"final_seed", nullable("string")},
             {"selected_enterprises", json::object{{"type", json::array{"array", "null"}}}},
             {"selected_inspectors", json::object{{"type", json::array{"array", "null"}}}},
             {"created_at", type("string")},
             {"revealed_at", nullable("string")},
             {"version", type("integer")}}}};
  }

 private:
  InspectionService svc_;
};

}  // namespace

std::unique_ptr<platform::Module> make_module(platform::Deps& deps) {
  return std::make_unique<InspectionsModule>(deps);
}

}  // namespace lakeguard::inspections
