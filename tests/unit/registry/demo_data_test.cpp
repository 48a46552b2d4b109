#include "registry/demo_data.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <stdexcept>

#include "core/geo.h"
#include "standards/credit_code.h"
#include "standards/gb18218.h"

namespace lakeguard::registry {
namespace {

namespace json = boost::json;
using standards::default_hazard_class;
using standards::is_hazard_class;
using standards::is_valid_credit_code;
using standards::table1_row;
using standards::Table1Row;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

AdminSources shipped_sources() {
  const std::string dir = LAKEGUARD_DATA_DIR "/admin/";
  return {read_file(dir + "xihu_330106_outline_vonng_adcode.json"),
          read_file(dir + "xihu_330106_codes_centres_vonng_adcode.csv"),
          read_file(dir + "china-division-2.7.0_streets_330106.csv"),
          read_file(dir + "china-division-2.7.0_villages_330106.csv")};
}

std::string serialize_all(const DemoData& d) {
  std::string out;
  for (const auto* kind : {&d.jurisdictions, &d.enterprises, &d.shelters, &d.stations,
                           &d.warehouses, &d.teams, &d.devices, &d.cameras}) {
    for (const auto& o : *kind) out += json::serialize(o) + "\n";
    out += "--\n";
  }
  return out;
}

Ring ring_of(const json::object& polygon) {
  Ring r;
  for (const auto& p : polygon.at("coordinates").as_array().at(0).as_array())
    r.push_back({p.as_array()[0].as_double(), p.as_array()[1].as_double()});
  return r;
}

LonLat point_of(const json::object& o) {
  return {o.at("lon").as_double(), o.at("lat").as_double()};
}

std::set<std::string> keys_of(const json::object& o) {
  std::set<std::string> k;
  for (const auto& kv : o) k.insert(std::string(kv.key()));
  return k;
}

std::string str(const json::object& o, const char* key) {
  return std::string(o.at(key).as_string());
}

class DemoDataTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    sources_ = new AdminSources(shipped_sources());
    data_ = new DemoData(generate_demo_data(*sources_, kDefaultDemoSeed));
    for (const auto& j : data_->jurisdictions) {
      if (j.at("level") == "district") outline_ = ring_of(j.at("polygon").as_object());
      if (j.at("level") == "town")
        town_area_[str(j, "code")] = ring_of(j.at("polygon").as_object());
      if (j.at("level") == "community") community_town_[str(j, "code")] = str(j, "parent_code");
    }
  }
  static void TearDownTestSuite() {
    delete data_;
    delete sources_;
  }

  // All records with a place, except the real jurisdictions.
  static std::vector<const json::object*> placed_synthetic() {
    std::vector<const json::object*> out;
    for (const auto* kind : {&data_->enterprises, &data_->shelters, &data_->stations,
                             &data_->warehouses, &data_->teams, &data_->devices, &data_->cameras})
      for (const auto& o : *kind) out.push_back(&o);
    return out;
  }

  static inline AdminSources* sources_ = nullptr;
  static inline DemoData* data_ = nullptr;
  static inline Ring outline_;
  static inline std::map<std::string, Ring> town_area_;
  static inline std::map<std::string, std::string> community_town_;
};

// ---- Counts -------------------------------------------------------------------------------------

TEST_F(DemoDataTest, JurisdictionCountsAndOrder) {
  const auto& j = data_->jurisdictions;
  ASSERT_EQ(j.size(), 1u + 12u + 222u);
  EXPECT_EQ(j[0].at("level"), "district");
  EXPECT_EQ(j[0].at("code"), "330106");
  EXPECT_FALSE(j[0].contains("parent_code"));
  std::set<std::string> seen{"330106"};
  for (std::size_t i = 1; i < j.size(); ++i) {
    EXPECT_EQ(j[i].at("level"), i <= 12 ? "town" : "community") << i;
    EXPECT_TRUE(seen.count(str(j[i], "parent_code"))) << "parents come first: " << i;
    EXPECT_TRUE(seen.insert(str(j[i], "code")).second) << "unique code " << str(j[i], "code");
  }
}

