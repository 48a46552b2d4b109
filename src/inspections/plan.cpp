#include "inspections/plan.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "core/text.h"

namespace lakeguard::inspections {

namespace json = boost::json;

int64_t enterprises_per_draw(int64_t pool_size, double ratio_percent) {
  if (pool_size <= 0 || !(ratio_percent > 0)) return 0;
  // ceil with a tolerance, so that 5 % of 20 is exactly 1 despite binary fractions.
  double exact = static_cast<double>(pool_size) * ratio_percent / 100.0;
  auto n = static_cast<int64_t>(std::ceil(exact - 1e-9));
  return std::clamp<int64_t>(n, 1, pool_size);
}

namespace {

Status text_field(const json::object& o, std::string_view key, const std::string& field,
                  size_t max_chars, std::string* out) {
  const json::value* v = o.if_contains(key);
  if (!v || !v->is_string())
    return Error::validation(field,
                             fmt::format("The text must have 1 to {} characters.", max_chars));
  std::string s(v->as_string());
  size_t n = utf8_length(s);
  if (!valid_utf8(s) || n < 1 || n > max_chars)
    return Error::validation(field,
                             fmt::format("The text must have 1 to {} characters.", max_chars));
  if (find_forbidden_char(s))
    return Error::validation(field, "The text must not contain control characters.");
  *out = std::move(s);
  return ok_status();
}

Status unknown_keys(const json::object& o, std::initializer_list<std::string_view> allowed,
                    const std::string& prefix) {
  for (const auto& [k, v] : o) {
    bool ok = false;
    for (auto a : allowed) ok = ok || k == a;
    if (!ok) return Error::validation(prefix + std::string(k), "Unknown field.");
  }
  return ok_status();
}

}  // namespace

Result<Plan> plan_from_json(const json::object& body, int this_year) {
  LG_TRY(unknown_keys(body, {"year", "name", "targets"}, ""));
  Plan p;
  const json::value* year = body.if_contains("year");
  if (!year || !year->is_int64() || year->as_int64() < this_year - 1 ||
      year->as_int64() > this_year + 1)
    return Error::validation(
        "year", fmt::format("The year must be {} to {}.", this_year - 1, this_year + 1));
  p.year = static_cast<int>(year->as_int64());
  LG_TRY(text_field(body, "name", "name", 100, &p.name));
  const json::value* ts = body.if_contains("targets");
  if (!ts || !ts->is_array() || ts->as_array().empty() || ts->as_array().size() > kMaxPlanTargets)
    return Error::validation("targets", "Give 1 to 50 targets.");
  size_t i = 0;
  for (const auto& tv : ts->as_array()) {
    std::string at = fmt::format("targets[{}]", i++);
    if (!tv.is_object()) return Error::validation(at, "Give 1 to 50 targets.");
    const auto& t = tv.as_object();
    LG_TRY(unknown_keys(t, {"label", "pool", "ratio_percent", "times_per_year"}, at + "."));
    PlanTarget pt;
    LG_TRY(text_field(t, "label", at + ".label", 100, &pt.label));
    if (const json::value* pool = t.if_contains("pool"); pool && !pool->is_null()) {
      if (!pool->is_object())
        return Error::validation(at + ".pool", "'pool' must be an object of enterprise filters.");
      for (const auto& [k, v] : pool->as_object()) {
        if (v.is_string())
          pt.pool.emplace_back(std::string(k), std::string(v.as_string()));
        else if (v.is_int64())
          pt.pool.emplace_back(std::string(k), std::to_string(v.as_int64()));
        else
          return Error::validation(at + ".pool." + std::string(k),
                                   "Each filter value must be a string or a number.");
      }
    }
    const json::value* r = t.if_contains("ratio_percent");
    if (!r || !r->is_number() || !(r->to_number<double>() > 0) || r->to_number<double>() > 100)
      return Error::validation(at + ".ratio_percent",
                               "The share must be more than 0 and at most 100.");
    pt.ratio_percent = r->to_number<double>();
    const json::value* f = t.if_contains("times_per_year");
    if (!f || !f->is_int64() || f->as_int64() < 1 || f->as_int64() > 12)
      return Error::validation(at + ".times_per_year", "Give 1 to 12 times a year.");
    pt.times_per_year = static_cast<int>(f->as_int64());
    p.targets.push_back(std::move(pt));
  }
  return p;
}

namespace {

// A whole share as an integer (10, not 1E1: Boost.JSON writes doubles in exponent form).
json::value share_json(double r) {
  if (r == std::floor(r) && std::abs(r) < 1e15) return json::value(static_cast<int64_t>(r));
  return json::value(r);
}

}  // namespace

json::array targets_json(const std::vector<PlanTarget>& ts) {
  json::array a;
  for (const auto& t : ts) {
    json::object pool;
    for (const auto& [k, v] : t.pool) pool[k] = v;
    a.push_back(json::object{{"label", t.label},
                             {"pool", std::move(pool)},
                             {"ratio_percent", share_json(t.ratio_percent)},
                             {"times_per_year", t.times_per_year}});
  }
  return a;
}

std::vector<PlanTarget> targets_from_json(const json::value& v) {
  std::vector<PlanTarget> out;
  for (const auto& e : v.as_array()) {
    const auto& o = e.as_object();
    PlanTarget t;
    t.label = std::string(o.at("label").as_string());
    for (const auto& [k, pv] : o.at("pool").as_object())
      t.pool.emplace_back(std::string(k), std::string(pv.as_string()));
    t.ratio_percent = o.at("ratio_percent").to_number<double>();
    t.times_per_year = static_cast<int>(o.at("times_per_year").to_number<int64_t>());
    out.push_back(std::move(t));
  }
  return out;
}

json::object plan_json(const Plan& p) {
  return json::object{{"id", p.id},
                      {"year", p.year},
                      {"name", p.name},
                      {"town_code", p.town_code ? json::value(*p.town_code) : json::value(nullptr)},
                      {"targets", targets_json(p.targets)},
                      {"created_at", p.created_at},
                      {"version", p.version}};
}

}  // namespace lakeguard::inspections
