#include "inspections/store.h"
#include "core/json.h"

#include <fmt/format.h>
#include <boost/json.hpp>
#include <map>

#include "db/where.h"
#include "inspections/draw_json.h"
#include "inspections/plan.h"

namespace lakeguard::inspections::store {
namespace {

namespace json = boost::json;

constexpr const char* kCols =
    "id, title, town_code, k, m, pool_filter, pool_enterprises, pool_inspectors, "
    "excluded_inspectors, seed_hex, commitment, status, final_seed, selected_enterprises, "
    "selected_inspectors, created_by, created_at, revealed_at, version, plan_id, plan_target";

Draw draw_of(const db::Row& r) {
  Draw d;
  d.id = r.i64(0);
  d.title = r.str(1);
  d.town_code = r.opt_str(2);
  d.k = r.i64(3);
  d.m = r.i64(4);
  d.pool_filter = r.str(5);
  d.pool_enterprises = members_from_json(json::parse(r.str(6)));
  d.pool_inspectors = members_from_json(json::parse(r.str(7)));
  d.excluded_inspectors = exclusions_from_json(json::parse(r.str(8)));
  d.seed_hex = r.str(9);
  d.commitment = r.str(10);
  d.status = r.str(11) == "revealed" ? DrawStatus::kRevealed : DrawStatus::kOpen;
  d.final_seed = r.opt_str(12);
  if (auto s = r.opt_str(13)) d.selected_enterprises = members_from_json(json::parse(*s));
  if (auto s = r.opt_str(14)) d.selected_inspectors = members_from_json(json::parse(*s));
  d.created_by = r.opt_i64(15);
  d.created_at = r.str(16);
  d.revealed_at = r.opt_str(17);
  d.version = r.i64(18);
  d.plan_id = r.opt_i64(19);
  if (auto t = r.opt_i64(20)) d.plan_target = static_cast<int>(*t);
  return d;
}

// The scope as a WHERE fragment and its parameter (column names come from kDrawScope, never from
// input). nullopt: nothing is visible.
std::optional<std::pair<std::string, std::vector<db::Value>>> where_of(const ScopeCondition& s) {
  switch (s.kind) {
    case ScopeCondition::Kind::kAll:
      return std::pair<std::string, std::vector<db::Value>>{"1 = 1", {}};
    case ScopeCondition::Kind::kNone:
      return std::nullopt;
    case ScopeCondition::Kind::kEquals:
      if (s.column != kDrawScope.town) return std::nullopt;
      return std::pair<std::string, std::vector<db::Value>>{"town_code = ?", {s.text}};
  }
  return std::nullopt;
}

void load_witnesses(db::Connection& c, Draw& d) {
  auto rows = c.query(
      "SELECT seq, name, entropy, added_at FROM inspection_draw_witnesses WHERE draw_id = ? "
      "ORDER BY seq",
      {d.id});
  for (const auto& r : rows.rows)
    d.witnesses.push_back({static_cast<int>(r.i64(0)), r.str(1), r.str(2), r.str(3)});
}

db::Value opt(const std::optional<std::string>& s) {
  return s ? db::Value(*s) : db::Value(nullptr);
}

}  // namespace

int64_t insert_draw(db::Connection& c, const Draw& d) {
  auto rows = c.query(
      "INSERT INTO inspection_draws (title, town_code, k, m, pool_filter, pool_enterprises, "
      "pool_inspectors, excluded_inspectors, seed_hex, commitment, status, created_by, "
      "created_at, plan_id, plan_target) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?, ?, ?, ?) "
      "RETURNING id",
      {d.title, opt(d.town_code), d.k, d.m, d.pool_filter,
       json_text(members_json(d.pool_enterprises)), json_text(members_json(d.pool_inspectors)),
       json_text(exclusions_json(d.excluded_inspectors)), d.seed_hex, d.commitment,
       d.created_by ? db::Value(*d.created_by) : db::Value(nullptr), d.created_at,
       d.plan_id ? db::Value(*d.plan_id) : db::Value(nullptr),
       d.plan_target ? db::Value(static_cast<int64_t>(*d.plan_target)) : db::Value(nullptr)});
  return rows.rows.at(0).i64(0);
}

std::optional<Draw> draw(db::Connection& c, int64_t id, const ScopeCondition& scope) {
  auto w = where_of(scope);
  if (!w) return std::nullopt;
  std::vector<db::Value> params{id};
  params.insert(params.end(), w->second.begin(), w->second.end());
  auto rows = c.query(
      fmt::format("SELECT {} FROM inspection_draws WHERE id = ? AND {}", kCols, w->first), params);
  if (rows.empty()) return std::nullopt;
  Draw d = draw_of(rows.rows[0]);
  load_witnesses(c, d);
  return d;
}

std::pair<std::vector<Draw>, int64_t> draws(db::Connection& c, const ScopeCondition& scope,
                                            std::optional<std::string> status, int64_t page,
                                            int64_t page_size) {
  auto w = where_of(scope);
  if (!w) return {{}, 0};
  std::string where = w->first;
  std::vector<db::Value> params = w->second;
  if (status) {
    where += " AND status = ?";
    params.emplace_back(*status);
  }
  int64_t total =
      c.query(fmt::format("SELECT COUNT(*) FROM inspection_draws WHERE {}", where), params)
          .rows.at(0)
          .i64(0);
  params.emplace_back(page_size);
  params.emplace_back((page - 1) * page_size);
  auto rows = c.query(fmt::format("SELECT {} FROM inspection_draws WHERE {} ORDER BY id DESC "
                                  "LIMIT ? OFFSET ?",
                                  kCols, where),
                      params);
  std::vector<Draw> out;
  for (const auto& r : rows.rows) {
    out.push_back(draw_of(r));
    load_witnesses(c, out.back());
  }
  return {std::move(out), total};
}

void insert_witness(db::Connection& c, int64_t draw_id, const WitnessEntry& w,
                    std::optional<int64_t> added_by) {
  c.exec(
      "INSERT INTO inspection_draw_witnesses (draw_id, seq, name, entropy, added_by, added_at) "
      "VALUES (?, ?, ?, ?, ?, ?)",
      {draw_id, static_cast<int64_t>(w.seq), w.name, w.entropy,
       added_by ? db::Value(*added_by) : db::Value(nullptr), w.added_at});
}

bool touch_open(db::Connection& c, int64_t id, int64_t version) {
  return c.exec(
             "UPDATE inspection_draws SET version = version + 1 WHERE id = ? AND version = ? AND "
             "status = 'open'",
             {id, version}) == 1;
}

bool reveal(db::Connection& c, const Draw& d) {
  return c.exec(
             "UPDATE inspection_draws SET status = 'revealed', final_seed = ?, "
             "selected_enterprises = ?, selected_inspectors = ?, revealed_at = ?, version = "
             "version + 1 WHERE id = ? AND version = ? AND status = 'open'",
             {opt(d.final_seed), json_text(members_json(d.selected_enterprises)),
              json_text(members_json(d.selected_inspectors)), opt(d.revealed_at), d.id,
              d.version}) == 1;
}

int64_t insert_plan(db::Connection& c, const Plan& p) {
  auto rows = c.query(
      "INSERT INTO inspection_plans (year, name, town_code, targets, created_by, created_at) "
      "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
      {static_cast<int64_t>(p.year), p.name, opt(p.town_code), json_text(targets_json(p.targets)),
       p.created_by ? db::Value(*p.created_by) : db::Value(nullptr), p.created_at});
  return rows.rows.at(0).i64(0);
}

namespace {

constexpr const char* kPlanCols =
    "id, year, name, town_code, targets, created_by, created_at, version";

Plan plan_of(const db::Row& r) {
  Plan p;
  p.id = r.i64(0);
  p.year = static_cast<int>(r.i64(1));
  p.name = r.str(2);
  p.town_code = r.opt_str(3);
  p.targets = targets_from_json(json::parse(r.str(4)));
  p.created_by = r.opt_i64(5);
  p.created_at = r.str(6);
  p.version = r.i64(7);
  return p;
}

}  // namespace

std::optional<Plan> plan(db::Connection& c, int64_t id, const ScopeCondition& scope) {
  auto w = where_of(scope);
  if (!w) return std::nullopt;
  std::vector<db::Value> params{id};
  params.insert(params.end(), w->second.begin(), w->second.end());
  auto rows = c.query(
      fmt::format("SELECT {} FROM inspection_plans WHERE id = ? AND {}", kPlanCols, w->first),
      params);
  if (rows.empty()) return std::nullopt;
  return plan_of(rows.rows[0]);
}

std::pair<std::vector<Plan>, int64_t> plans(db::Connection& c, const ScopeCondition& scope,
                                            std::optional<int> year, int64_t page,
                                            int64_t page_size) {
  auto w = where_of(scope);
  if (!w) return {{}, 0};
  std::string where = w->first;
  std::vector<db::Value> params = w->second;
  if (year) {
    where += " AND year = ?";
    params.emplace_back(static_cast<int64_t>(*year));
  }
  int64_t total =
      c.query(fmt::format("SELECT COUNT(*) FROM inspection_plans WHERE {}", where), params)
          .rows.at(0)
          .i64(0);
  params.emplace_back(page_size);
  params.emplace_back((page - 1) * page_size);
  auto rows = c.query(fmt::format("SELECT {} FROM inspection_plans WHERE {} ORDER BY year DESC, "
                                  "id DESC LIMIT ? OFFSET ?",
                                  kPlanCols, where),
                      params);
  std::vector<Plan> out;
  for (const auto& r : rows.rows) out.push_back(plan_of(r));
  return {std::move(out), total};
}

std::vector<Draw> draws_of_plan(db::Connection& c, int64_t plan_id) {
  auto rows =
      c.query(fmt::format("SELECT {} FROM inspection_draws WHERE plan_id = ? ORDER BY id", kCols),
              {plan_id});
  std::vector<Draw> out;
  for (const auto& r : rows.rows) out.push_back(draw_of(r));
  return out;
}

// --- 掌上执法 ---

namespace {

json::array template_items_json(const std::vector<ChecklistItem>& items) {
  json::array a;
  for (const auto& i : items) a.push_back(json::object{{"text", i.text}, {"basis", i.basis}});
  return a;
}

std::vector<ChecklistItem> template_items_of(const std::string& text) {
  std::vector<ChecklistItem> out;
  const json::value parsed = json::parse(text);
  for (const auto& v : parsed.as_array()) {
    const auto& o = v.as_object();
    out.push_back({std::string(o.at("text").as_string()), std::string(o.at("basis").as_string())});
  }
  return out;
}

constexpr const char* kTemplateCols = "id, name, industry, demo, items, created_at, version";

ChecklistTemplate template_of(const db::Row& r) {
  ChecklistTemplate t;
  t.id = r.i64(0);
  t.name = r.str(1);
  t.industry = r.str(2);
  t.demo = r.i64(3) != 0;
  t.items = template_items_of(r.str(4));
  t.created_at = r.str(5);
  t.version = r.i64(6);
  return t;
}

constexpr const char* kTaskCols =
    "t.id, t.template_id, tp.name, t.draw_id, t.enterprise_id, t.enterprise_name, t.town_code, "
    "t.community_code, t.inspectors, t.status, t.cancel_reason, t.created_by, t.created_at, "
    "t.started_at, t.completed_at, t.version";

Task task_of(const db::Row& r) {
  Task t;
  t.id = r.i64(0);
  t.template_id = r.i64(1);
  t.template_name = r.str(2);
  t.draw_id = r.opt_i64(3);
  t.enterprise_id = r.i64(4);
  t.enterprise_name = r.str(5);
  t.town_code = r.str(6);
  t.community_code = r.str(7);
  t.inspectors = members_from_json(json::parse(r.str(8)));
  t.status = r.str(9);
  t.cancel_reason = r.opt_str(10);
  t.created_by = r.opt_i64(11);
  t.created_at = r.str(12);
  t.started_at = r.opt_str(13);
  t.completed_at = r.opt_str(14);
  t.version = r.i64(15);
  return t;
}

// The task scope: its columns (kTaskScope) are in inspection_tasks only, so they need no alias
// in the join with the templates.
db::Where task_where(const ScopeCondition& scope) { return db::scope_where(scope); }

}  // namespace

std::vector<ChecklistTemplate> templates(db::Connection& c) {
  auto rows =
      c.query(fmt::format("SELECT {} FROM inspection_templates ORDER BY id", kTemplateCols), {});
  std::vector<ChecklistTemplate> out;
  for (const auto& r : rows.rows) out.push_back(template_of(r));
  return out;
}

std::optional<ChecklistTemplate> template_by_id(db::Connection& c, int64_t id) {
  auto rows =
      c.query(fmt::format("SELECT {} FROM inspection_templates WHERE id = ?", kTemplateCols), {id});
  if (rows.empty()) return std::nullopt;
  return template_of(rows.rows[0]);
}

int64_t insert_template(db::Connection& c, const ChecklistTemplate& t) {
  auto rows = c.query(
      "INSERT INTO inspection_templates (name, industry, demo, items, created_at) VALUES (?, ?, "
      "0, ?, ?) RETURNING id",
      {t.name, t.industry, json::serialize(template_items_json(t.items)), t.created_at});
  return rows.rows.at(0).i64(0);
}

bool update_template(db::Connection& c, const ChecklistTemplate& t) {
  return c.exec(
             "UPDATE inspection_templates SET name = ?, industry = ?, items = ?, version = "
             "version + 1 WHERE id = ? AND version = ?",
             {t.name, t.industry, json::serialize(template_items_json(t.items)), t.id,
              t.version}) == 1;
}

bool template_in_use(db::Connection& c, int64_t id) {
  return !c.query("SELECT 1 FROM inspection_tasks WHERE template_id = ? LIMIT 1", {id}).empty();
}

bool delete_template(db::Connection& c, int64_t id) {
  if (template_in_use(c, id)) return false;
  return c.exec("DELETE FROM inspection_templates WHERE id = ?", {id}) == 1;
}

int64_t insert_task(db::Connection& c, const Task& t) {
  auto rows = c.query(
      "INSERT INTO inspection_tasks (template_id, draw_id, enterprise_id, enterprise_name, "
      "town_code, community_code, inspectors, status, created_by, created_at) VALUES (?, ?, ?, "
      "?, ?, ?, ?, 'assigned', ?, ?) RETURNING id",
      {t.template_id, t.draw_id ? db::Value(*t.draw_id) : db::Value(nullptr), t.enterprise_id,
       t.enterprise_name, t.town_code, t.community_code,
       json::serialize(members_json(t.inspectors)),
       t.created_by ? db::Value(*t.created_by) : db::Value(nullptr), t.created_at});
  int64_t id = rows.rows.at(0).i64(0);
  for (const auto& it : t.items)
    c.exec("INSERT INTO inspection_task_items (task_id, seq, text, basis) VALUES (?, ?, ?, ?)",
           {id, static_cast<int64_t>(it.seq), it.text, it.basis});
  return id;
}

std::optional<Task> task(db::Connection& c, int64_t id, const ScopeCondition& scope) {
  if (scope.kind == ScopeCondition::Kind::kNone) return std::nullopt;
  db::Where w = task_where(scope);
  std::vector<db::Value> params{id};
  params.insert(params.end(), w.params.begin(), w.params.end());
  auto rows = c.query(fmt::format("SELECT {} FROM inspection_tasks t JOIN inspection_templates tp "
                                  "ON tp.id = t.template_id WHERE t.id = ? AND {}",
                                  kTaskCols, w.sql),
                      params);
  if (rows.empty()) return std::nullopt;
  Task t = task_of(rows.rows[0]);
  auto items = c.query(
      "SELECT seq, text, basis, result, note, photo_hash, lon, lat, recorded_by, recorded_at, "
      "hazard_id FROM inspection_task_items WHERE task_id = ? ORDER BY seq",
      {id});
  for (const auto& r : items.rows) {
    TaskItem it;
    it.seq = static_cast<int>(r.i64(0));
    it.text = r.str(1);
    it.basis = r.str(2);
    it.result = r.opt_str(3);
    it.note = r.str(4);
    it.photo_hash = r.opt_str(5);
    if (!r.is_null(6)) it.lon = r.f64(6);
    if (!r.is_null(7)) it.lat = r.f64(7);
    it.recorded_by = r.opt_str(8);
    it.recorded_at = r.opt_str(9);
    it.hazard_id = r.opt_i64(10);
    t.items.push_back(std::move(it));
  }
  auto pens = c.query(
      "SELECT id, violation, violation_text, basis, level, amount_yuan, note, decided_by, "
      "decided_at FROM inspection_penalties WHERE task_id = ? ORDER BY id",
      {id});
  for (const auto& r : pens.rows)
    t.penalties.push_back(
        {r.i64(0), r.str(1), r.str(2), r.str(3), r.str(4), r.i64(5), r.str(6), r.str(7), r.str(8)});
  return t;
}

std::pair<std::vector<Task>, int64_t> tasks(db::Connection& c, const ScopeCondition& scope,
                                            std::optional<std::string> status,
                                            std::optional<int64_t> draw_id,
                                            std::optional<int64_t> inspector, int64_t page,
                                            int64_t page_size) {
  if (scope.kind == ScopeCondition::Kind::kNone) return {{}, 0};
  db::Where w = task_where(scope);
  if (status) w.add("t.status = ?", {*status});
  if (draw_id) w.add("t.draw_id = ?", {*draw_id});
  // The inspectors column is JSON [{"id":N,"name":…}] written by members_json: a member's id is
  // the exact text `"id":N,`.
  if (inspector) w.add("t.inspectors LIKE ?", {fmt::format("%\"id\":{},%", *inspector)});
  int64_t total =
      c.query(fmt::format("SELECT COUNT(*) FROM inspection_tasks t WHERE {}", w.sql), w.params)
          .rows.at(0)
          .i64(0);
  std::vector<db::Value> params = w.params;
  params.emplace_back(page_size);
  params.emplace_back((page - 1) * page_size);
  auto rows = c.query(fmt::format("SELECT {} FROM inspection_tasks t JOIN inspection_templates tp "
                                  "ON tp.id = t.template_id WHERE {} ORDER BY t.id DESC LIMIT ? "
                                  "OFFSET ?",
                                  kTaskCols, w.sql),
                      params);
  std::vector<Task> out;
  for (const auto& r : rows.rows) out.push_back(task_of(r));
  return {std::move(out), total};
}

std::vector<PublicResult> public_results(db::Connection& c, int64_t draw_id) {
  constexpr std::string_view kDone =
      "SELECT id FROM inspection_tasks WHERE draw_id = ? AND status = 'completed'";
  std::vector<PublicResult> out;
  std::map<int64_t, size_t> at;
  for (const auto& r :
       c.query("SELECT t.id, t.enterprise_id, t.enterprise_name, tp.name, t.completed_at, "
               "t.inspectors FROM inspection_tasks t JOIN inspection_templates tp ON tp.id = "
               "t.template_id WHERE t.draw_id = ? AND t.status = 'completed' ORDER BY t.id",
               {draw_id})
           .rows) {
    PublicResult x;
    x.task_id = r.i64(0);
    x.draw_id = draw_id;
    x.enterprise_id = r.i64(1);
    x.enterprise_name = r.str(2);
    x.template_name = r.str(3);
    x.completed_at = r.opt_str(4).value_or("");
    x.inspectors = members_from_json(json::parse(r.str(5)));
    at.emplace(x.task_id, out.size());
    out.push_back(std::move(x));
  }
  if (out.empty()) return out;
  for (const auto& r :
       c.query(fmt::format("SELECT task_id, COUNT(*), SUM(CASE WHEN result = 'fail' THEN 1 ELSE 0 "
                           "END), SUM(CASE WHEN hazard_id IS NOT NULL THEN 1 ELSE 0 END) FROM "
                           "inspection_task_items WHERE task_id IN ({}) GROUP BY task_id",
                           kDone),
               {draw_id})
           .rows) {
    auto it = at.find(r.i64(0));  // completed after the first query: shown next time
    if (it == at.end()) continue;
    auto& x = out[it->second];
    x.items = r.i64(1);
    x.failed = r.i64(2);
    x.hazards = r.i64(3);
  }
  for (const auto& r :
       c.query(fmt::format("SELECT task_id, violation_text, basis, level, amount_yuan FROM "
                           "inspection_penalties WHERE task_id IN ({}) ORDER BY task_id, id",
                           kDone),
               {draw_id})
           .rows)
    if (auto it = at.find(r.i64(0)); it != at.end())
      out[it->second].penalties.push_back({r.str(1), r.str(2), r.str(3), r.i64(4)});
  return out;
}

bool update_task_status(db::Connection& c, const Task& t) {
  return c.exec(
             "UPDATE inspection_tasks SET status = ?, cancel_reason = ?, started_at = ?, "
             "completed_at = ?, version = version + 1 WHERE id = ? AND version = ?",
             {t.status, opt(t.cancel_reason), opt(t.started_at), opt(t.completed_at), t.id,
              t.version}) == 1;
}

void update_item(db::Connection& c, int64_t task_id, const TaskItem& it) {
  c.exec(
      "UPDATE inspection_task_items SET result = ?, note = ?, lon = ?, lat = ?, recorded_by = ?, "
      "recorded_at = ? WHERE task_id = ? AND seq = ?",
      {opt(it.result), it.note, it.lon ? db::Value(*it.lon) : db::Value(nullptr),
       it.lat ? db::Value(*it.lat) : db::Value(nullptr), opt(it.recorded_by), opt(it.recorded_at),
       task_id, static_cast<int64_t>(it.seq)});
}

void set_item_photo(db::Connection& c, int64_t task_id, int seq, const std::string& hash) {
  c.exec("UPDATE inspection_task_items SET photo_hash = ? WHERE task_id = ? AND seq = ?",
         {hash, task_id, static_cast<int64_t>(seq)});
}

bool link_item_hazard(db::Connection& c, int64_t task_id, int seq, int64_t hazard_id) {
  return c.exec(
             "UPDATE inspection_task_items SET hazard_id = ? WHERE task_id = ? AND seq = ? AND "
             "hazard_id IS NULL",
             {hazard_id, task_id, static_cast<int64_t>(seq)}) == 1;
}

bool touch_task(db::Connection& c, int64_t id, int64_t version) {
  return c.exec("UPDATE inspection_tasks SET version = version + 1 WHERE id = ? AND version = ?",
                {id, version}) == 1;
}

int64_t insert_penalty(db::Connection& c, int64_t task_id, const Penalty& p) {
  auto rows = c.query(
      "INSERT INTO inspection_penalties (task_id, violation, violation_text, basis, level, "
      "amount_yuan, note, decided_by, decided_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {task_id, p.violation, p.violation_text, p.basis, p.level, p.amount_yuan, p.note,
       p.decided_by, p.decided_at});
  return rows.rows.at(0).i64(0);
}

}  // namespace lakeguard::inspections::store
