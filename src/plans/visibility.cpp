#include "plans/visibility.h"

#include "standards/division_code.h"

namespace lakeguard::plans {
namespace {

PlanScope scope(const Principal& p, bool write) {
  PlanScope s;
  s.write = write;
  using K = PlanScope::Kind;
  switch (p.scope_type) {
    case ScopeType::kDistrict:
      s.kind = K::kAll;
      break;
    case ScopeType::kTown:
      s.kind = K::kTown;
      s.town = p.scope_code;
      break;
    case ScopeType::kCommunity:
      s.kind = K::kCommunity;
      s.community = p.scope_code;
      s.town = standards::parent_division_code(p.scope_code).value_or("");
      break;
    case ScopeType::kEnterprise:
      if (p.enterprise_id) {
        s.kind = K::kEnterprise;
        s.enterprise_id = p.enterprise_id;
      }
      break;
  }
  return s;
}

}  // namespace

PlanScope read_scope(const Principal& p) { return scope(p, false); }
PlanScope write_scope(const Principal& p) { return scope(p, true); }

bool PlanScope::admits(const Placement& w) const {
  bool district_plan = w.town_code.empty() && !w.enterprise_id;
  switch (kind) {
    case Kind::kAll:
      return true;
    case Kind::kNone:
      return false;
    case Kind::kTown:
      return (!write && district_plan) || (!town.empty() && w.town_code == town);
    case Kind::kCommunity:
      if (!community.empty() && w.community_code == community) return true;
      if (write) return false;
      return district_plan ||
             (!town.empty() && w.town_code == town && w.community_code.empty() && !w.enterprise_id);
    case Kind::kEnterprise:
      return enterprise_id && w.enterprise_id == enterprise_id;
  }
  return false;
}

}  // namespace lakeguard::plans
