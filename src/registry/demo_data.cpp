#include "registry/demo_data.h"

#include <algorithm>
#include <array>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cmath>
#include <cstdio>
#include <map>
#include <numbers>
#include <optional>
#include <set>
#include <stdexcept>
#include <utility>

#include "core/geo.h"
#include "standards/credit_code.h"
#include "standards/gb18218.h"

namespace lakeguard::registry {
namespace {

namespace json = boost::json;
using standards::credit_code_check_char;
using standards::default_hazard_class;
using standards::table1_row;
using standards::Table1Row;

// ---- Deterministic randomness -------------------------------------------------------------------
// xoshiro256** seeded by splitmix64 (Blackman & Vigna, public domain reference algorithms). Every
// draw below goes through this class: no <random> distribution, so the output does not depend on
// the standard library.

std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

class Rng {
 public:
  // One independent stream per purpose, so adding draws to one kind of record does not change the
  // others: the stream name is hashed (FNV-1a) into the seed.
  Rng(std::uint64_t seed, std::string_view stream) {
    std::uint64_t h = 0xCBF29CE484222325ull;
    for (char c : stream) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001B3ull;
    std::uint64_t sm = seed ^ h;
    for (auto& w : s_) w = splitmix64(sm);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  // Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  // Uniform integer in [0, n) (Lemire's multiply-shift; the bias is below 2^-40 for our n).
  std::size_t below(std::size_t n) {
    return static_cast<std::size_t>((static_cast<unsigned __int128>(next()) * n) >> 64);
  }
  std::int64_t between(std::int64_t lo, std::int64_t hi) {  // inclusive
    return lo + static_cast<std::int64_t>(below(static_cast<std::size_t>(hi - lo + 1)));
  }
  bool chance(double p) { return uniform() < p; }
  template <typename T>
  const T& pick(const std::vector<T>& v) {
    return v[below(v.size())];
  }
  // Index drawn with the given non-negative weights (at least one positive).
  std::size_t weighted(const std::vector<double>& w) {
    double total = 0;
    for (double x : w) total += x;
    double r = uniform() * total;
    for (std::size_t i = 0; i < w.size(); ++i) {
      if (r < w[i]) return i;
      r -= w[i];
    }
    return w.size() - 1;
  }
  template <typename T>
  void shuffle(std::vector<T>& v) {  // Fisher–Yates
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[below(i)]);
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> s_{};
};

// ---- Parsing ------------------------------------------------------------------------------------

[[noreturn]] void bad_source(std::string_view source, std::string_view what) {
  throw std::invalid_argument(std::string(source) + ": " + std::string(what));
}

// RFC 4180 rows; a UTF-8 BOM and CR line ends are tolerated, blank lines skipped.
std::vector<std::vector<std::string>> parse_csv(std::string_view text, std::string_view source) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row(1);
  bool quoted = false;
  auto end_row = [&] {
    if (!(row.size() == 1 && row[0].empty())) rows.push_back(std::move(row));
    row.assign(1, std::string());
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        row.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        row.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.emplace_back();
    } else if (c == '\n') {
      end_row();
    } else if (c != '\r') {
      row.back() += c;
    }
  }
  if (quoted) bad_source(source, "unterminated quoted field");
  end_row();
  return rows;
}

double parse_number(const std::string& s, std::string_view source) {
  try {
    std::size_t used = 0;
    const double v = std::stod(s, &used);
    if (used != s.size()) bad_source(source, "not a number: " + s);
    return v;
  } catch (const std::logic_error&) {
    bad_source(source, "not a number: " + s);
  }
}

// The GeoJSON Polygon's exterior ring (a bare geometry, or a Feature holding one).
Ring parse_outline(std::string_view text) {
  constexpr std::string_view kSource = "outline_geojson";
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (ec || !v.is_object()) bad_source(kSource, "not a GeoJSON object");
  if (const auto* f = v.as_object().if_contains("type"); f && *f == "Feature")
    v = v.as_object().at("geometry");
  const auto* obj = v.if_object();
  if (!obj || !obj->contains("type") || obj->at("type") != "Polygon")
    bad_source(kSource, "expected a GeoJSON Polygon");
  const auto* rings = obj->contains("coordinates") ? obj->at("coordinates").if_array() : nullptr;
  if (!rings || rings->empty() || !rings->front().is_array())
    bad_source(kSource, "Polygon without an exterior ring");
  Ring ring;
  for (const auto& pos : rings->front().as_array()) {
    const auto* a = pos.if_array();
    if (!a || a->size() < 2 || !(*a)[0].is_number() || !(*a)[1].is_number())
      bad_source(kSource, "position is not [lon, lat]");
    ring.push_back({(*a)[0].to_number<double>(), (*a)[1].to_number<double>()});
  }
  if (ring.size() < 4) bad_source(kSource, "exterior ring has fewer than 4 positions");
  return ring;
}

// ---- Geometry helpers ---------------------------------------------------------------------------

constexpr double kMetresPerDegreeLat = 6371008.8 * std::numbers::pi / 180.0;

double round6(double x) { return std::round(x * 1e6) / 1e6; }
LonLat round6(LonLat p) { return {round6(p.lon), round6(p.lat)}; }

// Rounds every vertex, drops repeats and the closing vertex: an open ring.
Ring tidy_ring(const Ring& ring) {
  Ring out;
  out.reserve(ring.size());
  for (const LonLat& p : ring) {
    const LonLat q = round6(p);
    if (out.empty() || !(out.back() == q)) out.push_back(q);
  }
  while (out.size() > 1 && out.front() == out.back()) out.pop_back();
  return out;
}

json::object polygon_json(const Ring& open_ring) {
  json::array ring;
  for (const LonLat& p : open_ring) ring.push_back(json::array{p.lon, p.lat});
  ring.push_back(json::array{open_ring.front().lon, open_ring.front().lat});  // RFC 7946: closed
  json::array rings;
  rings.push_back(std::move(ring));
  json::object polygon;
  polygon["type"] = "Polygon";
  polygon["coordinates"] = std::move(rings);
  return polygon;
}

struct Box {
  double min_lon = 1e9, min_lat = 1e9, max_lon = -1e9, max_lat = -1e9;
};
Box bbox(const Ring& r) {
  Box b;
  for (const LonLat& p : r) {
    b.min_lon = std::min(b.min_lon, p.lon);
    b.max_lon = std::max(b.max_lon, p.lon);
    b.min_lat = std::min(b.min_lat, p.lat);
    b.max_lat = std::max(b.max_lat, p.lat);
  }
  return b;
}

// West Lake's water surface (西湖水面), a coarse hand-drawn ring in GCJ-02 that keeps synthetic
// buildings and sensors off the lake. Approximate by design (±150 m); never shown or exported.
constexpr LonLat kLakeGcj[] = {
    {120.1390, 30.2600}, {120.1455, 30.2605}, {120.1515, 30.2590}, {120.1560, 30.2578},
    {120.1598, 30.2565}, {120.1598, 30.2500}, {120.1583, 30.2440}, {120.1558, 30.2372},
    {120.1500, 30.2343}, {120.1442, 30.2348}, {120.1397, 30.2378}, {120.1368, 30.2440},
    {120.1363, 30.2530},
};

// ---- The administrative world -------------------------------------------------------------------

struct Community {
  std::string code, name, town_code;
  bool village = false;  // 村民委员会 (name ends with 村委会) rather than 社区居民委员会
  std::string short_name;  // 上保社区 / 梅家坞村
  std::string stem;        // 上保 / 梅家坞
  std::size_t town = 0;
  LonLat centre;
  bool approximate = true;
  std::int64_t population = 0;
};

struct Town {
  std::string code, name;
  LonLat centre;
  Ring area;  // open ring, counter-clockwise: Voronoi cell of the town centres within the outline
  Box box;
  std::vector<std::size_t> communities;
  std::int64_t population = 0;
};

struct World {
  Ring outline;  // open, counter-clockwise, WGS-84
  Ring lake;
  LonLat district_centre;
  std::vector<Town> towns;
  std::vector<Community> communities;
  std::map<std::string, std::size_t> town_index;

