#include "db/where.h"

namespace lakeguard::db {

Where scope_where(const ScopeCondition& cond) {
  Where w;
  switch (cond.kind) {
    case ScopeCondition::Kind::kAll:
      break;
    case ScopeCondition::Kind::kNone:
      w.add("1 = 0");
      break;
    case ScopeCondition::Kind::kEquals: {
      std::string clause(cond.column);
      clause += " = ?";
      if (cond.number)
        w.add(clause, {*cond.number});
      else
        w.add(clause, {cond.text});
      break;
    }
  }
  return w;
}

}  // namespace lakeguard::db
