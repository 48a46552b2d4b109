#pragma once
// Which plans a caller may read and write, as data: the store renders it as its SQL WHERE and the
// live topic `plans` tests events with it (admits), so a list and a push agree. Pure.
//
// Read: the district (and inspectors, viewers of the district) every plan; a town officer the
// district's plans and every plan of its town (its own, its communities' and its enterprises');
// a community officer the district's plans, its town's town-level plans and its community's;
// an enterprise user its enterprise's plans only.
// Write (create, PATCH, actions): the district every plan; a town its town's; a community its
// community's; an enterprise its own.

#include <cstdint>
#include <optional>
#include <string>

#include "core/principal.h"
#include "plans/model.h"

namespace lakeguard::plans {

struct PlanScope {
  enum class Kind { kAll, kNone, kTown, kCommunity, kEnterprise } kind = Kind::kNone;
  bool write = false;
  std::string town;       // kTown; kCommunity: the community's town
  std::string community;  // kCommunity
  std::optional<int64_t> enterprise_id;

  // Whether a plan placed at `where` (placement_of) is inside. A district plan has no town and
  // no enterprise.
  bool admits(const Placement& where) const;
};

PlanScope read_scope(const Principal& p);
PlanScope write_scope(const Principal& p);

}  // namespace lakeguard::plans
