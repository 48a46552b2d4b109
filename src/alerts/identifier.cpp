#include "alerts/identifier.h"

#include <fmt/format.h>

#include "core/dates.h"

namespace lakeguard::alerts {
namespace {

bool digits(std::string_view s, size_t n) {
  if (s.size() != n) return false;
  for (char ch : s)
    if (ch < '0' || ch > '9') return false;
  return true;
}

// YYYYMMDDhhmmss of the Beijing time at ms.
std::string beijing_compact(int64_t ms) {
  int64_t local = ms + kShanghaiOffsetMs;
  int64_t day = local >= 0 ? local / kDayMs : -((-local + kDayMs - 1) / kDayMs);
  int64_t secs = (local - day * kDayMs) / 1000;
  std::string date = date_of_days(day);  // YYYY-MM-DD
  return fmt::format("{}{}{}{:02}{:02}{:02}", date.substr(0, 4), date.substr(5, 2),
                     date.substr(8, 2), secs / 3600, secs / 60 % 60, secs % 60);
}

}  // namespace

std::string issuer_problem(const IssuerCode& c) {
  if (!digits(c.area, 6)) return "the area code must be 6 digits (GB/T 2260)";
  if (!digits(c.body, 3)) return "the issuing body's code must be 3 digits (GB/T 4657)";
  if (!digits(c.unit, 3)) return "the sub-unit code must be 3 digits";
  if (!digits(c.extension, 2)) return "the extension code must be 2 digits";
  return {};
}

std::string issuer_prefix(const IssuerCode& c) { return c.area + c.body + c.unit + c.extension; }

std::string identifier_stem(const IssuerCode& c, int64_t entered_ms) {
  return issuer_prefix(c) + "_" + beijing_compact(entered_ms) + "_";
}

std::string make_identifier(const IssuerCode& c, int64_t entered_ms, int n) {
  return identifier_stem(c, entered_ms) + static_cast<char>('0' + n);
}

std::optional<int> free_sequence(std::string_view stem, const std::vector<std::string>& taken) {
  bool used[10] = {};
  for (const auto& t : taken)
    if (t.size() == stem.size() + 1 && std::string_view(t).substr(0, stem.size()) == stem &&
        t.back() >= '0' && t.back() <= '9')
      used[t.back() - '0'] = true;
  for (int n = 0; n < 10; ++n)
    if (!used[n]) return n;
  return std::nullopt;
}

bool is_identifier(std::string_view s) {
  if (s.size() != 31 || s[14] != '_' || s[29] != '_') return false;
  if (!digits(s.substr(0, 14), 14) || !digits(s.substr(15, 14), 14) || !digits(s.substr(30), 1))
    return false;
  std::string date = fmt::format("{}-{}-{}", s.substr(15, 4), s.substr(19, 2), s.substr(21, 2));
  if (!parse_date(date)) return false;
  auto two = [&](size_t at) { return (s[at] - '0') * 10 + (s[at + 1] - '0'); };
  return two(23) < 24 && two(25) < 60 && two(27) < 60;
}

}  // namespace lakeguard::alerts