TEST_F(DemoDataTest, EnterpriseCountsByScale) {
  ASSERT_EQ(data_->enterprises.size(), 412u);
  std::map<std::string, std::pair<int, int>> by_scale;  // scale → (all, hazchem)
  for (const auto& e : data_->enterprises) {
    auto& n = by_scale[str(e, "scale")];
    ++n.first;
    if (e.at("hazchem_user").as_bool()) ++n.second;
    EXPECT_EQ(e.contains("chemicals"), e.at("hazchem_user").as_bool());
  }
  EXPECT_EQ(by_scale["规上"], std::make_pair(79, 44));
  EXPECT_EQ(by_scale["规下"], std::make_pair(183, 51));
  EXPECT_EQ(by_scale["小微"], std::make_pair(150, 0));
  EXPECT_EQ(by_scale.size(), 3u);
}

TEST_F(DemoDataTest, OtherCounts) {
  EXPECT_EQ(data_->shelters.size(), 200u);
  EXPECT_EQ(data_->stations.size(), 25u);
  EXPECT_EQ(data_->warehouses.size(), 1u + 12u + 41u) << "district + towns + one per 村";
  EXPECT_EQ(data_->teams.size(), 12u + 222u);
  EXPECT_EQ(data_->cameras.size(), 60u);
  std::map<std::string, int> kinds;
  for (const auto& d : data_->devices) ++kinds[str(d, "kind")];
  EXPECT_GE(kinds["rain_gauge"], 30);
  for (const char* k : {"water_level", "wind", "gas_detector", "pipeline_pressure", "waterlogging",
                        "bridge_strain", "tunnel_water"})
    EXPECT_GT(kinds[k], 0) << k;
  EXPECT_EQ(kinds.size(), 8u);
}

// ---- Determinism --------------------------------------------------------------------------------

TEST_F(DemoDataTest, SameSeedGivesByteIdenticalOutput) {
  EXPECT_EQ(serialize_all(generate_demo_data(*sources_, kDefaultDemoSeed)), serialize_all(*data_));
}

TEST_F(DemoDataTest, DifferentSeedGivesDifferentOutput) {
  const DemoData other = generate_demo_data(*sources_, kDefaultDemoSeed + 1);
  EXPECT_NE(serialize_all(other), serialize_all(*data_));
  // The real jurisdictions do not depend on the seed except for approximate community centres.
  EXPECT_EQ(json::serialize(other.jurisdictions[0]), json::serialize(data_->jurisdictions[0]));
  EXPECT_EQ(other.enterprises.size(), 412u);
}

// ---- Exact request bodies -----------------------------------------------------------------------

TEST_F(DemoDataTest, EveryRecordHasExactlyTheApiFields) {
  using Keys = std::set<std::string>;
  const Keys place = {"town_code", "community_code", "lon", "lat", "synthetic"};
  auto with = [&](Keys k) {
    k.insert(place.begin(), place.end());
    return k;
  };
  for (const auto& e : data_->enterprises) {
    Keys k = with({"name", "credit_code", "scale", "industry", "address", "hazchem_user", "flags",
                   "contact_name", "contact_phone"});
    if (e.at("hazchem_user").as_bool()) k.insert("chemicals");
    EXPECT_EQ(keys_of(e), k);
  }
  for (const auto& s : data_->shelters)
    EXPECT_EQ(keys_of(s), with({"name", "type", "capacity_people", "area_m2", "address",
                                "standardised", "video_url"}));
  for (const auto& s : data_->stations)
    EXPECT_EQ(keys_of(s), with({"name", "address", "contact_phone"}));
  for (const auto& w : data_->warehouses)
    EXPECT_EQ(keys_of(w), with({"name", "level", "area_m2", "address", "contact_phone", "stock"}));
  for (const auto& t : data_->teams)
    EXPECT_EQ(keys_of(t),
              with({"name", "type", "headcount", "base_address", "capabilities", "contact_phone"}));
  for (const auto& d : data_->devices)
    EXPECT_EQ(keys_of(d), with({"code", "name", "kind", "metrics"}));
  for (const auto& c : data_->cameras) EXPECT_EQ(keys_of(c), with({"code", "name", "stream_url"}));
  for (const auto& j : data_->jurisdictions) {
    Keys k = {"code", "name", "level", "lon", "lat", "population", "approximate", "synthetic"};
    if (j.at("level") != "district") k.insert("parent_code");
    if (j.at("level") != "community") k.insert("polygon");
    if (j.at("level") == "community") k.insert("kind");
    EXPECT_EQ(keys_of(j), k) << str(j, "code");
  }
}