  // A generated point is acceptable when it lies in its town's approximate area, inside the real
  // outline, and not on the lake.
  bool acceptable(std::size_t town, LonLat p) const {
    return point_in_ring(p, towns[town].area) && point_in_ring(p, outline) &&
           !point_in_ring(p, lake);
  }

  LonLat sample_in_town(std::size_t town, Rng& rng) const {
    const Box& b = towns[town].box;
    for (int i = 0; i < 100000; ++i) {
      const LonLat p =
          round6(LonLat{rng.uniform(b.min_lon, b.max_lon), rng.uniform(b.min_lat, b.max_lat)});
      if (acceptable(town, p)) return p;
    }
    throw std::logic_error("demo data: no room in the area of town " + towns[town].code);
  }

  // A point within radius_m of `centre` in the town's area; falls back to anywhere in the town when
  // the neighbourhood of the centre lies mostly outside it.
  LonLat sample_near(std::size_t town, LonLat centre, double radius_m, Rng& rng) const {
    const double m_per_deg_lon =
        kMetresPerDegreeLat * std::cos(centre.lat * std::numbers::pi / 180.0);
    for (int i = 0; i < 40; ++i) {
      const double r = radius_m * std::sqrt(rng.uniform());
      const double a = rng.uniform(0.0, 2.0 * std::numbers::pi);
      const LonLat p = round6(LonLat{centre.lon + r * std::sin(a) / m_per_deg_lon,
                                     centre.lat + r * std::cos(a) / kMetresPerDegreeLat});
      if (acceptable(town, p)) return p;
    }
    return sample_in_town(town, rng);
  }

