#pragma once
// The West Lake District (西湖区, 330106) demo data set: real administrative divisions from the
// shipped public data plus deterministic, clearly labelled synthetic records (docs/data.md).
//
// Pure: no I/O. The caller reads the files under data/admin/ and passes their contents. The same
// sources and seed give byte-identical output on every platform with the same floating-point
// library (the generator uses its own PRNG, never <random> distributions, whose output differs
// between standard libraries). Thread-safe: no shared state.

#include <boost/json/object.hpp>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace lakeguard::registry {

// Contents of the shipped files under data/ (data/README.md), unmodified.
struct AdminSources {
  // admin/xihu_330106_outline_vonng_adcode.json: a GeoJSON Polygon in GCJ-02.
  std::string outline_geojson;
  // admin/xihu_330106_codes_centres_vonng_adcode.csv: codes and GCJ-02 centres, no header.
  std::string vonng_csv;
  // admin/china-division-2.7.0_streets_330106.csv: the 12 towns, NBS 2023.
  std::string streets_csv;
  // admin/china-division-2.7.0_villages_330106.csv: the 222 communities, NBS 2023.
  std::string villages_csv;
};

// Population figures of the 7th national census (2020), PRODUCT.md "Demo data".
// The district row (pre-2021 boundary) includes the West Lake Scenic Area 西湖风景名胜区; towns and
// communities share the bulletin figure without it.
inline constexpr std::int64_t kDistrictCensusPopulation = 1'112'992;
inline constexpr std::int64_t kScenicAreaPopulation = 23'763;
inline constexpr std::int64_t kDistrictBulletinPopulation = 1'089'229;

// Record counts of the synthetic set (PRODUCT.md "Demo data").
inline constexpr int kEnterprisesAboveScale = 79;   // 规上, 44 of them hazchem users
inline constexpr int kEnterprisesBelowScale = 183;  // 规下, 51 of them
inline constexpr int kEnterprisesSmallMicro = 150;  // 小微, none
inline constexpr int kShelters = 200;
inline constexpr int kStations = 25;

inline constexpr std::uint64_t kDefaultDemoSeed = 330106;

// Each object is exactly the JSON body of the matching create API (no id), plus "synthetic": true
// for generated records and false for the real jurisdictions. Coordinates are WGS-84 degrees
// rounded to 6 decimals (~0.1 m); polygons are GeoJSON Polygons with closed counter-clockwise
// rings. Field lists (docs/data.md has the generation rules):
struct DemoData {
  // District, then its 12 towns, then its 222 communities (parents before children):
  // code, name, level ("district" | "town" | "community"), parent_code (not for the district),
  // lon, lat, population, approximate, polygon (district and towns only), kind (communities
  // only: "社区" | "村"), synthetic = false.
  std::vector<boost::json::object> jurisdictions;
  // name, credit_code, scale ("规上" | "规下" | "小微"), industry, address, town_code,
  // community_code, lon, lat, hazchem_user, flags[], contact_name, contact_phone, synthetic;
  // hazchem users also chemicals[]: name, cas (absent when none), table1_seq, hazard_class,
  // max_quantity_t, storage_unit.
  std::vector<boost::json::object> enterprises;
  // name, type ("室内" | "室外" | "综合"), capacity_people, area_m2, address, town_code,
  // community_code, lon, lat, standardised, video_url ("" or rtsp://127.0.0.1/...), synthetic.
  std::vector<boost::json::object> shelters;
  // 应急服务站 emergency service stations: name, address, town_code, community_code, lon, lat,
  // contact_phone, synthetic.
  std::vector<boost::json::object> stations;
  // One district store, one per town, one per 村 community: name, level ("district" | "town" |
  // "village"), area_m2, address, town_code, community_code, lon, lat, contact_phone, synthetic,
  // stock[]: category, name, quantity, unit, expiry ("YYYY-MM-DD", only for perishables).
  std::vector<boost::json::object> warehouses;
  // One per town (≥ 25 people) and one per community (≥ 10): name, type ("综合救援" |
  // "基层救援"), headcount, base_address, town_code, community_code, lon, lat, capabilities[],
  // contact_phone, synthetic.
  std::vector<boost::json::object> teams;
  // code ("RG-330106009-001"), name, kind, metrics[], town_code, community_code, lon, lat,
  // synthetic. Kinds: rain_gauge (3 per town), water_level, wind, gas_detector,
  // pipeline_pressure, waterlogging, bridge_strain, tunnel_water.
  std::vector<boost::json::object> devices;
  // 5 per town: code ("CAM-330106009-001"), name, stream_url (rtsp://127.0.0.1/live/<code>),
  // town_code, community_code, lon, lat, synthetic.
  std::vector<boost::json::object> cameras;
};

// Builds the demo data set. Throws std::invalid_argument naming the source when a source cannot
// be parsed or lacks a row the set needs (the district row, a town's centre point, a community
// of every town).
DemoData generate_demo_data(const AdminSources& sources, std::uint64_t seed = kDefaultDemoSeed);

// Strips the zero padding some sources add to administrative division codes
// (codes-and-coordinates.md): "330106000000" → "330106", "330106009000" → "330106009". Other
// codes (6 or 9 digits, or 12 digits of a community) are returned unchanged.
std::string normalize_division_code(std::string_view code);

}  // namespace lakeguard::registry
