#pragma once
// Activation (预案启动, issue 11 item 3): from a published plan's structured content and a
// response level, the tasks that level sets going — one per task template, assigned to its unit
// (the template's, or the first unit of its organisation role) and to the role's first user when
// the role names users, due at activation time + the template's deadline offset — and every
// person the activation concerns (the users of each role its tasks name), whom 一键通 notifies.
// Pure.

#include <cstdint>
#include <string>
#include <vector>

#include "core/error.h"
#include "incidents/model.h"
#include "plans/content.h"

namespace lakeguard::incidents {

struct Activated {
  std::vector<Task> tasks;              // id, incident, activation and place left to the caller
  std::vector<int64_t> responsible_ids;  // ascending, distinct
};

// 422 (field `level`) when the content has no such level or the level has no tasks.
Result<Activated> activate(const plans::Content& content, int level, int64_t activated_at_ms);

}  // namespace lakeguard::incidents
