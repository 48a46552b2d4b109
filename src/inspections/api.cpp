#include "inspections/api.h"

#include <fmt/format.h>

#include "auth/service.h"
#include "hazards/service.h"
#include "http/json_body.h"
#include "http/schema.h"
#include "inspections/draw.h"
#include "inspections/draw_json.h"
#include "inspections/messages.h"
#include "inspections/plan.h"
#include "inspections/public_page.h"
#include "inspections/service.h"
#include "inspections/task_json.h"
#include "registry/service.h"

namespace lakeguard::inspections {
namespace {

namespace json = boost::json;
using http::Method;
using http::Reply;
using http::Request;
using http::Response;
using http::schema::nullable;
using http::schema::type;

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

json::object members() {
  return json::object{
      {"type", "array"},
      {"items", json::object{{"type", "object"},
                             {"properties",
                              json::object{{"id", type("integer")}, {"name", type("string")}}}}}};
}

// --- 掌上执法: templates, tasks, items, findings, penalties, the printable record ---

Result<int> path_seq(const Request& req) {
  LG_TRY_ASSIGN(int64_t seq, http::path_id(req, "seq"));
  if (seq > 1000) return Error::not_found("No such item.");
  return static_cast<int>(seq);
}

Reply task_reply(int status, const Task& t) { return http::object_reply(status, task_json(t)); }

Result<std::optional<double>> opt_number(const json::object& body, std::string_view key) {
  const json::value* v = body.if_contains(key);
  if (!v || v->is_null()) return std::optional<double>{};
  if (v->is_double()) return std::optional<double>{v->as_double()};
  if (v->is_int64()) return std::optional<double>{static_cast<double>(v->as_int64())};
  return Error::validation(std::string(key), fmt::format("'{}' must be a number.", key));
}

Result<std::string> opt_text(const json::object& body, std::string_view key) {
  const json::value* v = body.if_contains(key);
  if (!v || v->is_null()) return std::string();
  if (!v->is_string()) return Error::validation(std::string(key), "This field must be text.");
  return std::string(v->as_string());
}

json::object public_result_json(const PublicResult& r) {
  json::array inspectors, penalties;
  for (const auto& m : r.inspectors)
    inspectors.push_back(json::object{{"id", m.id}, {"name", m.name}});
  for (const auto& p : r.penalties)
    penalties.push_back(json::object{{"violation_text", p.violation_text},
                                     {"basis", p.basis},
                                     {"level", p.level},
                                     {"amount_yuan", p.amount_yuan}});
  return json::object{
      {"task_id", r.task_id},
      {"enterprise", json::object{{"id", r.enterprise_id}, {"name", r.enterprise_name}}},
      {"template_name", r.template_name},
      {"completed_at", r.completed_at},
      {"inspectors", std::move(inspectors)},
      {"items", r.items},
      {"failed", r.failed},
      {"hazards", r.hazards},
      {"penalties", std::move(penalties)}};
}

// 一公开: every draw, for anyone, without witnesses' names (their texts suffice to verify), and
// for a revealed draw the results of its completed inspections (`results`). Registered by the
// tasks module, which knows both the draws and the tasks.
void register_public_routes(http::Api& api, InspectionService& draws, TaskService& tasks) {
  api.open(Method::kGet, "/public/inspections",
           [&draws, &tasks](Request& req) -> Reply {
             LG_TRY_ASSIGN(auto pg, http::parse_paging(req));
             auto page = draws.published(pg.page, pg.page_size);
             std::vector<int64_t> revealed;
             for (const auto& d : page.first)
               if (d.status == DrawStatus::kRevealed) revealed.push_back(d.id);
             auto results = tasks.public_results(revealed);
             json::array items;
             for (const auto& d : page.first) {
               json::object o = draw_json(d, false);
               if (d.status == DrawStatus::kRevealed) {
                 json::array rs;
                 if (auto it = results.find(d.id); it != results.end())
                   for (const auto& r : it->second) rs.push_back(public_result_json(r));
                 o["results"] = std::move(rs);
               }
               items.push_back(std::move(o));
             }
             return http::list_reply(std::move(items), page.second, pg.page, pg.page_size);
           },
           {.summary = "Public list of draws, their selections and inspection results (一公开)",
            .tag = "inspections",
            .response_schema = "PublicDraw",
            .list = true,
            .query_params = {"page", "page_size"}});
}

void register_task_routes(http::Api& api, TaskService& svc) {
  const std::string tpl = "/api/v1/inspections/templates";
  api.route(Method::kGet, tpl,
            [&svc](const Principal& p, Request& req) -> Reply {
              LG_TRY(http::only_query_params(req, {}));
              LG_TRY_ASSIGN(auto ts, svc.templates(p));
              json::array items;
              for (const auto& t : ts) items.push_back(template_json(t));
              return http::list_reply(std::move(items), static_cast<int64_t>(ts.size()), 1,
                                      static_cast<int64_t>(std::max<size_t>(ts.size(), 1)));
            },
            {.summary = "Checklist templates (检查表), each item with its legal basis",
             .tag = "inspections",
             .response_schema = "ChecklistTemplate",
             .list = true});
  api.route(Method::kPost, tpl,
            [&svc](const Principal& p, Request& req) -> Reply {
              LG_TRY(http::only_query_params(req, {}));
              LG_TRY_ASSIGN(auto body, http::json_object_body(req));
              LG_TRY_ASSIGN(auto t, template_from_json(body));
              LG_TRY_ASSIGN(auto made, svc.create_template(p, std::move(t), actor(p, req)));
              return http::object_reply(201, template_json(made));
            },
            {.summary = "Create a checklist template (district officers)",
             .tag = "inspections",
             .request_schema = "NewChecklistTemplate",
             .response_schema = "ChecklistTemplate",
             .success_status = 201});
  api.route(Method::kGet, tpl + "/{id}",
            [&svc](const Principal& p, Request& req) -> Reply {
              LG_TRY(http::only_query_params(req, {}));
              LG_TRY_ASSIGN(int64_t id, http::path_id(req));
              LG_TRY_ASSIGN(auto t, svc.template_by_id(p, id));
              return http::object_reply(200, template_json(t));
            },
            {.summary = "A checklist template",
             .tag = "inspections",
             .response_schema = "ChecklistTemplate"});
  api.route(Method::kPut, tpl + "/{id}",
            [&svc](const Principal& p, Request& req) -> Reply {
              LG_TRY(http::only_query_params(req, {}));
              LG_TRY_ASSIGN(int64_t id, http::path_id(req));
              LG_TRY_ASSIGN(auto body, http::json_object_body(req));
              LG_TRY_ASSIGN(auto t, template_from_json(body));
              t.id = id;
              LG_TRY_ASSIGN(auto made, svc.replace_template(p, std::move(t), actor(p, req)));
              return http::object_reply(200, template_json(made));
            },
            {.summary = "Replace a checklist template's name, industry and items (district "
                        "officers; tasks already made keep their items)",
             .tag = "inspections",
             .request_schema = "NewChecklistTemplate",
             .response_schema = "ChecklistTemplate"});
  api.route(Method::kDelete, tpl + "/{id}",
            [&svc](const Principal& p, Request& req) -> Reply {
              LG_TRY(http::only_query_params(req, {}));
              LG_TRY_ASSIGN(int64_t id, http::path_id(req));
              LG_TRY(svc.delete_template(p, id, actor(p, req)));
              return Response::no_content();
            },
            {.summary = "Delete a checklist template no task uses (409 otherwise)",
             .tag = "inspections",
             .success_status = 204});
  api.route(Method::kGet, "/api/v1/inspections/penalty-benchmark",
            [&svc](const Principal&, Request& req) -> Reply {
              LG_TRY(http::only_query_params(req, {}));
              auto items = benchmark_json(svc.benchmark());
              int64_t n = static_cast<int64_t>(items.size());
              return http::list_reply(std::move(items), n, 1, std::max<int64_t>(n, 1));
            },
            {.summary = "The penalty discretion benchmark (行政处罚裁量基准) amounts are checked "
                        "against",
             .tag = "inspections",
             .response_schema = "PenaltyBenchmarkRule",
             .list = true});

  const std::string tasks = "/api/v1/inspections/tasks";
  api.route(Method::kPost, tasks,
            [&svc](const Principal& p, Request& req) -> Reply {
              LG_TRY(http::only_query_params(req, {}));
              LG_TRY_ASSIGN(auto body, http::json_object_body(req));
              LG_TRY(http::reject_unknown_fields(
                  body, {"template_id", "enterprise_id", "inspector_ids"}));
              NewTask nt;
              LG_TRY_ASSIGN(nt.template_id, whole(body, "template_id"));
              LG_TRY_ASSIGN(nt.enterprise_id, whole(body, "enterprise_id"));
              const json::value* ids = body.if_contains("inspector_ids");
              if (!ids || !ids->is_array())
                return Error::validation("inspector_ids", "Give 1 to 10 inspectors.");
              if (ids->as_array().size() > 10)
                return Error::validation("inspector_ids", "Give 1 to 10 inspectors.");
              size_t i = 0;
              for (const auto& v : ids->as_array()) {
                if (!v.is_int64())
                  return Error::validation(fmt::format("inspector_ids[{}]", i),
                                           "No such inspector in your scope.");
                nt.inspector_ids.push_back(v.as_int64());
                ++i;
              }
              LG_TRY_ASSIGN(auto t, svc.create_task(p, nt, actor(p, req)));
              return task_reply(201, t);
            },
            {.summary = "Create an ad hoc inspection task (检查任务) for one enterprise",
             .tag = "inspections",
             .request_schema = "NewInspectionTask",
             .response_schema = "InspectionTask",
             .success_status = 201});
  api.route(Method::kPost, "/api/v1/inspections/draws/{id}/tasks",
            [&svc](const Principal& p, Request& req) -> Reply {
              LG_TRY(http::only_query_params(req, {}));
              LG_TRY_ASSIGN(int64_t id, http::path_id(req));
              LG_TRY_ASSIGN(auto body, http::json_object_body(req));
              LG_TRY(http::reject_unknown_fields(body, {"template_id"}));
              LG_TRY_ASSIGN(int64_t template_id, whole(body, "template_id"));
              LG_TRY_ASSIGN(auto made, svc.tasks_from_draw(p, id, template_id, actor(p, req)));
              json::array items;
              for (const auto& t : made) items.push_back(task_json(t, false));
              int64_t n = static_cast<int64_t>(items.size());
              return http::json_reply(201, json::object{{"items", std::move(items)},
                                                        {"total", n},
                                                        {"page", 1},
                                                        {"page_size", std::max<int64_t>(n, 1)}});
            },
            {.summary = "Make one task per enterprise a revealed draw selected, with its selected "
                        "inspectors",
             .tag = "inspections",
             .request_schema = "TasksFromDraw",
             .response_schema = "InspectionTask",
             .list = true,
             .success_status = 201});
  api.route(
      Method::kGet, tasks,
      [&svc](const Principal& p, Request& req) -> Reply {
        LG_TRY(http::only_query_params(req, {"status", "draw_id", "mine", "page", "page_size"}));
        LG_TRY_ASSIGN(auto pg, http::parse_paging(req));
        std::optional<int64_t> draw_id;
        if (auto d = req.query_param("draw_id")) {
          auto id = http::parse_id(*d);
          if (!id) return Error::bad_request("'draw_id' must be a whole number.", "draw_id");
          draw_id = *id;
        }
        bool mine = false;
        if (auto m = req.query_param("mine")) {
          if (*m != "true" && *m != "false")
            return Error::bad_request("Use true or false.", "mine");
          mine = *m == "true";
        }
        LG_TRY_ASSIGN(auto page, svc.tasks(p, req.query_param("status"), draw_id, mine, pg.page,
                                           pg.page_size));
        json::array items;
        for (const auto& t : page.first) items.push_back(task_json(t, false));
        return http::list_reply(std::move(items), page.second, pg.page, pg.page_size);
      },
      {.summary = "Inspection tasks in scope, newest first (mine=true: the caller's own)",
       .tag = "inspections",
       .response_schema = "InspectionTask",
       .list = true,
       .query_params = {"status", "draw_id", "mine", "page", "page_size"}});
  api.route(Method::kGet, tasks + "/{id}",
            [&svc](const Principal& p, Request& req) -> Reply {
              LG_TRY(http::only_query_params(req, {}));
              LG_TRY_ASSIGN(int64_t id, http::path_id(req));
              LG_TRY_ASSIGN(auto t, svc.task(p, id));
              return task_reply(200, t);
            },
            {.summary = "An inspection task with its items and penalties",
             .tag = "inspections",
             .response_schema = "InspectionTask"});
  api.route(Method::kPost, tasks + "/{id}/actions",
            [&svc](const Principal& p, Request& req) -> Reply {
              LG_TRY(http::only_query_params(req, {}));
              LG_TRY_ASSIGN(int64_t id, http::path_id(req));
              LG_TRY_ASSIGN(auto if_match, http::if_match_version(req));
              LG_TRY_ASSIGN(auto body, http::json_object_body(req));
              LG_TRY(http::reject_unknown_fields(body, {"action", "reason"}));
              LG_TRY_ASSIGN(auto action, opt_text(body, "action"));
              LG_TRY_ASSIGN(auto reason, opt_text(body, "reason"));
              LG_TRY_ASSIGN(auto t, svc.act(p, id, action, reason, if_match, actor(p, req)));
              return task_reply(200, t);
            },
            {.summary = "start | complete | cancel (with reason) a task; 409 naming the state",
             .tag = "inspections",
             .request_schema = "InspectionTaskAction",
             .response_schema = "InspectionTask"});
  api.route(Method::kPut, tasks + "/{id}/items/{seq}",
            [&svc](const Principal& p, Request& req) -> Reply {
              LG_TRY(http::only_query_params(req, {}));
              LG_TRY_ASSIGN(int64_t id, http::path_id(req));
              LG_TRY_ASSIGN(int seq, path_seq(req));
              LG_TRY_ASSIGN(auto body, http::json_object_body(req));
              LG_TRY(http::reject_unknown_fields(body, {"result", "note", "lon", "lat"}));
              ItemRecord r;
              LG_TRY_ASSIGN(r.result, opt_text(body, "result"));
              LG_TRY_ASSIGN(r.note, opt_text(body, "note"));
              LG_TRY_ASSIGN(r.lon, opt_number(body, "lon"));
              LG_TRY_ASSIGN(r.lat, opt_number(body, "lat"));
              LG_TRY_ASSIGN(auto t, svc.record_item(p, id, seq, r, actor(p, req)));
              return task_reply(200, t);
            },
            {.summary = "Record a checklist item: pass | fail | na, note, location (GCJ-02)",
             .tag = "inspections",
             .request_schema = "InspectionItemRecord",
             .response_schema = "InspectionTask"});
  api.route(Method::kPost, tasks + "/{id}/items/{seq}/photo",
            [&svc](const Principal& p, Request& req) -> Reply {
              LG_TRY(http::only_query_params(req, {}));
              LG_TRY_ASSIGN(int64_t id, http::path_id(req));
              LG_TRY_ASSIGN(int seq, path_seq(req));
              LG_TRY_ASSIGN(auto t, svc.add_item_photo(p, id, seq, req.media_type(), req.body,
                                                       actor(p, req)));
              return task_reply(200, t);
            },
            {.summary = "Attach the item's photo: raw JPEG, PNG or WebP bytes (413 over the "
                        "limit, 415 otherwise), kept in the hidden dangers' photo store",
             .tag = "inspections",
             .response_schema = "InspectionTask"});
  api.route(Method::kGet, tasks + "/{id}/items/{seq}/photo",
            [&svc](const Principal& p, Request& req) -> Reply {
              LG_TRY(http::only_query_params(req, {}));
              LG_TRY_ASSIGN(int64_t id, http::path_id(req));
              LG_TRY_ASSIGN(int seq, path_seq(req));
              LG_TRY_ASSIGN(auto ph, svc.item_photo(p, id, seq));
              Response r;
              r.status = 200;
              r.content_type = ph.media_type;
              r.body = std::move(ph.bytes);
              r.headers.emplace_back("Cache-Control", "private, no-cache");
              return r;
            },
            {.summary = "The item's photo", .tag = "inspections", .response_type = "image/jpeg"});
  api.route(Method::kPost, tasks + "/{id}/items/{seq}/hazard",
            [&svc](const Principal& p, Request& req) -> Reply {
              LG_TRY(http::only_query_params(req, {}));
              LG_TRY_ASSIGN(int64_t id, http::path_id(req));
              LG_TRY_ASSIGN(int seq, path_seq(req));
              LG_TRY_ASSIGN(auto body, http::json_object_body(req));
              LG_TRY(http::reject_unknown_fields(body, {"class", "category"}));
              LG_TRY_ASSIGN(auto cls, opt_text(body, "class"));
              LG_TRY_ASSIGN(auto category, opt_text(body, "category"));
              LG_TRY_ASSIGN(auto hz,
                            svc.finding_to_hazard(p, id, seq, cls, category, actor(p, req)));
              return http::object_reply(201, hz);
            },
            {.summary = "Make a failed item a hidden danger (source inspection), pre-filled from "
                        "the task and the item, and link it back",
             .tag = "inspections",
             .request_schema = "InspectionFinding",
             .response_schema = "HazardDetail",
             .success_status = 201});
  api.route(
      Method::kPost, tasks + "/{id}/penalties",
      [&svc](const Principal& p, Request& req) -> Reply {
        LG_TRY(http::only_query_params(req, {}));
        LG_TRY_ASSIGN(int64_t id, http::path_id(req));
        LG_TRY_ASSIGN(auto body, http::json_object_body(req));
        LG_TRY(http::reject_unknown_fields(body, {"violation", "level", "amount_yuan", "note"}));
        NewPenalty np;
        LG_TRY_ASSIGN(np.violation, opt_text(body, "violation"));
        LG_TRY_ASSIGN(np.level, opt_text(body, "level"));
        LG_TRY_ASSIGN(np.amount_yuan, whole(body, "amount_yuan"));
        LG_TRY_ASSIGN(np.note, opt_text(body, "note"));
        LG_TRY_ASSIGN(auto t, svc.add_penalty(p, id, np, actor(p, req)));
        return task_reply(201, t);
      },
      {.summary = "Decide a penalty (行政处罚): the amount within the benchmark's range for "
                  "the violation and discretion level (422 naming amount_yuan otherwise)",
       .tag = "inspections",
       .request_schema = "NewPenalty",
       .response_schema = "InspectionTask",
       .success_status = 201});
  api.route(Method::kGet, tasks + "/{id}/report",
            [&svc](const Principal& p, Request& req) -> Reply {
              LG_TRY(http::only_query_params(req, {}));
              LG_TRY_ASSIGN(int64_t id, http::path_id(req));
              LG_TRY_ASSIGN(auto t, svc.task(p, id));
              Response r;
              r.status = 200;
              r.content_type = "text/html; charset=utf-8";
              r.body = report_html(t);
              r.headers.emplace_back("Cache-Control", "no-store");
              return r;
            },
            {.summary = "The printable inspection record (现场检查记录), zh-CN",
             .tag = "inspections",
             .response_type = "text/html"});
}

json::object obj(json::object props) {
  return json::object{{"type", "object"}, {"properties", std::move(props)}};
}

void add_task_schemas(json::object& s) {
  json::object item{
      {"type", "object"},
      {"properties", json::object{{"text", type("string")}, {"basis", type("string")}}}};
  s["NewChecklistTemplate"] = json::object{
      {"type", "object"},
      {"additionalProperties", false},
      {"required", json::array{"name", "industry", "items"}},
      {"properties",
       json::object{
           {"name", type("string")},
           {"industry", type("string")},
           {"items", json::object{{"type", "array"}, {"maxItems", 100}, {"items", item}}}}}};
  s["ChecklistTemplate"] = obj({{"id", type("integer")},
                                {"name", type("string")},
                                {"industry", type("string")},
                                {"demo", type("boolean")},
                                {"items", json::object{{"type", "array"}, {"items", item}}},
                                {"created_at", type("string")},
                                {"version", type("integer")}});
  s["PenaltyBenchmarkRule"] = obj({{"code", type("string")},
                                   {"violation", type("string")},
                                   {"basis", type("string")},
                                   {"ranges", type("array")}});
  s["NewInspectionTask"] = json::object{
      {"type", "object"},
      {"additionalProperties", false},
      {"required", json::array{"template_id", "enterprise_id", "inspector_ids"}},
      {"properties", json::object{{"template_id", type("integer")},
                                  {"enterprise_id", type("integer")},
                                  {"inspector_ids", json::object{{"type", "array"},
                                                                 {"maxItems", 10},
                                                                 {"items", type("integer")}}}}}};
  s["TasksFromDraw"] = json::object{{"type", "object"},
                                    {"additionalProperties", false},
                                    {"required", json::array{"template_id"}},
                                    {"properties", json::object{{"template_id", type("integer")}}}};
  s["InspectionTaskAction"] = json::object{
      {"type", "object"},
      {"additionalProperties", false},
      {"required", json::array{"action"}},
      {"properties",
       json::object{{"action", json::object{{"type", "string"},
                                            {"enum", json::array{"start", "complete", "cancel"}}}},
                    {"reason", type("string")}}}};
  s["InspectionItemRecord"] = json::object{
      {"type", "object"},
      {"additionalProperties", false},
      {"required", json::array{"result"}},
      {"properties",
       json::object{{"result",
                     json::object{{"type", "string"}, {"enum", json::array{"pass", "fail", "na"}}}},
                    {"note", type("string")},
                    {"lon", json::object{{"type", "number"}, {"description", "GCJ-02"}}},
                    {"lat", json::object{{"type", "number"}, {"description", "GCJ-02"}}}}}};
  s["InspectionFinding"] = json::object{
      {"type", "object"},
      {"additionalProperties", false},
      {"properties", json::object{{"class", json::object{{"type", "string"},
                                                         {"enum", json::array{"一般", "重大"}}}},
                                  {"category", type("string")}}}};
  s["NewPenalty"] = json::object{
      {"type", "object"},
      {"additionalProperties", false},
      {"required", json::array{"violation", "level", "amount_yuan"}},
      {"properties",
       json::object{{"violation", type("string")},
                    {"level", json::object{{"type", "string"},
                                           {"enum", json::array{"轻微", "一般", "较重", "严重"}}}},
                    {"amount_yuan", type("integer")},
                    {"note", type("string")}}}};
  s["InspectionTask"] = obj(
      {{"id", type("integer")},
       {"template_id", type("integer")},
       {"template_name", type("string")},
       {"draw_id", nullable("integer")},
       {"enterprise_id", type("integer")},
       {"enterprise_name", type("string")},
       {"town_code", type("string")},
       {"inspectors", members()},
       {"status",
        json::object{{"type", "string"},
                     {"enum", json::array{"assigned", "in_progress", "completed", "cancelled"}}}},
       {"cancel_reason", nullable("string")},
       {"created_at", type("string")},
       {"started_at", nullable("string")},
       {"completed_at", nullable("string")},
       {"items", type("array")},
       {"penalties", type("array")},
       {"version", type("integer")}});
}

class TasksModule final : public platform::Module {
 public:
  explicit TasksModule(platform::Deps& deps)
      : svc_(deps.db, deps.clock, *deps.audit, deps.services.get<registry::RegistryService>(),
             deps.services.get<auth::AuthService>(), deps.services.get<hazards::HazardsService>(),
             default_benchmark()),
        draws_(deps.services.get<InspectionService>()) {
    deps.services.provide(svc_);
  }

