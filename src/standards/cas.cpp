#include "standards/cas.h"

namespace lakeguard::standards {
namespace {

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

std::optional<int> cas_check_digit(std::string_view cas) {
  // Shape \d{2,7}-\d{2}-\d: exactly two hyphens, the second three characters before the end.
  const auto d1 = cas.find('-');
  if (d1 == std::string_view::npos || cas.size() < d1 + 5) return std::nullopt;
  const auto d2 = d1 + 3;
  if (cas[d2] != '-' || cas.size() != d2 + 2) return std::nullopt;
  const auto first = cas.substr(0, d1), second = cas.substr(d1 + 1, 2), check = cas.substr(d2 + 1);
  if (first.size() < 2 || first.size() > 7 || !all_digits(first) || !all_digits(second) ||
      !all_digits(check))
    return std::nullopt;
  // Digits weighted 1, 2, 3… from the right (the check digit excluded), summed, modulo 10.
  int sum = 0, weight = 1;
  for (auto part : {second, first})
    for (auto it = part.rbegin(); it != part.rend(); ++it, ++weight) sum += (*it - '0') * weight;
  return sum % 10;
}

bool is_valid_cas(std::string_view cas) {
  const auto want = cas_check_digit(cas);
  return want && cas.back() - '0' == *want;
}

}  // namespace lakeguard::standards
