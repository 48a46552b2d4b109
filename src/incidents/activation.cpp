#include "incidents/activation.h"

#include <fmt/format.h>
#include <algorithm>

namespace lakeguard::incidents {

Result<Activated> activate(const PlanContentIn& content, int level, int64_t activated_at_ms) {
  const LevelIn* found = nullptr;
  for (const auto& l : content.levels)
    if (l.level == level) found = &l;
  if (!found || found->tasks.empty())
    return Error::validation("level",
                             fmt::format("The plan has no tasks at response level {}.", level));
  Activated out;
  out.tasks.reserve(found->tasks.size());
  for (const auto& t : found->tasks) {
    Task task;
    task.title = t.title;
    task.role = t.role;
    task.unit = t.unit;
    task.checklist = t.checklist;
    task.deadline_ms = activated_at_ms + t.deadline_offset_min * 60'000;
    task.updated_at_ms = activated_at_ms;
    for (const auto& r : content.organisation) {
      if (r.role != t.role || t.role.empty()) continue;
      if (task.unit.empty() && !r.units.empty()) task.unit = r.units.front();
      if (!r.user_ids.empty()) task.assignee_id = r.user_ids.front();
      out.responsible_ids.insert(out.responsible_ids.end(), r.user_ids.begin(), r.user_ids.end());
    }
    out.tasks.push_back(std::move(task));
  }
  std::sort(out.responsible_ids.begin(), out.responsible_ids.end());
  out.responsible_ids.erase(std::unique(out.responsible_ids.begin(), out.responsible_ids.end()),
                            out.responsible_ids.end());
  return out;
}

}  // namespace lakeguard::incidents
