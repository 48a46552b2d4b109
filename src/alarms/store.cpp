#include "alarms/store.h"

#include <fmt/format.h>

namespace lakeguard::alarms::store {
namespace {

db::Value text_or_null(const std::string& s) {
  return s.empty() ? db::Value(nullptr) : db::Value(s);
}
db::Value opt_int(const std::optional<int64_t>& v) {
  return v ? db::Value(*v) : db::Value(nullptr);
}

constexpr std::string_view kRuleColumns =
    "id, name, built_in, definition, created_at_ms, updated_at_ms, version";

StoredRule to_rule(const db::Row& r) {
  return StoredRule{r.i64(0), r.str(1), r.i64(2) != 0, r.str(3), r.i64(4), r.i64(5), r.i64(6)};
}

constexpr std::string_view kColumns =
    "id, device_id, device_code, metric, rule, level, status, active, first_seen_ms, "
    "last_seen_ms, occurrences, message, town_code, community_code, incident_ref, created_at_ms, "
    "updated_at_ms, version";

Alarm to_alarm(const db::Row& r) {
  Alarm a;
  a.id = r.i64(0);
  a.device_id = r.i64(1);
  a.device_code = r.str(2);
  a.metric = r.str(3);
  a.rule = r.str(4);
  a.level = parse_level(r.str(5)).value_or(Level::kBlue);
  a.status = parse_state(r.str(6)).value_or(State::kOpen);
  a.active = r.i64(7) != 0;
  a.first_seen_ms = r.i64(8);
  a.last_seen_ms = r.i64(9);
  a.count = r.i64(10);
  a.message = r.str(11);
  a.town_code = r.opt_str(12).value_or("");
  a.community_code = r.opt_str(13).value_or("");
  a.incident_ref = r.opt_str(14).value_or("");
  a.created_at_ms = r.i64(15);
  a.updated_at_ms = r.i64(16);
  a.version = r.i64(17);
  return a;
}

std::string_view sort_sql(const ListFilter& f) {
  if (f.sort_column == "first_seen")
    return f.sort_desc ? "first_seen_ms DESC, id DESC" : "first_seen_ms ASC, id ASC";
  if (f.sort_column == "level")
    return f.sort_desc ? "level_rank DESC, last_seen_ms DESC, id DESC"
                       : "level_rank ASC, last_seen_ms ASC, id ASC";
  if (f.sort_column == "id") return f.sort_desc ? "id DESC" : "id ASC";
  return f.sort_desc ? "last_seen_ms DESC, id DESC" : "last_seen_ms ASC, id ASC";
}

}  // namespace

std::vector<StoredRule> select_rules(db::Connection& c) {
  auto rows = c.query(fmt::format("SELECT {} FROM alarm_rules ORDER BY id", kRuleColumns));
  std::vector<StoredRule> out;
  for (const auto& r : rows.rows) out.push_back(to_rule(r));
  return out;
}

std::optional<StoredRule> select_rule(db::Connection& c, int64_t id) {
  auto rows = c.query(fmt::format("SELECT {} FROM alarm_rules WHERE id = ?", kRuleColumns), {id});
  if (rows.empty()) return std::nullopt;
  return to_rule(rows.rows[0]);
}

int64_t insert_rule(db::Connection& c, const std::string& name, const std::string& type,
                    bool enabled, bool built_in, const std::string& definition, int64_t now_ms) {
  auto rows = c.query(
      "INSERT INTO alarm_rules (name, type, enabled, built_in, definition, created_at_ms, "
      "updated_at_ms, version) VALUES (?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
      {name, type, int64_t{enabled ? 1 : 0}, int64_t{built_in ? 1 : 0}, definition, now_ms,
       now_ms});
  return rows.rows.at(0).i64(0);
}

bool insert_rule_if_absent(db::Connection& c, const std::string& name, const std::string& type,
                           bool built_in, const std::string& definition, int64_t now_ms) {
  return c.exec(
             "INSERT INTO alarm_rules (name, type, enabled, built_in, definition, created_at_ms, "
             "updated_at_ms, version) VALUES (?, ?, 1, ?, ?, ?, ?, 1) "
             "ON CONFLICT (name) DO NOTHING",
             {name, type, int64_t{built_in ? 1 : 0}, definition, now_ms, now_ms}) > 0;
}

int64_t update_rule(db::Connection& c, int64_t id, bool enabled, const std::string& definition,
                    int64_t now_ms, int64_t expected_version) {
  return c.exec(
      "UPDATE alarm_rules SET enabled = ?, definition = ?, updated_at_ms = ?, "
      "version = version + 1 WHERE id = ? AND version = ?",
      {int64_t{enabled ? 1 : 0}, definition, now_ms, id, expected_version});
}

std::vector<SavedState> select_states(db::Connection& c) {
  auto rows = c.query(
      "SELECT rule_id, device_id, device_code, device_kind, metric, town_code, community_code, "
      "state FROM alarm_rule_states ORDER BY rule_id, device_id");
  std::vector<SavedState> out;
  for (const auto& r : rows.rows) {
    SavedState s;
    s.rule_id = r.i64(0);
    s.device_id = r.i64(1);
    s.device_code = r.str(2);
    s.device_kind = r.str(3);
    s.metric = r.str(4);
    s.where.town_code = r.opt_str(5).value_or("");
    s.where.community_code = r.opt_str(6).value_or("");
    s.state = r.str(7);
    out.push_back(std::move(s));
  }
  return out;
}

void upsert_state(db::Connection& c, const SavedState& s, int64_t now_ms) {
  c.exec(
      "INSERT INTO alarm_rule_states (rule_id, device_id, device_code, device_kind, metric, "
      "town_code, community_code, state, updated_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
      "ON CONFLICT (rule_id, device_id) DO UPDATE SET device_code = excluded.device_code, "
      "device_kind = excluded.device_kind, metric = excluded.metric, "
      "town_code = excluded.town_code, community_code = excluded.community_code, "
      "state = excluded.state, updated_at_ms = excluded.updated_at_ms",
      {s.rule_id, s.device_id, s.device_code, s.device_kind, s.metric,
       text_or_null(s.where.town_code), text_or_null(s.where.community_code), s.state, now_ms});
}

void add_filter(const ListFilter& f, Where& w) {
  if (f.device_id) w.add("device_id = ?", {*f.device_id});
  if (f.status) w.add("status = ?", {std::string(state_name(*f.status))});
  if (f.level) w.add("level = ?", {std::string(level_name(*f.level))});
  if (!f.rule.empty()) w.add("rule = ?", {f.rule});
}

int64_t count(db::Connection& c, const Where& w) {
  return c.query(fmt::format("SELECT COUNT(*) FROM alarms WHERE {}", w.sql), w.params)
      .rows.at(0)
      .i64(0);
}

std::vector<Alarm> select(db::Connection& c, const Where& w, const ListFilter& f, int64_t limit,
                          int64_t offset) {
  std::vector<db::Value> params = w.params;
  params.emplace_back(limit);
  params.emplace_back(offset);
  auto rows = c.query(fmt::format("SELECT {} FROM alarms WHERE {} ORDER BY {} LIMIT ? OFFSET ?",
                                  kColumns, w.sql, sort_sql(f)),
                      params);
  std::vector<Alarm> out;
  out.reserve(rows.size());
  for (const auto& r : rows.rows) out.push_back(to_alarm(r));
  return out;
}

std::optional<Alarm> select_one(db::Connection& c, int64_t id, const Where& scope) {
  std::vector<db::Value> params{id};
  params.insert(params.end(), scope.params.begin(), scope.params.end());
  auto rows = c.query(fmt::format("SELECT {} FROM alarms WHERE id = ? AND {}", kColumns, scope.sql),
                      params);
  if (rows.empty()) return std::nullopt;
  return to_alarm(rows.rows[0]);
}

std::optional<Alarm> find_open(db::Connection& c, int64_t device_id, const std::string& metric,
                               const std::string& rule) {
  auto rows = c.query(fmt::format("SELECT {} FROM alarms WHERE device_id = ? AND metric = ? AND "
                                  "rule = ? AND status NOT IN ('closed', 'dismissed')",
                                  kColumns),
                      {device_id, metric, rule});
  if (rows.empty()) return std::nullopt;
  return to_alarm(rows.rows[0]);
}

int64_t insert(db::Connection& c, const Alarm& a) {
  auto rows = c.query(
      "INSERT INTO alarms (device_id, device_code, metric, rule, level, level_rank, status, "
      "active, first_seen_ms, last_seen_ms, occurrences, message, town_code, community_code, "
      "incident_ref, created_at_ms, updated_at_ms, version) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id",
      {a.device_id, a.device_code, a.metric, a.rule, std::string(level_name(a.level)),
       static_cast<int64_t>(a.level), std::string(state_name(a.status)), int64_t{a.active ? 1 : 0},
       a.first_seen_ms, a.last_seen_ms, a.count, a.message, text_or_null(a.town_code),
       text_or_null(a.community_code), text_or_null(a.incident_ref), a.created_at_ms,
       a.updated_at_ms});
  return rows.rows.at(0).i64(0);
}

int64_t update(db::Connection& c, const Alarm& a, int64_t expected_version) {
  return c.exec(
      "UPDATE alarms SET level = ?, level_rank = ?, status = ?, active = ?, last_seen_ms = ?, "
      "occurrences = ?, message = ?, incident_ref = ?, updated_at_ms = ?, version = version + 1 "
      "WHERE id = ? AND version = ?",
      {std::string(level_name(a.level)), static_cast<int64_t>(a.level),
       std::string(state_name(a.status)), int64_t{a.active ? 1 : 0}, a.last_seen_ms, a.count,
       a.message, text_or_null(a.incident_ref), a.updated_at_ms, a.id, expected_version});
}

int64_t insert_action(db::Connection& c, const ActionRecord& a) {
  auto rows = c.query(
      "INSERT INTO alarm_actions (alarm_id, action, from_status, to_status, from_level, "
      "to_level, actor_id, actor, at_ms, note, request_id) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {a.alarm_id, a.action, text_or_null(a.from_status), a.to_status, text_or_null(a.from_level),
       a.to_level, opt_int(a.actor_id), a.actor, a.at_ms, text_or_null(a.note),
       text_or_null(a.request_id)});
  return rows.rows.at(0).i64(0);
}

std::vector<ActionRecord> actions_of(db::Connection& c, int64_t alarm_id) {
  auto rows = c.query(
      "SELECT id, alarm_id, action, from_status, to_status, from_level, to_level, actor_id, "
      "actor, at_ms, note, request_id FROM alarm_actions WHERE alarm_id = ? ORDER BY id",
      {alarm_id});
  std::vector<ActionRecord> out;
  for (const auto& r : rows.rows) {
    ActionRecord a;
    a.id = r.i64(0);
    a.alarm_id = r.i64(1);
    a.action = r.str(2);
    a.from_status = r.opt_str(3).value_or("");
    a.to_status = r.str(4);
    a.from_level = r.opt_str(5).value_or("");
    a.to_level = r.str(6);
    a.actor_id = r.opt_i64(7);
    a.actor = r.str(8);
    a.at_ms = r.i64(9);
    a.note = r.opt_str(10).value_or("");
    a.request_id = r.opt_str(11).value_or("");
    out.push_back(std::move(a));
  }
  return out;
}

}  // namespace lakeguard::alarms::store
