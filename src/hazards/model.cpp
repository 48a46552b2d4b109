#include "hazards/model.h"

#include <array>
#include <utility>

namespace lakeguard::hazards {
namespace {

template <class E, size_t N>
std::string_view name_in(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
  for (const auto& [v, n] : table)
    if (v == e) return n;
  return table[0].second;
}

template <class E, size_t N>
std::optional<E> parse_in(const std::array<std::pair<E, std::string_view>, N>& table,
                          std::string_view s) {
  for (const auto& [v, n] : table)
    if (n == s) return v;
  return std::nullopt;
}

constexpr std::array<std::pair<State, std::string_view>, 4> kStatuses = {{
    {State::kReported, "reported"},
    {State::kRectifying, "rectifying"},
    {State::kSubmitted, "submitted"},
    {State::kClosed, "closed"},
}};
constexpr std::array<std::pair<Action, std::string_view>, 6> kActions = {{
    {Action::kConfirm, "confirm"},
    {Action::kPlan, "plan"},
    {Action::kSubmit, "submit"},
    {Action::kAccept, "accept"},
    {Action::kReject, "reject"},
    {Action::kReopen, "reopen"},
}};
constexpr std::array<std::pair<HazardClass, std::string_view>, 2> kClasses = {{
    {HazardClass::kGeneral, "一般"},
    {HazardClass::kMajor, "重大"},
}};
constexpr std::array<std::pair<Source, std::string_view>, 4> kSources = {{
    {Source::kSelfCheck, "self_check"},
    {Source::kInspection, "inspection"},
    {Source::kReport, "report"},
    {Source::kPublic, "public"},
}};

}  // namespace

std::string_view state_name(State s) { return name_in(kStatuses, s); }
std::string_view action_name(Action a) { return name_in(kActions, a); }
std::string_view class_name(HazardClass c) { return name_in(kClasses, c); }
std::string_view source_name(Source s) { return name_in(kSources, s); }
std::optional<State> parse_state(std::string_view s) { return parse_in(kStatuses, s); }
std::optional<Action> parse_action(std::string_view s) { return parse_in(kActions, s); }
std::optional<HazardClass> parse_class(std::string_view s) { return parse_in(kClasses, s); }
std::optional<Source> parse_source(std::string_view s) { return parse_in(kSources, s); }

}  // namespace lakeguard::hazards