TEST_F(DemoDataTest, OnlyRealJurisdictionsAreNotSynthetic) {
  for (const auto& j : data_->jurisdictions) EXPECT_EQ(j.at("synthetic"), false);
  for (const auto* o : placed_synthetic()) EXPECT_EQ(o->at("synthetic"), true);
}

// ---- Geography ----------------------------------------------------------------------------------

TEST_F(DemoDataTest, OutlineIsConvertedToWgs84AndCounterClockwise) {
  const auto source = json::parse(sources_->outline_geojson).as_object();
  const auto& src_ring = source.at("coordinates").as_array().at(0).as_array();
  const Ring& ring = outline_;
  ASSERT_EQ(ring.size(), src_ring.size()) << "one vertex per source vertex, closed";
  EXPECT_EQ(ring.front(), ring.back()) << "closed ring (RFC 7946)";
  EXPECT_GT(signed_area(ring), 0.0) << "counter-clockwise (RFC 7946)";
  // Every vertex is the GCJ-02 → WGS-84 conversion of a source vertex, in reverse order.
  const std::size_t n = src_ring.size();
  for (std::size_t i = 0; i < n; ++i) {
    const auto& p = src_ring[n - 1 - i].as_array();
    const LonLat wgs = gcj02_to_wgs84({p[0].to_number<double>(), p[1].to_number<double>()});
    EXPECT_NEAR(ring[i].lon, wgs.lon, 5e-7) << i;
    EXPECT_NEAR(ring[i].lat, wgs.lat, 5e-7) << i;
  }
  // The GCJ-02 offset in Hangzhou is ~450–500 m: the converted outline must have moved that much.
  const LonLat first{src_ring[0].as_array()[0].to_number<double>(),
                     src_ring[0].as_array()[1].to_number<double>()};
  const double moved = distance_m(first, ring.back());
  EXPECT_GT(moved, 400.0);
  EXPECT_LT(moved, 550.0);
}

TEST_F(DemoDataTest, TownAreasAreCounterClockwiseCellsContainingTheirCentre) {
  ASSERT_EQ(town_area_.size(), 12u);
  double total = 0;
  for (const auto& j : data_->jurisdictions) {
    if (j.at("level") != "town") continue;
    const Ring& area = town_area_.at(str(j, "code"));
    EXPECT_EQ(area.front(), area.back());
    EXPECT_GT(signed_area(area), 0.0) << str(j, "code");
    EXPECT_TRUE(point_in_ring(point_of(j), area)) << str(j, "code");
    EXPECT_TRUE(j.at("approximate").as_bool());
    total += signed_area(area);
  }
  // The cells tile the outline.
  EXPECT_NEAR(total, signed_area(outline_), 1e-6 * signed_area(outline_));
}

TEST_F(DemoDataTest, TownCodesAreNormalisedToNineDigits) {
  for (const auto& j : data_->jurisdictions) {
    const std::string level = str(j, "level");
    const std::size_t len = level == "district" ? 6 : level == "town" ? 9 : 12;
    EXPECT_EQ(str(j, "code").size(), len);
    if (level == "community") {
      EXPECT_EQ(str(j, "parent_code").size(), 9u);
    }
  }
  for (const auto* o : placed_synthetic()) {
    EXPECT_EQ(str(*o, "town_code").size(), 9u);
    EXPECT_EQ(community_town_.at(str(*o, "community_code")), str(*o, "town_code"))
        << "the community belongs to the town";
  }
}

TEST_F(DemoDataTest, EveryGeneratedPointIsInsideTheOutlineAndItsTown) {
  int checked = 0;
  for (const auto* o : placed_synthetic()) {
    const LonLat p = point_of(*o);
    EXPECT_TRUE(point_in_ring(p, outline_)) << json::serialize(*o);
    EXPECT_TRUE(point_in_ring(p, town_area_.at(str(*o, "town_code")))) << json::serialize(*o);
    ++checked;
  }
  EXPECT_GT(checked, 1000);
}