  LonLat near_community(std::size_t c, double radius_m, Rng& rng) const {
    return sample_near(communities[c].town, communities[c].centre, radius_m, rng);
  }
};

World build_world(const AdminSources& src, std::uint64_t seed) {
  World w;
  // Outline: GCJ-02 (AMap) → WGS-84 vertex by vertex (codes-and-coordinates.md), then
  // counter-clockwise as RFC 7946 §3.1.6 requires of exterior rings (the source runs clockwise).
  Ring outline = parse_outline(src.outline_geojson);
  for (LonLat& p : outline) p = gcj02_to_wgs84(p);
  w.outline = tidy_ring(outline);
  // Reverse as a closed ring would be, keeping the first vertex first.
  if (signed_area(w.outline) < 0) std::reverse(w.outline.begin() + 1, w.outline.end());
  for (const LonLat& p : kLakeGcj) w.lake.push_back(round6(gcj02_to_wgs84(p)));

  // Vonng/adcode rows by 12-digit code: 1 code, 3 name, 13 longitude, 14 latitude (GCJ-02).
  struct Centre {
    std::string name;
    std::optional<LonLat> gcj;
  };
  std::map<std::string, Centre> vonng;
  for (const auto& row : parse_csv(src.vonng_csv, "vonng_csv")) {
    if (row.size() < 14) bad_source("vonng_csv", "row with fewer than 14 columns: " + row[0]);
    Centre c{row[2], std::nullopt};
    if (!row[12].empty() && !row[13].empty())
      c.gcj = LonLat{parse_number(row[12], "vonng_csv"), parse_number(row[13], "vonng_csv")};
    vonng.emplace(row[0], std::move(c));
  }
  auto centre_of = [&](const std::string& code12) -> std::optional<LonLat> {
    const auto it = vonng.find(code12);
    if (it == vonng.end() || !it->second.gcj) return std::nullopt;
    return round6(gcj02_to_wgs84(*it->second.gcj));
  };
  const auto district_centre = centre_of("330106000000");
  if (!district_centre) bad_source("vonng_csv", "no centre for the district 330106000000");
  w.district_centre = *district_centre;

  // Towns: the 2023 list (codes are already 9 digits there; normalise anyway), centres from the
  // 12-digit padded Vonng rows.
  const auto streets = parse_csv(src.streets_csv, "streets_csv");
  for (std::size_t i = 1; i < streets.size(); ++i) {
    if (streets[i].size() < 2) bad_source("streets_csv", "short row");
    Town t;
    t.code = normalize_division_code(streets[i][0]);
    t.name = streets[i][1];
    if (t.code.size() != 9 || !t.code.starts_with("330106"))
      bad_source("streets_csv", "not a town code of 330106: " + t.code);
    const auto c = centre_of(t.code + "000");
    if (!c) bad_source("vonng_csv", "no centre point for town " + t.code);
    t.centre = *c;
    w.town_index.emplace(t.code, w.towns.size());
    w.towns.push_back(std::move(t));
  }
  if (w.towns.empty()) bad_source("streets_csv", "no towns");

  // Town areas: the Voronoi cell of each town centre within the outline, by clipping the outline
  // with the perpendicular-bisector half-plane against every other centre. Distances must be
  // metric, so the clipping runs in a local equirectangular frame (lon scaled by cos φ0).
  const double k = std::cos(w.district_centre.lat * std::numbers::pi / 180.0);
  auto to_local = [&](LonLat p) {
    return LonLat{(p.lon - w.district_centre.lon) * k, p.lat - w.district_centre.lat};
  };
  auto from_local = [&](LonLat p) {
    return LonLat{p.lon / k + w.district_centre.lon, p.lat + w.district_centre.lat};
  };
  Ring local_outline;
  for (const LonLat& p : w.outline) local_outline.push_back(to_local(p));
  for (Town& t : w.towns) {
    Ring cell = local_outline;
    for (const Town& other : w.towns)
      if (&other != &t)
        cell = clip_ring_halfplane(cell, to_local(t.centre), to_local(other.centre));
    for (LonLat& p : cell) p = from_local(p);
    t.area = tidy_ring(cell);
    if (t.area.size() < 3) throw std::logic_error("demo data: empty area for town " + t.code);
    t.box = bbox(t.area);
  }

  // Communities: the 2023 list; real centre where Vonng/adcode has one under the same code.
  const auto villages = parse_csv(src.villages_csv, "villages_csv");
  for (std::size_t i = 1; i < villages.size(); ++i) {
    const auto& row = villages[i];
    if (row.size() < 3) bad_source("villages_csv", "short row");
    Community c;
    c.code = row[0];
    c.name = row[1];
    c.town_code = normalize_division_code(row[2]);
    const auto t = w.town_index.find(c.town_code);
    if (t == w.town_index.end()) bad_source("villages_csv", "unknown town code " + c.town_code);
    c.town = t->second;
    c.village = c.name.ends_with("村委会");
    if (c.village) {
      c.short_name = c.name.substr(0, c.name.size() - std::string_view("委会").size());
      c.stem = c.name.substr(0, c.name.size() - std::string_view("村委会").size());
    } else {
      c.short_name = c.name;
      c.stem = c.name.ends_with("社区")
                   ? c.name.substr(0, c.name.size() - std::string_view("社区").size())
                   : c.name;
    }
    if (const auto centre = centre_of(c.code)) {
      c.centre = *centre;
      c.approximate = false;
    }
    w.towns[c.town].communities.push_back(w.communities.size());
    w.communities.push_back(std::move(c));
  }

  for (const Town& t : w.towns)
    if (t.communities.empty()) bad_source("villages_csv", "no community in town " + t.code);

  // Approximate centres for the others: best-candidate sampling (Mitchell) inside the town's area,
  // so the invented centres spread out instead of clustering.
  Rng rng(seed, "community-centres");
  for (Town& t : w.towns) {
    std::vector<LonLat> taken{t.centre};
    for (std::size_t c : t.communities)
      if (!w.communities[c].approximate) taken.push_back(w.communities[c].centre);
    for (std::size_t c : t.communities) {
      if (!w.communities[c].approximate) continue;
      LonLat best{};
      double best_d = -1;
      for (int i = 0; i < 12; ++i) {
        const LonLat p = w.sample_in_town(w.town_index.at(t.code), rng);
        double d = 1e18;
        for (const LonLat& q : taken) d = std::min(d, distance_m(p, q));
        if (d > best_d) best_d = d, best = p;
      }
      w.communities[c].centre = best;
      taken.push_back(best);
    }
  }

  // Population (docs/data.md): the bulletin figure for the post-2021 district, 1,089,229, shared
  // by weight 10 per 社区 and 6 per 村 (a village committee serves fewer residents), with the
  // largest-remainder method so the parts add up exactly; a town is the sum of its communities.
  std::int64_t total_weight = 0;
  for (const Community& c : w.communities) total_weight += c.village ? 6 : 10;
  std::vector<std::pair<std::int64_t, std::size_t>> remainders;
  std::int64_t assigned = 0;
  for (std::size_t i = 0; i < w.communities.size(); ++i) {
    const std::int64_t share = kDistrictBulletinPopulation * (w.communities[i].village ? 6 : 10);
    w.communities[i].population = share / total_weight;
    assigned += w.communities[i].population;
    remainders.emplace_back(share % total_weight, i);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::int64_t i = 0; i < kDistrictBulletinPopulation - assigned; ++i)
    ++w.communities[remainders[static_cast<std::size_t>(i)].second].population;
  for (const Community& c : w.communities) w.towns[c.town].population += c.population;
  return w;
}

// ---- Synthetic vocabulary -----------------------------------------------------------------------

const std::vector<std::string> kSurnames = {
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱",
    "胡", "郭", "何", "林", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯",
    "邓", "曹", "彭", "曾", "沈", "蒋", "蔡", "丁", "钱", "方", "俞", "楼"};
const std::vector<std::string> kGivenChars = {
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
    "涛", "明", "超", "秀", "霞", "平", "刚", "华", "建", "国", "文", "辉", "玲", "婷",
    "浩", "宇", "晨", "欣", "怡", "斌", "峰", "萍", "红", "琳", "倩", "佳"};
const std::vector<std::string> kBrandChars = {
    "恒", "瑞", "鑫", "华", "达", "宏", "盛", "泰", "源", "信", "诚", "嘉", "融", "和", "远",
    "博", "安", "康", "丰", "润", "凯", "晟", "汇", "联", "创", "新", "宇", "星", "锦", "航",
    "拓", "舜", "之", "江", "云", "溪", "明", "昌", "隆", "德", "正", "兴", "旺", "通", "祥"};
const std::vector<std::string> kRoads = {"科创路", "兴业路", "创新路", "园区路", "工业路", "振兴路",
                                         "和睦路", "富民路", "友谊路", "新港路", "文创路", "凤鸣路",
                                         "丰收路", "惠民路", "长乐路", "永安路"};

std::string person_name(Rng& rng) {
  std::string n = rng.pick(kSurnames) + rng.pick(kGivenChars);
  if (rng.chance(0.6)) n += rng.pick(kGivenChars);
  return n;
}

// Synthetic mobile numbers in one block (199 0571 xxxx). They may coincide with real subscribers:
// the demo must never call or text them (docs/data.md).
std::string phone(Rng& rng) {
  std::string digits = std::to_string(rng.between(0, 9999));
  return "1990571" + std::string(4 - digits.size(), '0') + digits;
}

std::string address(const World& w, std::size_t community, Rng& rng) {
  const Town& t = w.towns[w.communities[community].town];
  return "杭州市西湖区" + t.name + rng.pick(kRoads) + std::to_string(rng.between(1, 399)) + "号";
}

// Returns base, or base（2）, base（3）… whichever is not yet in `used`.
std::string unique_name(std::set<std::string>& used, const std::string& base) {
  std::string name = base;
  for (int n = 2; !used.insert(name).second; ++n) name = base + "（" + std::to_string(n) + "）";
  return name;
}

// Days since 1970-01-01 → "YYYY-MM-DD" (proleptic Gregorian; H. Hinnant's civil_from_days).
std::string iso_date(std::int64_t days) {
  days += 719468;
  const std::int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const std::int64_t doe = days - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
  const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", static_cast<int>(y), static_cast<int>(m),
                static_cast<int>(d));
  return buf;
}

