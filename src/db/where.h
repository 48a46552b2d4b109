#pragma once
// A WHERE clause built from fixed SQL fragments and bound parameters: the one way a store turns a
// caller's scope (core/principal.h ScopeCondition) and filters into SQL. Column names come only
// from the calling store's constants; every value is a parameter.

#include <string>
#include <string_view>
#include <vector>

#include "core/principal.h"
#include "db/database.h"

namespace lakeguard::db {

struct Where {
  static constexpr std::string_view kAll = "1 = 1";
  std::string sql{kAll};
  std::vector<Value> params;

  bool unconditional() const { return sql == kAll; }
  // Appends " AND (clause)"; clause is a fixed fragment with one '?' per value in ps.
  void add(const std::string& clause, std::vector<Value> ps = {}) {
    sql += " AND (" + clause + ")";
    for (auto& p : ps) params.push_back(std::move(p));
  }
};

// The rows a scope condition admits, as SQL: the same condition the live topics test events with
// (ScopeCondition::admits), so a list and a push can never disagree. cond.column is one of the
// context's ScopeColumns, never input.
Where scope_where(const ScopeCondition& cond);

}  // namespace lakeguard::db
