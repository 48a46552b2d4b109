#include "incidents/store.h"

#include <fmt/format.h>
#include <boost/json.hpp>

namespace lakeguard::incidents::store {
namespace {

namespace json = boost::json;

constexpr std::string_view kIncidentColumns =
    "id, title, type, town_code, community_code, lon, lat, location, deaths, serious_injuries, "
    "direct_loss_yuan, accident_grade, response_level, status, opened_by_id, opened_by, "
    "opened_at_ms, closed_at_ms, version, alarm_id";
constexpr std::string_view kTaskColumns =
    "id, incident_id, activation_id, town_code, community_code, title, role, unit, assignee_id, "
    "checklist, deadline_ms, state, feedback_text, feedback_lon, feedback_lat, feedback_photo, "
    "reject_reason, escalations, updated_at_ms, version";

db::Value text_or_null(const std::string& s) {
  return s.empty() ? db::Value(nullptr) : db::Value(s);
}
db::Value opt_int(const std::optional<int64_t>& v) {
  return v ? db::Value(*v) : db::Value(nullptr);
}
db::Value opt_num(const std::optional<double>& v) { return v ? db::Value(*v) : db::Value(nullptr); }
std::optional<double> opt_f64(const db::Row& r, size_t i) {
  return r.is_null(i) ? std::nullopt : std::optional<double>(r.f64(i));
}

Incident to_incident(const db::Row& r) {
  Incident i;
  i.id = r.i64(0);
  i.title = r.str(1);
  i.type = r.str(2);
  i.town_code = r.str(3);
  i.community_code = r.opt_str(4).value_or("");
  i.lon = opt_f64(r, 5);
  i.lat = opt_f64(r, 6);
  i.location = r.opt_str(7).value_or("");
  i.deaths = r.i64(8);
  i.serious_injuries = r.i64(9);
  i.direct_loss_yuan = r.f64(10);
  i.accident_grade = r.str(11);
  i.response_level = static_cast<int>(r.i64(12));
  i.status = parse_status(r.str(13)).value_or(IncidentStatus::kOpen);
  i.opened_by_id = r.opt_i64(14);
  i.opened_by = r.str(15);
  i.opened_at_ms = r.i64(16);
  i.closed_at_ms = r.opt_i64(17);
  i.version = r.i64(18);
  i.alarm_id = r.opt_i64(19);
  return i;
}

std::string checklist_json(const std::vector<std::string>& items) {
  json::array a;
  for (const auto& s : items) a.emplace_back(s);
  return json::serialize(a);
}
std::vector<std::string> checklist_of(const std::string& text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  json::value v = json::parse(text, ec);
  if (!ec && v.is_array())
    for (const auto& s : v.as_array())
      if (s.is_string()) out.emplace_back(s.as_string());
  return out;
}

Task to_task(const db::Row& r) {
  Task t;
  t.id = r.i64(0);
  t.incident_id = r.i64(1);
  t.activation_id = r.i64(2);
  t.town_code = r.str(3);
  t.community_code = r.opt_str(4).value_or("");
  t.title = r.str(5);
  t.role = r.opt_str(6).value_or("");
  t.unit = r.opt_str(7).value_or("");
  t.assignee_id = r.opt_i64(8);
  t.checklist = checklist_of(r.str(9));
  t.deadline_ms = r.i64(10);
  t.state = parse_task_state(r.str(11)).value_or(TaskState::kIssued);
  t.feedback_text = r.opt_str(12).value_or("");
  t.feedback_lon = opt_f64(r, 13);
  t.feedback_lat = opt_f64(r, 14);
  t.feedback_photo = r.opt_str(15).value_or("");
  t.reject_reason = r.opt_str(16).value_or("");
  t.escalations = r.i64(17);
  t.updated_at_ms = r.i64(18);
  t.version = r.i64(19);
  return t;
}

Activation to_activation(const db::Row& r) {
  return Activation{.id = r.i64(0),
                    .incident_id = r.i64(1),
                    .plan_id = r.i64(2),
                    .plan_edition = r.i64(3),
                    .plan_title = r.str(4),
                    .response_level = static_cast<int>(r.i64(5)),
                    .activated_by_id = r.opt_i64(6),
                    .activated_by = r.str(7),
                    .activated_at_ms = r.i64(8)};
}
constexpr std::string_view kActivationColumns =
    "id, incident_id, plan_id, plan_edition, plan_title, response_level, activated_by_id, "
    "activated_by, activated_at_ms";

}  // namespace

int64_t insert_incident(db::Connection& c, const Incident& i) {
  auto rows = c.query(
      "INSERT INTO incidents (title, type, town_code, community_code, lon, lat, location, deaths, "
      "serious_injuries, direct_loss_yuan, accident_grade, response_level, status, opened_by_id, "
      "opened_by, opened_at_ms, closed_at_ms, alarm_id, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
      "?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
      {i.title, i.type, i.town_code, text_or_null(i.community_code), opt_num(i.lon), opt_num(i.lat),
       text_or_null(i.location), i.deaths, i.serious_injuries, i.direct_loss_yuan, i.accident_grade,
       int64_t{i.response_level}, std::string(status_name(i.status)), opt_int(i.opened_by_id),
       i.opened_by, i.opened_at_ms, opt_int(i.closed_at_ms), opt_int(i.alarm_id)});
  return rows.rows.at(0).i64(0);
}

std::optional<Incident> select_incident(db::Connection& c, int64_t id, const Where& scope) {
  std::vector<db::Value> ps{id};
  ps.insert(ps.end(), scope.params.begin(), scope.params.end());
  auto rows = c.query(
      fmt::format("SELECT {} FROM incidents WHERE id = ? AND {}", kIncidentColumns, scope.sql), ps);
  if (rows.empty()) return std::nullopt;
  return to_incident(rows.rows[0]);
}

int64_t count_incidents(db::Connection& c, const Where& w) {
  return c.query(fmt::format("SELECT COUNT(*) FROM incidents WHERE {}", w.sql), w.params)
      .rows.at(0)
      .i64(0);
}

std::vector<Incident> select_incidents(db::Connection& c, const Where& w, int64_t limit,
                                       int64_t offset) {
  std::vector<db::Value> ps = w.params;
  ps.emplace_back(limit);
  ps.emplace_back(offset);
  auto rows = c.query(fmt::format("SELECT {} FROM incidents WHERE {} ORDER BY id DESC LIMIT ? "
                                  "OFFSET ?",
                                  kIncidentColumns, w.sql),
                      ps);
  std::vector<Incident> out;
  for (const auto& r : rows.rows) out.push_back(to_incident(r));
  return out;
}

int64_t update_incident(db::Connection& c, const Incident& i, int64_t expected_version) {
  return c.exec(
      "UPDATE incidents SET response_level = ?, status = ?, closed_at_ms = ?, version = version + "
      "1 WHERE id = ? AND version = ?",
      {int64_t{i.response_level}, std::string(status_name(i.status)), opt_int(i.closed_at_ms), i.id,
       expected_version});
}

int64_t insert_event(db::Connection& c, const TimelineEvent& e) {
  auto rows = c.query(
      "INSERT INTO incident_events (incident_id, at_ms, kind, actor, text, payload) VALUES (?, ?, "
      "?, ?, ?, ?) RETURNING id",
      {e.incident_id, e.at_ms, e.kind, e.actor, e.text, e.payload});
  return rows.rows.at(0).i64(0);
}

std::vector<TimelineEvent> events_of(db::Connection& c, int64_t incident_id) {
  auto rows = c.query(
      "SELECT id, incident_id, at_ms, kind, actor, text, payload FROM incident_events WHERE "
      "incident_id = ? ORDER BY id",
      {incident_id});
  std::vector<TimelineEvent> out;
  for (const auto& r : rows.rows)
    out.push_back(
        TimelineEvent{r.i64(0), r.i64(1), r.i64(2), r.str(3), r.str(4), r.str(5), r.str(6)});
  return out;
}

int64_t insert_activation(db::Connection& c, const Activation& a) {
  auto rows = c.query(
      "INSERT INTO incident_activations (incident_id, plan_id, plan_edition, plan_title, "
      "response_level, activated_by_id, activated_by, activated_at_ms) VALUES (?, ?, ?, ?, ?, ?, "
      "?, ?) RETURNING id",
      {a.incident_id, a.plan_id, a.plan_edition, a.plan_title, int64_t{a.response_level},
       opt_int(a.activated_by_id), a.activated_by, a.activated_at_ms});
  return rows.rows.at(0).i64(0);
}

std::vector<Activation> activations_of(db::Connection& c, int64_t incident_id) {
  auto rows = c.query(fmt::format("SELECT {} FROM incident_activations WHERE incident_id = ? "
                                  "ORDER BY id",
                                  kActivationColumns),
                      {incident_id});
  std::vector<Activation> out;
  for (const auto& r : rows.rows) out.push_back(to_activation(r));
  return out;
}

std::optional<Activation> select_activation(db::Connection& c, int64_t incident_id, int64_t id) {
  auto rows = c.query(fmt::format("SELECT {} FROM incident_activations WHERE incident_id = ? AND "
                                  "id = ?",
                                  kActivationColumns),
                      {incident_id, id});
  if (rows.empty()) return std::nullopt;
  return to_activation(rows.rows[0]);
}

void insert_tasks(db::Connection& c, std::vector<Task>& tasks) {
  for (auto& t : tasks) {
    auto rows = c.query(
        "INSERT INTO incident_tasks (incident_id, activation_id, town_code, community_code, "
        "title, role, unit, assignee_id, checklist, deadline_ms, state, escalations, "
        "updated_at_ms, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, 1) RETURNING id",
        {t.incident_id, t.activation_id, t.town_code, text_or_null(t.community_code), t.title,
         text_or_null(t.role), text_or_null(t.unit), opt_int(t.assignee_id),
         checklist_json(t.checklist), t.deadline_ms, std::string(task_state_name(t.state)),
         t.updated_at_ms});
    t.id = rows.rows.at(0).i64(0);
  }
}

std::vector<Task> tasks_of(db::Connection& c, int64_t incident_id) {
  auto rows = c.query(
      fmt::format("SELECT {} FROM incident_tasks WHERE incident_id = ? ORDER BY id", kTaskColumns),
      {incident_id});
  std::vector<Task> out;
  for (const auto& r : rows.rows) out.push_back(to_task(r));
  return out;
}

std::optional<Task> select_task(db::Connection& c, int64_t id, const Where& scope,
                                int64_t user_id) {
  std::vector<db::Value> ps{id};
  ps.insert(ps.end(), scope.params.begin(), scope.params.end());
  ps.emplace_back(user_id);
  auto rows = c.query(fmt::format("SELECT {} FROM incident_tasks WHERE id = ? AND (({}) OR "
                                  "assignee_id = ?)",
                                  kTaskColumns, scope.sql),
                      ps);
  if (rows.empty()) return std::nullopt;
  return to_task(rows.rows[0]);
}

std::vector<Task> tasks_assigned(db::Connection& c, int64_t user_id, int64_t limit) {
  auto rows = c.query(
      fmt::format("SELECT {} FROM incident_tasks WHERE assignee_id = ? ORDER BY CASE WHEN state "
                  "IN ('done', 'rejected') THEN 1 ELSE 0 END, deadline_ms, id LIMIT ?",
                  kTaskColumns),
      {user_id, limit});
  std::vector<Task> out;
  for (const auto& r : rows.rows) out.push_back(to_task(r));
  return out;
}

int64_t update_task(db::Connection& c, const Task& t, int64_t expected_version) {
  return c.exec(
      "UPDATE incident_tasks SET state = ?, feedback_text = ?, feedback_lon = ?, feedback_lat = "
      "?, feedback_photo = ?, reject_reason = ?, updated_at_ms = ?, version = version + 1 WHERE "
      "id = ? AND version = ?",
      {std::string(task_state_name(t.state)), text_or_null(t.feedback_text),
       opt_num(t.feedback_lon), opt_num(t.feedback_lat), text_or_null(t.feedback_photo),
       text_or_null(t.reject_reason), t.updated_at_ms, t.id, expected_version});
}

std::vector<EscalationInput> open_tasks(db::Connection& c) {
  std::vector<EscalationInput> out;
  c.query_each(
      "SELECT t.id, t.state, t.deadline_ms, t.unit, a.activated_by FROM incident_tasks t JOIN "
      "incident_activations a ON a.id = t.activation_id WHERE t.state IN ('issued', 'read', "
      "'accepted', 'feedback') ORDER BY t.id",
      {}, [&](const db::RowView& r) {
        EscalationInput in;
        in.task_id = r.i64(0);
        in.state = parse_task_state(r.text(1)).value_or(TaskState::kIssued);
        in.deadline_ms = r.i64(2);
        in.unit = r.is_null(3) ? std::string() : std::string(r.text(3));
        in.commander = std::string(r.text(4));
        out.push_back(std::move(in));
      });
  return out;
}

EscalationKeys recorded_escalations(db::Connection& c) {
  EscalationKeys out;
  c.query_each(
      "SELECT e.task_id, e.stage FROM incident_escalations e JOIN incident_tasks t ON t.id = "
      "e.task_id WHERE t.state IN ('issued', 'read', 'accepted', 'feedback')",
      {}, [&](const db::RowView& r) {
        out.insert(escalation_key(r.i64(0), static_cast<int>(r.i64(1))));
      });
  return out;
}

std::optional<int64_t> insert_escalation(db::Connection& c, const Escalation& e,
                                         int64_t recorded_at_ms) {
  auto rows = c.query(
      "INSERT INTO incident_escalations (task_id, stage, kind, to_whom, due_at_ms, "
      "recorded_at_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (task_id, stage) DO NOTHING "
      "RETURNING id",
      {e.task_id, int64_t{e.stage}, e.kind, e.to_whom, e.due_at_ms, recorded_at_ms});
  if (rows.empty()) return std::nullopt;
  c.exec("UPDATE incident_tasks SET escalations = escalations + 1 WHERE id = ?", {e.task_id});
  return rows.rows[0].i64(0);
}

std::vector<StoredEscalation> escalations_of_task(db::Connection& c, int64_t task_id) {
  auto rows = c.query(
      "SELECT id, task_id, stage, kind, to_whom, due_at_ms, recorded_at_ms FROM "
      "incident_escalations WHERE task_id = ? ORDER BY stage",
      {task_id});
  std::vector<StoredEscalation> out;
  for (const auto& r : rows.rows)
    out.push_back(StoredEscalation{
        r.i64(0), Escalation{r.i64(1), static_cast<int>(r.i64(2)), r.str(3), r.str(4), r.i64(5)},
        r.i64(6)});
  return out;
}

std::optional<TaskPlace> task_place(db::Connection& c, int64_t task_id) {
  auto rows = c.query(
      "SELECT t.incident_id, t.title, t.town_code, t.community_code, a.activated_by_id FROM "
      "incident_tasks t JOIN incident_activations a ON a.id = t.activation_id WHERE t.id = ?",
      {task_id});
  if (rows.empty()) return std::nullopt;
  const auto& r = rows.rows[0];
  return TaskPlace{r.i64(0), r.str(1), r.str(2), r.opt_str(3).value_or(""), r.opt_i64(4)};
}

void set_escalation_delivery(db::Connection& c, int64_t id, std::optional<int64_t> user_id,
                             const std::string& delivery, const std::string& error) {
  c.exec(
      "UPDATE incident_escalations SET notified_user_id = ?, delivery = ?, delivery_error = ? "
      "WHERE id = ?",
      {user_id ? db::Value(*user_id) : db::Value(nullptr), delivery,
       error.empty() ? db::Value(nullptr) : db::Value(error), id});
}

std::optional<EscalationDelivery> escalation_delivery(db::Connection& c, int64_t task_id,
                                                      int stage) {
  auto rows = c.query(
      "SELECT notified_user_id, delivery, delivery_error FROM incident_escalations WHERE "
      "task_id = ? AND stage = ?",
      {task_id, static_cast<int64_t>(stage)});
  if (rows.empty()) return std::nullopt;
  const auto& r = rows.rows[0];
  return EscalationDelivery{r.opt_i64(0), r.str(1), r.opt_str(2).value_or("")};
}

std::optional<int64_t> insert_receipt(db::Connection& c, int64_t activation_id, int64_t user_id,
                                      const std::string& channel) {
  auto rows = c.query(
      "INSERT INTO incident_receipts (activation_id, user_id, channel, status) VALUES (?, ?, ?, "
      "'pending') ON CONFLICT (activation_id, user_id, channel) DO NOTHING RETURNING id",
      {activation_id, user_id, channel});
  if (rows.empty()) return std::nullopt;
  return rows.rows[0].i64(0);
}

void mark_receipt(db::Connection& c, int64_t id, const std::string& status,
                  const std::string& error, int64_t now_ms) {
  c.exec("UPDATE incident_receipts SET status = ?, error = ?, sent_at_ms = ? WHERE id = ?",
         {status, text_or_null(error), now_ms, id});
}

int64_t mark_read(db::Connection& c, int64_t activation_id, int64_t user_id, int64_t now_ms) {
  return c.exec(
      "UPDATE incident_receipts SET status = 'read', read_at_ms = ? WHERE activation_id = ? AND "
      "user_id = ? AND status IN ('pending', 'sent', 'delivered')",
      {now_ms, activation_id, user_id});
}

std::vector<Receipt> receipts_of(db::Connection& c, int64_t incident_id) {
  auto rows = c.query(
      "SELECT r.id, r.activation_id, r.user_id, r.channel, r.status, r.error, r.sent_at_ms, "
      "r.read_at_ms FROM incident_receipts r JOIN incident_activations a ON a.id = "
      "r.activation_id WHERE a.incident_id = ? ORDER BY r.id",
      {incident_id});
  std::vector<Receipt> out;
  for (const auto& r : rows.rows)
    out.push_back(Receipt{r.i64(0), r.i64(1), r.i64(2), r.str(3), r.str(4),
                          r.opt_str(5).value_or(""), r.opt_i64(6), r.opt_i64(7)});
  return out;
}

namespace {

constexpr std::string_view kRequestColumns =
    "id, incident_id, kind, team_id, warehouse_id, stock_id, label, quantity, unit, note, state, "
    "requested_by, requested_at_ms, updated_at_ms, version";

ResourceRequest to_request(const db::Row& r) {
  ResourceRequest q;
  q.id = r.i64(0);
  q.incident_id = r.i64(1);
  q.kind = parse_request_kind(r.str(2)).value_or(RequestKind::kTeam);
  q.team_id = r.opt_i64(3);
  q.warehouse_id = r.opt_i64(4);
  q.stock_id = r.opt_i64(5);
  q.label = r.str(6);
  q.quantity = opt_f64(r, 7);
  q.unit = r.opt_str(8).value_or("");
  q.note = r.opt_str(9).value_or("");
  q.state = parse_request_state(r.str(10)).value_or(RequestState::kRequested);
  q.requested_by = r.str(11);
  q.requested_at_ms = r.i64(12);
  q.updated_at_ms = r.i64(13);
  q.version = r.i64(14);
  return q;
}

}  // namespace

int64_t insert_request(db::Connection& c, const ResourceRequest& q) {
  auto rows = c.query(
      "INSERT INTO incident_requests (incident_id, kind, team_id, warehouse_id, stock_id, label, "
      "quantity, unit, note, state, requested_by, requested_at_ms, updated_at_ms, version) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
      {q.incident_id, std::string(request_kind_name(q.kind)), opt_int(q.team_id),
       opt_int(q.warehouse_id), opt_int(q.stock_id), q.label, opt_num(q.quantity),
       text_or_null(q.unit), text_or_null(q.note), std::string(request_state_name(q.state)),
       q.requested_by, q.requested_at_ms, q.updated_at_ms});
  return rows.rows.at(0).i64(0);
}

std::vector<ResourceRequest> requests_of(db::Connection& c, int64_t incident_id) {
  auto rows = c.query(fmt::format("SELECT {} FROM incident_requests WHERE incident_id = ? ORDER "
                                  "BY id",
                                  kRequestColumns),
                      {incident_id});
  std::vector<ResourceRequest> out;
  for (const auto& r : rows.rows) out.push_back(to_request(r));
  return out;
}

std::optional<ResourceRequest> select_request(db::Connection& c, int64_t id) {
  auto rows =
      c.query(fmt::format("SELECT {} FROM incident_requests WHERE id = ?", kRequestColumns), {id});
  if (rows.empty()) return std::nullopt;
  return to_request(rows.rows[0]);
}

int64_t update_request(db::Connection& c, const ResourceRequest& q, int64_t expected_version) {
  return c.exec(
      "UPDATE incident_requests SET state = ?, updated_at_ms = ?, version = version + 1 WHERE id "
      "= ? AND version = ?",
      {std::string(request_state_name(q.state)), q.updated_at_ms, q.id, expected_version});
}

void insert_review(db::Connection& c, Review& r) {
  auto rows = c.query(
      "INSERT INTO incident_reviews (incident_id, summary, reviewed_by, reviewed_at_ms) VALUES "
      "(?, ?, ?, ?) RETURNING id",
      {r.incident_id, r.summary, r.reviewed_by, r.reviewed_at_ms});
  r.id = rows.rows.at(0).i64(0);
  for (auto& f : r.findings) {
    auto fr = c.query(
        "INSERT INTO incident_review_findings (review_id, seq, text, enterprise_id, class, "
        "hazard_id, hazard_error) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        {r.id, int64_t{f.seq}, f.text, opt_int(f.enterprise_id), f.hazard_class,
         opt_int(f.hazard_id), text_or_null(f.hazard_error)});
    f.id = fr.rows.at(0).i64(0);
  }
}