void put_place(json::object& o, const World& w, std::size_t community, LonLat p) {
  const Community& c = w.communities[community];
  o["town_code"] = c.town_code;
  o["community_code"] = c.code;
  o["lon"] = p.lon;
  o["lat"] = p.lat;
}

json::array strings(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.push_back(json::value(s));
  return a;
}

// Towns with hills and forest (fire), and with rivers (water rescue, water-level gauges).
bool hilly(const std::string& town) {
  return town == "330106008" || town == "330106009" || town == "330106010" || town == "330106012" ||
         town == "330106110";
}
bool riverside(const std::string& town) {
  return town == "330106010" || town == "330106011" || town == "330106109" || town == "330106110";
}
bool urban(const std::string& town) {
  return town == "330106002" || town == "330106004" || town == "330106005" || town == "330106007" ||
         town == "330106013" || town == "330106011";
}

// ---- Jurisdictions ------------------------------------------------------------------------------

std::vector<json::object> make_jurisdictions(const World& w) {
  std::vector<json::object> out;
  out.push_back(json::object{
      {"code", "330106"},
      {"name", "西湖区"},
      {"level", "district"},
      {"lon", w.district_centre.lon},
      {"lat", w.district_centre.lat},
      {"population", kDistrictCensusPopulation},
      {"approximate", false},
      {"polygon", polygon_json(w.outline)},
      {"synthetic", false},
  });
  for (const Town& t : w.towns) {
    out.push_back(json::object{
        {"code", t.code},
        {"name", t.name},
        {"level", "town"},
        {"parent_code", "330106"},
        {"lon", t.centre.lon},
        {"lat", t.centre.lat},
        {"population", t.population},
        {"approximate", true},  // the area is a Voronoi approximation; the centre point is real
        {"polygon", polygon_json(t.area)},
        {"synthetic", false},
    });
  }
  for (const Community& c : w.communities) {
    out.push_back(json::object{
        {"code", c.code},
        {"name", c.name},
        {"level", "community"},
        {"kind", c.village ? "村" : "社区"},
        {"parent_code", c.town_code},
        {"lon", c.centre.lon},
        {"lat", c.centre.lat},
        {"population", c.population},
        {"approximate", c.approximate},
        {"synthetic", false},
    });
  }
  return out;
}

// ---- Enterprises --------------------------------------------------------------------------------

struct Industry {
  const char* name;            // GB/T 4754 wording where it exists
  const char* word;            // goes into the company name
  std::vector<int> chemicals;  // Table 1 rows such a user typically holds (hazchem industries)
  double weight;
};

const std::vector<Industry> kHazchemIndustries = {
    {"燃气生产和供应业", "燃气", {52, 49}, 2},
    {"机动车燃油零售", "石油销售", {66}, 3},
    {"水的生产和供应业", "水务", {12}, 1},
    {"医药制造业", "制药", {65, 67, 59, 64, 69, 70}, 2},
    {"化学原料和化学制品制造业", "化工", {64, 65, 59, 57, 62, 69, 70, 58, 51, 1, 81, 46}, 2},
    {"危险化学品批发", "化工贸易", {65, 67, 59, 64, 69, 83, 54, 56, 51, 81}, 3},
    {"工业气体制造", "气体", {54, 56, 51}, 2},  // acetylene first: Q 1 t
    {"冷藏仓储", "冷链物流", {1}, 1},
    {"印刷和记录媒介复制业", "印务", {69, 64, 67}, 1},
    {"橡胶和塑料制品业", "橡塑", {64, 69, 58, 62}, 1},
    {"金属制品业", "金属制品", {54, 56}, 1},
    {"研究和试验发展", "检测技术", {65, 67, 59, 70, 68, 56, 51}, 2},
};

const std::vector<Industry> kOtherIndustries = {
    {"通用设备制造业", "机械", {}, 2},   {"计算机、通信和其他电子设备制造业", "电子", {}, 2},
    {"食品制造业", "食品", {}, 1},       {"精制茶加工", "茶业", {}, 2},
    {"纺织服装、服饰业", "服饰", {}, 1}, {"家具制造业", "家居", {}, 1},
    {"房屋建筑业", "建设", {}, 2},       {"批发业", "商贸", {}, 2},
    {"零售业", "商业", {}, 2},           {"住宿业", "酒店管理", {}, 1},
    {"餐饮业", "餐饮管理", {}, 2},       {"软件和信息技术服务业", "网络科技", {}, 3},
    {"房地产业", "置业", {}, 1},         {"道路运输业", "物流", {}, 1},
    {"文化艺术业", "文化创意", {}, 1},
};

