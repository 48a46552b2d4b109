// Registry validation, CSV cells and list queries: the pure rules behind every registry write.

#include "registry/validate.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "registry/query.h"

namespace lakeguard::registry {
namespace {

namespace json = boost::json;

JurisdictionIndex west_lake() {
  JurisdictionIndex idx;
  idx.district_code = "330106";
  idx.towns = {"330106009", "330106002"};
  idx.community_town = {{"330106009001", "330106009"}, {"330106002051", "330106002"}};
  idx.min_lon = 119.998;
  idx.max_lon = 120.181;
  idx.min_lat = 30.075;
  idx.max_lat = 30.355;
  return idx;
}

const KindSpec& kind(std::string_view n) { return *find_kind(n); }

Object enterprise() {
  return {{"name", " 测试 "}, {"credit_code", "91330106MA27Y1R19U"},
          {"scale", "规上"},  {"town_code", "330106009"},
          {"lon", 120.1},     {"lat", 30.25}};
}

Result<Object> check(const Object& o, bool partial = false) {
  return validate_object(kind("enterprises"), o, {.partial = partial}, west_lake());
}

TEST(ValidateObject, CasNumbersAreChecked) {
  // The rule itself is tested in tests/unit/standards/cas_test.cpp; here, that the field uses it.
  Object ok{{"name", "液氨"}, {"cas", "7664-41-7"}, {"max_quantity_t", 1.0}};
  EXPECT_TRUE(validate_object(kind("chemicals"), ok, {}, west_lake()).ok());
  Object wrong{{"name", "液氨"}, {"cas", "7664-41-8"}, {"max_quantity_t", 1.0}};
  EXPECT_EQ(validate_object(kind("chemicals"), wrong, {}, west_lake()).error().field, "cas");
}

TEST(ValidateObject, NormalisesAValidEnterprise) {
  auto r = check(enterprise());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->at("name").as_string(), "测试");  // trimmed
}

TEST(ValidateObject, CreditCodeIsUpperCasedAndChecked) {
  auto o = enterprise();
  o["credit_code"] = "91330106ma27y1r19u";
  auto r = check(o);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->at("credit_code").as_string(), "91330106MA27Y1R19U");
  o["credit_code"] = "91330106MA27Y1R19V";
  EXPECT_EQ(check(o).error().field, "credit_code");
}

TEST(ValidateObject, RequiredFieldsOnlyOnCreate) {
  Object o{{"name", "x"}};
  EXPECT_EQ(check(o).error().field, "credit_code");
  EXPECT_TRUE(check(o, true).ok());
}

TEST(ValidateObject, TypesRangesAndClosedSets) {
  auto o = enterprise();
  o["scale"] = "大型";
  EXPECT_EQ(check(o).error().field, "scale");
  o = enterprise();
  o["hazchem_user"] = 1;
  EXPECT_EQ(check(o).error().field, "hazchem_user");
  o = enterprise();
  o["flags"] = json::array{"人员密集场所", "人员密集场所"};
  auto r = check(o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->at("flags").as_array().size(), 1u);  // duplicates collapse
  auto s = validate_object(kind("shelters"),
                           {{"name", "x"},
                            {"capacity_people", 10.0},
                            {"town_code", "330106009"},
                            {"lon", 120.1},
                            {"lat", 30.2}},
                           {}, west_lake());
  ASSERT_TRUE(s.ok()) << s.error().message;  // 10.0 is a whole number
  EXPECT_TRUE(s->at("capacity_people").is_int64());
}

TEST(ValidateObject, UnknownReadOnlyAndSyntheticFieldsAreRefused) {
  auto o = enterprise();
  o["colour"] = "red";
  EXPECT_EQ(check(o).error().field, "colour");
  o = enterprise();
  o["synthetic"] = true;
  EXPECT_EQ(check(o).error().field, "synthetic");
  EXPECT_TRUE(validate_object(kind("enterprises"), o, {.allow_synthetic = true}, west_lake()).ok());
  Object j{{"code", "330106009001"}, {"name", "x"}, {"level", "community"}, {"town_code", "1"}};
  EXPECT_EQ(validate_object(kind("jurisdictions"), j, {}, west_lake()).error().field, "town_code");
}

