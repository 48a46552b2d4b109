#include "alarms/model.h"

namespace lakeguard::alarms {

std::string_view level_name(Level l) {
  switch (l) {
    case Level::kNone:
      return "none";
    case Level::kBlue:
      return "blue";
    case Level::kYellow:
      return "yellow";
    case Level::kOrange:
      return "orange";
    case Level::kRed:
      return "red";
  }
  return "none";
}

std::optional<Level> parse_level(std::string_view s) {
  for (Level l : kAllLevels)
    if (level_name(l) == s) return l;
  return std::nullopt;
}

std::string_view state_name(State s) {
  switch (s) {
    case State::kOpen:
      return "open";
    case State::kClaimed:
      return "claimed";
    case State::kVerified:
      return "verified";
    case State::kConverted:
      return "converted";
    case State::kClosed:
      return "closed";
    case State::kDismissed:
      return "dismissed";
  }
  return "open";
}

std::string_view action_name(Action a) {
  switch (a) {
    case Action::kClaim:
      return "claim";
    case Action::kVerify:
      return "verify";
    case Action::kConvert:
      return "convert";
    case Action::kClose:
      return "close";
    case Action::kDismiss:
      return "dismiss";
  }
  return "claim";
}

std::optional<State> parse_state(std::string_view s) {
  for (State x : kAllStates)
    if (state_name(x) == s) return x;
  return std::nullopt;
}

std::optional<Action> parse_action(std::string_view s) {
  for (Action x : kAllActions)
    if (action_name(x) == s) return x;
  return std::nullopt;
}

}  // namespace lakeguard::alarms