std::optional<Review> review_of(db::Connection& c, int64_t incident_id) {
  auto rows = c.query(
      "SELECT id, incident_id, summary, reviewed_by, reviewed_at_ms FROM incident_reviews WHERE "
      "incident_id = ?",
      {incident_id});
  if (rows.empty()) return std::nullopt;
  const auto& h = rows.rows[0];
  Review r{.id = h.i64(0),
           .incident_id = h.i64(1),
           .summary = h.str(2),
           .reviewed_by = h.str(3),
           .reviewed_at_ms = h.i64(4),
           .findings = {}};
  auto fs = c.query(
      "SELECT id, seq, text, enterprise_id, class, hazard_id, hazard_error FROM "
      "incident_review_findings WHERE review_id = ? ORDER BY seq",
      {r.id});
  for (const auto& f : fs.rows)
    r.findings.push_back(Finding{.id = f.i64(0),
                                 .seq = static_cast<int>(f.i64(1)),
                                 .text = f.str(2),
                                 .enterprise_id = f.opt_i64(3),
                                 .hazard_class = f.str(4),
                                 .hazard_id = f.opt_i64(5),
                                 .hazard_error = f.opt_str(6).value_or("")});
  return r;
}

void set_finding_hazard(db::Connection& c, int64_t finding_id, std::optional<int64_t> hazard_id,
                        const std::string& error) {
  c.exec("UPDATE incident_review_findings SET hazard_id = ?, hazard_error = ? WHERE id = ?",
         {opt_int(hazard_id), text_or_null(error), finding_id});
}

}  // namespace lakeguard::incidents::store
