#include "risk/points.h"

#include <fmt/format.h>

#include <cmath>

#include "core/clock.h"
#include "risk/lec.h"
#include "risk/ls.h"

namespace lakeguard::risk {
namespace {

namespace json = boost::json;

std::size_t chars(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
  return n;
}

Result<std::string> text_field(const json::object& o, std::string_view key, bool required,
                               std::size_t max) {
  const json::value* v = o.if_contains(key);
  if (!v || v->is_null()) {
    if (required) return Error::validation(std::string(key), fmt::format("'{}' is required.", key));
    return std::string();
  }
  if (!v->is_string())
    return Error::validation(std::string(key), fmt::format("'{}' must be text.", key));
  std::string s(v->get_string());
  const auto first = s.find_first_not_of(" \t\r\n");
  s = first == std::string::npos ? "" : s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
  if (s.empty() && required)
    return Error::validation(std::string(key), fmt::format("'{}' is required.", key));
  if (chars(s) > max)
    return Error::validation(std::string(key),
                             fmt::format("'{}' must be at most {} characters.", key, max));
  return s;
}

bool is_date(const std::string& s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  const int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)),
            d = std::stoi(s.substr(8, 2));
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > kDays[m - 1]) return false;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return !(m == 2 && d == 29 && !leap);
}

json::object base_json(const RiskPoint& p) {
  json::object o{{"name", p.name},
                 {"location", p.location.empty() ? json::value(nullptr) : json::value(p.location)},
                 {"method", p.method},
                 {"L", p.L},
                 {"assessed_by", p.assessed_by},
                 {"assessed_at", p.assessed_at}};
  if (p.method == "LEC") {
    o["E"] = p.E.value_or(0);
    o["C"] = p.C.value_or(0);
  } else {
    o["S"] = p.S.value_or(0);
  }
  return o;
}

}  // namespace

Result<RiskPoint> point_from_body(const json::object& body, const RiskPoint* base,
                                  const Options& opts) {
  static constexpr std::string_view kFields[] = {"name", "location",    "method",     "L", "E", "C",
                                                 "S",    "assessed_by", "assessed_at"};
  for (const auto& kv : body) {
    bool known = false;
    for (auto f : kFields) known = known || kv.key() == f;
    if (!known)
      return Error::validation(std::string(kv.key()),
                               fmt::format("Unknown field '{}'.", std::string_view(kv.key())));
  }
  json::object o = base ? base_json(*base) : json::object{};
  for (const auto& kv : body) o[kv.key()] = kv.value();
  // A PATCH that changes the method drops the other method's factors it did not send.
  if (base && body.contains("method")) {
    for (auto f : {"E", "C", "S"})
      if (!body.contains(f)) o.erase(f);
  }
  RiskPoint p = base ? *base : RiskPoint{};
  LG_TRY_ASSIGN(p.name, text_field(o, "name", true, kMaxPointNameChars));
  LG_TRY_ASSIGN(p.location, text_field(o, "location", false, kMaxPointTextChars));
  LG_TRY_ASSIGN(p.method, text_field(o, "method", true, 3));
  if (p.method != "LEC" && p.method != "LS")
    return Error::validation("method", "'method' is LEC or LS.");
  auto number = [&](std::string_view key) -> Result<double> {
    const json::value* v = o.if_contains(key);
    if (!v || v->is_null())
      return Error::validation(std::string(key), fmt::format("'{}' is required.", key));
    if (v->is_int64()) return static_cast<double>(v->get_int64());
    if (v->is_double() && std::isfinite(v->get_double())) return v->get_double();
    return Error::validation(std::string(key), fmt::format("'{}' must be a JSON number.", key));
  };
  LG_TRY_ASSIGN(p.L, number("L"));
  if (p.method == "LEC") {
    if (o.contains("S") && !o.at("S").is_null())
      return Error::validation("S", "S belongs to LS; LEC takes L, E and C.");
    LG_TRY_ASSIGN(double e, number("E"));
    LG_TRY_ASSIGN(double c, number("C"));
    LG_TRY_ASSIGN(LecResult r, assess_lec(LecInput{p.L, e, c}, opts));  // names L, E or C
    p.E = e;
    p.C = c;
    p.S.reset();
    p.score = r.D;
    p.level = r.level;
  } else {
    for (auto f : {"E", "C"})
      if (o.contains(f) && !o.at(f).is_null())
        return Error::validation(f, "E and C belong to LEC; LS takes L and S.");
    LG_TRY_ASSIGN(double s, number("S"));
    if (p.L != std::floor(p.L) || s != std::floor(s) || std::fabs(p.L) > 100 ||
        std::fabs(s) > 100) {
      if (p.L != std::floor(p.L) || std::fabs(p.L) > 100)
        return Error::validation("L", "L must be a whole number from 1 to 5.");
      return Error::validation("S", "S must be a whole number from 1 to 5.");
    }
    LG_TRY_ASSIGN(LsResult r, assess_ls(LsInput{static_cast<int>(p.L), static_cast<int>(s)},
                                        opts));  // names L or S
    p.S = static_cast<int64_t>(s);
    p.E.reset();
    p.C.reset();
    p.score = r.R;
    p.level = r.level;
  }
  LG_TRY_ASSIGN(p.assessed_by, text_field(o, "assessed_by", true, kMaxPointNameChars));
  LG_TRY_ASSIGN(p.assessed_at, text_field(o, "assessed_at", true, 10));
  if (!is_date(p.assessed_at))
    return Error::validation("assessed_at", "'assessed_at' must be a date (YYYY-MM-DD).");
  return p;
}

json::object point_json(const RiskPoint& p) {
  json::object o = base_json(p);
  o["id"] = p.id;
  o["enterprise_id"] = p.enterprise_id;
  o["score"] = p.score;
  o["level"] = risk_level_name(p.level);
  o["colour"] = colour_name(p.level);
  o["created_at"] = iso_utc(p.created_at_ms);
  o["updated_at"] = iso_utc(p.updated_at_ms);
  o["version"] = p.version;
  return o;
}

}  // namespace lakeguard::risk
