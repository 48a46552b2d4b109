#pragma once
// Inspection plans (抽查计划, issue 10 §3): validation of a plan's targets and the numbers a
// target implies. Pure.
//
// A target says which enterprises (a category, as enterprise-list filters), what share of them to
// draw each time (抽查比例) and how many times a year (抽查频次). The number to draw for one draw
// of a target with a pool of n enterprises is ceil(n × ratio / 100) — rounding up, so a small
// category is never skipped — and at most n. The year's expectation is that times times_per_year.

#include <boost/json.hpp>
#include <cstdint>
#include <vector>

#include "core/error.h"
#include "inspections/model.h"

namespace lakeguard::inspections {

inline constexpr size_t kMaxPlanTargets = 50;

// Enterprises to draw for one draw of a target from a pool of `pool_size`.
int64_t enterprises_per_draw(int64_t pool_size, double ratio_percent);

// A plan from its JSON (POST body): {"year", "name", "targets": [{"label", "pool"?,
// "ratio_percent", "times_per_year"}]}; validation errors name the field (e.g.
// "targets[1].ratio_percent"). `this_year` bounds `year` to [this_year − 1, this_year + 1].
Result<Plan> plan_from_json(const boost::json::object& body, int this_year);

boost::json::object plan_json(const Plan& p);
boost::json::array targets_json(const std::vector<PlanTarget>& ts);
// Reads what targets_json wrote (stored text); throws on a malformed value (a store bug).
std::vector<PlanTarget> targets_from_json(const boost::json::value& v);

}  // namespace lakeguard::inspections
