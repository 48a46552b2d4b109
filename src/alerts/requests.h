#pragma once
// The warnings API's inputs and outputs as plain values: a draft's fields checked one by one
// (validation_failed naming the field, before anything is written), the action bodies, the list
// query, and the JSON of a warning and of its history. Pure.

#include <boost/json.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "alerts/message.h"
#include "alerts/model.h"
#include "core/error.h"

namespace lakeguard::alerts {

// Limits (characters, i.e. UTF-8 code points; CAP 1.2 §3.2.2 asks headlines under 160).
inline constexpr size_t kMaxEventChars = 60;
inline constexpr size_t kMaxHeadlineChars = 140;
inline constexpr size_t kMaxDescriptionChars = 4000;
inline constexpr size_t kMaxInstructionChars = 2000;
inline constexpr size_t kMaxAreaChars = 200;
inline constexpr size_t kMaxNoteChars = 500;
inline constexpr size_t kMaxPolygons = 20;
inline constexpr size_t kMaxRingPositions = 1000;
inline constexpr double kMaxRadiusM = 200000;  // 200 km: a circle beyond is not a local warning
inline constexpr int64_t kMaxDurationMs = 30LL * 24 * 3600 * 1000;  // expires ≤ effective + 30 d

// The draft's fields and the request-only ones.
struct Draft {
  Content content;
  std::optional<int64_t> source_alarm_id;
};

// POST /warnings: every field checked; severity defaults to the colour's (`severities`);
// expires must lie after effective (at most 30 days) and after now.
Result<Draft> parse_draft(const boost::json::object& body, int64_t now_ms,
                          const SeverityMap& severities);
// The request-shaped JSON of a draft (what parse_draft reads back to the same Draft).
boost::json::object draft_json(const Draft& d);
// PATCH /warnings/{id} and the update action: `changes` over the existing draft (a field set to
// null clears an optional one), checked as a whole like a new draft. `skip` names body members
// that are not draft fields (e.g. "action").
Result<Draft> merge_draft(const Draft& before, const boost::json::object& changes, int64_t now_ms,
                          const SeverityMap& severities,
                          std::initializer_list<std::string_view> skip = {});

// POST /warnings/{id}/actions.
struct ActionRequest {
  Action action = Action::kApprove;
  std::string note;             // approve (optional), cancel: the reason (required)
  boost::json::object changes;  // update: the draft fields that change
};
Result<ActionRequest> parse_action_request(const boost::json::object& body);

// GET /warnings: status, colour, town_code (or town), page, page_size.
Result<ListFilter> parse_list_filter(
    const std::vector<std::pair<std::string, std::string>>& params);

// The API's JSON of a warning (without its XML; `xml_url` is the public document's path once
// published) and of a history entry.
boost::json::object to_json(const Warning& w);
boost::json::object to_json(const ActionRecord& a);
// The geometry of a content as GeoJSON (Polygon, MultiPolygon) or the circle object.
boost::json::value geometry_json(const Content& c);
// Parses a stored geometry (geometry_json's output) back into c. False when it is not one.
bool read_geometry(const boost::json::value& g, Content& c);

}  // namespace lakeguard::alerts
