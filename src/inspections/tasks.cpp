#include "inspections/tasks.h"

#include <fmt/format.h>

#include <cmath>

namespace lakeguard::inspections {

std::string_view task_state_name(TaskState s) {
  switch (s) {
    case TaskState::kAssigned:
      return "assigned";
    case TaskState::kInProgress:
      return "in_progress";
    case TaskState::kCompleted:
      return "completed";
    case TaskState::kCancelled:
      return "cancelled";
  }
  return "assigned";
}

std::optional<TaskState> parse_task_state(std::string_view s) {
  for (TaskState t : kTaskStates)
    if (task_state_name(t) == s) return t;
  return std::nullopt;
}

std::string_view task_action_name(TaskAction a) {
  switch (a) {
    case TaskAction::kStart:
      return "start";
    case TaskAction::kComplete:
      return "complete";
    case TaskAction::kCancel:
      return "cancel";
  }
  return "start";
}

std::optional<TaskAction> parse_task_action(std::string_view s) {
  for (TaskAction a : kTaskActions)
    if (task_action_name(a) == s) return a;
  return std::nullopt;
}

bool officer_role(Role r) {
  return r == Role::kAdmin || r == Role::kDistrictOfficer || r == Role::kTownOfficer;
}

bool may_work_task(Role r, bool assigned) {
  return officer_role(r) || (r == Role::kInspector && assigned);
}

Result<TaskState> task_transition(TaskState from, TaskAction action, Role role, bool assigned) {
  bool allowed = action == TaskAction::kCancel ? officer_role(role) : may_work_task(role, assigned);
  if (!allowed) return Error::forbidden("Your role may not take this action on the task.");
  auto illegal = [&] {
    return Error::conflict(fmt::format("The task is {}; '{}' is not possible.",
                                       task_state_name(from), task_action_name(action)),
                           "status");
  };
  switch (action) {
    case TaskAction::kStart:
      if (from != TaskState::kAssigned) return illegal();
      return TaskState::kInProgress;
    case TaskAction::kComplete:
      if (from != TaskState::kInProgress) return illegal();
      return TaskState::kCompleted;
    case TaskAction::kCancel:
      if (from != TaskState::kAssigned && from != TaskState::kInProgress) return illegal();
      return TaskState::kCancelled;
  }
  return illegal();
}

std::string_view item_result_name(ItemResult r) {
  switch (r) {
    case ItemResult::kPass:
      return "pass";
    case ItemResult::kFail:
      return "fail";
    case ItemResult::kNa:
      return "na";
  }
  return "na";
}

std::optional<ItemResult> parse_item_result(std::string_view s) {
  for (ItemResult r : {ItemResult::kPass, ItemResult::kFail, ItemResult::kNa})
    if (item_result_name(r) == s) return r;
  return std::nullopt;
}

Status check_location(double lon, double lat) {
  if (!std::isfinite(lon) || lon < 73 || lon > 136)
    return Error::validation("lon", "Longitude must be 73 to 136 (GCJ-02).");
  if (!std::isfinite(lat) || lat < 3 || lat > 54)
    return Error::validation("lat", "Latitude must be 3 to 54 (GCJ-02).");
  return ok_status();
}

std::string_view discretion_name(Discretion d) {
  switch (d) {
    case Discretion::kMinor:
      return "轻微";
    case Discretion::kGeneral:
      return "一般";
    case Discretion::kSerious:
      return "较重";
    case Discretion::kSevere:
      return "严重";
  }
  return "一般";
}

std::optional<Discretion> parse_discretion(std::string_view s) {
  for (Discretion d : kDiscretions)
    if (discretion_name(d) == s) return d;
  return std::nullopt;
}

const std::vector<ViolationRule>& default_benchmark() {
  // Default 裁量基准 (a district replaces it): violations of 《中华人民共和国安全生产法》(2021)
  // with the statutory maximum split into four 阶次, in the shape of
  // 应急管理部《安全生产行政处罚自由 裁量适用规则（试行）》: 违法行为, 法律依据, 阶次, 罚款幅度
  // (yuan, both ends inclusive).
  static const std::vector<ViolationRule> table = {
      {"training",
       "未按照规定对从业人员进行安全生产教育和培训",
       "《安全生产法》第九十七条第（三）项：责令限期改正，处十万元以下的罚款",
       {{Discretion::kMinor, 1, 20000},
        {Discretion::kGeneral, 20001, 50000},
        {Discretion::kSerious, 50001, 80000},
        {Discretion::kSevere, 80001, 100000}}},
      {"hazard_system",
       "未建立事故隐患排查治理制度，或者重大事故隐患排查治理情况未如实记录",
       "《安全生产法》第一百零一条第（五）项：责令限期改正，处十万元以下的罚款",
       {{Discretion::kMinor, 1, 20000},
        {Discretion::kGeneral, 20001, 50000},
        {Discretion::kSerious, 50001, 80000},
        {Discretion::kSevere, 80001, 100000}}},
      {"hazard_unremedied",
       "未采取措施消除事故隐患",
       "《安全生产法》第一百零二条：责令立即消除或者限期消除，处五万元以下的罚款",
       {{Discretion::kMinor, 1, 10000},
        {Discretion::kGeneral, 10001, 25000},
        {Discretion::kSerious, 25001, 40000},
        {Discretion::kSevere, 40001, 50000}}},
      {"warning_signs",
       "未在有较大危险因素的生产经营场所和有关设施、设备上设置明显的安全警示标志",
       "《安全生产法》第九十九条第（一）项：责令限期改正，处五万元以下的罚款",
       {{Discretion::kMinor, 1, 10000},
        {Discretion::kGeneral, 10001, 25000},
        {Discretion::kSerious, 25001, 40000},
        {Discretion::kSevere, 40001, 50000}}},
  };
  return table;
}

Result<const ViolationRule*> find_violation(const std::vector<ViolationRule>& table,
                                            std::string_view code) {
  for (const auto& r : table)
    if (r.code == code) return &r;
  return Error::validation("violation", "No such violation in the discretion benchmark.");
}

Status check_penalty(const std::vector<ViolationRule>& table, std::string_view code,
                     Discretion level, int64_t amount_yuan) {
  LG_TRY_ASSIGN(const ViolationRule* rule, find_violation(table, code));
  for (const auto& r : rule->ranges) {
    if (r.level != level) continue;
    if (amount_yuan < r.min_yuan || amount_yuan > r.max_yuan)
      return Error::validation("amount_yuan",
                               fmt::format("For {} the amount must be {} to {} yuan.",
                                           discretion_name(level), r.min_yuan, r.max_yuan));
    return ok_status();
  }
  return Error::validation("level", "The violation has no such discretion level.");
}

}  // namespace lakeguard::inspections
