#include "incidents/escalation.h"

#include <algorithm>

namespace lakeguard::incidents {

std::vector<Escalation> due_escalations(const EscalationInput& t, int64_t now_ms,
                                        const EscalationConfig& c) {
  std::vector<Escalation> out;
  if (!is_open(t.state)) return out;
  int stages = std::clamp(c.max_stages, 1, 64);
  int64_t step = std::max<int64_t>(c.interval_min, 1) * 60'000;
  for (int s = 0; s < stages; ++s) {
    int64_t due = t.deadline_ms + s * step;
    if (due > now_ms) break;
    out.push_back(Escalation{.task_id = t.task_id,
                             .stage = s,
                             .kind = t.state == TaskState::kIssued ? "unread" : "undone",
                             .to_whom = s == 0 ? "leader:" + t.unit : "commander:" + t.commander,
                             .due_at_ms = due});
  }
  return out;
}

std::vector<Escalation> missing_escalations(const std::vector<EscalationInput>& open,
                                            const EscalationKeys& recorded, int64_t now_ms,
                                            const EscalationConfig& c) {
  std::vector<Escalation> out;
  for (const auto& t : open)
    for (auto& e : due_escalations(t, now_ms, c))
      if (!recorded.contains(escalation_key(e.task_id, e.stage))) out.push_back(std::move(e));
  return out;
}

}  // namespace lakeguard::incidents
