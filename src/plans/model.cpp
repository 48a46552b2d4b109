#include "plans/model.h"

namespace lakeguard::plans {
namespace {

// The sub-types (专项预案 kinds) a plan may have, by category. The list follows the 专项预案 of a
// district's plan system (the West Lake 十四五 emergency plan in shared/seed names 防汛防台, 地质
// 灾害, 森林火灾, 危化品 and 生产安全 among its risks); docs/plans.md gives it in full.
constexpr SubType kSubTypes[] = {
    {"防汛防台", Category::kNatural},        {"地质灾害", Category::kNatural},
    {"森林火灾", Category::kNatural},        {"地震", Category::kNatural},
    {"低温雨雪冰冻", Category::kNatural},    {"危化品", Category::kAccident},
    {"生产安全事故", Category::kAccident},   {"火灾", Category::kAccident},
    {"道路交通事故", Category::kAccident},   {"特种设备事故", Category::kAccident},
    {"建设工程事故", Category::kAccident},   {"大面积停电", Category::kAccident},
    {"传染病", Category::kPublicHealth},     {"食品安全", Category::kPublicHealth},
    {"群体性事件", Category::kSocialSafety}, {"大型群众性活动", Category::kSocialSafety},
};

}  // namespace

std::string_view category_name(Category c) {
  switch (c) {
    case Category::kNatural:
      return "自然灾害";
    case Category::kAccident:
      return "事故灾难";
    case Category::kPublicHealth:
      return "公共卫生";
    case Category::kSocialSafety:
      return "社会安全";
  }
  return "";
}

std::optional<Category> parse_category(std::string_view s) {
  for (Category c : kAllCategories)
    if (category_name(c) == s) return c;
  return std::nullopt;
}

std::span<const SubType> sub_types() { return kSubTypes; }

const SubType* find_sub_type(std::string_view name) {
  for (const auto& t : kSubTypes)
    if (t.name == name) return &t;
  return nullptr;
}

std::string_view level_name(Level l) {
  switch (l) {
    case Level::kDistrict:
      return "district";
    case Level::kTown:
      return "town";
    case Level::kCommunity:
      return "community";
    case Level::kEnterprise:
      return "enterprise";
  }
  return "";
}

std::optional<Level> parse_level(std::string_view s) {
  for (Level l : kAllLevels)
    if (level_name(l) == s) return l;
  return std::nullopt;
}

std::string_view state_name(State s) {
  switch (s) {
    case State::kDraft:
      return "draft";
    case State::kReview:
      return "review";
    case State::kPublished:
      return "published";
    case State::kRetired:
      return "retired";
  }
  return "";
}

std::string_view action_name(Action a) {
  switch (a) {
    case Action::kSubmit:
      return "submit";
    case Action::kReject:
      return "reject";
    case Action::kApprove:
      return "approve";
    case Action::kPublish:
      return "publish";
    case Action::kRetire:
      return "retire";
    case Action::kRevise:
      return "revise";
  }
  return "";
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

}  // namespace lakeguard::plans
