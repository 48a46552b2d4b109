#pragma once
// The plans' SQL: every value a bound parameter, column names only from this file. Scope arrives
// as a PlanScope (visibility.h) rendered here as the WHERE of every query, never filtered
// afterwards.
// Tables: plans, plan_versions, plan_attachments

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "db/database.h"
#include "db/where.h"
#include "plans/model.h"
#include "plans/visibility.h"

namespace lakeguard::plans::store {

using db::Where;
// The rows `scope` admits (PlanScope::admits, as SQL).
Where scope_where(const PlanScope& scope);
// Adds the list's filters to w.
void add_filter(const ListFilter& f, Where& w);

int64_t count(db::Connection& c, const Where& w);
std::vector<Plan> select(db::Connection& c, const Where& w, int64_t limit, int64_t offset);
std::optional<Plan> select_one(db::Connection& c, int64_t id, const Where& scope);
// Inserts p (its id and version ignored), returns the new id.
int64_t insert(db::Connection& c, const Plan& p);
// Writes p's mutable columns and bumps the version where the row still has `expected_version`.
// Returns the rows changed (0: it changed meanwhile).
int64_t update(db::Connection& c, const Plan& p, int64_t expected_version);

void insert_version(db::Connection& c, const PlanVersion& v);
// A plan's published editions, newest first (without their snapshots).
std::vector<PlanVersion> versions_of(db::Connection& c, int64_t plan_id);

// The edition in force of every plan w admits (w over the plans' columns): plan id, edition and
// the snapshot's JSON, by plan id.
struct InForce {
  int64_t plan_id = 0;
  int64_t edition = 0;
  std::string snapshot;
};
std::vector<InForce> in_force(db::Connection& c, const Where& w);

int64_t insert_attachment(db::Connection& c, const Attachment& a, const std::string& bytes);
std::vector<Attachment> attachments_of(db::Connection& c, int64_t plan_id);
// The attachment and its bytes.
std::optional<std::pair<Attachment, std::string>> attachment(db::Connection& c, int64_t plan_id,
                                                             int64_t attachment_id);
// How many synthetic (demo) plans there are.
int64_t count_synthetic(db::Connection& c);

}  // namespace lakeguard::plans::store
