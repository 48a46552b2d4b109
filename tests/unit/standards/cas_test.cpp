// CAS Registry Numbers: the check-digit rule, against published numbers and bad shapes.

#include "standards/cas.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "standards/gb18218.h"

namespace lakeguard::standards {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in) << "cannot open " << path;
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(Cas, CheckDigitIsTheWeightedSumModuloTen) {
  // 7732-18-5 water: 8·1 + 1·2 + 2·3 + 3·4 + 7·5 + 7·6 = 105 → 5.
  EXPECT_EQ(cas_check_digit("7732-18-5"), 5);
  EXPECT_EQ(cas_check_digit("7732-18-0"), 5) << "the given check digit is not used";
  EXPECT_EQ(cas_check_digit("7664-41-7"), 7);  // ammonia
  EXPECT_EQ(cas_check_digit("7782-50-5"), 5);  // chlorine
  EXPECT_FALSE(cas_check_digit("7732-18").has_value());
  EXPECT_FALSE(cas_check_digit("").has_value());
}

TEST(Cas, EveryNumberOfGb18218Table1IsValid) {
  int n = 0;
  for (const auto& row : table1())
    for (const auto& cas : row.cas) {
      EXPECT_TRUE(is_valid_cas(cas)) << "row " << row.seq << ": " << cas;
      ++n;
    }
  EXPECT_GE(n, 80);
}

// One driver for the golden file (STYLE.md §10).
TEST(CasGolden, NumbersMatchTheGoldenFile) {
  std::istringstream golden(read_file(LAKEGUARD_GOLDEN_DIR "/cas.txt"));
  std::string line;
  int valid = 0, invalid = 0, line_no = 0;
  while (std::getline(golden, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    const auto arrow = line.rfind(" => ");
    ASSERT_NE(arrow, std::string::npos) << "line " << line_no << ": " << line;
    const std::string number = line.substr(0, arrow), want = line.substr(arrow + 4);
    ASSERT_TRUE(want == "valid" || want == "invalid") << "line " << line_no << ": " << line;
    EXPECT_EQ(is_valid_cas(number), want == "valid")
        << "line " << line_no << ": '" << number << "'";
    ++(want == "valid" ? valid : invalid);
  }
  EXPECT_GE(valid, 20);
  EXPECT_GE(invalid, 20);
}

}  // namespace
}  // namespace lakeguard::standards
