#include "risk/store.h"

#include "db/where.h"

#include <fmt/format.h>

namespace lakeguard::risk::store {
namespace {

db::Value text_or_null(const std::string& s) {
  return s.empty() ? db::Value(nullptr) : db::Value(s);
}

constexpr std::string_view kPointColumns =
    "id, enterprise_id, town_code, community_code, name, location, method, factor_l, factor_e, "
    "factor_c, factor_s, score, level, colour, assessed_by, assessed_at, created_at_ms, "
    "updated_at_ms, version";

RiskPoint to_point(const db::Row& r) {
  RiskPoint p;
  p.id = r.i64(0);
  p.enterprise_id = r.i64(1);
  p.town_code = r.str(2);
  p.community_code = r.opt_str(3).value_or("");
  p.name = r.str(4);
  p.location = r.opt_str(5).value_or("");
  p.method = r.str(6);
  p.L = r.f64(7);
  if (!r.is_null(8)) p.E = r.f64(8);
  if (!r.is_null(9)) p.C = r.f64(9);
  p.S = r.opt_i64(10);
  p.score = r.f64(11);
  const std::string colour = r.str(13);
  for (RiskLevel l : {RiskLevel::kMajor, RiskLevel::kLarger, RiskLevel::kGeneral, RiskLevel::kLow})
    if (colour == colour_name(l)) p.level = l;
  p.assessed_by = r.str(14);
  p.assessed_at = r.str(15);
  p.created_at_ms = r.i64(16);
  p.updated_at_ms = r.i64(17);
  p.version = r.i64(18);
  return p;
}

db::Value opt_num(const std::optional<double>& v) { return v ? db::Value(*v) : db::Value(nullptr); }
db::Value opt_int(const std::optional<int64_t>& v) {
  return v ? db::Value(*v) : db::Value(nullptr);
}

db::Where map_where(const ScopeCondition& scope, const MapFilter& f) {
  // The column is one of kScopeColumns (service.h), never input.
  db::Where w = db::scope_where(scope);
  if (!f.town_code.empty()) w.add("town_code = ?", {f.town_code});
  if (!f.colour.empty()) w.add("colour = ?", {f.colour});
  return w;
}

}  // namespace

int64_t count_snapshots(db::Connection& c, const ScopeCondition& scope, const MapFilter& f) {
  db::Where w = map_where(scope, f);
  return c.query("SELECT COUNT(*) FROM enterprise_risk WHERE " + w.sql, w.params).rows.at(0).i64(0);
}

std::vector<Snapshot> snapshots(db::Connection& c, const ScopeCondition& scope, const MapFilter& f,
                                int64_t limit, int64_t offset) {
  db::Where w = map_where(scope, f);
  w.params.emplace_back(limit);
  w.params.emplace_back(offset);
  auto rows = c.query(
      "SELECT enterprise_id, town_code, community_code, risk_index, colour, major_hazard, "
      "factors, computed_on, computed_at_ms FROM enterprise_risk WHERE " +
          w.sql + " ORDER BY risk_index DESC, enterprise_id ASC LIMIT ? OFFSET ?",
      w.params);
  std::vector<Snapshot> out;
  for (const auto& r : rows.rows)
    out.push_back(Snapshot{r.i64(0), r.str(1), r.opt_str(2).value_or(""), r.f64(3), r.str(4),
                           r.str(5), r.str(6), r.str(7), r.i64(8)});
  return out;
}

int64_t count_points(db::Connection& c, int64_t enterprise_id) {
  return c.query("SELECT COUNT(*) FROM risk_points WHERE enterprise_id = ?", {enterprise_id})
      .rows.at(0)
      .i64(0);
}

std::vector<RiskPoint> points(db::Connection& c, int64_t enterprise_id, int64_t limit,
                              int64_t offset) {
  auto rows = c.query(fmt::format("SELECT {} FROM risk_points WHERE enterprise_id = ? "
                                  "ORDER BY id ASC LIMIT ? OFFSET ?",
                                  kPointColumns),
                      {enterprise_id, limit, offset});
  std::vector<RiskPoint> out;
  for (const auto& r : rows.rows) out.push_back(to_point(r));
  return out;
}

std::optional<RiskPoint> point(db::Connection& c, int64_t id) {
  auto rows = c.query(fmt::format("SELECT {} FROM risk_points WHERE id = ?", kPointColumns), {id});
  if (rows.empty()) return std::nullopt;
  return to_point(rows.rows[0]);
}

int64_t insert_point(db::Connection& c, const RiskPoint& p) {
  auto rows = c.query(
      "INSERT INTO risk_points (enterprise_id, town_code, community_code, name, location, method, "
      "factor_l, factor_e, factor_c, factor_s, score, level, colour, assessed_by, assessed_at, "
      "created_at_ms, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "RETURNING id",
      {p.enterprise_id, p.town_code, text_or_null(p.community_code), p.name,
       text_or_null(p.location), p.method, p.L, opt_num(p.E), opt_num(p.C), opt_int(p.S), p.score,
       std::string(risk_level_name(p.level)), std::string(colour_name(p.level)), p.assessed_by,
       p.assessed_at, p.created_at_ms, p.updated_at_ms});
  return rows.rows.at(0).i64(0);
}

int64_t update_point(db::Connection& c, const RiskPoint& p, int64_t expected_version) {
  return c.exec(
      "UPDATE risk_points SET name = ?, location = ?, method = ?, factor_l = ?, factor_e = ?, "
      "factor_c = ?, factor_s = ?, score = ?, level = ?, colour = ?, assessed_by = ?, "
      "assessed_at = ?, updated_at_ms = ?, version = version + 1 WHERE id = ? AND version = ?",
      {p.name, text_or_null(p.location), p.method, p.L, opt_num(p.E), opt_num(p.C), opt_int(p.S),
       p.score, std::string(risk_level_name(p.level)), std::string(colour_name(p.level)),
       p.assessed_by, p.assessed_at, p.updated_at_ms, p.id, expected_version});
}

int64_t delete_point(db::Connection& c, int64_t id) {
  return c.exec("DELETE FROM risk_points WHERE id = ?", {id});
}

std::optional<Snapshot> snapshot(db::Connection& c, int64_t enterprise_id) {
  auto rows = c.query(
      "SELECT enterprise_id, town_code, community_code, risk_index, colour, major_hazard, "
      "factors, computed_on, computed_at_ms FROM enterprise_risk WHERE enterprise_id = ?",
      {enterprise_id});
  if (rows.empty()) return std::nullopt;
  const auto& r = rows.rows[0];
  return Snapshot{r.i64(0), r.str(1), r.opt_str(2).value_or(""),
                  r.f64(3), r.str(4), r.str(5),
                  r.str(6), r.str(7), r.i64(8)};
}

void put_snapshot(db::Connection& c, const Snapshot& s) {
  c.exec("DELETE FROM enterprise_risk WHERE enterprise_id = ?", {s.enterprise_id});
  c.exec(
      "INSERT INTO enterprise_risk (enterprise_id, town_code, community_code, risk_index, colour, "
      "major_hazard, factors, computed_on, computed_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {s.enterprise_id, s.town_code, text_or_null(s.community_code), s.index, s.colour,
       s.major_hazard, s.factors, s.computed_on, s.computed_at_ms});
}

