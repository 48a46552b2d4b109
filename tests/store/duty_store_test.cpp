// The duty rota's store (src/duty/store.h) on SQLite (a file) and PostgreSQL (a fresh database
// in LAKEGUARD_TEST_PG_URL): who is on duty at the 08:00 boundary of two 24-hour shifts — at
// 08:00 exactly the outgoing shift (start < now ≤ end), a millisecond later the incoming one —
// scope in the query (a town sees only its town's shifts, the district's rota is the
// district's), the window query with (lo, hi] edges, the next shift for a handover, and the
// people stored with their roles.

#include <gtest/gtest.h>

#include "backend_fixture.h"
#include "core/dates.h"
#include "db/database.h"
#include "duty/store.h"

namespace lakeguard::duty {
namespace {

int64_t bj(const std::string& t) { return *parse_instant(t + ":00+08:00"); }

class DutyStoreTest : public store_testing::BackendTest {
 protected:
  DutyStoreTest() : BackendTest("duty") {}

  int64_t add(const std::string& unit, const std::string& from, const std::string& to,
              std::vector<Assignment> people) {
    Shift s;
    s.unit_code = unit;
    s.town_code = unit.size() == 9 ? unit : "";
    s.starts_at_ms = bj(from);
    s.ends_at_ms = bj(to);
    s.people = std::move(people);
    auto c = db_->acquire();
    return store::insert_shift(*c, s);
  }

  static store::Where town(const std::string& code) {
    Principal p;
    p.role = Role::kTownOfficer;
    p.scope_type = ScopeType::kTown;
    p.scope_code = code;
    return store::scope_where(scope_of(p, kScopeColumns));
  }
};

std::vector<int64_t> ids(const std::vector<Shift>& v) {
  std::vector<int64_t> out;
  for (const auto& s : v) out.push_back(s.id);
  return out;
}

TEST_P(DutyStoreTest, WhoIsOnDutyAtTheEightOClockBoundary) {
  const int64_t a = add("330106002", "2026-12-06T08:00", "2026-12-07T08:00",
                        {{11, DutyRole::kLeader, "甲"}, {12, DutyRole::kOfficer, "乙"}});
  const int64_t b = add("330106002", "2026-12-07T08:00", "2026-12-08T08:00",
                        {{12, DutyRole::kLeader, "乙"}, {13, DutyRole::kStandby, "丙"}});
  const int64_t d =
      add("330106", "2026-12-07T08:00", "2026-12-08T08:00", {{1, DutyRole::kLeader, "区"}});
  auto c = db_->acquire();
  const store::Where all;
  const int64_t eight = bj("2026-12-07T08:00");
  EXPECT_EQ(ids(store::select_on_duty(*c, all, eight - 1)), (std::vector<int64_t>{a}));
  EXPECT_EQ(ids(store::select_on_duty(*c, all, eight)), (std::vector<int64_t>{a}));
  EXPECT_EQ(ids(store::select_on_duty(*c, all, eight + 1)), (std::vector<int64_t>{d, b}));
  EXPECT_EQ(ids(store::select_on_duty(*c, all, bj("2026-12-08T08:00"))),
            (std::vector<int64_t>{d, b}));
  EXPECT_TRUE(store::select_on_duty(*c, all, bj("2026-12-08T08:00") + 1).empty());
  EXPECT_TRUE(store::select_on_duty(*c, all, bj("2026-12-06T08:00")).empty());

  // Scope is in the query: the town sees its own shift, not the district's; another town none.
  EXPECT_EQ(ids(store::select_on_duty(*c, town("330106002"), eight + 1)),
            (std::vector<int64_t>{b}));
  EXPECT_TRUE(store::select_on_duty(*c, town("330106009"), eight + 1).empty());

  // The people come back with their roles, the leader first.
  auto on = store::select_on_duty(*c, town("330106002"), eight + 1);
  ASSERT_EQ(on.size(), 1u);
  ASSERT_EQ(on[0].people.size(), 2u);
  EXPECT_EQ(on[0].people[0], (Assignment{12, DutyRole::kLeader, "乙"}));
  EXPECT_EQ(on[0].people[1], (Assignment{13, DutyRole::kStandby, "丙"}));
}

TEST_P(DutyStoreTest, TheWindowHasOpenLowerEdgesAndTheNextShiftFollows) {
  const int64_t a =
      add("330106002", "2026-12-06T08:00", "2026-12-07T08:00", {{11, DutyRole::kLeader, "甲"}});
  const int64_t b =
      add("330106002", "2026-12-07T08:00", "2026-12-08T08:00", {{12, DutyRole::kLeader, "乙"}});
  const int64_t e =
      add("330106002", "2026-12-09T08:00", "2026-12-10T08:00", {{11, DutyRole::kLeader, "甲"}});
  auto c = db_->acquire();
  // (07 08:00, 08 08:00]: b only — a ends at the window's start, e starts after its end.
  EXPECT_EQ(
      ids(store::select_shifts(*c, store::Where{}, bj("2026-12-07T08:00"), bj("2026-12-08T08:00"))),
      (std::vector<int64_t>{b}));
  EXPECT_EQ(
      ids(store::select_shifts(*c, store::Where{}, bj("2026-12-07T07:59"), bj("2026-12-09T08:01"))),
      (std::vector<int64_t>{a, b, e}));
  EXPECT_EQ(store::select_next_shift(*c, "330106002", bj("2026-12-07T08:00"))->id, b);
  EXPECT_EQ(store::select_next_shift(*c, "330106002", bj("2026-12-08T08:00"))->id, e);
  EXPECT_FALSE(store::select_next_shift(*c, "330106", bj("2026-12-07T08:00")).has_value());
  // A handover is written once per shift; acknowledged once.
  Handover h;
  h.shift_id = a;
  h.next_shift_id = b;
  h.unit_code = "330106002";
  h.town_code = "330106002";
  h.open_items = {"留下街道积水点待复查"};
  h.notes = "平稳";
  h.written_by = 11;
  h.written_by_name = "甲";
  h.written_at_ms = bj("2026-12-07T07:50");
  const int64_t hid = store::insert_handover(*c, h);
  EXPECT_THROW(store::insert_handover(*c, h), db::ConstraintError);
  EXPECT_EQ(store::count_shift_refs(*c, a), 1);
  EXPECT_EQ(store::count_shift_refs(*c, b), 1);
  EXPECT_EQ(store::acknowledge_handover(*c, hid, 12, "乙", bj("2026-12-07T08:05")), 1);
  EXPECT_EQ(store::acknowledge_handover(*c, hid, 12, "乙", bj("2026-12-07T08:06")), 0);
  auto back = store::select_handover(*c, hid, town("330106002"));
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->state, HandoverState::kAcknowledged);
  EXPECT_EQ(back->open_items, h.open_items);
  EXPECT_FALSE(store::select_handover(*c, hid, town("330106009")).has_value());
}

INSTANTIATE_TEST_SUITE_P(Backends, DutyStoreTest, store_testing::kBothBackends,
                         store_testing::backend_name);

}  // namespace
}  // namespace lakeguard::duty
