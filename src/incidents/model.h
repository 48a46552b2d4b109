#pragma once
// incidents: incident command (突发事件处置, PRODUCT.md F13; issue 11 items 3 and 4). An incident
// (突发事件) has a type, a place (town, optional community and lon/lat), an accident grade
// (生产安全事故等级, from risk's rule: 国务院令第493号 第三条) and a response level Ⅰ–Ⅳ (应急响应
// 级别, 突发事件应对法 第七十一条; 1 = Ⅰ级, the most severe). Activating a published plan at a
// level creates that level's tasks (指令): issued → read → accepted → feedback → done, or
// rejected with a reason (instructions.h). A timeline (时间线) holds every event in order; the
// situation report (续报) is generated from it (sitrep.h). docs/incidents.md has the rules.
// Plain types only.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.h"

namespace lakeguard::incidents {

enum class IncidentStatus { kOpen, kClosed };
std::string_view status_name(IncidentStatus s);  // open | closed
std::optional<IncidentStatus> parse_status(std::string_view s);

// The states of a task (指令) and the actions of POST /incident-tasks/{id}/actions.
enum class TaskState { kIssued, kRead, kAccepted, kFeedback, kDone, kRejected };
enum class TaskAction { kRead, kAccept, kFeedback, kDone, kReject };
inline constexpr TaskState kAllTaskStates[] = {TaskState::kIssued,   TaskState::kRead,
                                               TaskState::kAccepted, TaskState::kFeedback,
                                               TaskState::kDone,     TaskState::kRejected};
inline constexpr TaskAction kAllTaskActions[] = {TaskAction::kRead, TaskAction::kAccept,
                                                 TaskAction::kFeedback, TaskAction::kDone,
                                                 TaskAction::kReject};
std::string_view task_state_name(TaskState s);
std::string_view task_action_name(TaskAction a);
std::optional<TaskState> parse_task_state(std::string_view s);
std::optional<TaskAction> parse_task_action(std::string_view s);
// Whether a task in this state is still open (not done, not rejected): escalation follows it.
bool is_open(TaskState s);

// Who the caller is to a task: its assignee (the user it is assigned to; for a task assigned to a
// unit only, any officer who may command the incident acts for the unit), a commander (an officer
// who may command the incident, not the assignee), or anyone else (viewers, read-only tokens,
// officers of other places).
enum class TaskRole { kAssignee, kCommander, kOther };
inline constexpr TaskRole kAllTaskRoles[] = {TaskRole::kAssignee, TaskRole::kCommander,
                                             TaskRole::kOther};
std::string_view task_role_name(TaskRole r);

// "Ⅰ级" … "Ⅳ级" for 1 … 4; "" otherwise.
std::string_view response_level_name(int level);

struct Incident {
  int64_t id = 0;
  std::string title;
  std::string type;  // e.g. 防汛防台, 危化品 (a plan sub-type or free text)
  std::string town_code;
  std::string community_code;  // empty when none
  std::optional<double> lon, lat;
  std::string location;
  int64_t deaths = 0;
  int64_t serious_injuries = 0;
  double direct_loss_yuan = 0;
  std::string accident_grade;  // 一般 | 较大 | 重大 | 特别重大 (risk::grade_accident)
  int response_level = 4;
  IncidentStatus status = IncidentStatus::kOpen;
  std::optional<int64_t> opened_by_id;
  std::string opened_by;
  int64_t opened_at_ms = 0;
  std::optional<int64_t> closed_at_ms;
  std::optional<int64_t> alarm_id;  // the alarm (告警) it was opened from, if any
  int64_t version = 1;
};

// One timeline entry (时间线): creation, level change, activation, task state change, note,
// notification, escalation, close. `payload` is a JSON object text.
struct TimelineEvent {
  int64_t id = 0;
  int64_t incident_id = 0;
  int64_t at_ms = 0;
  std::string kind;
  std::string actor;
  std::string text;  // one line in words (zh-CN), as the sitrep prints it
  std::string payload = "{}";
};

struct Activation {
  int64_t id = 0;
  int64_t incident_id = 0;
  int64_t plan_id = 0;
  int64_t plan_edition = 0;
  std::string plan_title;
  int response_level = 4;
  std::optional<int64_t> activated_by_id;
  std::string activated_by;
  int64_t activated_at_ms = 0;
};

struct Task {
  int64_t id = 0;
  int64_t incident_id = 0;
  int64_t activation_id = 0;
  std::string town_code;
  std::string community_code;
  std::string title;
  std::string role;  // the plan's organisation role, or empty
  std::string unit;  // the responsible unit, or empty
  std::optional<int64_t> assignee_id;
  std::vector<std::string> checklist;
  int64_t deadline_ms = 0;
  TaskState state = TaskState::kIssued;
  std::string feedback_text;
  std::optional<double> feedback_lon, feedback_lat;
  std::string feedback_photo;  // SHA-256 hex of a photo
  std::string reject_reason;
  int64_t escalations = 0;
  int64_t updated_at_ms = 0;
  int64_t version = 1;
};

struct Receipt {
  int64_t id = 0;
  int64_t activation_id = 0;
  int64_t user_id = 0;
  std::string channel;
  std::string status;  // pending | sent | delivered | read | failed
  std::string error;
  std::optional<int64_t> sent_at_ms, read_at_ms;
};

// A resource request (资源调度) against the registry: a rescue team (救援队伍) or an amount of
// a warehouse's stock (物资). requested → dispatched → arrived, or cancelled while requested or
// dispatched (requests_flow.h). The registry's stock is not reserved by a request.
enum class RequestKind { kTeam, kStock };
enum class RequestState { kRequested, kDispatched, kArrived, kCancelled };
enum class RequestAction { kDispatch, kArrive, kCancel };
inline constexpr RequestState kAllRequestStates[] = {
    RequestState::kRequested, RequestState::kDispatched, RequestState::kArrived,
    RequestState::kCancelled};
inline constexpr RequestAction kAllRequestActions[] = {
    RequestAction::kDispatch, RequestAction::kArrive, RequestAction::kCancel};
std::string_view request_kind_name(RequestKind k);  // team | stock
std::string_view request_state_name(RequestState s);
std::string_view request_action_name(RequestAction a);
std::optional<RequestKind> parse_request_kind(std::string_view s);
std::optional<RequestState> parse_request_state(std::string_view s);
std::optional<RequestAction> parse_request_action(std::string_view s);

struct ResourceRequest {
  int64_t id = 0;
  int64_t incident_id = 0;
  RequestKind kind = RequestKind::kTeam;
  std::optional<int64_t> team_id;
  std::optional<int64_t> warehouse_id;
  std::optional<int64_t> stock_id;
  std::string label;  // the team's or stock item's name when requested
  std::optional<double> quantity;
  std::string unit;
  std::string note;
  RequestState state = RequestState::kRequested;
  std::string requested_by;
  int64_t requested_at_ms = 0;
  int64_t updated_at_ms = 0;
  int64_t version = 1;
};

// The post-event review (复盘) of a closed incident, one per incident; each finding with an
// enterprise became a hidden danger (事故隐患) through hazards' service.
struct Finding {
  int64_t id = 0;
  int seq = 0;  // 0-based, the order given
  std::string text;
  std::optional<int64_t> enterprise_id;
  std::string hazard_class = "一般";  // 一般 | 重大
  std::optional<int64_t> hazard_id;
  std::string hazard_error;  // why no hidden danger was recorded, if one should have been
};
struct Review {
  int64_t id = 0;
  int64_t incident_id = 0;
  std::string summary;
  std::string reviewed_by;
  int64_t reviewed_at_ms = 0;
  std::vector<Finding> findings;
};

// Where an incident (and its tasks) belong, for scope.
inline constexpr ScopeColumns kScopeColumns = {
    .town = "town_code", .community = "community_code", .enterprise = ""};
inline Placement placement_of(const Incident& i) {
  return Placement{i.town_code, i.community_code, std::nullopt};
}

}  // namespace lakeguard::incidents
