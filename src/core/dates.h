#pragma once
// Calendar dates and times of the district. Deadlines, certificate expiries and "today" are dates
// (YYYY-MM-DD) in Asia/Shanghai, the district's local time (UTC+8 all year: China has had no
// daylight saving since 1991), so "today", "30 days from now" and "overdue" are calendar days
// there, whatever the server's own time zone. Shared by the contexts (hidden-danger deadlines,
// safety-code expiries). Pure.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace lakeguard {

inline constexpr int64_t kShanghaiOffsetMs = 8LL * 3600 * 1000;
inline constexpr int64_t kDayMs = 24LL * 3600 * 1000;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
int64_t days_from_civil(int64_t y, unsigned m, unsigned d) noexcept;
// "YYYY-MM-DD" of a day number.
std::string date_of_days(int64_t days);
// The day number of "YYYY-MM-DD" (a real calendar date, years 1900–9999), or nullopt.
std::optional<int64_t> parse_date(std::string_view s);

// The local date (Asia/Shanghai) at epoch milliseconds `ms`, as a day number / as "YYYY-MM-DD".
int64_t local_day(int64_t ms) noexcept;
std::string local_date(int64_t ms);
// The local date `days` calendar days after the local date at `ms`.
std::string local_date_plus(int64_t ms, int64_t days);

// An instant in a request (API-CONVENTIONS.md "Fields and values"): ISO 8601 with an offset —
// "2026-11-29T08:00:00+08:00", "2026-11-29T00:00Z", seconds and fractions optional — as epoch
// milliseconds, or nullopt (a time without an offset is ambiguous and refused).
std::optional<int64_t> parse_instant(std::string_view s);

// Days (with fractions) from instant a to instant b, for "days to close".
inline double days_between(int64_t a_ms, int64_t b_ms) {
  return static_cast<double>(b_ms - a_ms) / static_cast<double>(kDayMs);
}

}  // namespace lakeguard
