#pragma once
// inspections' SQL: the 双随机 draws and their witnesses. Every value is a bound parameter;
// functions run on the caller's connection (and so in its transaction, if any).
// Tables: inspection_draws, inspection_draw_witnesses, inspection_plans, inspection_templates,
// inspection_tasks, inspection_task_items, inspection_penalties

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

// --- 掌上执法: templates, tasks, items, penalties ---

// A task's scope: its enterprise's town and community, or the enterprise itself.
inline constexpr ScopeColumns kTaskScope{
    .town = "town_code", .community = "community_code", .enterprise = "enterprise_id"};

std::vector<ChecklistTemplate> templates(db::Connection& c);
std::optional<ChecklistTemplate> template_by_id(db::Connection& c, int64_t id);
int64_t insert_template(db::Connection& c, const ChecklistTemplate& t);
// Replaces name, industry and items at `version`; false when the version is stale.
bool update_template(db::Connection& c, const ChecklistTemplate& t);
// Deletes it unless a task uses it: whether it was deleted.
bool delete_template(db::Connection& c, int64_t id);
bool template_in_use(db::Connection& c, int64_t id);

// Inserts the task and its items (t.items, seq from 1); the new id. Throws db::ConstraintError
// when the draw already has a task for the enterprise.
int64_t insert_task(db::Connection& c, const Task& t);
// The task with its items and penalties, if `scope` admits it.
std::optional<Task> task(db::Connection& c, int64_t id, const ScopeCondition& scope);
// A page of tasks (without items) in scope, newest first, and the total. `inspector`: only the
// tasks that list this user id among their inspectors.
std::pair<std::vector<Task>, int64_t> tasks(db::Connection& c, const ScopeCondition& scope,
                                            std::optional<std::string> status,
                                            std::optional<int64_t> draw_id,
                                            std::optional<int64_t> inspector, int64_t page,
                                            int64_t page_size);
// Moves the task to `status` if it is still at `version`; the timestamps that are set are
// written. False when stale.
bool update_task_status(db::Connection& c, const Task& t);
// The completed tasks of a draw as published (model.h PublicResult), by task id. Three queries,
// whatever the number of tasks.
std::vector<PublicResult> public_results(db::Connection& c, int64_t draw_id);
// Records an item (result, note, location, recorded_by/at; photo_hash and hazard_id kept).
void update_item(db::Connection& c, int64_t task_id, const TaskItem& it);
void set_item_photo(db::Connection& c, int64_t task_id, int seq, const std::string& hash);
// Links the hidden danger unless one is linked already: whether it was linked.
bool link_item_hazard(db::Connection& c, int64_t task_id, int seq, int64_t hazard_id);
// Bumps the task's version; false when stale.
bool touch_task(db::Connection& c, int64_t id, int64_t version);
int64_t insert_penalty(db::Connection& c, int64_t task_id, const Penalty& p);

}  // namespace lakeguard::inspections::store