TEST(ValidateObject, CoordinatesMustBeInTheDistrict) {
  auto o = enterprise();
  o["lon"] = 181;
  EXPECT_EQ(check(o).error().field, "lon");
  o["lon"] = 120.1;
  o["lat"] = 39.9;  // Beijing
  EXPECT_EQ(check(o).error().field, "lat");
  o["lat"] = 30.355 + 0.04;  // inside the 0.05° margin
  EXPECT_TRUE(check(o).ok());
}

TEST(ValidateObject, Gcj02InputIsConvertedToWgs84) {
  auto o = enterprise();
  o["crs"] = "gcj02";
  auto r = check(o);
  ASSERT_TRUE(r.ok());
  EXPECT_LT(r->at("lon").as_double(), 120.1);
  EXPECT_GT(r->at("lat").as_double(), 30.25);
  EXPECT_FALSE(r->contains("crs"));
}

TEST(ValidateObject, TownCodesPaddedToTwelveDigitsAreNormalised) {
  auto o = enterprise();
  o["town_code"] = "330106009000";
  auto r = check(o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->at("town_code").as_string(), "330106009");
}

TEST(ValidateObject, JurisdictionCodesAreNormalisedToTheirNaturalLength) {
  auto code_of = [](std::string code) -> Result<Object> {
    Object j{{"code", code}, {"name", "x"}, {"level", "town"}};
    return validate_object(kind("jurisdictions"), j, {}, west_lake());
  };
  EXPECT_EQ(code_of("330106009000")->at("code").as_string(), "330106009");
  EXPECT_EQ(code_of("330106000000")->at("code").as_string(), "330106");
  EXPECT_EQ(code_of(" 330106009001 ")->at("code").as_string(), "330106009001");
  // A province or city (330100 is GB/T 2260's six-digit form of 杭州市) is no division here.
  for (const char* upper : {"330100", "330000", "3301", "330100000000"}) {
    auto r = code_of(upper);
    ASSERT_FALSE(r.ok()) << upper;
    EXPECT_EQ(r.error().field, "code");
    EXPECT_NE(r.error().message.find("province or city"), std::string::npos) << upper;
  }
  for (const char* bad : {"3301060", "33010600a", "330106000001", "1234567890123"}) {
    auto r = code_of(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().field, "code") << bad;
  }
}

TEST(CompleteObject, OnlyKindsWithOwnRulesHaveAHook) {
  // The generic registry does not branch on kind names: the descriptor carries the rules.
  for (const auto& k : kinds())
    EXPECT_EQ(k.complete != nullptr, k.name == "jurisdictions" || k.name == "chemicals") << k.name;
}

TEST(CompleteObject, CommunityMustBelongToTheTown) {
  Object o{{"town_code", "330106009"}, {"community_code", "330106002051"}};
  EXPECT_EQ(complete_object(kind("enterprises"), o, west_lake()).error().field, "community_code");
  o["community_code"] = "330106009001";
  EXPECT_TRUE(complete_object(kind("enterprises"), o, west_lake()).ok());
}

TEST(CompleteObject, JurisdictionsDeriveTheirScopeColumnsAndParent) {
  Object o{{"code", "330106009001"}, {"name", "x"}, {"level", "community"}};
  ASSERT_TRUE(complete_object(kind("jurisdictions"), o, west_lake()).ok());
  EXPECT_EQ(o.at("parent_code").as_string(), "330106009");
  EXPECT_EQ(o.at("town_code").as_string(), "330106009");
  EXPECT_EQ(o.at("community_code").as_string(), "330106009001");
  Object wrong{{"code", "330106009"}, {"name", "x"}, {"level", "community"}};
  EXPECT_EQ(complete_object(kind("jurisdictions"), wrong, west_lake()).error().field, "code");
  Object town{{"code", "330106009"}, {"name", "x"}, {"level", "town"}};
  ASSERT_TRUE(complete_object(kind("jurisdictions"), town, west_lake()).ok());
  EXPECT_EQ(town.at("parent_code").as_string(), "330106");
  EXPECT_EQ(town.at("town_code").as_string(), "330106009");
  EXPECT_TRUE(town.at("community_code").is_null());
  Object district{{"code", "330106"}, {"name", "x"}, {"level", "district"}};
  ASSERT_TRUE(complete_object(kind("jurisdictions"), district, west_lake()).ok());
  EXPECT_FALSE(district.contains("parent_code"));
  EXPECT_TRUE(district.at("town_code").is_null());
  Object stranger{
      {"code", "330106009"}, {"name", "x"}, {"level", "town"}, {"parent_code", "330105"}};
  EXPECT_EQ(complete_object(kind("jurisdictions"), stranger, west_lake()).error().field,
            "parent_code");
}

