// 掌上执法 (issue 10 item 4): the task state machine over every state × action × role ×
// assignment, against the rules written out independently here; the discretion benchmark's
// boundaries (行政处罚裁量基准) from the default table's published ranges; the location check.

#include "inspections/tasks.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace lakeguard::inspections {
namespace {

constexpr Role kRoles[] = {
    Role::kAdmin,          Role::kDistrictOfficer, Role::kTownOfficer, Role::kCommunityOfficer,
    Role::kEnterpriseUser, Role::kInspector,       Role::kViewer};

TEST(TaskStates, EveryStateActionRoleAndAssignment) {
  // The rules (docs/inspections.md "Tasks"): start assigned → in_progress, complete in_progress →
  // completed, cancel assigned | in_progress → cancelled. Officers (admin, district, town) take
  // every action; an inspector starts and completes the tasks it is assigned to, never cancels;
  // community officers, enterprise users and viewers take none. 403 comes before 409.
  const std::map<std::pair<std::string, std::string>, std::string> legal = {
      {{"assigned", "start"}, "in_progress"},
      {{"in_progress", "complete"}, "completed"},
      {{"assigned", "cancel"}, "cancelled"},
      {{"in_progress", "cancel"}, "cancelled"},
  };
  const std::set<Role> officers = {Role::kAdmin, Role::kDistrictOfficer, Role::kTownOfficer};
  int cases = 0, oks = 0, forbidden = 0, conflicts = 0;
  for (TaskState s : kTaskStates)
    for (TaskAction a : kTaskActions)
      for (Role r : kRoles)
        for (bool assigned : {false, true}) {
          ++cases;
          std::string sn(task_state_name(s)), an(task_action_name(a));
          bool role_ok = officers.count(r) || (r == Role::kInspector && assigned && an != "cancel");
          auto got = task_transition(s, a, r, assigned);
          SCOPED_TRACE(sn + " " + an + " " + std::string(role_name(r)) +
                       (assigned ? " assigned" : ""));
          if (!role_ok) {
            ASSERT_FALSE(got);
            EXPECT_EQ(got.error().code, ErrorCode::kForbidden);
            ++forbidden;
            continue;
          }
          auto it = legal.find({sn, an});
          if (it == legal.end()) {
            ASSERT_FALSE(got);
            EXPECT_EQ(got.error().code, ErrorCode::kConflict);
            EXPECT_EQ(got.error().field, "status");
            EXPECT_NE(got.error().message.find(sn), std::string::npos);  // names the state
            ++conflicts;
            continue;
          }
          ASSERT_TRUE(got);
          EXPECT_EQ(task_state_name(*got), it->second);
          ++oks;
        }
  EXPECT_EQ(cases, 4 * 3 * 7 * 2);
  // Officers: 3 roles × 2 assignments × 4 legal moves; inspectors assigned: start + complete.
  EXPECT_EQ(oks, 3 * 2 * 4 + 2);
  EXPECT_EQ(oks + forbidden + conflicts, cases);
}

TEST(TaskStates, NamesRoundTrip) {
  for (TaskState s : kTaskStates) EXPECT_EQ(parse_task_state(task_state_name(s)), s);
  for (TaskAction a : kTaskActions) EXPECT_EQ(parse_task_action(task_action_name(a)), a);
  EXPECT_FALSE(parse_task_state("done"));
  EXPECT_FALSE(parse_task_action("reopen"));
  EXPECT_EQ(parse_item_result("fail"), ItemResult::kFail);
  EXPECT_FALSE(parse_item_result("FAIL"));
}

TEST(Discretion, GoldenCasesFromTheDefaultTable) {
  // 罚款幅度 of the default benchmark (docs/inspections.md "Penalties"), both ends inclusive.
  struct Case {
    const char* violation;
    const char* level;
    int64_t amount;
    const char* field;  // "" when accepted
  } cases[] = {
      // 《安全生产法》第九十七条: 十万元以下, four 阶次.
      {"training", "轻微", 0, "amount_yuan"},
      {"training", "轻微", 1, ""},
      {"training", "轻微", 20000, ""},
      {"training", "轻微", 20001, "amount_yuan"},
      {"training", "一般", 20000, "amount_yuan"},
      {"training", "一般", 20001, ""},
      {"training", "一般", 50000, ""},
      {"training", "一般", 50001, "amount_yuan"},
      {"training", "较重", 50001, ""},
      {"training", "较重", 80000, ""},
      {"training", "较重", 80001, "amount_yuan"},
      {"training", "严重", 80001, ""},
      {"training", "严重", 100000, ""},
      {"training", "严重", 100001, "amount_yuan"},  // above the statutory maximum
      {"hazard_system", "严重", 100000, ""},
      // 《安全生产法》第一百零二条: 五万元以下.
      {"hazard_unremedied", "轻微", 10000, ""},
      {"hazard_unremedied", "一般", 10000, "amount_yuan"},
      {"hazard_unremedied", "一般", 10001, ""},
      {"hazard_unremedied", "一般", 25000, ""},
      {"hazard_unremedied", "较重", 25001, ""},
      {"hazard_unremedied", "较重", 40001, "amount_yuan"},
      {"hazard_unremedied", "严重", 50000, ""},
      {"hazard_unremedied", "严重", 50001, "amount_yuan"},
      {"hazard_unremedied", "严重", -1, "amount_yuan"},
      {"warning_signs", "一般", 15000, ""},
      {"no_such_violation", "一般", 15000, "violation"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.violation) + " " + c.level + " " + std::to_string(c.amount));
    auto level = parse_discretion(c.level);
    ASSERT_TRUE(level);
    Status st = check_penalty(default_benchmark(), c.violation, *level, c.amount);
    if (std::string(c.field).empty()) {
      EXPECT_TRUE(st);
    } else {
      ASSERT_FALSE(st);
      EXPECT_EQ(st.error().code, ErrorCode::kValidationFailed);
      EXPECT_EQ(st.error().field, c.field);
    }
  }
}

