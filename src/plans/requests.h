#pragma once
// The plan API's inputs and outputs as plain values: request bodies and list queries checked
// field by field (validation_failed / bad_request naming the field, before anything is written),
// and the JSON of a plan. Pure.

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/error.h"
#include "plans/content.h"
#include "plans/model.h"

namespace lakeguard::plans {

inline constexpr size_t kMaxPlanKeywords = 20;
inline constexpr size_t kMaxReasonChars = 2000;
inline constexpr int64_t kMaxRevisionDueDays = 10 * 366;  // a revision date at most ~10 years on

// POST /plans. Level district/town/community: `jurisdiction` is the division code at that level
// (normalised: 330106009000 → 330106009); enterprise: `enterprise_id`, the place from the
// registry.
struct NewPlan {
  std::string title;
  Category category = Category::kNatural;
  std::string sub_type;  // empty: a general plan of the category
  Level level = Level::kDistrict;
  std::string owner_unit;
  std::string jurisdiction_code;
  std::optional<int64_t> enterprise_id;
  std::vector<std::string> keywords;
  std::string summary;
  Content content;
  std::string revision_due;
};
Result<NewPlan> parse_new_plan(const boost::json::object& body, int64_t now_ms);

// PATCH /plans/{id}: the fields given (level, jurisdiction and enterprise are fixed at creation).
struct PlanPatch {
  std::optional<std::string> title;
  std::optional<Category> category;
  std::optional<std::string> sub_type;
  std::optional<std::string> owner_unit;
  std::optional<std::vector<std::string>> keywords;
  std::optional<std::string> summary;
  std::optional<Content> content;
  std::optional<std::string> revision_due;  // "" clears it
};
// `current_category` is the plan's, so a sub_type alone is checked against it.
Result<PlanPatch> parse_plan_patch(const boost::json::object& body, Category current_category,
                                   const std::string& current_sub_type, int64_t now_ms);

// POST /plans/{id}/actions.
struct ActionRequest {
  Action action = Action::kSubmit;
  std::string reason;  // reject (required), retire, revise (optional)
};
Result<ActionRequest> parse_action_request(const boost::json::object& body);

// GET /plans query parameters: type (category or sub-type), level, status, town, q, page,
// page_size. Bad values → bad_request naming the parameter.
Result<ListFilter> parse_list_filter(
    const std::vector<std::pair<std::string, std::string>>& params);

// The API's JSON of a plan (content parsed back into an object).
boost::json::object to_json(const Plan& p);
boost::json::object to_json(const PlanVersion& v);
boost::json::object to_json(const Attachment& a);

}  // namespace lakeguard::plans