TEST(CompleteObject, ChemicalsTakeTheirTable1RowAndUnambiguousClass) {
  Object h2{{"name", "氢气"}, {"max_quantity_t", 1.0}};  // an alias of row 51
  ASSERT_TRUE(complete_object(kind("chemicals"), h2, west_lake()).ok());
  EXPECT_EQ(h2.at("table1_seq").as_int64(), 51);
  EXPECT_EQ(h2.at("hazard_class").as_string(), "W2");
  Object by_cas{{"name", "x"}, {"cas", "6484-52-2"}, {"max_quantity_t", 1.0}};  // rows 43, 44
  EXPECT_EQ(complete_object(kind("chemicals"), by_cas, west_lake()).error().field, "table1_seq");
  Object unknown{{"name", "某溶剂"}, {"max_quantity_t", 1.0}};
  EXPECT_EQ(complete_object(kind("chemicals"), unknown, west_lake()).error().field, "hazard_class");
  Object given{{"name", "某溶剂"}, {"max_quantity_t", 1.0}, {"hazard_class", "W5.3"}};
  EXPECT_TRUE(complete_object(kind("chemicals"), given, west_lake()).ok());
}

TEST(ParseCell, TextCellsBecomeTypedValues) {
  const KindSpec& sh = kind("shelters");
  EXPECT_EQ(parse_cell(*sh.field("capacity_people"), "300")->as_int64(), 300);
  EXPECT_FALSE(parse_cell(*sh.field("capacity_people"), "3OO").ok());
  EXPECT_FALSE(parse_cell(*sh.field("capacity_people"), "12abc").ok());
  EXPECT_DOUBLE_EQ(parse_cell(*sh.field("lon"), " 120.5 ")->as_double(), 120.5);
  EXPECT_TRUE(parse_cell(*sh.field("standardised"), "是")->as_bool());
  EXPECT_FALSE(parse_cell(*sh.field("standardised"), "FALSE")->as_bool());
  EXPECT_FALSE(parse_cell(*sh.field("standardised"), "maybe").ok());
  EXPECT_TRUE(parse_cell(*sh.field("name"), "")->is_null());
  for (const char* bad : {"inf", "-inf", "nan", "0x10", "1e999", "1,5"})
    EXPECT_FALSE(parse_cell(*sh.field("area_m2"), bad).ok()) << bad;
  EXPECT_DOUBLE_EQ(parse_cell(*sh.field("area_m2"), "+1.5e3")->as_double(), 1500);
  EXPECT_FALSE(parse_cell(*kind("stock").field("expiry"), "f+").ok());
  auto list = parse_cell(*kind("teams").field("capabilities"), "水域救援；破拆; 搜救");
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->as_array().size(), 3u);
  EXPECT_EQ(list->as_array()[1].as_string(), "破拆");
}

TEST(ParseCell, CellTextRoundTrips) {
  const FieldSpec& caps = *kind("teams").field("capabilities");
  EXPECT_EQ(cell_text(caps, json::array{"a", "b"}), "a;b");
  EXPECT_EQ(cell_text(*kind("shelters").field("standardised"), true), "true");
  EXPECT_EQ(cell_text(*kind("shelters").field("name"), nullptr), "");
}