TEST(Discretion, EveryRangeOfTheTableAtItsBoundaries) {
  for (const auto& rule : default_benchmark()) {
    ASSERT_EQ(rule.ranges.size(), 4u) << rule.code;
    int64_t prev_max = 0;
    for (const auto& r : rule.ranges) {
      EXPECT_EQ(r.min_yuan, prev_max + 1) << rule.code;  // contiguous, no gap, no overlap
      prev_max = r.max_yuan;
      EXPECT_TRUE(check_penalty(default_benchmark(), rule.code, r.level, r.min_yuan));
      EXPECT_TRUE(check_penalty(default_benchmark(), rule.code, r.level, r.max_yuan));
      EXPECT_FALSE(check_penalty(default_benchmark(), rule.code, r.level, r.min_yuan - 1));
      EXPECT_FALSE(check_penalty(default_benchmark(), rule.code, r.level, r.max_yuan + 1));
    }
    EXPECT_NE(rule.basis.find("《安全生产法》"), std::string::npos);
  }
  EXPECT_EQ(parse_discretion("较重"), Discretion::kSerious);
  EXPECT_FALSE(parse_discretion("特别严重"));
}

TEST(Location, GcjBoundsOfChina) {
  EXPECT_TRUE(check_location(120.1551, 30.2741));  // 杭州
  EXPECT_TRUE(check_location(73, 3));
  EXPECT_TRUE(check_location(136, 54));
  EXPECT_EQ(check_location(72.99, 30).error().field, "lon");
  EXPECT_EQ(check_location(120, 54.01).error().field, "lat");
  EXPECT_EQ(check_location(120, 2.99).error().field, "lat");
}

}  // namespace
}  // namespace lakeguard::inspections
