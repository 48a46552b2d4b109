#pragma once
// hazards: the hidden-danger closed loop (隐患排查治理闭环, PRODUCT.md F5). A hidden danger
// (事故隐患, 《安全生产事故隐患排查治理暂行规定》国家安全监管总局令第16号 第三条; standards.md §8)
// is found and reported, confirmed and classed 一般/重大 with a rectification deadline, rectified
// under a remediation plan, its evidence submitted, then accepted and closed (销号) or sent back.
// docs/hazards.md has the states, who may do what, and the choices made. Plain types only.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.h"

namespace lakeguard::hazards {

// The states of a hidden danger (wire names: reported, rectifying, submitted, closed).
enum class State { kReported, kRectifying, kSubmitted, kClosed };
// The actions of POST /hazards/{id}/actions (wire names: confirm, plan, submit, accept, reject,
// reopen). Reporting is POST /hazards itself.
enum class Action { kConfirm, kPlan, kSubmit, kAccept, kReject, kReopen };
// 16号令 第三条: 一般事故隐患 (general) and 重大事故隐患 (major); the wire values are the terms.
enum class HazardClass { kGeneral, kMajor };
// Where it was found: a self-check (自查), an inspection (检查), a report (上报) or a public tip
// (群众举报).
enum class Source { kSelfCheck, kInspection, kReport, kPublic };

inline constexpr State kAllStates[] = {State::kReported, State::kRectifying, State::kSubmitted,
                                       State::kClosed};
inline constexpr Action kAllActions[] = {Action::kConfirm, Action::kPlan,   Action::kSubmit,
                                         Action::kAccept,  Action::kReject, Action::kReopen};
inline constexpr HazardClass kAllClasses[] = {HazardClass::kGeneral, HazardClass::kMajor};
inline constexpr Source kAllSources[] = {Source::kSelfCheck, Source::kInspection, Source::kReport,
                                         Source::kPublic};

std::string_view state_name(State s);
std::string_view action_name(Action a);
std::string_view class_name(HazardClass c);  // "一般" | "重大"
std::string_view source_name(Source s);
std::optional<State> parse_state(std::string_view s);
std::optional<Action> parse_action(std::string_view s);
std::optional<HazardClass> parse_class(std::string_view s);
std::optional<Source> parse_source(std::string_view s);

// The remediation plan (事故隐患治理方案, 16号令 for 重大; optional for 一般): measures, funds,
// who is responsible, its deadline and the interim safety measures while it is carried out.
struct Plan {
  std::string measures;
  double funds_yuan = 0;
  std::string responsible;
  std::string deadline;  // YYYY-MM-DD
  std::string interim_measures;
  bool operator==(const Plan&) const = default;
};

struct Hazard {
  int64_t id = 0;
  int64_t enterprise_id = 0;
  // Where it belongs, for scope: the enterprise's town and community when it was reported.
  std::string town_code;
  std::string community_code;  // empty when the enterprise has none
  std::string industry;        // the enterprise's industry when it was reported, for statistics
  std::string location;
  std::string description;
  HazardClass hazard_class = HazardClass::kGeneral;
  Source source = Source::kSelfCheck;
  std::string category;
  int64_t found_at_ms = 0;
  std::string found_by;
  State status = State::kReported;
  std::string deadline;  // YYYY-MM-DD (Asia/Shanghai), set by confirm; empty before
  std::optional<Plan> plan;
  std::optional<int64_t> reported_by;  // user id
  std::string reported_by_name;        // username
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
  std::optional<int64_t> confirmed_at_ms;
  std::optional<int64_t> closed_at_ms;
  std::string closed_on;  // the local date (Asia/Shanghai) it was closed, YYYY-MM-DD
  int64_t version = 1;
  // Who answers for the rectification (schedule.h Level's wire name: enterprise, community,
  // town, district), set by confirm; the scheduler addresses reminders to it and supervision
  // orders (督办) to the level above.
  std::string responsible_level = "enterprise";
  // When the current deadline was set (confirm or reopen), epoch ms; nullopt without one.
  std::optional<int64_t> deadline_set_at_ms;
};

// One entry of a hidden danger's action history: who did what when, the state before and after,
// and what they gave (JSON object text).
struct ActionRecord {
  int64_t id = 0;
  int64_t hazard_id = 0;
  std::string action;       // "report" or an Action's name
  std::string from_status;  // empty for report
  std::string to_status;
  std::optional<int64_t> actor_id;
  std::string actor;
  int64_t at_ms = 0;
  std::string payload;  // a JSON object
  std::string request_id;
};

// Where a hidden danger belongs, for scope: the columns scope_of turns into the store's WHERE and
// the live topic's filter (core/principal.h), so a list and a live event agree.
inline constexpr ScopeColumns kScopeColumns = {
    .town = "town_code", .community = "community_code", .enterprise = "enterprise_id"};

// The same columns of the hazards table aliased `h`, for queries that join it (supervision
// orders, photos).
inline constexpr ScopeColumns kJoinedScopeColumns = {
    .town = "h.town_code", .community = "h.community_code", .enterprise = "h.enterprise_id"};

inline Placement placement_of(const Hazard& h) {
  return Placement{h.town_code, h.community_code, h.enterprise_id};
}

// The list's filters (GET /hazards).
struct ListFilter {
  std::optional<State> status;
  std::optional<HazardClass> hazard_class;
  std::optional<Source> source;
  std::string town_code;
  std::string community_code;
  std::optional<int64_t> enterprise_id;
  std::optional<bool> overdue;  // against `today`
  std::string today;            // YYYY-MM-DD (Asia/Shanghai), filled by the service
  std::string sort_column = "id";
  bool sort_desc = false;
  int64_t page = 1;
  int64_t page_size = 50;
};

// One enterprise's hidden dangers as the risk index counts them (GET /hazards/stats's terms):
// open = not closed (reported, rectifying, submitted); overdue as in requests.h is_overdue;
// open_major = open and 重大.
struct EnterpriseCounts {
  int64_t open = 0;
  int64_t overdue = 0;
  int64_t open_major = 0;
  bool operator==(const EnterpriseCounts&) const = default;
};

}  // namespace lakeguard::hazards
