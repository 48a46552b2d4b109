// The plan workflow against its golden table (golden/workflow.txt): every state × action × role,
// each with and without an approval, by the author and by someone else.

#include "plans/workflow.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace lakeguard::plans {
namespace {

constexpr Role kAllRoles[] = {
    Role::kAdmin,          Role::kDistrictOfficer, Role::kTownOfficer, Role::kCommunityOfficer,
    Role::kEnterpriseUser, Role::kInspector,       Role::kViewer};

std::string token_of(const Result<State>& r) {
  if (r.ok()) return std::string(state_name(*r));
  const Error& e = r.error();
  if (e.code == ErrorCode::kForbidden && e.field == "action") return "forbidden";
  if (e.code == ErrorCode::kForbidden && e.field == "approver") return "author_may_not_approve";
  if (e.code == ErrorCode::kConflict && e.field == "action") return "conflict";
  if (e.code == ErrorCode::kConflict && e.field == "approver") return "needs_approval";
  return "unexpected:" + std::string(error_code_name(e.code)) + ":" + e.field;
}

TEST(PlanWorkflow, MatchesTheGoldenTableForEveryStateActionAndRole) {
  std::ifstream in(LAKEGUARD_GOLDEN_DIR "/workflow.txt");
  ASSERT_TRUE(in) << "cannot open the golden table";
  std::set<std::tuple<State, Action, Role>> seen;
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ss(line);
    std::string state, action, role;
    std::vector<std::string> want(4);
    ss >> state >> action >> role >> want[0] >> want[1] >> want[2] >> want[3];
    ASSERT_FALSE(ss.fail()) << "line " << line_no << ": " << line;
    auto s = parse_state(state);
    auto a = parse_action(action);
    auto r = parse_role(role);
    ASSERT_TRUE(s && a && r) << "line " << line_no;
    ASSERT_TRUE(seen.emplace(*s, *a, *r).second) << "line " << line_no << " repeats a row";
    int i = 0;
    for (bool approved : {false, true})
      for (bool author : {false, true}) {
        auto got = next_state(*r, *a, Facts{*s, approved, author});
        EXPECT_EQ(token_of(got), want[i]) << "line " << line_no << ": " << line << " column " << i;
        ++i;
      }
  }
  EXPECT_EQ(seen.size(), std::size(kAllStates) * std::size(kAllActions) * std::size(kAllRoles));
}

TEST(PlanWorkflow, AConflictNamesTheCurrentState) {
  auto r = next_state(Role::kDistrictOfficer, Action::kRetire, Facts{State::kDraft});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_EQ(r.error().message, "'retire' is not possible while the plan is draft.");
}

TEST(PlanWorkflow, TheAuthorMayNotApproveEvenAsAdmin) {
  auto r = next_state(Role::kAdmin, Action::kApprove, Facts{State::kReview, false, true});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kForbidden);
  EXPECT_EQ(r.error().field, "approver");
  EXPECT_TRUE(next_state(Role::kAdmin, Action::kApprove, Facts{State::kReview, false, false}).ok());
}

TEST(PlanWorkflow, OnlyADraftIsEdited) {
  EXPECT_TRUE(may_edit(State::kDraft).ok());
  for (State s : {State::kReview, State::kPublished, State::kRetired}) {
    auto st = may_edit(s);
    ASSERT_FALSE(st.ok());
    EXPECT_EQ(st.error().code, ErrorCode::kConflict);
    EXPECT_NE(st.error().message.find(state_name(s)), std::string::npos);
  }
}

TEST(PlanWorkflow, InspectorsAndViewersOnlyRead) {
  for (Role r : {Role::kInspector, Role::kViewer}) {
    EXPECT_FALSE(may_write(r));
    for (Action a : kAllActions) EXPECT_FALSE(role_may(r, a));
  }
}

}  // namespace
}  // namespace lakeguard::plans
