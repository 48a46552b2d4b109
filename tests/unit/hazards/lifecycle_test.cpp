// The state machine against its golden table (golden/lifecycle.txt): every state × action × role
// × class × plan, each combination exactly once; plus the rules stated as sentences.

#include "hazards/lifecycle.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

namespace lakeguard::hazards {
namespace {

constexpr Role kAllRoles[] = {
    Role::kAdmin,          Role::kDistrictOfficer, Role::kTownOfficer, Role::kCommunityOfficer,
    Role::kEnterpriseUser, Role::kInspector,       Role::kViewer};

// The golden token of an outcome.
std::string token_of(const Result<State>& r) {
  if (r.ok()) return std::string(state_name(*r));
  const Error& e = r.error();
  if (e.code == ErrorCode::kForbidden && e.field == "action") return "forbidden";
  if (e.code == ErrorCode::kForbidden && e.field == "class") return "district_only";
  if (e.code == ErrorCode::kConflict && e.field == "action") return "conflict";
  if (e.code == ErrorCode::kConflict && e.field == "plan") return "needs_plan";
  return "unexpected:" + std::string(error_code_name(e.code)) + ":" + e.field;
}

TEST(HazardLifecycle, MatchesTheGoldenTableForEveryStateActionRoleClassAndPlan) {
  std::ifstream in(LAKEGUARD_GOLDEN_DIR "/lifecycle.txt");
  ASSERT_TRUE(in) << "cannot open the golden table";
  std::set<std::tuple<State, Action, Role>> seen;
  std::string line;
  int line_no = 0, checked = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ss(line);
    std::string state, action, role;
    std::vector<std::string> want(4);
    ss >> state >> action >> role >> want[0] >> want[1] >> want[2] >> want[3];
    ASSERT_FALSE(ss.fail()) << "line " << line_no << ": " << line;
    std::string extra;
    ASSERT_FALSE(ss >> extra) << "line " << line_no << " has extra columns";
    auto s = parse_state(state);
    auto a = parse_action(action);
    auto r = parse_role(role);
    ASSERT_TRUE(s && a && r) << "line " << line_no << ": unknown name in " << line;
    ASSERT_TRUE(seen.emplace(*s, *a, *r).second) << "line " << line_no << " repeats a row";
    int i = 0;
    for (HazardClass c : kAllClasses) {
      for (bool plan : {false, true}) {
        auto got = next_status(*r, *a, Facts{*s, c, plan});
        EXPECT_EQ(token_of(got), want[i])
            << "line " << line_no << ": " << state << " " << action << " by " << role << ", "
            << class_name(c) << (plan ? " with" : " without") << " a plan";
        if (!got.ok() && token_of(got) == "conflict") {
          EXPECT_NE(got.error().message.find(std::string("is ") + state), std::string::npos)
              << "a conflict names the current state: " << got.error().message;
        }
        ++i;
        ++checked;
      }
    }
  }
  // Exhaustive: every combination has its row.
  EXPECT_EQ(seen.size(), std::size(kAllStates) * std::size(kAllActions) * std::size(kAllRoles));
  EXPECT_EQ(checked, static_cast<int>(seen.size()) * 4);
}

TEST(HazardLifecycle, AMajorHazardNeedsAPlanBeforeConfirm) {
  auto r = next_status(Role::kTownOfficer, Action::kConfirm,
                       Facts{State::kReported, HazardClass::kMajor, false});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kConflict);
  EXPECT_EQ(r.error().field, "plan");
  auto with_plan = next_status(Role::kTownOfficer, Action::kConfirm,
                               Facts{State::kReported, HazardClass::kMajor, true});
  ASSERT_TRUE(with_plan.ok());
  EXPECT_EQ(*with_plan, State::kRectifying);
  // A general one needs none.
  EXPECT_TRUE(next_status(Role::kTownOfficer, Action::kConfirm,
                          Facts{State::kReported, HazardClass::kGeneral, false})
                  .ok());
}

TEST(HazardLifecycle, OnlyTheDistrictAcceptsOrRejectsAMajorHazard) {
  for (Action a : {Action::kAccept, Action::kReject}) {
    Facts major{State::kSubmitted, HazardClass::kMajor, true};
    auto town = next_status(Role::kTownOfficer, a, major);
    ASSERT_FALSE(town.ok());
    EXPECT_EQ(town.error().code, ErrorCode::kForbidden);
    EXPECT_EQ(town.error().field, "class");
    EXPECT_TRUE(next_status(Role::kDistrictOfficer, a, major).ok());
    EXPECT_TRUE(next_status(Role::kAdmin, a, major).ok());
    // The town reviews general ones.
    EXPECT_TRUE(
        next_status(Role::kTownOfficer, a, Facts{State::kSubmitted, HazardClass::kGeneral, false})
            .ok());
  }
}

TEST(HazardLifecycle, OnlyTheDistrictReopensAClosedHazard) {
  Facts closed{State::kClosed, HazardClass::kGeneral, false};
  EXPECT_EQ(*next_status(Role::kDistrictOfficer, Action::kReopen, closed), State::kRectifying);
  for (Role r : {Role::kTownOfficer, Role::kCommunityOfficer, Role::kEnterpriseUser,
                 Role::kInspector, Role::kViewer}) {
    auto got = next_status(r, Action::kReopen, closed);
    ASSERT_FALSE(got.ok());
    EXPECT_EQ(got.error().code, ErrorCode::kForbidden) << role_name(r);
  }
}

TEST(HazardLifecycle, AConflictNamesTheCurrentStateAndTheAction) {
  auto r = next_status(Role::kDistrictOfficer, Action::kAccept,
                       Facts{State::kRectifying, HazardClass::kGeneral, false});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "'accept' is not possible while the hidden danger is rectifying.");
}

TEST(HazardLifecycle, EveryRoleButViewerReports) {
  for (Role r : kAllRoles) EXPECT_EQ(may_report(r), r != Role::kViewer) << role_name(r);
}

TEST(HazardNames, RoundTripAndRejectUnknown) {
  for (State s : kAllStates) EXPECT_EQ(parse_state(state_name(s)), s);
  for (Action a : kAllActions) EXPECT_EQ(parse_action(action_name(a)), a);
  for (HazardClass c : kAllClasses) EXPECT_EQ(parse_class(class_name(c)), c);
  for (Source s : kAllSources) EXPECT_EQ(parse_source(source_name(s)), s);
  EXPECT_FALSE(parse_action("close"));
  EXPECT_FALSE(parse_action("Confirm"));
  EXPECT_FALSE(parse_class("较大"));
  EXPECT_FALSE(parse_state(""));
}

}  // namespace
}  // namespace lakeguard::hazards
