#pragma once
// inspections' SQL: the 双随机 draws and their witnesses. Every value is a bound parameter;
// functions run on the caller's connection (and so in its transaction, if any).
// Tables: inspection_draws, inspection_draw_witnesses, inspection_plans

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.h"
#include "db/database.h"
#include "inspections/model.h"

namespace lakeguard::inspections::store {

// The columns a draw's scope is read from (core/principal.h): a draw belongs to a town, or to the
// whole district (town_code NULL: seen only by district-scope readers).
inline constexpr ScopeColumns kDrawScope{.town = "town_code", .community = "", .enterprise = ""};

// Inserts d (id, version ignored); returns the new id.
int64_t insert_draw(db::Connection& c, const Draw& d);
// The draw with its witnesses, if it exists and satisfies `scope`.
std::optional<Draw> draw(db::Connection& c, int64_t id, const ScopeCondition& scope);
// A page of draws satisfying `scope`, newest first, and the total.
std::pair<std::vector<Draw>, int64_t> draws(db::Connection& c, const ScopeCondition& scope,
                                            std::optional<std::string> status, int64_t page,
                                            int64_t page_size);
// Appends a witness as number `seq`; throws db::ConstraintError when seq is taken (a concurrent
// add: the caller retries or answers conflict).
void insert_witness(db::Connection& c, int64_t draw_id, const WitnessEntry& w,
                    std::optional<int64_t> added_by);
// Marks the draw revealed with its results if it is still open at `version`; false otherwise.
bool reveal(db::Connection& c, const Draw& d);
// Bumps the version (a witness was added); false when the draw is no longer open at `version`.
bool touch_open(db::Connection& c, int64_t id, int64_t version);

// Plans (same scope columns as draws).
int64_t insert_plan(db::Connection& c, const Plan& p);
std::optional<Plan> plan(db::Connection& c, int64_t id, const ScopeCondition& scope);
std::pair<std::vector<Plan>, int64_t> plans(db::Connection& c, const ScopeCondition& scope,
                                            std::optional<int> year, int64_t page,
                                            int64_t page_size);
// The draws made for a plan, oldest first (without their witnesses).
std::vector<Draw> draws_of_plan(db::Connection& c, int64_t plan_id);

}  // namespace lakeguard::inspections::store
