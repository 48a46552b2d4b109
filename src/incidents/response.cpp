#include "incidents/response.h"

#include <fmt/format.h>

namespace lakeguard::incidents {

namespace json = boost::json;

Result<RequestState> next_request_state(RequestState from, RequestAction action) {
  std::optional<RequestState> to;
  switch (action) {
    case RequestAction::kDispatch:
      if (from == RequestState::kRequested) to = RequestState::kDispatched;
      break;
    case RequestAction::kArrive:
      if (from == RequestState::kDispatched) to = RequestState::kArrived;
      break;
    case RequestAction::kCancel:
      if (from == RequestState::kRequested || from == RequestState::kDispatched)
        to = RequestState::kCancelled;
      break;
  }
  if (!to)
    return Error::conflict(fmt::format("'{}' is not possible while the request is {}.",
                                       request_action_name(action), request_state_name(from)),
                           "state");
  return *to;
}

int response_level_of(alarms::Level l) {
  switch (l) {
    case alarms::Level::kRed:
      return 1;
    case alarms::Level::kOrange:
      return 2;
    case alarms::Level::kYellow:
      return 3;
    default:
      return 4;
  }
}

std::string incident_type_of(std::string_view metric) {
  // By the words of the metric (rain_mm, water_level_m, gas_ppm …): "bridge_strain" is no rain.
  auto has = [&](std::string_view w) {
    size_t at = 0;
    while (at <= metric.size()) {
      size_t end = metric.find('_', at);
      std::string_view word =
          metric.substr(at, end == std::string_view::npos ? metric.npos : end - at);
      if (word.substr(0, w.size()) == w) return true;
      if (end == std::string_view::npos) break;
      at = end + 1;
    }
    return false;
  };
  if (has("rain") || has("water") || has("flood")) return "防汛防台";
  if (has("gas")) return "危化品";
  if (has("pressure")) return "城市生命线";
  return "监测告警";
}

std::string incident_title_of(const alarms::Alarm& a) {
  std::string_view colour = "蓝色";
  switch (a.level) {
    case alarms::Level::kRed:
      colour = "红色";
      break;
    case alarms::Level::kOrange:
      colour = "橙色";
      break;
    case alarms::Level::kYellow:
      colour = "黄色";
      break;
    default:
      break;
  }
  return fmt::format("{}告警：{} {}（{}）", colour, a.device_code, a.metric, a.rule);
}

Result<json::object> incident_body_from_alarm(const json::object& body, const alarms::Alarm& a,
                                              std::optional<double> lon,
                                              std::optional<double> lat) {
  json::object out;
  for (const auto& kv : body) {
    std::string_view k = kv.key();
    if (k == "alarm_id") continue;
    if (k == "town_code" || k == "community_code" || k == "lon" || k == "lat")
      return Error::validation(std::string(k),
                               fmt::format("'{}' is taken from the alarm; do not send it.", k));
    out[k] = kv.value();
  }
  if (!out.contains("title")) out["title"] = incident_title_of(a);
  if (!out.contains("type")) out["type"] = incident_type_of(a.metric);
  if (!out.contains("response_level")) out["response_level"] = response_level_of(a.level);
  out["town_code"] = a.town_code;
  if (!a.community_code.empty()) out["community_code"] = a.community_code;
  if (lon && lat) {
    out["lon"] = *lon;
    out["lat"] = *lat;
  }
  return out;
}

}  // namespace lakeguard::incidents
