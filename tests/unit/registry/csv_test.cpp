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
  EXPECT_EQ(csv_line({"\tx", "=a,b"}), "'\tx,\"'=a,b\"\r\n");
}

TEST(CsvGuard, OneApostropheBeforeAFormulaTriggerAfterTheValuesOwnApostrophes) {
  EXPECT_EQ(csv_guard("+86 571 8888 0000"), "'+86 571 8888 0000");
  EXPECT_EQ(csv_guard("'=x"), "''=x");
  EXPECT_EQ(csv_guard("''+1"), "'''+1");
  EXPECT_EQ(csv_guard("'abc"), "'abc");  // no trigger after the apostrophe: as it is
  EXPECT_EQ(csv_guard("'"), "'");
  EXPECT_EQ(csv_guard("-0.5"), "-0.5");  // a plain negative number
  EXPECT_EQ(csv_guard("-"), "'-");       // not a number
  EXPECT_EQ(csv_guard("-1.2.3"), "'-1.2.3");
  EXPECT_EQ(csv_guard("-.5"), "'-.5");
  EXPECT_EQ(csv_guard("1+1"), "1+1");
  EXPECT_EQ(csv_guard(""), "");
}

TEST(CsvUnguard, RemovesOnlyTheGuardApostrophe) {
  EXPECT_EQ(csv_unguard("'+86 571 8888 0000"), "+86 571 8888 0000");
  EXPECT_EQ(csv_unguard("''=x"), "'=x");
  EXPECT_EQ(csv_unguard("'abc"), "'abc");  // an apostrophe that guards nothing is data
  EXPECT_EQ(csv_unguard("'-5"), "'-5");    // a number is never guarded
  EXPECT_EQ(csv_unguard("-5"), "-5");
  EXPECT_EQ(csv_unguard("'"), "'");
  EXPECT_EQ(csv_unguard("=1"), "=1");  // an unguarded formula in a hand-made file stays text
}

// Property: whatever a value is, its guarded cell imports as that value again.
TEST(CsvUnguard, UndoesTheGuardForEveryValue) {
  const char* tricky[] = {"",     "'",   "''",  "'''", "=",    "'=",   "''=",  "+",      "+86",
                          "'+86", "-",   "-5",  "'-5", "''-5", "-5a",  "'-5a", "-1+cmd", "@",
                          "'@x",  "\t",  "'\t", "\r",  "'\r1", "a'=b", "西湖", "'西湖",  "=西湖",
                          "-0.5", "-.5", "--5", "1e5", "-1e5", " =x",  "'' ",  "=''"};
  for (const char* x : tricky) EXPECT_EQ(csv_unguard(csv_guard(x)), x) << "[" << x << "]";
  // And every string of up to five characters over the alphabet that matters.
  const std::string alphabet = "'=+-@\t5.a";
  std::vector<std::string> level{""};
  for (int len = 1; len <= 5; ++len) {
    std::vector<std::string> next;
    for (const auto& p : level)
      for (char c : alphabet) next.push_back(p + c);
    for (const auto& x : next) ASSERT_EQ(csv_unguard(csv_guard(x)), x) << "[" << x << "]";
    level = std::move(next);
  }
}

// Through a whole line: an exported line parses back to the cells it was made from, unguarded.
TEST(CsvUnguard, ExportedLinesParseBackToTheirValues) {
  std::vector<std::string> cells{"+86 571 8888 0000", "''=SUM(A1)", "a,b", "say \"hi\"",
                                 "line1\nline2",      "-120.06",    "@x",  ""};
  auto t = parse_csv(csv_line(cells), 10);
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->size(), 1u);
  ASSERT_EQ((*t)[0].size(), cells.size());
  for (size_t i = 0; i < cells.size(); ++i) EXPECT_EQ(csv_unguard((*t)[0][i]), cells[i]);
}

}  // namespace
}  // namespace lakeguard::registry
