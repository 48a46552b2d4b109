#pragma once
// 掌上执法 (issue 10 item 4), pure: the inspection task's states and who may move it, the item
// results, the location check, and the penalty discretion benchmark (行政处罚裁量基准) that an
// amount is validated against. No I/O; golden tests in tests/unit/inspections/tasks_test.cpp.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/principal.h"

namespace lakeguard::inspections {

// 检查任务 states: assigned → in_progress → completed; assigned | in_progress → cancelled.
enum class TaskState { kAssigned, kInProgress, kCompleted, kCancelled };
enum class TaskAction { kStart, kComplete, kCancel };

inline constexpr TaskState kTaskStates[] = {TaskState::kAssigned, TaskState::kInProgress,
                                            TaskState::kCompleted, TaskState::kCancelled};
inline constexpr TaskAction kTaskActions[] = {TaskAction::kStart, TaskAction::kComplete,
                                              TaskAction::kCancel};

std::string_view task_state_name(TaskState s);
std::optional<TaskState> parse_task_state(std::string_view s);
std::string_view task_action_name(TaskAction a);
std::optional<TaskAction> parse_task_action(std::string_view s);

// Officers (admin, district, town) run every task in their scope; an inspector works only the
// tasks it is assigned to; every other role only reads.
bool officer_role(Role r);
// Whether the role, assigned to the task or not, may act on it at all (record, start, complete).
bool may_work_task(Role r, bool assigned);

// The next state, or 403 (the role may not take the action: cancel is an officer's) and then 409
// naming the current state (the action is illegal in it).
Result<TaskState> task_transition(TaskState from, TaskAction action, Role role, bool assigned);

// A checklist item's outcome.
enum class ItemResult { kPass, kFail, kNa };
std::string_view item_result_name(ItemResult r);
std::optional<ItemResult> parse_item_result(std::string_view s);

// A location as the console takes it from the browser, in GCJ-02 (the console's map datum;
// ../shared/docs/domain): lon 73–136, lat 3–54 (China's extent); 422 naming lon or lat otherwise.
Status check_location(double lon, double lat);

// 行政处罚裁量基准: per violation, its legal basis, and per discretion level (裁量阶次) the fine's
// range in yuan, inclusive at both ends. The shape of 应急管理部《安全生产行政处罚自由裁量适用
// 规则（试行）》 (违法行为, 法律依据, 阶次, 罚款幅度); the district replaces the default.
enum class Discretion { kMinor, kGeneral, kSerious, kSevere };  // 轻微 一般 较重 严重
inline constexpr Discretion kDiscretions[] = {Discretion::kMinor, Discretion::kGeneral,
                                              Discretion::kSerious, Discretion::kSevere};
std::string_view discretion_name(Discretion d);  // "轻微", "一般", "较重", "严重"
std::optional<Discretion> parse_discretion(std::string_view s);

struct FineRange {
  Discretion level = Discretion::kGeneral;
  int64_t min_yuan = 0;
  int64_t max_yuan = 0;
};

struct ViolationRule {
  std::string code;       // e.g. "training"
  std::string violation;  // 违法行为
  std::string basis;      // 法律依据
  std::vector<FineRange> ranges;
};

// The default benchmark shipped as data (docs/inspections.md "Penalties"): a default the district
// replaces with its own.
const std::vector<ViolationRule>& default_benchmark();

// The rule for `code`, or 422 naming `violation`.
Result<const ViolationRule*> find_violation(const std::vector<ViolationRule>& table,
                                            std::string_view code);
// Validates a penalty against the table: the violation exists (field violation), the level is
// one of its levels (field level), the amount lies in the level's range (field amount_yuan).
Status check_penalty(const std::vector<ViolationRule>& table, std::string_view code,
                     Discretion level, int64_t amount_yuan);

}  // namespace lakeguard::inspections