void delete_snapshot(db::Connection& c, int64_t enterprise_id) {
  c.exec("DELETE FROM enterprise_risk WHERE enterprise_id = ?", {enterprise_id});
}

void append_history(db::Connection& c, const Snapshot& s) {
  c.exec(
      "INSERT INTO enterprise_risk_history (enterprise_id, risk_index, colour, factors, "
      "computed_at_ms) VALUES (?, ?, ?, ?, ?)",
      {s.enterprise_id, s.index, s.colour, s.factors, s.computed_at_ms});
}

int64_t count_history(db::Connection& c, int64_t enterprise_id) {
  auto rows = c.query("SELECT COUNT(*) FROM enterprise_risk_history WHERE enterprise_id = ?",
                      {enterprise_id});
  return rows.rows.at(0).i64(0);
}

std::vector<HistoryRow> history(db::Connection& c, int64_t enterprise_id, int64_t limit,
                                int64_t offset) {
  auto rows = c.query(
      "SELECT id, risk_index, colour, factors, computed_at_ms FROM enterprise_risk_history "
      "WHERE enterprise_id = ? ORDER BY id DESC LIMIT ? OFFSET ?",
      {enterprise_id, limit, offset});
  std::vector<HistoryRow> out;
  for (const auto& r : rows.rows)
    out.push_back(HistoryRow{r.i64(0), r.f64(1), r.str(2), r.str(3), r.i64(4)});
  return out;
}

std::vector<std::string> point_colours(db::Connection& c, int64_t enterprise_id) {
  auto rows =
      c.query("SELECT DISTINCT colour FROM risk_points WHERE enterprise_id = ?", {enterprise_id});
  std::vector<std::string> out;
  for (const auto& r : rows.rows) out.push_back(r.str(0));
  return out;
}

std::map<int64_t, std::vector<std::string>> all_point_colours(db::Connection& c) {
  std::map<int64_t, std::vector<std::string>> out;
  for (const auto& r : c.query("SELECT DISTINCT enterprise_id, colour FROM risk_points").rows)
    out[r.i64(0)].push_back(r.str(1));
  return out;
}

std::map<int64_t, Snapshot> all_snapshots(db::Connection& c) {
  std::map<int64_t, Snapshot> out;
  for (const auto& r : c.query("SELECT enterprise_id, town_code, community_code, risk_index, "
                               "colour, major_hazard, factors, computed_on, computed_at_ms FROM "
                               "enterprise_risk")
                           .rows)
    out.emplace(r.i64(0), Snapshot{r.i64(0), r.str(1), r.opt_str(2).value_or(""), r.f64(3),
                                   r.str(4), r.str(5), r.str(6), r.str(7), r.i64(8)});
  return out;
}

}  // namespace lakeguard::risk::store
