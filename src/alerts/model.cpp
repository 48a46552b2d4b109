#include "alerts/model.h"

namespace lakeguard::alerts {
namespace {

template <class E, size_t N>
std::optional<E> find_name(std::string_view s, const E (&all)[N], std::string_view (*name)(E)) {
  for (E e : all)
    if (name(e) == s) return e;
  return std::nullopt;
}

}  // namespace

std::string_view colour_name(Colour c) {
  switch (c) {
    case Colour::kBlue:
      return "blue";
    case Colour::kYellow:
      return "yellow";
    case Colour::kOrange:
      return "orange";
    case Colour::kRed:
      return "red";
  }
  return "blue";
}

std::string_view colour_zh(Colour c) {
  switch (c) {
    case Colour::kBlue:
      return "蓝色";
    case Colour::kYellow:
      return "黄色";
    case Colour::kOrange:
      return "橙色";
    case Colour::kRed:
      return "红色";
  }
  return "蓝色";
}

std::optional<Colour> parse_colour(std::string_view s) {
  return find_name(s, kAllColours, colour_name);
}

std::string_view state_name(State s) {
  switch (s) {
    case State::kDraft:
      return "draft";
    case State::kApproved:
      return "approved";
    case State::kPublished:
      return "published";
    case State::kUpdated:
      return "updated";
    case State::kCancelled:
      return "cancelled";
  }
  return "draft";
}

std::string_view action_name(Action a) {
  switch (a) {
    case Action::kApprove:
      return "approve";
    case Action::kPublish:
      return "publish";
    case Action::kUpdate:
      return "update";
    case Action::kCancel:
      return "cancel";
  }
  return "approve";
}

std::string_view msg_type_name(MsgType m) {
  switch (m) {
    case MsgType::kAlert:
      return "Alert";
    case MsgType::kUpdate:
      return "Update";
    case MsgType::kCancel:
      return "Cancel";
  }
  return "Alert";
}

std::optional<State> parse_state(std::string_view s) {
  return find_name(s, kAllStates, state_name);
}
std::optional<Action> parse_action(std::string_view s) {
  return find_name(s, kAllActions, action_name);
}
std::optional<MsgType> parse_msg_type(std::string_view s) {
  constexpr MsgType kAll[] = {MsgType::kAlert, MsgType::kUpdate, MsgType::kCancel};
  return find_name(s, kAll, msg_type_name);
}

bool visible(const ScopeCondition& cond, std::string_view town_code) {
  switch (cond.kind) {
    case ScopeCondition::Kind::kAll:
      return true;
    case ScopeCondition::Kind::kNone:
      return false;
    case ScopeCondition::Kind::kEquals:
      return cond.column == kScopeColumns.town && (town_code.empty() || town_code == cond.text);
  }
  return false;
}

}  // namespace lakeguard::alerts
