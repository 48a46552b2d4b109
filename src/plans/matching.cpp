#include "plans/matching.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "standards/division_code.h"

namespace lakeguard::plans {
namespace {

namespace json = boost::json;

Error bad(const std::string& field, std::string msg) {
  return Error::validation(field, std::move(msg));
}

bool holds(const Trigger& t, const MatchEvent& e) {
  if (t.comparator == Comparator::kHas)
    return std::find(e.keywords.begin(), e.keywords.end(), t.keyword) != e.keywords.end();
  auto it = e.indicators.find(t.indicator);
  if (it == e.indicators.end()) return false;
  double v = it->second;
  switch (t.comparator) {
    case Comparator::kGe:
      return v >= t.threshold;
    case Comparator::kGt:
      return v > t.threshold;
    case Comparator::kLe:
      return v <= t.threshold;
    case Comparator::kLt:
      return v < t.threshold;
    case Comparator::kEq:
      return v == t.threshold;
    case Comparator::kHas:
      return false;
  }
  return false;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.substr(0, prefix.size()) == prefix;
}

int specificity(Level l) {
  switch (l) {
    case Level::kEnterprise:
      return 0;
    case Level::kCommunity:
      return 1;
    case Level::kTown:
      return 2;
    case Level::kDistrict:
      return 3;
  }
  return 4;
}

struct Scored {
  bool included = false;
  double score = 0;
  std::optional<int> matched_level;
};

// One plan against the event; reasons filled when `reasons` is given (only for the results
// kept, so ranking 10,000 plans builds no text for the ones left out).
Scored evaluate(const MatchEvent& e, const SubType* event_sub, const Category* event_cat,
                const Candidate& c, const MatchWeights& w, std::vector<std::string>* reasons) {
  Scored s;
  // 1. type.
  if (event_sub) {
    if (c.sub_type == event_sub->name) {
      s.score += w.type_exact;
      if (reasons) reasons->push_back(fmt::format("类型一致: {}", c.sub_type));
    } else if (c.category == event_sub->category) {
      s.score += w.type_category;
      if (reasons) reasons->push_back(fmt::format("类别一致: {}", category_name(c.category)));
    } else {
      return s;
    }
  } else if (event_cat) {
    if (c.category != *event_cat) return s;
    s.score += w.type_category;
    if (reasons) reasons->push_back(fmt::format("类别一致: {}", category_name(c.category)));
  }
  // 2. jurisdiction.
  if (c.level == Level::kEnterprise) {
    if (e.enterprise_id) {
      if (c.enterprise_id != e.enterprise_id) return s;
      s.score += w.place_enterprise;
      if (reasons) reasons->push_back("事发企业: 本企业预案");
    } else if (!e.place_code.empty() && !starts_with(e.place_code, c.jurisdiction_code)) {
      return s;
    }
  } else if (!e.place_code.empty()) {
    if (!starts_with(e.place_code, c.jurisdiction_code)) return s;
    switch (c.level) {
      case Level::kCommunity:
        s.score += w.place_community;
        if (reasons) reasons->push_back(fmt::format("辖区一致: 社区 {}", c.jurisdiction_code));
        break;
      case Level::kTown:
        s.score += w.place_town;
        if (reasons) reasons->push_back(fmt::format("辖区一致: 镇街 {}", c.jurisdiction_code));
        break;
      default:
        s.score += w.place_district;
        if (reasons) reasons->push_back("辖区覆盖: 区级预案覆盖全区");
        break;
    }
  }
  // 3. level.
  if (e.level) {
    for (const auto& l : c.levels)
      if (l.level == *e.level) {
        s.score += w.named_level;
        s.matched_level = l.level;
        if (reasons)
          reasons->push_back(fmt::format("响应级别: {} (事件指定)", response_level_name(l.level)));
        break;
      }
  } else {
    const ResponseLevel* best = nullptr;
    for (const auto& l : c.levels) {
      if (l.triggers.empty() || (best && best->level <= l.level)) continue;
      bool met = !l.any;
      for (const auto& t : l.triggers) {
        bool h = holds(t, e);
        if (l.any && h) met = true;
        if (!l.any && !h) {
          met = false;
          break;
        }
      }
      if (met) best = &l;
    }
    if (best) {
      s.score += w.trigger;
      s.matched_level = best->level;
      if (reasons) {
        std::string conds;
        for (const auto& t : best->triggers)
          if (holds(t, e)) conds += (conds.empty() ? "" : "、") + describe(t);
        reasons->push_back(
            fmt::format("触发条件: {} 满足 {}", conds, response_level_name(best->level)));
      }
    }
  }
  // 4. keywords.
  if (!e.keywords.empty()) {
    std::string hit;
    int n = 0;
    for (const auto& k : e.keywords) {
      bool found = c.title.find(k) != std::string::npos ||
                   std::find(c.keywords.begin(), c.keywords.end(), k) != c.keywords.end();
      if (!found) continue;
      ++n;
      if (reasons) hit += (hit.empty() ? "" : "、") + k;
    }
    if (n > 0) {
      s.score += std::min(w.keyword * n, w.keyword_max);
      if (reasons) reasons->push_back(fmt::format("关键词: {}", hit));
    }
  }
  s.included = s.score > 0;
  return s;
}

}  // namespace

Status validate(const MatchWeights& w) {
  const std::pair<const char*, double> all[] = {
      {"plans_weight_type_exact", w.type_exact},
      {"plans_weight_type_category", w.type_category},
      {"plans_weight_place_enterprise", w.place_enterprise},
      {"plans_weight_place_community", w.place_community},
      {"plans_weight_place_town", w.place_town},
      {"plans_weight_place_district", w.place_district},
      {"plans_weight_trigger", w.trigger},
      {"plans_weight_named_level", w.named_level},
      {"plans_weight_keyword", w.keyword},
      {"plans_weight_keyword_max", w.keyword_max}};
  for (const auto& [name, v] : all)
    if (!std::isfinite(v) || v < 0 || v > 1000)
      return bad(name, fmt::format("'{}' must be a number from 0 to 1000.", name));
  return ok_status();
}

Result<MatchEvent> parse_match_event(const json::object& body) {
  for (const auto& kv : body) {
    std::string_view k = kv.key();
    if (k != "type" && k != "level" && k != "indicators" && k != "location" && k != "town" &&
        k != "enterprise_id" && k != "keywords" && k != "limit")
      return bad(std::string(k), fmt::format("Unknown field '{}'.", k));
  }
  MatchEvent e;
  LG_TRY_ASSIGN(e.type, text_at(body.if_contains("type"), "type", 20, false, false));
  if (!e.type.empty() && !find_sub_type(e.type) && !parse_category(e.type))
    return bad("type", "'type' must be a plan category or sub-type (GET /api/v1/plans/types).");
  if (auto v = body.if_contains("level"); v && !v->is_null()) {
    if (!v->is_int64() || v->as_int64() < kMostSevereLevel || v->as_int64() > kLeastSevereLevel)
      return bad("level", "'level' must be a response level from 1 (Ⅰ级) to 4 (Ⅳ级).");
    e.level = static_cast<int>(v->as_int64());
  }
  if (auto v = body.if_contains("indicators"); v && !v->is_null()) {
    if (!v->is_object()) return bad("indicators", "'indicators' must be an object of numbers.");
    if (v->as_object().size() > kMaxEventIndicators)
      return bad("indicators",
                 fmt::format("'indicators' holds more than {} entries.", kMaxEventIndicators));
    for (const auto& kv : v->as_object()) {
      std::string path = fmt::format("indicators.{}", std::string_view(kv.key()));
      std::string_view k = kv.key();
      bool name_ok = !k.empty() && k.size() <= kMaxIndicatorChars && k[0] >= 'a' && k[0] <= 'z' &&
                     std::all_of(k.begin(), k.end(), [](char ch) {
                       return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_';
                     });
      if (!name_ok)
        return bad("indicators", "'indicators' names must be lower-case names such as rain_3h_mm.");
      if (!kv.value().is_number() || !std::isfinite(kv.value().to_number<double>()))
        return bad(path, fmt::format("'{}' must be a number.", path));
      e.indicators.emplace(std::string(k), kv.value().to_number<double>());
    }
  }
  std::string town;
  LG_TRY_ASSIGN(town, text_at(body.if_contains("town"), "town", 20, false, false));
  if (auto v = body.if_contains("location"); v && !v->is_null()) {
    if (!v->is_object()) return bad("location", "'location' must be {lon, lat} or {town}.");
    for (const auto& kv : v->as_object()) {
      std::string_view k = kv.key();
      if (k != "lon" && k != "lat" && k != "town")
        return bad(fmt::format("location.{}", k), fmt::format("Unknown field 'location.{}'.", k));
    }
    const auto& o = v->as_object();
    auto lon = o.if_contains("lon");
    auto lat = o.if_contains("lat");
    if (lon || lat) {
      if (!lon || !lon->is_number() || !std::isfinite(lon->to_number<double>()) ||
          std::fabs(lon->to_number<double>()) > 180)
        return bad("location.lon", "'location.lon' must be a longitude from -180 to 180.");
      if (!lat || !lat->is_number() || !std::isfinite(lat->to_number<double>()) ||
          std::fabs(lat->to_number<double>()) > 90)
        return bad("location.lat", "'location.lat' must be a latitude from -90 to 90.");
      e.lon = lon->to_number<double>();
      e.lat = lat->to_number<double>();
    }
    if (o.contains("town")) {
      if (!town.empty())
        return bad("location.town", "Give the town once: 'town' or 'location.town'.");
      LG_TRY_ASSIGN(town, text_at(o.if_contains("town"), "location.town", 20, false, false));
    }
  }
  if (!town.empty()) {
    std::string code = standards::normalize_division_code(town);
    auto lvl = standards::division_level(code);
    if (!lvl ||
        (*lvl != standards::DivisionLevel::kDistrict && *lvl != standards::DivisionLevel::kTown &&
         *lvl != standards::DivisionLevel::kCommunity))
      return bad(body.contains("town") ? "town" : "location.town",
                 "The place must be a district (6), town (9) or community (12 digit) code.");
    e.place_code = code;
  }
  if (auto v = body.if_contains("enterprise_id"); v && !v->is_null()) {
    if (!v->is_int64() || v->as_int64() <= 0)
      return bad("enterprise_id", "'enterprise_id' must be the id of an enterprise.");
    e.enterprise_id = v->as_int64();
  }
  if (auto v = body.if_contains("keywords"); v && !v->is_null()) {
    if (!v->is_array()) return bad("keywords", "'keywords' must be a list.");
    if (v->as_array().size() > kMaxEventKeywords)
      return bad("keywords",
                 fmt::format("'keywords' holds more than {} entries.", kMaxEventKeywords));
    for (size_t i = 0; i < v->as_array().size(); ++i) {
      LG_TRY_ASSIGN(std::string k, text_at(&v->as_array()[i], fmt::format("keywords[{}]", i),
                                           kMaxKeywordChars, true, false));
      if (std::find(e.keywords.begin(), e.keywords.end(), k) == e.keywords.end())
        e.keywords.push_back(std::move(k));
    }
  }
  if (auto v = body.if_contains("limit"); v && !v->is_null()) {
    if (!v->is_int64() || v->as_int64() < 1 || v->as_int64() > kMaxMatchLimit)
      return bad("limit",
                 fmt::format("'limit' must be a whole number from 1 to {}.", kMaxMatchLimit));
    e.limit = v->as_int64();
  }
  return e;
}

std::vector<MatchResult> match(const MatchEvent& e, std::span<const Candidate> plans,
                               const MatchWeights& w) {
  const SubType* sub = e.type.empty() ? nullptr : find_sub_type(e.type);
  Category cat_value = Category::kNatural;
  const Category* cat = nullptr;
  if (!sub && !e.type.empty()) {
    if (auto c = parse_category(e.type)) {
      cat_value = *c;
      cat = &cat_value;
    }
  }
  std::vector<MatchResult> out;
  for (size_t i = 0; i < plans.size(); ++i) {
    Scored s = evaluate(e, sub, cat, plans[i], w, nullptr);
    if (!s.included) continue;
    out.push_back(MatchResult{plans[i].id, i, s.score, s.matched_level, {}});
  }
  auto before = [&](const MatchResult& a, const MatchResult& b) {
    if (a.score != b.score) return a.score > b.score;
    int la = a.matched_level.value_or(kLeastSevereLevel + 1);
    int lb = b.matched_level.value_or(kLeastSevereLevel + 1);
    if (la != lb) return la < lb;
    int sa = specificity(plans[a.index].level), sb = specificity(plans[b.index].level);
    if (sa != sb) return sa < sb;
    return a.plan_id < b.plan_id;
  };
  size_t keep = std::min(out.size(), static_cast<size_t>(std::max<int64_t>(e.limit, 0)));
  std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(keep), out.end(),
                    before);
  out.resize(keep);
  for (auto& r : out) evaluate(e, sub, cat, plans[r.index], w, &r.reasons);
  return out;
}

}  // namespace lakeguard::plans
