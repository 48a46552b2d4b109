#include "registry/validate.h"
#include "core/json.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <optional>

#include "core/decimal.h"
#include "core/geo.h"
#include "core/json_text.h"
#include "core/text.h"
#include "standards/cas.h"
#include "standards/credit_code.h"
#include "standards/division_code.h"
#include "standards/gb18218.h"

namespace lakeguard::registry {
namespace {

namespace json = boost::json;

std::string trim(std::string_view s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

bool valid_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  if (!all_digits(s.substr(0, 4)) || !all_digits(s.substr(5, 2)) || !all_digits(s.substr(8, 2)))
    return false;
  int y = std::stoi(std::string(s.substr(0, 4)));
  int m = std::stoi(std::string(s.substr(5, 2)));
  int d = std::stoi(std::string(s.substr(8, 2)));
  if (m < 1 || m > 12 || d < 1) return false;
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  int max_d = kDays[m - 1] + (m == 2 && leap ? 1 : 0);
  return d <= max_d;
}

bool valid_phone(std::string_view s) {
  if (s.size() < 5 || s.size() > 20) return false;
  for (char c : s)
    if (!(c >= '0' && c <= '9') && c != '-' && c != '+' && c != ' ') return false;
  return true;
}

bool valid_url(std::string_view s) {
  for (std::string_view p : {"http://", "https://", "rtsp://", "rtsps://"})
    if (s.rfind(p, 0) == 0 && s.size() > p.size()) {
      for (char c : s)
        if (static_cast<unsigned char>(c) <= 0x20) return false;
      return true;
    }
  return false;
}

bool in_set(const FieldSpec& f, std::string_view v) {
  if (f.allowed.empty()) return true;
  for (auto a : f.allowed)
    if (a == v) return true;
  return false;
}

std::string allowed_list(const FieldSpec& f) {
  std::string s;
  for (auto a : f.allowed) s += (s.empty() ? "" : ", ") + std::string(a);
  return s;
}

Error bad(const FieldSpec& f, std::string msg) {
  return Error::validation(std::string(f.name), std::move(msg));
}

// A stored text must read as what it is: no control characters, no bidirectional overrides, no
// invalid UTF-8 (core/text.h find_forbidden_char; issue 7 defect 13).
Status check_chars(const FieldSpec& f, std::string_view s, TextLines lines) {
  auto fc = find_forbidden_char(s, lines);
  if (!fc) return ok_status();
  if (fc->invalid_utf8()) return bad(f, fmt::format("'{}' is not valid UTF-8.", f.name));
  return bad(f, fmt::format("'{}' contains U+{:04X} (a control or invisible formatting character) "
                            "at character {}; remove it.",
                            f.name, static_cast<uint32_t>(fc->code_point), fc->index + 1));
}

// RFC 7946 §3.1.6: a polygon is an array of linear rings, each a closed array of at least four
// positions [lon, lat] (an optional third, altitude, is kept). Positions must be finite numbers
// in WGS-84 range; anything else is refused rather than stored (fuzz_json_body found 0e388 and
// 1e30 stored as given, and a NaN that then did not compare equal to itself).
std::optional<Error> ring_problem(const FieldSpec& f, const json::value& ring) {
  if (!ring.is_array() || ring.as_array().size() < 4)
    return bad(f, fmt::format("'{}': each ring needs at least four positions.", f.name));
  const auto& r = ring.as_array();
  for (const auto& pos : r) {
    if (!pos.is_array() || pos.as_array().size() < 2 || pos.as_array().size() > 3)
      return bad(f, fmt::format("'{}': each position is [lon, lat].", f.name));
    for (const auto& n : pos.as_array())
      if (!n.is_number() || !std::isfinite(n.to_number<double>()))
        return bad(f, fmt::format("'{}': positions must hold finite numbers.", f.name));
    double lon = pos.as_array()[0].to_number<double>();
    double lat = pos.as_array()[1].to_number<double>();
    if (lon < -180 || lon > 180 || lat < -90 || lat > 90)
      return bad(f, fmt::format("'{}': a position is outside longitude -180..180 or latitude "
                                "-90..90.",
                                f.name));
  }
  const auto& a = r.front().as_array();
  const auto& b = r.back().as_array();
  if (a[0].to_number<double>() != b[0].to_number<double>() ||
      a[1].to_number<double>() != b[1].to_number<double>())
    return bad(f, fmt::format("'{}': each ring must end where it starts.", f.name));
  return std::nullopt;
}

std::optional<Error> polygon_problem(const FieldSpec& f, const json::array& coords, bool multi) {
  auto one = [&f](const json::value& poly) -> std::optional<Error> {
    if (!poly.is_array() || poly.as_array().empty())
      return bad(f, fmt::format("'{}': a polygon needs at least one ring.", f.name));
    for (const auto& ring : poly.as_array())
      if (auto why = ring_problem(f, ring)) return why;
    return std::nullopt;
  };
  if (!multi) return one(json::value(coords));
  if (coords.empty())
    return bad(f, fmt::format("'{}': a polygon needs at least one ring.", f.name));
  for (const auto& poly : coords)
    if (auto why = one(poly)) return why;
  return std::nullopt;
}

// Validates one value of field f; returns the normalised value.
Result<json::value> check_value(const FieldSpec& f, const json::value& v,
                                const JurisdictionIndex& idx) {
  if (v.is_null()) {
    if (f.required) return bad(f, fmt::format("'{}' is required.", f.name));
    return json::value(nullptr);
  }
  switch (f.type) {
    case FieldType::kText:
    case FieldType::kDate: {
      if (!v.is_string()) return bad(f, fmt::format("'{}' must be a string.", f.name));
      std::string s = trim(v.as_string());
      if (auto st = check_chars(f, s, f.multi_line ? TextLines::kMulti : TextLines::kSingle); !st)
        return std::move(st).error();
      if (s.empty()) {
        if (f.required) return bad(f, fmt::format("'{}' must not be empty.", f.name));
        return json::value(nullptr);
      }
      // Sources that pad town codes to 12 digits (330106009000) are normalised on import
      // (API-CONVENTIONS.md "Paths and verbs").
      if (f.check == Check::kTownCode) s = standards::normalize_division_code(s);
      if (utf8_length(s) > f.max_len)
        return bad(f, fmt::format("'{}' is longer than {} characters.", f.name, f.max_len));
      if (f.type == FieldType::kDate && !valid_date(s))
        return bad(f, fmt::format("'{}' must be a date YYYY-MM-DD.", f.name));
      if (!in_set(f, s))
        return bad(f, fmt::format("'{}' must be one of: {}.", f.name, allowed_list(f)));
      switch (f.check) {
        case Check::kCreditCode:
          s = standards::normalize_credit_code(s);
          if (!standards::is_valid_credit_code(s))
            return bad(f,
                       "The unified social credit code is invalid (GB 32100-2015: 18 "
                       "characters with a matching check character).");
          break;
        case Check::kTownCode:
          if (!idx.towns.contains(s))
            return bad(f, fmt::format("'{}' is not a town/street code of this district.", s));
          break;
        case Check::kCommunityCode:
          if (!idx.community_town.contains(s))
            return bad(f, fmt::format("'{}' is not a community/village code of this district.", s));
          break;
        case Check::kJurisdictionCode: {
          // Zero padding is stripped to the natural length (330106009000 → 330106009); the
          // divisions held here are districts, towns/streets and communities/villages
          // (standards/division_code.h).
          s = standards::normalize_division_code(s);
          auto level = standards::division_level(s);
          if (level == standards::DivisionLevel::kProvince ||
              level == standards::DivisionLevel::kCity)
            return bad(f, fmt::format("'{}' is a province or city code; a division here is a "
                                      "district, town/street or community/village.",
                                      s));
          if (!level) return bad(f, "An administrative code has 6, 9 or 12 digits.");
          break;
        }
        case Check::kHazardClass:
          if (!standards::is_hazard_class(s))
            return bad(f,
                       "The hazard class must be a GB 18218-2018 Table 2 symbol (J1…J5, "
                       "W1.1…W11).");
          break;
        case Check::kUrl:
          if (!valid_url(s)) return bad(f, "The URL must start with http://, https:// or rtsp://.");
          break;
        case Check::kPhone:
          if (!valid_phone(s)) return bad(f, "The phone number is not valid.");
          break;
        case Check::kCas:
          if (!standards::is_valid_cas(s))
            return bad(f, "The CAS number is not valid (check digit).");
          break;
        default:
          break;
      }
      return json::value(s);
    }
    case FieldType::kInt: {
      double d;
      if (v.is_int64())
        d = static_cast<double>(v.as_int64());
      else if (v.is_uint64())
        d = static_cast<double>(v.as_uint64());
      else if (v.is_double() && std::floor(v.as_double()) == v.as_double())
        d = v.as_double();
      else
        return bad(f, fmt::format("'{}' must be an integer.", f.name));
      if (d < f.min || d > f.max)
        return bad(f, fmt::format("'{}' must be between {} and {}.", f.name, f.min, f.max));
      return json::value(static_cast<int64_t>(d));
    }
    case FieldType::kReal: {
      if (!v.is_number()) return bad(f, fmt::format("'{}' must be a number.", f.name));
      double d = v.to_number<double>();
      if (!std::isfinite(d)) return bad(f, fmt::format("'{}' must be finite.", f.name));
      if (f.check == Check::kLon || f.check == Check::kLat) {
        bool lon = f.check == Check::kLon;
        if (lon ? (d < -180 || d > 180) : (d < -90 || d > 90))
          return bad(f, fmt::format("'{}' is not a {}.", f.name, lon ? "longitude" : "latitude"));
        double lo = (lon ? idx.min_lon : idx.min_lat) - JurisdictionIndex::kMarginDeg;
        double hi = (lon ? idx.max_lon : idx.max_lat) + JurisdictionIndex::kMarginDeg;
        if (d < lo || d > hi)
          return bad(f, fmt::format("'{}' {} lies outside the district.", f.name, d));
      } else if (d < f.min || d > f.max) {
        return bad(f, fmt::format("'{}' must be between {} and {}.", f.name, f.min, f.max));
      }
      return json::value(d);
    }
    case FieldType::kBool:
      if (!v.is_bool()) return bad(f, fmt::format("'{}' must be true or false.", f.name));
      return v;
    case FieldType::kStringList: {
      if (!v.is_array()) return bad(f, fmt::format("'{}' must be an array of strings.", f.name));
      const auto& a = v.as_array();
      if (a.size() > f.max_len)
        return bad(f, fmt::format("'{}' has more than {} items.", f.name, f.max_len));
      json::array out;
      for (const auto& item : a) {
        if (!item.is_string())
          return bad(f, fmt::format("'{}' must be an array of strings.", f.name));
        std::string s = trim(item.as_string());
        if (auto st = check_chars(f, s, TextLines::kSingle); !st) return std::move(st).error();
        if (s.empty() || utf8_length(s) > 60)
          return bad(f, fmt::format("'{}' items must be 1–60 characters.", f.name));
        // ';' and '；' separate the items of a CSV cell (parse_cell): an item holding one would
        // come back from an export as two.
        if (s.find(';') != std::string::npos || s.find("；") != std::string::npos)
          return bad(f, fmt::format("'{}' items must not contain ';' or '；'.", f.name));
        if (!in_set(f, s))
          return bad(f, fmt::format("'{}' items must be among: {}.", f.name, allowed_list(f)));
        bool dup = false;
        for (const auto& o : out) dup = dup || o.as_string() == s;
        if (!dup) out.emplace_back(s);
      }
      // An empty list is stored as null, like an empty string: the CSV export writes both as an
      // empty cell, and an empty cell imports as null — so an exported file imports unchanged.
      if (out.empty()) return json::value(nullptr);
      return json::value(std::move(out));
    }
    case FieldType::kGeometry: {
      if (!v.is_object()) return bad(f, fmt::format("'{}' must be a GeoJSON object.", f.name));
      const auto& o = v.as_object();
      auto t = o.if_contains("type");
      if (!t || !t->is_string() ||
          (t->as_string() != "Polygon" && t->as_string() != "MultiPolygon"))
        return bad(f, fmt::format("'{}' must be a GeoJSON Polygon or MultiPolygon.", f.name));
      auto c = o.if_contains("coordinates");
      if (!c || !c->is_array()) return bad(f, fmt::format("'{}' needs coordinates.", f.name));
      if (auto why = polygon_problem(f, c->as_array(), t->as_string() == "MultiPolygon"))
        return std::move(*why);
      return v;
    }
  }
  return bad(f, "Unsupported field type.");
}

}  // namespace

bool is_valid_timestamp_prefix(std::string_view s) {
  // A date, optionally followed by an ISO 8601 time: 2026-11-29 or 2026-11-29T08:00:00+08:00.
  if (s.size() < 10 || !valid_date(s.substr(0, 10))) return false;
  for (char c : s.substr(10))
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != 'T' && c != ':' && c != '.' &&
        c != 'Z' && c != '+' && c != '-')
      return false;
  return true;
}

