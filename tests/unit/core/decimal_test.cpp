// Plain decimal text of numbers (core/decimal.h): what the CSV export writes.

#include "core/decimal.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <string>

namespace lakeguard {
namespace {

double read_back(const std::string& s) {
  double d = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), d);
  EXPECT_EQ(r.ec, std::errc()) << s;
  EXPECT_EQ(r.ptr, s.data() + s.size()) << s;
  return d;
}

// Golden: value → text.
struct Case {
  double v;
  const char* text;
};
constexpr Case kGolden[] = {
    {120.06, "120.06"},  // Boost.JSON writes 1.2006E2
    {120.0612345, "120.0612345"},
    {30.2574, "30.2574"},
    {1e-7, "0.0000001"},
    {1e21, "1000000000000000000000"},
    {-0.5, "-0.5"},
    {0.5, "0.5"},
    {0.0, "0"},
    {-0.0, "0"},
    {30.0, "30"},
    {300.0, "300"},
    {-12.0, "-12"},
    {100000.0, "100000"},
    {9007199254740993.0, "9007199254740992"},  // 2^53 + 1 is not a double: the nearest one
    {0.1 + 0.2, "0.30000000000000004"},
    {123456.789e3, "123456789"},
    {1.5e-5, "0.000015"},
};

TEST(PlainDecimal, GoldenValues) {
  for (const auto& c : kGolden) {
    auto s = plain_decimal(c.v);
    ASSERT_TRUE(s) << c.text;
    EXPECT_EQ(*s, c.text);
  }
}

TEST(PlainDecimal, NeverAnExponentAndAlwaysReadsBackExactly) {
  const double values[] = {std::numeric_limits<double>::max(),
                           std::numeric_limits<double>::min(),
                           std::numeric_limits<double>::denorm_min(),
                           -std::numeric_limits<double>::max(),
                           1e300,
                           1e-300,
                           6.02214076e23,
                           1.0 / 3,
                           -2.0 / 3,
                           120.15,
                           30.28,
                           1e17,
                           1e16 + 2};
  for (double v : values) {
    auto s = plain_decimal(v);
    ASSERT_TRUE(s) << v;
    EXPECT_EQ(s->find_first_of("eE"), std::string::npos) << *s;
    EXPECT_EQ(read_back(*s), v) << *s;
  }
  EXPECT_EQ(plain_decimal(1e300)->size(), 301u);
  EXPECT_EQ(*plain_decimal(std::numeric_limits<double>::denorm_min()),
            "0." + std::string(323, '0') + "5");
}

TEST(PlainDecimal, RefusesNanAndInfinity) {
  EXPECT_FALSE(plain_decimal(std::numeric_limits<double>::quiet_NaN()));
  EXPECT_FALSE(plain_decimal(std::numeric_limits<double>::infinity()));
  EXPECT_FALSE(plain_decimal(-std::numeric_limits<double>::infinity()));
}

}  // namespace
}  // namespace lakeguard