  std::string_view name() const override { return "inspection_tasks"; }
  void register_routes(http::Api& api) override {
    register_task_routes(api, svc_);
    register_public_routes(api, draws_, svc_);
  }
  std::span<const MessageTemplate> messages() const override { return {}; }
  void add_permissions(const Principal& p, json::object& out) const override {
    bool officer = officer_role(p.role) && !p.read_only;
    out["inspection_tasks"] = json::object{{"read", may_read_tasks(p)},
                                           {"create", officer},
                                           {"update", officer || p.role == Role::kInspector},
                                           {"delete", false}};
    bool admin = !p.read_only && (p.role == Role::kAdmin || p.role == Role::kDistrictOfficer);
    out["inspection_templates"] =
        json::object{{"read", true}, {"create", admin}, {"update", admin}, {"delete", admin}};
  }
  void add_schemas(json::object& s) const override {
    add_task_schemas(s);
    json::object result{
        {"type", "object"},
        {"description",
         "A completed inspection of the draw, as published: no notes, photos, locations or who "
         "recorded what"},
        {"properties",
         json::object{
             {"task_id", type("integer")},
             {"enterprise", json::object{{"type", "object"},
                                         {"properties", json::object{{"id", type("integer")},
                                                                     {"name", type("string")}}}}},
             {"template_name", type("string")},
             {"completed_at", type("string")},
             {"inspectors", members()},
             {"items", type("integer")},
             {"failed", type("integer")},
             {"hazards", type("integer")},
             {"penalties",
              json::object{
                  {"type", "array"},
                  {"items", json::object{{"type", "object"},
                                         {"properties",
                                          json::object{{"violation_text", type("string")},
                                                       {"basis", type("string")},
                                                       {"level", type("string")},
                                                       {"amount_yuan", type("integer")}}}}}}}}}};
    s["PublicDraw"] = json::object{
        {"allOf",
         json::array{
             json::object{{"$ref", "#/components/schemas/Draw"}},
             json::object{
                 {"type", "object"},
                 {"properties",
                  json::object{{"results", json::object{{"type", "array"},
                                                        {"description", "revealed draws only"},
                                                        {"items", std::move(result)}}}}}}}}};
  }

 private:
  TaskService svc_;
  InspectionService& draws_;
};

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

std::unique_ptr<platform::Module> make_tasks_module(platform::Deps& deps) {
  return std::make_unique<TasksModule>(deps);
}

}  // namespace lakeguard::inspections
