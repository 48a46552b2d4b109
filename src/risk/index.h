#pragma once
// The enterprise risk index (企业风险指数) 0–100 and its colour: inherent risk (the GB 18218
// major-hazard grade of its inventory, its worst risk point) plus dynamic factors (open, overdue
// and open 重大 hidden dangers; active alarms, recent penalties, accidents in the last three years
// and expired licences, which count as zero until their capability records them). No national
// rule fixes such an index: the model, its weights and its bands are lakeguard's and are
// configuration (docs/risk.md "Enterprise risk index"). Pure, thread-safe.

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "risk/model.h"

namespace lakeguard::risk {

// What the index is computed from.
struct IndexInputs {
  std::optional<int> major_hazard_grade;  // 1–4 (一级 highest); nullopt: not a major hazard
  std::optional<RiskLevel> worst_point;   // the worst risk point's level; nullopt: none
  int64_t open_hazards = 0;               // hidden dangers not yet closed (隐患)
  int64_t overdue_hazards = 0;            // of them, past their rectification deadline
  int64_t open_major_hazards = 0;         // of them, 重大 (major) hidden dangers
  // Not yet recorded by any capability: zero until it exists.
  int64_t active_alarms = 0;
  int64_t recent_penalties = 0;  // administrative penalties in the last 12 months
  int64_t accidents_3y = 0;      // production-safety accidents in the last three years
  int64_t expired_licences = 0;  // licences or certificates past their validity
};

// One factor's weight (the most points it can give) and its saturation: a count factor gives
// weight × min(1, value / saturation) points. Grade and level factors use fixed fractions
// (docs/risk.md).
struct FactorWeight {
  double weight = 0;
  double saturation = 1;
};

// The model's configuration. The defaults' weights sum to 100, so the index never needs clamping
// unless weights are raised. validate() names the first bad setting.
struct IndexOptions {
  // Inherent risk: major-hazard grade 一级 1.0, 二级 0.75, 三级 0.5, 四级 0.25 of the weight.
  double major_hazard_weight = 35;
  // Worst risk point: 重大 1.0, 较大 0.6, 一般 0.3, 低 0 of the weight.
  double worst_point_weight = 25;
  FactorWeight open_hazards{8, 5};
  FactorWeight overdue_hazards{8, 3};
  FactorWeight open_major_hazards{12, 1};
  FactorWeight active_alarms{3, 3};
  FactorWeight recent_penalties{3, 2};
  FactorWeight accidents_3y{3, 1};
  FactorWeight expired_licences{3, 1};
  // Colour bands on the index: ≥ red_from 红 (重大风险), ≥ orange_from 橙, ≥ yellow_from 黄,
  // else 蓝.
  double red_from = 60;
  double orange_from = 40;
  double yellow_from = 20;

  std::string validate() const;
};

// One factor's part of the index: its value, the points it gives (tenths, exact), its weight.
struct Contribution {
  std::string factor;  // major_hazard, worst_risk_point, open_hazards, …, cap
  boost::json::value value;
  double points = 0;  // one decimal; the points of all factors sum to the index
  double weight = 0;
  std::string note;  // e.g. "not yet recorded" for a factor without its capability
};

struct IndexResult {
  double index = 0;  // 0–100, one decimal
  RiskLevel level = RiskLevel::kLow;
  std::vector<Contribution> factors;  // in a fixed order; a "cap" row when clamped to 100
};

// The index, its level (colour) and every factor's contribution. The points are rounded to tenths
// per factor before summing, so the contributions sum exactly to the index; when they exceed
// 100, a "cap" row takes the excess away. Monotone: raising any input never lowers the index.
IndexResult risk_index(const IndexInputs& in, const IndexOptions& opts);

// The level's band on the index by opts.
RiskLevel index_level(double index, const IndexOptions& opts);

// The answer as JSON: {index, colour, level, factors:[{factor, value, points, weight, note}]}.
boost::json::object index_json(const IndexResult& r);

// Inputs from a JSON body (the golden file's lines; every field optional, counts whole ≥ 0,
// major_hazard_grade 1–4 or null, worst_risk_point red|orange|yellow|blue or null):
// validation_failed naming the field.
Result<IndexInputs> index_inputs_from_json(const boost::json::object& body);

}  // namespace lakeguard::risk
