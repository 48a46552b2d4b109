#include "risk/index.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace lakeguard::risk {
namespace {

namespace json = boost::json;

// The grade's fraction of major_hazard_weight: 一级 1, 二级 0.75, 三级 0.5, 四级 0.25, none 0.
double grade_fraction(std::optional<int> grade) {
  if (!grade || *grade < 1 || *grade > 4) return 0;
  return (5 - *grade) / 4.0;
}

// The worst risk point's fraction of worst_point_weight.
double level_fraction(std::optional<RiskLevel> l) {
  if (!l) return 0;
  switch (*l) {
    case RiskLevel::kMajor:
      return 1.0;
    case RiskLevel::kLarger:
      return 0.6;
    case RiskLevel::kGeneral:
      return 0.3;
    case RiskLevel::kLow:
      return 0;
  }
  return 0;
}

// Points in tenths, rounded once per factor (so the sum of the rows is the index exactly).
int64_t tenths(double points) { return std::llround(points * 10); }

double count_fraction(int64_t n, const FactorWeight& w) {
  if (n <= 0) return 0;
  return std::min(1.0, static_cast<double>(n) / w.saturation);
}

Result<int64_t> count_field(const json::object& o, std::string_view key) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) return int64_t{0};
  if (!v->is_int64() || v->get_int64() < 0 || v->get_int64() > 1'000'000)
    return Error::validation(std::string(key), "A count must be a whole number from 0 to 1000000.");
  return v->get_int64();
}

}  // namespace

std::string IndexOptions::validate() const {
  const std::pair<std::string_view, double> weights[] = {
      {"major_hazard_weight", major_hazard_weight},
      {"worst_point_weight", worst_point_weight},
      {"open_hazards", open_hazards.weight},
      {"overdue_hazards", overdue_hazards.weight},
      {"open_major_hazards", open_major_hazards.weight},
      {"active_alarms", active_alarms.weight},
      {"recent_penalties", recent_penalties.weight},
      {"accidents_3y", accidents_3y.weight},
      {"expired_licences", expired_licences.weight}};
  for (const auto& [name, w] : weights)
    if (!std::isfinite(w) || w < 0 || w > 100) return fmt::format("{}: from 0 to 100", name);
  const std::pair<std::string_view, double> saturations[] = {
      {"open_hazards", open_hazards.saturation},
      {"overdue_hazards", overdue_hazards.saturation},
      {"open_major_hazards", open_major_hazards.saturation},
      {"active_alarms", active_alarms.saturation},
      {"recent_penalties", recent_penalties.saturation},
      {"accidents_3y", accidents_3y.saturation},
      {"expired_licences", expired_licences.saturation}};
  for (const auto& [name, s] : saturations)
    if (!std::isfinite(s) || s < 1) return fmt::format("{}.saturation: at least 1", name);
  if (!(0 < yellow_from && yellow_from < orange_from && orange_from < red_from && red_from <= 100))
    return "bands: 0 < yellow_from < orange_from < red_from ≤ 100";
  return {};
}

RiskLevel index_level(double index, const IndexOptions& opts) {
  if (index >= opts.red_from) return RiskLevel::kMajor;
  if (index >= opts.orange_from) return RiskLevel::kLarger;
  if (index >= opts.yellow_from) return RiskLevel::kGeneral;
  return RiskLevel::kLow;
}

