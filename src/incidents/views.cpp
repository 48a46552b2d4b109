#include "incidents/views.h"

#include "core/clock.h"

namespace lakeguard::incidents {
namespace {

namespace json = boost::json;

json::value opt(const std::optional<double>& v) { return v ? json::value(*v) : json::value(); }
json::value opt(const std::optional<int64_t>& v) { return v ? json::value(*v) : json::value(); }
json::value opt_time(const std::optional<int64_t>& v) {
  return v ? json::value(iso_utc(*v)) : json::value();
}
json::value opt_text(const std::string& s) { return s.empty() ? json::value() : json::value(s); }

}  // namespace

json::object to_json(const Incident& i) {
  return json::object{{"id", i.id},
                      {"title", i.title},
                      {"type", i.type},
                      {"town_code", i.town_code},
                      {"community_code", opt_text(i.community_code)},
                      {"lon", opt(i.lon)},
                      {"lat", opt(i.lat)},
                      {"location", opt_text(i.location)},
                      {"deaths", i.deaths},
                      {"serious_injuries", i.serious_injuries},
                      {"direct_loss_yuan", i.direct_loss_yuan},
                      {"accident_grade", i.accident_grade},
                      {"response_level", i.response_level},
                      {"response_level_name", response_level_name(i.response_level)},
                      {"status", status_name(i.status)},
                      {"opened_by", i.opened_by},
                      {"opened_at", iso_utc(i.opened_at_ms)},
                      {"closed_at", opt_time(i.closed_at_ms)},
                      {"alarm_id", opt(i.alarm_id)},
                      {"version", i.version}};
}

json::object to_json(const ResourceRequest& q) {
  return json::object{{"id", q.id},
                      {"incident_id", q.incident_id},
                      {"kind", request_kind_name(q.kind)},
                      {"team_id", opt(q.team_id)},
                      {"warehouse_id", opt(q.warehouse_id)},
                      {"stock_id", opt(q.stock_id)},
                      {"label", q.label},
                      {"quantity", opt(q.quantity)},
                      {"unit", opt_text(q.unit)},
                      {"note", opt_text(q.note)},
                      {"state", request_state_name(q.state)},
                      {"requested_by", q.requested_by},
                      {"requested_at", iso_utc(q.requested_at_ms)},
                      {"updated_at", iso_utc(q.updated_at_ms)},
                      {"version", q.version}};
}

json::object to_json(const Finding& f) {
  return json::object{{"id", f.id},
                      {"seq", f.seq},
                      {"text", f.text},
                      {"enterprise_id", opt(f.enterprise_id)},
                      {"class", f.hazard_class},
                      {"hazard_id", opt(f.hazard_id)},
                      {"hazard_error", opt_text(f.hazard_error)}};
}

json::object to_json(const Review& r) {
  json::array findings;
  for (const auto& f : r.findings) findings.push_back(to_json(f));
  return json::object{{"id", r.id},
                      {"incident_id", r.incident_id},
                      {"summary", r.summary},
                      {"reviewed_by", r.reviewed_by},
                      {"reviewed_at", iso_utc(r.reviewed_at_ms)},
                      {"findings", std::move(findings)}};
}

json::object to_json(const Task& t) {
  json::array checklist;
  for (const auto& s : t.checklist) checklist.emplace_back(s);
  return json::object{{"id", t.id},
                      {"incident_id", t.incident_id},
                      {"activation_id", t.activation_id},
                      {"title", t.title},
                      {"role", opt_text(t.role)},
                      {"unit", opt_text(t.unit)},
                      {"assignee_id", opt(t.assignee_id)},
                      {"checklist", std::move(checklist)},
                      {"deadline", iso_utc(t.deadline_ms)},
                      {"state", task_state_name(t.state)},
                      {"feedback_text", opt_text(t.feedback_text)},
                      {"feedback_lon", opt(t.feedback_lon)},
                      {"feedback_lat", opt(t.feedback_lat)},
                      {"feedback_photo", opt_text(t.feedback_photo)},
                      {"reject_reason", opt_text(t.reject_reason)},
                      {"escalations", t.escalations},
                      {"updated_at", iso_utc(t.updated_at_ms)},
                      {"version", t.version}};
}

json::object to_json(const TimelineEvent& e) {
  boost::system::error_code ec;
  json::value payload = json::parse(e.payload, ec);
  if (ec) payload = json::object{};
  return json::object{{"id", e.id},       {"at", iso_utc(e.at_ms)}, {"kind", e.kind},
                      {"actor", e.actor}, {"text", e.text},         {"payload", payload}};
}

json::object to_json(const Activation& a) {
  return json::object{{"id", a.id},
                      {"incident_id", a.incident_id},
                      {"plan_id", a.plan_id},
                      {"plan_edition", a.plan_edition},
                      {"plan_title", a.plan_title},
                      {"response_level", a.response_level},
                      {"activated_by", a.activated_by},
                      {"activated_at", iso_utc(a.activated_at_ms)}};
}

json::object to_json(const Receipt& r) {
  return json::object{{"id", r.id},
                      {"activation_id", r.activation_id},
                      {"user_id", r.user_id},
                      {"channel", r.channel},
                      {"status", r.status},
                      {"error", opt_text(r.error)},
                      {"sent_at", opt_time(r.sent_at_ms)},
                      {"read_at", opt_time(r.read_at_ms)}};
}

json::object to_json(const Escalation& e) {
  return json::object{{"task_id", e.task_id},
                      {"stage", e.stage},
                      {"kind", e.kind},
                      {"to", e.to_whom},
                      {"due_at", iso_utc(e.due_at_ms)}};
}

}  // namespace lakeguard::incidents
