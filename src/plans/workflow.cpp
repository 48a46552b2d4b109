#include "plans/workflow.h"

#include <fmt/format.h>

namespace lakeguard::plans {
namespace {

bool is_reviewer(Role role) {
  // 审批: the district's emergency bureau, or the town for its own and its enterprises' plans.
  return role == Role::kAdmin || role == Role::kDistrictOfficer || role == Role::kTownOfficer;
}

bool starts_from(Action a, State s) {
  switch (a) {
    case Action::kSubmit:
      return s == State::kDraft;
    case Action::kReject:
    case Action::kApprove:
    case Action::kPublish:
      return s == State::kReview;
    case Action::kRetire:
      return s == State::kPublished;
    case Action::kRevise:
      return s == State::kPublished || s == State::kRetired;
  }
  return false;
}

State leads_to(Action a) {
  switch (a) {
    case Action::kSubmit:
    case Action::kApprove:
      return State::kReview;
    case Action::kReject:
    case Action::kRevise:
      return State::kDraft;
    case Action::kPublish:
      return State::kPublished;
    case Action::kRetire:
      return State::kRetired;
  }
  return State::kDraft;
}

}  // namespace

bool may_write(Role role) {
  return role == Role::kAdmin || role == Role::kDistrictOfficer || role == Role::kTownOfficer ||
         role == Role::kCommunityOfficer || role == Role::kEnterpriseUser;
}

bool role_may(Role role, Action action) {
  switch (action) {
    case Action::kSubmit:
    case Action::kRevise:
      return may_write(role);
    case Action::kReject:
    case Action::kApprove:
    case Action::kPublish:
    case Action::kRetire:
      return is_reviewer(role);
  }
  return false;
}

Status may_edit(State status) {
  if (status != State::kDraft)
    return Error::conflict(
        fmt::format("The plan is {}; only a draft can be edited (revise it first).",
                    state_name(status)),
        "status");
  return ok_status();
}

Result<State> next_state(Role role, Action action, const Facts& f) {
  std::string_view act = action_name(action);
  if (!role_may(role, action))
    return Error{ErrorCode::kForbidden, fmt::format("Your role may not {} plans.", act), "action"};
  if (action == Action::kApprove && f.caller_is_author)
    return Error{ErrorCode::kForbidden,
                 "The author of a plan may not approve it; another reviewer must.", "approver"};
  if (!starts_from(action, f.status))
    return Error::conflict(
        fmt::format("'{}' is not possible while the plan is {}.", act, state_name(f.status)),
        "action");
  if (action == Action::kApprove && f.approved)
    return Error::conflict("The plan is already approved; publish it.", "action");
  if (action == Action::kPublish && !f.approved)
    return Error::conflict("The plan needs an approval by someone other than its author first.",
                           "approver");
  return leads_to(action);
}

}  // namespace lakeguard::plans