Result<Object> validate_object(const KindSpec& kind, const Object& in, const ValidateOptions& opt,
                               const JurisdictionIndex& idx) {
  Object out;
  std::string crs = "wgs84";
  for (const auto& kv : in) {
    std::string_view key = kv.key();
    if (key == "crs" && kind.located) {
      if (!kv.value().is_string() ||
          (kv.value().as_string() != "wgs84" && kv.value().as_string() != "gcj02" &&
           kv.value().as_string() != "bd09"))
        return Error::validation("crs", "'crs' must be wgs84, gcj02 or bd09.");
      crs = std::string(kv.value().as_string());
      continue;
    }
    if (key == "synthetic" && opt.allow_synthetic) {
      if (!kv.value().is_bool()) return Error::validation("synthetic", "must be a boolean");
      out["synthetic"] = kv.value();
      continue;
    }
    const FieldSpec* f = kind.field(key);
    if (!f) return Error::validation(std::string(key), fmt::format("Unknown field '{}'.", key));
    if (f->read_only)
      return Error::validation(std::string(key), fmt::format("'{}' is read-only.", key));
  }
  // Convert offset coordinates first so the district-bounds check sees WGS-84.
  Object converted = in;
  if (crs != "wgs84") {
    auto lon = in.if_contains("lon");
    auto lat = in.if_contains("lat");
    if (!lon || !lat || !lon->is_number() || !lat->is_number())
      return Error::validation("crs", "'crs' needs numeric 'lon' and 'lat'.");
    LonLat p{lon->to_number<double>(), lat->to_number<double>()};
    if (crs == "bd09") p = bd09_to_gcj02(p);
    p = gcj02_to_wgs84(p);
    converted["lon"] = p.lon;
    converted["lat"] = p.lat;
  }
  for (const auto& f : kind.fields) {
    if (f.read_only) continue;
    auto v = converted.if_contains(f.name);
    if (!v) {
      if (f.required && !opt.partial) return bad(f, fmt::format("'{}' is required.", f.name));
      continue;
    }
    auto r = check_value(f, *v, idx);
    if (!r) return std::move(r).error();
    out[f.name] = std::move(*r);
  }
  return out;
}