TEST_F(DemoDataTest, CommunityCentres) {
  int real = 0, approximate = 0;
  for (const auto& j : data_->jurisdictions) {
    if (j.at("level") != "community") continue;
    const LonLat p = point_of(j);
    EXPECT_TRUE(point_in_ring(p, outline_)) << str(j, "code");
    if (j.at("approximate").as_bool()) {
      ++approximate;
      // Invented centres lie in the town's approximate area. (Real centres may not: the area is
      // only a Voronoi approximation of the town; docs/data.md.)
      EXPECT_TRUE(point_in_ring(p, town_area_.at(str(j, "parent_code")))) << str(j, "code");
    } else {
      ++real;
    }
  }
  // 67 of the 222 2023 codes have a Vonng/adcode centre under the same code.
  EXPECT_EQ(real, 67);
  EXPECT_EQ(real + approximate, 222);
}

TEST_F(DemoDataTest, CentresComeFromVonngConvertedToWgs84) {
  // 留下街道 330106009000 is at GCJ-02 (120.053062, 30.24276) in the source.
  const LonLat expected = gcj02_to_wgs84({120.053062, 30.24276});
  for (const auto& j : data_->jurisdictions) {
    if (j.at("code") != "330106009") continue;
    EXPECT_EQ(j.at("name"), "留下街道");
    EXPECT_NEAR(j.at("lon").as_double(), expected.lon, 5e-7);
    EXPECT_NEAR(j.at("lat").as_double(), expected.lat, 5e-7);
  }
}

TEST_F(DemoDataTest, EveryTownHasARainGauge) {
  std::map<std::string, int> gauges;
  for (const auto& d : data_->devices)
    if (d.at("kind") == "rain_gauge") ++gauges[str(d, "town_code")];
  EXPECT_EQ(gauges.size(), 12u);
  for (const auto& [town, n] : gauges) EXPECT_GE(n, 1) << town;
}

// ---- Population ---------------------------------------------------------------------------------

TEST_F(DemoDataTest, PopulationSumsAreExact) {
  std::int64_t district = 0, towns = 0, communities = 0;
  std::map<std::string, std::int64_t> town_pop, sum_by_town;
  for (const auto& j : data_->jurisdictions) {
    const std::int64_t p = j.at("population").as_int64();
    EXPECT_GT(p, 0);
    if (j.at("level") == "district") district = p;
    if (j.at("level") == "town") towns += p, town_pop[str(j, "code")] = p;
    if (j.at("level") == "community") communities += p, sum_by_town[str(j, "parent_code")] += p;
  }
  EXPECT_EQ(district, 1'112'992);
  EXPECT_EQ(towns, 1'089'229);
  EXPECT_EQ(communities, 1'089'229);
  EXPECT_EQ(district - towns, kScenicAreaPopulation);
  EXPECT_EQ(town_pop, sum_by_town);
}

TEST_F(DemoDataTest, PopulationRuleWeighsVillagesAtSixTenths) {
  std::int64_t max_shequ = 0, min_shequ = INT64_MAX, max_cun = 0, min_cun = INT64_MAX;
  for (const auto& j : data_->jurisdictions) {
    if (j.at("level") != "community") continue;
    const std::int64_t p = j.at("population").as_int64();
    if (j.at("kind") == "村") {
      max_cun = std::max(max_cun, p), min_cun = std::min(min_cun, p);
    } else {
      max_shequ = std::max(max_shequ, p), min_shequ = std::min(min_shequ, p);
    }
  }
  EXPECT_LE(max_shequ - min_shequ, 1) << "equal shares, rounded";
  EXPECT_LE(max_cun - min_cun, 1);
  EXPECT_NEAR(static_cast<double>(min_cun) / static_cast<double>(min_shequ), 0.6, 0.001);
}

// ---- Enterprises --------------------------------------------------------------------------------

TEST_F(DemoDataTest, CreditCodesAreValidAndUnique) {
  std::set<std::string> codes, names;
  for (const auto& e : data_->enterprises) {
    const std::string code = str(e, "credit_code");
    EXPECT_TRUE(is_valid_credit_code(code)) << code;
    EXPECT_TRUE(code.starts_with("91330106")) << code;
    EXPECT_TRUE(codes.insert(code).second) << code;
    EXPECT_TRUE(names.insert(str(e, "name")).second) << str(e, "name");
  }
}

