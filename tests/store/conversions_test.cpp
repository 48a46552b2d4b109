// Backend-free parts of db/: Row conversions and the `?` → `$n` rewrite.

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "db/database.h"

namespace lakeguard::db {
namespace {

Row row_of(Value v) { return Row{{std::move(v)}}; }

TEST(PgPlaceholders, NumbersEachQuestionMarkInOrder) {
  EXPECT_EQ(to_pg_placeholders("SELECT a FROM t WHERE b = ? AND c IN (?, ?)"),
            "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)");
  EXPECT_EQ(to_pg_placeholders("SELECT 1"), "SELECT 1");
}

TEST(PgPlaceholders, LeavesStringLiteralsAlone) {
  EXPECT_EQ(to_pg_placeholders("SELECT '?', ?, 'it''s ?', ?"), "SELECT '?', $1, 'it''s ?', $2");
  EXPECT_EQ(to_pg_placeholders(R"(SELECT E'\'?', ?)"), R"(SELECT E'\'?', $1)");
  // Outside an E'' literal a backslash is an ordinary character.
  EXPECT_EQ(to_pg_placeholders(R"(SELECT '\', ?)"), R"(SELECT '\', $1)");
}

TEST(PgPlaceholders, LeavesQuotedIdentifiersAlone) {
  EXPECT_EQ(to_pg_placeholders(R"(SELECT "why?" FROM t WHERE "a""?" = ?)"),
            R"(SELECT "why?" FROM t WHERE "a""?" = $1)");
}

TEST(PgPlaceholders, LeavesCommentsAlone) {
  EXPECT_EQ(to_pg_placeholders("SELECT ? -- really?\n, ?"), "SELECT $1 -- really?\n, $2");
  EXPECT_EQ(to_pg_placeholders("SELECT /* a? /* nested? */ b? */ ?"),
            "SELECT /* a? /* nested? */ b? */ $1");
}

TEST(PgPlaceholders, LeavesDollarQuotedStringsAlone) {
  EXPECT_EQ(to_pg_placeholders("SELECT $$ ? $$, ?, $fn$ ? $$ ? $fn$, ?"),
            "SELECT $$ ? $$, $1, $fn$ ? $$ ? $fn$, $2");
  // A dollar inside an identifier starts nothing.
  EXPECT_EQ(to_pg_placeholders("SELECT a$b FROM t WHERE c = ?"), "SELECT a$b FROM t WHERE c = $1");
}

TEST(PgPlaceholders, UnterminatedLiteralIsCopiedAsIs) {
  EXPECT_EQ(to_pg_placeholders("SELECT ?, 'open ?"), "SELECT $1, 'open ?");
}

TEST(RowConversion, IntegersComeFromAnyExactNumber) {
  EXPECT_EQ(row_of(int64_t{42}).i64(0), 42);
  EXPECT_EQ(row_of(12.0).i64(0), 12);
  EXPECT_EQ(row_of(std::string("12")).i64(0), 12);
  EXPECT_EQ(row_of(std::string("-9223372036854775808")).i64(0),
            std::numeric_limits<int64_t>::min());
  EXPECT_EQ(row_of(std::string("6.0")).i64(0), 6);  // a numeric rendered as text
}

TEST(RowConversion, InexactOrNonNumericIntegersThrow) {
  EXPECT_THROW(row_of(12.5).i64(0), DbError);
  EXPECT_THROW(row_of(1e30).i64(0), DbError);
  EXPECT_THROW(row_of(std::string("12abc")).i64(0), DbError);
  EXPECT_THROW(row_of(std::string("")).i64(0), DbError);
}

TEST(RowConversion, DoublesComeFromIntegersAndText) {
  EXPECT_EQ(row_of(2.5).f64(0), 2.5);
  EXPECT_EQ(row_of(int64_t{3}).f64(0), 3.0);
  EXPECT_EQ(row_of(std::string("0.1")).f64(0), 0.1);
  EXPECT_THROW(row_of(std::string("abc")).f64(0), DbError);
}

TEST(RowConversion, StringsRenderNumbersExactly) {
  EXPECT_EQ(row_of(std::string("西湖")).str(0), "西湖");
  EXPECT_EQ(row_of(int64_t{-7}).str(0), "-7");
  EXPECT_EQ(row_of(0.1).str(0), "0.1");
}

TEST(RowConversion, NullIsAnErrorUnlessOptional) {
  Row r = row_of(nullptr);
  EXPECT_TRUE(r.is_null(0));
  EXPECT_THROW(r.i64(0), DbError);
  EXPECT_THROW(r.f64(0), DbError);
  EXPECT_THROW(r.str(0), DbError);
  EXPECT_EQ(r.opt_i64(0), std::nullopt);
  EXPECT_EQ(r.opt_str(0), std::nullopt);
  EXPECT_EQ(row_of(int64_t{5}).opt_i64(0), 5);
  EXPECT_EQ(row_of(std::string()).opt_str(0), "");
}

}  // namespace
}  // namespace lakeguard::db