// Plausible Table 2 classes for the Table 1 rows above that default_hazard_class() leaves open;
// the demo draws one. The real choice depends on composition and process (gb18218.h).
std::vector<std::string> plausible_classes(int seq) {
  switch (seq) {
    case 1:
      return {"J3", "W2"};  // 氨
    case 12:
      return {"J3", "W4"};  // 氯
    case 57:
      return {"W5.3", "W5.2"};
    case 58:
      return {"W5.4"};
    case 65:
      return {"W5.3", "W5.2"};
    case 66:
      return {"W5.3", "W5.1"};
    case 81:
      return {"W9.2"};
    default:
      return {"W5.3"};  // the other category-2 flammable liquids in the pools above
  }
}

std::vector<std::string> storage_units(int seq) {
  switch (seq) {
    case 1:
      return {"液氨储罐区", "氨制冷机房"};
    case 12:
      return {"液氯钢瓶间"};
    case 49:
      return {"LNG储罐区", "CNG储气瓶组"};
    case 51:
      return {"氢气瓶组间"};
    case 52:
      return {"液化石油气储罐区", "液化石油气钢瓶库"};
    case 54:
      return {"乙炔气瓶间"};
    case 56:
      return {"液氧储罐区", "氧气瓶库"};
    case 66:
      return {"埋地油罐区"};
    case 81:
      return {"酸库"};
    case 46:
      return {"乙类仓库"};
    case 83:
      return {"电石库"};
    default:
      return {"甲类仓库", "储罐区", "危化品暂存间"};
  }
}

bool is_manufacturing(std::string_view industry) {
  return industry.ends_with("制造业") || industry.ends_with("制品业") ||
         industry.ends_with("复制业") || industry.ends_with("服饰业") || industry == "精制茶加工" ||
         industry == "工业气体制造";
}

json::array enterprise_flags(const Industry& ind, bool hazchem, Rng& rng) {
  // 三场所三企业: crowded places, high-rise buildings, underground spaces; hazardous-chemicals,
  // industry-and-trade, and construction enterprises. Emitted in this canonical order.
  const std::string_view i = ind.name;
  const bool crowded = i == "住宿业" || i == "餐饮业" || i == "零售业" || i == "文化艺术业";
  const bool service = crowded || i == "软件和信息技术服务业" || i == "房地产业" || i == "批发业";
  const bool high_rise = rng.chance(service ? 0.25 : 0.05);
  const bool underground = rng.chance(service ? 0.15 : 0.05);
  const bool trade = is_manufacturing(i) || i == "批发业" || i == "零售业" || i == "冷藏仓储" ||
                     i == "危险化学品批发";
  json::array flags;
  if (crowded) flags.push_back("人员密集场所");
  if (high_rise) flags.push_back("高层建筑");
  if (underground) flags.push_back("地下空间");
  if (hazchem) flags.push_back("危险化学品企业");
  if (trade) flags.push_back("工贸企业");
  if (i == "房屋建筑业") flags.push_back("建筑施工企业");
  return flags;
}

json::object make_chemical(int seq, bool major, Rng& rng) {
  const Table1Row& row = *table1_row(seq);
  json::object c;
  c["name"] = row.name;
  if (!row.cas.empty()) c["cas"] = row.cas.front();
  c["table1_seq"] = seq;
  if (const auto cls = default_hazard_class(row)) {
    c["hazard_class"] = *cls;
  } else {
    c["hazard_class"] = rng.pick(plausible_classes(seq));
  }
  // Most units hold a small fraction of Q, so a unit with up to three chemicals stays below S = 1
  // (GB 18218-2018 §4.2, formula (1)); a few hold more than Q and are major hazard installations.
  double q;
  if (major) {
    q = std::ceil(row.q_t * rng.uniform(1.1, 2.5) * 100.0) / 100.0;
  } else {
    q = std::max(0.01, std::floor(row.q_t * rng.uniform(0.005, 0.25) * 100.0) / 100.0);
  }
  c["max_quantity_t"] = q;
  c["storage_unit"] = rng.pick(storage_units(seq));
  return c;
}

