#include "incidents/instructions.h"

#include <fmt/format.h>

namespace lakeguard::incidents {

TaskRole task_role(bool is_assignee, bool may_command) {
  if (is_assignee) return TaskRole::kAssignee;
  if (may_command) return TaskRole::kCommander;
  return TaskRole::kOther;
}

Result<TaskState> next_task_state(TaskRole r, TaskAction a, TaskState s) {
  bool by_assignee_only = a != TaskAction::kDone;
  if (r == TaskRole::kOther || (by_assignee_only && r != TaskRole::kAssignee))
    return Error::forbidden(
        fmt::format("Only the task's assignee may {} it.", task_action_name(a)));
  auto illegal = [&] {
    return Error::conflict(fmt::format("'{}' is not possible while the task is {}.",
                                       task_action_name(a), task_state_name(s)),
                           "state");
  };
  switch (a) {
    case TaskAction::kRead:
      if (s == TaskState::kIssued) return TaskState::kRead;
      return illegal();
    case TaskAction::kAccept:
      if (s == TaskState::kRead) return TaskState::kAccepted;
      return illegal();
    case TaskAction::kReject:
      if (s == TaskState::kIssued || s == TaskState::kRead) return TaskState::kRejected;
      return illegal();
    case TaskAction::kFeedback:
      if (s == TaskState::kAccepted || s == TaskState::kFeedback) return TaskState::kFeedback;
      return illegal();
    case TaskAction::kDone:
      if (s == TaskState::kFeedback) return TaskState::kDone;
      return illegal();
  }
  return illegal();
}

}  // namespace lakeguard::incidents
