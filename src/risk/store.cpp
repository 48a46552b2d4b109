#include "risk/store.h"

namespace lakeguard::risk::store {
namespace {

db::Value text_or_null(const std::string& s) {
  return s.empty() ? db::Value(nullptr) : db::Value(s);
}

}  // namespace

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

}  // namespace lakeguard::risk::store