std::vector<json::object> make_enterprises(const World& w, std::uint64_t seed) {
  Rng rng(seed, "enterprises");
  struct Scale {
    const char* name;
    int count, hazchem, major;
  };
  // 7 of the 95 hazardous-chemical users are major hazard installations (q ≥ Q).
  const Scale scales[] = {{"规上", kEnterprisesAboveScale, 44, 5},
                          {"规下", kEnterprisesBelowScale, 51, 2},
                          {"小微", kEnterprisesSmallMicro, 0, 0}};
  std::vector<double> haz_weights, other_weights;
  for (const auto& i : kHazchemIndustries) haz_weights.push_back(i.weight);
  for (const auto& i : kOtherIndustries) other_weights.push_back(i.weight);
  std::vector<double> major_weights;
  for (const auto& i : kHazchemIndustries) {
    const std::string_view n = i.name;
    major_weights.push_back(n == "燃气生产和供应业" || n == "水的生产和供应业" || n == "冷藏仓储" ||
                                    n == "工业气体制造"
                                ? 1.0
                                : 0.0);
  }
  // Hazardous-chemical users lean to the industrial towns; others follow the communities.
  std::vector<double> haz_town_weights;
  for (const Town& t : w.towns)
    haz_town_weights.push_back(
        (t.code == "330106109" || t.code == "330106110" || t.code == "330106010") ? 3.0
        : (t.code == "330106009" || t.code == "330106011")                        ? 2.0
                                                                                  : 1.0);

  std::set<std::string> names, codes;
  std::vector<json::object> out;
  for (const Scale& s : scales) {
    std::vector<int> kind(static_cast<std::size_t>(s.count), 0);  // 0 none, 1 hazchem, 2 major
    for (int i = 0; i < s.hazchem; ++i) kind[static_cast<std::size_t>(i)] = i < s.major ? 2 : 1;
    rng.shuffle(kind);
    for (int k : kind) {
      const bool hazchem = k != 0;
      // Major hazard installations are the kinds a district really has: an LPG/LNG station, a
      // waterworks' chlorine store, an ammonia cold store, an industrial-gas depot; their first
      // (signature) chemical is the one held above Q.
      const Industry& ind = k == 2    ? kHazchemIndustries[rng.weighted(major_weights)]
                            : hazchem ? kHazchemIndustries[rng.weighted(haz_weights)]
                                      : kOtherIndustries[rng.weighted(other_weights)];
      std::size_t community;
      if (hazchem) {
        const Town& t = w.towns[rng.weighted(haz_town_weights)];
        community = rng.pick(t.communities);
      } else {
        community = rng.below(w.communities.size());
      }
      std::string name;
      do {
        name = std::string("杭州西湖") + rng.pick(kBrandChars) + rng.pick(kBrandChars) + ind.word +
               "有限公司";
      } while (!names.insert(name).second);
      // 91 = market regulation, enterprise; 330106 = registered in West Lake District; then a
      // synthetic 9-character organisation code whose own check character follows GB 11714
      // (weights 3 7 9 10 5 8 4 2, 11 − Σ mod 11, 10 → X, 11 → 0); GB 32100 check last.
      std::string code;
      do {
        std::string org;
        int sum = 0;
        constexpr int kOrgWeights[] = {3, 7, 9, 10, 5, 8, 4, 2};
        for (int wgt : kOrgWeights) {
          const int d = static_cast<int>(rng.below(10));
          org += static_cast<char>('0' + d);
          sum += d * wgt;
        }
        const int c9 = 11 - sum % 11;
        org += c9 == 10 ? 'X' : c9 == 11 ? '0' : static_cast<char>('0' + c9);
        code = "91330106" + org;
        code += *credit_code_check_char(code);
      } while (!codes.insert(code).second);

      json::object e;
      e["name"] = name;
      e["credit_code"] = code;
      e["scale"] = s.name;
      e["industry"] = ind.name;
      e["address"] = address(w, community, rng);
      put_place(e, w, community, w.near_community(community, 900, rng));
      e["hazchem_user"] = hazchem;
      e["flags"] = enterprise_flags(ind, hazchem, rng);
      e["contact_name"] = person_name(rng);
      e["contact_phone"] = phone(rng);
      if (hazchem) {
        std::vector<int> pool = ind.chemicals;
        if (k == 2) {
          std::vector<int> rest(pool.begin() + 1, pool.end());  // keep the signature chemical first
          rng.shuffle(rest);
          std::copy(rest.begin(), rest.end(), pool.begin() + 1);
        } else {
          rng.shuffle(pool);
        }
        const std::size_t n = 1 + rng.below(std::min<std::size_t>(3, pool.size()));
        json::array chemicals;
        for (std::size_t i = 0; i < n; ++i)
          chemicals.push_back(make_chemical(pool[i], k == 2 && i == 0, rng));
        e["chemicals"] = std::move(chemicals);
      }
      e["synthetic"] = true;
      out.push_back(std::move(e));
    }
  }
  return out;
}

// ---- Shelters, stations -------------------------------------------------------------------------

// Splits `total` over the towns in proportion to their population (largest remainder).
std::vector<int> share_by_population(const World& w, int total) {
  std::vector<int> n(w.towns.size());
  std::vector<std::pair<std::int64_t, std::size_t>> rem;
  int given = 0;
  for (std::size_t i = 0; i < w.towns.size(); ++i) {
    const std::int64_t share = w.towns[i].population * total;
    n[i] = static_cast<int>(share / kDistrictBulletinPopulation);
    given += n[i];
    rem.emplace_back(share % kDistrictBulletinPopulation, i);
  }
  std::stable_sort(rem.begin(), rem.end(), [](auto& a, auto& b) { return a.first > b.first; });
  for (int i = 0; i < total - given; ++i) ++n[rem[static_cast<std::size_t>(i)].second];
  return n;
}

std::vector<json::object> make_shelters(const World& w, std::uint64_t seed) {
  Rng rng(seed, "shelters");
  const std::vector<int> per_town = share_by_population(w, kShelters);
  std::set<std::string> names;
  std::vector<json::object> out;
  for (std::size_t t = 0; t < w.towns.size(); ++t) {
    std::vector<std::size_t> order = w.towns[t].communities;
    rng.shuffle(order);
    for (int i = 0; i < per_town[t]; ++i) {
      const std::size_t c = order[static_cast<std::size_t>(i) % order.size()];
      const Community& com = w.communities[c];
      const double r = rng.uniform();
      const char* type = r < 0.45 ? "室外" : r < 0.8 ? "室内" : "综合";
      std::string place;
      std::int64_t area;
      double m2_per_person;
      if (std::string_view(type) == "室外") {
        place = rng.pick(std::vector<std::string>{"公园", "广场", "绿地", "体育公园"});
        area = rng.between(200, 2000) * 10;
        m2_per_person = rng.uniform(1.5, 3.0);
      } else if (std::string_view(type) == "室内") {
        place = com.village ? rng.pick(std::vector<std::string>{"文化礼堂", "村民活动中心"})
                            : rng.pick(std::vector<std::string>{"社区服务中心", "小学", "体育馆"});
        area = rng.between(30, 300) * 10;
        m2_per_person = rng.uniform(2.0, 4.0);
      } else {
        place = rng.pick(std::vector<std::string>{"中学", "文体中心"});
        area = rng.between(150, 1200) * 10;
        m2_per_person = rng.uniform(2.0, 3.0);
      }
      json::object s;
      s["name"] = unique_name(names, com.stem + place + "应急避难场所");
      s["type"] = type;
      s["capacity_people"] =
          static_cast<std::int64_t>(std::floor(static_cast<double>(area) / m2_per_person / 10.0)) *
          10;
      s["area_m2"] = area;
      s["address"] = address(w, c, rng);
      put_place(s, w, c, w.near_community(c, 600, rng));
      s["standardised"] = rng.chance(0.6);
      s["video_url"] = rng.chance(0.4) ? "rtsp://127.0.0.1/shelter/" + com.code + "-" +
                                             std::to_string(out.size() + 1)
                                       : std::string();
      s["synthetic"] = true;
      out.push_back(std::move(s));
    }
  }
  return out;
}

