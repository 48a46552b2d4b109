#pragma once
// A plan's structured content (预案结构化内容): the response levels Ⅰ–Ⅳ, each with its trigger
// conditions as data and its task templates, and the organisation (应急组织机构: roles → units
// or users). Parsed from and written back to JSON; every bad value is a validation error naming
// its path (`content.levels[1].tasks[0].deadline_offset_min`), every count and length bounded.
// Pure.

#include <boost/json.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace lakeguard::plans {

// Limits (texts in characters, i.e. UTF-8 code points).
inline constexpr size_t kMaxLevels = 4;
inline constexpr size_t kMaxTasksPerLevel = 200;
inline constexpr size_t kMaxTriggersPerLevel = 20;
inline constexpr size_t kMaxChecklistItems = 50;
inline constexpr size_t kMaxOrgRoles = 100;
inline constexpr size_t kMaxUnitsPerRole = 50;
inline constexpr size_t kMaxUsersPerRole = 200;
inline constexpr size_t kMaxTitleChars = 200;
inline constexpr size_t kMaxNameChars = 100;   // roles, units, owner unit
inline constexpr size_t kMaxTextChars = 2000;  // descriptions, basis, summary
inline constexpr size_t kMaxChecklistItemChars = 200;
inline constexpr size_t kMaxKeywordChars = 50;
inline constexpr size_t kMaxUnitChars = 10;
inline constexpr size_t kMaxIndicatorChars = 40;
inline constexpr int64_t kMaxDeadlineOffsetMin = 30 * 24 * 60;  // 30 days
inline constexpr double kMaxThreshold = 1e12;

// A trigger's comparison. Wire: ">=", ">", "<=", "<", "==" on a number; "has" on a keyword
// (the event's keywords hold it).
enum class Comparator { kGe, kGt, kLe, kLt, kEq, kHas };
std::string_view comparator_wire(Comparator c);
std::string_view comparator_symbol(Comparator c);  // ≥ > ≤ < = (kHas: "含")

// One trigger condition (启动条件): `indicator comparator threshold unit`, e.g. rain_3h_mm >= 100
// mm, deaths >= 3 人; or `keyword has 泄漏`.
struct Trigger {
  std::string indicator;  // [a-z][a-z0-9_]*, or "keyword" with kHas
  Comparator comparator = Comparator::kGe;
  double threshold = 0;
  std::string unit;
  std::string keyword;  // kHas only
  bool operator==(const Trigger&) const = default;
};

// The Chinese label of an indicator for reasons ("rain_3h_mm" → "3小时降雨"); the indicator
// itself when it is not one of the known ones (docs/plans.md lists them).
std::string indicator_label(std::string_view indicator);
// The trigger in words: "3小时降雨≥100mm", "死亡≥3人", "关键词含泄漏".
std::string describe(const Trigger& t);

// A task template (任务模板): what a response level sets going, for whom, by when.
struct TaskTemplate {
  std::string title;
  std::string responsible_role;     // a role of the organisation, or empty
  std::string responsible_unit;     // a unit, or empty (one of the two is required)
  int64_t deadline_offset_min = 0;  // minutes after activation
  std::vector<std::string> checklist;
  bool operator==(const TaskTemplate&) const = default;
};

// One response level (响应级别). `level` 1 = Ⅰ级 (most severe) … 4 = Ⅳ级. The level is met when
// all its triggers hold (trigger_mode "all", the default) or any of them ("any"); a level without
// triggers is only reached by naming it.
struct ResponseLevel {
  int level = 4;
  bool any = false;
  std::vector<Trigger> triggers;
  std::vector<TaskTemplate> tasks;
  std::string description;
  std::string basis;  // where the thresholds come from (依据), e.g. a standard's clause
  bool operator==(const ResponseLevel&) const = default;
};

// One role of the organisation (指挥部 / 工作组): the units and users who fill it.
struct OrgRole {
  std::string role;
  std::vector<std::string> units;
  std::vector<int64_t> user_ids;
  bool operator==(const OrgRole&) const = default;
};

struct Content {
  std::vector<OrgRole> organisation;
  std::vector<ResponseLevel> levels;
  bool operator==(const Content&) const = default;
};

// Parses `v` (the request's `content`) with `path` as the field prefix. Unknown fields, wrong
// types, limits, duplicate levels or roles and task roles the organisation does not define are
// validation errors naming the path.
Result<Content> parse_content(const boost::json::value& v, std::string_view path = "content");
boost::json::object to_json(const Content& c);

// The same checks as text fields of a plan use: trimmed, valid UTF-8, no control or bidi
// characters, at most max_chars (empty allowed unless required).
Result<std::string> text_at(const boost::json::value* v, const std::string& path, size_t max_chars,
                            bool required, bool multiline);

}  // namespace lakeguard::plans
