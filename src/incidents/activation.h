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

namespace lakeguard::incidents {

// What activation needs of a plan's structured content (plans/content.h, converted by the
// service: pure logic here sees only its own types).
struct OrgRoleIn {
  std::string role;
  std::vector<std::string> units;
  std::vector<int64_t> user_ids;
};
struct TaskTemplateIn {
  std::string title;
  std::string role;  // the organisation role, or empty
  std::string unit;  // the unit, or empty
  int64_t deadline_offset_min = 0;
  std::vector<std::string> checklist;
};
struct LevelIn {
  int level = 4;
  std::vector<TaskTemplateIn> tasks;
};
struct PlanContentIn {
  std::vector<OrgRoleIn> organisation;
  std::vector<LevelIn> levels;
};

struct Activated {
  std::vector<Task> tasks;               // id, incident, activation and place left to the caller
  std::vector<int64_t> responsible_ids;  // ascending, distinct
};

// 422 (field `level`) when the content has no such level or the level has no tasks.
Result<Activated> activate(const PlanContentIn& content, int level, int64_t activated_at_ms);

}  // namespace lakeguard::incidents
