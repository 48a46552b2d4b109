#pragma once
// Plan matching (预案匹配): given an event, rank the published plans by a weighted rule and say
// why, in words. Pure and deterministic: the same event and plans give the same ranking and the
// same reasons. docs/plans.md "Matching" states the rule; tests/unit/plans/golden/matching.txt
// holds the golden cases.
//
// Per plan, in this order (each criterion adds its weight and one reason):
//   1. type: the plan's sub-type is the event's (type_exact, "类型一致: 防汛防台"), or only its
//      category is (type_category, "类别一致: 自然灾害"); a plan of another category is left out.
//      No event type: no points.
//   2. jurisdiction: the plan's jurisdiction contains the place (the place's division code starts
//      with the plan's): a community plan of that community (place_community, "辖区一致: 社区
//      330106009001"), a town plan of its town (place_town, "辖区一致: 镇街 330106009"), a
//      district plan (place_district, "辖区覆盖: 区级预案覆盖全区"); an enterprise plan of the
//      event's enterprise (place_enterprise, "事发企业: 本企业预案"). A plan that does not contain
//      a known place (or another enterprise's plan) is left out. No place: no points.
//   3. level: with an event `level`, the plan's level of that number (named_level, "响应级别:
//      Ⅱ级 (事件指定)"); else the most severe level whose triggers hold (all of them, or any for
//      trigger_mode any) (trigger, "触发条件: 3小时降雨≥100mm 满足 Ⅱ级"). Sets matched_level.
//   4. keywords: each event keyword that is one of the plan's keywords or occurs in its title
//      (keyword each, at most keyword_max, "关键词: 泄漏、爆炸").
// Plans scoring 0 are left out. Order: score (descending), then matched level (more severe
// first, none last), then the plan's level (enterprise, community, town, district: the more
// specific first), then id (ascending).

#include <boost/json.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/error.h"
#include "plans/content.h"
#include "plans/model.h"

namespace lakeguard::plans {

// The weights (configuration: src/app/config.h plans_weight_*; defaults documented here and in
// docs/plans.md).
struct MatchWeights {
  double type_exact = 40;
  double type_category = 15;
  double place_enterprise = 30;
  double place_community = 25;
  double place_town = 20;
  double place_district = 10;
  double trigger = 30;
  double named_level = 20;
  double keyword = 5;
  double keyword_max = 15;
};
// Weights must be finite and from 0 to 1000 (the first bad one named).
Status validate(const MatchWeights& w);

// What matching knows of a plan (its edition in force).
struct Candidate {
  int64_t id = 0;
  std::string title;
  Category category = Category::kNatural;
  std::string sub_type;
  Level level = Level::kDistrict;
  std::string jurisdiction_code;
  std::optional<int64_t> enterprise_id;
  std::vector<std::string> keywords;
  std::vector<ResponseLevel> levels;
};

inline constexpr size_t kMaxEventIndicators = 50;
inline constexpr size_t kMaxEventKeywords = 20;
inline constexpr int64_t kDefaultMatchLimit = 10;
inline constexpr int64_t kMaxMatchLimit = 100;

struct MatchEvent {
  std::string type;  // a sub-type or category name; empty: any
  std::optional<int> level;
  std::map<std::string, double, std::less<>> indicators;
  std::string place_code;  // natural 6/9/12-digit division code; empty: unknown
  std::optional<int64_t> enterprise_id;
  std::vector<std::string> keywords;
  std::optional<double> lon, lat;  // as sent (resolved to a place by the caller, if at all)
  int64_t limit = kDefaultMatchLimit;
};

// POST /plans/match body: {type?, level?, indicators?, location?: {lon, lat} | {town}, town?,
// enterprise_id?, keywords?, limit?}. Unknown fields and bad values → validation_failed naming the
// field (e.g. `indicators.rain_3h_mm`).
Result<MatchEvent> parse_match_event(const boost::json::object& body);

struct MatchResult {
  int64_t plan_id = 0;
  size_t index = 0;  // the candidate's position in the input
  double score = 0;
  std::optional<int> matched_level;
  std::vector<std::string> reasons;
};

// The ranked matches of `event` among `plans` (at most event.limit), with their reasons.
std::vector<MatchResult> match(const MatchEvent& event, std::span<const Candidate> plans,
                               const MatchWeights& w);

}  // namespace lakeguard::plans
