// Administrative division codes: levels, zero padding and parents (GB/T 2260 and the statistical
// division codes), against a golden file and the shipped West Lake District code lists.

#include "standards/division_code.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace lakeguard::standards {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot open " << path;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(' ');
  if (b == std::string::npos) return {};
  return s.substr(b, s.find_last_not_of(' ') - b + 1);
}

std::string level_name(std::optional<DivisionLevel> level) {
  if (!level) return "-";
  switch (*level) {
    case DivisionLevel::kProvince:
      return "province";
    case DivisionLevel::kCity:
      return "city";
    case DivisionLevel::kDistrict:
      return "district";
    case DivisionLevel::kTown:
      return "town";
    case DivisionLevel::kCommunity:
      return "community";
  }
  return "?";
}

TEST(DivisionCode, NaturalLengthsPerLevel) {
  EXPECT_EQ(division_code_length(DivisionLevel::kProvince), 2u);
  EXPECT_EQ(division_code_length(DivisionLevel::kCity), 4u);
  EXPECT_EQ(division_code_length(DivisionLevel::kDistrict), 6u);
  EXPECT_EQ(division_code_length(DivisionLevel::kTown), 9u);
  EXPECT_EQ(division_code_length(DivisionLevel::kCommunity), 12u);
}

TEST(DivisionCode, NormalisingTrimsSpaces) {
  EXPECT_EQ(normalize_division_code("  330106009000\t"), "330106009");
  EXPECT_EQ(normalize_division_code("\xE3\x80\x80"
                                    "330106"
                                    "\xE3\x80\x80"),
            "330106");
  EXPECT_EQ(normalize_division_code(" \xE3\x80\x80 330106009001 "), "330106009001");
  EXPECT_EQ(normalize_division_code(""), "");
  EXPECT_EQ(normalize_division_code("   "), "");
  EXPECT_EQ(normalize_division_code("330 106"), "330 106") << "inner spaces are not trimmed";
}

TEST(DivisionCode, LevelIsNotTrimmed) {
  EXPECT_FALSE(division_level(" 330106").has_value());
  EXPECT_FALSE(division_level("").has_value());
  EXPECT_FALSE(parent_division_code("").has_value());
}

// One driver for the golden file (STYLE.md §10).
TEST(DivisionCodeGolden, CodesMatchTheGoldenFile) {
  std::istringstream golden(read_file(LAKEGUARD_GOLDEN_DIR "/division_codes.txt"));
  std::string line;
  int cases = 0, line_no = 0;
  while (std::getline(golden, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    const auto arrow = line.rfind(" => ");
    ASSERT_NE(arrow, std::string::npos) << "line " << line_no << ": " << line;
    const std::string raw = line.substr(0, arrow);
    std::vector<std::string> want;
    std::istringstream parts(line.substr(arrow + 4));
    for (std::string p; std::getline(parts, p, '|');) want.push_back(trim(p));
    ASSERT_EQ(want.size(), 3u) << "line " << line_no << ": " << line;
    const std::string code = normalize_division_code(raw);
    EXPECT_EQ(code, want[0]) << "line " << line_no << ": " << raw;
    EXPECT_EQ(level_name(division_level(code)), want[1]) << "line " << line_no << ": " << raw;
    EXPECT_EQ(parent_division_code(code).value_or("-"), want[2]) << "line " << line_no;
    EXPECT_EQ(normalize_division_code(code), code) << "normalising is idempotent: " << raw;
    ++cases;
  }
  EXPECT_GE(cases, 25);
}

// Every town/street and community/village of the shipped NBS lists (china-division 2.7.0) is a
// natural code of its level whose parent is the list's own parent column.
TEST(DivisionCode, ShippedWestLakeCodesAreNaturalWithTheirParents) {
  struct List {
    const char* file;
    DivisionLevel level;
    int parent_column;  // streets: areaCode (2); villages: streetCode (2)
  };
  for (const List& l :
       {List{"china-division-2.7.0_streets_330106.csv", DivisionLevel::kTown, 2},
        List{"china-division-2.7.0_villages_330106.csv", DivisionLevel::kCommunity, 2}}) {
    std::istringstream csv(read_file(std::string(LAKEGUARD_DATA_DIR "/admin/") + l.file));
    std::string line;
    std::getline(csv, line);  // header
    int rows = 0;
    while (std::getline(csv, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty()) continue;
      std::vector<std::string> f;
      std::istringstream cells(line);
      for (std::string c; std::getline(cells, c, ',');) f.push_back(c);
      ASSERT_GT(f.size(), static_cast<size_t>(l.parent_column)) << line;
      EXPECT_EQ(division_level(f[0]), l.level) << l.file << ": " << f[0];
      EXPECT_EQ(parent_division_code(f[0]).value_or("-"), f[l.parent_column]) << f[0];
      EXPECT_EQ(normalize_division_code(f[0] + std::string(12 - f[0].size(), '0')), f[0]);
      ++rows;
    }
    EXPECT_GT(rows, 10) << l.file;
  }
}

}  // namespace
}  // namespace lakeguard::standards