std::vector<json::object> make_stations(const World& w, std::uint64_t seed) {
  Rng rng(seed, "stations");
  // Two per town, and the 25th in the most populous town.
  std::size_t biggest = 0;
  for (std::size_t t = 0; t < w.towns.size(); ++t)
    if (w.towns[t].population > w.towns[biggest].population) biggest = t;
  std::set<std::string> names;
  std::vector<json::object> out;
  for (std::size_t t = 0; t < w.towns.size(); ++t) {
    std::vector<std::size_t> order = w.towns[t].communities;
    rng.shuffle(order);
    const int n = (kStations - 1) / static_cast<int>(w.towns.size()) + (t == biggest ? 1 : 0);
    for (int i = 0; i < n; ++i) {
      const std::size_t c = order[static_cast<std::size_t>(i) % order.size()];
      json::object s;
      s["name"] = unique_name(names, w.communities[c].short_name + "应急服务站");
      s["address"] = address(w, c, rng);
      put_place(s, w, c, w.near_community(c, 400, rng));
      s["contact_phone"] = phone(rng);
      s["synthetic"] = true;
      out.push_back(std::move(s));
    }
  }
  return out;
}

// ---- Warehouses ---------------------------------------------------------------------------------

struct StockItem {
  const char* category;
  const char* name;
  const char* unit;
  std::int64_t lo, hi;  // quantity range at district level
  bool expires;
};

const std::vector<StockItem> kDistrictStock = {
    {"安置类", "救灾帐篷", "顶", 150, 400, false},
    {"安置类", "折叠床", "张", 300, 800, false},
    {"安置类", "棉被", "床", 500, 1500, false},
    {"救生类", "救生衣", "件", 300, 800, false},
    {"救生类", "救生圈", "个", 100, 300, false},
    {"救生类", "冲锋舟", "艘", 4, 10, false},
    {"防汛类", "沙袋", "只", 10000, 30000, false},
    {"防汛类", "编织袋", "只", 10000, 30000, false},
    {"防汛类", "移动排水泵", "台", 10, 30, false},
    {"照明发电类", "发电机组", "台", 6, 20, false},
    {"照明发电类", "移动照明灯塔", "台", 4, 10, false},
    {"通信类", "卫星电话", "部", 4, 12, false},
    {"通信类", "对讲机", "台", 30, 100, false},
    {"消防类", "风力灭火机", "台", 20, 60, false},
    {"消防类", "油锯", "台", 10, 30, false},
    {"医疗类", "急救包", "个", 100, 300, true},
    {"生活类", "瓶装饮用水", "箱", 300, 1000, true},
    {"生活类", "方便食品", "箱", 200, 600, true},
};

const std::vector<StockItem> kVillageStock = {
    {"救生类", "救生衣", "件", 20, 60, false},    {"照明发电类", "手电筒", "个", 20, 50, false},
    {"照明发电类", "应急灯", "个", 5, 20, false}, {"防汛类", "雨衣", "件", 20, 50, false},
    {"防汛类", "雨靴", "双", 20, 50, false},      {"防汛类", "沙袋", "只", 500, 2000, false},
    {"通信类", "铜锣", "面", 2, 6, false},        {"通信类", "手摇报警器", "台", 1, 3, false},
    {"医疗类", "急救包", "个", 5, 20, true},      {"生活类", "瓶装饮用水", "箱", 10, 40, true},
};

json::array make_stock(const std::vector<StockItem>& items, double scale, Rng& rng) {
  constexpr std::int64_t kFirstExpiry = 20454;  // 2026-01-01 in days since 1970-01-01
  json::array stock;
  for (const StockItem& it : items) {
    const auto lo = std::max<std::int64_t>(1, std::llround(static_cast<double>(it.lo) * scale));
    const auto hi = std::max<std::int64_t>(lo, std::llround(static_cast<double>(it.hi) * scale));
    json::object s{{"category", it.category},
                   {"name", it.name},
                   {"quantity", rng.between(lo, hi)},
                   {"unit", it.unit}};
    if (it.expires) s["expiry"] = iso_date(kFirstExpiry + rng.between(180, 1100));
    stock.push_back(std::move(s));
  }
  return stock;
}

std::vector<json::object> make_warehouses(const World& w, std::uint64_t seed) {
  Rng rng(seed, "warehouses");
  std::vector<json::object> out;
  auto put = [&](std::string name, const char* level, std::int64_t area, std::size_t c,
                 json::array stock) {
    json::object o;
    o["name"] = std::move(name);
    o["level"] = level;
    o["area_m2"] = area;
    o["address"] = address(w, c, rng);
    put_place(o, w, c, w.near_community(c, 600, rng));
    o["contact_phone"] = phone(rng);
    o["stock"] = std::move(stock);
    o["synthetic"] = true;
    out.push_back(std::move(o));
  };
  // One district store (≥ 1000 m²), one per town (≥ 50 m²), one per 村 community.
  put("西湖区应急物资储备库", "district", rng.between(120, 200) * 10,
      rng.below(w.communities.size()), make_stock(kDistrictStock, 1.0, rng));
  for (const Town& t : w.towns)
    put(t.name + "应急物资储备点", "town", rng.between(6, 30) * 10, rng.pick(t.communities),
        make_stock(kDistrictStock, 0.1, rng));
  for (std::size_t c = 0; c < w.communities.size(); ++c)
    if (w.communities[c].village)
      put(w.communities[c].short_name + "应急物资储备室", "village", rng.between(15, 40), c,
          make_stock(kVillageStock, 1.0, rng));
  return out;
}

// ---- Teams --------------------------------------------------------------------------------------

std::vector<json::object> make_teams(const World& w, std::uint64_t seed) {
  Rng rng(seed, "teams");
  std::vector<json::object> out;
  auto put = [&](std::string name, const char* type, std::int64_t headcount, std::size_t c,
                 std::vector<std::string> caps) {
    json::object o;
    o["name"] = std::move(name);
    o["type"] = type;
    o["headcount"] = headcount;
    o["base_address"] = address(w, c, rng);
    put_place(o, w, c, w.near_community(c, 500, rng));
    o["capabilities"] = strings(caps);
    o["contact_phone"] = phone(rng);
    o["synthetic"] = true;
    out.push_back(std::move(o));
  };
  for (const Town& t : w.towns) {
    std::vector<std::string> caps = {"防汛抢险", "人员搜救", "转移安置", "医疗急救"};
    if (hilly(t.code)) caps.push_back("森林防灭火");
    if (riverside(t.code)) caps.push_back("水域救援");
    if (rng.chance(0.5)) caps.push_back("破拆救援");
    if (rng.chance(0.5)) caps.push_back("通信保障");
    put(t.name + "综合应急救援队", "综合救援", rng.between(25, 60), rng.pick(t.communities), caps);
  }
  const std::vector<std::string> extra = {"防汛抢险", "人员搜救", "医疗急救", "消防灭火"};
  for (std::size_t c = 0; c < w.communities.size(); ++c) {
    const Community& com = w.communities[c];
    std::vector<std::string> caps = {"先期处置", "转移安置"};
    std::vector<std::string> more = extra;
    rng.shuffle(more);
    caps.insert(caps.end(), more.begin(), more.begin() + 1 + static_cast<long>(rng.below(2)));
    if (com.village && hilly(com.town_code)) caps.push_back("森林防灭火");
    put(com.short_name + "应急救援队", "基层救援", rng.between(10, 30), c, caps);
  }
  return out;
}