TEST(CellText, NumbersAreWrittenInPlainDecimal) {
  const auto& sh = kind("shelters");
  EXPECT_EQ(cell_text(*sh.field("lon"), 120.06), "120.06");  // not 1.2006E2
  EXPECT_EQ(cell_text(*sh.field("area_m2"), 1e21), "1000000000000000000000");
  EXPECT_EQ(cell_text(*sh.field("area_m2"), 0.0000001), "0.0000001");
  EXPECT_EQ(cell_text(*sh.field("area_m2"), 2500.0), "2500");
  EXPECT_EQ(cell_text(*sh.field("capacity_people"), 300), "300");
  // GeoJSON cells too; they parse back to the same numbers.
  const FieldSpec& polygon = *kind("jurisdictions").field("polygon");
  json::value shape = json::parse(R"({"type":"Polygon","coordinates":[[[120.06,30.25],
      [120.1,30.25],[120.0,30.3],[120.06,30.25]]]})");
  std::string text = cell_text(polygon, shape);
  EXPECT_FALSE(std::regex_search(text, std::regex("[0-9][eE]"))) << text;
  EXPECT_NE(text.find("[120.06,30.25]"), std::string::npos) << text;
  EXPECT_NE(text.find("[120.0,30.3]"), std::string::npos) << text;  // still a double
  EXPECT_EQ(*parse_cell(polygon, text), shape);
  for (double d : {120.0612345, -0.5, 30.28, 1e-7, 1e21})
    EXPECT_EQ(parse_cell(*sh.field("area_m2"), cell_text(*sh.field("area_m2"), d))->as_double(), d);
}

TEST(ValidateObject, AnEmptyListIsStoredAsNullAndRoundTripsThroughACell) {
  const auto& teams = kind("teams");
  const FieldSpec& caps = *teams.field("capabilities");
  Object o{{"capabilities", json::array{}}};
  auto r = validate_object(teams, o, {.partial = true}, west_lake());
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->at("capabilities").is_null());
  EXPECT_EQ(cell_text(caps, r->at("capabilities")), "");
  EXPECT_TRUE(parse_cell(caps, "")->is_null());
}

TEST(ValidateObject, ListItemsHoldNoCellSeparator) {
  const auto& teams = kind("teams");
  for (const char* item : {"水域;救援", "水域；救援"}) {
    Object o{{"capabilities", json::array{item}}};
    auto r = validate_object(teams, o, {.partial = true}, west_lake());
    ASSERT_FALSE(r.ok()) << item;
    EXPECT_EQ(r.error().field, "capabilities");
  }
}

TEST(ValidateObject, TextWithControlOrBidiCharactersIsRefusedNamingTheField) {
  using namespace std::string_literals;
  for (const std::string& bad :
       {"测试\u202E企业"s, "测试\0企业"s, "a\x1b[31m"s, "a\u0085b"s, "a\u200Fb"s, "a\u2066b"s,
        "a\u2028b"s, "a\tb"s, "a\nb"s, "a\xff"s}) {
    auto o = enterprise();
    o["address"] = bad;
    auto r = check(o);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().field, "address") << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kValidationFailed);
  }
  auto o = enterprise();
  o["name"] = "测试\u202E企业";
  auto r = check(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().field, "name");
  EXPECT_EQ(r.error().message,
            "'name' contains U+202E (a control or invisible formatting character) at character 3; "
            "remove it.");
  // List items too.
  Object t{{"capabilities", json::array{"搜\u202E救"}}};
  EXPECT_EQ(validate_object(kind("teams"), t, {.partial = true}, west_lake()).error().field,
            "capabilities");
  // Chinese, emoji and a no-break space are text; surrounding whitespace is trimmed first.
  o["name"] = " 西湖🚒\u00A0救援队\n";
  EXPECT_TRUE(check(o).ok());
}

TEST(Dates, CalendarRulesIncludingLeapYears) {
  const FieldSpec& expiry = *kind("stock").field("expiry");
  auto v = [&](const char* d) {
    return validate_object(
        kind("stock"),
        {{"category", "c"}, {"name", "n"}, {"quantity", 1}, {"unit", "件"}, {"expiry", d}}, {},
        west_lake());
  };
  (void)expiry;
  EXPECT_TRUE(v("2028-02-29").ok());
  EXPECT_TRUE(v("2000-02-29").ok());
  EXPECT_FALSE(v("2100-02-29").ok());
  EXPECT_FALSE(v("2027-02-29").ok());
  EXPECT_FALSE(v("2027-04-31").ok());
  EXPECT_FALSE(v("2027-13-01").ok());
  EXPECT_FALSE(v("2027-1-01").ok());
}

