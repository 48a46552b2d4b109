#pragma once
// The risk context's SQL: every value a bound parameter, column names only from this file.
// Tables: risk_points, enterprise_risk, enterprise_risk_history

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.h"
#include "db/database.h"
#include "risk/points.h"

namespace lakeguard::risk::store {

// An enterprise's current risk snapshot (one row of enterprise_risk).
struct Snapshot {
  int64_t enterprise_id = 0;
  std::string town_code;
  std::string community_code;
  double index = 0;
  std::string colour;        // red | orange | yellow | blue
  std::string major_hazard;  // JSON object text
  std::string factors;       // JSON array text
  std::string computed_on;   // the Asia/Shanghai date it was computed on (overdue moves daily)
  int64_t computed_at_ms = 0;
};

std::optional<Snapshot> snapshot(db::Connection& c, int64_t enterprise_id);
// Inserts or replaces the enterprise's snapshot.
void put_snapshot(db::Connection& c, const Snapshot& s);
// Forgets the enterprise's snapshot (it was deleted; its history and risk points stay).
void delete_snapshot(db::Connection& c, int64_t enterprise_id);

struct HistoryRow {
  int64_t id = 0;
  double index = 0;
  std::string colour;
  std::string factors;  // JSON array text
  int64_t computed_at_ms = 0;
};
void append_history(db::Connection& c, const Snapshot& s);
int64_t count_history(db::Connection& c, int64_t enterprise_id);
// Newest first, paged.
std::vector<HistoryRow> history(db::Connection& c, int64_t enterprise_id, int64_t limit,
                                int64_t offset);

// The colours of the enterprise's risk points (red | orange | yellow | blue), for the worst one.
std::vector<std::string> point_colours(db::Connection& c, int64_t enterprise_id);
// The same for every enterprise with risk points (the bulk recompute).
std::map<int64_t, std::vector<std::string>> all_point_colours(db::Connection& c);
// Every snapshot by enterprise (the bulk recompute compares against them).
std::map<int64_t, Snapshot> all_snapshots(db::Connection& c);

// The four-colour map list: snapshots the scope admits, filtered by town and colour (either may
// be empty), highest index first, paged.
struct MapFilter {
  std::string town_code;
  std::string colour;
};
int64_t count_snapshots(db::Connection& c, const ScopeCondition& scope, const MapFilter& f);
std::vector<Snapshot> snapshots(db::Connection& c, const ScopeCondition& scope, const MapFilter& f,
                                int64_t limit, int64_t offset);

// Risk points.
int64_t count_points(db::Connection& c, int64_t enterprise_id);
std::vector<RiskPoint> points(db::Connection& c, int64_t enterprise_id, int64_t limit,
                              int64_t offset);
std::optional<RiskPoint> point(db::Connection& c, int64_t id);
int64_t insert_point(db::Connection& c, const RiskPoint& p);  // returns the new id
// Writes p's fields and bumps the version where it still has `expected_version`; rows changed.
int64_t update_point(db::Connection& c, const RiskPoint& p, int64_t expected_version);
int64_t delete_point(db::Connection& c, int64_t id);

}  // namespace lakeguard::risk::store
