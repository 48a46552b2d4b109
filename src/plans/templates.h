#pragma once
// Built-in plan templates (预案模板) to start a plan from: GET /api/v1/plans/templates. Each is a
// plan body (POST /plans without jurisdiction) whose content passes parse_content; thresholds cite
// where they come from (standards.md, the West Lake 十四五 plan in shared/seed). Pure.

#include <boost/json.hpp>
#include <span>
#include <string_view>

namespace lakeguard::plans {

struct PlanTemplate {
  std::string_view key;   // "flood_typhoon", "hazchem"
  std::string_view json;  // {"title", "type", "sub_type", "level", "owner_unit", "keywords",
                          //  "summary", "content"}
};

std::span<const PlanTemplate> plan_templates();

}  // namespace lakeguard::plans
