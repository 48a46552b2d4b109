#pragma once
// The warnings' SQL: every value a bound parameter, column names only from this file. Scope
// arrives as a Where built from the caller's ScopeCondition (model.h visible(): a town sees its
// own and district-wide warnings) and is part of every query.
// Tables: warnings, warning_actions

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "alerts/model.h"
#include "core/principal.h"
#include "db/database.h"
#include "db/where.h"

namespace lakeguard::alerts::store {

using db::Where;
// The rows `cond` admits (the SQL of model.h visible()).
Where scope_where(const ScopeCondition& cond);
void add_filter(const ListFilter& f, Where& w);

int64_t count(db::Connection& c, const Where& w);
// Newest first, paged.
std::vector<Warning> select(db::Connection& c, const Where& w, int64_t limit, int64_t offset);
std::optional<Warning> select_one(db::Connection& c, int64_t id, const Where& scope);
std::optional<Warning> select_by_identifier(db::Connection& c, const std::string& identifier);
// Published messages that have not expired at now_ms, newest first, at most `limit`.
std::vector<Warning> current(db::Connection& c, int64_t now_ms, int64_t limit);
// The identifiers already taken that start with `stem` (ZZZZZZDDDUUUXX_YYYYMMDDhhmmss_).
std::vector<std::string> identifiers_with_stem(db::Connection& c, const std::string& stem);

// Inserts w (its id and version ignored), returns the new id.
int64_t insert(db::Connection& c, const Warning& w);
// Writes w's mutable columns and bumps the version where the row still has expected_version;
// the publication columns only while they are unset (immutable once published). Returns the rows
// changed (0: it changed meanwhile).
int64_t update(db::Connection& c, const Warning& w, int64_t expected_version);

int64_t insert_action(db::Connection& c, const ActionRecord& a);
std::vector<ActionRecord> actions_of(db::Connection& c, int64_t warning_id);

}  // namespace lakeguard::alerts::store
