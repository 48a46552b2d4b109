#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <string>
#include <system_error>

#include "db/database.h"

namespace lakeguard::db {
namespace {

[[noreturn]] void throw_null(size_t i) {
  throw DbError("column " + std::to_string(i) + " is NULL where a value is required");
}

[[noreturn]] void throw_not_number(size_t i, const std::string& kind, const std::string& text) {
  throw DbError("column " + std::to_string(i) + " holds '" + text + "', not " + kind);
}

std::string shortest(double d) {
  // to_chars gives the shortest text that reads back as the same double, unlike to_string's "%f".
  std::array<char, 32> buf{};
  auto res = std::to_chars(buf.data(), buf.data() + buf.size(), d);
  return std::string(buf.data(), res.ptr);
}

std::optional<double> parse_double(const std::string& s) {
  double d = 0;
  auto res = std::from_chars(s.data(), s.data() + s.size(), d);
  if (res.ec != std::errc() || res.ptr != s.data() + s.size()) return std::nullopt;
  return d;
}

// Doubles convert to integers only when nothing is lost: a silent truncation would hide a bug.
std::optional<int64_t> exact_int(double d) {
  // 2^63 is exactly representable; every double below it and >= -2^63 fits an int64.
  constexpr double kLimit = 9223372036854775808.0;
  if (!std::isfinite(d) || d != std::trunc(d) || d >= kLimit || d < -kLimit) return std::nullopt;
  return static_cast<int64_t>(d);
}

}  // namespace

int64_t Row::i64(size_t i) const {
  const Value& v = cols.at(i);
  if (const auto* n = std::get_if<int64_t>(&v)) return *n;
  if (const auto* d = std::get_if<double>(&v)) {
    if (auto n = exact_int(*d)) return *n;
    throw_not_number(i, "an integer", shortest(*d));
  }
  if (const auto* s = std::get_if<std::string>(&v)) {
    int64_t n = 0;
    auto res = std::from_chars(s->data(), s->data() + s->size(), n);
    if (res.ec == std::errc() && res.ptr == s->data() + s->size()) return n;
    // Numeric text such as "12.0" (a PostgreSQL numeric rendered as text) is still an integer.
    if (auto d = parse_double(*s)) {
      if (auto m = exact_int(*d)) return *m;
    }
    throw_not_number(i, "an integer", *s);
  }
  throw_null(i);
}

double Row::f64(size_t i) const {
  const Value& v = cols.at(i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* n = std::get_if<int64_t>(&v)) return static_cast<double>(*n);
  if (const auto* s = std::get_if<std::string>(&v)) {
    if (auto d = parse_double(*s)) return *d;
    throw_not_number(i, "a number", *s);
  }
  throw_null(i);
}

std::string Row::str(size_t i) const {
  const Value& v = cols.at(i);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* n = std::get_if<int64_t>(&v)) return std::to_string(*n);
  if (const auto* d = std::get_if<double>(&v)) return shortest(*d);
  throw_null(i);
}

std::optional<int64_t> Row::opt_i64(size_t i) const {
  if (is_null(i)) return std::nullopt;
  return i64(i);
}

std::optional<std::string> Row::opt_str(size_t i) const {
  if (is_null(i)) return std::nullopt;
  return str(i);
}

namespace {

class MaterialisedRow final : public RowView {
 public:
  explicit MaterialisedRow(const Row& r) : r_(r) {}
  size_t size() const override { return r_.cols.size(); }
  bool is_null(size_t i) const override { return r_.is_null(i); }
  int64_t i64(size_t i) const override { return r_.i64(i); }
  double f64(size_t i) const override { return r_.f64(i); }
  std::string_view text(size_t i) const override {
    if (const auto* s = std::get_if<std::string>(&r_.cols.at(i))) return *s;
    scratch_ = r_.str(i);
    return scratch_;
  }

 private:
  const Row& r_;
  mutable std::string scratch_;
};

}  // namespace

void Connection::query_each(std::string_view sql, const std::vector<Value>& params,
                            const std::function<void(const RowView&)>& each) {
  Rows rows = query(sql, params);
  for (const Row& r : rows.rows) each(MaterialisedRow(r));
}

}  // namespace lakeguard::db