TEST_F(DemoDataTest, EnterpriseFieldsAreWellFormed) {
  const std::set<std::string> allowed = {"人员密集场所",   "高层建筑", "地下空间",
                                         "危险化学品企业", "工贸企业", "建筑施工企业"};
  const std::regex mobile("1[3-9][0-9]{9}");
  for (const auto& e : data_->enterprises) {
    std::set<std::string> flags;
    for (const auto& f : e.at("flags").as_array()) {
      EXPECT_TRUE(allowed.count(std::string(f.as_string()))) << f;
      EXPECT_TRUE(flags.insert(std::string(f.as_string())).second) << "no repeats";
    }
    EXPECT_EQ(flags.count("危险化学品企业") == 1, e.at("hazchem_user").as_bool());
    EXPECT_TRUE(std::regex_match(str(e, "contact_phone"), mobile));
    EXPECT_FALSE(str(e, "contact_name").empty());
    EXPECT_TRUE(str(e, "address").starts_with("杭州市西湖区"));
  }
}

TEST_F(DemoDataTest, ChemicalsComeFromTable1AndSomeAreMajorHazards) {
  int users = 0, major = 0;
  for (const auto& e : data_->enterprises) {
    if (!e.contains("chemicals")) continue;
    ++users;
    const auto& chems = e.at("chemicals").as_array();
    ASSERT_FALSE(chems.empty());
    double s = 0;  // GB 18218-2018 formula (1)
    std::set<std::int64_t> seen;
    for (const auto& cv : chems) {
      const auto& c = cv.as_object();
      const auto seq = c.at("table1_seq").as_int64();
      EXPECT_TRUE(seen.insert(seq).second) << "each chemical once per enterprise";
      const Table1Row* row = table1_row(static_cast<int>(seq));
      ASSERT_NE(row, nullptr);
      EXPECT_EQ(str(c, "name"), row->name);
      if (row->cas.empty()) {
        EXPECT_FALSE(c.contains("cas"));
      } else {
        EXPECT_EQ(str(c, "cas"), row->cas.front());
      }
      const std::string cls = str(c, "hazard_class");
      EXPECT_TRUE(is_hazard_class(cls)) << cls;
      if (const auto d = default_hazard_class(*row)) {
        EXPECT_EQ(cls, *d);
      }
      EXPECT_FALSE(str(c, "storage_unit").empty());
      const double q = c.at("max_quantity_t").as_double();
      EXPECT_GT(q, 0);
      s += q / row->q_t;
    }
    if (s >= 1.0) ++major;
  }
  EXPECT_EQ(users, 95);
  EXPECT_EQ(major, 7) << "a few major hazard installations, most below S = 1";
}

// ---- Facilities ---------------------------------------------------------------------------------

TEST_F(DemoDataTest, SheltersAreWellFormed) {
  std::set<std::string> names;
  for (const auto& s : data_->shelters) {
    const std::string type = str(s, "type");
    EXPECT_TRUE(type == "室内" || type == "室外" || type == "综合") << type;
    EXPECT_GT(s.at("capacity_people").as_int64(), 0);
    EXPECT_GT(s.at("area_m2").as_int64(), s.at("capacity_people").as_int64());
    const std::string url = str(s, "video_url");
    EXPECT_TRUE(url.empty() || url.starts_with("rtsp://127.0.0.1/")) << url;
    EXPECT_TRUE(names.insert(str(s, "name")).second) << str(s, "name");
  }
}

