#include "hazards/lifecycle.h"

#include <fmt/format.h>

namespace lakeguard::hazards {

bool is_district_level(Role role) { return role == Role::kAdmin || role == Role::kDistrictOfficer; }

bool may_report(Role role) {
  // PRODUCT.md roles: officers at every level, enterprise users (self-checks), inspectors
  // (findings) and community officers ("reports hidden dangers"); a viewer writes nothing.
  return role != Role::kViewer;
}

bool role_may(Role role, Action action) {
  switch (action) {
    case Action::kConfirm:
      // Classing and setting the deadline is supervision: the town's or the district's.
      return is_district_level(role) || role == Role::kTownOfficer;
    case Action::kPlan:
    case Action::kSubmit:
      // The enterprise rectifies (its principal responsible person organises the plan, 16号令);
      // officers may record a plan or evidence for an enterprise without an account.
      return is_district_level(role) || role == Role::kTownOfficer || role == Role::kEnterpriseUser;
    case Action::kAccept:
    case Action::kReject:
      // Acceptance (验收) is the supervisor's; 重大 is narrowed to the district in next_status.
      return is_district_level(role) || role == Role::kTownOfficer;
    case Action::kReopen:
      return is_district_level(role);
  }
  return false;
}

namespace {

// The states an action may start from, and where it leads.
bool starts_from(Action a, State s) {
  switch (a) {
    case Action::kConfirm:
      return s == State::kReported;
    case Action::kPlan:
      return s == State::kReported || s == State::kRectifying;
    case Action::kSubmit:
      return s == State::kRectifying;
    case Action::kAccept:
    case Action::kReject:
      return s == State::kSubmitted;
    case Action::kReopen:
      return s == State::kClosed;
  }
  return false;
}

State leads_to(Action a, State from) {
  switch (a) {
    case Action::kConfirm:
      return State::kRectifying;
    case Action::kPlan:
      return from;
    case Action::kSubmit:
      return State::kSubmitted;
    case Action::kAccept:
      return State::kClosed;
    case Action::kReject:
    case Action::kReopen:
      return State::kRectifying;
  }
  return from;
}

}  // namespace

Result<State> next_status(Role role, Action action, const Facts& f) {
  std::string_view act = action_name(action);
  if (!role_may(role, action))
    return Error{ErrorCode::kForbidden, fmt::format("Your role may not {} hidden dangers.", act),
                 "action"};
  bool reviews = action == Action::kAccept || action == Action::kReject;
  if (reviews && f.hazard_class == HazardClass::kMajor && !is_district_level(role))
    return Error{ErrorCode::kForbidden,
                 fmt::format("Only a district officer may {} a 重大 hidden danger.", act), "class"};
  if (!starts_from(action, f.status))
    return Error::conflict(fmt::format("'{}' is not possible while the hidden danger is {}.", act,
                                       state_name(f.status)),
                           "action");
  if (action == Action::kConfirm && f.hazard_class == HazardClass::kMajor && !f.has_plan)
    return Error::conflict(
        "A 重大 hidden danger needs a remediation plan before it is confirmed; attach one with "
        "the plan action.",
        "plan");
  return leads_to(action, f.status);
}

}  // namespace lakeguard::hazards
