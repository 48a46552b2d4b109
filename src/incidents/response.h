#pragma once
// Incident response rules (issue 11 item 4 remainder; docs/incidents.md): the state machine of a
// resource request (资源调度) and the incident an alarm (告警) opens. Pure.
//
//   requested --dispatch--> dispatched --arrive--> arrived
//       |                        |
//       +--cancel----------------+--cancel--> cancelled
//
// arrived and cancelled are final. An illegal step is a conflict (409, field `state`) naming the
// current state. Every state × action: tests/unit/incidents/golden/requests.txt.

#include <boost/json.hpp>
#include <optional>
#include <string>

#include "alarms/model.h"
#include "core/error.h"
#include "incidents/model.h"

namespace lakeguard::incidents {

Result<RequestState> next_request_state(RequestState from, RequestAction action);

// The response level an alarm level suggests: red → 1 (Ⅰ级) … blue → 4 (Ⅳ级).
int response_level_of(alarms::Level l);
// The incident type an alarm's metric suggests: rain, water and flooding metrics → 防汛防台, gas
// → 危化品, pressure → 城市生命线, else 监测告警.
std::string incident_type_of(std::string_view metric);
// "红色告警：RG-12 rain_mm（rainstorm）".
std::string incident_title_of(const alarms::Alarm& a);

// The body POST /incidents validates when it carries `alarm_id`: the caller's fields (without
// alarm_id) with the place taken from the alarm — its town and community, and the device's point
// when known — and title, type and response level derived from it unless given. The place is the
// alarm's: a body that sends town_code, community_code, lon or lat is refused (422 naming it).
Result<boost::json::object> incident_body_from_alarm(const boost::json::object& body,
                                                     const alarms::Alarm& a,
                                                     std::optional<double> lon,
                                                     std::optional<double> lat);

}  // namespace lakeguard::incidents
