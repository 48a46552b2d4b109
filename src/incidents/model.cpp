#include "incidents/model.h"

namespace lakeguard::incidents {

std::string_view status_name(IncidentStatus s) {
  return s == IncidentStatus::kOpen ? "open" : "closed";
}
std::optional<IncidentStatus> parse_status(std::string_view s) {
  if (s == "open") return IncidentStatus::kOpen;
  if (s == "closed") return IncidentStatus::kClosed;
  return std::nullopt;
}

std::string_view task_state_name(TaskState s) {
  switch (s) {
    case TaskState::kIssued:
      return "issued";
    case TaskState::kRead:
      return "read";
    case TaskState::kAccepted:
      return "accepted";
    case TaskState::kFeedback:
      return "feedback";
    case TaskState::kDone:
      return "done";
    case TaskState::kRejected:
      return "rejected";
  }
  return "issued";
}
std::string_view task_action_name(TaskAction a) {
  switch (a) {
    case TaskAction::kRead:
      return "read";
    case TaskAction::kAccept:
      return "accept";
    case TaskAction::kFeedback:
      return "feedback";
    case TaskAction::kDone:
      return "done";
    case TaskAction::kReject:
      return "reject";
  }
  return "read";
}
std::optional<TaskState> parse_task_state(std::string_view s) {
  for (TaskState t : kAllTaskStates)
    if (task_state_name(t) == s) return t;
  return std::nullopt;
}
std::optional<TaskAction> parse_task_action(std::string_view s) {
  for (TaskAction a : kAllTaskActions)
    if (task_action_name(a) == s) return a;
  return std::nullopt;
}
bool is_open(TaskState s) { return s != TaskState::kDone && s != TaskState::kRejected; }

std::string_view task_role_name(TaskRole r) {
  switch (r) {
    case TaskRole::kAssignee:
      return "assignee";
    case TaskRole::kCommander:
      return "commander";
    case TaskRole::kOther:
      return "other";
  }
  return "other";
}

std::string_view response_level_name(int level) {
  switch (level) {
    case 1:
      return "Ⅰ级";
    case 2:
      return "Ⅱ级";
    case 3:
      return "Ⅲ级";
    case 4:
      return "Ⅳ级";
    default:
      return "";
  }
}

std::string_view request_kind_name(RequestKind k) {
  return k == RequestKind::kTeam ? "team" : "stock";
}
std::string_view request_state_name(RequestState s) {
  switch (s) {
    case RequestState::kRequested:
      return "requested";
    case RequestState::kDispatched:
      return "dispatched";
    case RequestState::kArrived:
      return "arrived";
    case RequestState::kCancelled:
      return "cancelled";
  }
  return "requested";
}
std::string_view request_action_name(RequestAction a) {
  switch (a) {
    case RequestAction::kDispatch:
      return "dispatch";
    case RequestAction::kArrive:
      return "arrive";
    case RequestAction::kCancel:
      return "cancel";
  }
  return "dispatch";
}
std::optional<RequestKind> parse_request_kind(std::string_view s) {
  if (s == "team") return RequestKind::kTeam;
  if (s == "stock") return RequestKind::kStock;
  return std::nullopt;
}
std::optional<RequestState> parse_request_state(std::string_view s) {
  for (RequestState x : kAllRequestStates)
    if (request_state_name(x) == s) return x;
  return std::nullopt;
}
std::optional<RequestAction> parse_request_action(std::string_view s) {
  for (RequestAction x : kAllRequestActions)
    if (request_action_name(x) == s) return x;
  return std::nullopt;
}

}  // namespace lakeguard::incidents
