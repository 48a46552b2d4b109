#pragma once
// The request bodies of the incident routes, checked: unknown fields, wrong types, out-of-range
// numbers and over-long texts are validation errors (422) naming the field. The accident grade
// is risk's rule (国务院令第493号 第三条, risk/accident_grade.h), called by the service, never
// re-implemented here. Pure.

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "incidents/model.h"

namespace lakeguard::incidents {

inline constexpr size_t kMaxTitleChars = 200;
inline constexpr size_t kMaxTypeChars = 50;
inline constexpr size_t kMaxLocationChars = 200;
inline constexpr size_t kMaxNoteChars = 2000;

// POST /incidents: the incident as opened (status open; accident_grade left to the service),
// without id or times.
Result<Incident> parse_new_incident(const boost::json::object& body);

// POST /incidents/{id}/actions.
enum class IncidentAction { kLevelUp, kLevelDown, kClose, kNote };
struct IncidentActionRequest {
  IncidentAction action = IncidentAction::kNote;
  std::string text;  // the note, or the reason of a level change / close (optional there)
};
Result<IncidentActionRequest> parse_incident_action(const boost::json::object& body);

// POST /incidents/{id}/activations.
struct ActivationRequest {
  int64_t plan_id = 0;
  std::optional<int> level;  // default: the incident's response level
};
Result<ActivationRequest> parse_activation(const boost::json::object& body);

// POST /incident-tasks/{id}/actions: feedback needs `text` (and may carry lon/lat and a photo's
// SHA-256), reject needs `reason`.
struct TaskActionRequest {
  TaskAction action = TaskAction::kRead;
  std::string text;
  std::optional<double> lon, lat;
  std::string photo_sha256;
  std::string reason;
};
Result<TaskActionRequest> parse_task_action_request(const boost::json::object& body);

// POST /incidents with `alarm_id`: the id (422 `alarm_id` when it is not a positive integer), or
// nullopt when the body has none.
Result<std::optional<int64_t>> parse_alarm_id(const boost::json::object& body);

// POST /incidents/{id}/requests (资源调度): a team by `team_id`, or `quantity` (> 0) of the stock
// item `stock_id` of warehouse `warehouse_id`; `note` optional. The registry records are checked
// by the service (existence, scope, quantity on hand).
inline constexpr size_t kMaxRequestNoteChars = 500;
struct ResourceRequestInput {
  RequestKind kind = RequestKind::kTeam;
  std::optional<int64_t> team_id, warehouse_id, stock_id;
  double quantity = 0;
  std::string note;
};
Result<ResourceRequestInput> parse_resource_request(const boost::json::object& body);

// POST /incident-requests/{id}/actions {"action": dispatch | arrive | cancel, "note"?}.
struct RequestActionInput {
  RequestAction action = RequestAction::kDispatch;
  std::string note;
};
Result<RequestActionInput> parse_request_action_input(const boost::json::object& body);

// POST /incidents/{id}/review (复盘): `summary` and `findings` [{text, enterprise_id?, class?}]
// (class 一般 by default); fields of a finding are named `findings[i].text` in errors.
inline constexpr size_t kMaxSummaryChars = 4000;
inline constexpr size_t kMaxFindingChars = 1000;
inline constexpr size_t kMaxFindings = 50;
struct ReviewInput {
  std::string summary;
  std::vector<Finding> findings;
};
Result<ReviewInput> parse_review(const boost::json::object& body);

}  // namespace lakeguard::incidents
