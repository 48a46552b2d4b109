#pragma once
// The instruction state machine (指令跟踪, issue 11 item 3): a task an activated plan created is
// issued → read (签收) → accepted (接受) → feedback (反馈: text, location, photo; repeatable) →
// done (办结), or rejected (拒绝, with a reason) while issued or read. Only the assignee reads,
// accepts, answers or rejects; the assignee or a commander closes it as done once feedback came.
// Anyone else: 403; the right person in the wrong state: 409 naming the state. Pure; the whole
// table is tests/unit/incidents/golden/instructions.txt.

#include "core/error.h"
#include "incidents/model.h"

namespace lakeguard::incidents {

// The state after `a` by `r` on a task in `s`, or 403 (forbidden) / 409 (conflict).
Result<TaskState> next_task_state(TaskRole r, TaskAction a, TaskState s);

// Who the caller is to a task: `is_assignee` (the task's user is the caller, or the task has no
// user and the caller may command), `may_command` (an officer whose scope holds the incident,
// not read-only).
TaskRole task_role(bool is_assignee, bool may_command);

}  // namespace lakeguard::incidents