IndexResult risk_index(const IndexInputs& in, const IndexOptions& o) {
  IndexResult r;
  int64_t sum = 0;
  auto add = [&](std::string factor, json::value value, double weight, double fraction,
                 std::string note) {
    const int64_t t = tenths(weight * fraction);
    sum += t;
    r.factors.push_back(Contribution{std::move(factor), std::move(value),
                                     static_cast<double>(t) / 10, weight, std::move(note)});
  };
  add("major_hazard",
      in.major_hazard_grade ? json::value(*in.major_hazard_grade) : json::value(nullptr),
      o.major_hazard_weight, grade_fraction(in.major_hazard_grade),
      in.major_hazard_grade
          ? fmt::format("GB 18218 {}重大危险源", grade_name(*in.major_hazard_grade))
          : "not a major hazard installation");
  add("worst_risk_point",
      in.worst_point ? json::value(colour_name(*in.worst_point)) : json::value(nullptr),
      o.worst_point_weight, level_fraction(in.worst_point),
      in.worst_point ? std::string(risk_level_name(*in.worst_point)) : "no risk point assessed");
  auto count = [&](std::string factor, int64_t n, const FactorWeight& w, std::string note) {
    add(std::move(factor), json::value(n), w.weight, count_fraction(n, w), std::move(note));
  };
  count("open_hazards", in.open_hazards, o.open_hazards, "hidden dangers not yet closed");
  count("overdue_hazards", in.overdue_hazards, o.overdue_hazards, "past their deadline");
  count("open_major_hazards", in.open_major_hazards, o.open_major_hazards,
        "重大 hidden dangers not yet closed");
  count("active_alarms", in.active_alarms, o.active_alarms, "not yet recorded");
  count("recent_penalties", in.recent_penalties, o.recent_penalties, "not yet recorded");
  count("accidents_3y", in.accidents_3y, o.accidents_3y, "not yet recorded");
  count("expired_licences", in.expired_licences, o.expired_licences, "not yet recorded");
  if (sum > 1000) {
    r.factors.push_back(Contribution{"cap", json::value(nullptr),
                                     static_cast<double>(1000 - sum) / 10, 0,
                                     "the index is at most 100"});
    sum = 1000;
  }
  r.index = static_cast<double>(sum) / 10;
  r.level = index_level(r.index, o);
  return r;
}

json::object index_json(const IndexResult& r) {
  json::array factors;
  for (const auto& c : r.factors)
    factors.push_back(json::object{{"factor", c.factor},
                                   {"value", c.value},
                                   {"points", c.points},
                                   {"weight", c.weight},
                                   {"note", c.note}});
  return json::object{{"index", r.index},
                      {"colour", colour_name(r.level)},
                      {"level", risk_level_name(r.level)},
                      {"factors", std::move(factors)}};
}

Result<IndexInputs> index_inputs_from_json(const json::object& body) {
  static constexpr std::string_view kFields[] = {
      "major_hazard_grade", "worst_risk_point",   "open_hazards",
      "overdue_hazards",    "open_major_hazards", "active_alarms",
      "recent_penalties",   "accidents_3y",       "expired_licences"};
  for (const auto& kv : body)
    if (std::find(std::begin(kFields), std::end(kFields), kv.key()) == std::end(kFields))
      return Error::validation(std::string(kv.key()),
                               fmt::format("Unknown field '{}'.", std::string_view(kv.key())));
  IndexInputs in;
  if (const json::value* g = body.if_contains("major_hazard_grade"); g && !g->is_null()) {
    if (!g->is_int64() || g->get_int64() < 1 || g->get_int64() > 4)
      return Error::validation("major_hazard_grade",
                               "major_hazard_grade must be 1 to 4 (一级 to 四级) or null.");
    in.major_hazard_grade = static_cast<int>(g->get_int64());
  }
  if (const json::value* w = body.if_contains("worst_risk_point"); w && !w->is_null()) {
    std::optional<RiskLevel> l;
    for (RiskLevel c :
         {RiskLevel::kMajor, RiskLevel::kLarger, RiskLevel::kGeneral, RiskLevel::kLow})
      if (w->is_string() && w->get_string() == colour_name(c)) l = c;
    if (!l)
      return Error::validation("worst_risk_point",
                               "worst_risk_point must be red, orange, yellow, blue or null.");
    in.worst_point = l;
  }
  LG_TRY_ASSIGN(in.open_hazards, count_field(body, "open_hazards"));
  LG_TRY_ASSIGN(in.overdue_hazards, count_field(body, "overdue_hazards"));
  LG_TRY_ASSIGN(in.open_major_hazards, count_field(body, "open_major_hazards"));
  LG_TRY_ASSIGN(in.active_alarms, count_field(body, "active_alarms"));
  LG_TRY_ASSIGN(in.recent_penalties, count_field(body, "recent_penalties"));
  LG_TRY_ASSIGN(in.accidents_3y, count_field(body, "accidents_3y"));
  LG_TRY_ASSIGN(in.expired_licences, count_field(body, "expired_licences"));
  return in;
}

}  // namespace lakeguard::risk
