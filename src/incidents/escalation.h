#pragma once
// Escalation of overdue tasks (督办升级, issue 11 item 3) as one pure function of a task's stored
// state and `now`: a task still open (not done, not rejected) at its deadline escalates — stage 0
// at the deadline to the responsible unit's leader (the assignee's superior), then every
// `interval_min` one stage more to the incident's commander, up to `max_stages` stages. Its kind
// is `unread` when the task was never read, `undone` otherwise. No I/O and no clock: a pass after
// a restart derives the same escalations, and the store's UNIQUE (task_id, stage) with INSERT … ON
// CONFLICT DO NOTHING records each once.

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "incidents/model.h"

namespace lakeguard::incidents {

struct EscalationConfig {
  int64_t interval_min = 30;  // minutes between stages, ≥ 1
  int max_stages = 3;         // stages per task, ≥ 1
};

// What escalation needs of an open task.
struct EscalationInput {
  int64_t task_id = 0;
  TaskState state = TaskState::kIssued;
  int64_t deadline_ms = 0;
  std::string unit;       // the responsible unit (may be empty)
  std::string commander;  // the incident's commander (who activated the plan)
};

struct Escalation {
  int64_t task_id = 0;
  int stage = 0;
  std::string kind;     // unread | undone
  std::string to_whom;  // "leader:<unit>" (stage 0) | "commander:<name>" (later stages)
  int64_t due_at_ms = 0;
  bool operator==(const Escalation&) const = default;
};

// Every escalation due by now_ms (due ≤ now), stages ascending; none for a closed task.
std::vector<Escalation> due_escalations(const EscalationInput& t, int64_t now_ms,
                                        const EscalationConfig& c);

// The recorded (task, stage) keys, as task_id * 64 + stage (max_stages ≤ 64).
using EscalationKeys = std::unordered_set<int64_t>;
inline int64_t escalation_key(int64_t task_id, int stage) { return task_id * 64 + stage; }

// The pass's decision: every due escalation of `open` not in `recorded`, in task order.
std::vector<Escalation> missing_escalations(const std::vector<EscalationInput>& open,
                                            const EscalationKeys& recorded, int64_t now_ms,
                                            const EscalationConfig& c);

}  // namespace lakeguard::incidents