TEST(ListQuery, FiltersRangesSortAndPaging) {
  auto q = parse_list_query(kind("shelters"),
                            {{"capacity_people_from", "100"},
                             {"town_code", "330106009"},
                             {"sort", "-capacity_people"},
                             {"page", "3"},
                             {"page_size", "20"},
                             {"q", "西溪"}},
                            true);
  ASSERT_TRUE(q.ok()) << q.error().message;
  EXPECT_EQ(q->filters.size(), 2u);
  EXPECT_EQ(q->filters[0].op, Filter::Op::kFrom);
  EXPECT_EQ(q->sort_column, "capacity_people");
  EXPECT_TRUE(q->sort_desc);
  EXPECT_EQ(q->page, 3);
  EXPECT_EQ(q->page_size, 20);
  EXPECT_EQ(q->q, "西溪");
}

TEST(ListQuery, RejectsWhatItCannotDo) {
  auto bad = [](std::vector<std::pair<std::string, std::string>> p) {
    auto q = parse_list_query(kind("enterprises"), p, true);
    return q.ok() ? std::string("ok") : q.error().field;
  };
  EXPECT_EQ(bad({{"colour", "red"}}), "colour");
  EXPECT_EQ(bad({{"page_size", "501"}}), "page_size");
  EXPECT_EQ(bad({{"page", "0"}}), "page");
  EXPECT_EQ(bad({{"sort", "contact_phone"}}), "sort");  // not sortable
  EXPECT_EQ(bad({{"name_from", "a"}}), "name_from");    // text has no range
  EXPECT_EQ(bad({{"hazchem_user", "perhaps"}}), "hazchem_user");
  EXPECT_EQ(bad({{"sort", "-updated_at"}}), "ok");
  EXPECT_EQ(bad({{"updated_at_from", "2026-11-29T00:00:00Z"}}), "ok");
  EXPECT_EQ(bad({{"updated_at_from", "yesterday"}}), "updated_at_from");
  EXPECT_EQ(bad({{"flags", "高层建筑"}}), "ok");
}

// RFC 7946 §3.1.6. Found by fuzz_json_body: a coordinate such as 0e388 or 1e30 used to be stored
// as given, and a non-finite one then failed to compare equal to itself on re-validation.
TEST(ValidateObject, PolygonsAreClosedRingsOfFiniteWgs84Positions) {
  const auto& j = kind("jurisdictions");
  auto with = [&](std::string_view coords, std::string_view type = "Polygon") {
    Object o{
        {"polygon", json::parse(fmt::format(R"({{"type":"{}","coordinates":{}}})", type, coords))}};
    auto r = validate_object(j, o, {.partial = true}, west_lake());
    return r ? std::string("ok") : r.error().field + ": " + r.error().message;
  };
  EXPECT_EQ(with("[[[120.06,30.25],[120.1,30.25],[120.0,30.3],[120.06,30.25]]]"), "ok");
  EXPECT_EQ(with("[[[[120.06,30.25],[120.1,30.25],[120.0,30.3],[120.06,30.25]]]]", "MultiPolygon"),
            "ok");
  EXPECT_EQ(with("[[[120.06,30.25,12.5],[120.1,30.25,3],[120.0,30.3,0],[120.06,30.25,12.5]]]"),
            "ok");
  for (std::string_view bad_coords :
       {"[[[120.09, 0e388], [120.09, 30.28]]]",                           // fuzz input
        "[[[120.06,30.25],[1e30,30.25],[120.0,30.3],[120.06,30.25]]]",    // lon range
        "[[[120.06,30.25],[120.1,95],[120.0,30.3],[120.06,30.25]]]",      // lat range
        "[[[120.06,30.25],[120.1,30.25],[120.0,30.3],[120.07,30.25]]]",   // not closed
        "[[[120.06,30.25],[120.1,30.25],[120.06,30.25]]]",                // 3 positions
        "[[[120.06,30.25],[120.1],[120.0,30.3],[120.06,30.25]]]",         // short position
        "[[[120.06,30.25],[120.1,\"30\"],[120.0,30.3],[120.06,30.25]]]",  // string
        "[]", "[[]]", "[1,2]"}) {
    std::string r = with(bad_coords);
    EXPECT_EQ(r.substr(0, 9), "polygon: ") << bad_coords << " → " << r;
  }
  EXPECT_EQ(with("[]", "MultiPolygon").substr(0, 9), "polygon: ");
}

}  // namespace
}  // namespace lakeguard::registry