TEST_F(DemoDataTest, WarehousesHaveLevelsAreasAndStock) {
  std::map<std::string, int> levels;
  const std::regex date("20[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])");
  for (const auto& w : data_->warehouses) {
    const std::string level = str(w, "level");
    ++levels[level];
    const auto area = w.at("area_m2").as_int64();
    if (level == "district") {
      EXPECT_GE(area, 1000);
    } else if (level == "town") {
      EXPECT_GE(area, 50);
    }
    ASSERT_FALSE(w.at("stock").as_array().empty());
    for (const auto& item : w.at("stock").as_array()) {
      const auto& i = item.as_object();
      EXPECT_GT(i.at("quantity").as_int64(), 0);
      for (const char* k : {"category", "name", "unit"}) EXPECT_FALSE(str(i, k).empty());
      if (i.contains("expiry")) {
        EXPECT_TRUE(std::regex_match(str(i, "expiry"), date));
      }
    }
  }
  EXPECT_EQ(levels["district"], 1);
  EXPECT_EQ(levels["town"], 12);
  EXPECT_EQ(levels["village"], 41);
}

TEST_F(DemoDataTest, TeamsCoverEveryTownAndCommunity) {
  std::set<std::string> town_teams, community_teams;
  for (const auto& t : data_->teams) {
    const auto n = t.at("headcount").as_int64();
    if (t.at("type") == "综合救援") {
      EXPECT_GE(n, 25);
      town_teams.insert(str(t, "town_code"));
    } else {
      EXPECT_EQ(t.at("type"), "基层救援");
      EXPECT_GE(n, 10);
      community_teams.insert(str(t, "community_code"));
    }
    EXPECT_FALSE(t.at("capabilities").as_array().empty());
  }
  EXPECT_EQ(town_teams.size(), 12u);
  EXPECT_EQ(community_teams.size(), 222u);
}

TEST_F(DemoDataTest, DeviceAndCameraCodesAreUniqueAndShaped) {
  const std::regex device_code("(RG|WL|WS|GD|PP|WG|BS|TW)-330106[0-9]{3}-[0-9]{3}");
  std::set<std::string> codes;
  for (const auto& d : data_->devices) {
    const std::string code = str(d, "code");
    EXPECT_TRUE(std::regex_match(code, device_code)) << code;
    EXPECT_TRUE(code.find(str(d, "town_code")) != std::string::npos) << code;
    EXPECT_TRUE(codes.insert(code).second) << code;
    EXPECT_FALSE(d.at("metrics").as_array().empty());
  }
  for (const auto& c : data_->cameras) {
    const std::string code = str(c, "code");
    EXPECT_TRUE(std::regex_match(code, std::regex("CAM-330106[0-9]{3}-[0-9]{3}"))) << code;
    EXPECT_TRUE(codes.insert(code).second) << code;
    EXPECT_EQ(str(c, "stream_url"), "rtsp://127.0.0.1/live/" + code);
  }
}

// ---- Inputs -------------------------------------------------------------------------------------

TEST(DivisionCode, PaddingIsStripped) {
  EXPECT_EQ(normalize_division_code("330106000000"), "330106");
  EXPECT_EQ(normalize_division_code("330106009000"), "330106009");
  EXPECT_EQ(normalize_division_code("330106009001"), "330106009001");
  EXPECT_EQ(normalize_division_code("330106009"), "330106009");
  EXPECT_EQ(normalize_division_code("330106"), "330106");
}

TEST(DemoDataInput, MalformedSourcesAreRejected) {
  AdminSources good = shipped_sources();
  AdminSources bad = good;
  bad.outline_geojson = "{\"type\":\"Point\",\"coordinates\":[120,30]}";
  EXPECT_THROW(generate_demo_data(bad, 1), std::invalid_argument);
  bad = good;
  bad.outline_geojson = "not json";
  EXPECT_THROW(generate_demo_data(bad, 1), std::invalid_argument);
  bad = good;
  bad.vonng_csv = "";
  EXPECT_THROW(generate_demo_data(bad, 1), std::invalid_argument);
  bad = good;
  bad.villages_csv += "330106999001,\"某某社区\",330106999,33,3301,330106\n";
  EXPECT_THROW(generate_demo_data(bad, 1), std::invalid_argument);
}

TEST(DemoDataInput, AFeatureWrappedOutlineIsAccepted) {
  AdminSources src = shipped_sources();
  const DemoData plain = generate_demo_data(src, 7);
  src.outline_geojson =
      "{\"type\":\"Feature\",\"properties\":{},\"geometry\":" + src.outline_geojson + "}";
  EXPECT_EQ(serialize_all(generate_demo_data(src, 7)), serialize_all(plain));
}

}  // namespace
}  // namespace lakeguard::registry
