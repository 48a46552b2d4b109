// Reminders and supervision (督办): the pure schedule against hand-computed instants, and a
// 60-simulated-day run with a fake clock stepping hourly, a restart and a 5-day downtime.

#include "hazards/schedule.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

#include "core/clock.h"
#include "hazards/dates.h"

namespace lakeguard::hazards {
namespace {

int64_t at(const char* iso) { return *parse_instant(iso); }

ScheduleInput rectifying(int64_t id, const char* deadline, int64_t set_at_ms,
                         Level responsible = Level::kEnterprise) {
  return ScheduleInput{.hazard_id = id,
                       .status = State::kRectifying,
                       .deadline = deadline,
                       .deadline_set_at_ms = set_at_ms,
                       .responsible = responsible,
                       .enterprise_id = 40 + id,
                       .community_code = "320102001001",
                       .town_code = "320102001"};
}

TEST(HazardSchedule, LevelsAndResponsibility) {
  for (Level l : {Level::kEnterprise, Level::kCommunity, Level::kTown, Level::kDistrict})
    EXPECT_EQ(parse_level(level_name(l)), l);
  EXPECT_FALSE(parse_level("province"));
  EXPECT_EQ(responsible_level(Role::kCommunityOfficer), Level::kCommunity);
  EXPECT_EQ(responsible_level(Role::kTownOfficer), Level::kEnterprise);
  EXPECT_EQ(responsible_level(Role::kEnterpriseUser), Level::kEnterprise);
  EXPECT_EQ(level_above(Level::kEnterprise), Level::kTown);
  EXPECT_EQ(level_above(Level::kCommunity), Level::kTown);
  EXPECT_EQ(level_above(Level::kTown), Level::kDistrict);
  EXPECT_EQ(level_above(Level::kDistrict), Level::kDistrict);
  EXPECT_EQ(notice_kind_name(NoticeKind::kReminder), "reminder");
  EXPECT_EQ(notice_kind_name(NoticeKind::kSupervision), "supervision");
}

TEST(HazardSchedule, SevenDaysBeforeIsThatLocalDateAtTheHour) {
  ScheduleConfig c;
  auto h = rectifying(1, "2026-12-20", at("2026-12-01T10:00:00+08:00"));
  int64_t due = at("2026-12-13T09:00:00+08:00");
  EXPECT_EQ(due, at("2026-12-13T01:00:00Z"));
  EXPECT_TRUE(due_notices(h, due - 1, c).empty());
  auto n = due_notices(h, due, c);
  ASSERT_EQ(n.size(), 1u);
  EXPECT_EQ(n[0], (Notice{.hazard_id = 1,
                          .kind = NoticeKind::kReminder,
                          .stage = 7,
                          .deadline = "2026-12-20",
                          .to_level = Level::kEnterprise,
                          .to_code = "41",
                          .due_at_ms = due,
                          .superseded = false}));
  EXPECT_EQ(next_due_ms(h, due - 1, c), due);
  EXPECT_EQ(next_due_ms(h, due, c), at("2026-12-17T09:00:00+08:00"));
  EXPECT_EQ(due_notices(h, at("2026-12-19T09:00:00+08:00"), c).size(), 3u);
  // The deadline day itself is in time: no order before the first overdue day.
  EXPECT_EQ(due_notices(h, at("2026-12-21T08:59:59+08:00"), c).size(), 3u);
  EXPECT_EQ(due_notices(h, at("2026-12-21T09:00:00+08:00"), c).size(), 4u);
}

TEST(HazardSchedule, OverdueStartsAtShanghaiMidnightNotUtc) {
  ScheduleConfig c{.reminder_hour = 0};
  auto h = rectifying(2, "2026-12-20", 0);
  // 2026-12-21 00:00 in Shanghai is 2026-12-20 16:00 UTC (still the 20th in UTC).
  int64_t midnight = at("2026-12-20T16:00:00Z");
  EXPECT_EQ(supervision_due_ms(*parse_date("2026-12-20"), 0, c), midnight);
  auto before = due_notices(h, midnight - 1, c);
  ASSERT_EQ(before.size(), 3u);
  for (const auto& n : before) EXPECT_EQ(n.kind, NoticeKind::kReminder);
  auto after = due_notices(h, midnight, c);
  ASSERT_EQ(after.size(), 4u);
  EXPECT_EQ(after[3].kind, NoticeKind::kSupervision);
  EXPECT_EQ(after[3].stage, 0);
  // The 1-day reminder at local midnight of the 19th is 16:00 UTC on the 18th.
  EXPECT_EQ(before[2].stage, 1);
  EXPECT_EQ(before[2].due_at_ms, at("2026-12-18T16:00:00Z"));
}

TEST(HazardSchedule, EscalationChainEnterpriseTownDistrictThenFinal) {
  ScheduleConfig c;
  auto h = rectifying(3, "2026-12-20", 0);
  auto all = due_notices(h, at("2027-06-01T00:00:00Z"), c);
  ASSERT_EQ(all.size(), 5u);  // 7, 3, 1, then two orders
  EXPECT_EQ(all[3].kind, NoticeKind::kSupervision);
  EXPECT_EQ(all[3].stage, 0);
  EXPECT_EQ(all[3].to_level, Level::kTown);
  EXPECT_EQ(all[3].to_code, "320102001");
  EXPECT_EQ(all[3].due_at_ms, at("2026-12-21T09:00:00+08:00"));
  EXPECT_EQ(all[4].stage, 1);
  EXPECT_EQ(all[4].to_level, Level::kDistrict);
  EXPECT_EQ(all[4].to_code, "");
  EXPECT_EQ(all[4].due_at_ms, at("2026-12-24T09:00:00+08:00"));
  EXPECT_FALSE(next_due_ms(h, at("2027-06-01T00:00:00Z"), c));
  // Reminders computed after the deadline passed are recorded but superseded.
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(all[i].superseded);
  EXPECT_FALSE(all[3].superseded);

  // A community officer's hazard: community → town → district.
  auto comm = rectifying(4, "2026-12-20", 0, Level::kCommunity);
  auto cn = due_notices(comm, at("2027-06-01T00:00:00Z"), c);
  ASSERT_EQ(cn.size(), 5u);
  EXPECT_EQ(cn[0].to_level, Level::kCommunity);
  EXPECT_EQ(cn[0].to_code, "320102001001");
  EXPECT_EQ(cn[3].to_level, Level::kTown);
  EXPECT_EQ(cn[4].to_level, Level::kDistrict);

  // A town responsible goes straight to the district, and that is final.
  auto town = rectifying(5, "2026-12-20", 0, Level::kTown);
  auto tn = due_notices(town, at("2027-06-01T00:00:00Z"), c);
  ASSERT_EQ(tn.size(), 4u);
  EXPECT_EQ(tn[3].to_level, Level::kDistrict);
  EXPECT_EQ(tn[3].stage, 0);

  // max_level town: the order to the town is the last one.
  ScheduleConfig to_town{.max_level = Level::kTown};
  EXPECT_EQ(due_notices(h, at("2027-06-01T00:00:00Z"), to_town).size(), 4u);
}

TEST(HazardSchedule, EscalationIntervalIsConfigurable) {
  ScheduleConfig c{.escalation_interval_days = 5};
  auto h = rectifying(6, "2026-12-20", 0);
  int64_t stage1 = at("2026-12-26T09:00:00+08:00");
  EXPECT_EQ(due_notices(h, stage1 - 1, c).size(), 4u);
  auto n = due_notices(h, stage1, c);
  ASSERT_EQ(n.size(), 5u);
  EXPECT_EQ(n[4].due_at_ms, stage1);
}

TEST(HazardSchedule, OnlyOpenHazardsWithADeadlineAndOnlyRemindersOwed) {
  ScheduleConfig c;
  int64_t late = at("2027-06-01T00:00:00Z");
  auto h = rectifying(7, "2026-12-20", 0);
  h.status = State::kSubmitted;
  EXPECT_EQ(due_notices(h, late, c).size(), 5u);
  for (State s : {State::kReported, State::kClosed}) {
    h.status = s;
    EXPECT_TRUE(due_notices(h, late, c).empty());
    EXPECT_FALSE(next_due_ms(h, 0, c));
  }
  auto none = rectifying(8, "", 0);
  EXPECT_TRUE(due_notices(none, late, c).empty());
  auto bad = rectifying(9, "2026-02-30", 0);
  EXPECT_TRUE(due_notices(bad, late, c).empty());
  // Confirmed on 2026-12-16 with the deadline on the 20th: the 7-day reminder (the 13th) was
  // never owed; the 3-day one at 09:00 on the 17th is.
  auto short_deadline = rectifying(10, "2026-12-20", at("2026-12-16T15:00:00+08:00"));
  auto sn = due_notices(short_deadline, at("2026-12-19T12:00:00+08:00"), c);
  ASSERT_EQ(sn.size(), 2u);
  EXPECT_EQ(sn[0].stage, 3);
  EXPECT_EQ(sn[1].stage, 1);
  // Reminders before the deadline are caught up after a downtime, not superseded.
  auto caught = due_notices(rectifying(11, "2026-12-20", 0), at("2026-12-20T23:00:00+08:00"), c);
  ASSERT_EQ(caught.size(), 3u);
  for (const auto& n : caught) EXPECT_FALSE(n.superseded);
}

// A store stand-in with the migration's unique key: what survives a "restart" is only this.
using Key = std::tuple<int64_t, NoticeKind, int, std::string>;
struct Recorded {
  Notice notice;
  int64_t recorded_at_ms;
};
using Db = std::map<Key, Recorded>;

// A scheduler process: holds nothing but the config; each pass derives everything from the
// hazards and the db, inserting with ON CONFLICT DO NOTHING semantics.
struct Process {
  ScheduleConfig config;
  int inserted = 0;
  int delivered = 0;
  void pass(const std::vector<ScheduleInput>& hazards, Db& db, int64_t now) {
    for (const auto& h : hazards)
      for (const auto& n : due_notices(h, now, config))
        if (db.emplace(Key{n.hazard_id, n.kind, n.stage, n.deadline}, Recorded{n, now}).second) {
          ++inserted;
          if (!n.superseded) ++delivered;
        }
  }
};

TEST(HazardSchedule, SixtySimulatedDaysWithARestartAndAFiveDayDowntime) {
  FakeClock clock(at("2026-12-01T00:00:00+08:00"));
  int64_t t0 = clock.now_ms();
  std::vector<ScheduleInput> hazards = {
      rectifying(1, "2026-12-20", t0),                     // 7/3/1, town, district
      rectifying(2, "2026-12-05", t0, Level::kCommunity),  // 7-day never owed
      rectifying(3, "2026-12-29", t0),                     // 3- and 1-day fall in the downtime
      rectifying(4, "2027-02-28", t0),                     // beyond the 60 days
      rectifying(5, "2026-12-10", t0),
  };
  hazards[4].status = State::kSubmitted;
  auto closed = rectifying(6, "2026-12-03", t0);
  closed.status = State::kClosed;
  hazards.push_back(closed);

  int64_t restart_at = at("2026-12-15T00:00:00+08:00");
  int64_t down_from = at("2026-12-26T00:00:00+08:00");
  int64_t down_to = at("2026-12-31T00:00:00+08:00");  // 5 days without a pass
  int64_t end = t0 + 60 * kDayMs;

  Db db;
  auto process = std::make_unique<Process>();
  int inserted = 0, delivered = 0;
  constexpr int64_t kHour = 3600LL * 1000;
  while (clock.now_ms() <= end) {
    int64_t now = clock.now_ms();
    if (now == restart_at) {  // a restart: a new process over the same db
      inserted += process->inserted;
      delivered += process->delivered;
      process = std::make_unique<Process>();
    }
    if (now < down_from || now >= down_to) {
      process->pass(hazards, db, now);
      process->pass(hazards, db, now);  // a second pass at the same instant adds nothing
    }
    clock.advance_ms(kHour);
  }
  inserted += process->inserted;
  delivered += process->delivered;

  struct Expected {
    int64_t id;
    NoticeKind kind;
    int stage;
    const char* due_local;
    Level to;
    bool superseded;
    bool in_downtime;
  };
  const auto R = NoticeKind::kReminder;
  const auto S = NoticeKind::kSupervision;
  const Expected expected[] = {
      {1, R, 7, "2026-12-13T09:00:00+08:00", Level::kEnterprise, false, false},
      {1, R, 3, "2026-12-17T09:00:00+08:00", Level::kEnterprise, false, false},
      {1, R, 1, "2026-12-19T09:00:00+08:00", Level::kEnterprise, false, false},
      {1, S, 0, "2026-12-21T09:00:00+08:00", Level::kTown, false, false},
      {1, S, 1, "2026-12-24T09:00:00+08:00", Level::kDistrict, false, false},
      {2, R, 3, "2026-12-02T09:00:00+08:00", Level::kCommunity, false, false},
      {2, R, 1, "2026-12-04T09:00:00+08:00", Level::kCommunity, false, false},
      {2, S, 0, "2026-12-06T09:00:00+08:00", Level::kTown, false, false},
      {2, S, 1, "2026-12-09T09:00:00+08:00", Level::kDistrict, false, false},
      {3, R, 7, "2026-12-22T09:00:00+08:00", Level::kEnterprise, false, false},
      {3, R, 3, "2026-12-26T09:00:00+08:00", Level::kEnterprise, true, true},
      {3, R, 1, "2026-12-28T09:00:00+08:00", Level::kEnterprise, true, true},
      {3, S, 0, "2026-12-30T09:00:00+08:00", Level::kTown, false, true},
      {3, S, 1, "2027-01-02T09:00:00+08:00", Level::kDistrict, false, false},
      {5, R, 7, "2026-12-03T09:00:00+08:00", Level::kEnterprise, false, false},
      {5, R, 3, "2026-12-07T09:00:00+08:00", Level::kEnterprise, false, false},
      {5, R, 1, "2026-12-09T09:00:00+08:00", Level::kEnterprise, false, false},
      {5, S, 0, "2026-12-11T09:00:00+08:00", Level::kTown, false, false},
      {5, S, 1, "2026-12-14T09:00:00+08:00", Level::kDistrict, false, false},
  };
  ASSERT_EQ(db.size(), std::size(expected));
  EXPECT_EQ(inserted, static_cast<int>(std::size(expected)));  // each exactly once
  EXPECT_EQ(delivered, static_cast<int>(std::size(expected)) - 2);
  for (const auto& e : expected) {
    std::string deadline = hazards[e.id - 1].deadline;
    auto it = db.find(Key{e.id, e.kind, e.stage, deadline});
    ASSERT_NE(it, db.end()) << e.id << " " << e.stage << " " << e.due_local;
    const Recorded& r = it->second;
    EXPECT_EQ(r.notice.due_at_ms, at(e.due_local)) << e.id << " " << e.stage;
    EXPECT_EQ(r.notice.to_level, e.to) << e.id << " " << e.stage;
    EXPECT_EQ(r.notice.superseded, e.superseded) << e.id << " " << e.stage;
    // Recorded by the first pass at or after it was due: on the hour, or right after the downtime.
    EXPECT_EQ(r.recorded_at_ms, e.in_downtime ? down_to : r.notice.due_at_ms)
        << e.id << " " << e.stage;
  }
}

}  // namespace
}  // namespace lakeguard::hazards
