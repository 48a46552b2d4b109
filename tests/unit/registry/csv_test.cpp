#include "registry/csv.h"

#include <gtest/gtest.h>

namespace lakeguard::registry {
namespace {

TEST(ParseCsv, Rfc4180QuotesCommasNewlinesAndDoubledQuotes) {
  auto t = parse_csv("a,b,c\r\n\"x, y\",\"line1\nline2\",\"say \"\"hi\"\"\"\r\n", 10);
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->size(), 2u);
  EXPECT_EQ((*t)[1][0], "x, y");
  EXPECT_EQ((*t)[1][1], "line1\nline2");
  EXPECT_EQ((*t)[1][2], "say \"hi\"");
}

TEST(ParseCsv, BomIsStrippedAndBlankLinesDropped) {
  auto t = parse_csv("\xEF\xBB\xBFname\n\n西湖\n\n", 10);
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->size(), 2u);
  EXPECT_EQ((*t)[0][0], "name");
  EXPECT_EQ((*t)[1][0], "西湖");
}

TEST(ParseCsv, EmptyCellsAndMissingFinalNewline) {
  auto t = parse_csv("a,b,c\n1,,3", 10);
  ASSERT_TRUE(t.ok());
  ASSERT_EQ((*t)[1].size(), 3u);
  EXPECT_EQ((*t)[1][1], "");
}

TEST(ParseCsv, UnterminatedQuoteNamesItsLine) {
  auto t = parse_csv("a\nb\n\"open\n", 10);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().message.find("line 3"), std::string::npos);
}

TEST(ParseCsv, InvalidUtf8AndTooManyRowsAreRefused) {
  EXPECT_EQ(parse_csv("a\n\xff\n", 10).error().code, ErrorCode::kBadRequest);
  EXPECT_EQ(parse_csv("h\n1\n2\n3\n", 2).error().code, ErrorCode::kPayloadTooLarge);
  EXPECT_TRUE(parse_csv("h\n1\n2\n", 2).ok());
}

TEST(Gb18030, ConvertsToUtf8) {
  auto u = gb18030_to_utf8("\xBA\xBC\xD6\xDD");  // 杭州
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(*u, "杭州");
  EXPECT_FALSE(gb18030_to_utf8("\x81").ok());  // a truncated two-byte sequence
}

TEST(CsvLine, QuotesWhenNeededAndDefusesFormulas) {
  EXPECT_EQ(csv_line({"a", "b,c", "say \"hi\""}), "a,\"b,c\",\"say \"\"hi\"\"\"\r\n");
  EXPECT_EQ(csv_line({"=1+1", "+86", "@SUM(A1)", "-5", "-2.5", "-1+cmd"}),
            "'=1+1,'+86,'@SUM(A1),-5,-2.5,'-1+cmd\r\n");
}

}  // namespace
}  // namespace lakeguard::registry