// ---- Devices and cameras ------------------------------------------------------------------------

struct DeviceKind {
  const char* kind;
  const char* prefix;
  const char* label;
  std::vector<std::string> metrics;  // unit in the name (API-CONVENTIONS.md)
  int count;                         // 0: three per town
};

const std::vector<DeviceKind> kDeviceKinds = {
    {"rain_gauge", "RG", "雨量站", {"rain_mm"}, 0},
    {"water_level", "WL", "水位站", {"water_level_m"}, 20},
    {"wind", "WS", "风速风向站", {"wind_speed_mps", "wind_direction_deg"}, 6},
    {"gas_detector", "GD", "燃气泄漏监测点", {"gas_lel_pct"}, 20},
    {"pipeline_pressure", "PP", "燃气管网压力监测点", {"pressure_mpa"}, 12},
    {"waterlogging", "WG", "积水监测点", {"water_depth_cm"}, 18},
    {"bridge_strain", "BS", "桥梁应变监测点", {"strain_microstrain"}, 8},
    {"tunnel_water", "TW", "隧道积水监测点", {"water_depth_cm"}, 5},
};

double device_town_weight(std::string_view kind, const std::string& town) {
  if (kind == "water_level" || kind == "bridge_strain") return riverside(town) ? 3 : 1;
  if (kind == "gas_detector" || kind == "pipeline_pressure" || kind == "waterlogging")
    return urban(town) ? 3 : 1;
  if (kind == "tunnel_water") return hilly(town) ? 3 : 1;
  return 1;
}

std::string numbered(const char* prefix, const std::string& town, int n) {
  std::string num = std::to_string(n);
  return std::string(prefix) + "-" + town + "-" +
         std::string(3 - std::min<std::size_t>(3, num.size()), '0') + num;
}

std::vector<json::object> make_devices(const World& w, std::uint64_t seed) {
  Rng rng(seed, "devices");
  std::vector<json::object> out;
  std::set<std::string> names;
  for (const DeviceKind& k : kDeviceKinds) {
    std::vector<std::size_t> towns;  // one entry per device
    if (k.count == 0) {
      for (std::size_t t = 0; t < w.towns.size(); ++t) towns.insert(towns.end(), 3, t);
    } else if (std::string_view(k.kind) == "wind") {
      std::vector<std::size_t> all(w.towns.size());
      for (std::size_t t = 0; t < all.size(); ++t) all[t] = t;
      rng.shuffle(all);
      towns.assign(all.begin(), all.begin() + k.count);
      std::sort(towns.begin(), towns.end());
    } else {
      std::vector<double> weights;
      for (const Town& t : w.towns) weights.push_back(device_town_weight(k.kind, t.code));
      for (int i = 0; i < k.count; ++i) towns.push_back(rng.weighted(weights));
      std::sort(towns.begin(), towns.end());
    }
    std::map<std::size_t, int> serial;
    std::map<std::size_t, std::vector<std::size_t>> unused;  // spread a town's devices out
    for (std::size_t t : towns) {
      auto& left = unused[t];
      if (left.empty()) {
        left = w.towns[t].communities;
        rng.shuffle(left);
      }
      const std::size_t c = left.back();
      left.pop_back();
      json::object d;
      d["code"] = numbered(k.prefix, w.towns[t].code, ++serial[t]);
      d["name"] = unique_name(names, w.communities[c].short_name + k.label);
      d["kind"] = k.kind;
      d["metrics"] = strings(k.metrics);
      put_place(d, w, c, w.near_community(c, 800, rng));
      d["synthetic"] = true;
      out.push_back(std::move(d));
    }
  }
  return out;
}

std::vector<json::object> make_cameras(const World& w, std::uint64_t seed) {
  Rng rng(seed, "cameras");
  const std::vector<std::string> places = {"路口", "河道", "避难场所", "积水点",
                                           "桥梁", "山塘", "隧道口",   "学校周边"};
  std::vector<json::object> out;
  std::set<std::string> names;
  for (const Town& t : w.towns) {
    std::vector<std::size_t> order = t.communities;
    rng.shuffle(order);
    for (int i = 1; i <= 5; ++i) {
      const std::size_t c = order[static_cast<std::size_t>(i - 1) % order.size()];
      const std::string code = numbered("CAM", t.code, i);
      json::object cam;
      cam["code"] = code;
      cam["name"] = unique_name(names, w.communities[c].short_name + rng.pick(places) + "监控");
      cam["stream_url"] = "rtsp://127.0.0.1/live/" + code;
      put_place(cam, w, c, w.near_community(c, 800, rng));
      cam["synthetic"] = true;
      out.push_back(std::move(cam));
    }
  }
  return out;
}

}  // namespace

std::string normalize_division_code(std::string_view code) {
  if (code.size() == 12 && code.ends_with("000000")) return std::string(code.substr(0, 6));
  if (code.size() == 12 && code.ends_with("000")) return std::string(code.substr(0, 9));
  return std::string(code);
}

DemoData generate_demo_data(const AdminSources& sources, std::uint64_t seed) {
  const World w = build_world(sources, seed);
  DemoData d;
  d.jurisdictions = make_jurisdictions(w);
  d.enterprises = make_enterprises(w, seed);
  d.shelters = make_shelters(w, seed);
  d.stations = make_stations(w, seed);
  d.warehouses = make_warehouses(w, seed);
  d.teams = make_teams(w, seed);
  d.devices = make_devices(w, seed);
  d.cameras = make_cameras(w, seed);
  return d;
}

}  // namespace lakeguard::registry
