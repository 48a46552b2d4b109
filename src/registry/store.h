#pragma once
// The registry's SQL, generic over KindSpec. Column names come only from the static specs;
// every value is a bound parameter. Scope arrives as a Where built from the caller's
// ScopeCondition and is part of every query (never filtered afterwards).
// Tables: jurisdictions, enterprises, chemicals, shelters, warehouses, stock, teams, stations,
// devices, cameras

#include <optional>
#include <string>
#include <vector>

#include "db/database.h"
#include "db/where.h"
#include "registry/model.h"
#include "registry/query.h"

namespace lakeguard::registry::store {

using db::scope_where;
using db::Where;

// Adds the list query's filters and free-text search to w.
void add_query(const KindSpec& kind, const ListQuery& q, Where& w);

int64_t count(db::Connection& c, const KindSpec& kind, const Where& w);
// Rows in order; limit < 0 means all.
std::vector<Object> select(db::Connection& c, const KindSpec& kind, const Where& w,
                           const ListQuery& q, int64_t limit, int64_t offset);
// The same rows as select(), written straight from the store as a JSON array of objects (no
// DOM per row): the lists' hot path, from each row's kept JSON (`doc`, decision 0008) when every
// row of the page has one, else column by column. Appends to out.
void select_json(db::Connection& c, const KindSpec& kind, const Where& w, const ListQuery& q,
                 int64_t limit, int64_t offset, std::string& out);
// Makes every row's `doc` current: rewrites them all when the kind's columns or the writer
// changed since they were written (registry_doc_format), then writes the missing ones (rows
// written by other means, whose doc a trigger cleared). Returns the documents written.
int64_t prepare_docs(db::Connection& c, const KindSpec& kind);
std::optional<Object> select_one(db::Connection& c, const KindSpec& kind, int64_t id,
                                 const Where& scope);
// Inserts obj (validated) with its doc, returns the new id. Throws db::ConstraintError on a
// duplicate key.
int64_t insert(db::Connection& c, const KindSpec& kind, const Object& obj,
               std::optional<int64_t> parent_id, const std::string& now);
// Sets the given fields, bumps version and updated_at, rewrites doc. Returns rows changed (0 if the
// version did not match `expected_version` when given).
int64_t update(db::Connection& c, const KindSpec& kind, int64_t id, const Object& changes,
               const std::string& now, std::optional<int64_t> expected_version);
int64_t remove(db::Connection& c, const KindSpec& kind, int64_t id);
// True when another row (id != except_id) has column = value.
bool exists(db::Connection& c, const KindSpec& kind, std::string_view column,
            const std::string& value, int64_t except_id);
// True when some row of kind has column = value (column from a spec).
bool any_with(db::Connection& c, const KindSpec& kind, std::string_view column,
              const std::string& value);
// The children of a parent object (a nested kind's rows with parent_fk = parent_id), by id.
std::vector<Object> children(db::Connection& c, const KindSpec& child, int64_t parent_id);

}  // namespace lakeguard::registry::store
