#include "plans/content.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <initializer_list>
#include <set>

#include "core/text.h"
#include "plans/model.h"

namespace lakeguard::plans {
namespace {

namespace json = boost::json;

Error bad(const std::string& field, std::string msg) {
  return Error::validation(field, std::move(msg));
}

std::string at(std::string_view path, std::string_view key) {
  return fmt::format("{}.{}", path, key);
}
std::string at(std::string_view path, size_t i) { return fmt::format("{}[{}]", path, i); }

Result<const json::object*> object_at(const json::value& v, const std::string& path,
                                      std::initializer_list<std::string_view> allowed) {
  if (!v.is_object()) return bad(path, fmt::format("'{}' must be an object.", path));
  const json::object& o = v.as_object();
  for (const auto& kv : o) {
    bool known = false;
    for (auto a : allowed) known = known || a == kv.key();
    if (!known)
      return bad(at(path, kv.key()),
                 fmt::format("Unknown field '{}'.", at(path, std::string_view(kv.key()))));
  }
  return &o;
}

Result<const json::array*> array_at(const json::value* v, const std::string& path, size_t max,
                                    bool required) {
  static const json::array kEmpty;
  if (!v || v->is_null()) {
    if (required) return bad(path, fmt::format("'{}' is required.", path));
    return &kEmpty;
  }
  if (!v->is_array()) return bad(path, fmt::format("'{}' must be a list.", path));
  if (v->as_array().size() > max)
    return bad(path, fmt::format("'{}' holds more than {} entries.", path, max));
  return &v->as_array();
}

Result<int64_t> integer_at(const json::value* v, const std::string& path, int64_t lo, int64_t hi) {
  if (!v || v->is_null()) return bad(path, fmt::format("'{}' is required.", path));
  std::optional<int64_t> n;
  if (v->is_int64()) n = v->as_int64();
  if (v->is_uint64() && v->as_uint64() <= static_cast<uint64_t>(INT64_MAX))
    n = static_cast<int64_t>(v->as_uint64());
  if (v->is_double() && std::floor(v->as_double()) == v->as_double() &&
      std::fabs(v->as_double()) < 9e15)
    n = static_cast<int64_t>(v->as_double());
  if (!n || *n < lo || *n > hi)
    return bad(path, fmt::format("'{}' must be a whole number from {} to {}.", path, lo, hi));
  return *n;
}

bool valid_indicator(std::string_view s) {
  if (s.empty() || s.size() > kMaxIndicatorChars) return false;
  if (s[0] < 'a' || s[0] > 'z') return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

std::optional<Comparator> parse_comparator(std::string_view s) {
  for (Comparator c : {Comparator::kGe, Comparator::kGt, Comparator::kLe, Comparator::kLt,
                       Comparator::kEq, Comparator::kHas})
    if (comparator_wire(c) == s) return c;
  return std::nullopt;
}

Result<Trigger> parse_trigger(const json::value& v, const std::string& path) {
  LG_TRY_ASSIGN(const json::object* o,
                object_at(v, path, {"indicator", "comparator", "threshold", "unit", "keyword"}));
  Trigger t;
  LG_TRY_ASSIGN(t.indicator, text_at(o->if_contains("indicator"), at(path, "indicator"),
                                     kMaxIndicatorChars, true, false));
  if (!valid_indicator(t.indicator))
    return bad(
        at(path, "indicator"),
        fmt::format("'{}' must be a lower-case name such as rain_3h_mm.", at(path, "indicator")));
  LG_TRY_ASSIGN(std::string cmp,
                text_at(o->if_contains("comparator"), at(path, "comparator"), 4, true, false));
  auto c = parse_comparator(cmp);
  if (!c)
    return bad(at(path, "comparator"),
               fmt::format("'{}' must be one of: >=, >, <=, <, ==, has.", at(path, "comparator")));
  t.comparator = *c;
  if (t.comparator == Comparator::kHas) {
    if (t.indicator != "keyword")
      return bad(at(path, "indicator"), fmt::format("'{}' must be keyword with the comparator has.",
                                                    at(path, "indicator")));
    for (std::string_view k : {"threshold", "unit"})
      if (o->contains(k))
        return bad(at(path, k),
                   fmt::format("'{}' is not taken by a keyword trigger.", at(path, k)));
    LG_TRY_ASSIGN(t.keyword, text_at(o->if_contains("keyword"), at(path, "keyword"),
                                     kMaxKeywordChars, true, false));
    return t;
  }
  if (t.indicator == "keyword")
    return bad(at(path, "comparator"),
               fmt::format("'{}' must be has for a keyword trigger.", at(path, "comparator")));
  if (o->contains("keyword"))
    return bad(at(path, "keyword"),
               fmt::format("'{}' is taken by keyword triggers only.", at(path, "keyword")));
  auto th = o->if_contains("threshold");
  if (!th || th->is_null())
    return bad(at(path, "threshold"), fmt::format("'{}' is required.", at(path, "threshold")));
  if (!th->is_number())
    return bad(at(path, "threshold"), fmt::format("'{}' must be a number.", at(path, "threshold")));
  t.threshold = th->to_number<double>();
  if (!std::isfinite(t.threshold) || std::fabs(t.threshold) > kMaxThreshold)
    return bad(at(path, "threshold"),
               fmt::format("'{}' must be a number from -1e12 to 1e12.", at(path, "threshold")));
  LG_TRY_ASSIGN(t.unit,
                text_at(o->if_contains("unit"), at(path, "unit"), kMaxUnitChars, false, false));
  return t;
}

Result<std::vector<std::string>> strings_at(const json::value* v, const std::string& path,
                                            size_t max_items, size_t max_chars) {
  LG_TRY_ASSIGN(const json::array* a, array_at(v, path, max_items, false));
  std::vector<std::string> out;
  for (size_t i = 0; i < a->size(); ++i) {
    LG_TRY_ASSIGN(std::string s, text_at(&(*a)[i], at(path, i), max_chars, true, false));
    out.push_back(std::move(s));
  }
  return out;
}

Result<TaskTemplate> parse_task(const json::value& v, const std::string& path,
                                const std::set<std::string, std::less<>>& roles) {
  LG_TRY_ASSIGN(const json::object* o, object_at(v, path,
                                                 {"title", "responsible_role", "responsible_unit",
                                                  "deadline_offset_min", "checklist"}));
  TaskTemplate t;
  LG_TRY_ASSIGN(t.title,
                text_at(o->if_contains("title"), at(path, "title"), kMaxTitleChars, true, false));
  LG_TRY_ASSIGN(t.responsible_role,
                text_at(o->if_contains("responsible_role"), at(path, "responsible_role"),
                        kMaxNameChars, false, false));
  LG_TRY_ASSIGN(t.responsible_unit,
                text_at(o->if_contains("responsible_unit"), at(path, "responsible_unit"),
                        kMaxNameChars, false, false));
  if (t.responsible_role.empty() && t.responsible_unit.empty())
    return bad(at(path, "responsible_role"),
               fmt::format("'{}' needs a responsible_role or a responsible_unit.", path));
  if (!t.responsible_role.empty() && !roles.contains(t.responsible_role))
    return bad(
        at(path, "responsible_role"),
        fmt::format("'{}' names no role of content.organisation.", at(path, "responsible_role")));
  LG_TRY_ASSIGN(t.deadline_offset_min,
                integer_at(o->if_contains("deadline_offset_min"), at(path, "deadline_offset_min"),
                           0, kMaxDeadlineOffsetMin));
  LG_TRY_ASSIGN(t.checklist, strings_at(o->if_contains("checklist"), at(path, "checklist"),
                                        kMaxChecklistItems, kMaxChecklistItemChars));
  return t;
}

}  // namespace

std::string_view comparator_wire(Comparator c) {
  switch (c) {
    case Comparator::kGe:
      return ">=";
    case Comparator::kGt:
      return ">";
    case Comparator::kLe:
      return "<=";
    case Comparator::kLt:
      return "<";
    case Comparator::kEq:
      return "==";
    case Comparator::kHas:
      return "has";
  }
  return "";
}

std::string_view comparator_symbol(Comparator c) {
  switch (c) {
    case Comparator::kGe:
      return "≥";
    case Comparator::kGt:
      return ">";
    case Comparator::kLe:
      return "≤";
    case Comparator::kLt:
      return "<";
    case Comparator::kEq:
      return "=";
    case Comparator::kHas:
      return "含";
  }
  return "";
}

std::string indicator_label(std::string_view indicator) {
  struct Label {
    std::string_view key, zh;
  };
  // The indicators plans commonly trigger on (docs/plans.md "Indicators").
  static constexpr Label kLabels[] = {
      {"rain_1h_mm", "1小时降雨"},
      {"rain_3h_mm", "3小时降雨"},
      {"rain_6h_mm", "6小时降雨"},
      {"rain_12h_mm", "12小时降雨"},
      {"rain_24h_mm", "24小时降雨"},
      {"wind_force", "平均风力"},
      {"gust_force", "阵风"},
      {"water_level_m", "水位"},
      {"deaths", "死亡"},
      {"missing", "失踪"},
      {"serious_injuries", "重伤"},
      {"poisoned", "中毒"},
      {"trapped", "被困"},
      {"evacuated", "需转移"},
      {"affected_people", "受影响人数"},
      {"loss_10k_yuan", "直接经济损失"},
      {"fire_area_ha", "过火面积"},
      {"cases", "病例"},
      {"participants", "参与人数"},
      {"warning_level", "预警级别"},
  };
  for (const auto& l : kLabels)
    if (l.key == indicator) return std::string(l.zh);
  return std::string(indicator);
}

std::string describe(const Trigger& t) {
  if (t.comparator == Comparator::kHas) return fmt::format("关键词含{}", t.keyword);
  return fmt::format("{}{}{}{}", indicator_label(t.indicator), comparator_symbol(t.comparator),
                     t.threshold, t.unit);
}

Result<std::string> text_at(const json::value* v, const std::string& path, size_t max_chars,
                            bool required, bool multiline) {
  if (!v || v->is_null()) {
    if (required) return bad(path, fmt::format("'{}' is required.", path));
    return std::string();
  }
  if (!v->is_string()) return bad(path, fmt::format("'{}' must be a string.", path));
  std::string_view raw = v->as_string();
  auto b = raw.find_first_not_of(" \t\r\n");
  std::string s;
  if (b != std::string_view::npos) {
    auto e = raw.find_last_not_of(" \t\r\n");
    s = std::string(raw.substr(b, e - b + 1));
  }
  if (auto f = find_forbidden_char(s, multiline ? TextLines::kMulti : TextLines::kSingle)) {
    if (f->invalid_utf8()) return bad(path, fmt::format("'{}' is not valid UTF-8.", path));
    return bad(path,
               fmt::format("'{}' contains U+{:04X} (a control or invisible formatting character) "
                           "at character {}; remove it.",
                           path, static_cast<uint32_t>(f->code_point), f->index + 1));
  }
  if (s.empty() && required) return bad(path, fmt::format("'{}' must not be empty.", path));
  if (utf8_length(s) > max_chars)
    return bad(path, fmt::format("'{}' is longer than {} characters.", path, max_chars));
  return s;
}

Result<Content> parse_content(const json::value& v, std::string_view prefix) {
  std::string path(prefix);
  LG_TRY_ASSIGN(const json::object* o, object_at(v, path, {"organisation", "levels"}));
  Content c;
  std::set<std::string, std::less<>> roles;
  {
    std::string p = at(path, "organisation");
    LG_TRY_ASSIGN(const json::array* org,
                  array_at(o->if_contains("organisation"), p, kMaxOrgRoles, false));
    for (size_t i = 0; i < org->size(); ++i) {
      std::string rp = at(p, i);
      LG_TRY_ASSIGN(const json::object* r, object_at((*org)[i], rp, {"role", "units", "user_ids"}));
      OrgRole role;
      LG_TRY_ASSIGN(role.role,
                    text_at(r->if_contains("role"), at(rp, "role"), kMaxNameChars, true, false));
      if (!roles.insert(role.role).second)
        return bad(at(rp, "role"),
                   fmt::format("'{}' repeats the role {}.", at(rp, "role"), role.role));
      LG_TRY_ASSIGN(role.units, strings_at(r->if_contains("units"), at(rp, "units"),
                                           kMaxUnitsPerRole, kMaxNameChars));
      LG_TRY_ASSIGN(
          const json::array* users,
          array_at(r->if_contains("user_ids"), at(rp, "user_ids"), kMaxUsersPerRole, false));
      for (size_t k = 0; k < users->size(); ++k) {
        LG_TRY_ASSIGN(int64_t id,
                      integer_at(&(*users)[k], at(at(rp, "user_ids"), k), 1, INT64_MAX));
        role.user_ids.push_back(id);
      }
      if (role.units.empty() && role.user_ids.empty())
        return bad(at(rp, "units"), fmt::format("'{}' needs units or user_ids.", rp));
      c.organisation.push_back(std::move(role));
    }
  }
  std::string lp = at(path, "levels");
  LG_TRY_ASSIGN(const json::array* levels,
                array_at(o->if_contains("levels"), lp, kMaxLevels, true));
  if (levels->empty()) return bad(lp, fmt::format("'{}' needs at least one response level.", lp));
  std::set<int> seen;
  for (size_t i = 0; i < levels->size(); ++i) {
    std::string p = at(lp, i);
    LG_TRY_ASSIGN(const json::object* l, object_at((*levels)[i], p,
                                                   {"level", "name", "trigger_mode", "triggers",
                                                    "tasks", "description", "basis"}));
    ResponseLevel rl;
    LG_TRY_ASSIGN(int64_t n, integer_at(l->if_contains("level"), at(p, "level"), kMostSevereLevel,
                                        kLeastSevereLevel));
    rl.level = static_cast<int>(n);
    if (!seen.insert(rl.level).second)
      return bad(at(p, "level"),
                 fmt::format("'{}' repeats the response level {}.", at(p, "level"), rl.level));
    LG_TRY_ASSIGN(std::string mode,
                  text_at(l->if_contains("trigger_mode"), at(p, "trigger_mode"), 3, false, false));
    if (!mode.empty() && mode != "all" && mode != "any")
      return bad(at(p, "trigger_mode"),
                 fmt::format("'{}' must be all or any.", at(p, "trigger_mode")));
    rl.any = mode == "any";
    LG_TRY_ASSIGN(const json::array* ts, array_at(l->if_contains("triggers"), at(p, "triggers"),
                                                  kMaxTriggersPerLevel, false));
    for (size_t k = 0; k < ts->size(); ++k) {
      LG_TRY_ASSIGN(Trigger t, parse_trigger((*ts)[k], at(at(p, "triggers"), k)));
      rl.triggers.push_back(std::move(t));
    }
    LG_TRY_ASSIGN(const json::array* tasks,
                  array_at(l->if_contains("tasks"), at(p, "tasks"), kMaxTasksPerLevel, false));
    for (size_t k = 0; k < tasks->size(); ++k) {
      LG_TRY_ASSIGN(TaskTemplate t, parse_task((*tasks)[k], at(at(p, "tasks"), k), roles));
      rl.tasks.push_back(std::move(t));
    }
    LG_TRY_ASSIGN(rl.description, text_at(l->if_contains("description"), at(p, "description"),
                                          kMaxTextChars, false, true));
    LG_TRY_ASSIGN(rl.basis,
                  text_at(l->if_contains("basis"), at(p, "basis"), kMaxTextChars, false, true));
    c.levels.push_back(std::move(rl));
  }
  return c;
}

json::object to_json(const Content& c) {
  json::array org;
  for (const auto& r : c.organisation) {
    json::array units, users;
    for (const auto& u : r.units) units.emplace_back(u);
    for (auto id : r.user_ids) users.emplace_back(id);
    org.push_back(json::object{{"role", r.role}, {"units", units}, {"user_ids", users}});
  }
  json::array levels;
  for (const auto& l : c.levels) {
    json::array triggers;
    for (const auto& t : l.triggers) {
      json::object o{{"indicator", t.indicator}, {"comparator", comparator_wire(t.comparator)}};
      if (t.comparator == Comparator::kHas) {
        o["keyword"] = t.keyword;
      } else {
        o["threshold"] = t.threshold;
        if (!t.unit.empty()) o["unit"] = t.unit;
      }
      triggers.push_back(std::move(o));
    }
    json::array tasks;
    for (const auto& t : l.tasks) {
      json::array checklist;
      for (const auto& s : t.checklist) checklist.emplace_back(s);
      json::object o{{"title", t.title}, {"deadline_offset_min", t.deadline_offset_min}};
      if (!t.responsible_role.empty()) o["responsible_role"] = t.responsible_role;
      if (!t.responsible_unit.empty()) o["responsible_unit"] = t.responsible_unit;
      o["checklist"] = std::move(checklist);
      tasks.push_back(std::move(o));
    }
    json::object o{{"level", l.level},
                   {"name", response_level_name(l.level)},
                   {"trigger_mode", l.any ? "any" : "all"},
                   {"triggers", std::move(triggers)},
                   {"tasks", std::move(tasks)}};
    if (!l.description.empty()) o["description"] = l.description;
    if (!l.basis.empty()) o["basis"] = l.basis;
    levels.push_back(std::move(o));
  }
  return json::object{{"organisation", std::move(org)}, {"levels", std::move(levels)}};
}

}  // namespace lakeguard::plans
