#include "inspections/store.h"
#include "core/json.h"

#include <fmt/format.h>
#include <boost/json.hpp>

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

}  // namespace lakeguard::inspections::store
