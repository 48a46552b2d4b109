#include "alerts/workflow.h"

#include <fmt/format.h>

namespace lakeguard::alerts {

bool is_district_level(Role role) { return role == Role::kAdmin || role == Role::kDistrictOfficer; }

bool may_draft(Role role) { return is_district_level(role); }

bool may_read(Role role) {
  return role == Role::kAdmin || role == Role::kDistrictOfficer || role == Role::kTownOfficer ||
         role == Role::kCommunityOfficer || role == Role::kViewer;
}

Result<State> next_status(Role role, Action action, const Facts& f) {
  std::string_view act = action_name(action);
  if (!is_district_level(role))
    return Error{ErrorCode::kForbidden, fmt::format("Your role may not {} warnings.", act),
                 "action"};
  if (action == Action::kApprove && f.caller_drafted)
    return Error{ErrorCode::kForbidden,
                 "The drafter of a warning may not approve it; a second officer approves.",
                 "approver"};
  auto not_now = [&] {
    return Error::conflict(
        fmt::format("'{}' is not possible while the warning is {}.", act, state_name(f.status)),
        "action");
  };
  switch (action) {
    case Action::kApprove:
      if (f.status != State::kDraft) return not_now();
      return State::kApproved;
    case Action::kPublish:
      if (f.status != State::kApproved) return not_now();
      return State::kPublished;
    case Action::kUpdate:
    case Action::kCancel:
      // A Cancel message is final: it is neither updated nor cancelled itself.
      if (f.status != State::kPublished || f.msg_type == MsgType::kCancel) return not_now();
      return action == Action::kUpdate ? State::kPublished : State::kCancelled;
  }
  return not_now();
}

}  // namespace lakeguard::alerts