Status complete_object(const KindSpec& kind, Object& obj, const JurisdictionIndex& idx) {
  if (kind.located) {
    auto town = obj.if_contains("town_code");
    auto comm = obj.if_contains("community_code");
    if (town && comm && comm->is_string()) {
      auto it = idx.community_town.find(std::string_view(comm->as_string()));
      if (it == idx.community_town.end() || !town->is_string() || it->second != town->as_string())
        return Error::validation("community_code",
                                 "The community/village does not belong to the given town.");
    }
  }
  // The kind's own rules (jurisdiction_rules.h, chemical_rules.h), from its descriptor.
  return kind.complete ? kind.complete(obj, idx) : ok_status();
}

Result<json::value> parse_cell(const FieldSpec& f, std::string_view raw) {
  std::string text = trim(raw);
  if (text.empty()) return json::value(nullptr);
  auto fail = [&](std::string what) {
    return Error::validation(std::string(f.name), fmt::format("'{}' {}", text, what));
  };
  switch (f.type) {
    case FieldType::kText:
      return json::value(text);
    case FieldType::kDate:
      if (!valid_date(text)) return fail("is not a date YYYY-MM-DD.");
      return json::value(text);
    case FieldType::kInt: {
      try {
        size_t pos = 0;
        long long n = std::stoll(text, &pos);
        if (pos != text.size()) return fail("is not an integer.");
        return json::value(static_cast<int64_t>(n));
      } catch (...) {
        return fail("is not an integer.");
      }
    }
    case FieldType::kReal: {
      // Plain decimal notation only: no hex, no inf/nan (std::stod would accept them).
      double d = 0;
      const char* b = text.data();
      const char* e = b + text.size();
      if (*b == '+') ++b;
      auto [ptr, ec] = std::from_chars(b, e, d, std::chars_format::general);
      if (ec != std::errc() || ptr != e || !std::isfinite(d)) return fail("is not a number.");
      return json::value(d);
    }
    case FieldType::kBool: {
      std::string l;
      for (char c : text) l += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (l == "true" || l == "1" || l == "yes" || text == "是") return json::value(true);
      if (l == "false" || l == "0" || l == "no" || text == "否") return json::value(false);
      return fail("is not true/false.");
    }
    case FieldType::kStringList: {
      json::array a;
      size_t i = 0;
      while (i <= text.size()) {
        // Items are separated by ';' or the full-width '；' (3 bytes in UTF-8).
        size_t semi = text.find(';', i);
        size_t full = text.find("；", i);
        size_t j = std::min(semi, full);
        std::string item = trim(
            std::string_view(text).substr(i, j == std::string::npos ? std::string::npos : j - i));
        if (!item.empty()) a.emplace_back(item);
        if (j == std::string::npos) break;
        i = j + (j == full ? std::string_view("；").size() : 1);
      }
      return json::value(std::move(a));
    }
    case FieldType::kGeometry: {
      boost::system::error_code ec;
      auto v = json::parse(text, ec);
      if (ec) return fail("is not GeoJSON.");
      return v;
    }
  }
  return fail("has an unsupported type.");
}

std::string cell_text(const FieldSpec& f, const json::value& v) {
  if (v.is_null()) return {};
  switch (f.type) {
    case FieldType::kText:
    case FieldType::kDate:
      return v.is_string() ? std::string(v.as_string()) : json_text(v);
    case FieldType::kBool:
      return v.is_bool() && v.as_bool() ? "true" : "false";
    case FieldType::kStringList: {
      std::string s;
      if (v.is_array())
        for (const auto& i : v.as_array())
          s += (s.empty() ? "" : ";") + std::string(i.is_string() ? i.as_string() : "");
      return s;
    }
    case FieldType::kInt:
    case FieldType::kReal:
      // Plain decimal, as a spreadsheet shows a number (120.06, 2500; never 1.2006E2).
      if (v.is_double()) return plain_decimal(v.get_double()).value_or("");
      return json_text(v);
    case FieldType::kGeometry: {
      std::string out;
      // Plain decimal: CSV cells are read by people in a spreadsheet (120.06, never 1.2006E2).
      append_json(out, v, JsonNumbers::kNeverExponent);
      return out;
    }
  }
  return {};
}

}  // namespace lakeguard::registry
