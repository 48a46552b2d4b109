#pragma once
// The hidden dangers' SQL: every value a bound parameter, column names only from this file.
// Scope arrives as a Where built from the caller's ScopeCondition (core/principal.h) and is part
// of every query, never filtered afterwards.
// Tables: hazards, hazard_actions

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.h"
#include "db/database.h"
#include "db/where.h"
#include "hazards/model.h"

namespace lakeguard::hazards::store {

using db::scope_where;
using db::Where;
// Adds the list's filters (status, class, source, town, community, enterprise, overdue as of
// f.today) to w.
void add_filter(const ListFilter& f, Where& w);

int64_t count(db::Connection& c, const Where& w);
// Rows in the filter's order (deadline: undated last on both engines), paged.
std::vector<Hazard> select(db::Connection& c, const Where& w, const ListFilter& f, int64_t limit,
                           int64_t offset);
std::optional<Hazard> select_one(db::Connection& c, int64_t id, const Where& scope);
// Inserts h (its id and version ignored), returns the new id.
int64_t insert(db::Connection& c, const Hazard& h);
// Writes h's mutable columns (state, class, deadline, plan, times) and bumps the version, where
// the row still has `expected_version`. Returns the rows changed (0: it changed meanwhile).
int64_t update(db::Connection& c, const Hazard& h, int64_t expected_version);

int64_t insert_action(db::Connection& c, const ActionRecord& a);
// A hazard's history, oldest first.
std::vector<ActionRecord> actions_of(db::Connection& c, int64_t hazard_id);

// Statistics over the rows w admits.
struct Tally {
  std::string key;
  int64_t count = 0;
};
enum class TallyBy { kStatus, kClass, kTown, kIndustry, kSource };
std::vector<Tally> tally(db::Connection& c, const Where& w, TallyBy by);
struct Closure {
  int64_t closed = 0;    // closed hidden dangers with a deadline
  int64_t on_time = 0;   // of them, closed on or before their deadline (local dates)
  double mean_days = 0;  // mean days from report to closure (0 when none)
};
Closure closure(db::Connection& c, const Where& w);

}  // namespace lakeguard::hazards::store
