// core/json.h: the one JSON writer. Same document as boost::json::serialize (it parses back to
// an equal value), numbers in plain decimal (decision 0010).
#include "core/json.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include <boost/json.hpp>

namespace lakeguard {
namespace {

namespace json = boost::json;

TEST(JsonText, NumbersArePlainDecimal) {
  struct Case {
    double v;
    const char* text;
  } cases[] = {
      {17.5, "17.5"},              // Boost.JSON: 1.75E1
      {120.135995, "120.135995"},  // a longitude; Boost.JSON: 1.20135995E2
      {30.0, "30.0"},              // reads back as a double, not the integer 30
      {0.0, "0.0"},
      {-0.5, "-0.5"},
      {0.0001, "0.0001"},
      {0.1 + 0.2, "0.30000000000000004"},  // the shortest text that reads back exactly
      {1e-7, "1e-07"},                     // below 10⁻⁵: exponent
      {1e21, "1e+21"},                     // from 10¹⁷ up: exponent
  };
  for (const auto& c : cases) {
    EXPECT_EQ(json_text(json::value(c.v)), c.text) << c.v;
    EXPECT_EQ(json::parse(json_text(json::value(c.v))).as_double(), c.v) << c.text;
  }
}

TEST(JsonText, IntegersStringsAndStructure) {
  json::object o{{"id", 42},
                 {"big", std::numeric_limits<uint64_t>::max()},
                 {"neg", std::numeric_limits<int64_t>::min()},
                 {"name", "西湖区 \"quoted\" \\ tab\t nl\n ctl\x01"},
                 {"ok", true},
                 {"none", nullptr},
                 {"list", json::array{1, 2.5, 3.0, "x", json::array{}, json::object{}}}};
  std::string text = json_text(o);
  EXPECT_EQ(text, R"({"id":42,"big":18446744073709551615,"neg":-9223372036854775808,)"
                  R"("name":"西湖区 \"quoted\" \\ tab\t nl\n ctl\u0001","ok":true,"none":null,)"
                  R"("list":[1,2.5,3.0,"x",[],{}]})");
  // The same document as Boost.JSON's own writer: parsed back, the values are equal.
  EXPECT_EQ(json::parse(text), json::parse(json::serialize(o)));
}

TEST(JsonText, NonFiniteBecomesNull) {
  // Boost.JSON cannot read back what it writes for these; null keeps the text valid JSON.
  EXPECT_EQ(json_text(json::value(std::numeric_limits<double>::quiet_NaN())), "null");
  EXPECT_EQ(json_text(json::value(std::numeric_limits<double>::infinity())), "null");
}

}  // namespace
}  // namespace lakeguard
