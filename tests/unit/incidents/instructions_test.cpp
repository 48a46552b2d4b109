// The instruction state machine against its golden table (golden/instructions.txt): every
// state × action × role exactly once; plus the rules stated as sentences.

#include "incidents/instructions.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <tuple>

namespace lakeguard::incidents {
namespace {

std::string token_of(const Result<TaskState>& r) {
  if (r.ok()) return std::string(task_state_name(*r));
  const Error& e = r.error();
  if (e.code == ErrorCode::kForbidden) return "forbidden";
  if (e.code == ErrorCode::kConflict && e.field == "state") return "conflict";
  return "unexpected:" + std::string(error_code_name(e.code)) + ":" + e.field;
}

TEST(Instructions, EveryStateActionAndRoleAsTheGoldenTableSays) {
  std::ifstream in(std::string(LAKEGUARD_GOLDEN_DIR) + "/instructions.txt");
  ASSERT_TRUE(in) << "golden/instructions.txt missing";
  std::set<std::tuple<std::string, std::string, std::string>> seen;
  std::string line;
  int rows = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ss(line);
    std::string st, ac;
    ss >> st >> ac;
    auto s = parse_task_state(st);
    auto a = parse_task_action(ac);
    ASSERT_TRUE(s && a) << line;
    for (TaskRole r : kAllTaskRoles) {
      std::string want;
      ss >> want;
      ASSERT_FALSE(want.empty()) << line;
      EXPECT_EQ(token_of(next_task_state(r, *a, *s)), want)
          << st << " " << ac << " by " << task_role_name(r);
      EXPECT_TRUE(seen.emplace(st, ac, std::string(task_role_name(r))).second) << line;
    }
    ++rows;
  }
  EXPECT_EQ(rows, 6 * 5);
  EXPECT_EQ(seen.size(), 6u * 5u * 3u);
}

TEST(Instructions, TheConflictNamesTheState) {
  auto r = next_task_state(TaskRole::kAssignee, TaskAction::kAccept, TaskState::kIssued);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_NE(r.error().message.find("issued"), std::string::npos) << r.error().message;
}

TEST(Instructions, DoneAndRejectedAreFinal) {
  for (TaskState s : {TaskState::kDone, TaskState::kRejected})
    for (TaskAction a : kAllTaskActions)
      for (TaskRole r : kAllTaskRoles)
        EXPECT_FALSE(next_task_state(r, a, s).ok()) << task_state_name(s);
}

TEST(Instructions, TheRoleOfTheCaller) {
  EXPECT_EQ(task_role(true, false), TaskRole::kAssignee);
  EXPECT_EQ(task_role(true, true), TaskRole::kAssignee);
  EXPECT_EQ(task_role(false, true), TaskRole::kCommander);
  EXPECT_EQ(task_role(false, false), TaskRole::kOther);
}

}  // namespace
}  // namespace lakeguard::incidents
