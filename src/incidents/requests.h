#pragma once
// The request bodies of the incident routes, checked: unknown fields, wrong types, out-of-range
// numbers and over-long texts are validation errors (422) naming the field. The accident grade
// is risk's rule (国务院令第493号 第三条, risk/accident_grade.h), called by the service, never
// re-implemented here. Pure.

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>

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

}  // namespace lakeguard::incidents
