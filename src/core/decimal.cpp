#include "core/decimal.h"

#include <charconv>
#include <cmath>

namespace lakeguard {

std::optional<std::string> plain_decimal(double v) {
  if (!std::isfinite(v)) return std::nullopt;
  if (v == 0) return std::string("0");  // also -0.0: a spreadsheet shows no signed zero
  // std::to_chars with chars_format::fixed and no precision gives the shortest digits that round
  // trip (C++17 [charconv.to.chars]/2). The longest: DBL_MAX has 309 integer digits, the
  // smallest subnormal 4.9e-324 needs "0." and 323 more before its digits.
  char buf[400];
  auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
  if (r.ec != std::errc()) return std::nullopt;  // cannot happen with this buffer
  return std::string(buf, r.ptr);
}

}  // namespace lakeguard
