#include "alarms/lifecycle.h"

#include <fmt/format.h>

namespace lakeguard::alarms {

bool role_may_act(Role role) {
  return role == Role::kAdmin || role == Role::kDistrictOfficer || role == Role::kTownOfficer ||
         role == Role::kCommunityOfficer;
}

Result<State> next_status(State from, Action action) {
  std::optional<State> to;
  switch (action) {
    case Action::kClaim:
      if (from == State::kOpen) to = State::kClaimed;
      break;
    case Action::kVerify:
      if (from == State::kClaimed) to = State::kVerified;
      break;
    case Action::kConvert:
      if (from == State::kVerified) to = State::kConverted;
      break;
    case Action::kClose:
      if (from == State::kOpen || from == State::kClaimed || from == State::kVerified ||
          from == State::kConverted)
        to = State::kClosed;
      break;
    case Action::kDismiss:
      if (from == State::kOpen || from == State::kClaimed) to = State::kDismissed;
      break;
  }
  if (!to)
    return Error::conflict(fmt::format("'{}' is not possible while the alarm is {}.",
                                       action_name(action), state_name(from)),
                           "action");
  return *to;
}

}  // namespace lakeguard::alarms
