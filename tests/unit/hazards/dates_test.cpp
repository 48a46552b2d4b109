// Local dates in Asia/Shanghai (UTC+8) and instants in requests.

#include "hazards/dates.h"

#include <gtest/gtest.h>

namespace lakeguard::hazards {
namespace {

TEST(HazardDates, DayNumbersRoundTripThroughLeapYearsAndCenturies) {
  EXPECT_EQ(days_from_civil(1970, 1, 1), 0);
  EXPECT_EQ(date_of_days(0), "1970-01-01");
  for (const char* d : {"2000-02-29", "2024-02-29", "2026-12-31", "2100-03-01", "1999-12-31"})
    EXPECT_EQ(date_of_days(*parse_date(d)), d);
  EXPECT_EQ(*parse_date("2026-03-01") - *parse_date("2026-02-28"), 1);
  EXPECT_EQ(*parse_date("2024-03-01") - *parse_date("2024-02-28"), 2);
}

TEST(HazardDates, RejectsDatesThatAreNotOnTheCalendar) {
  for (const char* d :
       {"2026-02-29", "2100-02-29", "2026-13-01", "2026-00-10", "2026-04-31", "2026-4-01",
        "20260401", "2026-04-01T00:00", "", "1899-12-31", "２０２６-01-01"})
    EXPECT_FALSE(parse_date(d)) << d;
}

TEST(HazardDates, TodayIsTheCalendarDayInShanghaiNotUtc) {
  int64_t utc_1530 = *parse_instant("2026-12-04T15:30:00Z");  // 23:30 in Shanghai
  int64_t utc_1600 = *parse_instant("2026-12-04T16:00:00Z");  // 00:00 on the 5th in Shanghai
  EXPECT_EQ(local_date(utc_1530), "2026-12-04");
  EXPECT_EQ(local_date(utc_1600), "2026-12-05");
  EXPECT_EQ(local_date(utc_1600 - 1), "2026-12-04");
  EXPECT_EQ(local_date_plus(utc_1530, 30), "2027-01-03");
  // Before the epoch too (floor, not truncation).
  EXPECT_EQ(local_date(-8LL * 3600 * 1000 - 1), "1969-12-31");
}

TEST(HazardDates, InstantsNeedAnOffset) {
  EXPECT_EQ(*parse_instant("2026-11-29T08:00:00+08:00"), *parse_instant("2026-11-29T00:00:00Z"));
  EXPECT_EQ(*parse_instant("2026-11-29T00:00Z") + 1500, *parse_instant("2026-11-29T00:00:01.5Z"));
  EXPECT_EQ(*parse_instant("2026-11-28T19:00:00-05:00"), *parse_instant("2026-11-29T00:00:00Z"));
  for (const char* s : {"2026-11-29T08:00:00", "2026-11-29", "2026-11-29T24:00:00Z",
                        "2026-11-29T08:00:60Z", "2026-11-29T08:00:00+0800", "2026-11-29T08:00:00Zx",
                        "2026-02-30T00:00:00Z", "2026-11-29T08:00:00.Z"})
    EXPECT_FALSE(parse_instant(s)) << s;
}

}  // namespace
}  // namespace lakeguard::hazards
